"""What an email says: each sentence once, the next step once, in the emails of a journey."""

import re

import pytest
from django.core import mail

from demandes.models import Demande, MotifComplement
from guichet.territoire.models import Operateur

pytestmark = pytest.mark.django_db


def phrases(texte):
    return [p.strip() for p in re.split(r"(?<=[.!?»])\s+|\n", texte) if p.strip()]


def test_aucun_courriel_du_parcours_ne_dit_deux_fois_la_meme_phrase(
    client, connecter, comptes, en_instruction_delle, django_capture_on_commit_callbacks
):
    demande = en_instruction_delle
    mail.outbox.clear()
    connecter("agent@ddt.demo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/demandes/{demande.pk}/demander-complement/",
            {
                "version": demande.version,
                "question_1": "Joindre le devis.",
                "motif_1": MotifComplement.INCOMPLET,
            },
        )
    client.post("/comptes/deconnexion/")
    demande.refresh_from_db()
    connecter("maire@delle.demo")
    point = demande.complements.get().points.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/demandes/{demande.pk}/completer/",
            {f"point_{point.pk}": "Devis joint.", "version": demande.version},
        )
    client.post("/comptes/deconnexion/")
    demande = Demande.objects.get(pk=demande.pk)
    connecter("agent@ddt.demo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/demandes/{demande.pk}/orienter/",
            {
                "version": demande.version,
                "operateurs": [Operateur.objects.get(slug="cerema").pk],
                "message": "Étude hydraulique à cadrer.",
            },
        )

    evenements = {
        courriel.extra_headers["X-Guichet-Notification"].split(":")[0] for courriel in mail.outbox
    }
    assert {"a_completer", "complement_repondu", "orientee", "orientee_collectivite"} <= evenements
    for courriel in mail.outbox:
        vues = phrases(courriel.body)
        repetees = {p for p in vues if vues.count(p) > 1}
        assert not repetees, (courriel.subject, repetees)
        assert courriel.body.count("Acceptez-la ou déclinez-la") <= 1
        assert courriel.body.count("Répondez aux points demandés") <= 1
    operateur = next(m for m in mail.outbox if m.to == ["contact@cerema.demo"])
    assert operateur.body.count("Acceptez-la ou déclinez-la depuis votre espace opérateur.") == 1

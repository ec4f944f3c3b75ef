"""The « Décision du comité » section of a demande's page, and the decision in its history: the
comité's, not the agent's who typed it."""

import re

import pytest
from django.utils import formats, timezone

from comite import services
from comite.models import PointOrdreDuJour

pytestmark = pytest.mark.django_db

MOTIF = "Le comité demande une étude hydraulique avant travaux."


def _section(page):
    debut = page.index('id="decision-du-comite"')
    return page[debut : page.index("</section>", debut)]


def _historique(page):
    debut = page.index('id="historique"')
    return page[debut : page.index("</section>", debut)]


def _page(client, demande):
    reponse = client.get(f"/demandes/{demande.pk}/")
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_la_collectivite_voit_la_seance_qui_examinera_sa_demande(
    client, connecter, seance, seance_publiee, orientee
):
    connecter("maire@delle.demo")
    section = _section(_page(client, orientee))
    assert "Décision du comité" in section
    assert f'href="/comite/seances/{seance.pk}/"' in section
    assert "mercredi 12 mars 2031 à 14:30, Préfecture, salle Bartholdi" in section
    assert "vous serez prévenu de sa décision" in section


def test_avant_la_publication_seul_l_etat_voit_l_inscription(
    client, connecter, comptes, seance, orientee
):
    services.inscrire_demande(
        seance=seance, par=comptes["prefet@prefecture.demo"], version=None, demande=orientee
    )
    connecter("maire@delle.demo")
    assert 'id="decision-du-comite"' not in _page(client, orientee)
    client.post("/comptes/deconnexion/")
    connecter("agent@ddt.demo")
    assert "(en préparation)" in _section(_page(client, orientee))


@pytest.fixture
def decidee(comptes, seance_ouverte, orientee):
    point = PointOrdreDuJour.objects.get(seance=seance_ouverte, demande=orientee)
    return services.decider(
        point=point,
        par=comptes["agent@ddt.demo"],
        version=None,
        decision="favorable",
        mode="seance",
        commentaire=MOTIF,
    )


def _jour(date):
    return formats.date_format(timezone.localtime(date), "j F Y")


def test_la_decision_est_creditee_au_comite(client, connecter, comptes, decidee, orientee):
    agent = str(comptes["agent@ddt.demo"])
    jour = _jour(decidee.seance.date)
    connecter("maire@delle.demo")
    page = _page(client, orientee)
    section = _section(page)
    assert "Avis favorable" in section
    assert f"En séance, le {jour}" in section
    assert MOTIF in section
    assert agent not in section
    historique = _historique(page)
    ligne = re.search(
        r"<li>((?:(?!</li>).)*Décision du comité du (?:(?!</li>).)*)</li>", historique, re.S
    )
    assert ligne, historique
    assert f"Décision du comité du {jour} : avis favorable" in ligne.group(1)
    assert "Comité local de cohésion des territoires" in ligne.group(1)
    assert agent not in ligne.group(1)
    # One action, one line: the status change is in the decision's line.
    assert orientee.evenements.filter(libelle__startswith="Décision du comité").count() == 1
    assert orientee.evenements.get(libelle__startswith="Décision du comité").statut_apres == (
        "accompagnee"
    )
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    assert f"Décision enregistrée sur le guichet par {agent}" in _section(_page(client, orientee))


def test_l_operateur_lit_la_decision_sans_lien_vers_la_seance(client, connecter, decidee, orientee):
    connecter("contact@cerema.demo")
    section = _section(_page(client, orientee))
    assert "Avis favorable" in section
    assert MOTIF in section
    assert "/comite/seances/" not in section


def test_un_point_interne_est_montre_aux_operateurs_pas_a_la_collectivite(
    client, connecter, comptes, seance, orientee
):
    prefet = comptes["prefet@prefecture.demo"]
    services.inscrire_demande(
        seance=seance, par=prefet, version=None, demande=orientee, interne=True
    )
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    connecter("contact@cerema.demo")
    assert "Point interne" in _section(_page(client, orientee))
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    assert 'id="decision-du-comite"' not in _page(client, orientee)

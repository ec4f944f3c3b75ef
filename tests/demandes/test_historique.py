"""The timeline tells what happened in plain French, who did it and for whom, one line per
action; the lines written before stay as they were."""

import pytest

from demandes import services
from demandes.models import Demande, Evenement, MotifComplement, Statut, TypeEvenement
from guichet.territoire.models import Operateur
from operateurs import services as operateurs

from .conftest import lignes_de_l_historique, recharger
from .test_deposer import formulaire

pytestmark = pytest.mark.django_db


def historique(client, demande):
    """The timeline's lines without their date (« 2 décembre 2026 à 10:02 »)."""
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    return [ligne.split(" ", 5)[5] for ligne in lignes_de_l_historique(page)]


def test_deposer_depuis_le_formulaire_ecrit_une_seule_ligne(client, connecter, comptes, pdf):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/demandes/nouvelle/", formulaire(deposer="1", documents=[pdf("plan.pdf")])
    )
    assert reponse.status_code == 302
    assert historique(client, Demande.objects.get()) == [
        "Demande déposée par Louis Bernard (Delle) — Document joint : plan.pdf"
    ]


def test_deposer_un_brouillon_repris_ecrit_une_seule_ligne_de_plus(
    client, connecter, brouillon_delle, pdf
):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{brouillon_delle.pk}/modifier/",
        formulaire(deposer="1", version=brouillon_delle.version, documents=[pdf("plan.pdf")]),
    )
    assert reponse.status_code == 302
    assert historique(client, brouillon_delle) == [
        "Brouillon créé par Louis Bernard (Delle) — Document joint : note.pdf",
        "Demande déposée par Louis Bernard (Delle) — Document joint : plan.pdf",
    ]


def test_un_complement_demande_puis_apporte_ecrit_une_ligne_chacun(
    client, connecter, comptes, en_instruction_delle, pdf
):
    agent, maire = comptes["agent@ddt.demo"], comptes["maire@delle.demo"]
    complement = services.demander_complement(
        demande=en_instruction_delle,
        par=agent,
        version=en_instruction_delle.version,
        points=[
            ("Joindre le devis.", MotifComplement.INCOMPLET),
            ("Actualiser le budget.", MotifComplement.OBSOLETE),
        ],
    )
    demande = recharger(en_instruction_delle)
    services.repondre_complement(
        demande=demande,
        par=maire,
        version=demande.version,
        reponses={point.pk: "Fait." for point in complement.points.all()},
        fichiers=[pdf("devis.pdf"), pdf("budget.pdf")],
    )
    connecter("agent@ddt.demo")
    assert historique(client, demande)[-2:] == [
        "Compléments demandés par Julien Petit (DDT) — Joindre le devis. ; Actualiser le budget.",
        "Compléments apportés par Louis Bernard (Delle) — Documents joints : devis.pdf, budget.pdf",
    ]
    demandee, apportee = Evenement.objects.filter(demande=demande).order_by("-pk")[:2][::-1]
    assert (demandee.type, demandee.statut_avant, demandee.statut_apres) == (
        TypeEvenement.COMPLEMENT_DEMANDE,
        Statut.EN_INSTRUCTION,
        Statut.A_COMPLETER,
    )
    assert (apportee.type, apportee.statut_apres) == (
        TypeEvenement.COMPLEMENT_REPONDU,
        Statut.EN_INSTRUCTION,
    )


def test_chaque_action_de_l_etat_se_lit_en_francais(client, connecter, comptes, deposee_delle):
    agent, prefete = comptes["agent@ddt.demo"], comptes["prefet@prefecture.demo"]
    demande = services.prendre_en_charge(
        demande=deposee_delle, par=agent, version=deposee_delle.version
    )
    demande = services.assigner(
        demande=demande, par=agent, version=demande.version, referent=prefete
    )
    demande = services.orienter_demande(
        demande=demande,
        par=prefete,
        version=demande.version,
        operateurs=Operateur.objects.filter(slug="ademe"),
    )
    operateurs.accepter(orientation=demande.orientations.get(), par=comptes["contact@ademe.demo"])
    services.envoyer_message(demande=demande, par=agent, texte="Bonjour.")
    demande = services.classer_demande(
        demande=recharger(demande), par=prefete, version=None, motif="Hors champ."
    )
    services.rouvrir_demande(demande=demande, par=prefete, version=None, motif="Erreur.")
    connecter("agent@ddt.demo")
    assert historique(client, demande)[2:] == [
        "Demande prise en charge par Julien Petit (DDT) — Référent : Julien Petit",
        "Demande confiée à Hélène Dubois par Julien Petit (DDT) — Précédent référent : "
        "Julien Petit",
        "Demande orientée par Hélène Dubois (Préfecture) — Vers : Ademe",
        "Accompagnement accepté par Sophie Lambert (Ademe) — Personne en charge : Sophie Lambert",
        "Message envoyé par Julien Petit (DDT)",
        "Demande classée sans suite par Hélène Dubois (Préfecture) — Hors champ.",
        "Demande rouverte par Hélène Dubois (Préfecture) — Erreur.",
    ]


def test_une_ligne_ecrite_avant_se_lit_comme_avant(client, connecter, deposee_delle, comptes):
    Evenement.objects.create(
        demande=deposee_delle,
        auteur=comptes["agent@ddt.demo"],
        type=TypeEvenement.TRANSITION,
        libelle="Prendre en charge : Déposée → En instruction",
        statut_avant=Statut.DEPOSEE,
        statut_apres=Statut.EN_INSTRUCTION,
    )
    Evenement.objects.create(
        demande=deposee_delle,
        type=TypeEvenement.MODIFICATION,
        libelle="Données personnelles et documents effacés (durée de conservation)",
    )
    connecter("maire@delle.demo")
    assert historique(client, deposee_delle)[-2:] == [
        "Prendre en charge : Déposée → En instruction par Julien Petit (DDT)",
        "Données personnelles et documents effacés (durée de conservation) par le guichet unique",
    ]

"""The State's actions on a request page, through HTTP."""

import re

import pytest

from demandes import selectors, services
from demandes.models import Demande, Statut
from guichet.notifications.models import Notification
from guichet.territoire.models import Operateur, Thematique
from operateurs.models import Orientation, RegleOrientation, StatutOrientation

from .conftest import creer, recharger

pytestmark = pytest.mark.django_db

ACTIONS = ["confier", "demander-complement", "orienter", "classer", "rouvrir"]


@pytest.mark.parametrize("action", ACTIONS)
def test_une_collectivite_n_a_pas_les_actions_de_l_etat(client, connecter, deposee_delle, action):
    connecter("maire@delle.demo")
    assert client.get(f"/demandes/{deposee_delle.pk}/{action}/").status_code == 403
    assert client.post(f"/demandes/{deposee_delle.pk}/{action}/", {}).status_code == 403
    assert client.post(f"/demandes/{deposee_delle.pk}/prendre-en-charge/", {}).status_code == 403


@pytest.mark.parametrize("action", ACTIONS)
def test_une_autre_commune_recoit_404(client, connecter, deposee_delle, action):
    connecter("maire@belfort.demo")
    assert client.get(f"/demandes/{deposee_delle.pk}/{action}/").status_code == 404


def test_prendre_en_charge_depuis_la_page(client, connecter, deposee_delle):
    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{deposee_delle.pk}/").content.decode()
    assert "Prendre en charge" in page
    client.post(
        f"/demandes/{deposee_delle.pk}/prendre-en-charge/", {"version": deposee_delle.version}
    )
    demande = recharger(deposee_delle)
    assert (demande.statut, demande.referent.email) == (Statut.EN_INSTRUCTION, "agent@ddt.demo")
    assert Notification.objects.filter(
        evenement="prise_en_charge", destinataire__email="maire@delle.demo"
    ).exists()


def test_confier_a_un_collegue_garde_l_ancien_referent_dans_l_historique(
    client, connecter, en_instruction_delle, comptes
):
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/confier/",
        {"referent": comptes["prefet@prefecture.demo"].pk, "version": en_instruction_delle.version},
    )
    assert reponse.status_code == 302
    demande = recharger(en_instruction_delle)
    assert demande.referent.email == "prefet@prefecture.demo"
    dernier = demande.evenements.last()
    assert (dernier.libelle, dernier.detail) == (
        "Demande confiée à Hélène Dubois",
        "Précédent référent : Julien Petit",
    )
    assert Notification.objects.filter(
        evenement="attribution", destinataire__email="prefet@prefecture.demo"
    ).exists()


def test_on_ne_confie_pas_a_une_collectivite(client, connecter, en_instruction_delle, comptes):
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/confier/",
        {"referent": comptes["maire@delle.demo"].pk, "version": en_instruction_delle.version},
    )
    assert reponse.status_code == 400
    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_demander_un_complement_avec_deux_points(client, connecter, en_instruction_delle):
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/demander-complement/",
        {
            "version": en_instruction_delle.version,
            "message": "Merci",
            "question_1": "Le devis",
            "motif_1": "incomplet",
            "question_2": "Le plan daté de 2010",
            "motif_2": "obsolete",
        },
    )
    assert reponse.status_code == 302
    demande = recharger(en_instruction_delle)
    assert demande.statut == Statut.A_COMPLETER
    complement = demande.complements.get()
    assert [(p.question, p.motif) for p in complement.points.all()] == [
        ("Le devis", "incomplet"),
        ("Le plan daté de 2010", "obsolete"),
    ]


def test_un_complement_sans_point_ou_sans_motif_est_refuse(client, connecter, en_instruction_delle):
    connecter("agent@ddt.demo")
    url = f"/demandes/{en_instruction_delle.pk}/demander-complement/"
    vide = client.post(url, {"version": en_instruction_delle.version})
    assert "Indiquez au moins un point à compléter." in vide.content.decode()
    sans_motif = client.post(
        url, {"version": en_instruction_delle.version, "question_1": "Le devis"}
    )
    assert "Indiquez le motif de ce point." in sans_motif.content.decode()
    assert recharger(en_instruction_delle).statut == Statut.EN_INSTRUCTION


def test_la_suggestion_classe_les_operateurs_par_regles_et_par_historique(
    comptes, en_instruction_delle
):
    habitat = en_instruction_delle.thematiques.get(slug="habitat")
    RegleOrientation.objects.filter(thematique=habitat).delete()
    RegleOrientation.objects.create(
        thematique=habitat, operateur=Operateur.objects.get(slug="anru"), poids=3
    )
    RegleOrientation.objects.create(
        thematique=habitat, operateur=Operateur.objects.get(slug="anah"), poids=2
    )
    ancienne = creer(comptes, "90010", titre="Ancienne", themes=("habitat",))
    Orientation.objects.create(
        demande=ancienne,
        operateur=Operateur.objects.get(slug="anah"),
        statut=StatutOrientation.ACCEPTEE,
        oriente_par=comptes["prefet@prefecture.demo"],
    )
    Orientation.objects.create(
        demande=creer(comptes, "90010", titre="Autre", themes=("habitat",)),
        operateur=Operateur.objects.get(slug="anah"),
        statut=StatutOrientation.TERMINEE,
        oriente_par=comptes["prefet@prefecture.demo"],
    )
    suggestions = selectors.operateurs_suggeres(en_instruction_delle)
    assert [s.operateur.slug for s in suggestions[:2]] == ["anah", "anru"]
    assert suggestions[0].raison == (
        "Thématique Habitat : règle de l'Anah ; 2 accompagnements acceptés sur ces thématiques"
    )
    assert suggestions[1].raison == "Thématique Habitat : règle de l'ANRU"


def test_la_page_d_orientation_dit_pourquoi_chaque_operateur_est_propose(
    client, connecter, comptes, en_instruction_delle
):
    transition = Thematique.objects.get(slug="transition-ecologique-energie")
    RegleOrientation.objects.create(
        thematique=transition, operateur=Operateur.objects.get(slug="anah"), poids=1
    )
    Orientation.objects.create(
        demande=creer(comptes, "90010", titre="Ancienne", themes=("habitat",)),
        operateur=Operateur.objects.get(slug="anah"),
        statut=StatutOrientation.ACCEPTEE,
        oriente_par=comptes["prefet@prefecture.demo"],
    )
    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/orienter/").content.decode()
    resume = page[page.index('<dl class="guichet-resume') : page.index("</dl>")]
    assert "<dd>Transition écologique et énergie, Habitat</dd>" in resume
    assert "<dd>Financement</dd>" in resume
    raisons = re.findall(
        r'<span class="fr-hint-text" id="id_operateurs_\d+_helptext">(.*?)</span>', page
    )
    assert raisons == [
        "Thématiques Habitat, Transition écologique et énergie : règles de l&#x27;Anah ; "
        "1 accompagnement accepté sur ces thématiques",
        "Thématique Transition écologique et énergie : règle de l&#x27;Ademe",
        "Thématique Habitat : règle de l&#x27;ANRU",
        "Aucune règle d&#x27;orientation ni accompagnement sur les thématiques de la demande",
        "Aucune règle d&#x27;orientation ni accompagnement sur les thématiques de la demande",
    ]
    assert "règles :" not in page


def test_orienter_vers_le_cerema_qui_voit_alors_la_demande(client, connecter, en_instruction_delle):
    cerema = Operateur.objects.get(slug="cerema")
    connecter("contact@cerema.demo")
    assert client.get(f"/demandes/{en_instruction_delle.pk}/").status_code == 404
    client.post("/comptes/deconnexion/")

    connecter("agent@ddt.demo")
    formulaire = client.get(f"/demandes/{en_instruction_delle.pk}/orienter/").content.decode()
    assert "Centre d&#x27;études" in formulaire
    vide = client.post(
        f"/demandes/{en_instruction_delle.pk}/orienter/", {"version": en_instruction_delle.version}
    )
    assert "Choisissez au moins un opérateur." in vide.content.decode()
    client.post(
        f"/demandes/{en_instruction_delle.pk}/orienter/",
        {
            "operateurs": [cerema.pk],
            "message": "Étude hydraulique",
            "version": en_instruction_delle.version,
        },
    )
    demande = recharger(en_instruction_delle)
    assert demande.statut == Statut.ORIENTEE
    orientation = demande.orientations.get()
    assert (orientation.operateur, orientation.message) == (cerema, "Étude hydraulique")
    assert "Vers : Cerema — Étude hydraulique" in demande.evenements.last().detail
    assert Notification.objects.filter(
        evenement="orientee_operateur", destinataire__email="contact@cerema.demo"
    ).exists()
    assert Notification.objects.filter(
        evenement="orientee", destinataire__email="maire@delle.demo"
    ).exists()
    client.post("/comptes/deconnexion/")

    connecter("contact@cerema.demo")
    assert client.get(f"/demandes/{en_instruction_delle.pk}/").status_code == 200
    client.post("/comptes/deconnexion/")
    connecter("contact@anah.demo")
    assert client.get(f"/demandes/{en_instruction_delle.pk}/").status_code == 404


def test_classer_demande_un_motif_puis_rouvrir(client, connecter, en_instruction_delle):
    connecter("prefet@prefecture.demo")
    url = f"/demandes/{en_instruction_delle.pk}/classer/"
    assert (
        "Indiquez le motif."
        in client.post(
            url, {"version": en_instruction_delle.version, "motif": " "}
        ).content.decode()
    )
    client.post(
        url, {"version": en_instruction_delle.version, "motif": "Projet abandonné par le conseil"}
    )
    demande = recharger(en_instruction_delle)
    assert (demande.statut, demande.motif_classement) == (
        Statut.CLASSEE_SANS_SUITE,
        "Projet abandonné par le conseil",
    )
    client.post(
        f"/demandes/{demande.pk}/rouvrir/",
        {"version": demande.version, "motif": "Le conseil a revoté"},
    )
    demande = recharger(demande)
    assert demande.statut == Statut.EN_INSTRUCTION
    assert demande.evenements.last().detail == "Le conseil a revoté"


def test_une_action_sur_une_version_perimee_est_refusee(
    client, connecter, en_instruction_delle, comptes
):
    ancienne = en_instruction_delle.version
    services.assigner(
        demande=en_instruction_delle,
        par=comptes["prefet@prefecture.demo"],
        version=ancienne,
        referent=comptes["prefet@prefecture.demo"],
    )
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/classer/", {"version": ancienne, "motif": "Doublon"}
    )
    assert "modifiée entre-temps" in reponse.content.decode()
    assert Demande.objects.get(pk=en_instruction_delle.pk).statut == Statut.EN_INSTRUCTION

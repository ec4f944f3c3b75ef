"""National operators with local teams, and routing rules by département: the Ademe's Doubs
team sees the Doubs's demandes routed to the Ademe and not the Territoire de Belfort's, and the
other way round; an operator without teams keeps working as one group."""

import pytest

from demandes import services as demandes
from demandes.models import Statut
from demandes.selectors import operateurs_suggeres
from guichet.comptes.services import rattacher
from guichet.notifications.models import Notification
from guichet.territoire.models import Departement, EquipeOperateur, Operateur, Thematique
from operateurs.models import RegleOrientation
from tests.factories import DemandeFactory, UserFactory
from tests.outils.deux_departements import demande_orientee

pytestmark = pytest.mark.django_db


@pytest.fixture
def ademe():
    return Operateur.objects.get(slug="ademe")


def equipe(operateur, nom, *departements):
    equipe = EquipeOperateur.objects.create(operateur=operateur, nom=nom)
    equipe.departements.set(departements)
    return equipe


@pytest.fixture
def equipes(ademe, doubs):
    """The Ademe's two local teams, each with one person."""
    du_doubs = equipe(ademe, "Ademe Doubs", doubs)
    de_belfort = equipe(ademe, "Ademe Territoire de Belfort", Departement.objects.par_defaut())
    personne_du_doubs = UserFactory(email="ademe@doubs.essai")
    rattacher(user=personne_du_doubs, operateur=ademe, equipe=du_doubs)
    personne_de_belfort = UserFactory(email="ademe@belfort.essai")
    rattacher(user=personne_de_belfort, operateur=ademe, equipe=de_belfort)
    return personne_du_doubs, personne_de_belfort


@pytest.fixture
def deux_orientations(
    comptes, equipes, en_instruction_delle, besancon, maire_besancon, prefecture_doubs
):
    """A demande of each département routed to the Ademe (and the Doubs's to the Cerema)."""
    du_doubs = demande_orientee(
        collectivite=besancon,
        deposant=maire_besancon,
        par=prefecture_doubs,
        operateurs=["ademe", "cerema"],
        titre="Chaufferie bois de Besançon",
    )
    de_belfort = demandes.orienter_demande(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        operateurs=Operateur.objects.filter(slug="ademe"),
    )
    return du_doubs, de_belfort


def _boite(client):
    return [o.demande for o in client.get("/operateurs/demandes/").context["page"].object_list]


def test_l_equipe_du_doubs_voit_la_demande_du_doubs_et_pas_celle_du_90(
    client, connecter, equipes, deux_orientations
):
    du_doubs, de_belfort = deux_orientations
    connecter("ademe@doubs.essai")
    assert _boite(client) == [du_doubs]
    assert client.get(f"/demandes/{du_doubs.pk}/").status_code == 200
    assert client.get(f"/demandes/{de_belfort.pk}/").status_code == 404
    orientation = de_belfort.orientations.get(operateur__slug="ademe")
    assert client.get(f"/operateurs/orientations/{orientation.pk}/accepter/").status_code == 404
    assert client.post(f"/operateurs/orientations/{orientation.pk}/terminer/").status_code == 404


def test_l_equipe_du_90_voit_la_demande_du_90_et_pas_celle_du_doubs(
    client, connecter, equipes, deux_orientations
):
    du_doubs, de_belfort = deux_orientations
    connecter("ademe@belfort.essai")
    assert _boite(client) == [de_belfort]
    assert client.get(f"/demandes/{de_belfort.pk}/").status_code == 200
    assert client.get(f"/demandes/{du_doubs.pk}/").status_code == 404
    orientation = du_doubs.orientations.get(operateur__slug="ademe")
    assert client.get(f"/operateurs/orientations/{orientation.pk}/accepter/").status_code == 404


def test_seule_l_equipe_du_departement_est_prevenue_et_peut_repondre(
    comptes, equipes, deux_orientations
):
    from django.core.exceptions import PermissionDenied

    from operateurs import services as operateurs

    personne_du_doubs, personne_de_belfort = equipes
    du_doubs, _ = deux_orientations
    prevenus = set(
        Notification.objects.filter(
            evenement="orientee_operateur", sujet__contains=du_doubs.reference
        ).values_list("destinataire__email", flat=True)
    )
    assert "ademe@doubs.essai" in prevenus
    assert "ademe@belfort.essai" not in prevenus
    # The Ademe's national contact, in no team: both départements have theirs.
    assert "contact@ademe.demo" not in prevenus
    orientation = du_doubs.orientations.get(operateur__slug="ademe")
    with pytest.raises(PermissionDenied):
        operateurs.accepter(orientation=orientation, par=personne_de_belfort)
    operateurs.accepter(orientation=orientation, par=personne_du_doubs)


def test_un_operateur_sans_equipe_voit_les_demandes_de_tous_les_departements(
    client, connecter, deux_orientations
):
    du_doubs, _ = deux_orientations
    connecter("contact@cerema.demo")
    assert _boite(client) == [du_doubs]


def test_l_equipe_nationale_garde_les_departements_sans_equipe(
    client, connecter, comptes, ademe, doubs, besancon, maire_besancon, prefecture_doubs
):
    equipe(ademe, "Ademe Doubs", doubs)
    demande = demandes.orienter_demande(
        demande=DemandeFactory(statut=Statut.EN_INSTRUCTION),
        par=comptes["agent@ddt.demo"],
        version=1,
        operateurs=[ademe],
    )
    connecter("contact@ademe.demo")
    assert _boite(client) == [demande]


def test_changer_d_equipe_retire_les_droits_de_l_ancienne(
    client, connecter, ademe, doubs, equipes, deux_orientations
):
    personne_du_doubs, _ = equipes
    _, de_belfort = deux_orientations
    rattacher(
        user=personne_du_doubs,
        operateur=ademe,
        equipe=EquipeOperateur.objects.get(nom="Ademe Territoire de Belfort"),
    )
    connecter("ademe@doubs.essai")
    assert _boite(client) == [de_belfort]


def test_une_equipe_creee_dans_l_administration_recoit_les_orientations_ouvertes(
    client, connecter, comptes, ademe, doubs, besancon, maire_besancon, prefecture_doubs
):
    from guichet.comptes.models import User

    du_doubs = demande_orientee(
        collectivite=besancon,
        deposant=maire_besancon,
        par=prefecture_doubs,
        operateurs=["ademe"],
        titre="Réseau de chaleur",
    )
    User.objects.create_superuser("admin@guichet.essai", "demo-guichet-90")
    connecter("admin@guichet.essai")
    reponse = client.post(
        "/admin/territoire/equipeoperateur/add/",
        {"operateur": ademe.pk, "nom": "Ademe Doubs", "departements": [doubs.pk]},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    doublon = client.post(
        "/admin/territoire/equipeoperateur/add/",
        {"operateur": ademe.pk, "nom": "Ademe Franche-Comté", "departements": [doubs.pk]},
    )
    assert "Déjà servis par une autre équipe de l&#x27;opérateur" in doublon.content.decode()
    client.logout()
    personne = UserFactory(email="ademe@doubs.essai")
    rattacher(user=personne, operateur=ademe, equipe=EquipeOperateur.objects.get(nom="Ademe Doubs"))
    connecter("ademe@doubs.essai")
    assert _boite(client) == [du_doubs]
    client.logout()
    connecter("contact@ademe.demo")
    assert _boite(client) == []


def test_les_regles_d_orientation_du_doubs_ne_s_appliquent_pas_au_90(
    comptes, doubs, besancon, maire_besancon, en_instruction_delle
):
    habitat = Thematique.objects.get(slug="habitat")
    anru = Operateur.objects.get(slug="anru")
    RegleOrientation.objects.create(departement=doubs, thematique=habitat, operateur=anru, poids=50)
    du_doubs = DemandeFactory(collectivite=besancon, deposant=maire_besancon, thematiques=[habitat])
    assert operateurs_suggeres(du_doubs)[0].operateur == anru
    suggestions = {s.operateur: s for s in operateurs_suggeres(en_instruction_delle)}
    assert suggestions[anru].score < 50
    assert RegleOrientation.objects.filter(departement__code="90").exists()


def test_un_operateur_national_choisit_le_departement_avant_la_commune(
    client, connecter, deux_orientations, doubs
):
    """Issue #23: with all of France loaded, the communes of a national operator's demandes
    number tens of thousands; it picks one of the départements whose communes are loaded
    first, and the form names the communes of that one."""
    du_doubs, _ = deux_orientations
    connecter("contact@cerema.demo")
    page = client.get("/operateurs/demandes/")
    html = page.content.decode()
    assert [d.code for d in page.context["departements"]] == ["25", "90"]
    assert page.context["communes"] is None
    assert 'name="commune"' not in html
    assert "choisissez d'abord un département" in html
    du_25 = client.get("/operateurs/demandes/", {"departement": doubs.pk})
    assert [c.nom for c in du_25.context["communes"]] == ["Besançon d'essai"]
    assert f'<option value="{doubs.pk}" selected>' in du_25.content.decode()
    assert [o.demande for o in du_25.context["page"].object_list] == [du_doubs]
    du_90 = client.get(
        "/operateurs/demandes/", {"departement": Departement.objects.par_defaut().pk}
    )
    assert list(du_90.context["page"].object_list) == []
    assert list(du_90.context["communes"]) == []


def test_la_commune_nomme_son_departement_et_celle_d_un_autre_ne_filtre_plus(
    client, connecter, deux_orientations, doubs, besancon
):
    du_doubs, _ = deux_orientations
    connecter("contact@cerema.demo")
    page = client.get("/operateurs/demandes/", {"commune": besancon.pk})
    assert page.context["criteres"] == {"departement": doubs, "commune": besancon}
    assert f'<option value="{besancon.pk}" selected>' in page.content.decode()
    assert [o.demande for o in page.context["page"].object_list] == [du_doubs]
    # The person switched to the 90 and kept Besançon in the commune list: the 90 alone.
    belfort = Departement.objects.par_defaut()
    apres = client.get("/operateurs/demandes/", {"departement": belfort.pk, "commune": besancon.pk})
    assert apres.context["criteres"] == {"departement": belfort}


def test_une_equipe_d_un_seul_departement_filtre_par_commune_sans_choisir(
    client, connecter, deux_orientations
):
    connecter("ademe@doubs.essai")
    page = client.get("/operateurs/demandes/")
    assert page.context["departements"] == []
    assert [c.nom for c in page.context["communes"]] == ["Besançon d'essai"]
    assert 'id="filtre-departement"' not in page.content.decode()

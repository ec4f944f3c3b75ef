"""Each département its comité: the Doubs's préfecture neither sees nor changes the Territoire de
Belfort's séances (pages, PDFs, invitation, file), and a demande sits only on its own
département's comité's agendas."""

import pytest
from django.core.exceptions import ValidationError

from comite import feuille_de_route as route
from comite import services
from comite.feuille_de_route import priorite_pour
from comite.models import Priorite, Qualite, Seance, StatutSeance
from comite.secretariat.services import renouveler_jeton_agenda
from demandes.models import Demande
from guichet.territoire.models import Thematique
from tests.factories import UserFactory

from .conftest import DATE_SEANCE

PAGES_DE_LA_SEANCE = [
    "",
    "modifier/",
    "ordre-du-jour.pdf",
    "releve-de-decisions.pdf",
    "invitation.ics",
    "presences/",
    "dossier/",
    "dossier.pdf",
]


def test_l_agent_du_doubs_ne_voit_aucune_seance_du_comite_du_90(
    client, connecter, prefecture_doubs, seance_publiee
):
    connecter(prefecture_doubs.email)
    liste = client.get("/comite/seances/")
    assert liste.status_code == 200
    assert seance_publiee not in [*liste.context["a_venir"], *liste.context["passees"]]
    assert "Comité local de cohésion des territoires du Doubs" in liste.content.decode()
    for page in PAGES_DE_LA_SEANCE:
        assert client.get(f"/comite/seances/{seance_publiee.pk}/{page}").status_code == 404, page
    point = seance_publiee.points.get(demande__isnull=False)
    assert (
        client.get(f"/comite/seances/{seance_publiee.pk}/points/{point.pk}/questions/").status_code
        == 404
    )


def test_l_agent_du_doubs_ne_modifie_pas_une_seance_du_90(
    client, connecter, prefecture_doubs, seance_publiee
):
    point = seance_publiee.points.get(demande__isnull=False)
    connecter(prefecture_doubs.email)
    pk, version = seance_publiee.pk, {"version": seance_publiee.version}
    for action, donnees in [
        ("modifier/", {"date": "2031-09-01T10:00", "lieu": "Ailleurs", **version}),
        ("sujet/", {"sujet-sujet": "Point glissé", "sujet-version": seance_publiee.version}),
        ("clore/", version),
        ("publier-releve/", version),
        (f"points/{point.pk}/decision/", {"decision": "favorable", "mode": "seance", **version}),
        (f"points/{point.pk}/retirer/", {"motif": "Sans objet", **version}),
        (f"points/{point.pk}/deplacer/", {"sens": "monter", **version}),
    ]:
        assert client.post(f"/comite/seances/{pk}/{action}", donnees).status_code == 404, action
    seance_publiee.refresh_from_db()
    assert seance_publiee.version == version["version"]
    assert seance_publiee.statut == StatutSeance.ORDRE_DU_JOUR_PUBLIE
    assert seance_publiee.points.count() == 3


def test_au_service_le_workflow_refuse_l_agent_d_un_autre_departement(
    prefecture_doubs, seance_publiee
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="du département du comité"):
        services.clore_seance(seance=seance_publiee, par=prefecture_doubs, version=None)
    with pytest.raises(PermissionDenied):
        services.planifier_seance(
            comite=seance_publiee.comite,
            par=prefecture_doubs,
            date=seance_publiee.date,
            lieu="Besançon",
        )


def test_l_agent_du_doubs_planifie_au_comite_du_doubs_que_le_90_ne_voit_pas(
    client, connecter, comptes, prefecture_doubs
):
    connecter(prefecture_doubs.email)
    reponse = client.post(
        "/comite/seances/nouvelle/",
        {"seance-date": "2031-05-14T14:30", "seance-lieu": "Préfecture du Doubs"},
    )
    assert reponse.status_code == 302
    seance = Seance.objects.select_related("comite__departement").get(lieu="Préfecture du Doubs")
    assert seance.comite.departement.code == "25"
    assert seance.comite.nom == "Comité local de cohésion des territoires du Doubs"
    assert client.get(seance.get_absolute_url()).status_code == 200
    client.logout()
    connecter("prefet@prefecture.demo")
    assert client.get(seance.get_absolute_url()).status_code == 404
    assert seance not in client.get("/comite/seances/").context["a_venir"]


def test_une_demande_du_doubs_ne_s_inscrit_pas_a_une_seance_du_90(
    client, connecter, comptes, seance, orientee_doubs
):
    connecter("prefet@prefecture.demo")
    page = client.get(seance.get_absolute_url()).content.decode()
    assert "Passerelle sur le Doubs" not in page
    reponse = client.post(
        f"/comite/seances/{seance.pk}/inscrire/",
        {"inscription-demande": orientee_doubs.pk, "inscription-version": seance.version},
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 400
    assert "Cette demande relève d&#x27;un autre département" in contenu
    assert "Passerelle sur le Doubs" not in contenu
    assert not seance.points.exists()
    with pytest.raises(ValidationError, match="relève d'un autre département"):
        services.inscrire_demande(
            seance=seance,
            par=comptes["prefet@prefecture.demo"],
            version=None,
            demande=orientee_doubs,
        )


def test_une_demande_du_doubs_s_inscrit_au_comite_du_doubs(doubs, prefecture_doubs, orientee_doubs):
    from django.utils import timezone

    seance = services.planifier_seance(
        comite=services.comite_du_departement(doubs),
        par=prefecture_doubs,
        date=timezone.make_aware(DATE_SEANCE),
        lieu="Besançon",
    )
    point = services.inscrire_demande(
        seance=seance, par=prefecture_doubs, version=None, demande=orientee_doubs
    )
    assert point.demande == orientee_doubs


def test_la_feuille_de_route_et_ses_priorites_sont_celles_du_departement(
    client, connecter, comite, comptes, prefecture_doubs, orientee_doubs, orientee
):
    habitat = Thematique.objects.get(slug="habitat")
    orientee_doubs.thematiques.add(habitat)
    priorite = route.adopter(
        comite=comite, par=comptes["prefet@prefecture.demo"], thematique=habitat
    )
    # The 90's priority marks the 90's demande on the dashboard, not the Doubs's.
    marquees = set(
        Demande.objects.annotate(p=priorite_pour()).filter(p=True).values_list("pk", flat=True)
    )
    assert orientee.pk in marquees
    assert orientee_doubs.pk not in marquees
    connecter(prefecture_doubs.email)
    page = client.get("/comite/feuille-de-route/")
    assert page.status_code == 200
    assert priorite not in page.context["priorites"]
    assert "Tout le département : Doubs" in page.content.decode()
    assert client.post(f"/comite/feuille-de-route/{priorite.pk}/retirer/").status_code == 404
    assert Priorite.objects.filter(pk=priorite.pk).exists()
    with pytest.raises(ValidationError, match="département du comité"):
        route.adopter(
            comite=services.comite_du_departement(orientee_doubs.collectivite.departement),
            par=prefecture_doubs,
            thematique=habitat,
            territoire=orientee.collectivite,
        )


def test_le_flux_d_agenda_d_un_membre_du_doubs_ne_montre_pas_le_90(client, doubs, seance_publiee):
    membre = services.ajouter_membre(
        comite=services.comite_du_departement(doubs), user=UserFactory(), qualite=Qualite.AUTRE
    )
    jeton = renouveler_jeton_agenda(membre=membre)
    flux = client.get(f"/comite/agenda/{jeton}.ics")
    assert flux.status_code == 200
    assert f"seance-{seance_publiee.pk}@" not in flux.content.decode()


def test_les_releves_publics_disent_le_departement_de_chaque_comite(client, doubs, seance_publiee):
    comite_du_doubs = services.comite_du_departement(doubs)
    Seance.objects.filter(pk=seance_publiee.pk).update(statut=StatutSeance.RELEVE_PUBLIE)
    seance_publiee.comite.__class__.objects.filter(pk=seance_publiee.comite_id).update(
        releves_publics=True
    )
    contenu = client.get("/comite/releves/").content.decode()
    assert "(département : Territoire de Belfort (90))" in contenu
    # A comité that does not publish its records stays off the page.
    assert comite_du_doubs.nom not in contenu

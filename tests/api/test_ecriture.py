"""An operator answers its routings through the API: the browser's services, the same timeline,
the same notifications, the same version check (409)."""

import pytest

from demandes.models import Demande, Evenement
from guichet.notifications.models import Notification
from operateurs.models import Orientation, StatutOrientation

pytestmark = pytest.mark.django_db


def _lire(client, monde):
    reponse = client.get(f"/api/v1/orientations/{monde['orientation']}/")
    assert reponse.status_code == 200
    return reponse.json()


def test_l_operateur_accepte_par_l_api_comme_dans_le_navigateur(api, monde):
    client = api("cerema", "ecriture")
    version = _lire(client, monde)["version"]
    reponse = client.post(
        f"/api/v1/orientations/{monde['orientation']}/accepter/",
        {"version": version},
        format="json",
    )
    assert reponse.status_code == 200
    assert reponse.json()["statut"] == "acceptee"
    assert reponse.json()["version"] == version
    orientation = Orientation.objects.get(pk=monde["orientation"])
    assert orientation.statut == StatutOrientation.ACCEPTEE
    evenement = Evenement.objects.filter(demande=orientation.demande).latest("pk")
    assert evenement.libelle == "Accompagnement accepté"
    assert str(evenement.auteur) == "API (Cerema)"
    sujets = set(
        Notification.objects.filter(evenement="operateur_accepte").values_list("sujet", flat=True)
    )
    assert sujets == {"[Guichet unique] GU-2026-0001 — Le Cerema accepte la demande"}


def test_une_version_perimee_est_un_conflit_409(api, monde, comptes):
    client = api("cerema", "ecriture")
    version = _lire(client, monde)["version"]
    # The State changed the demande meanwhile (a new version).
    Demande.objects.filter(pk=monde["d"]).update(version=version + 1)
    reponse = client.post(
        f"/api/v1/orientations/{monde['orientation']}/accepter/",
        {"version": version},
        format="json",
    )
    assert reponse.status_code == 409
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["title"] == "Conflit de version"
    assert "modifiée entre-temps" in reponse.json()["detail"]
    assert Orientation.objects.get(pk=monde["orientation"]).statut == StatutOrientation.PROPOSEE


def test_un_jeton_de_lecture_ne_repond_pas(api, monde):
    client = api("cerema", "lecture")
    reponse = client.post(
        f"/api/v1/orientations/{monde['orientation']}/accepter/", {"version": 1}, format="json"
    )
    assert reponse.status_code == 403
    assert reponse.json()["detail"] == "Ce jeton n'a que la portée « lecture »."
    assert Orientation.objects.get(pk=monde["orientation"]).statut == StatutOrientation.PROPOSEE


@pytest.mark.parametrize("organisation", ["ademe", "prefecture"])
def test_une_autre_organisation_ne_trouve_pas_l_orientation(api, monde, organisation):
    client = api(organisation, "ecriture")
    for action in ("accepter", "decliner", "avis"):
        reponse = client.post(
            f"/api/v1/orientations/{monde['orientation']}/{action}/",
            {"version": 1, "motif": "x", "avis": "x"},
            format="json",
        )
        assert reponse.status_code == 404
    assert client.get(f"/api/v1/orientations/{monde['orientation']}/").status_code == 404
    assert Orientation.objects.get(pk=monde["orientation"]).statut == StatutOrientation.PROPOSEE


def test_une_reponse_impossible_est_un_refus_422_en_francais(api, monde):
    client = api("cerema", "ecriture")
    version = _lire(client, monde)["version"]
    reponse = client.post(
        f"/api/v1/orientations/{monde['orientation']}/avis/",
        {"version": version, "avis": "Très bien"},
        format="json",
    )
    assert reponse.status_code == 422
    assert reponse.json()["detail"] == "Impossible : l'orientation est « Proposée »."


def test_un_champ_manquant_est_un_400_par_champ(api, monde):
    client = api("cerema", "ecriture")
    reponse = client.post(
        f"/api/v1/orientations/{monde['orientation']}/decliner/", {"version": 1}, format="json"
    )
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["erreurs"]["motif"] == ["Ce champ est obligatoire."]


def test_decliner_puis_l_operateur_ne_voit_plus_la_demande(api, monde):
    client = api("cerema", "ecriture")
    version = _lire(client, monde)["version"]
    reponse = client.post(
        f"/api/v1/orientations/{monde['orientation']}/decliner/",
        {"version": version, "motif": "Hors de notre champ"},
        format="json",
    )
    assert reponse.status_code == 200
    assert client.get(f"/api/v1/demandes/{monde['d']}/").status_code == 404
    assert Notification.objects.filter(evenement="operateur_decline").exists()


def test_accepter_puis_donner_son_avis_et_son_offre(api, monde):
    client = api("cerema", "ecriture")
    url = f"/api/v1/orientations/{monde['orientation']}"
    version = _lire(client, monde)["version"]
    version = client.post(f"{url}/accepter/", {"version": version}, format="json").json()["version"]
    reponse = client.post(
        f"{url}/avis/",
        {
            "version": version,
            "avis": "Projet solide",
            "type_offre": "ingenierie",
            "jours": 12,
            "description": "Appui à la maîtrise d'ouvrage",
        },
        format="json",
    )
    assert reponse.status_code == 200
    corps = reponse.json()
    assert (corps["avis"], corps["jours_estimes"], corps["type_offre"]) == (
        "Projet solide",
        12,
        "ingenierie",
    )
    assert Notification.objects.filter(evenement="offre_operateur").exists()

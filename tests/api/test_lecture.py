"""What a token reads is what its organisation reads in the browser: the cross test operator A
(Cerema, D routed to it) / operator B (Ademe) / State (préfecture, DDT)."""

import pytest
from django.utils import timezone

from demandes.models import Demande
from guichet.comptes.models import User
from operateurs import services as operateurs_services

pytestmark = pytest.mark.django_db

ORGANISATIONS = ["cerema", "ademe", "prefecture", "ddt"]
MEMBRE = {
    "cerema": "contact@cerema.demo",
    "ademe": "contact@ademe.demo",
    "prefecture": "prefet@prefecture.demo",
    "ddt": "agent@ddt.demo",
}
# D: routed to Cerema only; S: the séance whose published agenda holds D.
VOIT_D = {"cerema", "prefecture", "ddt"}
VOIT_S = {"prefecture", "ddt"}

POINTS_D_ACCES = {
    "detail": "/api/v1/demandes/{d}/",
    "historique": "/api/v1/demandes/{d}/evenements/",
}


def _ids(reponse):
    return {ligne["id"] for ligne in reponse.json()["results"]}


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_la_liste_des_demandes_est_celle_que_voit_l_organisation_dans_le_navigateur(
    api, monde, organisation
):
    reponse = api(organisation).get("/api/v1/demandes/")
    assert reponse.status_code == 200
    membre = User.objects.get(email=MEMBRE[organisation])
    assert _ids(reponse) == set(Demande.objects.visibles_par(membre).values_list("pk", flat=True))
    assert (monde["d"] in _ids(reponse)) == (organisation in VOIT_D)
    assert monde["b"] not in _ids(reponse)  # a draft stays with its collectivité


@pytest.mark.parametrize("organisation", ORGANISATIONS)
@pytest.mark.parametrize("point", sorted(POINTS_D_ACCES))
def test_une_demande_que_l_organisation_ne_voit_pas_est_un_404(api, monde, organisation, point):
    reponse = api(organisation).get(POINTS_D_ACCES[point].format(**monde))
    attendu = 200 if organisation in VOIT_D else 404
    assert reponse.status_code == attendu
    if attendu == 404:
        assert reponse["Content-Type"] == "application/problem+json"
        assert reponse.json()["status"] == 404


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_les_seances_sont_celles_que_voit_l_organisation(api, monde, organisation):
    client = api(organisation)
    liste = client.get("/api/v1/seances/")
    assert liste.status_code == 200
    assert (monde["s"] in _ids(liste)) == (organisation in VOIT_S)
    detail = client.get(f"/api/v1/seances/{monde['s']}/")
    assert detail.status_code == (200 if organisation in VOIT_S else 404)


def test_un_identifiant_inconnu_est_un_404(api, monde):
    assert api("prefecture").get("/api/v1/demandes/999999/").status_code == 404
    assert api("cerema").get("/api/v1/orientations/999999/").status_code == 404


def test_le_detail_donne_thematiques_statut_orientations_et_documents(api, monde):
    corps = api("cerema").get(f"/api/v1/demandes/{monde['d']}/").json()
    assert corps["statut"] == "inscrite_comite"
    assert [t["slug"] for t in corps["thematiques"]] == ["habitat"]
    assert [o["operateur"]["slug"] for o in corps["orientations"]] == ["cerema"]
    assert [(d["nom"], d["type_mime"]) for d in corps["documents"]] == [
        ("note.pdf", "application/pdf")
    ]
    assert "fichier" not in corps["documents"][0]


def test_un_operateur_ne_lit_pas_l_avis_d_un_autre_operateur(api, monde, comptes):
    from demandes import services
    from guichet.territoire.models import Operateur
    from operateurs.models import Orientation
    from tests.demandes.conftest import creer

    ddt = comptes["agent@ddt.demo"]
    d = services.prendre_en_charge(
        demande=creer(comptes, titre="Demande E", themes=("habitat",)), par=ddt, version=None
    )
    services.orienter_demande(
        demande=d,
        par=ddt,
        version=None,
        operateurs=Operateur.objects.filter(slug__in=["ademe", "cerema"]),
    )
    ademe = Orientation.objects.get(demande=d, operateur__slug="ademe")
    operateurs_services.accepter(orientation=ademe, par=comptes["contact@ademe.demo"])
    operateurs_services.donner_avis(
        orientation=ademe, par=comptes["contact@ademe.demo"], avis="Avis confidentiel de l'Ademe"
    )
    corps = api("cerema").get(f"/api/v1/demandes/{d.pk}/").json()
    avis = {o["operateur"]["slug"]: o["avis"] for o in corps["orientations"]}
    assert avis["ademe"] is None
    historique = api("cerema").get(f"/api/v1/demandes/{d.pk}/evenements/").content.decode()
    assert "Avis confidentiel" not in historique
    etat = api("prefecture").get(f"/api/v1/demandes/{d.pk}/").json()
    assert {o["operateur"]["slug"]: o["avis"] for o in etat["orientations"]}["ademe"] == (
        "Avis confidentiel de l'Ademe"
    )
    assert "Avis confidentiel" in (
        api("prefecture").get(f"/api/v1/demandes/{d.pk}/evenements/").content.decode()
    )


def test_modifie_depuis_ne_rend_que_les_demandes_modifiees(api, monde, comptes):
    client = api("prefecture")
    avant = timezone.now()
    tout = _ids(client.get("/api/v1/demandes/"))
    assert len(tout) >= 3
    d = Demande.objects.get(pk=monde["d"])
    from demandes import services

    services.classer_demande(
        demande=d, par=comptes["agent@ddt.demo"], version=None, motif="Doublon"
    )
    reponse = client.get("/api/v1/demandes/", {"modifie_depuis": avant.isoformat()})
    assert _ids(reponse) == {monde["d"]}
    mauvais = client.get("/api/v1/demandes/", {"modifie_depuis": "hier"})
    assert mauvais.status_code == 400
    assert mauvais.json()["erreurs"]["modifie_depuis"]


def test_la_pagination_par_curseur_parcourt_tout_une_fois(api, monde):
    client = api("prefecture")
    vus = []
    url = "/api/v1/demandes/?taille=1"
    while url:
        page = client.get(url).json()
        vus += [ligne["id"] for ligne in page["results"]]
        url = page["next"]
    assert sorted(vus) == sorted(_ids(client.get("/api/v1/demandes/")))
    assert len(vus) == len(set(vus))


def test_les_filtres_de_la_liste(api, monde):
    client = api("prefecture")
    assert _ids(client.get("/api/v1/demandes/", {"statut": "a_completer"})) == {
        monde["a_completer"]
    }
    assert monde["d"] in _ids(client.get("/api/v1/demandes/", {"thematique": "habitat"}))
    assert not _ids(client.get("/api/v1/demandes/", {"collectivite": "90010"})) & {monde["d"]}


def test_le_filtre_collectivite_suit_un_ancien_code_insee(api, monde):
    """Moval (90073) merged into Meroux-Moval (90068): its old code finds the new commune's
    demandes, as the current code does; an unknown code, none."""
    from guichet.territoire.models import Collectivite
    from tests.factories import DemandeFactory

    meroux_moval = DemandeFactory(
        collectivite=Collectivite.objects.get(code_insee="90068"), titre="Salle de Moval"
    )
    client = api("prefecture")
    assert _ids(client.get("/api/v1/demandes/", {"collectivite": "90068"})) == {meroux_moval.pk}
    assert _ids(client.get("/api/v1/demandes/", {"collectivite": "90073"})) == {meroux_moval.pk}
    assert _ids(client.get("/api/v1/demandes/", {"collectivite": "99999"})) == set()
    assert monde["d"] in _ids(client.get("/api/v1/demandes/", {"collectivite": "90033"}))


def test_les_referentiels(api, monde):
    client = api("ademe")
    assert any(
        c["code_insee"] == "90033"
        for c in client.get("/api/v1/collectivites/?limit=500").json()["results"]
    )
    assert any(t["slug"] == "habitat" for t in client.get("/api/v1/thematiques/").json()["results"])
    assert any(o["slug"] == "cerema" for o in client.get("/api/v1/operateurs/").json()["results"])


def test_la_liste_coute_le_meme_nombre_de_requetes(api, monde, django_assert_max_num_queries):
    client = api("prefecture")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/demandes/")


def test_le_debit_est_limite_par_jeton(api, monde, settings):
    settings.API_DEBIT = "2/min"
    client = api("cerema")
    assert client.get("/api/v1/thematiques/").status_code == 200
    assert client.get("/api/v1/thematiques/").status_code == 200
    reponse = client.get("/api/v1/thematiques/")
    assert reponse.status_code == 429
    assert reponse["Content-Type"] == "application/problem+json"
    assert "Trop de requêtes" in reponse.json()["detail"]
    assert "Retry-After" in reponse
    assert api("ademe").get("/api/v1/thematiques/").status_code == 200

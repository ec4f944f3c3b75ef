"""Who sees what: a commune never sees another's demandes; foreign ids are 404s."""

import pytest

from demandes import services
from guichet.territoire.models import Collectivite, Thematique

from .conftest import donnees_completes

pytestmark = pytest.mark.django_db


@pytest.fixture
def deposee_belfort(comptes, pdf):
    maire = comptes["maire@belfort.demo"]
    demande = services.creer_brouillon(
        collectivite=Collectivite.objects.get(code_insee="90010"),
        par=maire,
        donnees=donnees_completes(titre="Projet de Belfort"),
        thematiques=Thematique.objects.all()[:1],
        fichiers=[pdf("belfort.pdf")],
    )
    return services.deposer_demande(demande=demande, par=maire, version=demande.version)


def test_tous_les_membres_d_une_collectivite_voient_ses_demandes(
    client, connecter, brouillon_delle, secretaire_delle
):
    connecter("secretariat@delle.demo", "un-mot-de-passe-solide")
    assert "Rénovation de la salle des fêtes" in client.get("/demandes/").content.decode()
    assert client.get(f"/demandes/{brouillon_delle.pk}/").status_code == 200


def test_une_commune_ne_voit_pas_la_demande_d_une_autre(
    client, connecter, deposee_delle, deposee_belfort
):
    connecter("maire@belfort.demo")
    liste = client.get("/demandes/").content.decode()
    assert "Projet de Belfort" in liste
    assert "Rénovation de la salle des fêtes" not in liste
    piece = deposee_delle.pieces.get()
    for url in [
        f"/demandes/{deposee_delle.pk}/",
        f"/demandes/{deposee_delle.pk}/modifier/",
        f"/demandes/{deposee_delle.pk}/retirer/",
        f"/demandes/{deposee_delle.pk}/completer/",
        f"/demandes/{deposee_delle.pk}/documents/{piece.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/demandes/{deposee_delle.pk}/retirer/", {"version": 2}).status_code == 404
    assert client.post(f"/demandes/{deposee_delle.pk}/messages/", {"texte": "x"}).status_code == 404


def test_un_document_d_une_autre_demande_n_est_pas_servi_sous_la_sienne(
    client, connecter, deposee_delle, deposee_belfort
):
    connecter("maire@belfort.demo")
    piece_delle = deposee_delle.pieces.get()
    url = f"/demandes/{deposee_belfort.pk}/documents/{piece_delle.pk}/"
    assert client.get(url).status_code == 404


def test_un_identifiant_forge_donne_404(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert client.get("/demandes/999999/").status_code == 404
    assert client.get("/demandes/abc/").status_code == 404


def test_le_document_est_servi_en_piece_jointe_a_qui_peut_le_voir(client, connecter, deposee_delle):
    piece = deposee_delle.pieces.get()
    url = f"/demandes/{deposee_delle.pk}/documents/{piece.pk}/"
    for email in ["maire@delle.demo", "prefet@prefecture.demo", "agent@ddt.demo"]:
        connecter(email)
        reponse = client.get(url)
        assert reponse.status_code == 200, email
        assert reponse["Content-Type"] == "application/pdf"
        assert reponse["Content-Disposition"].startswith("attachment;")
        assert b"".join(reponse.streaming_content).startswith(b"%PDF-")
        client.post("/comptes/deconnexion/")


def test_un_operateur_non_destinataire_ne_voit_rien(client, connecter, deposee_delle):
    connecter("contact@cerema.demo")
    assert "Rénovation de la salle des fêtes" not in client.get("/demandes/").content.decode()
    assert client.get(f"/demandes/{deposee_delle.pk}/").status_code == 404
    piece = deposee_delle.pieces.get()
    assert client.get(f"/demandes/{deposee_delle.pk}/documents/{piece.pk}/").status_code == 404


def test_l_etat_voit_les_demandes_deposees_mais_pas_les_brouillons(
    client, connecter, brouillon_delle, deposee_belfort
):
    connecter("prefet@prefecture.demo")
    assert client.get(f"/demandes/{deposee_belfort.pk}/").status_code == 200
    assert client.get(f"/demandes/{brouillon_delle.pk}/").status_code == 404


def test_l_etat_voit_mais_ne_retire_pas_une_demande(client, connecter, deposee_delle):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/demandes/{deposee_delle.pk}/retirer/", {"version": deposee_delle.version}
    )
    assert reponse.status_code == 403


def test_les_documents_ne_sont_pas_servis_par_une_url_publique(client, deposee_delle, settings):
    piece = deposee_delle.pieces.get()
    assert (settings.MEDIA_ROOT / "pieces" / piece.fichier.name).is_file()
    assert client.get(f"/media/pieces/{piece.fichier.name}").status_code == 404
    with pytest.raises(ValueError):
        piece.fichier.url  # noqa: B018


def test_la_page_d_une_demande_fait_un_nombre_de_requetes_borne(
    client, connecter, en_instruction_delle, comptes, django_assert_max_num_queries
):
    for i in range(5):
        services.envoyer_message(
            demande=en_instruction_delle, par=comptes["agent@ddt.demo"], texte=f"m{i}"
        )
    connecter("maire@delle.demo")
    # Constant whatever the thread's length; the page also reads the comité's point, the
    # experts' opinions and the action plan, and the header its préfet.
    with django_assert_max_num_queries(24):
        assert client.get(f"/demandes/{en_instruction_delle.pk}/").status_code == 200

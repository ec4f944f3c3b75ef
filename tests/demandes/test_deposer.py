import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demandes.models import Demande, PieceJointe, Statut
from guichet.notifications.models import Notification
from guichet.territoire.models import Thematique

from .conftest import donnees_completes

pytestmark = pytest.mark.django_db


def formulaire(**autres):
    themes = list(
        Thematique.objects.filter(slug__in=["eau-potable", "risques-inondation"]).values_list(
            "pk", flat=True
        )
    )
    return {**donnees_completes(), "thematiques": themes, **autres}


def test_la_page_nouvelle_demande_est_organisee_en_sections(client, connecter, comptes):
    connecter("maire@delle.demo")
    page = client.get("/demandes/nouvelle/").content.decode()
    for section in [
        "Le projet",
        "Thématiques et programme",
        "Votre besoin",
        "Budget et calendrier",
        "Personne à contacter",
        "Documents",
    ]:
        assert f'<h2 class="fr-h5 fr-mb-0">{section}</h2>' in page
    assert "Taille maximale : 10 Mo par fichier. Formats acceptés : pdf, jpg" in page
    assert "fr-upload-group" in page and "fr-upload" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="documents"' in page and "multiple" in page


def test_enregistrer_un_brouillon_avec_seulement_un_titre(client, connecter, comptes):
    connecter("maire@delle.demo")
    reponse = client.post("/demandes/nouvelle/", {"titre": "Idée de projet", "brouillon": "1"})
    demande = Demande.objects.get()
    assert reponse["Location"] == f"/demandes/{demande.pk}/"
    assert demande.statut == Statut.BROUILLON
    assert demande.reference is None
    assert demande.evenements.get().libelle == "Brouillon créé"
    assert not Notification.objects.exists()


def test_deposer_une_demande_complete_avec_deux_themes_et_un_pdf(client, connecter, comptes, pdf):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/demandes/nouvelle/", formulaire(deposer="1", documents=[pdf("etude.pdf")])
    )
    demande = Demande.objects.get()
    assert reponse.status_code == 302
    assert demande.statut == Statut.DEPOSEE
    assert demande.reference == f"GU-{timezone.localdate().year}-0001"
    assert demande.thematiques.count() == 2
    assert demande.date_depot is not None
    piece = demande.pieces.get()
    assert (piece.nom, piece.type_mime) == ("etude.pdf", "application/pdf")

    page = client.get(reponse["Location"]).content.decode()
    assert f"Demande déposée sous la référence {demande.reference}" in page
    assert "Statut : Déposée" in page
    assert "Un agent de la préfecture ou de la DDT va la prendre en charge" in page

    notifiees = set(Notification.objects.values_list("destinataire__email", "evenement"))
    assert notifiees == {
        ("prefet@prefecture.demo", "demande_deposee"),
        ("agent@ddt.demo", "demande_deposee"),
        ("maire@delle.demo", "accuse_reception"),
    }
    sujet = Notification.objects.get(destinataire__email="prefet@prefecture.demo").sujet
    assert (
        sujet == f"[Guichet unique] {demande.reference} — Nouvelle demande de la commune de Delle"
    )


def test_un_depot_du_departement_est_annonce_au_masculin(client, connecter, comptes):
    from guichet.comptes.models import User
    from guichet.comptes.services import rattacher
    from guichet.territoire.models import Collectivite

    agent = User.objects.create_user("agent@territoiredebelfort.demo", "mot-de-passe-solide-90")
    rattacher(user=agent, collectivite=Collectivite.objects.get(type="departement"))
    connecter("agent@territoiredebelfort.demo", "mot-de-passe-solide-90")
    client.post("/demandes/nouvelle/", formulaire(deposer="1", titre="Voie verte"))
    notification = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    assert notification.sujet.endswith("Nouvelle demande du département du Territoire de Belfort")
    assert notification.corps.startswith(
        "Le département du Territoire de Belfort a déposé la demande « Voie verte »."
    )


def test_les_references_se_suivent(comptes, brouillon_delle, delle):
    from demandes import services

    maire = comptes["maire@delle.demo"]
    premiere = services.deposer_demande(demande=brouillon_delle, par=maire, version=1)
    seconde = services.creer_brouillon(
        collectivite=delle,
        par=maire,
        donnees=donnees_completes(),
        thematiques=Thematique.objects.all()[:1],
    )
    seconde = services.deposer_demande(demande=seconde, par=maire, version=seconde.version)
    annee = timezone.localdate().year
    assert (premiere.reference, seconde.reference) == (f"GU-{annee}-0001", f"GU-{annee}-0002")


def test_deposer_une_demande_incomplete_dit_quoi_completer_sans_rien_enregistrer(
    client, connecter, comptes
):
    connecter("maire@delle.demo")
    reponse = client.post("/demandes/nouvelle/", {"titre": "Projet", "deposer": "1"})
    page = reponse.content.decode()
    assert reponse.status_code == 200
    for message in [
        "Décrivez le projet.",
        "Choisissez au moins une thématique.",
        "Indiquez votre besoin principal.",
        "Indiquez la personne à contacter.",
    ]:
        assert message in page
    assert 'id="id_description-desc-error"' in page
    assert not Demande.objects.exists()


def test_un_brouillon_repris_puis_depose(client, connecter, brouillon_delle):
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{brouillon_delle.pk}/modifier/").content.decode()
    assert 'value="Rénovation de la salle des fêtes"' in page
    reponse = client.post(
        f"/demandes/{brouillon_delle.pk}/modifier/",
        formulaire(titre="Salle des fêtes rénovée", version=brouillon_delle.version, deposer="1"),
    )
    assert reponse.status_code == 302
    demande = Demande.objects.get(pk=brouillon_delle.pk)
    assert (demande.titre, demande.statut) == ("Salle des fêtes rénovée", Statut.DEPOSEE)


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("budget_estime", "-5", "supérieure ou égale à 0"),
        ("budget_estime", "1e30", "inférieure ou égale à 999999999999"),
        ("budget_estime", "beaucoup", "Saisissez un nombre"),
        ("echeance_souhaitee", "2001-01-01", "échéance souhaitée ne peut pas être passée."),
        ("echeance_souhaitee", "9999-12-31", "dans les vingt ans"),
        ("echeance_souhaitee", "31/02/2027", "Saisissez une date valide."),
        ("contact_email", "pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("contact_telephone", "appelez-moi", "Numéro de téléphone invalide."),
        ("besoin", "pirater", "Sélectionnez un choix valide."),
        ("thematiques", ["999999"], "Sélectionnez un choix valide."),
        ("titre", "   ", "Indiquez le titre du projet."),
        ("titre", "x" * 201, "au plus 200 caractères"),
    ],
)
def test_une_saisie_invalide_est_signalee_en_francais(
    client, connecter, comptes, champ, valeur, message
):
    connecter("maire@delle.demo")
    reponse = client.post("/demandes/nouvelle/", formulaire(**{champ: valeur}, brouillon="1"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert message in page
    assert f'id="id_{champ}-desc-error"' in page or f"{champ}-messages" in page or message in page
    assert not Demande.objects.exists()


def test_un_executable_renomme_en_pdf_est_refuse_et_rien_n_est_enregistre(
    client, connecter, comptes, settings
):
    connecter("maire@delle.demo")
    faux = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    reponse = client.post("/demandes/nouvelle/", formulaire(deposer="1", documents=[faux]))
    assert reponse.status_code == 200
    assert "rapport.pdf" in reponse.content.decode()
    assert not Demande.objects.exists()
    assert not PieceJointe.objects.exists()
    assert not (settings.MEDIA_ROOT / "pieces").exists() or not any(
        (settings.MEDIA_ROOT / "pieces").rglob("*.*")
    )


def test_un_fichier_trop_gros_est_refuse(client, connecter, comptes):
    connecter("maire@delle.demo")
    gros = SimpleUploadedFile(
        "gros.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    reponse = client.post("/demandes/nouvelle/", formulaire(brouillon="1", documents=[gros]))
    assert "10 Mo" in reponse.content.decode()
    assert not Demande.objects.exists()


def test_plus_de_dix_documents_sont_refuses(client, connecter, comptes, pdf):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/demandes/nouvelle/",
        formulaire(brouillon="1", documents=[pdf(f"n{i}.pdf") for i in range(11)]),
    )
    assert "Une demande compte au plus 10 documents" in reponse.content.decode()
    assert not Demande.objects.exists()


def test_un_script_dans_chaque_champ_texte_est_echappe_partout(client, connecter, comptes):
    connecter("maire@delle.demo")
    script = "<script>alert('x')</script>"
    client.post(
        "/demandes/nouvelle/",
        formulaire(titre=script, description=script, contact_nom=script, deposer="1"),
    )
    demande = Demande.objects.get()
    assert demande.titre == script
    for url in ["/demandes/", f"/demandes/{demande.pk}/"]:
        page = client.get(url).content.decode()
        assert script not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    client.post(f"/demandes/{demande.pk}/messages/", {"texte": script})
    assert script not in client.get(f"/demandes/{demande.pk}/").content.decode()


def test_seul_un_membre_de_collectivite_depose(client, connecter, comptes):
    connecter("prefet@prefecture.demo")
    assert client.get("/demandes/nouvelle/").status_code == 403
    assert client.post("/demandes/nouvelle/", formulaire(deposer="1")).status_code == 403
    assert not Demande.objects.exists()


def test_un_visiteur_anonyme_est_renvoye_vers_la_connexion(client, db):
    reponse = client.get("/demandes/nouvelle/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/comptes/connexion/?next=")


def test_le_formulaire_garde_les_choix_apres_une_erreur(client, connecter, comptes):
    connecter("maire@delle.demo")
    page = client.post(
        "/demandes/nouvelle/", formulaire(contact_email="faux", deposer="1")
    ).content.decode()
    assert re.search(r'value="financement"[^>]*checked', page)


def test_un_brouillon_offre_ses_actions_a_sa_collectivite_et_n_a_pas_encore_de_fil(
    client, connecter, brouillon_delle
):
    connecter("maire@delle.demo")
    page = client.get(brouillon_delle.get_absolute_url()).content.decode()
    assert "Compléter et déposer" in page and "Supprimer le brouillon" in page
    assert 'id="fil"' not in page and "Ne plus recevoir de courriel" not in page


def test_une_demande_deposee_a_son_fil_et_plus_les_actions_du_brouillon(
    client, connecter, deposee_delle
):
    connecter("maire@delle.demo")
    page = client.get(deposee_delle.get_absolute_url()).content.decode()
    assert "Compléter et déposer" not in page and "Supprimer le brouillon" not in page
    assert 'id="fil"' in page and "Ne plus recevoir de courriel" in page


def test_le_contact_est_prerempli_depuis_le_compte(client, connecter, comptes):
    maire = comptes["maire@delle.demo"]
    maire.telephone = "03 84 36 66 66"
    maire.save(update_fields=["telephone"])
    connecter("maire@delle.demo")
    page = client.get("/demandes/nouvelle/").content.decode()
    assert 'name="contact_nom" value="Louis Bernard"' in page
    assert 'name="contact_email" value="maire@delle.demo"' in page
    assert 'name="contact_telephone" value="03 84 36 66 66"' in page


def test_le_contact_prerempli_se_corrige(client, connecter, comptes):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/demandes/nouvelle/",
        formulaire(
            deposer="1", contact_nom="Secrétariat de mairie", contact_email="mairie@delle.fr"
        ),
    )
    assert reponse.status_code == 302
    demande = Demande.objects.get()
    assert (demande.contact_nom, demande.contact_email) == (
        "Secrétariat de mairie",
        "mairie@delle.fr",
    )


def test_l_envoi_de_fichiers_est_le_composant_du_dsfr(client, connecter, comptes):
    connecter("maire@delle.demo")
    page = client.get("/demandes/nouvelle/").content.decode()
    groupe = re.search(r'<div class="fr-upload-group">.*?</div>', page, re.S)[0]
    assert 'class="fr-upload"' in groupe and "multiple" in groupe
    assert 'accept=".pdf,.jpg,.jpeg,.png' in groupe
    assert (
        "Taille maximale : 10 Mo par fichier. Formats acceptés : pdf, jpg, jpeg, png, webp, "
        "docx, xlsx, pptx, odt, ods, odp, doc, xls, ppt. Plusieurs fichiers possibles, 10 au "
        "plus par demande."
    ) in groupe

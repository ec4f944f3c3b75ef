"""The pages around the requests: public pages, password reset, empty states, preferences."""

import re
from base64 import b32decode

import pytest
from django.core import mail
from playwright.sync_api import expect

from guichet.comptes.models import User
from guichet.comptes.services import rattacher
from guichet.territoire.models import Collectivite
from tests.outils.second_facteur import code_totp

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def secretaire_valdoie(comptes_demo):
    user = User.objects.create_user(
        "secretariat@valdoie.demo", "un-mot-de-passe-solide", prenom="Inès", nom="Garnier"
    )
    rattacher(
        user=user,
        collectivite=Collectivite.objects.get(code_insee="90099"),
        fonction="Secrétaire de mairie",
    )
    return user


def titre(page):
    return page.get_by_role("heading", level=1)


def test_les_pages_publiques_et_la_reinitialisation_du_mot_de_passe_sont_accessibles(
    page, comptes_demo
):
    page.goto("/")
    expect(titre(page)).to_contain_text("Le guichet unique des collectivités")
    expect(page.get_by_role("main").get_by_role("link", name="Se connecter")).to_be_visible()
    examiner(page, "accueil-anonyme")

    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    expect(titre(page)).to_have_text("Connexion au guichet unique")
    examiner(page, "connexion-anonyme")

    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(titre(page)).to_have_text("Mot de passe oublié")
    examiner(page, "mot-de-passe-oublie")
    page.get_by_label("Adresse électronique").fill("maire@delle.demo")
    page.get_by_role("main").get_by_role("button").click()
    expect(titre(page)).to_have_text("Vérifiez votre messagerie")
    examiner(page, "mot-de-passe-lien-envoye")

    (courriel,) = mail.outbox
    lien = re.search(r"https?://\S+/comptes/\S+", courriel.body)[0]
    page.goto(re.sub(r"^https?://[^/]+", "", lien))
    expect(titre(page)).to_have_text("Choisir un nouveau mot de passe")
    examiner(page, "nouveau-mot-de-passe")
    # The password rules are part of the first label, and "Nouveau mot de passe" is also in
    # the second one: anchor on the start of the label text.
    page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill("un-autre-mot-de-passe-solide")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("un-autre-mot-de-passe-solide")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(titre(page)).to_have_text("Votre mot de passe a été modifié")
    examiner(page, "mot-de-passe-modifie")

    reponse = page.goto("/cette-page-n-existe-pas/")
    assert reponse.status == 404
    expect(titre(page)).to_have_text("Page introuvable")
    examiner(page, "page-introuvable")


def test_trop_de_demandes_de_mot_de_passe_le_dit_clairement(page, comptes_demo, settings):
    settings.REINITIALISATIONS_PAR_ADRESSE = 0
    page.goto("/comptes/mot-de-passe/oublie/")
    page.get_by_label("Adresse électronique").fill("maire@delle.demo")
    page.get_by_role("main").get_by_role("button").click()
    expect(titre(page)).to_have_text("Trop de tentatives")
    expect(page.get_by_role("alert")).to_contain_text("Réessayez dans une heure")
    examiner(page, "trop-de-tentatives")
    assert mail.outbox == []


def test_un_nouveau_membre_de_commune_trouve_des_pages_vides_qui_le_guident(
    page, secretaire_valdoie
):
    se_connecter(page, "secretariat@valdoie.demo", "un-mot-de-passe-solide")
    expect(titre(page)).to_contain_text("Le guichet unique des collectivités")
    expect(page.get_by_role("main")).to_contain_text("Bonjour Inès")
    examiner(page, "accueil-nouveau-membre")

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes demandes"
    ).click()
    expect(page.get_by_role("main")).to_contain_text("Aucune demande pour le moment")
    expect(page.get_by_role("main").get_by_role("link", name="Déposer une demande")).to_be_visible()
    examiner(page, "mes-demandes-vide")

    page.get_by_role("link", name="Notifications", exact=True).click()
    expect(titre(page)).to_have_text("Notifications")
    expect(page.get_by_role("main")).to_contain_text("Aucune notification pour le moment.")
    examiner(page, "notifications-vide")

    page.get_by_role("main").get_by_role("link", name="Préférences").click()
    expect(titre(page)).to_have_text("Préférences de notification")
    examiner(page, "preferences")
    page.locator("label").filter(has_text="Un récapitulatif par semaine").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Préférences enregistrées.")
    expect(page.get_by_label("Un récapitulatif par semaine (le lundi)")).to_be_checked()
    examiner(page, "preferences-enregistrees")

    page.get_by_role("link", name=re.compile("Inès Garnier")).click()
    expect(titre(page)).to_have_text("Mes données personnelles")
    examiner(page, "mes-donnees")
    page.get_by_role("link", name="Changer de mot de passe").click()
    expect(titre(page)).to_have_text("Changer de mot de passe")
    examiner(page, "changer-de-mot-de-passe")
    page.goto("/comptes/desactiver/")
    examiner(page, "desactiver-mon-compte")


# The State site's mandatory pages, the home page of each role, the admin's forms: checked by
# axe at desktop and at mobile width, without a failed request nor a console error.


def surveiller(page):
    """The failed requests and console errors of ``page`` from now on (a missing favicon shows
    in both)."""
    incidents = []
    page.on(
        "console",
        lambda message: (
            incidents.append(f"console : {message.text}") if message.type == "error" else None
        ),
    )
    page.on(
        "response",
        lambda reponse: (
            incidents.append(f"{reponse.status} {reponse.url}") if reponse.status >= 400 else None
        ),
    )
    return incidents


def examiner_partout(page, incidents, nom, *, structure=True):
    """Nothing failed while the page loaded; then axe at desktop and at mobile width."""
    from .conftest import BUREAU, MOBILE, capture, verifier_accessibilite

    page.wait_for_load_state("load")
    # The icon is asked for once the page is loaded.
    page.wait_for_timeout(500)
    assert incidents == [], f"« {nom} » : {incidents}"
    verifier_accessibilite(page, nom, structure=structure)
    page.set_viewport_size(MOBILE)
    verifier_accessibilite(page, f"{nom}-mobile", structure=structure)
    page.set_viewport_size(BUREAU)
    capture(page, nom)
    # axe's own probes break the CSP on purpose: what they log is not the page's doing.
    incidents.clear()


def pied_de_page(page):
    return page.get_by_role("contentinfo")


def test_les_pages_obligatoires_se_lisent_depuis_le_pied_de_page(page, comptes_demo):
    incidents = surveiller(page)
    page.goto("/")
    examiner_partout(page, incidents, "accueil-anonyme-pied-de-page")

    pied_de_page(page).get_by_role("link", name="Accessibilité : non conforme").click()
    expect(titre(page)).to_have_text("Déclaration d'accessibilité")
    expect(page.get_by_role("main")).to_contain_text("Voies de recours")
    examiner_partout(page, incidents, "accessibilite")

    pied_de_page(page).get_by_role("link", name="Mentions légales").click()
    expect(titre(page)).to_have_text("Mentions légales")
    expect(page.get_by_role("main")).to_contain_text("à compléter par l'exploitant du portail")
    examiner_partout(page, incidents, "mentions-legales")

    pied_de_page(page).get_by_role("link", name="Données personnelles").click()
    expect(titre(page)).to_have_text("Données personnelles")
    examiner_partout(page, incidents, "donnees-personnelles")

    pied_de_page(page).get_by_role("link", name="Cookies : aucun cookie de suivi").click()
    expect(page.get_by_role("heading", name="Cookies")).to_be_in_viewport()

    pied_de_page(page).get_by_role("link", name="Données ouvertes").click()
    expect(titre(page)).to_have_text("Données ouvertes")
    expect(page.get_by_role("main")).to_contain_text("Aucun projet n'est encore publié.")
    examiner_partout(page, incidents, "donnees-ouvertes-vide")

    pied_de_page(page).get_by_role("link", name="Plan du site").click()
    expect(titre(page)).to_have_text("Plan du site")
    examiner_partout(page, incidents, "plan-du-site-anonyme")
    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    expect(titre(page)).to_have_text("Connexion au guichet unique")

    icone = page.request.get("/favicon.ico")
    assert icone.ok and icone.headers["content-type"] in {
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }


@pytest.fixture
def demo_complete(transactional_db):
    from demo.chargement import charger_demo

    return charger_demo()


def tuile(page, nom):
    return page.get_by_role("main").get_by_role("heading", level=3, name=nom)


def test_l_etat_part_de_son_accueil_et_revient_par_le_fil_d_ariane(page, demo_complete):
    from demandes.models import Demande, Statut

    a_prendre = Demande.objects.get(statut=Statut.DEPOSEE)
    incidents = surveiller(page)
    se_connecter(page, "agent@ddt.demo")
    expect(tuile(page, "1 demande à prendre en charge")).to_be_visible()
    expect(tuile(page, "Aucune séance à clore")).to_be_visible()
    expect(tuile(page, re.compile(r"^Répondre à la convocation du \d\d\/\d\d$"))).to_be_visible()
    examiner_partout(page, incidents, "accueil-etat")

    page.get_by_role("link", name="1 demande à prendre en charge").click()
    expect(titre(page)).to_have_text(a_prendre.titre)
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Tableau de bord")).to_have_attribute(
        "aria-current", "true"
    )
    examiner_partout(page, incidents, "demande-etat-depuis-l-accueil")
    page.get_by_role("navigation", name="vous êtes ici :").get_by_role(
        "link", name="Tableau de bord"
    ).click()
    expect(titre(page)).to_have_text("Tableau de bord des demandes")
    expect(menu.get_by_role("link", name="Tableau de bord")).to_have_attribute(
        "aria-current", "page"
    )


def test_la_collectivite_trouve_son_complement_a_fournir(page, demo_complete):
    incidents = surveiller(page)
    se_connecter(page, "maire@delle.demo")
    expect(tuile(page, "1 complément à fournir")).to_be_visible()
    expect(tuile(page, "1 brouillon à déposer")).to_be_visible()
    examiner_partout(page, incidents, "accueil-collectivite")
    page.get_by_role("link", name="1 complément à fournir").click()
    expect(page).to_have_url(re.compile(r"/demandes/\d+/completer/$"))
    examiner_partout(page, incidents, "complement-depuis-l-accueil")


def test_l_operateur_trouve_son_orientation_a_accepter(page, demo_complete):
    incidents = surveiller(page)
    se_connecter(page, "contact@anah.demo")
    expect(tuile(page, "1 orientation à accepter")).to_be_visible()
    expect(tuile(page, "Aucun avis à donner")).to_be_visible()
    examiner_partout(page, incidents, "accueil-operateur")
    page.get_by_role("link", name="1 orientation à accepter").click()
    expect(page.get_by_role("link", name="Accepter", exact=True)).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Demandes orientées")).to_have_attribute(
        "aria-current", "true"
    )
    fil = page.get_by_role("navigation", name="vous êtes ici :")
    expect(fil.get_by_role("link", name="Demandes orientées")).to_have_attribute(
        "href", "/operateurs/demandes/"
    )
    examiner_partout(page, incidents, "demande-operateur-depuis-l-accueil")


def test_le_membre_du_comite_va_repondre_a_sa_convocation(page, demo_complete):
    incidents = surveiller(page)
    se_connecter(page, "membre@comite.demo")
    convocation = page.get_by_role("link", name=re.compile(r"^Répondre à la convocation du "))
    expect(convocation).to_have_count(1)
    examiner_partout(page, incidents, "accueil-membre-du-comite")
    convocation.click()
    expect(page).to_have_url(re.compile(r"/comite/seances/\d+/#convocation$"))
    expect(page.get_by_role("heading", name="Votre convocation")).to_be_visible()
    pied_de_page(page).get_by_role("link", name="Plan du site").click()
    expect(page.get_by_role("main").get_by_role("link", name="Comité", exact=True)).to_be_visible()
    examiner_partout(page, incidents, "plan-du-site-membre")


def test_les_formulaires_de_l_administration_sont_accessibles(page, demo_complete):
    from demandes.models import Demande
    from operateurs.models import RegleOrientation

    regle = RegleOrientation.objects.order_by("pk").first()
    demande = Demande.objects.exclude(reference=None).order_by("pk").first()
    incidents = surveiller(page)
    se_connecter(page, "admin@guichet.demo")
    incidents.clear()
    # The admin first asks the staff account's second factor: an app enrolled from the key shown.
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Double authentification")
    examiner_partout(page, incidents, "double-authentification-enrolement")
    cle = b32decode(page.locator("#cle-secrete").inner_text().replace(" ", ""))
    page.locator("#id_code").fill(code_totp(cle))
    page.get_by_role("button", name="Activer la double authentification").click()
    page.wait_for_url("**/admin/")
    for nom, adresse in [
        ("admin-accueil", "/admin/"),
        ("admin-regles", "/admin/operateurs/regleorientation/"),
        ("admin-regle-nouvelle", "/admin/operateurs/regleorientation/add/"),
        ("admin-regle", f"/admin/operateurs/regleorientation/{regle.pk}/change/"),
        ("admin-thematiques", "/admin/territoire/thematique/"),
        ("admin-demandes", "/admin/demandes/demande/"),
        ("admin-demande", f"/admin/demandes/demande/{demande.pk}/change/"),
    ]:
        page.goto(adresse)
        examiner_partout(page, incidents, nom, structure=False)

    page.goto("/admin/operateurs/regleorientation/")
    poids = page.get_by_label(f"Poids : {regle}")
    poids.fill("7")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_label(f"Poids : {regle}".replace(f"({regle.poids})", "(7)"))).to_have_value(
        "7"
    )

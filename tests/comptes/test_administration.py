"""The accounts' admin, used by an Administrateur who is not a superuser: it manages accounts
without ever giving itself, or anyone, a right it does not hold."""

import html

import pytest
from django.contrib.auth.models import Group, Permission

from demo.chargement import MOT_DE_PASSE
from guichet.comptes.models import Rattachement, ServiceEtat, User
from guichet.comptes.roles import Role, nom_du_groupe
from guichet.territoire.models import Collectivite

pytestmark = pytest.mark.django_db


def permission(code):
    app_label, codename = code.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def formulaire_du_compte(user, **autres):
    """What the admin's change form of ``user`` posts, with ``autres`` on top."""
    donnees = {
        "email": user.email,
        "prenom": user.prenom,
        "nom": user.nom,
        "telephone": user.telephone,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "rattachements-TOTAL_FORMS": "0",
        "rattachements-INITIAL_FORMS": "0",
        "rattachements-MIN_NUM_FORMS": "0",
        "rattachements-MAX_NUM_FORMS": "1000",
    }
    donnees.update(autres)
    return donnees


def test_un_administrateur_ne_se_fait_pas_superutilisateur(client, connecter, gestionnaire):
    connecter(gestionnaire.email)
    prefecture = Group.objects.get(name=nom_du_groupe(Role.PREFECTURE))
    reponse = client.post(
        f"/admin/comptes/user/{gestionnaire.pk}/change/",
        formulaire_du_compte(
            gestionnaire,
            is_superuser="on",
            groups=[prefecture.pk],
            user_permissions=[permission("auth.change_group").pk],
        ),
    )
    assert reponse.status_code in (302, 403)
    gestionnaire.refresh_from_db()
    assert not gestionnaire.is_superuser
    assert set(gestionnaire.groups.values_list("name", flat=True)) == {"Administrateur"}
    assert not gestionnaire.user_permissions.exists()
    assert client.get("/tableau-de-bord/").status_code == 403


def test_un_administrateur_ne_donne_pas_de_role_a_un_autre_compte(
    client, connecter, gestionnaire, comptes
):
    maire = comptes["maire@delle.demo"]
    groupes_avant = set(maire.groups.all())
    connecter(gestionnaire.email)
    client.post(
        f"/admin/comptes/user/{maire.pk}/change/",
        formulaire_du_compte(
            maire,
            is_superuser="on",
            groups=[Group.objects.get(name=nom_du_groupe(Role.ADMINISTRATEUR)).pk],
            user_permissions=[permission("demandes.change_demande").pk],
        ),
    )
    maire.refresh_from_db()
    assert not maire.is_superuser
    assert set(maire.groups.all()) == groupes_avant
    assert not maire.user_permissions.exists()


def test_le_formulaire_ne_propose_pas_les_droits_a_un_administrateur(
    client, connecter, gestionnaire
):
    connecter(gestionnaire.email)
    page = client.get(f"/admin/comptes/user/{gestionnaire.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page
    assert 'name="user_permissions"' not in page


def test_le_superutilisateur_garde_la_main_sur_les_droits(client, connecter, comptes):
    maire = comptes["maire@delle.demo"]
    connecter("admin@guichet.demo")
    page = client.get(f"/admin/comptes/user/{maire.pk}/change/").content.decode()
    assert 'name="is_superuser"' in page
    comite = Group.objects.get(name=nom_du_groupe(Role.MEMBRE_COMITE))
    groupes = [*maire.groups.values_list("pk", flat=True), comite.pk]
    reponse = client.post(
        f"/admin/comptes/user/{maire.pk}/change/", formulaire_du_compte(maire, groups=groupes)
    )
    assert reponse.status_code == 302
    assert maire.groups.filter(pk=comite.pk).exists()


@pytest.mark.parametrize("email", ["admin@guichet.demo", "prefet@prefecture.demo"])
def test_un_administrateur_ne_prend_pas_un_compte_qui_a_plus_de_droits_que_lui(
    client, connecter, gestionnaire, comptes, email
):
    """The superuser, or the préfète whose role carries rights the Administrateur lacks: their
    account can be read, not changed, and its password cannot be set by the Administrateur."""
    cible = comptes[email]
    connecter(gestionnaire.email)
    modification = client.post(
        f"/admin/comptes/user/{cible.pk}/change/",
        formulaire_du_compte(cible, email="pirate@exemple.fr"),
    )
    assert modification.status_code == 403
    assert client.get(f"/admin/comptes/user/{cible.pk}/password/").status_code == 403
    nouveau = "un-mot-de-passe-pirate-90"
    mot_de_passe = client.post(
        f"/admin/comptes/user/{cible.pk}/password/",
        {"password1": nouveau, "password2": nouveau, "usable_password": "true"},
    )
    assert mot_de_passe.status_code == 403
    cible.refresh_from_db()
    assert cible.email == email
    assert cible.check_password(MOT_DE_PASSE)
    lecture = client.get(f"/admin/comptes/user/{cible.pk}/change/")
    assert lecture.status_code == 200, "le compte reste consultable"


def test_un_administrateur_gere_les_comptes_des_collectivites(
    client, connecter, gestionnaire, comptes
):
    maire = comptes["maire@delle.demo"]
    connecter(gestionnaire.email)
    reponse = client.post(
        f"/admin/comptes/user/{maire.pk}/change/", formulaire_du_compte(maire, telephone="0384")
    )
    assert reponse.status_code == 302
    maire.refresh_from_db()
    assert maire.telephone == "0384"
    nouveau = "un-nouveau-mot-de-passe-90"
    reponse = client.post(
        f"/admin/comptes/user/{maire.pk}/password/",
        {"password1": nouveau, "password2": nouveau, "usable_password": "true"},
    )
    assert reponse.status_code == 302
    maire.refresh_from_db()
    assert maire.check_password(nouveau)


def test_son_propre_mot_de_passe_se_change_avec_l_ancien(client, connecter, gestionnaire):
    """The admin's page that sets any account's password asks no current password: for one's
    own account, the admin's own « changer le mot de passe » page asks it."""
    connecter(gestionnaire.email)
    reponse = client.get(f"/admin/comptes/user/{gestionnaire.pk}/password/")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/admin/password_change/"
    nouveau = "un-nouveau-mot-de-passe-90"
    client.post(
        f"/admin/comptes/user/{gestionnaire.pk}/password/",
        {"password1": nouveau, "password2": nouveau, "usable_password": "true"},
    )
    gestionnaire.refresh_from_db()
    assert gestionnaire.check_password(MOT_DE_PASSE)


def rattachement(user, **organisation):
    donnees = {"user": user.pk, "collectivite": "", "operateur": "", "service": "", "fonction": ""}
    donnees.update(organisation)
    return donnees


def test_un_administrateur_ne_se_rattache_pas_a_la_prefecture(client, connecter, gestionnaire):
    connecter(gestionnaire.email)
    reponse = client.post(
        "/admin/comptes/rattachement/add/",
        rattachement(gestionnaire, service=ServiceEtat.PREFECTURE),
    )
    assert reponse.status_code == 200
    assert "Vous ne pouvez pas modifier vos propres rattachements" in reponse.content.decode()
    assert not Rattachement.objects.filter(user=gestionnaire).exists()
    gestionnaire.refresh_from_db()
    assert not gestionnaire.a_le_role(Role.PREFECTURE)
    assert client.get("/tableau-de-bord/").status_code == 403


def test_un_administrateur_ne_se_rattache_pas_par_sa_propre_fiche(client, connecter, gestionnaire):
    connecter(gestionnaire.email)
    delle = Collectivite.objects.get(code_insee="90033")
    reponse = client.post(
        f"/admin/comptes/user/{gestionnaire.pk}/change/",
        formulaire_du_compte(
            gestionnaire,
            **{
                "rattachements-TOTAL_FORMS": "1",
                "rattachements-0-collectivite": delle.pk,
                "rattachements-0-service": "",
                "rattachements-0-fonction": "Maire",
            },
        ),
    )
    assert reponse.status_code == 200
    assert "Vous ne pouvez pas modifier vos propres rattachements" in reponse.content.decode()
    assert not Rattachement.objects.filter(user=gestionnaire).exists()


def test_un_administrateur_ne_rattache_personne_a_un_service_de_l_etat(
    client, connecter, gestionnaire
):
    """Attaching to the préfecture gives rights the Administrateur does not hold: an account it
    created for the purpose would hand them to it."""
    complice = User.objects.create_user("complice@exemple.fr", MOT_DE_PASSE)
    connecter(gestionnaire.email)
    reponse = client.post(
        "/admin/comptes/rattachement/add/", rattachement(complice, service=ServiceEtat.DDT)
    )
    assert reponse.status_code == 200
    assert "donnerait des droits que vous n'avez pas" in html.unescape(reponse.content.decode())
    assert not Rattachement.objects.filter(user=complice).exists()
    assert not complice.groups.exists()


def test_un_administrateur_rattache_une_personne_a_sa_collectivite(client, connecter, gestionnaire):
    nouvelle = User.objects.create_user("secretariat@delle.demo", MOT_DE_PASSE)
    delle = Collectivite.objects.get(code_insee="90033")
    connecter(gestionnaire.email)
    reponse = client.post(
        "/admin/comptes/rattachement/add/",
        rattachement(nouvelle, collectivite=delle.pk, fonction="Secrétaire"),
    )
    assert reponse.status_code == 302
    assert nouvelle.rattachements.get().collectivite == delle
    nouvelle.refresh_from_db()
    assert nouvelle.a_le_role(Role.COLLECTIVITE)


def test_un_administrateur_ne_retire_pas_un_agent_de_son_service(
    client, connecter, gestionnaire, comptes
):
    du_prefet = comptes["prefet@prefecture.demo"].rattachements.get()
    connecter(gestionnaire.email)
    reponse = client.post(f"/admin/comptes/rattachement/{du_prefet.pk}/delete/", {"post": "yes"})
    assert reponse.status_code == 403
    assert Rattachement.objects.filter(pk=du_prefet.pk).exists()


def test_les_groupes_se_gerent_par_le_superutilisateur_seulement(client, connecter, comptes):
    """Groups are the roles (their permissions come from the code) and the organisations'
    object permissions: a staff member allowed to change groups would give itself any right."""
    equipier = User.objects.create_user("equipier@guichet.demo", MOT_DE_PASSE, is_staff=True)
    equipier.user_permissions.add(permission("auth.view_group"), permission("auth.change_group"))
    administrateur = Group.objects.get(name=nom_du_groupe(Role.ADMINISTRATEUR))
    equipier.groups.add(administrateur)
    connecter(equipier.email)
    droits = [*administrateur.permissions.values_list("pk", flat=True)]
    reponse = client.post(
        f"/admin/auth/group/{administrateur.pk}/change/",
        {
            "name": administrateur.name,
            "permissions": [*droits, permission("comptes.delete_user").pk],
        },
    )
    assert reponse.status_code == 403
    assert not administrateur.permissions.filter(codename="delete_user").exists()


def test_un_compte_de_l_etat_desactive_ne_se_reactive_pas_par_l_administrateur(
    client, connecter, gestionnaire, comptes
):
    """Deactivated, the préfète's account holds no right for Django; reactivated, it would hold
    them again: the Administrateur may not do it, nor set its password."""
    prefete = comptes["prefet@prefecture.demo"]
    prefete.is_active = False
    prefete.save()
    connecter(gestionnaire.email)
    reponse = client.post(
        f"/admin/comptes/user/{prefete.pk}/change/", formulaire_du_compte(prefete)
    )
    assert reponse.status_code == 403
    prefete.refresh_from_db()
    assert not prefete.is_active

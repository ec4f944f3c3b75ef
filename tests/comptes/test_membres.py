"""An organisation's members: invite a colleague, revoke, accept, remove, the history."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.utils import timezone

from guichet.comptes.invitations import jeton
from guichet.comptes.models import (
    Invitation,
    MouvementMembre,
    Rattachement,
    ServiceEtat,
    StatutInvitation,
    TypeMouvement,
    User,
)
from guichet.comptes.organisations import Organisation
from guichet.comptes.roles import Role
from guichet.comptes.services import inviter, rattacher
from guichet.notifications.models import Notification
from guichet.territoire.models import Collectivite, Operateur

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "un-mot-de-passe-solide"


def texte(reponse):
    return html.unescape(reponse.content.decode())


def chemin_du_lien(courriel):
    return re.search(r"https?://[^/\s]+(/comptes/invitations/\S+/)", courriel.body)[1]


@pytest.fixture
def delle(db):
    return Collectivite.objects.get(code_insee="90033")


@pytest.fixture
def invitation(comptes, delle):
    return inviter(
        par=comptes["maire@delle.demo"],
        organisation=Organisation(collectivite=delle),
        email="ines.garnier@exemple.fr",
        fonction="Secrétaire de mairie",
    )


def test_un_membre_invite_un_collegue_qui_cree_son_compte_et_rejoint(
    client, connecter, comptes, delle, django_capture_on_commit_callbacks
):
    connecter("maire@delle.demo")
    page = texte(client.get("/collectivite/membres/"))
    assert "Membres de la commune de Delle" in page and "maire@delle.demo" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/collectivite/membres/",
            {"email": "Ines.Garnier@exemple.fr", "fonction": "Secrétaire de mairie"},
            follow=True,
        )
    assert "Invitation envoyée à ines.garnier@exemple.fr" in texte(reponse)
    assert " l'invitation de ines.garnier@exemple.fr</span>" in texte(reponse)
    (courriel,) = mail.outbox
    assert courriel.to == ["ines.garnier@exemple.fr"]
    assert "Louis Bernard vous invite à rejoindre la commune de Delle" in courriel.body
    lien = chemin_du_lien(courriel)
    # The outbox, shown in the admin, never holds the link.
    ligne = Notification.objects.get(evenement="invitation")
    assert lien not in ligne.corps + ligne.lien

    client.logout()
    page = texte(client.get(lien))
    assert "Rejoindre la commune de Delle" in page and "Créer votre compte" in page
    reponse = client.post(
        lien,
        {
            "prenom": "Inès",
            "nom": "Garnier",
            "new_password1": "une-phrase-de-passe-solide",
            "new_password2": "une-phrase-de-passe-solide",
        },
    )
    assert reponse.status_code == 302
    ines = User.objects.get(email="ines.garnier@exemple.fr")
    assert (
        ines.check_password("une-phrase-de-passe-solide") and ines.get_full_name() == "Inès Garnier"
    )
    assert Rattachement.objects.get(user=ines).fonction == "Secrétaire de mairie"
    assert client.get("/demandes/nouvelle/").status_code == 200  # signed in, member of Delle
    invitation = Invitation.objects.get()
    assert invitation.statut == StatutInvitation.ACCEPTEE
    assert Notification.objects.filter(
        evenement="invitation_acceptee", destinataire=comptes["maire@delle.demo"]
    ).exists()
    # The link served once.
    client.logout()
    reponse = client.get(lien)
    assert reponse.status_code == 410
    assert "Cette invitation a déjà été acceptée" in texte(reponse)


def test_un_compte_existant_se_connecte_pour_accepter(client, comptes, delle):
    existant = User.objects.create_user("adjoint@exemple.fr", MOT_DE_PASSE, prenom="Paul")
    invitation = inviter(
        par=comptes["maire@delle.demo"],
        organisation=Organisation(collectivite=delle),
        email="adjoint@exemple.fr",
    )
    lien = f"/comptes/invitations/{jeton(invitation)}/"
    page = texte(client.get(lien))
    assert "Un compte existe déjà pour cette adresse" in page
    assert 'name="new_password1"' not in page
    assert client.post(lien, {"new_password1": "x", "new_password2": "x"}).status_code == 200
    assert existant.rattachements.count() == 0
    reponse = client.post(
        f"/comptes/connexion/?next={lien}",
        {"username": "adjoint@exemple.fr", "password": MOT_DE_PASSE, "next": lien},
    )
    assert reponse["Location"] == lien
    assert "Accepter et rejoindre la commune de Delle" in texte(client.get(lien))
    client.post(lien)
    assert existant.rattachements.get().collectivite == delle


def test_une_invitation_expiree_est_refusee_clairement(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        date_expiration=timezone.now() - datetime.timedelta(minutes=1)
    )
    reponse = client.get(f"/comptes/invitations/{jeton(invitation)}/")
    assert reponse.status_code == 410
    assert "Cette invitation a expiré le" in texte(reponse)
    client.force_login(invitation.invite)
    assert client.post(f"/comptes/invitations/{jeton(invitation)}/").status_code == 410
    assert not invitation.invite.rattachements.exists()


def test_une_invitation_revoquee_ne_marche_plus(client, connecter, invitation):
    connecter("maire@delle.demo")
    reponse = client.post(f"/comptes/membres/invitations/{invitation.pk}/revoquer/", follow=True)
    assert "Invitation de ines.garnier@exemple.fr révoquée" in texte(reponse)
    assert "Aucune invitation en cours." in texte(reponse)
    client.logout()
    reponse = client.get(f"/comptes/invitations/{jeton(invitation)}/")
    assert reponse.status_code == 410
    assert "Cette invitation a été révoquée" in texte(reponse)
    assert MouvementMembre.objects.filter(type=TypeMouvement.REVOCATION).exists()


def test_un_jeton_falsifie_donne_une_page_claire(client, invitation):
    reponse = client.get(f"/comptes/invitations/{jeton(invitation)}x/")
    assert reponse.status_code == 404
    assert "Ce lien d'invitation n'est pas valide" in texte(reponse)


def test_un_autre_compte_connecte_ne_peut_pas_accepter(client, connecter, invitation):
    connecter("maire@belfort.demo")
    reponse = client.post(f"/comptes/invitations/{jeton(invitation)}/")
    assert reponse.status_code == 403
    assert "est adressée à ines.garnier@exemple.fr" in texte(reponse)
    invitation.refresh_from_db()
    assert invitation.statut == StatutInvitation.EN_COURS


def test_on_n_invite_pas_un_membre_ni_deux_fois_la_meme_adresse(
    client, connecter, comptes, invitation
):
    connecter("maire@delle.demo")
    reponse = client.post("/collectivite/membres/", {"email": "maire@delle.demo"})
    assert reponse.status_code == 400
    assert "Cette personne est déjà membre de la commune de Delle." in texte(reponse)
    reponse = client.post("/collectivite/membres/", {"email": "ines.garnier@exemple.fr"})
    assert "Une invitation à cette adresse est déjà en cours" in texte(reponse)
    assert Invitation.objects.count() == 1


def test_retirer_un_membre_garde_son_compte_et_une_trace(
    client, connecter, comptes, delle, secretaire_delle
):
    connecter("maire@delle.demo")
    rattachement = secretaire_delle.rattachements.get()
    reponse = client.post(f"/comptes/membres/{rattachement.pk}/retirer/", follow=True)
    page = texte(reponse)
    assert "n'est plus membre de la commune de Delle" in page
    assert not Rattachement.objects.filter(pk=rattachement.pk).exists()
    secretaire_delle.refresh_from_db()
    assert secretaire_delle.is_active
    assert not secretaire_delle.a_le_role(Role.COLLECTIVITE)
    mouvement = MouvementMembre.objects.get(type=TypeMouvement.RETRAIT)
    assert (mouvement.membre, mouvement.auteur) == (secretaire_delle, comptes["maire@delle.demo"])
    assert mouvement.collectivite == delle
    historique = page.split("Historique")[-1]
    assert "Retrait : Inès (secretariat@delle.demo), par Louis Bernard" in historique
    assert Notification.objects.filter(
        destinataire=secretaire_delle, evenement="membre_retire"
    ).exists()


def test_le_dernier_membre_ne_peut_pas_etre_retire(client, connecter, comptes):
    connecter("maire@delle.demo")
    moi = comptes["maire@delle.demo"].rattachements.get()
    page = texte(client.get("/collectivite/membres/"))
    assert "Dernier membre : ne peut être retiré" in page
    reponse = client.post(f"/comptes/membres/{moi.pk}/retirer/", follow=True)
    assert "est le dernier membre de la commune de Delle" in texte(reponse)
    assert Rattachement.objects.filter(pk=moi.pk).exists()


def test_un_membre_peut_quitter_son_organisation_s_il_n_est_pas_le_dernier(
    client, connecter, comptes, secretaire_delle
):
    connecter("maire@delle.demo")
    moi = comptes["maire@delle.demo"].rattachements.get()
    reponse = client.post(f"/comptes/membres/{moi.pk}/retirer/")
    assert reponse["Location"] == "/"
    assert not Rattachement.objects.filter(pk=moi.pk).exists()


def test_une_autre_collectivite_ne_touche_pas_aux_membres_de_delle(
    client, connecter, comptes, invitation, secretaire_delle
):
    connecter("maire@belfort.demo")
    rattachement = secretaire_delle.rattachements.get()
    assert client.post(f"/comptes/membres/{rattachement.pk}/retirer/").status_code == 404
    assert client.post(f"/comptes/membres/invitations/{invitation.pk}/revoquer/").status_code == 404
    page = texte(client.get("/collectivite/membres/"))
    assert "Membres de la commune de Belfort" in page and "secretariat@delle.demo" not in page
    delle = Collectivite.objects.get(code_insee="90033")
    assert client.get(f"/collectivite/membres/?organisation={delle.pk}").status_code == 404


def test_une_personne_de_plusieurs_collectivites_choisit_laquelle_elle_gere(
    client, connecter, comptes, delle
):
    belfort = Collectivite.objects.get(code_insee="90010")
    rattacher(user=comptes["maire@delle.demo"], collectivite=belfort, fonction="Conseiller")
    connecter("maire@delle.demo")
    page = texte(client.get("/collectivite/membres/"))
    assert 'name="organisation"' in page
    assert "Membres de la commune de Belfort" in page  # the first in alphabetical order
    page = texte(client.get(f"/collectivite/membres/?organisation={delle.pk}"))
    assert "Membres de la commune de Delle" in page
    client.post(f"/collectivite/membres/?organisation={delle.pk}", {"email": "x@exemple.fr"})
    assert Invitation.objects.get().collectivite == delle


def test_un_operateur_invite_un_collegue_dans_son_equipe(client, connecter, comptes):
    connecter("contact@cerema.demo")
    page = texte(client.get("/operateurs/membres/"))
    assert "Membres du Cerema" in page and "Lucie Girard" in page
    client.post("/operateurs/membres/", {"email": "expert@cerema.fr", "fonction": "Expert"})
    invitation = Invitation.objects.get()
    assert invitation.operateur == Operateur.objects.get(slug="cerema")
    client.logout()
    client.post(
        f"/comptes/invitations/{jeton(invitation)}/",
        {
            "prenom": "Éric",
            "nom": "Expert",
            "new_password1": "une-phrase-de-passe-solide",
            "new_password2": "une-phrase-de-passe-solide",
        },
    )
    expert = User.objects.get(email="expert@cerema.fr")
    assert expert.a_le_role(Role.OPERATEUR)
    assert client.get("/operateurs/demandes/").status_code == 200
    assert client.get("/collectivite/membres/").status_code == 403


def test_un_service_de_l_etat_invite_dans_son_equipe(client, connecter, comptes):
    connecter("agent@ddt.demo")
    page = texte(client.get("/tableau-de-bord/membres/"))
    assert "Membres de la DDT" in page and "Julien Petit" in page
    client.post("/tableau-de-bord/membres/", {"email": "agent2@ddt.fr"})
    invitation = Invitation.objects.get()
    assert invitation.service == ServiceEtat.DDT
    nouveau = invitation.invite
    nouveau.set_password(MOT_DE_PASSE)
    nouveau.save()
    client.force_login(nouveau)
    client.post(f"/comptes/invitations/{jeton(invitation)}/")
    assert User.objects.get(pk=nouveau.pk).a_le_role(Role.DDT)
    assert client.get("/tableau-de-bord/").status_code == 200


def test_la_page_des_membres_coute_un_nombre_borne_de_requetes(
    client, connecter, comptes, delle, django_assert_max_num_queries
):
    for numero in range(6):
        user = User.objects.create_user(f"membre{numero}@exemple.fr", MOT_DE_PASSE)
        rattacher(user=user, collectivite=delle)
        inviter(
            par=comptes["maire@delle.demo"],
            organisation=Organisation(collectivite=delle),
            email=f"invite{numero}@exemple.fr",
        )
    connecter("maire@delle.demo")
    with django_assert_max_num_queries(14):
        assert client.get("/collectivite/membres/").status_code == 200

"""Writes on accounts: roles, attachments to an organisation, and the groups behind them."""

import re
import uuid

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from guichet.comptes.models import Rattachement, User
from guichet.comptes.permissions import role_du_rattachement
from guichet.comptes.roles import PERMISSIONS_PAR_ROLE, nom_du_groupe
from guichet.notifications.courriels import REINITIALISATION_MOT_DE_PASSE
from guichet.notifications.services import notifier


def synchroniser_groupes_des_roles():
    """Create one group per role and give it exactly the permissions of ``PERMISSIONS_PAR_ROLE``.

    Idempotent; run after every ``migrate`` so that a permission added in code reaches the
    groups. Permissions whose model does not exist (yet) are skipped.
    """
    for role, codes in PERMISSIONS_PAR_ROLE.items():
        groupe, _ = Group.objects.get_or_create(name=nom_du_groupe(role))
        couples = [code.split(".", 1) for code in codes]
        permissions = Permission.objects.none()
        for app_label, codename in couples:
            permissions |= Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        groupe.permissions.set(permissions)


def groupe_de_collectivite(collectivite):
    """The group that holds the object permissions of a collectivité's members."""
    if collectivite.groupe_id is None:
        collectivite.groupe, _ = Group.objects.get_or_create(
            name=f"Collectivité {collectivite.code_insee or collectivite.siren or collectivite.pk}"
        )
        collectivite.save(update_fields=["groupe"])
    return collectivite.groupe


def groupe_d_operateur(operateur):
    """The group that holds the object permissions of an operator's members."""
    if operateur.groupe_id is None:
        operateur.groupe, _ = Group.objects.get_or_create(name=f"Opérateur {operateur.slug}")
        operateur.save(update_fields=["groupe"])
    return operateur.groupe


def attribuer_role(*, user, role):
    user.groups.add(Group.objects.get_or_create(name=nom_du_groupe(role))[0])
    user.__dict__.pop("roles", None)


def _role_et_groupe(rattachement):
    role = role_du_rattachement(rattachement)
    if rattachement.collectivite_id:
        return role, groupe_de_collectivite(rattachement.collectivite)
    if rattachement.operateur_id:
        return role, groupe_d_operateur(rattachement.operateur)
    return role, None


@transaction.atomic
def rattacher(*, user, collectivite=None, operateur=None, service="", fonction=""):
    """Attach ``user`` to one organisation, giving the matching role and object-permission group.

    Idempotent: attaching twice to the same organisation updates the function only.
    """
    rattachement, _ = Rattachement.objects.update_or_create(
        user=user,
        collectivite=collectivite,
        operateur=operateur,
        service=service,
        defaults={"fonction": fonction},
    )
    appliquer_rattachement(rattachement)
    return rattachement


def appliquer_rattachement(rattachement):
    """Give the attached user the role and group that follow from ``rattachement``."""
    role, groupe = _role_et_groupe(rattachement)
    attribuer_role(user=rattachement.user, role=role)
    if groupe is not None:
        rattachement.user.groups.add(groupe)


@transaction.atomic
def detacher(*, rattachement):
    """Remove an attachment and the object-permission group it gave.

    The role group is kept while another attachment of the same kind remains.
    """
    user = rattachement.user
    role, groupe = _role_et_groupe(rattachement)
    rattachement.delete()
    if groupe is not None:
        user.groups.remove(groupe)
    restants = [_role_et_groupe(r)[0] for r in user.rattachements.all()]
    if role not in restants:
        user.groups.remove(*Group.objects.filter(name=nom_du_groupe(role)))
    user.__dict__.pop("roles", None)


@transaction.atomic
def demander_reinitialisation(*, users):
    """Queue a password-reset email to each of ``users`` (the active accounts, with a password,
    of the address given; often none).

    Only an outbox row is written: the worker builds the email, with its link, and sends it, so
    that an address with an account costs the request one row more, not a conversation with the
    mail server. The row also tells the person, in their notification centre, that a reset was
    asked for.
    """
    for user in users:
        notifier(
            destinataires=[user],
            evenement=REINITIALISATION_MOT_DE_PASSE,
            cle=f"reinitialisation:{uuid.uuid4().hex}",
            sujet="Choisir un nouveau mot de passe",
            corps=(
                "Une demande de nouveau mot de passe a été faite pour votre compte : le lien "
                "vous a été envoyé par courriel. Si vous n'êtes pas à l'origine de cette "
                "demande, ignorez-la : votre mot de passe reste inchangé."
            ),
            immediat=True,
        )


COMPTE_DESACTIVE = "Ce compte est désactivé. Contactez l'administrateur du guichet unique."


@transaction.atomic
def rapprocher_compte_proconnect(*, sub, email, prenom, nom, siret, email_verifie=None):
    """The account of the person ProConnect identified, found or created, and up to date.

    Found first by the ProConnect identifier (``sub``), whatever its address has become. Else by
    its address, when ProConnect vouches for it: ProConnect's identity providers hand out
    professional addresses they have verified (ProConnect Identité sends a code to the address)
    and ProConnect sends no ``email_verified``, so its address counts as verified unless it
    says ``email_verified: false``; the account found must not be tied to another ``sub``
    already. Else a new account, without password, with the names ProConnect gives.

    Each sign-in records the SIRET ProConnect gives (the organisation the person signs in for)
    and takes the new address of a person found by ``sub`` when no other account holds it. A
    deactivated account is refused.
    """
    email = User.objects.normalize_email(email)
    user = User.objects.select_for_update().filter(proconnect_sub=sub).first()
    if user is None:
        if not email:
            raise ValidationError(
                {
                    "email": "ProConnect n'a pas transmis d'adresse électronique : "
                    "le compte ne peut pas être créé."
                }
            )
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = User(email=email)
            user.set_unusable_password()
        elif email_verifie is False:
            raise ValidationError(
                {
                    "email": "ProConnect n'a pas confirmé cette adresse électronique : "
                    "connectez-vous avec votre mot de passe ou contactez l'administrateur."
                }
            )
        elif user.proconnect_sub:
            raise ValidationError(
                {
                    "email": "Un autre compte ProConnect utilise déjà cette adresse électronique "
                    "sur le guichet unique. Contactez l'administrateur du guichet unique."
                }
            )
    elif (
        email
        and email_verifie is not False
        and email != user.email
        and not User.objects.filter(email__iexact=email).exists()
    ):
        user.email = email
    if not user.is_active:
        raise ValidationError({"compte": COMPTE_DESACTIVE})
    user.proconnect_sub = sub
    user.siret = siret if re.fullmatch(r"\d{14}", siret or "") else ""
    user.prenom = user.prenom or prenom[:150]
    user.nom = user.nom or nom[:150]
    user.save()
    return user

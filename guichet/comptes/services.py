"""Writes on accounts: roles, attachments to an organisation, and the groups behind them."""

import datetime
import re
import uuid

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from guichet.comptes.models import (
    DemandeAcces,
    Invitation,
    MouvementMembre,
    Rattachement,
    ServiceEtat,
    StatutDemandeAcces,
    StatutInvitation,
    TypeMouvement,
    User,
)
from guichet.comptes.organisations import Organisation
from guichet.comptes.permissions import role_du_rattachement
from guichet.comptes.roles import PERMISSIONS_PAR_ROLE, est_agent_de_l_etat, nom_du_groupe
from guichet.notifications.courriels import INVITATION, REINITIALISATION_MOT_DE_PASSE
from guichet.notifications.services import notifier
from guichet.territoire.models import Departement

# How long an invitation link may be used.
DUREE_INVITATION = datetime.timedelta(days=7)


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


def groupe_d_equipe(equipe):
    """The group that holds the object permissions of an operator's local team."""
    if equipe.groupe_id is None:
        equipe.groupe, _ = Group.objects.get_or_create(name=f"Équipe d'opérateur {equipe.pk}")
        equipe.save(update_fields=["groupe"])
    return equipe.groupe


def attribuer_role(*, user, role):
    user.groups.add(Group.objects.get_or_create(name=nom_du_groupe(role))[0])
    user.oublier_ce_qui_a_ete_lu()


def _role_et_groupe(rattachement):
    role = role_du_rattachement(rattachement)
    if rattachement.collectivite_id:
        return role, groupe_de_collectivite(rattachement.collectivite)
    if rattachement.equipe_id:
        return role, groupe_d_equipe(rattachement.equipe)
    if rattachement.operateur_id:
        return role, groupe_d_operateur(rattachement.operateur)
    return role, None


@transaction.atomic
def rattacher(
    *,
    user,
    collectivite=None,
    operateur=None,
    equipe=None,
    service="",
    departement=None,
    fonction="",
):
    """Attach ``user`` to one organisation, giving the matching role and object-permission group.

    A State service is a département's: the default one (``Departement.objects.par_defaut()``)
    unless ``departement`` says otherwise. An operator's member may belong to one of its local
    teams (``equipe``): they then hold the team's rights instead of the national group's.
    Idempotent: attaching twice to the same organisation updates the function and the team
    only.
    """
    if equipe is not None and equipe.operateur_id != getattr(operateur, "pk", None):
        raise ValidationError({"equipe": "Choisissez une équipe de cet opérateur."})
    if service and departement is None:
        departement = Departement.objects.par_defaut()
    rattachement, _ = Rattachement.objects.update_or_create(
        user=user,
        collectivite=collectivite,
        operateur=operateur,
        service=service,
        departement=departement if service else None,
        defaults={"fonction": fonction, "equipe": equipe},
    )
    appliquer_rattachement(rattachement)
    return rattachement


def appliquer_rattachement(rattachement):
    """Give the attached user the role and group that follow from ``rattachement``; for an
    operator, its national group or their team's, and none of the operator's other groups (a
    member moved to another team loses the former one's rights)."""
    role, groupe = _role_et_groupe(rattachement)
    attribuer_role(user=rattachement.user, role=role)
    if rattachement.operateur_id:
        autres = Group.objects.filter(
            Q(operateur=rattachement.operateur_id)
            | Q(equipe_operateur__operateur=rattachement.operateur_id)
        ).exclude(pk=groupe.pk)
        rattachement.user.groups.remove(*autres)
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
    user.oublier_ce_qui_a_ete_lu()


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


def _agents_de_l_etat(departement):
    """The people of the préfecture and the DDT of ``departement`` (an id), who validate the
    access requests to its collectivités."""
    return User.objects.filter(
        is_active=True,
        rattachements__service__in=[ServiceEtat.PREFECTURE, ServiceEtat.DDT],
        rattachements__departement=departement,
    ).distinct()


def _nom(user):
    return str(user) if user is not None else ""


def _mouvement(organisation, type, *, membre, par, detail=""):
    MouvementMembre.objects.create(
        **organisation.filtre,
        type=type,
        membre=membre,
        membre_nom=f"{_nom(membre)} ({membre.email})" if membre.get_full_name() else membre.email,
        auteur=par,
        auteur_nom=_nom(par),
        detail=detail,
    )


def _le(moment):
    return date_format(timezone.localtime(moment), "j F Y à H:i")


@transaction.atomic
def demander_acces(*, user, collectivite, fonction, message=""):
    """A person without attachment asks to join ``collectivite``; the State's agents hear of it.

    One request waits at a time: a second one is refused while the first is pending.
    """
    if user.rattachements.exists():
        raise ValidationError(
            "Votre compte est déjà rattaché à une organisation : demandez à un de ses membres "
            "de vous inviter dans une autre."
        )
    if not fonction.strip():
        raise ValidationError({"fonction": "Indiquez votre fonction."})
    # Locks the person's row: two requests posted at once cannot both find none pending.
    User.objects.select_for_update().get(pk=user.pk)
    if user.demandes_acces.filter(statut=StatutDemandeAcces.EN_ATTENTE).exists():
        raise ValidationError(
            "Vous avez déjà une demande d'accès en attente : la préfecture l'examine."
        )
    demande = DemandeAcces.objects.create(
        user=user, collectivite=collectivite, fonction=fonction.strip(), message=message.strip()
    )
    notifier(
        destinataires=_agents_de_l_etat(collectivite.departement_id),
        evenement="demande_acces",
        cle=f"demande_acces:{demande.pk}",
        sujet=f"Demande d'accès : {user} pour {collectivite.avec_article}",
        corps=(
            f"{user} ({user.email}) demande l'accès au guichet unique pour "
            f"{collectivite.avec_article}, en tant que « {demande.fonction} »."
            + (f"\n\nSon message : {demande.message}" if demande.message else "")
        ),
        lien=reverse("acces:validation"),
    )
    return demande


def _demande_a_traiter(demande, par):
    demande = DemandeAcces.objects.select_for_update().get(pk=demande.pk)
    if not est_agent_de_l_etat(par, demande.collectivite.departement_id):
        raise PermissionDenied(
            "Seuls les agents de l'État du département de la collectivité traitent cette "
            "demande d'accès."
        )
    if not demande.en_attente:
        qui = f" par {demande.traitee_par}" if demande.traitee_par else ""
        raise ValidationError(
            f"Cette demande d'accès a déjà été {demande.get_statut_display().lower()}{qui} "
            f"le {_le(demande.date_traitement)} : rien n'a été modifié."
        )
    return demande


def _terminer(demande, par, statut, motif=""):
    demande.statut = statut
    demande.motif_refus = motif
    demande.traitee_par = par
    demande.date_traitement = timezone.now()
    demande.save(update_fields=["statut", "motif_refus", "traitee_par", "date_traitement"])


@transaction.atomic
def valider_demande_acces(*, demande, par):
    """Attach the requester to the collectivité with the function asked, and tell them."""
    demande = _demande_a_traiter(demande, par)
    rattacher(user=demande.user, collectivite=demande.collectivite, fonction=demande.fonction)
    _terminer(demande, par, StatutDemandeAcces.VALIDEE)
    _mouvement(
        Organisation(collectivite=demande.collectivite),
        TypeMouvement.ARRIVEE,
        membre=demande.user,
        par=par,
        detail="Demande d'accès validée par la préfecture",
    )
    notifier(
        destinataires=[demande.user],
        evenement="acces_valide",
        cle=f"acces_valide:{demande.pk}",
        sujet=f"Votre accès pour {demande.collectivite.avec_article} est validé",
        corps=(
            f"La préfecture a validé votre demande : vous êtes membre "
            f"{demande.collectivite.de_article} sur le guichet unique. Vous pouvez déposer et "
            "suivre ses demandes."
        ),
        lien="/",
        immediat=True,
    )
    return demande


@transaction.atomic
def refuser_demande_acces(*, demande, par, motif):
    """Refuse with a reason, which the requester reads."""
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez le motif du refus : la personne le lira."})
    demande = _demande_a_traiter(demande, par)
    _terminer(demande, par, StatutDemandeAcces.REFUSEE, motif.strip())
    notifier(
        destinataires=[demande.user],
        evenement="acces_refuse",
        cle=f"acces_refuse:{demande.pk}",
        sujet=f"Votre demande d'accès pour {demande.collectivite.avec_article} est refusée",
        corps=(
            f"La préfecture a refusé votre demande d'accès pour "
            f"{demande.collectivite.avec_article}. Motif : {demande.motif_refus}"
        ),
        lien=reverse("comptes:demande_acces"),
        immediat=True,
    )
    return demande


def _exiger_membre(par, organisation):
    if not par.rattachements.filter(**organisation.filtre).exists():
        raise PermissionDenied(f"Vous n'êtes pas membre de {organisation.avec_article}.")


@transaction.atomic
def inviter(*, par, organisation, email, fonction=""):
    """A member invites a colleague into ``organisation`` by email, for ``DUREE_INVITATION``.

    The invitation is addressed to an account: the one with this address, or a new one without
    a password that the colleague completes when accepting. The email, with its signed link, is
    built when it is sent: the outbox never holds the link.
    """
    _exiger_membre(par, organisation)
    email = User.objects.normalize_email(email)
    invite = User.objects.filter(email__iexact=email).first()
    if invite is not None and not invite.is_active:
        raise ValidationError(
            {
                "email": (
                    "Le compte de cette adresse est désactivé : l'administrateur peut le réactiver."
                )
            }
        )
    if invite is not None and invite.rattachements.filter(**organisation.filtre).exists():
        raise ValidationError(
            {"email": f"Cette personne est déjà membre de {organisation.avec_article}."}
        )
    en_cours = Invitation.objects.filter(
        **organisation.filtre,
        email=email,
        statut=StatutInvitation.EN_COURS,
        date_expiration__gt=timezone.now(),
    )
    if en_cours.exists():
        raise ValidationError(
            {
                "email": "Une invitation à cette adresse est déjà en cours : révoquez-la pour en "
                "envoyer une nouvelle."
            }
        )
    if invite is None:
        invite = User.objects.create_user(email)  # no password: chosen when accepting
    invitation = Invitation.objects.create(
        **organisation.filtre,
        email=email,
        fonction=fonction.strip(),
        invite=invite,
        invite_par=par,
        date_expiration=timezone.now() + DUREE_INVITATION,
    )
    _mouvement(organisation, TypeMouvement.INVITATION, membre=invite, par=par)
    notifier(
        destinataires=[invite],
        evenement=INVITATION,
        cle=f"invitation:{invitation.pk}",
        sujet=f"{par} vous invite à rejoindre {organisation.avec_article}",
        corps=(
            f"{par} vous invite à rejoindre {organisation.avec_article} sur le guichet unique. "
            f"Le lien pour accepter vous a été envoyé par courriel ; il est valable jusqu'au "
            f"{_le(invitation.date_expiration)}."
        ),
        objet=invitation,
        immediat=True,
    )
    return invitation


@transaction.atomic
def revoquer_invitation(*, invitation, par):
    organisation = Organisation.de(invitation)
    _exiger_membre(par, organisation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.statut != StatutInvitation.EN_COURS:
        raise ValidationError(
            f"Cette invitation est déjà {invitation.get_statut_display().lower()} : rien n'a été "
            "modifié."
        )
    invitation.statut = StatutInvitation.REVOQUEE
    invitation.terminee_par = par
    invitation.date_fin = timezone.now()
    invitation.save(update_fields=["statut", "terminee_par", "date_fin"])
    _mouvement(organisation, TypeMouvement.REVOCATION, membre=invitation.invite, par=par)
    return invitation


def refus_de_l_invitation(invitation):
    """Why ``invitation`` can no longer be accepted, in French; "" while it can."""
    if invitation.statut == StatutInvitation.ACCEPTEE:
        return "Cette invitation a déjà été acceptée : le lien ne sert qu'une fois."
    if invitation.statut == StatutInvitation.REVOQUEE:
        return "Cette invitation a été révoquée par un membre de l'organisation."
    if invitation.expiree:
        return (
            f"Cette invitation a expiré le {_le(invitation.date_expiration)} : demandez à la "
            "personne qui vous a invité de vous en envoyer une nouvelle."
        )
    if not invitation.invite.is_active:
        return "Le compte invité est désactivé : l'administrateur peut le réactiver."
    return ""


@transaction.atomic
def accepter_invitation(*, invitation, user):
    """``user``, the invited account, joins the organisation with the function given."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if user.pk != invitation.invite_id:
        raise PermissionDenied("Cette invitation est adressée à une autre adresse.")
    refus = refus_de_l_invitation(invitation)
    if refus:
        raise ValidationError(refus)
    organisation = Organisation.de(invitation)
    rattacher(user=user, **organisation.filtre, fonction=invitation.fonction)
    invitation.statut = StatutInvitation.ACCEPTEE
    invitation.terminee_par = user
    invitation.date_fin = timezone.now()
    invitation.save(update_fields=["statut", "terminee_par", "date_fin"])
    _mouvement(
        organisation,
        TypeMouvement.ARRIVEE,
        membre=user,
        par=user,
        detail=f"Invitation de {invitation.invite_par}" if invitation.invite_par else "",
    )
    if invitation.invite_par is not None:
        notifier(
            destinataires=[invitation.invite_par],
            evenement="invitation_acceptee",
            cle=f"invitation_acceptee:{invitation.pk}",
            sujet=f"{user} a rejoint {organisation.avec_article}",
            corps=f"{user} a accepté votre invitation et a rejoint {organisation.avec_article}.",
            lien=organisation.url,
        )
    return invitation


@transaction.atomic
def completer_compte_invite(*, invitation, prenom, nom, mot_de_passe):
    """The invited person, without a password yet, chooses one, then joins."""
    user = User.objects.select_for_update().get(pk=invitation.invite_id)
    if user.has_usable_password() or user.proconnect_sub:
        raise PermissionDenied("Ce compte existe déjà : connectez-vous pour accepter.")
    user.prenom, user.nom = prenom.strip(), nom.strip()
    user.set_password(mot_de_passe)
    user.save(update_fields=["prenom", "nom", "password"])
    accepter_invitation(invitation=invitation, user=user)
    return user


@transaction.atomic
def retirer_membre(*, rattachement, par):
    """Remove a member from the organisation; the account stays, the history keeps the name.

    An organisation keeps at least one member: the last one is not removed (not even by
    themself), so that someone is always there to invite the next.
    """
    organisation = Organisation.de(rattachement)
    _exiger_membre(par, organisation)
    membres = Rattachement.objects.select_for_update().filter(**organisation.filtre)
    if len(membres) <= 1:
        raise ValidationError(
            f"{capfirst(_nom(rattachement.user))} est le dernier membre de "
            f"{organisation.avec_article} : invitez d'abord la personne qui prendra le relais."
        )
    membre = rattachement.user
    detacher(rattachement=rattachement)
    _mouvement(
        organisation,
        TypeMouvement.RETRAIT,
        membre=membre,
        par=par,
        detail="A quitté l'organisation" if membre.pk == par.pk else "",
    )
    if membre.pk != par.pk:
        notifier(
            destinataires=[membre],
            evenement="membre_retire",
            cle=f"membre_retire:{uuid.uuid4().hex}",
            sujet=f"Vous n'êtes plus membre de {organisation.avec_article}",
            corps=(
                f"{par} vous a retiré de {organisation.avec_article} sur le guichet unique. "
                "Votre compte reste ouvert."
            ),
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

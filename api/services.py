"""Creating and revoking an organisation's API tokens and webhook subscriptions.

A token or a subscription acts through its organisation's technical account: a ``User``
attached to the organisation (``guichet.comptes.services.rattacher``: same role, same group,
hence the same object permissions as its members), inactive so that it never signs in and never
receives a notification. What it reads is ``Demande.objects.visibles_par(compte)``, what it does
goes through the browser's services with ``par=compte``: the timeline says « par API (Ademe) ».
"""

import base64
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from guichet.comptes.models import User
from guichet.comptes.services import rattacher

from .models import Abonnement, JetonApi, TypeEvenementWebhook

PREFIXE_JETON = "gu_"
PREFIXE_SECRET = "whsec_"  # noqa: S105 (the prefix, not a secret)
DOMAINE_COMPTES = "api.guichet.invalid"


def empreinte(jeton):
    return hashlib.sha256(jeton.encode()).hexdigest()


def organisations_de(user):
    """The organisations ``user`` may hold tokens for: the operators and State services they
    belong to (a collectivité has no API token)."""
    from guichet.comptes.organisations import Organisation

    return [
        Organisation.de(r)
        for r in user.rattachements.select_related("operateur", "departement").filter(
            collectivite__isnull=True
        )
    ]


def _exiger_membre(par, organisation):
    if organisation not in organisations_de(par):
        raise PermissionDenied("Seuls les membres de l'organisation gèrent ses jetons.")


def compte_technique(organisation):
    """The organisation's technical account, created the first time it is needed."""
    cle = (
        f"operateur-{organisation.operateur.slug}"
        if organisation.operateur is not None
        else f"service-{organisation.service}-{organisation.departement.code}"
    )
    user, cree = User.objects.get_or_create(
        email=f"{cle}@{DOMAINE_COMPTES}",
        defaults={"prenom": "API", "nom": f"({organisation.nom})", "is_active": False},
    )
    if cree:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    rattacher(
        user=user,
        operateur=organisation.operateur,
        service=organisation.service,
        departement=organisation.departement,
        fonction="Compte technique de l'API",
    )
    return user


@transaction.atomic
def creer_jeton(*, par, organisation, nom, portee):
    """Create a token; returns ``(jeton, texte)``: ``texte`` is shown once and never stored."""
    _exiger_membre(par, organisation)
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": "Donnez un nom au jeton."})
    texte = PREFIXE_JETON + secrets.token_urlsafe(32)
    jeton = JetonApi.objects.create(
        operateur=organisation.operateur,
        service=organisation.service,
        departement=organisation.departement,
        nom=nom,
        prefixe=texte[:10],
        empreinte=empreinte(texte),
        portee=portee,
        compte=compte_technique(organisation),
        cree_par=par,
    )
    return jeton, texte


@transaction.atomic
def revoquer_jeton(*, jeton, par):
    jeton = JetonApi.objects.select_for_update().get(pk=jeton.pk)
    _exiger_membre(par, jeton.organisation_complete)
    if jeton.date_revocation is not None:
        raise ValidationError("Ce jeton est déjà révoqué.")
    jeton.date_revocation = timezone.now()
    jeton.revoque_par = par
    jeton.save(update_fields=["date_revocation", "revoque_par"])
    return jeton


def nouveau_secret():
    return PREFIXE_SECRET + base64.b64encode(secrets.token_bytes(32)).decode()


@transaction.atomic
def abonner(*, par, organisation, url, evenements):
    _exiger_membre(par, organisation)
    inconnus = set(evenements) - set(TypeEvenementWebhook.values)
    if not evenements or inconnus:
        raise ValidationError({"evenements": "Choisissez au moins un événement."})
    return Abonnement.objects.create(
        operateur=organisation.operateur,
        service=organisation.service,
        departement=organisation.departement,
        url=url,
        evenements=sorted(evenements),
        secret=nouveau_secret(),
        compte=compte_technique(organisation),
        cree_par=par,
    )


@transaction.atomic
def reactiver(*, abonnement, par):
    abonnement = Abonnement.objects.select_for_update().get(pk=abonnement.pk)
    _exiger_membre(par, abonnement.organisation_complete)
    abonnement.actif = True
    abonnement.echecs_consecutifs = 0
    abonnement.date_desactivation = None
    abonnement.motif_desactivation = ""
    abonnement.save()
    return abonnement


@transaction.atomic
def supprimer_abonnement(*, abonnement, par):
    _exiger_membre(par, abonnement.organisation_complete)
    abonnement.delete()

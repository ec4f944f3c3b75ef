"""The State's morning digest: demandes waiting beyond the delays set in the admin; and the
reminders to whoever is late (below)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from guichet.notifications.services import notifier
from guichet.territoire.models import Departement

from . import destinataires
from .models import (
    ConfigurationRelances,
    Demande,
    DemandeComplement,
    Evenement,
    Relance,
    Statut,
    TypeEvenement,
)
from .notifications import notifier as notifier_demande


def configurations():
    """The reminder settings of each département that has demandes (its defaults when nobody
    set them), with the département."""
    avec_des_demandes = Departement.objects.filter(
        Exists(Demande.objects.filter(departement=OuterRef("pk")))
    )
    for departement in avec_des_demandes:
        config = ConfigurationRelances.du_departement(departement)
        config.departement = departement
        yield config


def demandes_en_retard(config, maintenant=None):
    """The waiting demandes of ``config``'s département, grouped by reason, oldest first."""
    maintenant = maintenant or timezone.now()
    jours = datetime.timedelta(days=1)
    base = Demande.objects.filter(departement=config.departement_id).select_related("collectivite")
    return {
        "Déposées et non prises en charge": base.filter(
            statut=Statut.DEPOSEE, date_depot__lte=maintenant - config.delai_prise_en_charge * jours
        ).order_by("date_depot"),
        "À compléter, sans réponse de la collectivité": base.filter(
            statut=Statut.A_COMPLETER,
            complements__date_reponse__isnull=True,
            complements__date_ouverture__lte=maintenant - config.delai_complement * jours,
        ).order_by("date_depot"),
        "Orientées, en attente des opérateurs": base.filter(
            statut=Statut.ORIENTEE,
            date_orientation__lte=maintenant - config.delai_operateur * jours,
        ).order_by("date_orientation"),
    }


def envoyer_recapitulatif_des_retards(maintenant=None):
    """Write today's digest for the préfecture and the DDT of each département, of its own
    demandes (once a day, whatever the reruns). Returns the number of demandes listed."""
    return sum(_recapitulatif(config, maintenant) for config in configurations() if config.actif)


def _recapitulatif(config, maintenant=None):
    maintenant = maintenant or timezone.now()
    groupes = {titre: list(qs) for titre, qs in demandes_en_retard(config, maintenant).items()}
    total = sum(len(demandes) for demandes in groupes.values())
    if not total:
        return 0
    lignes = []
    for titre, demandes in groupes.items():
        if demandes:
            lignes.append(f"{titre} ({len(demandes)}) :")
            lignes.extend(f"- {d.reference} — {d.titre} ({d.collectivite.nom})" for d in demandes)
    notifier(
        destinataires=destinataires.services_de_l_etat(config.departement_id),
        evenement="relances",
        cle=f"relances:{config.departement.code}:{timezone.localdate(maintenant).isoformat()}",
        sujet=f"{total} demande{'s' if total > 1 else ''} en attente au-delà des délais",
        corps="\n".join(lignes),
        lien="/demandes/",
    )
    return total


# The reminders to whoever is late, each sent once per delay (``Relance``): the operators that
# neither accepted nor declined a routing, the collectivités whose complement stays open. The
# experts' are in ``avis.relances``; both run each morning (``CELERY_BEAT_SCHEDULE``).


def relancer_une_fois(
    *, cle, demande, nature, libelle, ecrire, detail="", interne=False, type=None
):
    """Record the reminder ``cle`` (its timeline line, its outbox rows written by ``ecrire()``)
    unless it was already sent: a rerun, even in parallel, adds nothing (the second insert of
    ``cle`` waits for the first transaction, then fails). True when sent now."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Relance.objects.create(cle=cle, demande=demande, nature=nature)
        except IntegrityError:
            return False
        Evenement.objects.create(
            demande=demande,
            type=type or TypeEvenement.RELANCE,
            libelle=libelle,
            detail=detail,
            interne=interne,
        )
        ecrire()
    return True


def relancer_les_operateurs(config, maintenant=None):
    """Each routing still « proposée » ``config.relance_operateur`` days after it was made, in
    ``config``'s département."""
    from operateurs.models import Orientation, StatutOrientation

    maintenant = maintenant or timezone.now()
    limite = maintenant - datetime.timedelta(days=config.relance_operateur)
    envoyees = 0
    orientations = Orientation.objects.filter(
        statut=StatutOrientation.PROPOSEE,
        date_orientation__lte=limite,
        demande__departement=config.departement_id,
        demande__statut__in=[Statut.ORIENTEE, Statut.INSCRITE_COMITE, Statut.EN_INSTRUCTION],
    ).select_related("demande__collectivite", "operateur")
    for orientation in orientations:
        demande, operateur = orientation.demande, orientation.operateur
        jours = (maintenant - orientation.date_orientation).days

        def ecrire(orientation=orientation, demande=demande, operateur=operateur, jours=jours):
            notifier_demande(
                destinataires=destinataires.membres_operateur(operateur, demande),
                evenement="relance_operateur",
                cle=f"relance_operateur:{orientation.pk}:{config.relance_operateur}",
                sujet=f"{demande.reference} — Rappel : orientation en attente de votre réponse",
                corps=(
                    f"La demande « {demande.titre} » ({demande.collectivite.nom}) a été orientée "
                    f"vers {operateur.avec_article} il y a {jours} jours ; elle attend toujours "
                    "que vous l'acceptiez ou la déclinez."
                ),
                lien=demande.get_absolute_url(),
                demande=demande,
            )

        envoyees += relancer_une_fois(
            cle=f"operateur:{orientation.pk}:{config.relance_operateur}j",
            demande=demande,
            nature="operateur",
            libelle=f"Relance envoyée {operateur.a_article} : orientation sans réponse",
            detail=f"Orientée le {date_format(timezone.localtime(orientation.date_orientation))}",
            interne=True,
            ecrire=ecrire,
        )
    return envoyees


def relancer_les_collectivites(config, maintenant=None):
    """Each complement still open ``config.relance_complement`` days after it was asked, in
    ``config``'s département."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - datetime.timedelta(days=config.relance_complement)
    envoyees = 0
    complements = DemandeComplement.objects.filter(
        date_reponse__isnull=True,
        date_ouverture__lte=limite,
        demande__statut=Statut.A_COMPLETER,
        demande__departement=config.departement_id,
    ).select_related("demande__collectivite")
    for complement in complements:
        demande = complement.demande

        def ecrire(complement=complement, demande=demande):
            notifier_demande(
                destinataires=destinataires.collectivite(demande),
                evenement="relance_complement",
                cle=f"relance_complement:{complement.pk}:{config.relance_complement}",
                sujet=f"{demande.reference} — Rappel : des précisions vous sont demandées",
                corps=(
                    f"Des précisions sur « {demande.titre} » vous ont été demandées le "
                    f"{date_format(timezone.localtime(complement.date_ouverture))} ; la demande "
                    "ne peut pas avancer avant votre réponse."
                ),
                lien=reverse("demandes:completer", args=[demande.pk]),
                demande=demande,
            )

        envoyees += relancer_une_fois(
            cle=f"complement:{complement.pk}:{config.relance_complement}j",
            demande=demande,
            nature="complement",
            libelle="Rappel envoyé à la collectivité : précisions toujours attendues",
            detail=(f"Demandées le {date_format(timezone.localtime(complement.date_ouverture))}"),
            ecrire=ecrire,
        )
    return envoyees


def envoyer_les_relances(maintenant=None):
    """The morning's reminders to operators and collectivités, each département by its own
    delays (see ``ConfigurationRelances``)."""
    envoyees = {"operateurs": 0, "collectivites": 0}
    for config in configurations():
        if config.relances_actives:
            envoyees["operateurs"] += relancer_les_operateurs(config, maintenant)
            envoyees["collectivites"] += relancer_les_collectivites(config, maintenant)
    return envoyees

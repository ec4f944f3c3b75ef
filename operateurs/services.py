"""An operator's answers to a routed demande: accept, decline, give its opinion and offer, finish.

Each use case runs in one transaction, writes the demande's timeline and the notifications of
DESIGN.md (the referent and the DDT hear of accepting and declining).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from guardian.shortcuts import remove_perm

from demandes import chiffres, destinataires
from demandes.models import Demande, Evenement, TypeEvenement
from demandes.notifications import notifier
from demandes.services import MODIFIEE_ENTRE_TEMPS

from . import workflow
from .equipes import groupes_de, membres_pour
from .models import Orientation, RegleOrientation


def _verrouiller(orientation, par, *, action, version=None):
    """Lock the routing and check that ``par`` may give the answer ``action`` now
    (``operateurs/workflow.py``), on the demande's ``version`` they read when one is given."""
    orientation = (
        # Lock the routing and its demande (the State may be closing it meanwhile); not the
        # nullable side of the joins, which PostgreSQL cannot lock.
        Orientation.objects.select_for_update(of=("self", "demande"))
        .select_related("demande__collectivite", "demande__referent", "operateur")
        .get(pk=orientation.pk)
    )
    workflow.verifier(action, user=par, orientation=orientation)
    if version is not None and orientation.demande.version != int(version):
        raise ValidationError(MODIFIEE_ENTRE_TEMPS, code="modifiee_entre_temps")
    return orientation


def _en_debut_de_phrase(orientation):
    """« L'Ademe accepte… », « Le Cerema décline… »."""
    return capfirst(orientation.operateur.avec_article)


def _evenement(orientation, par, libelle, *, detail="", interne=False):
    """The timeline's line; the page names the operator after the person (« par Sophie
    Lambert (Ademe) »)."""
    chiffres.demandes_changees(orientation.demande.departement_id)
    # The demande changed for whoever reads it: the API's « modifie_depuis » synchronisation
    # sees it. Its version stays: it guards the State's and the collectivité's actions, which
    # an operator's answer does not make stale.
    Demande.objects.filter(pk=orientation.demande_id).update(date_modification=timezone.now())
    Evenement.objects.create(
        demande=orientation.demande,
        auteur=par,
        type=TypeEvenement.OPERATEUR,
        libelle=libelle,
        detail=detail,
        interne=interne,
    )


def _prevenir_l_etat(orientation, *, evenement, sujet, corps):
    demande = orientation.demande
    notifier(
        destinataires=[*destinataires.referent(demande), *destinataires.ddt(demande)],
        evenement=evenement,
        cle=f"{evenement}:{orientation.pk}",
        sujet=f"{demande.reference} — {sujet}",
        corps=corps,
        lien=demande.get_absolute_url(),
        demande=demande,
    )


@transaction.atomic
def accepter(*, orientation, par, responsable=None, version=None):
    orientation = _verrouiller(orientation, par, action="accepter", version=version)
    l_operateur = _en_debut_de_phrase(orientation)
    if (
        responsable is not None
        and not membres_pour(orientation.operateur, orientation.demande)
        .filter(pk=responsable.pk)
        .exists()
    ):
        raise ValidationError({"responsable": "Choisissez un membre de votre organisation."})
    orientation.statut = workflow.TRANSITIONS["accepter"].cible
    orientation.responsable = responsable or par
    orientation.date_reponse = timezone.now()
    orientation.save(update_fields=["statut", "responsable", "date_reponse"])
    _evenement(
        orientation,
        par,
        "Accompagnement accepté",
        detail=f"Personne en charge : {orientation.responsable}",
    )
    _prevenir_l_etat(
        orientation,
        evenement="operateur_accepte",
        sujet=f"{l_operateur} accepte la demande",
        corps=f"{l_operateur} accepte d'accompagner « {orientation.demande.titre} ».",
    )
    return orientation


@transaction.atomic
def decliner(*, orientation, par, motif, version=None):
    """Decline: the operator loses access to the demande; the referent and the DDT are told."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez pourquoi vous déclinez."})
    orientation = _verrouiller(orientation, par, action="decliner", version=version)
    l_operateur = _en_debut_de_phrase(orientation)
    orientation.statut = workflow.TRANSITIONS["decliner"].cible
    orientation.motif_refus = motif
    orientation.date_reponse = timezone.now()
    orientation.save(update_fields=["statut", "motif_refus", "date_reponse"])
    # Whichever of its groups holds the right (a team may have changed its départements since).
    for groupe in groupes_de(orientation.operateur):
        remove_perm("view_demande", groupe, orientation.demande)
    _evenement(orientation, par, "Demande déclinée", detail=motif, interne=True)
    _prevenir_l_etat(
        orientation,
        evenement="operateur_decline",
        sujet=f"{l_operateur} décline la demande",
        corps=f"{l_operateur} décline « {orientation.demande.titre} ». Motif : {motif}",
    )
    return orientation


@transaction.atomic
def donner_avis(
    *,
    orientation,
    par,
    avis,
    type_offre="",
    montant=None,
    jours=None,
    description="",
    version=None,
):
    """The operator's written opinion and the support it offers (it may revise them)."""
    if not (avis or "").strip():
        raise ValidationError({"avis": "Rédigez votre avis."})
    orientation = _verrouiller(orientation, par, action="donner_avis", version=version)
    l_operateur = _en_debut_de_phrase(orientation)
    orientation.avis = avis.strip()
    orientation.type_offre = type_offre
    orientation.montant_estime = montant
    orientation.jours_estimes = jours
    orientation.description_offre = (description or "").strip()
    orientation.date_avis = timezone.now()
    orientation.save(
        update_fields=[
            "avis",
            "type_offre",
            "montant_estime",
            "jours_estimes",
            "description_offre",
            "date_avis",
        ]
    )
    _evenement(
        orientation,
        par,
        "Avis et offre donnés",
        detail=orientation.avis,
        interne=True,
    )
    _prevenir_l_etat(
        orientation,
        evenement="operateur_avis",
        sujet=f"Avis {orientation.operateur.de_article}",
        corps=f"{l_operateur} a donné son avis sur « {orientation.demande.titre} ».",
    )
    notifier(
        destinataires=destinataires.collectivite(orientation.demande),
        evenement="offre_operateur",
        cle=f"offre:{orientation.pk}:{orientation.date_avis.timestamp()}",
        sujet=f"{orientation.demande.reference} — {l_operateur} vous propose un appui",
        corps=orientation.description_offre or f"{l_operateur} a précisé son appui.",
        lien=orientation.demande.get_absolute_url(),
        demande=orientation.demande,
    )
    return orientation


@transaction.atomic
def terminer(*, orientation, par, version=None):
    orientation = _verrouiller(orientation, par, action="terminer", version=version)
    l_operateur = _en_debut_de_phrase(orientation)
    orientation.statut = workflow.TRANSITIONS["terminer"].cible
    orientation.date_fin = timezone.now()
    orientation.save(update_fields=["statut", "date_fin"])
    _evenement(orientation, par, "Appui terminé")
    _prevenir_l_etat(
        orientation,
        evenement="operateur_termine",
        sujet=f"{l_operateur} a terminé son appui",
        corps=f"{l_operateur} a terminé son appui à « {orientation.demande.titre} ».",
    )
    return orientation


@transaction.atomic
def copier_regles_orientation(*, de, vers):
    """Copy the routing rules of the département ``de`` to ``vers``, a département starting
    with none: the rules ``vers`` lacks (same theme and operator) are created with ``de``'s
    weight; those it has keep their own weight. Running it twice creates nothing the second
    time. Returns ``(creees, gardees)``."""
    if de.pk == vers.pk:
        raise ValidationError(
            "Le département de départ et celui d'arrivée sont le même : rien à copier.",
            code="meme_departement",
        )
    deja = set(
        RegleOrientation.objects.filter(departement=vers).values_list("thematique", "operateur")
    )
    regles = list(RegleOrientation.objects.filter(departement=de).order_by("pk"))
    nouvelles = [
        RegleOrientation(
            departement=vers,
            thematique_id=regle.thematique_id,
            operateur_id=regle.operateur_id,
            poids=regle.poids,
        )
        for regle in regles
        if (regle.thematique_id, regle.operateur_id) not in deja
    ]
    RegleOrientation.objects.bulk_create(nouvelles)
    return len(nouvelles), len(regles) - len(nouvelles)

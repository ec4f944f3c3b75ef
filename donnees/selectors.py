"""The published projects and their figures, read once per request from one query (plus two
prefetches): open data for everyone, so nothing here depends on who asks."""

from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone

from demandes.models import Demande, Statut
from guichet.territoire.models import Departement, TypeCollectivite
from operateurs.models import Orientation, StatutOrientation

from .schemas import SEPARATEUR

SANS_EPCI = "Hors EPCI"


def demandes_publiees():
    """The demandes whose collectivité agreed to publish them and that the comité decided to
    support (its date is the decision's): being supported now, or closed after having been (a
    closing without support is not a supported project)."""
    return (
        Demande.objects.filter(
            publier_donnees_ouvertes=True,
            statut__in=[Statut.ACCOMPAGNEE, Statut.CLOTUREE],
            date_accompagnement__isnull=False,
        )
        .select_related("collectivite__epci", "programme", "departement")
        .prefetch_related(
            "thematiques",
            Prefetch(
                "orientations",
                queryset=Orientation.objects.filter(
                    statut__in=[StatutOrientation.ACCEPTEE, StatutOrientation.TERMINEE]
                )
                .select_related("operateur")
                .order_by("operateur__sigle"),
                to_attr="orientations_publiees",
            ),
        )
        .order_by("date_accompagnement", "pk")
    )


def _epci(collectivite):
    return collectivite if collectivite.type == TypeCollectivite.EPCI else collectivite.epci


def projets():
    """One dict per published project, its keys the columns of ``schemas.PROJETS``. Only what
    describes the project: no name, no address, no free text but the title."""
    lignes = []
    for demande in demandes_publiees():
        collectivite = demande.collectivite
        epci = _epci(collectivite)
        lignes.append(
            {
                "identifiant": demande.reference,
                "titre": demande.titre,
                "collectivite": collectivite.nom,
                "type_collectivite": collectivite.get_type_display(),
                "code_insee": collectivite.code_insee,
                "epci": epci.nom if epci else "",
                "siren_epci": epci.siren if epci else "",
                "thematiques": SEPARATEUR.join(t.nom for t in demande.thematiques.all()),
                "programme": demande.programme.nom if demande.programme else "",
                "operateurs": SEPARATEUR.join(
                    o.operateur.sigle for o in demande.orientations_publiees
                ),
                "date_decision": timezone.localdate(demande.date_accompagnement),
                "code_departement": demande.departement.code,
            }
        )
    return lignes


def departements_des_projets(lignes):
    """The départements of the published projects, by code: ``[(code, nom)]``."""
    codes = {ligne["code_departement"] for ligne in lignes}
    return list(
        Departement.objects.filter(code__in=codes).order_by("code").values_list("code", "nom")
    )


def _compter(valeurs):
    """``[(valeur, nombre)]``, the most frequent first, then in alphabetical order."""
    return sorted(Counter(valeurs).items(), key=lambda paire: (-paire[1], paire[0]))


def statistiques(lignes):
    """``{dimension: [(valeur, nombre)]}`` from the projects' rows: by theme (a project counts
    once in each of its themes), by EPCI and by year of the decision (each project once)."""
    return {
        "thematique": _compter(
            theme
            for ligne in lignes
            for theme in (ligne["thematiques"].split(SEPARATEUR) if ligne["thematiques"] else [])
        ),
        "epci": _compter(ligne["epci"] or SANS_EPCI for ligne in lignes),
        "annee": sorted(Counter(str(ligne["date_decision"].year) for ligne in lignes).items()),
    }


def lignes_statistiques(stats):
    return [
        {"dimension": dimension, "valeur": valeur, "nombre_projets": nombre}
        for dimension, paires in stats.items()
        for valeur, nombre in paires
    ]


def projets_par_commune(lignes):
    """``{code INSEE: nombre}`` of the communes' projects, for the map."""
    return dict(
        Counter(
            ligne["code_insee"]
            for ligne in lignes
            if ligne["type_collectivite"] == TypeCollectivite.COMMUNE.label and ligne["code_insee"]
        )
    )

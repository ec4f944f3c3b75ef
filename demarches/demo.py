"""The demo's DETR/DSIL démarche and one dossier already prepared from a supported demande."""

from demandes.models import Demande, Statut

from .models import ChampDemande, CorrespondanceChamp, Demarche
from .services import preparer_dossier

NUMERO = 90001
# Identifiers shaped as DS gives them (base64 of « Champ-<n> »): the demo's démarche is made up.
CORRESPONDANCES = [
    (ChampDemande.COLLECTIVITE, "Q2hhbXAtMTAwMQ"),
    (ChampDemande.SIREN, "Q2hhbXAtMTAwMg"),
    (ChampDemande.TITRE, "Q2hhbXAtMTAwMw"),
    (ChampDemande.DESCRIPTION, "Q2hhbXAtMTAwNA"),
    (ChampDemande.BUDGET_ESTIME, "Q2hhbXAtMTAwNQ"),
    (ChampDemande.THEMATIQUES, "Q2hhbXAtMTAwNg"),
    (ChampDemande.REFERENCE, "Q2hhbXAtMTAwNw"),
    (ChampDemande.LIEN, "Q2hhbXAtMTAwOA"),
]


def charger_demarches(users):
    demarche, creee = Demarche.objects.get_or_create(
        numero=NUMERO,
        defaults={"nom": "DETR/DSIL 2027 — Territoire de Belfort", "chemin": "detr-dsil-90"},
    )
    if not creee:
        return demarche
    for champ, identifiant in CORRESPONDANCES:
        CorrespondanceChamp.objects.create(
            demarche=demarche, champ_demande=champ, identifiant_ds=identifiant
        )
    demande = Demande.objects.filter(
        statut=Statut.ACCOMPAGNEE, collectivite__code_insee="90010"
    ).first()
    if demande is not None:
        preparer_dossier(demande=demande, demarche=demarche, par=users["prefet@prefecture.demo"])
    return demarche

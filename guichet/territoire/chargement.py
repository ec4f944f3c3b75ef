"""Loading of the territory from the public files of ``data/`` (see its README).

The functions take the model classes as arguments so that the data migration can pass its
historical models and the ``charger_territoire`` command the current ones.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# The Territoire de Belfort: the demo's département, and the default one.
CODE_DEPARTEMENT = "90"
NOM_DEPARTEMENT = "Territoire de Belfort"

# The themes of the founding press release (14 December 2020) plus three the design adds.
THEMATIQUES = [
    ("alimentation-proximite", "Alimentation de proximité"),
    ("eau-potable", "Eau potable"),
    ("risques-inondation", "Risques et inondation"),
    ("developpement-economique", "Développement et résilience économiques"),
    ("filieres-avenir-hydrogene", "Filières d'avenir, dont l'hydrogène"),
    ("services-publics-soins", "Accès aux services publics et aux soins"),
    ("revitalisation-centres-villes", "Revitalisation des centres-villes"),
    ("territoires-ruraux", "Développement des territoires ruraux"),
    ("reindustrialisation", "Réindustrialisation"),
    ("numerique-couverture-mobile", "Aménagement numérique et couverture mobile"),
    ("quartiers-prioritaires", "Quartiers prioritaires de la politique de la ville"),
    (
        "revitalisation-commerciale",
        "Revitalisation commerciale, artisanale et immobilière",
    ),
    ("projets-territoire-diagnostics", "Projets de territoire et diagnostics territoriaux"),
    ("transition-ecologique-energie", "Transition écologique et énergie"),
    ("habitat", "Habitat"),
    ("mobilite", "Mobilité"),
]

# National programmes named by the press release and the design.
PROGRAMMES = [
    ("action-coeur-de-ville", "Action cœur de ville"),
    ("petites-villes-de-demain", "Petites villes de demain"),
    ("france-services", "France services"),
    ("territoires-d-industrie", "Territoires d'industrie"),
]


def _lire(nom_fichier):
    with (DATA_DIR / nom_fichier).open(encoding="utf-8", newline="") as fichier:
        return list(csv.DictReader(fichier))


def charger_departements(Region, Departement):
    """Create or update the 18 régions and the 101 départements (``regions.csv`` and
    ``departements.csv``). Returns the number of départements."""
    regions = {}
    for ligne in _lire("regions.csv"):
        regions[ligne["code"]], _ = Region.objects.update_or_create(
            code=ligne["code"], defaults={"nom": ligne["nom"]}
        )
    departements = _lire("departements.csv")
    for ligne in departements:
        Departement.objects.update_or_create(
            code=ligne["code"],
            defaults={
                "nom": ligne["nom"],
                "region": regions[ligne["code_region"]],
                "type_liaison": int(ligne["type_liaison"]),
            },
        )
    return len(departements)


def charger_territoire(Collectivite, Departement=None):
    """Create or update the Territoire de Belfort: the département as a collectivité, its EPCI
    and its communes. Returns the counts. Given the ``Departement`` model (loaded first by
    ``charger_departements``), each collectivité is placed in the département 90."""
    place = {}
    if Departement is not None:
        place["departement"] = Departement.objects.get(code=CODE_DEPARTEMENT)
    Collectivite.objects.update_or_create(
        type="departement",
        code_insee=CODE_DEPARTEMENT,
        defaults={"nom": NOM_DEPARTEMENT, **place},
    )
    epcis = {}
    for ligne in _lire("epci-90.csv"):
        epcis[ligne["siren"]], _ = Collectivite.objects.update_or_create(
            siren=ligne["siren"],
            defaults={
                "type": "epci",
                "nom": ligne["nom"],
                "population": int(ligne["population_municipale"]),
                **place,
            },
        )
    communes = _lire("communes-90.csv")
    for ligne in communes:
        Collectivite.objects.update_or_create(
            code_insee=ligne["code_insee"],
            defaults={
                "type": "commune",
                "nom": ligne["nom"],
                "siren": ligne["siren"],
                "code_postal": ligne["code_postal"],
                "population": int(ligne["population"]),
                "epci": epcis[ligne["code_epci"]],
                **place,
            },
        )
    return {"epci": len(epcis), "communes": len(communes)}


def charger_referentiels(Thematique, ProgrammeNational):
    """Create the themes and programmes that are missing; never touch edited ones."""
    for ordre, (slug, nom) in enumerate(THEMATIQUES, start=1):
        Thematique.objects.get_or_create(slug=slug, defaults={"nom": nom, "ordre": ordre})
    for slug, nom in PROGRAMMES:
        ProgrammeNational.objects.get_or_create(slug=slug, defaults={"nom": nom})


def charger_anciens_codes(Collectivite, AncienCode):
    """Create or update the old codes INSEE of the Territoire de Belfort's communes
    (``anciens-codes-90.csv``: merged communes such as Moval, 90073, in Meroux-Moval, 90068).
    Returns their number."""
    communes = dict(
        Collectivite.objects.filter(type="commune", departement__code=CODE_DEPARTEMENT)
        .exclude(code_insee="")
        .values_list("code_insee", "pk")
    )
    anciens_codes = _lire("anciens-codes-90.csv")
    for ligne in anciens_codes:
        AncienCode.objects.update_or_create(
            code=ligne["code"],
            defaults={
                "nom": ligne["nom"],
                "nature": ligne["nature"],
                "collectivite_id": communes[ligne["code_commune"]],
            },
        )
    return len(anciens_codes)

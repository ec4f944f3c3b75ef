"""The Table Schemas (frictionlessdata.io) of the two published tables: the one description
the files are written from (columns and their order) and the one reusers read."""

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
SEPARATEUR = " ; "

PROJETS = {
    "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
    "name": "projets-accompagnes",
    "title": "Projets accompagnés par les comités locaux de cohésion des territoires",
    "description": (
        "Les projets des collectivités accompagnés après le guichet unique, dans tous les "
        "départements qu'il sert (la colonne code_departement dit celui de chaque projet), "
        "publiés avec l'accord de la collectivité. Aucune donnée personnelle."
    ),
    "fields": [
        {
            "name": "identifiant",
            "title": "Référence de la demande",
            "type": "string",
            "example": "GU-2026-0001",
            "constraints": {"required": True, "unique": True, "pattern": r"GU-\d{4}-\d{4,}"},
        },
        {
            "name": "titre",
            "title": "Titre du projet",
            "type": "string",
            "constraints": {"required": True, "maxLength": 200},
        },
        {
            "name": "collectivite",
            "title": "Collectivité porteuse",
            "type": "string",
            "constraints": {"required": True},
        },
        {
            "name": "type_collectivite",
            "title": "Type de collectivité",
            "type": "string",
            "constraints": {
                "required": True,
                "enum": ["Commune", "EPCI", "Département", "Région", "Syndicat"],
            },
        },
        {
            "name": "code_insee",
            "title": "Code INSEE (commune ou département)",
            "type": "string",
            "constraints": {"pattern": r"[0-9][0-9AB][0-9]{0,3}"},
        },
        {
            "name": "epci",
            "title": "EPCI de rattachement (ou l'EPCI porteur)",
            "type": "string",
        },
        {
            "name": "siren_epci",
            "title": "SIREN de l'EPCI",
            "type": "string",
            "constraints": {"pattern": r"[0-9]{9}"},
        },
        {
            "name": "thematiques",
            "title": "Thématiques",
            "description": f"Séparées par « {SEPARATEUR.strip()} ».",
            "type": "string",
        },
        {"name": "programme", "title": "Programme national", "type": "string"},
        {
            "name": "operateurs",
            "title": "Opérateurs qui accompagnent le projet (nom court)",
            "description": f"Séparés par « {SEPARATEUR.strip()} ».",
            "type": "string",
        },
        {
            "name": "date_decision",
            "title": "Date de la décision d'accompagnement",
            "type": "date",
            "format": "default",
            "constraints": {"required": True},
        },
        {
            "name": "code_departement",
            "title": "Code INSEE du département de la demande",
            "description": "Celui dont la préfecture a instruit la demande (celui de la "
            "collectivité) : 90, 25, 2A, 971…",
            "type": "string",
            "example": "90",
            "constraints": {"required": True, "pattern": r"[0-9][0-9AB][0-9]?"},
        },
    ],
    "primaryKey": ["identifiant"],
    "missingValues": [""],
}

STATISTIQUES = {
    "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
    "name": "statistiques-projets-accompagnes",
    "title": "Nombre de projets accompagnés par thématique, par EPCI et par année",
    "description": (
        "Chaque dimension compte les projets publiés. Par EPCI et par année, la somme des "
        "lignes est le nombre de projets ; un projet peut relever de plusieurs thématiques."
    ),
    "fields": [
        {
            "name": "dimension",
            "title": "Dimension",
            "type": "string",
            "constraints": {"required": True, "enum": ["thematique", "epci", "annee"]},
        },
        {
            "name": "valeur",
            "title": "Thématique, EPCI ou année",
            "type": "string",
            "constraints": {"required": True},
        },
        {
            "name": "nombre_projets",
            "title": "Nombre de projets",
            "type": "integer",
            "constraints": {"required": True, "minimum": 0},
        },
    ],
    "primaryKey": ["dimension", "valeur"],
    "missingValues": [""],
}


def colonnes(schema):
    return [champ["name"] for champ in schema["fields"]]

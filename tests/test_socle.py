"""The ground (``guichet/``: the project package and its apps comptes, territoire and
notifications) does not depend on the domain apps: no import of them, no migration that depends
on them, no model relation to them. The settings and the URLconf name them by string, which is
their job. What still ties the ground to the domain is listed below with its reason, and the
lists only shrink: a new tie fails, and so does a tie removed but still listed."""

import ast
from pathlib import Path

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

RACINE = Path(__file__).resolve().parent.parent
# The project's own apps outside ``guichet/`` (folders at its root): every app added to the
# project is of the domain.
DOMAINE = {config.name for config in apps.get_app_configs() if Path(config.path).parent == RACINE}
APPLICATIONS_DU_SOCLE = {"comptes", "territoire", "notifications"}

IMPORTS_RESTANTS = {}
MIGRATIONS_RESTANTES = {
    # History, kept because deployed databases have applied it: the notifications' foreign
    # keys to demandes, until 0006.
    ("notifications", "0001_initial"): {"demandes"},
    # History too: a membership, an invitation and a line of history pointed to an operator of
    # the operateurs app, until comptes' 0007 (the operators are the territory's since).
    ("comptes", "0002_initial"): {"operateurs"},
    ("comptes", "0004_demandes_acces_invitations_et_mouvements"): {"operateurs"},
    ("comptes", "0006_equipe_locale_du_rattachement"): {"operateurs"},
}
RELATIONS_RESTANTES = set()


def modules_importes(fichier):
    arbre = ast.parse(fichier.read_text(), filename=str(fichier))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            yield from (alias.name for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0:
            yield noeud.module


def test_le_socle_n_importe_pas_les_applications_du_domaine():
    imports = {}
    for fichier in sorted((RACINE / "guichet").rglob("*.py")):
        if "migrations" in fichier.parts:
            continue
        du_domaine = {m for m in modules_importes(fichier) if m.split(".")[0] in DOMAINE}
        if du_domaine:
            imports[str(fichier.relative_to(RACINE))] = du_domaine
    assert imports == IMPORTS_RESTANTS


def test_les_migrations_du_socle_ne_dependent_pas_du_domaine():
    dependances = {}
    for (application, nom), migration in MigrationLoader(None).disk_migrations.items():
        if application not in APPLICATIONS_DU_SOCLE:
            continue
        du_domaine = {app for app, _ in migration.dependencies if app in DOMAINE}
        if du_domaine:
            dependances[(application, nom)] = du_domaine
    assert dependances == MIGRATIONS_RESTANTES


def test_les_modeles_du_socle_ne_pointent_pas_vers_le_domaine():
    relations = {
        (application, modele.__name__, champ.name)
        for application in APPLICATIONS_DU_SOCLE
        for modele in apps.get_app_config(application).get_models()
        for champ in modele._meta.get_fields()
        if champ.is_relation
        and not champ.auto_created
        and champ.related_model is not None
        and champ.related_model._meta.app_label in DOMAINE
    }
    assert relations == RELATIONS_RESTANTES

"""The dashboard depends on the other apps; none of them depends on it."""

import ast
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent.parent


def _modules_importes(fichier):
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            yield from (alias.name for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            yield noeud.module


@pytest.mark.parametrize("app", ["demandes", "operateurs", "comite", "guichet"])
def test_aucune_autre_app_n_importe_le_tableau_de_bord(app):
    fautifs = [
        f"{fichier.relative_to(RACINE)} : {module}"
        for fichier in sorted((RACINE / app).rglob("*.py"))
        for module in _modules_importes(fichier)
        if module == "tableau" or module.startswith("tableau.")
    ]
    assert fautifs == []

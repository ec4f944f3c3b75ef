"""Production settings, checked in a fresh process as a deployment would load them."""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
ENV_PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "x7#k2@p9-une-vraie-cle-secrete-de-production-longue-et-aleatoire-q1w2e3r4",
    "ALLOWED_HOSTS": "guichet-unique.territoire-de-belfort.gouv.fr",
    "DATABASE_URL": "sqlite:////tmp/guichet-check-deploy.sqlite3",
}


def _manage(*args, env):
    base = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=RACINE,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_est_propre_en_production():
    resultat = _manage("check", "--deploy", "--fail-level", "WARNING", env=ENV_PRODUCTION)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_sans_secret_key_la_production_refuse_de_demarrer():
    env = {k: v for k, v in ENV_PRODUCTION.items() if k != "SECRET_KEY"}
    resultat = _manage("check", env=env)
    assert resultat.returncode != 0
    assert "SECRET_KEY doit être défini" in resultat.stderr


def test_reglages_de_production():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, s.LANGUAGE_CODE, s.TIME_ZONE, s.ALLOWED_HOSTS,"
        " s.EMAIL_BACKEND.rsplit('.', 2)[-2])"
    )
    resultat = _manage("shell", "-c", code, env=ENV_PRODUCTION)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip().splitlines()[-1] == (
        "True True True True fr-fr Europe/Paris "
        "['guichet-unique.territoire-de-belfort.gouv.fr'] smtp"
    )


def test_les_administrateurs_prevenus_des_erreurs_viennent_de_l_environnement():
    env = {
        **ENV_PRODUCTION,
        "ADMINS": "Équipe technique <technique@guichet.demo>, astreinte@guichet.demo",
        "SERVER_EMAIL": "Guichet unique <erreurs@guichet.demo>",
    }
    code = "from django.conf import settings as s; print(s.ADMINS, s.SERVER_EMAIL)"
    resultat = _manage("shell", "-c", code, env=env)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip().splitlines()[-1] == (
        "[('Équipe technique', 'technique@guichet.demo'), ('', 'astreinte@guichet.demo')] "
        "Guichet unique <erreurs@guichet.demo>"
    )


def test_une_adresse_d_administrateur_invalide_empeche_de_demarrer():
    resultat = _manage("check", env={**ENV_PRODUCTION, "ADMINS": "Équipe <technique@>"})
    assert resultat.returncode != 0
    assert "ADMINS : « Équipe <technique@> » n'est pas une liste d'adresses" in resultat.stderr

"""docker-compose.yml cannot run here (no Docker engine): parse it against the Compose spec."""

from pathlib import Path

import yaml
from compose_spec import PyCompose

RACINE = Path(__file__).resolve().parent.parent
TEXTE = (RACINE / "docker-compose.yml").read_text(encoding="utf-8")


def test_le_fichier_respecte_la_specification_compose():
    # Compose resolves YAML merge keys (<<) before validating; the parser used here does not,
    # so the file is resolved by a YAML loader first.
    compose = PyCompose.from_yaml(yaml.safe_dump(yaml.safe_load(TEXTE)))
    assert set(compose.service_names()) == {"postgres", "redis", "web", "worker", "beat", "mail"}


def test_chaque_service_a_un_controle_de_sante_et_attend_ses_dependances():
    services = yaml.safe_load(TEXTE)["services"]
    for nom, service in services.items():
        assert "healthcheck" in service, f"{nom} n'a pas de healthcheck"
    for nom in ("web", "worker", "beat"):
        dependances = services[nom]["depends_on"]
        assert dependances["postgres"]["condition"] == "service_healthy"
        assert dependances["redis"]["condition"] == "service_healthy"


def test_le_web_migre_au_demarrage_et_sert_avec_gunicorn():
    services = yaml.safe_load(TEXTE)["services"]
    commande = (
        " ".join(services["web"]["command"])
        if isinstance(services["web"]["command"], list)
        else services["web"]["command"]
    )
    assert "migrate" in commande
    assert "gunicorn" in commande
    assert "celery" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert (RACINE / services["web"]["build"]["dockerfile"]).is_file()

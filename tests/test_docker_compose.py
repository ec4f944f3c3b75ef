"""docker-compose.yml cannot run here (no Docker engine): parse it against the Compose spec,
and start its Redis servers' commands on a local redis-server when there is one."""

import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
import yaml
from compose_spec import PyCompose

RACINE = Path(__file__).resolve().parent.parent
TEXTE = (RACINE / "docker-compose.yml").read_text(encoding="utf-8")


def test_le_fichier_respecte_la_specification_compose():
    # Compose resolves YAML merge keys (<<) before validating; the parser used here does not,
    # so the file is resolved by a YAML loader first.
    compose = PyCompose.from_yaml(yaml.safe_dump(yaml.safe_load(TEXTE)))
    assert set(compose.service_names()) == {
        "postgres",
        "redis",
        "redis-cache",
        "web",
        "worker",
        "beat",
        "mail",
    }


def test_chaque_service_a_un_controle_de_sante_et_attend_ses_dependances():
    services = yaml.safe_load(TEXTE)["services"]
    for nom, service in services.items():
        assert "healthcheck" in service, f"{nom} n'a pas de healthcheck"
    for nom in ("web", "worker", "beat"):
        dependances = services[nom]["depends_on"]
        assert dependances["postgres"]["condition"] == "service_healthy"
        assert dependances["redis"]["condition"] == "service_healthy"
        assert dependances["redis-cache"]["condition"] == "service_healthy"


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


def _reglages_de_redis(service, tmp_path):
    """Start ``service``'s own command on a free local port; its memory settings, as Redis
    understood them."""
    commande = yaml.safe_load(TEXTE)["services"][service]["command"]
    assert commande[0] == "redis-server"
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        port = prise.getsockname()[1]
    local = ["--bind", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path)]
    processus = subprocess.Popen([*commande, *local], stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    try:
        limite = time.monotonic() + 10
        while True:
            try:
                return client.config_get("maxmemory*")
            except redis.ConnectionError:
                assert processus.poll() is None, f"{service} : redis-server refuse sa commande"
                assert time.monotonic() < limite
                time.sleep(0.05)
    finally:
        client.close()
        processus.terminate()
        processus.wait(timeout=10)


def test_le_cache_est_sur_un_redis_a_part_du_broker():
    environnement = yaml.safe_load(TEXTE)["services"]["web"]["environment"]
    assert urlsplit(environnement["REDIS_URL"]).hostname == "redis"
    assert urlsplit(environnement["CACHE_URL"]).hostname == "redis-cache"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server absent")
def test_le_cache_est_borne_et_le_broker_n_evince_jamais(tmp_path):
    cache = _reglages_de_redis("redis-cache", tmp_path)
    assert cache["maxmemory-policy"] == "allkeys-lru"
    assert int(cache["maxmemory"]) == 256 * 1024 * 1024

    broker = _reglages_de_redis("redis", tmp_path)
    assert broker["maxmemory-policy"] == "noeviction"
    assert int(broker["maxmemory"]) > 0

"""The tests' OpenID Provider (tests/oidc/fournisseur.mjs, oidc-provider run by node): started on
a free port, its discovery awaited, stopped at the end; and a person's sign-in at it.

Its clients, all with the portal's callback and logout URLs at ``base``:
- ``guichet``: the portal as registered at ProConnect;
- ``guichet-lent``: ID tokens that live one second, handed over two seconds late (expired);
- ``guichet-substitue``: handed an ID token the provider issued to ``autre-service``.
"""

import json
import re
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

DOSSIER = Path(__file__).resolve().parents[1] / "oidc"
SECRET = "secret-du-guichet-de-test"
CLIENTS = ("guichet", "guichet-lent", "guichet-substitue", "autre-service")
DEMARRAGE_MAX_S = 20


@dataclass
class Fournisseur:
    issuer: str
    base: str

    @property
    def discovery(self):
        return f"{self.issuer}/.well-known/openid-configuration"

    def configurer(self, settings, client_id="guichet"):
        """Point the portal's settings at this provider, as ``client_id``."""
        settings.PROCONNECT_ISSUER = self.issuer
        settings.PROCONNECT_DISCOVERY_URL = self.discovery
        settings.PROCONNECT_CLIENT_ID = client_id
        settings.PROCONNECT_CLIENT_SECRET = SECRET


def _port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clients(base):
    commun = {
        "client_secret": SECRET,
        "redirect_uris": [f"{base}/comptes/proconnect/retour/"],
        "post_logout_redirect_uris": [f"{base}/comptes/proconnect/deconnexion/retour/"],
    }
    return [
        {"client_id": "guichet", **commun},
        {"client_id": "guichet-lent", **commun, "duree_id_token": 1, "delai_jeton": 2},
        {"client_id": "guichet-substitue", **commun, "jeton_pour": "autre-service"},
        {"client_id": "autre-service", **commun},
    ]


@contextmanager
def fournisseur_demarre(base):
    """The provider, serving the portal at ``base``, from start to stop."""
    if not (DOSSIER / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "Fournisseur OpenID de test non installé : lancez `make test` (ou `npm ci` dans "
            "tests/oidc).",
            pytrace=False,
        )
    port = _port_libre()
    issuer = f"http://127.0.0.1:{port}"
    processus = subprocess.Popen(
        ["node", "fournisseur.mjs"],
        cwd=DOSSIER,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "PORT": str(port)}
        | {"FOURNISSEUR_CLIENTS": json.dumps(_clients(base))},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        limite = time.monotonic() + DEMARRAGE_MAX_S
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if processus.poll() is not None or time.monotonic() > limite:
                processus.kill()
                erreurs = processus.stderr.read().decode(errors="replace")
                pytest.fail(f"Le fournisseur OpenID de test n'a pas démarré :\n{erreurs}")
            time.sleep(0.1)
        yield Fournisseur(issuer=issuer, base=base)
    finally:
        processus.terminate()
        try:
            processus.wait(timeout=5)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()
        processus.stderr.close()


def identite(sub="agent-1", **claims):
    return {
        "sub": sub,
        "email": "agent.un@prefecture.gouv.fr",
        "given_name": "Camille",
        "usual_name": "Dupont",
        "siret": "13000000000001",
        "uid": "uid-agent-1",
    } | claims


def s_identifier(navigateur, url_autorisation, base, personne):
    """Sign in at the provider as ``personne`` (a requests session stands for the browser) and
    return the URL the provider sends the browser back to, on the portal at ``base``."""
    reponse = navigateur.get(url_autorisation, allow_redirects=False)
    for _ in range(10):
        if reponse.is_redirect:
            suite = urljoin(reponse.url, reponse.headers["Location"])
            if suite.startswith(base):
                return suite
            reponse = navigateur.get(suite, allow_redirects=False)
        elif "/interaction/" in reponse.url and reponse.request.method == "GET":
            action = re.search(r'<form method="post" action="([^"]+)"', reponse.text)[1]
            reponse = navigateur.post(
                urljoin(reponse.url, unescape(action)), data=personne, allow_redirects=False
            )
        else:
            raise AssertionError(f"réponse inattendue du fournisseur : {reponse.status_code}")
    raise AssertionError("trop de redirections chez le fournisseur")


def se_deconnecter_chez_le_fournisseur(navigateur, url_fin_de_session, base):
    """Follow ProConnect's logout (its confirmation form sent, as its page does by itself) and
    return the URL it sends the browser back to, on the portal at ``base``."""
    page = navigateur.get(url_fin_de_session, allow_redirects=False)
    assert page.status_code == 200, page.text[:500]
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', page.text)[1])
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text)[1]
    reponse = navigateur.post(
        urljoin(page.url, action), data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False
    )
    suite = urljoin(reponse.url, reponse.headers["Location"])
    assert suite.startswith(base), suite
    return suite

"""A real HTTP receiver on the loopback that checks Standard Webhooks signatures on its own
(written from the specification, not from the portal's code) and records what it accepted."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature_valide(secret, entetes, corps, *, tolerance=300):
    identifiant = entetes.get("webhook-id")
    horodatage = entetes.get("webhook-timestamp")
    signatures = entetes.get("webhook-signature", "")
    if not identifiant or not horodatage or abs(time.time() - int(horodatage)) > tolerance:
        return False
    cle = base64.b64decode(secret.removeprefix("whsec_"))
    attendue = base64.b64encode(
        hmac.new(cle, f"{identifiant}.{horodatage}.".encode() + corps, hashlib.sha256).digest()
    ).decode()
    return any(
        version == "v1" and hmac.compare_digest(valeur, attendue)
        for version, _, valeur in (s.partition(",") for s in signatures.split())
    )


class Recepteur:
    """``codes``: the HTTP answers to give, in order (then 204); ``lenteur``: seconds to wait
    before answering."""

    def __init__(self):
        self.secret = None
        self.recus = []
        self.refuses = 0
        self.debuts = []
        self.codes = []
        self.lenteur = 0
        recepteur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def do_POST(self):
                corps = self.rfile.read(int(self.headers["Content-Length"]))
                recepteur.debuts.append(self.headers.get("webhook-id"))
                if recepteur.lenteur:
                    time.sleep(recepteur.lenteur)
                entetes = {k.lower(): v for k, v in self.headers.items()}
                if not signature_valide(recepteur.secret, entetes, corps):
                    recepteur.refuses += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                code = recepteur.codes.pop(0) if recepteur.codes else 204
                if 200 <= code < 300:
                    recepteur.recus.append((entetes["webhook-id"], json.loads(corps)))
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/guichet"
        self.fil = threading.Thread(target=self.serveur.serve_forever, daemon=True)

    def __enter__(self):
        self.fil.start()
        return self

    def __exit__(self, *exc):
        self.serveur.shutdown()
        self.serveur.server_close()

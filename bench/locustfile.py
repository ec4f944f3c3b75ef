"""The load of benchmark 5: the four roles' pages, each simulated person logged in once.

Run by ``bench/charge.py`` (``python -m bench.charge``), which writes the accounts and the
pages to visit to the JSON file named by BENCH_CIBLES. Locust imports this file on its own,
outside the ``bench`` package: it must not set Django up, so it reads only that file.

Like ``bench.processus.Navigateur``, every request goes through production's TLS proxy
(``X-Forwarded-Proto: https``) and the ``Secure`` cookies are sent to 127.0.0.1. Stricter than
"no 5xx": a page answers 200, a form 302 elsewhere than the login page; anything else (a lost
session redirected to the login page included) counts as an error.
"""

import itertools
import json
import os
import random
import time
from collections import deque

from locust import HttpUser, between, task

with open(os.environ["BENCH_CIBLES"], encoding="utf-8") as fichier:
    CIBLES = json.load(fichier)

CONNEXION = "/comptes/connexion/"
# The drafts each collectivité account files during the run, each once whoever takes it.
BROUILLONS = {compte["email"]: deque(compte["brouillons"]) for compte in CIBLES["collectivites"]}


class Personne(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    role = ""

    def on_start(self):
        self.compte = next(self.comptes)
        self.origine = "https://" + self.host.split("://", 1)[1]
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.page(CONNEXION, "connexion (formulaire)")
        self.envoyer(
            CONNEXION,
            {"username": self.compte["email"], "password": CIBLES["mot_de_passe"]},
            "connexion",
        )

    def cookies(self):
        """The session's cookies, ``Secure`` ones included: requests would not send those over
        http, and drops any cookie policy of the session's jar when it prepares a request."""
        return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)}

    def page(self, chemin, nom):
        with self.client.get(
            chemin, headers=self.cookies(), name=nom, allow_redirects=False, catch_response=True
        ) as reponse:
            if reponse.status_code != 200:
                reponse.failure(f"{reponse.status_code} {reponse.headers.get('Location', '')}")

    def envoyer(self, chemin, donnees, nom):
        jeton = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            chemin,
            data={**donnees, "csrfmiddlewaretoken": jeton},
            headers={**self.cookies(), "Origin": self.origine, "Referer": self.origine + chemin},
            name=nom,
            allow_redirects=False,
            catch_response=True,
        ) as reponse:
            destination = reponse.headers.get("Location", "")
            if reponse.status_code != 302 or destination.startswith(CONNEXION):
                reponse.failure(f"{reponse.status_code} {destination}")
                return False
            return True

    def une_demande(self, nom):
        self.page(f"/demandes/{random.choice(self.compte['demandes'])}/", nom)  # noqa: S311


class Collectivite(Personne):
    role = "collectivites"
    weight = 3
    comptes = itertools.cycle(CIBLES["collectivites"] or [None])

    @task(3)
    def liste(self):
        self.page("/demandes/", "collectivité : ses demandes")

    @task(3)
    def demande(self):
        self.une_demande("collectivité : une demande")

    @task(1)
    def deposer(self):
        brouillons = BROUILLONS[self.compte["email"]]
        if not brouillons:
            return
        brouillon = brouillons.popleft()
        chemin = f"/demandes/{brouillon['id']}/modifier/"
        self.page(chemin, "collectivité : brouillon à déposer")
        debut = time.time()
        if self.envoyer(chemin, brouillon["formulaire"], "collectivité : dépôt"):
            # For charge.py: when each filing started and was answered, to time its email.
            with open(CIBLES["journal_des_depots"], "a", encoding="utf-8") as journal:
                journal.write(f"{brouillon['id']} {debut} {time.time()}\n")


class Etat(Personne):
    role = "etat"
    weight = 3
    comptes = itertools.cycle(CIBLES["etat"] or [None])

    @task(3)
    def tableau_de_bord(self):
        self.page("/tableau-de-bord/", "État : tableau de bord")

    @task(1)
    def tableau_filtre(self):
        filtre = random.choice(self.compte["filtres"])  # noqa: S311
        self.page(f"/tableau-de-bord/{filtre}", "État : tableau filtré + recherche")

    @task(3)
    def demande(self):
        self.une_demande("État : une demande")


class Operateur(Personne):
    role = "operateurs"
    weight = 2
    comptes = itertools.cycle(CIBLES["operateurs"] or [None])

    @task
    def boite(self):
        self.page("/operateurs/demandes/", "opérateur : demandes orientées")

    @task
    def demande(self):
        self.une_demande("opérateur : une demande orientée")


class MembreComite(Personne):
    role = "comite"
    weight = 1
    comptes = itertools.cycle(CIBLES["comite"] or [None])

    @task(1)
    def seances(self):
        self.page("/comite/seances/", "comité : séances")

    @task(2)
    def seance(self):
        seance = random.choice(self.compte["seances"])  # noqa: S311
        self.page(f"/comite/seances/{seance}/", "comité : une séance")


# The roles of the run (charge.py leaves out those it was given no account for).
for personne in (Collectivite, Etat, Operateur, MembreComite):
    personne.abstract = personne.role not in CIBLES["roles"]
del personne  # locust takes every class the module names for a kind of person

"""Benchmark 5: a load run against gunicorn, locust in a second process on loopback.

``python -m bench.charge`` prepares the data (``donnees.preparer``), prints the lines and
exits 1 if any request failed; ``mesurer()`` returns the lines for bench/RESULTS.md.
BENCH_CHARGE_UTILISATEURS simulated people (20 by default, started BENCH_CHARGE_MONTEE per
second, 5 by default) log in once each with a demo account, then visit the pages of their role
for BENCH_CHARGE_DUREE seconds (60 by default): collectivités (their list, a demande, a filing),
préfecture and DDT (dashboard, filtered and searched dashboard, a demande), operators (their
inbox, a routed demande), comité members (séances, a séance). A Celery worker delivers the
filings' notifications. Throughput, median and p95 per page and overall, errors: from the CSV
statistics locust writes.
"""

import csv
import itertools
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import donnees, latence, processus

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
DEMANDES_PAR_COMPTE = 200
BROUILLONS_PAR_COMPTE = 30
COMPTES = {
    "collectivites": ["maire@delle.demo", "maire@belfort.demo"],
    "etat": ["prefet@prefecture.demo", "agent@ddt.demo"],
    "operateurs": [
        "contact@ademe.demo",
        "contact@anah.demo",
        "contact@anru.demo",
        "contact@banquedesterritoires.demo",
        "contact@cerema.demo",
    ],
    "comite": ["membre@comite.demo"],
}


def _demandes(user):
    from demandes import selectors
    from demandes.models import Statut

    return list(
        selectors.demandes_visibles(user)
        .exclude(statut=Statut.BROUILLON)
        .order_by("?")
        .values_list("pk", flat=True)[:DEMANDES_PAR_COMPTE]
    )


def cibles(comptes=None):
    """Each account of ``comptes`` (``COMPTES`` by default) with what it visits; accounts with
    nothing to see are left out. A State agent's filters name a commune of its own."""
    from comite import selectors as comite
    from demandes.models import Demande
    from demo.chargement import MOT_DE_PASSE
    from guichet.comptes.models import User
    from guichet.territoire.models import Thematique

    comptes = comptes or COMPTES
    users = {u.email: u for u in User.objects.filter(email__in=itertools.chain(*comptes.values()))}
    resultat = {"mot_de_passe": MOT_DE_PASSE, "collectivites": [], "etat": [], "operateurs": []}
    for email in comptes["collectivites"]:
        brouillons = latence.preparer_brouillons(users[email], BROUILLONS_PAR_COMPTE)
        resultat["collectivites"].append(
            {
                "email": email,
                "demandes": _demandes(users[email]),
                "brouillons": [
                    {"id": b.pk, "formulaire": latence.formulaire_de_depot(b)} for b in brouillons
                ],
            }
        )
    for role in ("etat", "operateurs"):
        for email in comptes[role]:
            if demandes := _demandes(users[email]):
                resultat[role].append({"email": email, "demandes": demandes})
    thematique = Thematique.objects.filter(active=True).order_by("pk").first()
    for compte in resultat["etat"]:
        commune = Demande.objects.get(pk=compte["demandes"][0]).collectivite_id
        compte["filtres"] = [
            "?onglet=toutes&statut=orientee&q=projet",  # benchmark 1's
            f"?onglet=toutes&thematique={thematique.pk}&q=r%C3%A9novation",
            f"?onglet=toutes&commune={commune}&statut=deposee",
        ]
    resultat["comite"] = [
        {"email": email, "seances": seances}
        for email in comptes["comite"]
        if (seances := list(comite.seances_visibles(users[email]).values_list("pk", flat=True)))
    ]
    resultat["roles"] = [role for role, emails in comptes.items() if emails]
    for role in resultat["roles"]:
        if not resultat[role]:
            raise RuntimeError(f"aucun compte « {role} » n'a de page à visiter")
    return resultat


@dataclass
class Ligne:
    nom: str
    requetes: int
    erreurs: int
    mediane: float
    p95: float
    debit: float


@dataclass
class Resultat:
    utilisateurs: int
    montee: float
    duree: int
    workers: int
    pages: list
    ensemble: Ligne
    echecs: list  # locust's failures.csv: the failed requests, grouped by page and error
    exceptions: list  # locust's exceptions.csv: errors raised in the simulated people's code
    courriels: list  # per filing, ms from its POST and from its response to its préfet's email
    charge_machine: tuple  # load average over 1 min, before and after: others share the cores

    @property
    def erreurs(self):
        return self.ensemble.erreurs + sum(int(e["Count"]) for e in self.exceptions)

    def lignes(self):
        lignes = [
            "## Charge : gunicorn sous locust",
            "",
            f"{self.utilisateurs} personnes simulées (lancées à {self.montee:g} par seconde) "
            f"pendant {self.duree} s, locust dans un second processus sur la boucle locale, "
            f"contre gunicorn ({self.workers} workers, DEBUG désactivé) et un worker Celery ; "
            "chacune se connecte une fois avec un compte de démonstration de son rôle puis "
            "visite ses pages, 0,5 à 2 s de réflexion entre deux. Erreur : toute réponse "
            "autre que 200 pour une page, autre qu'une redirection (hors connexion) pour un "
            "formulaire, toute exception.",
            "",
            "| page | requêtes | erreurs | médiane (ms) | p95 (ms) |",
            "|---|---|---|---|---|",
        ]
        for ligne in [*self.pages, self.ensemble]:
            lignes.append(
                f"| {ligne.nom} | {ligne.requetes} | {ligne.erreurs} | {ligne.mediane:.0f} "
                f"| {ligne.p95:.0f} |"
            )
        if self.courriels:
            totaux, apres_reponse = zip(*self.courriels, strict=True)
            lignes += [
                "",
                f"Dépôts pendant la charge (N = {len(totaux)}), du POST au courriel de la "
                f"préfète remis par le worker : médiane {statistics.median(totaux):.0f} ms, "
                f"p95 {latence.centile(totaux, 95):.0f} ms, max {max(totaux):.0f} ms ; de la "
                f"réponse au POST à ce courriel : médiane {statistics.median(apres_reponse):.0f}"
                f" ms, p95 {latence.centile(apres_reponse, 95):.0f} ms.",
            ]
        lignes += [
            "",
            f"Charge moyenne de la machine (1 min, {os.cpu_count()} cœurs) : "
            f"{self.charge_machine[0]:.1f} avant, {self.charge_machine[1]:.1f} à la fin.",
            "",
            f"Débit : {self.ensemble.debit:.1f} requêtes/s ; erreurs : {self.erreurs} "
            "(objectif : aucune) — " + ("atteint." if self.erreurs == 0 else "**manqué**."),
        ]
        lignes += [f"- {e['Name']} : {e['Error']} ({e['Occurrences']} fois)" for e in self.echecs]
        lignes += [f"- exception : {e['Message']} ({e['Count']} fois)" for e in self.exceptions]
        return [*lignes, ""]


def _ligne(rangee, nom=None):
    return Ligne(
        nom=nom or rangee["Name"],
        requetes=int(rangee["Request Count"]),
        erreurs=int(rangee["Failure Count"]),
        mediane=float(rangee["50%"]),
        p95=float(rangee["95%"]),
        debit=float(rangee["Requests/s"]),
    )


def latences_des_depots(journal):
    """For each filing made under load, milliseconds from its POST to its préfet's email, and
    from the POST's response to that email (sent by now or within ``latence.DELAI_COURRIEL``)."""
    from guichet.comptes.models import User

    if not journal.exists():
        return []
    prefet = User.objects.get(email=latence.PREFET)
    latences = []
    for ligne in journal.read_text(encoding="utf-8").splitlines():
        pk, debut, reponse = ligne.split()
        envoi = latence.attendre_l_envoi(int(pk), prefet)
        latences.append(((envoi - float(debut)) * 1000, (envoi - float(reponse)) * 1000))
    return latences


def _lire(chemin):
    if not chemin.exists():
        return []
    with open(chemin, encoding="utf-8", newline="") as fichier:
        return list(csv.DictReader(fichier))


def lancer_locust(url, fichier_cibles, prefixe, *, utilisateurs, montee, duree):
    env = {
        **{cle: os.environ[cle] for cle in ("PATH", "HOME", "LANG") if cle in os.environ},
        "BENCH_CIBLES": str(fichier_cibles),
    }
    locust = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(utilisateurs),
            "--spawn-rate",
            str(montee),
            "--run-time",
            f"{duree}s",
            "--stop-timeout",
            "10",
            "--host",
            url,
            "--csv",
            str(prefixe),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=prefixe.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=duree + 120,
    )
    statistiques = _lire(Path(f"{prefixe}_stats.csv"))
    if not statistiques:
        raise RuntimeError(
            f"locust n'a rien mesuré (code {locust.returncode}) :\n{locust.stderr[-4000:]}"
        )
    return statistiques


def supprimer_les_brouillons_restants(contenu):
    """The drafts nobody filed during the run, so that runs do not pile them up."""
    from demandes import services
    from demandes.models import Demande, Statut

    ids = [b["id"] for compte in contenu["collectivites"] for b in compte["brouillons"]]
    restants = Demande.objects.filter(pk__in=ids, statut=Statut.BROUILLON)
    for demande in restants.select_related("deposant"):
        services.supprimer_brouillon(demande=demande, par=demande.deposant)


def executer(*, utilisateurs=None, comptes=None):
    """The run: BENCH_CHARGE_UTILISATEURS people (``utilisateurs`` if given, 20 by default) on
    the accounts of ``comptes`` (``COMPTES`` by default)."""
    utilisateurs = utilisateurs or int(os.environ.get("BENCH_CHARGE_UTILISATEURS", "20"))
    montee = float(os.environ.get("BENCH_CHARGE_MONTEE", "5"))
    duree = int(os.environ.get("BENCH_CHARGE_DUREE", "60"))
    avant = os.getloadavg()[0]
    with processus.serveurs() as serveurs:
        journal_des_depots = serveurs.dossier / "depots.txt"
        fichier_cibles = serveurs.dossier / "cibles.json"
        contenu = {**cibles(comptes), "journal_des_depots": str(journal_des_depots)}
        fichier_cibles.write_text(json.dumps(contenu), encoding="utf-8")
        prefixe = serveurs.dossier / "locust"
        try:
            statistiques = lancer_locust(
                serveurs.url,
                fichier_cibles,
                prefixe,
                utilisateurs=utilisateurs,
                montee=montee,
                duree=duree,
            )
            apres = os.getloadavg()[0]
            courriels = latences_des_depots(journal_des_depots)
        finally:
            supprimer_les_brouillons_restants(contenu)
        echecs = _lire(Path(f"{prefixe}_failures.csv"))
        exceptions = _lire(Path(f"{prefixe}_exceptions.csv"))
    pages = sorted(
        (_ligne(r) for r in statistiques if r["Name"] != "Aggregated"), key=lambda p: p.nom
    )
    ensemble = next(_ligne(r, "ensemble") for r in statistiques if r["Name"] == "Aggregated")
    return Resultat(
        utilisateurs=utilisateurs,
        montee=montee,
        duree=duree,
        workers=serveurs.gunicorn.workers,
        pages=pages,
        ensemble=ensemble,
        echecs=echecs,
        exceptions=exceptions,
        courriels=courriels,
        charge_machine=(avant, apres),
    )


def mesurer():
    return executer().lignes()


def main():
    donnees.preparer()
    resultat = executer()
    print("\n".join(resultat.lignes()))
    if resultat.erreurs:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

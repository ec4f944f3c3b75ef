"""Benchmarks of the triage dashboard and the exports (issue #10, first part).

Run with ``make bench`` (PostgreSQL only). Fills the database named by DATABASE_URL up to
BENCH_DEMANDES demandes (100,000 by default) with bulk inserts, then measures, in this process:
1. the dashboard's default and filtered+searched views against the Django admin changelist of
   Demande (same page size) and against the floor: the dashboard's own SQL run directly;
3. the CSV export of every demande: time and peak Python memory, against PostgreSQL's COPY.
Results are printed and written to bench/RESULTS.md.
"""

import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

RESULTATS = Path(__file__).resolve().parent / "RESULTS.md"
REPETITIONS = 7


def generer(total):
    """Bulk-insert filed demandes over the 101 communes, with themes and two events each."""
    from demandes.models import Demande, Evenement, Statut, TypeEvenement
    from guichet.comptes.models import User
    from guichet.territoire.models import Collectivite, Thematique

    existantes = Demande.objects.count()
    if existantes >= total:
        return existantes, 0.0
    debut = time.perf_counter()
    communes = list(Collectivite.objects.filter(type="commune"))
    themes = list(Thematique.objects.all())
    deposant = User.objects.get(email="maire@delle.demo")
    agents = list(User.objects.filter(email__in=["prefet@prefecture.demo", "agent@ddt.demo"]))
    statuts = [s for s in Statut if s != Statut.BROUILLON]
    hasard = random.Random(90)  # noqa: S311 (reproducible test data, not secrets)
    maintenant = timezone.now()
    lot = 5000
    for depart in range(existantes, total, lot):
        demandes = []
        for i in range(depart, min(depart + lot, total)):
            statut = hasard.choice(statuts)
            depot = maintenant - timedelta(days=hasard.randint(0, 5 * 365))
            demandes.append(
                Demande(
                    reference=f"GU-B-{i:07d}",
                    collectivite=hasard.choice(communes),
                    deposant=deposant,
                    titre=f"Projet {i} : {hasard.choice(themes).nom.lower()}",
                    description="Rénovation, étude et accompagnement du projet communal. " * 3,
                    statut=statut,
                    date_depot=depot,
                    referent=hasard.choice(agents) if statut != Statut.DEPOSEE else None,
                )
            )
        Demande.objects.bulk_create(demandes, batch_size=lot)
        lien = Demande.thematiques.through
        lien.objects.bulk_create(
            (lien(demande=d, thematique=t) for d in demandes for t in hasard.sample(themes, 2)),
            batch_size=lot * 2,
        )
        Evenement.objects.bulk_create(
            (
                Evenement(demande=d, type=TypeEvenement.TRANSITION, libelle="Déposée")
                for d in demandes
                for _ in range(2)
            ),
            batch_size=lot * 2,
        )
    return total, time.perf_counter() - debut


def chronometrer(fonction):
    durees = []
    for _ in range(REPETITIONS):
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return statistics.median(durees)


def page(client, url):
    def appeler():
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)

    return appeler


def plancher(client, url):
    """The page's own SQL, captured once, then replayed directly: what the database costs."""
    with CaptureQueriesContext(connection) as capture:
        client.get(url)
    # The SELECTs only; a server-side cursor's DECLARE is replayed as its plain SELECT.
    requetes = []
    for requete in capture.captured_queries:
        sql = requete["sql"]
        if sql.startswith("DECLARE"):
            sql = sql[sql.index(" FOR ") + len(" FOR ") :]
        if sql.startswith("SELECT"):
            requetes.append(sql)

    # A connection of its own: Django's keeps the state of the captured run.
    import psycopg

    brute = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

    def rejouer():
        with brute.cursor() as curseur:
            for sql in requetes:
                curseur.execute(sql)
                if curseur.description:
                    curseur.fetchall()

    return rejouer, len(requetes)


def mesurer_export():
    from demandes import exports
    from demandes.models import Demande

    tracemalloc.start()
    debut = time.perf_counter()
    lignes = sum(
        1 for _ in exports.lignes(Demande.objects.exclude(statut="brouillon").order_by("pk"))
    )
    duree = time.perf_counter() - debut
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    debut = time.perf_counter()
    with (
        connection.cursor() as curseur,
        curseur.copy(
            "COPY (SELECT d.reference, c.nom, d.titre, d.statut, d.date_depot "
            "FROM demandes_demande d JOIN territoire_collectivite c ON c.id = d.collectivite_id) "
            "TO STDOUT"
        ) as copie,
    ):
        for _ in copie:
            pass
    return lignes, duree, pic / 1024 / 1024, time.perf_counter() - debut


def main():
    if connection.vendor != "postgresql":
        sys.exit("make bench demande PostgreSQL (DATABASE_URL=postgres://…).")
    total = int(os.environ.get("BENCH_DEMANDES", "100000"))
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", verbosity=0)
    nombre, duree_generation = generer(total)
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    settings.ALLOWED_HOSTS = ["*"]
    from guichet.comptes.models import User

    agent, admin = Client(), Client()
    agent.force_login(User.objects.get(email="agent@ddt.demo"))
    admin.force_login(User.objects.get(email="admin@guichet.demo"))
    vues = {
        "tableau de bord, vue par défaut": "/tableau-de-bord/",
        "tableau de bord, filtré + recherche": (
            "/tableau-de-bord/?onglet=toutes&statut=orientee&q=projet"
        ),
    }
    lignes = []
    for nom, url in vues.items():
        agent.get(url)  # warm-up
        ms = chronometrer(page(agent, url))
        rejouer, nb = plancher(agent, url)
        floor = chronometrer(rejouer)
        lignes.append((nom, ms, floor, nb))
    admin.get("/admin/demandes/demande/")
    ms_admin = chronometrer(page(admin, "/admin/demandes/demande/"))
    export = mesurer_export()

    rapport = [
        "# Résultats des benchmarks",
        "",
        f"Date : {timezone.localtime():%Y-%m-%d %H:%M} ; machine : {platform.platform()}, "
        f"{os.cpu_count()} cœurs, Python {platform.python_version()}, PostgreSQL "
        f"{connection.pg_version // 10000}.",
        f"Volume : {nombre} demandes (génération : {duree_generation:.0f} s).",
        f"Médiane de {REPETITIONS} appels, client de test Django dans le processus.",
        "",
        "| page | médiane (ms) | plancher SQL (ms) | rapport au plancher | requêtes |",
        "|---|---|---|---|---|",
    ]
    for nom, ms, floor, nb in lignes:
        rapport.append(f"| {nom} | {ms:.0f} | {floor:.0f} | {ms / floor:.1f} fois | {nb} |")
    rapport += [
        f"| changelist de l'admin (Demande) | {ms_admin:.0f} | | | |",
        "",
        f"Export CSV de {export[0]} lignes : {export[1]:.1f} s, pic de mémoire Python "
        f"{export[2]:.1f} Mo ; `COPY … TO STDOUT` des mêmes lignes : {export[3]:.1f} s.",
        "",
    ]
    texte = "\n".join(rapport)
    print(texte)
    RESULTATS.write_text(texte + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

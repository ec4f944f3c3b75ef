"""``make bench``: every benchmark of issue #10, side by side, written to bench/RESULTS.md.

PostgreSQL only. Fills the database named by DATABASE_URL up to BENCH_DEMANDES demandes
(100,000 by default; see bench/donnees.py), then measures:
1. the triage dashboard (default view; filtered and searched view), right after a change and
   between two, against the Django admin changelist of Demande and against the page's own SQL
   replayed directly; and each role's pages' query counts at 1,000 demandes and at BENCH_DEMANDES;
2. a request's page with a long timeline and thread (bench/page_demande.py);
3. the CSV and XLSX exports of every demande through the view: time and peak memory, against
   PostgreSQL's ``COPY … TO STDOUT``;
4. filing over HTTP until the préfet's email is sent by a real worker (bench/latence.py);
5. a load run against gunicorn (bench/charge.py).
``BENCH_SEULEMENT=tableau,exports`` runs some of them only.
"""

import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from django.db import connection
from django.utils import timezone

from bench import donnees, mesure, requetes

RESULTATS = Path(__file__).resolve().parent / "RESULTS.md"
PETIT_VOLUME = 1000


def changer_une_demande():
    """An agent's change between two displays: a label put on (or taken off) a demande."""
    from demandes.models import Demande, Etiquette

    etiquette, _ = Etiquette.objects.get_or_create(nom="Banc d'essai")
    demande = Demande.objects.deposees().order_by("pk").first()
    if etiquette.demandes.filter(pk=demande.pk).exists():
        etiquette.demandes.remove(demande)
    else:
        etiquette.demandes.add(demande)


ETATS = (
    ("juste après un changement", changer_une_demande),
    ("entre deux changements", None),
)


def mesurer_tableau():
    from django.contrib import admin

    from demandes.models import Demande
    from tableau.views import PAR_PAGE

    repetitions = 3 * mesure.REPETITIONS  # a page of 20 to 40 ms: more calls for a stable median
    agent, admin_ = mesure.client("agent@ddt.demo"), mesure.client("admin@guichet.demo")
    lignes = [
        "## 1. Tableau de bord",
        "",
        "Chaque affichage compte tout dans la base, sans cache : « juste après un changement » : "
        "une étiquette posée ou retirée avant chaque appel ; « entre deux changements » : rien "
        "avant. Plancher : les requêtes SQL de la page rejouées directement. Médianes de "
        f"{repetitions} appels.",
        "",
        "| page | état | médiane (ms) | plancher SQL (ms) | rapport au plancher | requêtes |",
        "|---|---|---|---|---|---|",
    ]
    defaut = {}
    for nom, url_page in [(nom, u) for _, nom, u in requetes.PAGES if "tableau" in u]:
        appeler = mesure.page(agent, url_page)
        appeler()  # warm-up
        for etat, avant in ETATS:
            ms = mesure.chronometrer(appeler, avant=avant, repetitions=repetitions)
            rejouer, nombre = mesure.plancher(appeler)
            plancher = mesure.chronometrer(rejouer, repetitions=repetitions)
            if url_page == "/tableau-de-bord/":
                defaut[etat] = (ms, plancher)
            lignes.append(
                f"| {nom} | {etat} | {ms:.0f} | {plancher:.1f} | {ms / plancher:.1f} fois | "
                f"{nombre} |"
            )
    # The admin with the dashboard's page size, as the issue compares them.
    modele_admin = admin.site._registry[Demande]
    taille_admin, modele_admin.list_per_page = modele_admin.list_per_page, PAR_PAGE
    try:
        url_admin = "/admin/demandes/demande/"
        mesure.page(admin_, url_admin)()
        ms_admin = mesure.chronometrer(mesure.page(admin_, url_admin), repetitions=repetitions)
        rejouer, nombre = mesure.plancher(mesure.page(admin_, url_admin))
        plancher = mesure.chronometrer(rejouer, repetitions=repetitions)
    finally:
        modele_admin.list_per_page = taille_admin
    # What any page of the portal costs over its SQL: session, account, DSFR layout.
    accueil = mesure.page(agent, "/")
    accueil()
    ms_accueil = mesure.chronometrer(accueil, repetitions=repetitions)
    rejouer, nombre_accueil = mesure.plancher(accueil)
    plancher_accueil = mesure.chronometrer(rejouer, repetitions=repetitions)
    lignes += [
        f"| changelist de l'admin (Demande, {PAR_PAGE} par page) | | {ms_admin:.0f} | "
        f"{plancher:.1f} | {ms_admin / plancher:.1f} fois | {nombre} |",
        f"| page d'accueil de l'agent (le socle de toute page) | | {ms_accueil:.0f} | "
        f"{plancher_accueil:.1f} | {ms_accueil / plancher_accueil:.1f} fois | {nombre_accueil} |",
        "",
        "Objectifs pour la vue par défaut (au plus 3 fois son plancher SQL, plus rapide que la "
        "changelist de l'admin) :",
        "",
    ]
    for etat, (ms, plancher) in defaut.items():
        lignes.append(
            f"- {etat} : {ms / plancher:.1f} fois le plancher "
            f"({'atteint' if ms <= 3 * plancher else 'manqué'}) ; {ms / ms_admin:.2f} fois "
            f"l'admin ({'atteint' if ms < ms_admin else 'manqué'})."
        )
    lignes.append("")
    return lignes


def mesurer_requetes(nombre):
    env = {
        **os.environ,
        "DATABASE_URL": mesure.base_a_part(os.environ["DATABASE_URL"], f"_{PETIT_VOLUME}"),
        "BENCH_DEMANDES": str(PETIT_VOLUME),
    }
    sortie = subprocess.run(
        [sys.executable, "-m", "bench.requetes"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    petit = json.loads(sortie.strip().splitlines()[-1])
    grand = requetes.compter()
    lignes = [
        f"### Requêtes SQL par page, à {PETIT_VOLUME} et à {nombre} demandes",
        "",
        f"| page | {PETIT_VOLUME} demandes | {nombre} demandes |",
        "|---|---|---|",
    ]
    lignes += [f"| {nom} | {petit[nom]} | {grand[nom]} |" for nom in grand]
    ecarts = [nom for nom in grand if grand[nom] != petit[nom]]
    lignes += [
        "",
        f"**Écarts : {', '.join(ecarts)}**" if ecarts else "Même nombre de requêtes partout.",
        "",
    ]
    return lignes


# The export's query written in SQL, for PostgreSQL's own COPY: the same rows and joins (the
# collectivité, its EPCI, the programme, the referent) and the themes of each demande in the
# portal's order, with the dates in the project's time zone.
COPY_EXPORT = """
COPY (
    SELECT d.reference, c.nom, e.nom, d.titre,
           (SELECT string_agg(t.nom, ', ' ORDER BY t.ordre, t.nom)
              FROM demandes_demande_thematiques dt
              JOIN territoire_thematique t ON t.id = dt.thematique_id
             WHERE dt.demande_id = d.id),
           p.nom, d.besoin, d.statut,
           coalesce(nullif(trim(concat(u.prenom, ' ', u.nom)), ''), u.email),
           (d.date_depot AT TIME ZONE 'Europe/Paris')::date,
           (d.date_prise_en_charge AT TIME ZONE 'Europe/Paris')::date,
           (d.date_orientation AT TIME ZONE 'Europe/Paris')::date,
           extract(day FROM now() - d.date_depot),
           d.budget_estime
      FROM demandes_demande d
      JOIN territoire_collectivite c ON c.id = d.collectivite_id
      LEFT JOIN territoire_collectivite e ON e.id = c.epci_id
      LEFT JOIN territoire_programmenational p ON p.id = d.programme_id
      LEFT JOIN comptes_user u ON u.id = d.referent_id
     WHERE d.statut <> 'brouillon'
     ORDER BY d.date_depot, d.id
) TO STDOUT
"""


def mesurer_exports():
    from tableau import exports

    agent = mesure.client("agent@ddt.demo")
    lignes = [
        "## 3. Exports de toutes les demandes (aucun filtre, aucun onglet)",
        "",
        "Par la vue, réponse lue jusqu'au bout. Mémoire : pic des allocations Python "
        "(tracemalloc, lors d'un second passage) et pic du processus (RSS).",
        "",
        "| export | lignes | durée (s) | pic Python (Mo) | octets |",
        "|---|---|---|---|---|",
    ]
    durees = {}
    for format_ in ("csv", "xlsx"):
        url = f"/tableau-de-bord/export.{format_}"
        debut = time.perf_counter()
        taille = mesure.exporter(agent, url)
        duree = durees[format_] = time.perf_counter() - debut
        tracemalloc.start()
        mesure.exporter(agent, url)
        _, pic = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        from demandes.models import Demande

        nombre = Demande.objects.exclude(statut="brouillon").count()
        lignes.append(
            f"| {format_.upper()} | {nombre} | {duree:.1f} | {pic / 2**20:.1f} | {taille} |"
        )
    debut = time.perf_counter()
    with connection.cursor() as curseur, curseur.copy(COPY_EXPORT) as copie:
        for _ in copie:
            pass
    copie_duree = time.perf_counter() - debut
    lignes += [
        f"| `COPY … TO STDOUT` de la même requête jointe | {nombre} | {copie_duree:.1f} | | |",
        "",
        "Objectif : chaque export en 10 fois le `COPY` au plus. "
        + " ; ".join(
            f"{format_.upper()} : {duree / copie_duree:.1f} fois"
            for format_, duree in durees.items()
        )
        + ".",
        "",
        f"Colonnes exportées : {len(exports.COLONNES)}. Pic RSS du processus de benchmark "
        f"jusqu'ici : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo.",
        "",
    ]
    return lignes


def _module(nom):
    def mesurer():
        return importlib.import_module(f"bench.{nom}").mesurer()

    return mesurer


def mesurer_france():
    """Issue #23's section, in a process of its own on a database of its own
    (BENCH_FRANCE_DATABASE_URL, by default this one's name followed by ``_france``)."""
    url = os.environ.get("BENCH_FRANCE_DATABASE_URL") or mesure.base_a_part(
        os.environ["DATABASE_URL"], "_france"
    )
    if os.environ.get("BENCH_FRANCE_DATABASE_URL"):
        mesure.base_a_part(url, "")
    connection.close()  # no session of ours on a database that bench.france may copy
    sortie = subprocess.run(
        [sys.executable, "-m", "bench.france"],
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return sortie.splitlines()


def _sections(texte):
    """``[(title, lines)]`` of a Markdown text cut before each ``## `` title (the first
    one, before any title, is titled "")."""
    sections = [("", [])]
    for ligne in texte.splitlines():
        if ligne.startswith("## "):
            sections.append((ligne, []))
        sections[-1][1].append(ligne)
    return sections


def fusionner(ancien, nouveau, *, garder_l_en_tete):
    """The new results in place of the old ones of the same title; the old sections this run
    did not measure (another section's, one written by hand) kept where they were; new ones
    before the last section (bench/CHANGEMENTS.md)."""
    nouvelles = dict(_sections(nouveau))
    anciennes = _sections(ancien)
    resultat, vues = [], set()
    for titre, lignes in anciennes:
        if titre == "" and garder_l_en_tete:
            resultat.append(lignes)
        elif titre in nouvelles:
            resultat.append(nouvelles[titre])
        else:
            resultat.append(lignes)
        vues.add(titre)
    ajoutees = [lignes for titre, lignes in _sections(nouveau) if titre not in vues]
    resultat[-1:-1] = ajoutees
    return "\n".join(ligne for lignes in resultat for ligne in lignes).rstrip() + "\n"


def main():
    sections = {
        "tableau": mesurer_tableau,
        "requetes": lambda: mesurer_requetes(nombre),
        "page_demande": _module("page_demande"),
        "exports": mesurer_exports,
        "latence": _module("latence"),
        "charge": _module("charge"),
        "france": mesurer_france,
    }
    choisies = os.environ.get("BENCH_SEULEMENT")
    if choisies:
        sections = {nom: sections[nom] for nom in choisies.split(",")}
    # Issue #23's section fills a database of its own: this one is not needed for it alone.
    seulement_la_france = list(sections) == ["france"]
    nombre, duree_generation = (0, 0) if seulement_la_france else donnees.preparer()
    rapport = [
        "# Résultats des benchmarks",
        "",
        f"Date : {timezone.localtime():%Y-%m-%d %H:%M} ; machine : {platform.platform()}, "
        f"{os.cpu_count()} cœurs, Python {platform.python_version()}, PostgreSQL "
        f"{connection.pg_version // 10000}.",
        f"Volume : {nombre} demandes ("
        + (
            f"génération : {duree_generation:.0f} s"
            if duree_generation
            else "base déjà remplie par un passage précédent"
        )
        + f"). Médianes de {mesure.REPETITIONS} appels, client de test Django dans le processus "
        "sauf mention.",
        "",
    ]
    for nom, mesurer in sections.items():
        print(f"… {nom}", file=sys.stderr, flush=True)
        rapport += mesurer()
    # What was changed to reach these figures: written by hand, kept across runs.
    rapport += ["", (Path(__file__).resolve().parent / "CHANGEMENTS.md").read_text("utf-8")]
    texte = "\n".join(rapport)
    print(texte)
    if RESULTATS.exists():
        texte = fusionner(RESULTATS.read_text("utf-8"), texte, garder_l_en_tete=seulement_la_france)
    RESULTATS.write_text(texte.rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

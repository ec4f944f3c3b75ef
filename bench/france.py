"""Issue #23's scale: one instance for the whole of France.

``python -m bench.france`` works on the database named by DATABASE_URL: it loads the territory
of every département (``charger_territoire --tout``, the npm package of ``make
territoire-france``), fills BENCH_FRANCE_DEMANDES demandes (1,000,000 by default) over them, the
Territoire de Belfort holding BENCH_FRANCE_BELFORT (10,000) and the others sharing the rest
evenly, then measures, and prints the lines for bench/RESULTS.md:

(a) the 90's agent's dashboard (default view, filtered and searched view) and exports, against
    the same measures on a second database with the same territory and the 90's demandes alone
    (``<DATABASE_URL>_90``): the cost must follow the département, not the country;
(b) the national view of the ANCT;
(c) filing → the préfète's email (bench/latence.py);
(d) a locust run whose State agents come from BENCH_FRANCE_EN_CHARGE départements (10);
(e) the inbox and home page of a national operator, whose routings span the country.

Both databases are kept: a later run reuses them when they hold their volume. BENCH_FRANCE_
DEPARTEMENTS (codes, e.g. ``90,25``) limits the territory for a small run (tests/bench/).
``python -m bench.france belfort`` prints the (a) measures of DATABASE_URL as JSON.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from bench import charge, donnees, latence, mesure, requetes

CODE_BELFORT = "90"
PREFIXE = "GU-F-"
# Communes of a département that file its demandes (all of the 90's): one group each to create.
COMMUNES_PAR_DEPARTEMENT = 40
AGENT = "agent@ddt.demo"
ANCT = "anct@anct.demo"
# An operator without local teams: its national team receives its routings of every département.
OPERATEUR_NATIONAL = "contact@ademe.demo"
RAPPORT_VISE = 1.2
NATIONALE_VISEE_MS = 1000
TABLEAU_P95_VISE_MS = 250
# Alternate measures of the two databases, so that both see the machine's same load.
TOURS = int(os.environ.get("BENCH_FRANCE_TOURS", "2"))


def total():
    return int(os.environ.get("BENCH_FRANCE_DEMANDES", "1000000"))


def belfort():
    return int(os.environ.get("BENCH_FRANCE_BELFORT", "10000"))


def codes_choisis():
    codes = os.environ.get("BENCH_FRANCE_DEPARTEMENTS", "")
    return [code.strip() for code in codes.split(",") if code.strip()]


def en_charge():
    return int(os.environ.get("BENCH_FRANCE_EN_CHARGE", "10"))


def agent_du_departement(code):
    return f"agent-{code.lower()}@prefecture.bench"


def repartition(departements, nombre, dans_belfort):
    """``{département: demandes it holds}``: ``dans_belfort`` in the 90, the rest even."""
    autres = [d for d in departements if d.code != CODE_BELFORT]
    reste = max(nombre - dans_belfort, 0) if autres else 0
    parts = {
        d: reste // len(autres) + (rang < reste % len(autres)) for rang, d in enumerate(autres)
    }
    return {next(d for d in departements if d.code == CODE_BELFORT): dans_belfort, **parts}


def charger_le_territoire():
    """The communes of every département (or of BENCH_FRANCE_DEPARTEMENTS), once: a later run
    finds them there. Returns the départements served."""
    from guichet.territoire.models import Collectivite, Departement

    codes = codes_choisis()
    departements = list(
        Departement.objects.filter(**({"code__in": codes} if codes else {})).order_by("code")
    )
    avec_communes = set(
        Collectivite.objects.filter(type="commune").values_list("departement_id", flat=True)
    )
    if any(d.pk not in avec_communes for d in departements):
        if codes:
            call_command("charger_territoire", departements=",".join(codes), verbosity=0)
        else:
            call_command("charger_territoire", tout=True, verbosity=0)
    return departements


def agents_des_departements(departements):
    """``{département: its préfecture's agent}``: the demo's for the 90, one made here for
    each other one (``agent-25@prefecture.bench``)."""
    from demo.chargement import MOT_DE_PASSE
    from guichet.comptes import services
    from guichet.comptes.models import ServiceEtat, User

    agents = {}
    for departement in departements:
        if departement.code == CODE_BELFORT:
            agents[departement] = User.objects.get(email=AGENT)
            continue
        user, cree = User.objects.get_or_create(
            email=agent_du_departement(departement.code),
            defaults={"prenom": "Agent", "nom": f"de la préfecture {departement.du_nom}"},
        )
        if cree:
            user.set_password(MOT_DE_PASSE)
            user.save(update_fields=["password"])
            services.rattacher(user=user, service=ServiceEtat.PREFECTURE, departement=departement)
        agents[departement] = user
    return agents


def preparer(nombre=None, dans_belfort=None):
    """Migrate, seed the demo, load the territory, fill each département up to its share:
    (demandes generated by this bench, seconds spent generating, 0 when already there)."""
    from demandes.models import Demande

    if connection.vendor != "postgresql":
        raise SystemExit("make bench demande PostgreSQL (DATABASE_URL=postgres://…).")
    nombre = total() if nombre is None else nombre
    dans_belfort = belfort() if dans_belfort is None else dans_belfort
    call_command("migrate", verbosity=0)
    if not settings.DEBUG:
        from bench import processus

        processus.collecter_statiques(dict(os.environ))
    call_command("seed_demo", "--force", verbosity=0)
    departements = charger_le_territoire()
    agents = agents_des_departements(departements)
    parts = repartition(departements, nombre, dans_belfort)
    deja = Counter(
        dict(
            Demande.objects.filter(reference__startswith=PREFIXE)
            .values_list("departement_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    a_remplir = {d: part for d, part in parts.items() if deja[d.pk] < part}
    debut = time.perf_counter()
    # The 90 first: the database as it is then, copied, is the 90's alone (the first state).
    belfort_ = {d: part for d, part in a_remplir.items() if d.code == CODE_BELFORT}
    autres = {d: part for d, part in a_remplir.items() if d.code != CODE_BELFORT}
    for lot in (belfort_, autres):
        if lot:
            with chargement_en_masse():
                remplir(lot, deja, agents)
            with connection.cursor() as curseur:
                curseur.execute("VACUUM ANALYZE")
        if lot is belfort_ and autres and not belfort_seul_existe():
            copier_pour_belfort_seul()
    return sum(parts.values()), (time.perf_counter() - debut if a_remplir else 0.0)


def _serveur_et_nom(url):
    url = url.rstrip("/")
    return url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]


def belfort_seul_existe():
    import psycopg

    serveur, nom = _serveur_et_nom(os.environ["DATABASE_URL"] + "_90")
    with psycopg.connect(serveur, autocommit=True) as brute:
        return bool(brute.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone())


def copier_pour_belfort_seul():
    """This database, holding the 90's demandes alone, copied by PostgreSQL (a template copy:
    a few seconds, where migrating and loading a second one would take minutes)."""
    import psycopg

    serveur, source = _serveur_et_nom(os.environ["DATABASE_URL"])
    connection.close()  # no session on a template being copied
    with psycopg.connect(serveur, autocommit=True) as brute:
        brute.execute(f'CREATE DATABASE "{source}_90" TEMPLATE "{source}"')


def remplir(parts, deja, agents):
    """Each département of ``parts`` from the ``deja`` demandes it holds up to its part."""
    from guichet.territoire.models import Collectivite

    contexte = donnees.Contexte()
    for departement, part in parts.items():
        communes = list(
            Collectivite.objects.filter(type="commune", departement=departement).order_by("pk")
        )
        hasard = random.Random(departement.code)  # noqa: S311 (reproducible test data)
        if departement.code != CODE_BELFORT:
            communes = hasard.sample(communes, min(COMMUNES_PAR_DEPARTEMENT, len(communes)))
        agent = agents[departement]
        print(f"… {departement.code} : {part - deja[departement.pk]} demandes", file=sys.stderr)
        donnees.inserer(
            contexte,
            range(deja[departement.pk], part),
            communes=communes,
            prefixe=f"{PREFIXE}{departement.code}-",
            agents=[agent, *([] if departement.code != CODE_BELFORT else contexte.agents[1:])],
            hasard=hasard,
        )


# The search's GIN index (demandes migration 0008), as the migration creates it.
INDEX_DE_RECHERCHE = (
    "CREATE INDEX IF NOT EXISTS demandes_demande_recherche_gin "
    "ON demandes_demande USING gin (recherche)"
)


@contextmanager
def chargement_en_masse():
    """The search's GIN index dropped while rows are bulk-inserted, and built again in one go
    afterwards, as bulk loads are done: kept up row by row, it made inserting 5,000 demandes
    take 20 s here. Built again on the way in too, in case a previous run was interrupted."""
    with connection.cursor() as curseur:
        curseur.execute(INDEX_DE_RECHERCHE)
        curseur.execute("DROP INDEX demandes_demande_recherche_gin")
        curseur.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as curseur:
            curseur.execute("SET synchronous_commit TO DEFAULT")
            curseur.execute(INDEX_DE_RECHERCHE)


# (a) The 90's dashboard and exports.

PAGES_DU_TABLEAU = [(nom, url) for _, nom, url in requetes.PAGES if "tableau" in url]


def mesurer_belfort():
    """``{measure: median ms}`` of the 90's agent's dashboard pages (with their SQL floor and
    query count) and exports, on DATABASE_URL."""
    from demandes.models import Demande

    agent = mesure.client(AGENT)
    resultats = {}
    repetitions = 3 * mesure.REPETITIONS
    repetitions_export = min(3, mesure.REPETITIONS)
    for nom, url in PAGES_DU_TABLEAU:
        appeler = mesure.page(agent, url)
        appeler()  # warm-up
        resultats[nom] = mesure.chronometrer(appeler, repetitions=repetitions)
        rejouer, resultats[f"{nom} : requêtes"] = mesure.plancher(appeler)
        resultats[f"{nom} : plancher SQL"] = mesure.chronometrer(rejouer, repetitions=repetitions)
    for format_ in ("csv", "xlsx"):
        url = f"/tableau-de-bord/export.{format_}"
        resultats[f"export {format_.upper()}"] = mesure.chronometrer(
            lambda url=url: mesure.exporter(agent, url), repetitions=repetitions_export
        )
    resultats["lignes"] = Demande.objects.filter(departement__code=CODE_BELFORT).count()
    resultats["demandes"] = Demande.objects.count()
    return resultats


def base_belfort_seul():
    """The URL of the database with the same territory and the 90's demandes alone."""
    return mesure.base_a_part(os.environ["DATABASE_URL"], "_90")


def preparer_belfort_seul():
    env = {**os.environ, "DATABASE_URL": base_belfort_seul()}
    subprocess.run([sys.executable, "-m", "bench.france", "preparer-belfort"], env=env, check=True)


def mesurer_belfort_seul():
    env = {**os.environ, "DATABASE_URL": base_belfort_seul()}
    sortie = subprocess.run(
        [sys.executable, "-m", "bench.france", "belfort"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(sortie.strip().splitlines()[-1])


def lignes_belfort():
    if not belfort_seul_existe():  # the other départements were filled by an earlier version
        preparer_belfort_seul()
    seul, france = [], []
    for _ in range(TOURS):
        seul.append(mesurer_belfort_seul())
        france.append(mesurer_belfort())
    # Each measure: the median over the rounds of each round's median.
    seul = {cle: statistics.median(r[cle] for r in seul) for cle in seul[0]}
    france = {cle: statistics.median(r[cle] for r in france) for cle in france[0]}
    lignes = [
        "### Le tableau de bord et les exports du Territoire de Belfort",
        "",
        f"L'agent de la DDT du 90 ({AGENT}) : ses pages et ses exports (ses "
        f"{france['lignes']:.0f} demandes), sur deux bases au même territoire (toute la France "
        f"chargée) : l'une avec les seules demandes du 90 ({seul['demandes']:.0f} en tout), "
        f"l'autre avec celles de tous les départements ({france['demandes']:.0f}). Médianes de "
        f"{3 * mesure.REPETITIONS} appels (3 pour un export), mesurées {TOURS} fois en "
        "alternant les deux bases (médiane des tours) ; plancher SQL : les requêtes de la page "
        "rejouées directement.",
        "",
        "| mesure | 90 seul (ms) | toute la France (ms) | rapport | objectif (≤ 1,2) |",
        "|---|---|---|---|---|",
    ]
    for nom, _ in PAGES_DU_TABLEAU:
        for cle in (nom, f"{nom} : plancher SQL"):
            lignes.append(_ligne_rapport(cle, seul[cle], france[cle], vise=cle == nom))
    for format_ in ("CSV", "XLSX"):
        cle = f"export {format_}"
        lignes.append(_ligne_rapport(cle, seul[cle], france[cle], vise=True))
    lignes += [
        "",
        "Requêtes SQL : "
        + " ; ".join(
            f"{nom} : {seul[f'{nom} : requêtes']:.0f} et {france[f'{nom} : requêtes']:.0f}"
            for nom, _ in PAGES_DU_TABLEAU
        )
        + ".",
        "",
    ]
    return lignes


def _ligne_rapport(nom, seul, france, *, vise):
    rapport = france / seul
    verdict = ("atteint" if rapport <= RAPPORT_VISE else "**manqué**") if vise else ""
    return f"| {nom} | {seul:.0f} | {france:.0f} | {rapport:.2f} | {verdict} |"


# (b) The national view.


def lignes_nationale():
    from django.conf import settings
    from django.test import override_settings
    from django.utils import timezone

    anct = mesure.client(ANCT)
    minutes = settings.VUE_NATIONALE_FRAICHEUR // 60
    lignes = [
        "### La vue nationale (compte de l'ANCT)",
        "",
        f"`/national/` pour {ANCT}, médianes de {mesure.REPETITIONS} appels. Ses chiffres "
        f"sont recomptés au plus une fois toutes les {minutes} minutes (la page dit quand) : "
        "« recomptée » les compte à chaque appel (l'appel qui recompte, un toutes les "
        f"{minutes} minutes au plus), « dans les {minutes} minutes » les lit du cache (tous "
        "les autres : la médiane des appels de la page).",
        "",
        "| page | état | médiane (ms) | requêtes | objectif (médiane < 1 s) |",
        "|---|---|---|---|---|",
    ]
    for nom, url in [
        ("vue nationale", "/national/"),
        ("vue nationale, une année", f"/national/?annee={timezone.localdate().year}"),
    ]:
        appeler = mesure.page(anct, url)
        for etat, fraicheur in [
            ("recomptée", 0),  # a timeout of 0 keeps nothing in Django's cache
            (f"dans les {minutes} minutes", settings.VUE_NATIONALE_FRAICHEUR),
        ]:
            with override_settings(VUE_NATIONALE_FRAICHEUR=fraicheur):
                appeler()
                ms = mesure.chronometrer(appeler)
                _, nombre = mesure.requetes_de(appeler)
            verdict = "atteint" if ms < NATIONALE_VISEE_MS else "**manqué**"
            lignes.append(f"| {nom} | {etat} | {ms:.0f} | {nombre} | {verdict} |")
    return [*lignes, ""]


# (e) A national operator.


def lignes_operateur_national():
    """The pages of a national operator's national team: its inbox (the filter's communes are
    asked for a département first), one département of it, a page further on, its home."""
    from guichet.comptes.models import User
    from guichet.territoire.models import Departement
    from operateurs.selectors import orientations_de

    operateur = mesure.client(OPERATEUR_NATIONAL)
    nombre = orientations_de(User.objects.get(email=OPERATEUR_NATIONAL)).count()
    belfort = Departement.objects.get(code=CODE_BELFORT).pk
    lignes = [
        "### La boîte d'un opérateur national",
        "",
        f"{OPERATEUR_NATIONAL} (équipe nationale, {nombre} orientations visibles), médianes "
        f"de {mesure.REPETITIONS} appels.",
        "",
        "| page | médiane (ms) | requêtes | taille (Ko) |",
        "|---|---|---|---|",
    ]
    for nom, url in [
        ("boîte", "/operateurs/demandes/"),
        ("boîte, les demandes du 90", f"/operateurs/demandes/?departement={belfort}"),
        ("boîte, page 50", "/operateurs/demandes/?page=50"),
        ("accueil de l'opérateur", "/"),
    ]:
        appeler = mesure.page(operateur, url)
        taille = len(appeler().content) / 1024
        ms = mesure.chronometrer(appeler)
        _, requetes = mesure.requetes_de(appeler)
        lignes.append(f"| {nom} | {ms:.0f} | {requetes} | {taille:.0f} |")
    return [*lignes, ""]


# (d) Under load: State agents of several départements.


def comptes_en_charge(departements):
    """The load's accounts: the demo's, the State's coming from ``en_charge()`` départements
    (the 90's two and one agent for each of the others)."""
    autres = [d for d in departements if d.code != CODE_BELFORT][: en_charge() - 1]
    return {
        **charge.COMPTES,
        "etat": [*charge.COMPTES["etat"], *(agent_du_departement(d.code) for d in autres)],
    }


def lignes_charge(departements, *, operateurs_nationaux=True):
    """The load run; without the national operators' accounts (``operateurs_nationaux``
    False), whose pages span the country, what the départements' own people cost."""
    comptes = comptes_en_charge(departements)
    if not operateurs_nationaux:
        comptes["operateurs"] = []
    resultat = charge.executer(
        utilisateurs=int(os.environ.get("BENCH_CHARGE_UTILISATEURS", "50")), comptes=comptes
    )
    tableau = next((p for p in resultat.pages if p.nom == "État : tableau de bord"), None)
    nombre = len({agent.split("@")[0] for agent in comptes["etat"]}) - 1
    lignes = resultat.lignes()
    lignes[0] = f"### Charge : agents de l'État de {nombre} départements" + (
        "" if operateurs_nationaux else ", sans les opérateurs nationaux"
    )
    if tableau is None:  # a run too short for any State agent to open it
        lignes += ["Tableau de bord sous charge : aucun affichage mesuré.", ""]
        return lignes
    lignes += [
        f"Tableau de bord sous charge : p95 {tableau.p95:.0f} ms (objectif : sous "
        f"{TABLEAU_P95_VISE_MS} ms) — "
        + ("atteint." if tableau.p95 < TABLEAU_P95_VISE_MS else "**manqué**."),
        "",
    ]
    return lignes


def mesurer():
    """The lines of ``## Toute la France (issue #23)`` for bench/RESULTS.md."""
    debut = time.perf_counter()
    nombre, duree = preparer()
    departements = charger_le_territoire()
    charge_avant = os.getloadavg()
    lignes = [
        "## Toute la France (issue #23)",
        "",
        f"{nombre} demandes générées sur {len(departements)} départements (territoire "
        f"entier chargé par `charger_territoire`), dont {belfort()} dans le Territoire de "
        "Belfort, les autres à parts égales, chacun par "
        f"{COMMUNES_PAR_DEPARTEMENT} de ses communes (toutes pour le 90) ; "
        + (
            f"génération : {duree / 60:.0f} min."
            if duree
            else "base remplie par un passage précédent."
        )
        + f" Charge moyenne de la machine au début (1, 5, 15 min ; {os.cpu_count()} cœurs) : "
        + ", ".join(f"{c:.1f}" for c in charge_avant)
        + " : la machine est partagée, une charge au-dessus du nombre de cœurs vient d'autres "
        "travaux qui tournent en même temps.",
        "",
    ]
    parties = os.environ.get("BENCH_FRANCE_PARTIES", "belfort,nationale,operateur,latence,charge")
    parties = parties.split(",")
    if "belfort" in parties:
        lignes += lignes_belfort()
    if "nationale" in parties:
        lignes += lignes_nationale()
    if "operateur" in parties:
        lignes += lignes_operateur_national()
    if "latence" in parties:
        sortie = latence.mesurer()
        sortie[0] = "### Dépôt → courriel de la préfète, parmi toutes les demandes de France"
        lignes += sortie
    if "charge" in parties:
        lignes += lignes_charge(departements)
        lignes += lignes_charge(departements, operateurs_nationaux=False)
    lignes += [
        f"Section entière : {(time.perf_counter() - debut) / 60:.0f} min ; charge moyenne à la "
        "fin : " + ", ".join(f"{c:.1f}" for c in os.getloadavg()) + ".",
        "",
    ]
    return lignes


def main():
    commande = sys.argv[1] if len(sys.argv) > 1 else ""
    if commande == "preparer":
        preparer()
    elif commande == "preparer-belfort":
        preparer(nombre=belfort())
    elif commande == "belfort":
        call_command("migrate", verbosity=0)  # the same schema as the database it is held to
        print(json.dumps(mesurer_belfort()))
    else:
        print("\n".join(mesurer()))


if __name__ == "__main__":
    main()

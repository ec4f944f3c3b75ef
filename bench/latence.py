"""Benchmark 4: from a collectivité's filing over HTTP to the préfet's email, through Redis
and a real Celery worker.

``python -m bench.latence`` prepares the data (``donnees.preparer``) and prints the lines;
``mesurer()`` returns them for bench/RESULTS.md. BENCH_DEPOTS filings (50 by default), one
after another, each of a complete draft made beforehand: for each, the time from just before
the filing POST to the moment the worker has handed the préfet's email to the email backend
(the row's ``date_envoi``, stamped as soon as the backend returns; one machine, one clock).
The emails are written to files, then counted: each one must be there.
"""

import email
import email.header
import math
import os
import statistics
import time

from bench import donnees, processus

ECHAUFFEMENT = 2  # filings not counted: each gunicorn and pool process loads its code first
DELAI_COURRIEL = 30
OBJECTIF_P95_MS = 1000
DEPOSANT = "maire@delle.demo"
PREFET = "prefet@prefecture.demo"


def centile(valeurs, rang):
    """Nearest-rank percentile: a value actually measured, never an interpolation."""
    ordonnees = sorted(valeurs)
    return ordonnees[max(math.ceil(rang / 100 * len(ordonnees)) - 1, 0)]


def preparer_brouillons(user, nombre):
    """``nombre`` complete drafts of ``user``'s collectivité, made through the service."""
    from demandes import permissions, services
    from guichet.territoire.models import Thematique

    collectivite = permissions.collectivites_de(user).first()
    thematiques = list(Thematique.objects.filter(active=True).order_by("pk")[:2])
    return [
        services.creer_brouillon(
            collectivite=collectivite,
            par=user,
            donnees={
                "titre": f"Projet de banc d'essai {numero}",
                "description": "Rénovation énergétique de l'école et de la salle des fêtes.",
                "besoin": "financement",
                "maturite": "etudes",
                "budget_estime": 250000,
                "contact_nom": f"{user.prenom} {user.nom}",
                "contact_email": user.email,
            },
            thematiques=thematiques,
        )
        for numero in range(nombre)
    ]


def formulaire_de_depot(demande):
    """What the draft's form posts when the person clicks « Déposer la demande »."""
    from demandes.services import CHAMPS_MODIFIABLES

    champs = {champ: getattr(demande, champ) for champ in CHAMPS_MODIFIABLES}
    champs["programme"] = demande.programme_id
    return {
        **{champ: "" if valeur is None else str(valeur) for champ, valeur in champs.items()},
        "thematiques": [str(pk) for pk in demande.thematiques.values_list("pk", flat=True)],
        "version": str(demande.version),
        "deposer": "Déposer la demande",
    }


def attendre_l_envoi(demande_pk, prefet):
    """The moment the worker handed the préfet's email to the backend, as a Unix time."""
    from demandes.models import Demande
    from guichet.notifications.models import StatutEnvoi

    envois = (
        Demande.objects.get(pk=demande_pk)
        .notifications.filter(destinataire=prefet, statut=StatutEnvoi.ENVOYEE)
        .values_list("date_envoi", flat=True)
    )
    limite = time.monotonic() + DELAI_COURRIEL
    while (date_envoi := envois.first()) is None:
        if time.monotonic() > limite:
            raise RuntimeError(
                f"courriel de la préfète pour la demande {demande_pk} non envoyé "
                f"en {DELAI_COURRIEL} s"
            )
        time.sleep(0.01)
    return date_envoi.timestamp()


def deposer(navigateur, demande):
    """File the draft as its page does; (seconds the POST took, Unix time just before it)."""
    formulaire = navigateur.get(f"/demandes/{demande.pk}/modifier/")
    if formulaire.statut != 200:
        raise RuntimeError(f"formulaire du brouillon {demande.pk} : {formulaire.statut}")
    debut, chrono = time.time(), time.perf_counter()
    reponse = navigateur.post(f"/demandes/{demande.pk}/modifier/", formulaire_de_depot(demande))
    duree = time.perf_counter() - chrono
    if reponse.statut != 302:
        raise RuntimeError(f"dépôt du brouillon {demande.pk} : {reponse.statut}")
    return duree, debut


def courriels_recus(dossier, destinataire):
    """The subjects of the emails the file backend wrote for ``destinataire``."""
    sujets = []
    for fichier in sorted(dossier.glob("*.log")):
        # The file backend separates messages with a line of 79 dashes.
        for bloc in fichier.read_text().split("-" * 79):
            if bloc.strip():
                message = email.message_from_string(bloc.strip())
                if message["To"] == destinataire:
                    sujet = email.header.decode_header(message["Subject"])
                    sujets.append(str(email.header.make_header(sujet)))
    return sujets


def verifier_les_courriels(dossier, demandes):
    """Each filed demande's reference is in the subject of an email written for the préfet."""
    from demandes.models import Demande

    references = set(
        Demande.objects.filter(pk__in=[d.pk for d in demandes]).values_list("reference", flat=True)
    )
    sujets = courriels_recus(dossier, PREFET)
    manquants = {r for r in references if not any(r in sujet for sujet in sujets)}
    if manquants:
        raise RuntimeError(f"courriels de la préfète manquants : {sorted(manquants)}")


def mesurer():
    from demo.chargement import MOT_DE_PASSE
    from guichet.comptes.models import User
    from guichet.notifications.models import Frequence
    from guichet.notifications.services import choisir_frequence

    nombre = int(os.environ.get("BENCH_DEPOTS", "50"))
    deposant = User.objects.get(email=DEPOSANT)
    prefet = User.objects.get(email=PREFET)
    # The demo's default, restored in case someone changed it on this database.
    choisir_frequence(user=prefet, frequence=Frequence.IMMEDIATE)
    brouillons = preparer_brouillons(deposant, ECHAUFFEMENT + nombre)
    totaux, requetes = [], []
    avant = os.getloadavg()[0]
    with processus.serveurs() as serveurs:
        navigateur = processus.Navigateur(serveurs.url).connecter(DEPOSANT, MOT_DE_PASSE)
        for rang, brouillon in enumerate(brouillons):
            duree_post, debut = deposer(navigateur, brouillon)
            envoi = attendre_l_envoi(brouillon.pk, prefet)
            if rang >= ECHAUFFEMENT:
                totaux.append((envoi - debut) * 1000)
                requetes.append(duree_post * 1000)
        verifier_les_courriels(serveurs.dossier_courriels, brouillons)
    apres = os.getloadavg()[0]

    p95 = centile(totaux, 95)
    return [
        "## Dépôt → courriel de la préfète (worker Celery réel sur Redis)",
        "",
        f"{nombre} dépôts par HTTP, l'un après l'autre, par la commune de Delle connectée "
        f"(session et jeton CSRF) sur gunicorn ({serveurs.gunicorn.workers} workers, "
        "DEBUG désactivé) ; un worker Celery (prefork, réglages par défaut) envoie les "
        "courriels dans des fichiers. Du POST de dépôt à la remise du courriel de la préfète "
        f"au backend d'envoi par le worker ; {ECHAUFFEMENT} dépôts d'échauffement non comptés. "
        f"Charge moyenne de la machine (1 min, {os.cpu_count()} cœurs) : {avant:.1f} avant, "
        f"{apres:.1f} à la fin.",
        "",
        "| mesure | médiane (ms) | p95 (ms) | max (ms) | N |",
        "|---|---|---|---|---|",
        f"| dépôt → courriel de la préfète | {statistics.median(totaux):.0f} | {p95:.0f} "
        f"| {max(totaux):.0f} | {len(totaux)} |",
        f"| dont la requête de dépôt (POST → 302) | {statistics.median(requetes):.0f} "
        f"| {centile(requetes, 95):.0f} | {max(requetes):.0f} | {len(requetes)} |",
        "",
        f"Objectif : p95 sous {OBJECTIF_P95_MS} ms — "
        + ("atteint." if p95 < OBJECTIF_P95_MS else "**manqué**."),
        "",
    ]


def main():
    donnees.preparer()
    print("\n".join(mesurer()))


if __name__ == "__main__":
    main()

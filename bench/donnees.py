"""The benchmark's data: a realistic territory of BENCH_DEMANDES demandes, inserted in bulk.

Every benchmark module calls ``preparer()`` first, so each can also run alone
(``python -m bench.latence`` …) on the database named by DATABASE_URL.
"""

import os
import random
import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone


def total_vise():
    return int(os.environ.get("BENCH_DEMANDES", "100000"))


def preparer(total=None):
    """Migrate, seed the demo, grow the demandes up to ``total``: (count, seconds spent)."""
    if connection.vendor != "postgresql":
        raise SystemExit("make bench demande PostgreSQL (DATABASE_URL=postgres://…).")
    call_command("migrate", verbosity=0)
    if not settings.DEBUG:
        from bench import processus

        processus.collecter_statiques(dict(os.environ))
    call_command("seed_demo", "--force", verbosity=0)
    nombre, duree = generer(total or total_vise())
    with connection.cursor() as curseur:
        # What autovacuum does after bulk loads: statistics, and the visibility map that lets
        # counts be read from indexes alone.
        curseur.execute("VACUUM ANALYZE")
    return nombre, duree


# Titles like those the collectivités file (the press release's themes), for a search that
# matches a realistic share of the rows rather than all of them or none.
OBJETS = [
    "Rénovation énergétique de l'école",
    "Création d'une maison de santé",
    "Réhabilitation du centre-bourg",
    "Aménagement d'une piste cyclable",
    "Sécurisation de l'eau potable",
    "Extension de la médiathèque",
    "Revitalisation des commerces de proximité",
    "Étude de prévention des inondations",
    "Réhabilitation de logements vacants",
    "Rénovation de la salle polyvalente",
    "Déploiement de bornes de recharge",
    "Restauration de la continuité écologique",
]


def generer(total):
    """Bulk-insert filed demandes over the 101 communes, as years of use leave them, up to
    ``total`` demandes in the database: (count, seconds spent)."""
    from demandes.models import Demande
    from guichet.territoire.models import Collectivite

    existantes = Demande.objects.count()
    if existantes >= total:
        return existantes, 0.0
    debut = time.perf_counter()
    contexte = Contexte()
    inserer(
        contexte,
        range(existantes, total),
        communes=list(Collectivite.objects.filter(type="commune")),
        prefixe="GU-B-",
        agents=contexte.agents,
        hasard=random.Random(90),  # noqa: S311 (reproducible test data, not secrets)
    )
    return total, time.perf_counter() - debut


class Contexte:
    """What every batch reads once: themes, operators and their groups, permissions, the demo's
    depositor and agents."""

    def __init__(self):
        from django.contrib.auth.models import Permission

        from guichet.comptes.models import User
        from guichet.comptes.services import groupe_d_operateur
        from guichet.territoire.models import Operateur, Thematique

        self.themes = list(Thematique.objects.all())
        self.operateurs = list(Operateur.objects.all())
        self.groupes_operateurs = {o.pk: groupe_d_operateur(o) for o in self.operateurs}
        self.permissions = {
            p.codename: p
            for p in Permission.objects.filter(
                content_type__app_label="demandes", content_type__model="demande"
            )
        }
        self.deposant = User.objects.get(email="maire@delle.demo")
        self.agents = [
            User.objects.get(email="agent@ddt.demo"),
            User.objects.get(email="prefet@prefecture.demo"),
        ]


LOT = 5000


def inserer(contexte, numeros, *, communes, prefixe, agents, hasard):
    """Bulk-insert one filed demande per number of ``numeros`` (its reference: ``prefixe`` and
    the number), each in one of ``communes``, taken charge of by one of ``agents``.

    Each has two themes, two timeline events, dates matching its status, one or two routings
    to operators once routed (answered once accepted), a thread for one in three, and one in
    a hundred is followed by the first of ``agents``. Access goes where the services put it:
    the collectivité's group and each routed operator's group hold object permissions.
    """
    from demandes.models import (
        Demande,
        DemandeGroupObjectPermission,
        Evenement,
        Message,
        Statut,
        Suivi,
        TypeEvenement,
    )
    from demandes.services import PERMISSIONS_COLLECTIVITE
    from guichet.comptes.services import groupe_de_collectivite
    from operateurs.models import Orientation, StatutOrientation

    S = Statut
    groupes = {c.pk: groupe_de_collectivite(c) for c in communes}
    permissions = contexte.permissions
    deposant, themes, operateurs = contexte.deposant, contexte.themes, contexte.operateurs
    statuts = [s for s in S if s != S.BROUILLON]
    orientees = {S.ORIENTEE, S.INSCRITE_COMITE, S.ACCOMPAGNEE, S.CLOTUREE}
    prises = orientees | {S.EN_INSTRUCTION, S.A_COMPLETER, S.CLASSEE_SANS_SUITE}
    maintenant = timezone.now()
    jours = timedelta(days=1)
    numeros = list(numeros)
    for depart in range(0, len(numeros), LOT):
        demandes = []
        for i in numeros[depart : depart + LOT]:
            statut = hasard.choice(statuts)
            depot = maintenant - hasard.randint(0, 5 * 365) * jours
            prise = depot + hasard.randint(0, 20) * jours if statut in prises else None
            collectivite = hasard.choice(communes)
            demandes.append(
                Demande(
                    reference=f"{prefixe}{i:07d}",
                    collectivite=collectivite,
                    departement_id=collectivite.departement_id,
                    deposant=deposant,
                    titre=f"{hasard.choice(OBJETS)} (n° {i})",
                    description="Rénovation, étude et accompagnement du projet communal. " * 3,
                    statut=statut,
                    date_depot=depot,
                    date_prise_en_charge=prise,
                    date_orientation=(
                        prise + hasard.randint(1, 40) * jours if statut in orientees else None
                    ),
                    referent=hasard.choice(agents) if prise else None,
                )
            )
        Demande.objects.bulk_create(demandes, batch_size=LOT)
        lien = Demande.thematiques.through
        lien.objects.bulk_create(
            (lien(demande=d, thematique=t) for d in demandes for t in hasard.sample(themes, 2)),
            batch_size=LOT * 2,
        )
        Evenement.objects.bulk_create(
            (
                Evenement(demande=d, type=TypeEvenement.TRANSITION, libelle="Déposée")
                for d in demandes
                for _ in range(2)
            ),
            batch_size=LOT * 2,
        )
        orientations = Orientation.objects.bulk_create(
            (
                Orientation(
                    demande=d,
                    operateur=operateur,
                    oriente_par=d.referent,
                    statut=(
                        StatutOrientation.PROPOSEE
                        if d.statut == S.ORIENTEE
                        else StatutOrientation.ACCEPTEE
                    ),
                    date_reponse=None if d.statut == S.ORIENTEE else d.date_orientation + jours,
                )
                for d in demandes
                if d.statut in orientees
                for operateur in hasard.sample(operateurs, hasard.randint(1, 2))
            ),
            batch_size=LOT,
        )
        acces = [
            DemandeGroupObjectPermission(
                permission=permissions[code], group=groupes[d.collectivite_id], content_object=d
            )
            for d in demandes
            for code in PERMISSIONS_COLLECTIVITE
        ] + [
            DemandeGroupObjectPermission(
                permission=permissions["view_demande"],
                group=contexte.groupes_operateurs[o.operateur_id],
                content_object_id=o.demande_id,
            )
            for o in orientations
        ]
        DemandeGroupObjectPermission.objects.bulk_create(acces, batch_size=LOT * 2)
        Message.objects.bulk_create(
            (
                Message(demande=d, auteur=auteur, texte="Pouvez-vous préciser le calendrier ?")
                for d in demandes
                if hasard.random() < 1 / 3
                for auteur in (deposant, hasard.choice(agents))
            ),
            batch_size=LOT,
        )
        Suivi.objects.bulk_create(
            (
                Suivi(user=agents[0], demande=d, suivie=True)
                for d in demandes
                if hasard.random() < 0.01
            ),
            batch_size=LOT,
        )

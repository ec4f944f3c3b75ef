"""Benchmark 2 of issue #10: a request's page with a long timeline and thread.

Two demandes of Delle, built once and topped up on later runs: one with a long history
(2,000 events, 500 messages of which a quarter are internal notes, 50 documents, five
routings with their answers, three complements) and its twin with a short one (10 events,
5 messages, 3 documents, two routings, one complement). Each is read by everyone who may see
it: the DDT agent, the mayor of Delle and the Ademe's contact; the long one also at older pages
of its thread and timeline (the page shows the most recent ones). For each page: median time, its
SQL floor (the page's own SELECTs replayed on a separate connection), the ratio, the number of
queries (every statement, writes included), the weight of the HTML. The number of queries must
be the same for the long and the short history.

The documents are rows only: the page lists them and never opens their files. Fifty is five
times what a demande may hold (``fichiers.NOMBRE_MAX``): a margin, not a real case.

Run alone with ``python -m bench.page_demande`` (PostgreSQL, DATABASE_URL).
"""

from django.db import connection, transaction
from django.test import override_settings

from bench import donnees, mesure

TITRE_LONGUE = "Banc d'essai : demande à l'historique long"
TITRE_COURTE = "Banc d'essai : demande à l'historique court"

# What each demande ends up with (the services write part of it, bulk inserts the rest).
VOLUMES = {
    TITRE_LONGUE: {
        "evenements": 2000,
        "messages": 500,
        "pieces": 50,
        "complements": 3,
        # slug: what the operator did (accepte: accepts and gives its opinion and offer)
        "orientations": {
            "ademe": "accepte",
            "anah": "accepte",
            "banque-des-territoires": "decline",
            "cerema": "propose",
            "anru": "termine",
        },
    },
    TITRE_COURTE: {
        "evenements": 10,
        "messages": 5,
        "pieces": 3,
        "complements": 1,
        "orientations": {"ademe": "accepte", "anah": "propose"},
    },
}

VISITEURS = {
    "État (DDT)": "agent@ddt.demo",
    "collectivité (maire de Delle)": "maire@delle.demo",
    "opérateur (Ademe)": "contact@ademe.demo",
}

MEMBRES_OPERATEURS = {
    "ademe": "contact@ademe.demo",
    "anah": "contact@anah.demo",
    "anru": "contact@anru.demo",
    "banque-des-territoires": "contact@banquedesterritoires.demo",
    "cerema": "contact@cerema.demo",
}


def _squelette(titre, volumes, users):
    """The demande's life through the services: filed, taken in charge, completed, routed."""
    from demandes import services
    from demandes.models import MotifComplement
    from guichet.territoire.models import Collectivite, Operateur, Thematique
    from operateurs import services as operateurs

    maire, agent = users["maire@delle.demo"], users["agent@ddt.demo"]
    demande = services.creer_brouillon(
        collectivite=Collectivite.objects.get(code_insee="90033"),
        par=maire,
        donnees={
            "titre": titre,
            "description": "Requalification des espaces publics et des équipements du bourg.",
            "besoin": "ingenierie",
            "maturite": "etudes",
            "budget_estime": 2400000,
            "contact_nom": maire.get_full_name(),
            "contact_email": maire.email,
        },
        thematiques=Thematique.objects.filter(slug__in=["habitat", "mobilite"]),
    )
    demande = services.deposer_demande(demande=demande, par=maire, version=demande.version)
    demande = services.prendre_en_charge(demande=demande, par=agent, version=demande.version)
    for numero in range(volumes["complements"]):
        complement = services.demander_complement(
            demande=demande,
            par=agent,
            version=demande.version,
            message=f"Précisions n° {numero + 1}.",
            points=[
                ("Joindre le plan de financement.", MotifComplement.INCOMPLET),
                ("Le calendrier a-t-il changé ?", MotifComplement.OBSOLETE),
            ],
        )
        demande.refresh_from_db()
        demande = services.repondre_complement(
            demande=demande,
            par=maire,
            version=demande.version,
            reponses={p.pk: "Voir le document joint." for p in complement.points.all()},
        )
    demande = services.orienter_demande(
        demande=demande,
        par=agent,
        version=demande.version,
        operateurs=Operateur.objects.filter(slug__in=volumes["orientations"]),
        message="Pouvez-vous dire à la commune comment vous pouvez l'accompagner ?",
    )
    for orientation in demande.orientations.select_related("operateur"):
        suite = volumes["orientations"][orientation.operateur.slug]
        membre = users[MEMBRES_OPERATEURS[orientation.operateur.slug]]
        if suite == "decline":
            operateurs.decliner(orientation=orientation, par=membre, motif="Hors de notre champ.")
        elif suite in ("accepte", "termine"):
            orientation = operateurs.accepter(orientation=orientation, par=membre)
            operateurs.donner_avis(
                orientation=orientation,
                par=membre,
                avis="Projet structurant ; nous pouvons l'appuyer.",
                type_offre="ingenierie",
                jours=10,
                description="Dix jours d'ingénierie.",
            )
            if suite == "termine":
                operateurs.terminer(orientation=orientation, par=membre)
    return demande


def _completer(demande, volumes, users):
    """Top the history up to its volumes with bulk inserts (idempotent)."""
    from demandes.models import Evenement, Message, PieceJointe, TypeEvenement

    auteurs = [users[email] for email in ("agent@ddt.demo", "maire@delle.demo")]
    ademe = users["contact@ademe.demo"]
    manque = volumes["evenements"] - demande.evenements.count()
    Evenement.objects.bulk_create(
        Evenement(
            demande=demande,
            auteur=auteurs[i % 2],
            type=TypeEvenement.MESSAGE if i % 3 else TypeEvenement.MODIFICATION,
            libelle="Note interne" if i % 4 == 0 else f"Échange n° {i}",
            detail="Point d'étape sur le projet, les devis et le calendrier. " * (i % 3),
            interne=i % 4 == 0,
        )
        for i in range(max(manque, 0))
    )
    manque = volumes["messages"] - demande.messages.count()
    Message.objects.bulk_create(
        Message(
            demande=demande,
            auteur=ademe if i % 4 == 0 else auteurs[i % 2],
            texte=f"Message n° {i}.\n\nOù en sont les devis ? Le calendrier tient-il ? " * 2,
            interne=i % 4 == 0,
        )
        for i in range(max(manque, 0))
    )
    manque = volumes["pieces"] - demande.pieces.count()
    PieceJointe.objects.bulk_create(
        PieceJointe(
            demande=demande,
            fichier=f"{demande.pk}/banc-d-essai-{i}.pdf",
            nom=f"devis-{i}.pdf",
            type_mime="application/pdf",
            extension=".pdf",
            taille=120_000 + i,
            depose_par=auteurs[1],
        )
        for i in range(max(manque, 0))
    )


def construire():
    """The long demande and its short twin, by title: built once, then topped up."""
    from demandes.models import Demande
    from guichet.comptes.models import User

    users = {u.email: u for u in User.objects.filter(email__endswith=".demo")}
    demandes = {}
    # The services notify as they go: nobody is to be emailed about a benchmark.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for titre, volumes in VOLUMES.items():
            demande = Demande.objects.filter(titre=titre, collectivite__code_insee="90033").first()
            with transaction.atomic():
                if demande is None:
                    demande = _squelette(titre, volumes, users)
                _completer(demande, volumes, users)
            demandes[titre] = demande
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    return demandes[TITRE_LONGUE], demandes[TITRE_COURTE]


def _decrire(demande):
    return (
        f"{demande.evenements.count()} événements, {demande.messages.count()} messages "
        f"(dont {demande.messages.filter(interne=True).count()} notes internes), "
        f"{demande.pieces.count()} documents, {demande.orientations.count()} orientations, "
        f"{demande.complements.count()} compléments"
    )


def mesurer():
    """Measure the request page of both demandes for every viewer: Markdown lines."""
    longue, courte = construire()
    pages = [
        ("long", longue.get_absolute_url()),
        ("long, pages anciennes", longue.get_absolute_url() + "?echanges=10&historique=40"),
        ("court", courte.get_absolute_url()),
    ]
    lignes = [
        "## Page d'une demande",
        "",
        f"Historique long : {_decrire(longue)} ; court : {_decrire(courte)}.",
        "Requêtes : toutes les instructions SQL de la page (écritures comprises) ; le plancher "
        "rejoue ses SELECT sur une connexion à part.",
        "",
        "| visiteur | historique | médiane (ms) | plancher SQL (ms) | rapport au plancher "
        "| requêtes | HTML (Ko) |",
        "|---|---|---|---|---|---|---|",
    ]
    for visiteur, email in VISITEURS.items():
        client = mesure.client(email)
        for historique, url in pages:
            afficher = mesure.page(client, url)
            reponse = afficher()  # warm-up
            ms = mesure.chronometrer(afficher)
            rejouer, requetes = mesure.plancher(afficher)
            floor = mesure.chronometrer(rejouer)
            lignes.append(
                f"| {visiteur} | {historique} | {ms:.0f} | {floor:.1f} | {ms / floor:.1f} fois "
                f"| {requetes} | {len(reponse.content) / 1024:.0f} |"
            )
    lignes.append("")
    return lignes


if __name__ == "__main__":
    donnees.preparer()
    print("\n".join(mesurer()))

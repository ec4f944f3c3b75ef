"""The pages' query counts, to compare at 1,000 and at 100,000 demandes (issue #10).

``python -m bench.requetes`` prepares the database named by DATABASE_URL up to BENCH_DEMANDES
demandes and prints the counts as JSON; ``bench/__main__.py`` runs it on a small database of
its own and compares with the large one.
"""

import json

from bench import donnees, mesure

# Each role's everyday pages.
PAGES = [
    ("agent@ddt.demo", "tableau de bord, vue par défaut", "/tableau-de-bord/"),
    (
        "agent@ddt.demo",
        "tableau de bord, filtré + recherche",
        "/tableau-de-bord/?onglet=toutes&statut=orientee&q=école",
    ),
    ("agent@ddt.demo", "page d'une demande (État)", "/demandes/{demande}/"),
    ("maire@delle.demo", "demandes de la collectivité", "/demandes/"),
    ("maire@delle.demo", "page d'une demande (collectivité)", "/demandes/{demande_delle}/"),
    ("contact@ademe.demo", "boîte de l'opérateur", "/operateurs/demandes/"),
    ("contact@ademe.demo", "page d'une demande (opérateur)", "/demandes/{demande_ademe}/"),
    ("membre@comite.demo", "séances du comité", "/comite/seances/"),
    ("membre@comite.demo", "feuille de route", "/comite/feuille-de-route/"),
]


def clients():
    par_email = {}
    for email, _, _ in PAGES:
        if email not in par_email:
            par_email[email] = mesure.client(email)
    return par_email


def demandes_types():
    """A generated demande of each kind the pages need (the generator is seeded: the same
    ones at 1,000 and at 100,000 demandes, whatever their history)."""
    from demandes.models import Demande

    # With a thread and a routing: an empty list would spare its query and skew the comparison.
    generees = (
        Demande.objects.filter(reference__startswith="GU-B-", messages__isnull=False)
        .filter(orientations__isnull=False)
        .order_by("reference")
    )
    return {
        "demande": generees.first().pk,
        "demande_delle": generees.filter(collectivite__code_insee="90033").first().pk,
        "demande_ademe": generees.filter(orientations__operateur__slug="ademe").first().pk,
    }


def compter():
    """``{page: number of queries}``."""
    par_email = clients()
    types = demandes_types()
    comptes = {}
    for email, nom, url in PAGES:
        appeler = mesure.page(par_email[email], url.format(**types))
        appeler()  # one-off writes (a configuration row, a first « seen ») stay out
        _, comptes[nom] = mesure.requetes_de(appeler)
    return comptes


if __name__ == "__main__":
    donnees.preparer()
    print(json.dumps(compter()))

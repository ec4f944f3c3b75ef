"""The ANCT's partner operators named by the founding press release, with their public sites."""

OPERATEURS_ANCT = [
    {
        "slug": "ademe",
        "article": "l'",
        "sigle": "Ademe",
        "nom": "Agence de la transition écologique (Ademe)",
        "site_web": "https://www.ademe.fr",
        "description": "Accompagne la transition écologique et énergétique des territoires : "
        "énergie, économie circulaire, mobilité, adaptation au changement climatique.",
        "thematiques": ["transition-ecologique-energie", "mobilite", "alimentation-proximite"],
    },
    {
        "slug": "anah",
        "article": "l'",
        "sigle": "Anah",
        "nom": "Agence nationale de l'habitat (Anah)",
        "site_web": "https://www.anah.gouv.fr",
        "description": "Aide à l'amélioration de l'habitat privé : rénovation énergétique, "
        "lutte contre l'habitat indigne, copropriétés, adaptation des logements.",
        "thematiques": ["habitat", "revitalisation-centres-villes"],
    },
    {
        "slug": "anru",
        "article": "l'",
        "sigle": "ANRU",
        "nom": "Agence nationale pour la rénovation urbaine (ANRU)",
        "site_web": "https://www.anru.fr",
        "description": "Finance et accompagne la transformation des quartiers prioritaires "
        "de la politique de la ville.",
        "thematiques": ["quartiers-prioritaires", "habitat"],
    },
    {
        "slug": "banque-des-territoires",
        "article": "la",
        "sigle": "Banque des Territoires",
        "nom": "Banque des Territoires (Caisse des dépôts)",
        "site_web": "https://www.banquedesterritoires.fr",
        "description": "Conseil, ingénierie et financement (prêts, investissements) des "
        "projets des collectivités.",
        "thematiques": [
            "developpement-economique",
            "revitalisation-commerciale",
            "numerique-couverture-mobile",
            "revitalisation-centres-villes",
        ],
    },
    {
        "slug": "cerema",
        "article": "le",
        "sigle": "Cerema",
        "nom": "Centre d'études et d'expertise sur les risques, l'environnement, la mobilité "
        "et l'aménagement (Cerema)",
        "site_web": "https://www.cerema.fr",
        "description": "Expertise et ingénierie publique en aménagement, risques, mobilité, "
        "infrastructures et bâtiments.",
        "thematiques": [
            "risques-inondation",
            "eau-potable",
            "mobilite",
            "projets-territoire-diagnostics",
        ],
    },
]


def charger_operateurs(Operateur, Thematique):
    """Create the five ANCT partners when missing, with their themes; never touch edited ones.

    ``Operateur`` may be a migration's historical model, older than some fields of the list
    (the article came later): those fields are left out.
    """
    champs = {champ.name for champ in Operateur._meta.concrete_fields}
    for donnees in OPERATEURS_ANCT:
        valeurs = {cle: valeur for cle, valeur in donnees.items() if cle in champs}
        operateur, cree = Operateur.objects.get_or_create(slug=donnees["slug"], defaults=valeurs)
        if cree:
            operateur.thematiques.set(Thematique.objects.filter(slug__in=donnees["thematiques"]))


def renseigner_articles(Operateur):
    """Give the five ANCT partners their article where none is set yet."""
    for donnees in OPERATEURS_ANCT:
        Operateur.objects.filter(slug=donnees["slug"], article="").update(
            article=donnees["article"]
        )


def charger_regles(Operateur, Thematique, RegleOrientation):
    """One rule per theme an operator declares, weight 2; the admin tunes them afterwards."""
    for operateur in Operateur.objects.prefetch_related("thematiques"):
        for thematique in operateur.thematiques.all():
            RegleOrientation.objects.get_or_create(
                thematique=thematique, operateur=operateur, defaults={"poids": 2}
            )

"""Demo demandes for Belfort and Delle, one scenario per status, built through the services.

Idempotent: a scenario whose title already exists for its collectivité is skipped.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import capfirst

from accompagnement import demo as accompagnement
from guichet.territoire.models import Collectivite, Operateur, ProgrammeNational, Thematique

from . import services
from .models import Demande, MotifComplement


def pdf_de_demo(titre):
    """A small, valid one-page PDF whose page shows ``titre``."""
    texte = titre.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    contenu = b"BT /F1 14 Tf 60 760 Td (" + texte + b") Tj ET"
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(contenu)).encode() + b" >>\nstream\n" + contenu + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    sortie = bytearray(b"%PDF-1.4\n")
    positions = []
    for numero, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += f"{numero} 0 obj\n".encode() + objet + b"\nendobj\n"
    debut_xref = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode()
    for position in positions:
        sortie += f"{position:010d} 00000 n \n".encode()
    sortie += f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R >>\n".encode()
    sortie += f"startxref\n{debut_xref}\n%%EOF\n".encode()
    return bytes(sortie)


def _fichier(nom, titre):
    return SimpleUploadedFile(nom, pdf_de_demo(titre), content_type="application/pdf")


SCENARIOS = [
    # (collectivité, titre, thèmes, programme, besoin, maturité, budget, statut visé)
    (
        "90033",
        "Rénovation énergétique de l'école maternelle",
        ["transition-ecologique-energie"],
        None,
        "financement",
        "etudes",
        420000,
        "brouillon",
    ),
    (
        "90033",
        "Ouverture d'un espace France services",
        ["services-publics-soins"],
        "france-services",
        "ingenierie",
        "projet_defini",
        180000,
        "deposee",
    ),
    (
        "90033",
        "Sécurisation de l'alimentation en eau potable",
        ["eau-potable", "risques-inondation"],
        None,
        "ingenierie",
        "etudes",
        950000,
        "en_instruction",
    ),
    (
        "90033",
        "Étude de ruissellement et prévention des inondations",
        ["risques-inondation"],
        None,
        "ingenierie",
        "idee",
        60000,
        "a_completer",
    ),
    (
        "90033",
        "Revitalisation du centre-bourg",
        ["revitalisation-centres-villes", "revitalisation-commerciale"],
        "petites-villes-de-demain",
        "conseil",
        "etudes",
        1500000,
        "orientee",
    ),
    (
        "90033",
        "Création d'un marché de producteurs locaux",
        ["alimentation-proximite"],
        None,
        "mise_en_relation",
        "idee",
        25000,
        "retiree",
    ),
    (
        "90010",
        "Station hydrogène pour les bus urbains",
        ["filieres-avenir-hydrogene", "mobilite"],
        "territoires-d-industrie",
        "financement",
        "projet_defini",
        3200000,
        "inscrite_comite",
    ),
    (
        "90010",
        "Renouvellement urbain du quartier des Résidences",
        ["quartiers-prioritaires", "habitat"],
        None,
        "financement",
        "travaux",
        12000000,
        "accompagnee",
    ),
    (
        "90010",
        "Diagnostic de la vacance commerciale du centre-ville",
        ["revitalisation-commerciale"],
        "action-coeur-de-ville",
        "ingenierie",
        "etudes",
        45000,
        "cloturee",
    ),
    (
        "90010",
        "Extension du parking de la gare",
        ["mobilite"],
        None,
        "financement",
        "projet_defini",
        800000,
        "classee",
    ),
    (
        "90010",
        "Tiers-lieu numérique à la médiathèque",
        ["numerique-couverture-mobile"],
        None,
        "conseil",
        "etudes",
        150000,
        "complement_repondu",
    ),
]


ORIENTATIONS = {
    "Revitalisation du centre-bourg": ["banque-des-territoires", "anah"],
    "Station hydrogène pour les bus urbains": ["ademe", "banque-des-territoires"],
    "Renouvellement urbain du quartier des Résidences": ["anru", "anah"],
    "Diagnostic de la vacance commerciale du centre-ville": ["banque-des-territoires"],
}


MEMBRES = {
    "ademe": "contact@ademe.demo",
    "anah": "contact@anah.demo",
    "anru": "contact@anru.demo",
    "banque-des-territoires": "contact@banquedesterritoires.demo",
    "cerema": "contact@cerema.demo",
}


def _reponses_des_operateurs(demande, users):
    """Each operator the demande went to accepts it and gives its opinion and offer."""
    from operateurs import services as operateurs

    for orientation in demande.orientations.select_related("operateur"):
        membre = users[MEMBRES[orientation.operateur.slug]]
        orientation = operateurs.accepter(orientation=orientation, par=membre)
        operateurs.donner_avis(
            orientation=orientation,
            par=membre,
            avis=(
                "Projet structurant pour la commune ; "
                f"{orientation.operateur.avec_article} peut l'appuyer."
            ),
            type_offre="ingenierie",
            jours=10,
            description=f"{capfirst(orientation.operateur.avec_article)} propose dix jours "
            "d'ingénierie.",
        )


def charger_demandes(users):
    maires = {"90033": users["maire@delle.demo"], "90010": users["maire@belfort.demo"]}
    prefet, ddt = users["prefet@prefecture.demo"], users["agent@ddt.demo"]
    for insee, titre, themes, programme, besoin, maturite, budget, cible in SCENARIOS:
        collectivite = Collectivite.objects.get(code_insee=insee)
        if Demande.objects.filter(collectivite=collectivite, titre=titre).exists():
            continue
        maire = maires[insee]
        demande = services.creer_brouillon(
            collectivite=collectivite,
            par=maire,
            donnees={
                "titre": titre,
                "description": (
                    f"{titre} : la commune souhaite être accompagnée pour définir le projet, "
                    "en évaluer le coût et trouver les financements."
                ),
                "programme": ProgrammeNational.objects.filter(slug=programme).first(),
                "besoin": besoin,
                "maturite": maturite,
                "budget_estime": budget,
                "contact_nom": maire.get_full_name(),
                "contact_email": maire.email,
                "contact_telephone": "03 84 00 00 00",
                # Belfort agrees to publish its projects in the open data, Delle does not.
                "publier_donnees_ouvertes": insee == "90010",
            },
            thematiques=Thematique.objects.filter(slug__in=themes),
            fichiers=[_fichier("note-de-presentation.pdf", titre)],
            deposer=cible != "brouillon",
        )
        if cible in ("brouillon", "deposee"):
            continue
        if cible == "retiree":
            services.retirer_demande(demande=demande, par=maire, version=demande.version)
            continue
        agent = ddt if insee == "90033" else prefet
        demande = services.prendre_en_charge(demande=demande, par=agent, version=demande.version)
        services.envoyer_message(
            demande=demande,
            par=agent,
            texte="Bonjour, je suis votre interlocuteur pour ce projet. Je reviens vers vous.",
        )
        if cible in ("a_completer", "complement_repondu"):
            complement = services.demander_complement(
                demande=demande,
                par=agent,
                version=demande.version,
                message="Merci de préciser les points suivants.",
                points=[
                    ("Joindre le plan de financement prévisionnel.", MotifComplement.INCOMPLET),
                    (
                        "Le périmètre de l'étude a-t-il changé depuis 2024 ?",
                        MotifComplement.OBSOLETE,
                    ),
                ],
            )
            if cible == "complement_repondu":
                demande.refresh_from_db()
                services.repondre_complement(
                    demande=demande,
                    par=maire,
                    version=demande.version,
                    reponses={p.pk: "Voir le document joint." for p in complement.points.all()},
                    fichiers=[_fichier("plan-de-financement.pdf", "Plan de financement")],
                )
            continue
        if cible == "en_instruction":
            services.envoyer_message(
                demande=demande,
                par=agent,
                texte="Dossier complet, à orienter vers le Cerema.",
                interne=True,
            )
            continue
        if cible == "classee":
            services.classer_demande(
                demande=demande,
                par=agent,
                version=demande.version,
                motif="Dépense de fonctionnement de la ville, hors du champ du guichet.",
            )
            continue
        demande = services.orienter_demande(
            demande=demande,
            par=agent,
            version=demande.version,
            operateurs=Operateur.objects.filter(slug__in=ORIENTATIONS[titre]),
            message="Pouvez-vous indiquer à la commune comment vous pouvez l'accompagner ?",
        )
        if cible == "orientee":
            continue
        _reponses_des_operateurs(demande, users)
        demande = services.appliquer_transition(
            demande=demande, nom="inscrire_comite", par=agent, version=demande.version
        )
        if cible == "inscrite_comite":
            continue
        demande = services.appliquer_transition(
            demande=demande,
            nom="accompagner",
            par=agent,
            version=demande.version,
            date_accompagnement=timezone.now(),
        )
        if cible == "accompagnee":
            accompagnement.plan_d_action(demande, users)
        if cible == "cloturee":
            accompagnement.cloturer(demande, users)

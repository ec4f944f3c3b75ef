import csv
import datetime
import io

import pytest
from django.db import connection
from openpyxl import load_workbook

from demandes.models import Demande, Statut
from guichet.territoire.models import Thematique
from tableau.exports import COLONNES, lignes, reponse_csv, reponse_xlsx

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 23:30 UTC is already the next day in Paris: the export must show the local date.
DEPOT = datetime.datetime(2025, 3, 3, 23, 30, tzinfo=UTC)
PRISE_EN_CHARGE = datetime.datetime(2025, 3, 6, 9, 0, tzinfo=UTC)
MAINTENANT = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
FORMULE = '=HYPERLINK("http://evil")'

ENTETE = [
    "Référence",
    "Collectivité",
    "EPCI",
    "Titre",
    "Thématiques",
    "Programme",
    "Besoin",
    "Statut",
    "Référent",
    "Déposée le",
    "Prise en charge le",
    "Orientée le",
    "Jours d'attente",
    "Budget estimé (€)",
]
TITRE = ENTETE.index("Titre")


def contenu_csv(queryset):
    reponse = reponse_csv(queryset, "demandes")
    return b"".join(reponse.streaming_content).decode("utf-8")


def lire_csv(texte):
    return list(csv.reader(io.StringIO(texte.removeprefix("\ufeff"), newline=""), delimiter=";"))


def classeur_xlsx(queryset):
    reponse = reponse_xlsx(queryset, "demandes")
    try:
        contenu = b"".join(reponse.streaming_content)
    finally:
        reponse.close()
    return load_workbook(io.BytesIO(contenu))["Demandes"]


def fixer_dates(demande, **champs):
    """Give the demande known dates: the services stamp them with the real clock."""
    valeurs = {"date_depot": DEPOT, "date_prise_en_charge": PRISE_EN_CHARGE, **champs}
    Demande.objects.filter(pk=demande.pk).update(**valeurs)


def creer_demandes(nombre, *, comptes, delle, debut=0):
    """Many filed demandes at the cost of two queries, the n-th with the first 1 + n % 3
    themes, so that every row of an export has themes of its own."""
    thematiques = list(Thematique.objects.order_by("ordre")[:3])
    demandes = Demande.objects.bulk_create(
        Demande(
            collectivite=delle,
            departement=delle.departement,
            deposant=comptes["maire@delle.demo"],
            titre=f"Projet {numero:03d}",
            reference=f"GU-2025-{numero:04d}",
            statut=Statut.DEPOSEE,
            date_depot=DEPOT,
        )
        for numero in range(debut, debut + nombre)
    )
    lien = Demande.thematiques.through
    lien.objects.bulk_create(
        lien(demande_id=demande.pk, thematique_id=thematique.pk)
        for numero, demande in enumerate(demandes, start=debut)
        for thematique in thematiques[: 1 + numero % 3]
    )
    return demandes


def noms_des_thematiques(numero):
    noms = Thematique.objects.order_by("ordre").values_list("nom", flat=True)[:3]
    return ", ".join(list(noms)[: 1 + numero % 3])


def test_les_colonnes_sont_dans_l_ordre_convenu():
    assert [titre for titre, _ in COLONNES] == ENTETE
    assert len({cle for _, cle in COLONNES}) == len(COLONNES)


def test_le_csv_est_en_utf8_avec_bom_point_virgule_et_crlf(en_instruction_delle):
    texte = contenu_csv(Demande.objects.all())

    assert texte.startswith("\ufeffRéférence;Collectivité;EPCI;Titre;")
    premiere, _ = texte.split("\r\n", 1)
    assert premiere.removeprefix("\ufeff").split(";") == ENTETE
    assert texte.endswith("\r\n")
    assert texte.count("\r\n") == 2
    assert "\n" not in texte.replace("\r\n", "")


def test_la_reponse_csv_est_un_telechargement_en_flux(en_instruction_delle):
    reponse = reponse_csv(Demande.objects.all(), "demandes-2025")

    assert reponse.streaming
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"] == 'attachment; filename="demandes-2025.csv"'


def test_rien_n_est_lu_avant_l_envoi_de_la_reponse(en_instruction_delle, django_assert_num_queries):
    with django_assert_num_queries(0):
        reponse = reponse_csv(Demande.objects.all(), "demandes")
    assert len(lire_csv(b"".join(reponse.streaming_content).decode())) == 2


def test_une_ligne_par_demande_avec_ses_valeurs(en_instruction_delle, monkeypatch):
    fixer_dates(en_instruction_delle)
    # The response takes "now" from the clock; stop it so that the waiting days are known.
    monkeypatch.setattr("django.utils.timezone.now", lambda: MAINTENANT)

    entete, ligne = lire_csv(contenu_csv(Demande.objects.all()))

    assert entete == ENTETE
    assert ligne == [
        en_instruction_delle.reference,
        "Delle",
        "CC du Sud Territoire",
        "Rénovation de la salle des fêtes",
        "Transition écologique et énergie, Habitat",
        "",
        "Financement",
        "En instruction",
        "Julien Petit",
        "04/03/2025",
        "06/03/2025",
        "",
        "10",
        "300000",
    ]


def test_les_lignes_prennent_l_instant_donne_pour_les_jours_d_attente(en_instruction_delle):
    fixer_dates(en_instruction_delle)

    (ligne,) = lignes(Demande.objects.all(), maintenant=MAINTENANT)

    assert ligne == (
        en_instruction_delle.reference,
        "Delle",
        "CC du Sud Territoire",
        "Rénovation de la salle des fêtes",
        "Transition écologique et énergie, Habitat",
        "",
        "Financement",
        "En instruction",
        "Julien Petit",
        datetime.date(2025, 3, 4),
        datetime.date(2025, 3, 6),
        None,
        10,
        300000,
    )


@pytest.mark.parametrize(
    ("statut", "champs", "attente"),
    [
        # Open: counted until now, even once taken in charge.
        (Statut.DEPOSEE, {"date_prise_en_charge": None}, 10),
        (Statut.ORIENTEE, {}, 10),
        # Closed: the wait ended when someone took the demande in charge.
        (Statut.CLOTUREE, {}, 2),
        (Statut.CLASSEE_SANS_SUITE, {}, 2),
        (Statut.CLASSEE_SANS_SUITE, {"date_prise_en_charge": None}, None),
        (Statut.BROUILLON, {"date_depot": None, "date_prise_en_charge": None}, None),
    ],
)
def test_jours_d_attente(en_instruction_delle, statut, champs, attente):
    fixer_dates(en_instruction_delle, statut=statut, **champs)

    (ligne,) = lignes(Demande.objects.all(), maintenant=MAINTENANT)

    assert ligne[ENTETE.index("Jours d'attente")] == attente
    assert ligne[ENTETE.index("Statut")] == statut.label


def test_les_valeurs_absentes_restent_vides(en_instruction_delle):
    Demande.objects.update(besoin="", budget_estime=None, referent=None, reference=None)
    en_instruction_delle.thematiques.clear()

    entete, ligne = lire_csv(contenu_csv(Demande.objects.all()))

    for colonne in ("Référence", "Thématiques", "Besoin", "Référent", "Budget estimé (€)"):
        assert ligne[entete.index(colonne)] == "", colonne


def test_un_referent_sans_nom_est_designe_par_son_adresse(en_instruction_delle, comptes):
    referent = comptes["agent@ddt.demo"]
    type(referent).objects.filter(pk=referent.pk).update(prenom="", nom="")

    (ligne,) = lignes(Demande.objects.all())

    assert ligne[ENTETE.index("Référent")] == "agent@ddt.demo"


@pytest.mark.parametrize(
    "titre",
    [FORMULE, "+33 1 23", "-2+3", "@SOMME(A1:A2)", "\tcache", "\rcache"],
)
def test_le_csv_desamorce_les_formules(en_instruction_delle, titre):
    Demande.objects.update(titre=titre)

    _, ligne = lire_csv(contenu_csv(Demande.objects.all()))

    assert ligne[TITRE] == "'" + titre


# Invisible characters a spreadsheet may skip before reading a formula (zero-width space,
# tab, NUL, right-to-left override, no-break space, line feed).
CACHEES = [
    ('\u200b=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
    ("\t=1+1", "'=1+1"),
    pytest.param(
        "\x00@SUM(A1:A2)",
        "'@SUM(A1:A2)",
        marks=pytest.mark.skipif(
            connection.vendor == "postgresql", reason="PostgreSQL refuse NUL dans un texte"
        ),
    ),
    ("\u202e+33 1 23", "'+33 1 23"),
    ("\u00a0\u200d-2+3", "'-2+3"),
    ("\n=1+1", "'=1+1"),
]


@pytest.mark.parametrize(("titre", "attendu"), CACHEES)
def test_une_formule_cachee_derriere_des_caracteres_invisibles_est_desamorcee_en_csv(
    client, connecter, en_instruction_delle, titre, attendu
):
    Demande.objects.update(titre=titre)
    connecter("agent@ddt.demo")

    reponse = client.get("/tableau-de-bord/export.csv?onglet=toutes")

    _, ligne = lire_csv(b"".join(reponse.streaming_content).decode())
    assert ligne[TITRE] == attendu


@pytest.mark.parametrize(("titre", "attendu"), CACHEES)
def test_une_formule_cachee_derriere_des_caracteres_invisibles_est_desamorcee_en_xlsx(
    client, connecter, en_instruction_delle, titre, attendu
):
    Demande.objects.update(titre=titre)
    connecter("agent@ddt.demo")

    reponse = client.get("/tableau-de-bord/export.xlsx?onglet=toutes")

    feuille = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))["Demandes"]
    assert feuille.cell(row=2, column=TITRE + 1).value == attendu


def test_un_invisible_sans_formule_derriere_reste_tel_quel(en_instruction_delle):
    Demande.objects.update(titre="\u200bSalle des fêtes")

    _, ligne = lire_csv(contenu_csv(Demande.objects.all()))

    assert ligne[TITRE] == "\u200bSalle des fêtes"


def test_le_csv_laisse_les_textes_ordinaires_et_les_nombres_intacts(en_instruction_delle):
    Demande.objects.update(titre="Salle = fêtes - tranche 2", budget_estime=1500)

    _, ligne = lire_csv(contenu_csv(Demande.objects.all()))

    assert ligne[TITRE] == "Salle = fêtes - tranche 2"
    assert ligne[-1] == "1500"


def test_un_titre_avec_separateur_guillemets_et_retour_a_la_ligne_fait_l_aller_retour(
    en_instruction_delle,
):
    titre = 'Salle "polyvalente"; tranche 2\nsuite, fin'
    Demande.objects.update(titre=titre)

    lus = lire_csv(contenu_csv(Demande.objects.all()))

    assert len(lus) == 2
    assert lus[1][TITRE] == titre
    assert len(lus[1]) == len(ENTETE)


def test_le_xlsx_s_ouvre_avec_entete_en_gras_valeurs_et_vraies_dates(en_instruction_delle):
    fixer_dates(en_instruction_delle)
    Demande.objects.update(titre=FORMULE)

    feuille = classeur_xlsx(Demande.objects.all())

    lignes_lues = list(feuille.iter_rows())
    assert len(lignes_lues) == 2
    entete, ligne = lignes_lues
    assert [cellule.value for cellule in entete] == ENTETE
    assert all(cellule.font.b for cellule in entete)
    assert feuille.freeze_panes == "A2"
    assert feuille.column_dimensions["D"].width == pytest.approx(50, abs=1)

    valeurs = [cellule.value for cellule in ligne]
    assert valeurs[:9] == [
        en_instruction_delle.reference,
        "Delle",
        "CC du Sud Territoire",
        "'" + FORMULE,
        "Transition écologique et énergie, Habitat",
        None,
        "Financement",
        "En instruction",
        "Julien Petit",
    ]
    depot = ligne[ENTETE.index("Déposée le")]
    assert depot.is_date
    assert depot.value == datetime.datetime(2025, 3, 4)
    assert depot.number_format == "DD/MM/YYYY"
    assert ligne[ENTETE.index("Prise en charge le")].value == datetime.datetime(2025, 3, 6)
    assert ligne[ENTETE.index("Orientée le")].value is None
    assert isinstance(ligne[ENTETE.index("Jours d'attente")].value, int)
    assert ligne[ENTETE.index("Budget estimé (€)")].value == 300000
    assert not [c.coordinate for rang in lignes_lues for c in rang if c.data_type == "f"]


def test_la_reponse_xlsx_est_un_telechargement(en_instruction_delle):
    reponse = reponse_xlsx(Demande.objects.all(), "demandes-2025")
    try:
        assert reponse["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert reponse["Content-Disposition"] == 'attachment; filename="demandes-2025.xlsx"'
        # Sent from its file piece by piece, never held whole in memory.
        assert reponse.streaming
        assert next(iter(reponse.streaming_content)).startswith(b"PK")
    finally:
        reponse.close()


def test_le_xlsx_retire_les_caracteres_que_xml_refuse(en_instruction_delle):
    Demande.objects.update(titre="\x01=1+1 salle\x0bdes fêtes")

    feuille = classeur_xlsx(Demande.objects.all())

    cellule = feuille.cell(row=2, column=TITRE + 1)
    assert cellule.value == "'=1+1 salledes fêtes"
    assert cellule.data_type == "s"


def test_un_export_vide_n_a_que_l_entete(comptes):
    assert lire_csv(contenu_csv(Demande.objects.none())) == [ENTETE]
    feuille = classeur_xlsx(Demande.objects.all())
    assert [[c.value for c in rang] for rang in feuille.iter_rows()] == [ENTETE]


def test_le_nombre_de_requetes_ne_depend_que_du_nombre_de_lots(
    comptes, delle, django_assert_max_num_queries
):
    creer_demandes(5, comptes=comptes, delle=delle)
    # The rows in one query, with their themes on PostgreSQL; elsewhere the themes of each
    # batch of ten in one more.
    with django_assert_max_num_queries(2):
        assert len(list(lignes(Demande.objects.all(), taille_lot=10))) == 5

    creer_demandes(20, comptes=comptes, delle=delle, debut=5)
    with django_assert_max_num_queries(4):
        assert len(list(lignes(Demande.objects.all(), taille_lot=10))) == 25


def test_l_ordre_du_queryset_est_garde_d_un_lot_a_l_autre(comptes, delle):
    creer_demandes(25, comptes=comptes, delle=delle)
    queryset = Demande.objects.order_by("-titre")

    exportees = list(lignes(queryset, taille_lot=10))

    numeros = list(range(24, -1, -1))
    assert [ligne[TITRE] for ligne in exportees] == [f"Projet {n:03d}" for n in numeros]
    thematiques = ENTETE.index("Thématiques")
    assert [ligne[thematiques] for ligne in exportees] == [noms_des_thematiques(n) for n in numeros]


def test_un_queryset_filtre_et_deja_prefetche_s_exporte(comptes, delle):
    creer_demandes(6, comptes=comptes, delle=delle)
    queryset = (
        Demande.objects.filter(titre__in=["Projet 001", "Projet 004"])
        .select_related("collectivite")
        .prefetch_related("thematiques")
        .order_by("titre")
    )

    exportees = list(lignes(queryset, taille_lot=1))

    assert [(ligne[TITRE], ligne[4]) for ligne in exportees] == [
        ("Projet 001", noms_des_thematiques(1)),
        ("Projet 004", noms_des_thematiques(4)),
    ]


def test_une_taille_de_lot_nulle_est_refusee():
    with pytest.raises(ValueError, match="taille_lot"):
        next(lignes(Demande.objects.none(), taille_lot=0))


def test_un_gros_export_xlsx_se_relit_en_lecture_seule_avec_toutes_ses_lignes(
    client, connecter, comptes, delle
):
    creer_demandes(2500, comptes=comptes, delle=delle)
    connecter("agent@ddt.demo")

    reponse = client.get("/tableau-de-bord/export.xlsx?onglet=toutes&tri=reference")

    assert reponse["Content-Disposition"] == 'attachment; filename="demandes-guichet-unique.xlsx"'
    feuille = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)), read_only=True)[
        "Demandes"
    ]
    # The sheet's dimension is written: a reader knows its size before reading it.
    assert feuille.max_row == 2500 + 1
    assert feuille.max_column == len(ENTETE)
    relues = list(feuille.iter_rows(values_only=True))
    assert len(relues) == 2500 + 1
    assert list(relues[0]) == ENTETE
    assert relues[-1][:1] + relues[-1][TITRE : TITRE + 1] == ("GU-2025-2499", "Projet 2499")
    assert relues[-1][ENTETE.index("Thématiques")] == noms_des_thematiques(2499)

import datetime
import re

import pytest
from django.utils import timezone

from demandes.models import Demande, Statut
from guichet.territoire.models import Collectivite, Operateur, Thematique

from .conftest import creer, references

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("email", ["maire@delle.demo", "contact@cerema.demo", "membre@comite.demo"])
def test_seuls_la_prefecture_et_la_ddt_ont_le_tableau_de_bord(client, connecter, comptes, email):
    connecter(email)
    assert client.get("/tableau-de-bord/").status_code == 403
    assert client.get("/tableau-de-bord/export.csv").status_code == 403
    assert client.post("/tableau-de-bord/actions/", {}).status_code == 403


def test_un_anonyme_est_renvoye_vers_la_connexion(client, db):
    assert client.get("/tableau-de-bord/")["Location"].startswith("/comptes/connexion/")


def test_les_onglets_suivent_la_prochaine_action(client, connecter, jeu):
    connecter("agent@ddt.demo")
    a_traiter = client.get("/tableau-de-bord/")
    # Waiting on the State: the filed ones and the one in instruction.
    assert references(a_traiter) == {jeu[c].reference for c in ("eau", "ecole", "prise")}
    assert references(client.get("/tableau-de-bord/?onglet=suivies")) == {jeu["prise"].reference}
    assert references(client.get("/tableau-de-bord/?onglet=en_attente")) == {
        jeu["orientee"].reference
    }
    assert references(client.get("/tableau-de-bord/?onglet=traitees")) == set()
    toutes = references(client.get("/tableau-de-bord/?onglet=toutes"))
    assert toutes == {jeu[c].reference for c in ("eau", "ecole", "prise", "orientee")}
    page = a_traiter.content.decode()
    assert "À traiter (3)" in page and "En attente (1)" in page and "Traitées (0)" in page
    assert "Brouillon caché" not in page


@pytest.mark.parametrize(
    ("statut", "onglet"),
    [
        (Statut.DEPOSEE, "a_traiter"),
        (Statut.EN_INSTRUCTION, "a_traiter"),
        (Statut.A_COMPLETER, "en_attente"),
        (Statut.ORIENTEE, "en_attente"),
        (Statut.INSCRITE_COMITE, "en_attente"),
        (Statut.ACCOMPAGNEE, "traitees"),
        (Statut.CLOTUREE, "archivees"),
        (Statut.CLASSEE_SANS_SUITE, "archivees"),
    ],
)
def test_chaque_statut_est_dans_l_onglet_de_sa_prochaine_action(
    client, connecter, comptes, statut, onglet
):
    demande = creer(comptes, titre="Projet suivi d'onglet en onglet")
    Demande.objects.filter(pk=demande.pk).update(statut=statut)
    connecter("agent@ddt.demo")
    for cle in ("a_traiter", "en_attente", "traitees", "archivees"):
        listees = references(client.get(f"/tableau-de-bord/?onglet={cle}"))
        assert (demande.reference in listees) == (cle == onglet), cle


def test_un_complement_apporte_revient_a_traiter(client, connecter, comptes, en_instruction_delle):
    from demandes import services
    from demandes.models import MotifComplement

    agent, maire = comptes["agent@ddt.demo"], comptes["maire@delle.demo"]
    complement = services.demander_complement(
        demande=en_instruction_delle,
        par=agent,
        version=en_instruction_delle.version,
        points=[("Joindre le plan de financement.", MotifComplement.INCOMPLET)],
    )
    demande = Demande.objects.get(pk=en_instruction_delle.pk)
    connecter("agent@ddt.demo")
    assert references(client.get("/tableau-de-bord/?onglet=en_attente")) == {demande.reference}
    assert references(client.get("/tableau-de-bord/")) == set()
    services.repondre_complement(
        demande=demande,
        par=maire,
        version=demande.version,
        reponses={point.pk: "Le voici." for point in complement.points.all()},
    )
    # The answer waits on the State again: back in « À traiter », out of « En attente ».
    assert references(client.get("/tableau-de-bord/")) == {demande.reference}
    assert references(client.get("/tableau-de-bord/?onglet=en_attente")) == set()


@pytest.mark.parametrize(
    ("parametres", "attendues"),
    [
        ("statut=deposee", {"eau", "ecole"}),
        ("statut=deposee&statut=orientee", {"eau", "ecole", "orientee"}),
        ("thematique={eau_potable}", {"eau"}),
        ("epci={grand_belfort}", {"ecole", "prise"}),
        ("commune={delle}", {"eau", "orientee"}),
        ("operateur={cerema}", {"orientee"}),
        ("referent={ddt}", {"prise"}),
        ("q=école", {"ecole"}),
        ("q=Delle", {"eau", "orientee"}),
        ("depose_apres=2000-01-01&depose_avant=2000-12-31", set()),
    ],
)
def test_chaque_filtre(client, connecter, jeu, comptes, parametres, attendues):
    valeurs = {
        "eau_potable": Thematique.objects.get(slug="eau-potable").pk,
        "grand_belfort": Collectivite.objects.get(nom="CA Grand Belfort").pk,
        "delle": Collectivite.objects.get(code_insee="90033").pk,
        "cerema": Operateur.objects.get(slug="cerema").pk,
        "ddt": comptes["agent@ddt.demo"].pk,
    }
    connecter("prefet@prefecture.demo")
    page = client.get(f"/tableau-de-bord/?onglet=toutes&{parametres.format(**valeurs)}")
    assert page.status_code == 200
    assert references(page) == {jeu[c].reference for c in attendues}


def test_mes_demandes(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes&mes_demandes=on")
    assert references(page) == {jeu["prise"].reference}


def test_des_filtres_invalides_sont_signales_sans_erreur(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.get(
        "/tableau-de-bord/?onglet=toutes&commune=999999&depose_apres=pas-une-date&tri=';drop"
    )
    assert page.status_code == 200
    assert "Certains filtres sont invalides" in page.content.decode()


def test_le_tri_par_colonne(client, connecter, jeu):
    connecter("agent@ddt.demo")
    croissant = client.get("/tableau-de-bord/?onglet=toutes&tri=titre").context["page"].object_list
    titres = [
        "Étude inondation",
        "Piste cyclable",
        "Rénovation de l'école Jean-Jaurès",
        "Sécurisation de l'eau potable",
    ]
    assert [d.titre for d in croissant] == titres
    decroissant = (
        client.get("/tableau-de-bord/?onglet=toutes&tri=-titre").context["page"].object_list
    )
    assert [d.titre for d in decroissant] == titres[::-1]
    page = client.get("/tableau-de-bord/?onglet=toutes&tri=titre").content.decode()
    assert 'aria-sort="ascending"' in page


def test_le_badge_de_retard(client, connecter, jeu):
    Demande.objects.filter(pk=jeu["eau"].pk).update(
        date_depot=timezone.now() - datetime.timedelta(days=9)
    )
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/")
    en_retard = {d.reference: d.en_retard for d in page.context["page"].object_list}
    assert en_retard == {
        jeu["eau"].reference: True,
        jeu["ecole"].reference: False,
        jeu["prise"].reference: False,  # in instruction: the delay to take charge is over
    }
    assert page.context["chiffres"]["en_retard"] == 1


def test_les_chiffres_cles(client, connecter, jeu):
    connecter("agent@ddt.demo")
    chiffres = client.get("/tableau-de-bord/").context["chiffres"]
    par_statut = {cle: nombre for _, cle, nombre in chiffres["par_statut"]}
    assert par_statut[Statut.DEPOSEE] == 2
    assert par_statut[Statut.ORIENTEE] == 1
    assert chiffres["ce_mois"] == 4
    assert chiffres["mediane_prise_en_charge"] is not None


def test_prendre_en_charge_en_masse_chacune_reussit_ou_echoue_seule(client, connecter, jeu):
    connecter("agent@ddt.demo")
    reponse = client.post(
        "/tableau-de-bord/actions/",
        {
            "demandes": [jeu["eau"].pk, jeu["ecole"].pk, jeu["brouillon"].pk],
            "action": "prendre_en_charge",
            "retour": "/tableau-de-bord/?onglet=toutes",
        },
        follow=True,
    )
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    # The draft is not visible to the State: the whole selection is refused as forged.
    assert Demande.objects.get(pk=jeu["eau"].pk).statut == Statut.DEPOSEE
    reponse = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [jeu["eau"].pk, jeu["ecole"].pk], "action": "prendre_en_charge"},
        follow=True,
    )
    succes = reponse.content.decode().split("Confiées à Julien Petit : ")[1].split("</p>")[0]
    assert sorted(succes.rstrip(".").split(", ")) == sorted(
        [jeu["eau"].reference, jeu["ecole"].reference]
    )
    assert set(
        Demande.objects.filter(pk__in=[jeu["eau"].pk, jeu["ecole"].pk]).values_list(
            "statut", flat=True
        )
    ) == {Statut.EN_INSTRUCTION}


def test_confier_en_masse_a_un_collegue(client, connecter, jeu, comptes):
    connecter("agent@ddt.demo")
    sans_agent = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [jeu["eau"].pk], "action": "assigner"},
        follow=True,
    )
    assert "Choisissez l&#x27;agent à qui confier la sélection." in sans_agent.content.decode()
    client.post(
        "/tableau-de-bord/actions/",
        {
            "demandes": [jeu["eau"].pk, jeu["prise"].pk],
            "action": "assigner",
            "referent": comptes["prefet@prefecture.demo"].pk,
        },
    )
    assert set(
        Demande.objects.filter(pk__in=[jeu["eau"].pk, jeu["prise"].pk]).values_list(
            "referent__email", flat=True
        )
    ) == {"prefet@prefecture.demo"}
    evenement = Demande.objects.get(pk=jeu["prise"].pk).evenements.last()
    assert evenement.detail == "Précédent référent : Julien Petit"


def test_le_retour_apres_action_reste_sur_le_site(client, connecter, jeu):
    connecter("agent@ddt.demo")
    reponse = client.post(
        "/tableau-de-bord/actions/",
        {
            "demandes": [jeu["eau"].pk],
            "action": "prendre_en_charge",
            "retour": "https://evil.example/",
        },
    )
    assert reponse["Location"] == "/tableau-de-bord/"


def test_l_export_csv_suit_les_filtres(client, connecter, jeu):
    connecter("agent@ddt.demo")
    delle = Collectivite.objects.get(code_insee="90033").pk
    reponse = client.get(f"/tableau-de-bord/export.csv?onglet=toutes&commune={delle}&tri=reference")
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    contenu = b"".join(reponse.streaming_content).decode("utf-8")
    assert contenu.startswith("\ufeffRéférence;Collectivité;EPCI;")
    lignes = contenu.strip().split("\r\n")[1:]
    assert [ligne.split(";")[0] for ligne in lignes] == sorted(
        [jeu["eau"].reference, jeu["orientee"].reference]
    )
    assert "Brouillon caché" not in contenu


def test_l_export_xlsx_s_ouvre(client, connecter, jeu):
    import io

    import openpyxl

    connecter("prefet@prefecture.demo")
    reponse = client.get("/tableau-de-bord/export.xlsx?onglet=toutes")
    classeur = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    lignes = list(classeur["Demandes"].iter_rows(values_only=True))
    assert lignes[0][0] == "Référence"
    assert {ligne[0] for ligne in lignes[1:]} == {
        jeu[c].reference for c in ("eau", "ecole", "prise", "orientee")
    }


def test_la_repartition_par_thematique_compte_chaque_theme_une_fois(client, connecter, comptes):
    creer(comptes, titre="A", themes=("habitat", "mobilite"))
    creer(comptes, titre="B", themes=("habitat",))
    connecter("agent@ddt.demo")
    graphique = client.get("/tableau-de-bord/").context["repartition"]["graphique"]
    barres = re.findall(
        r'<a href="[^"]*thematique=\d+">([^<]+)</a>.*?guichet-barre__nombre">(\d+)<', graphique
    )
    assert barres == [("Habitat", "2"), ("Mobilité", "1")]


def test_une_requete_htmx_ne_recoit_que_les_resultats(client, connecter, jeu):
    connecter("agent@ddt.demo")
    partielle = client.get("/tableau-de-bord/?onglet=toutes", headers={"HX-Request": "true"})
    contenu = partielle.content.decode()
    assert contenu.lstrip().startswith('<div id="resultats"')
    assert "<html" not in contenu
    assert jeu["eau"].reference in contenu
    complete = client.get("/tableau-de-bord/?onglet=toutes").content.decode()
    assert "<html" in complete and 'id="resultats"' in complete and "htmx.min.js" in complete


def test_le_nombre_de_chaque_onglet_est_celui_qu_il_liste(client, connecter, comptes):
    """The tabs are counted from the counts by status: each must announce what it lists."""
    belfort = Collectivite.objects.get(code_insee="90010")
    Demande.objects.bulk_create(
        Demande(
            collectivite=belfort,
            departement=belfort.departement,
            deposant=comptes["maire@belfort.demo"],
            titre=statut.label,
            statut=statut,
            reference=f"GU-2001-{i:04d}",
            date_depot=timezone.now(),
        )
        for i, statut in enumerate(Statut)
    )
    connecter("agent@ddt.demo")
    onglets = client.get("/tableau-de-bord/").context["onglets"]
    for onglet in onglets:
        listees = client.get(f"/tableau-de-bord/?onglet={onglet['cle']}").context["page"]
        assert onglet["nombre"] == len(listees.object_list), onglet["cle"]
    nombres = {o["cle"]: o["nombre"] for o in onglets}
    assert nombres["toutes"] + nombres["archivees"] == len(Statut) - 1  # no draft


def test_chaque_ligne_montre_ses_thematiques_etiquettes_et_operateurs_choisis(
    client, connecter, jeu, comptes
):
    from demandes.models import Etiquette

    demande = creer(comptes, titre="Deux thèmes", themes=("mobilite", "habitat"))
    for nom in ("Zèbre", "Abeille"):
        Etiquette.objects.create(nom=nom).demandes.add(demande)
    connecter("agent@ddt.demo")
    contenu = client.get(
        "/tableau-de-bord/?onglet=toutes&colonnes=thematiques&colonnes=operateurs"
    ).content.decode()

    def ligne(d):
        debut = contenu.index(f'id="choix-{d.pk}"')
        return contenu[debut : contenu.index("</tr>", debut)]

    themes = ", ".join(
        Thematique.objects.filter(slug__in=["mobilite", "habitat"])
        .order_by("ordre", "nom")
        .values_list("nom", flat=True)
    )
    assert f'<td class="fr-cell--multiline">{themes}</td>' in ligne(demande)
    assert ligne(demande).index(">Abeille<") < ligne(demande).index(">Zèbre<")
    assert ligne(demande).rstrip().endswith("<td>—</td>")  # the last column: no operator yet
    sigle = Operateur.objects.get(slug="cerema").sigle
    assert ligne(jeu["orientee"]).rstrip().endswith(f"<td>{sigle}</td>")


def test_un_changement_des_delais_se_voit_aussitot(client, connecter, jeu):
    from demandes.models import ConfigurationRelances

    Demande.objects.filter(pk=jeu["eau"].pk).update(
        date_depot=timezone.now() - datetime.timedelta(days=9)
    )
    connecter("agent@ddt.demo")
    client.get("/tableau-de-bord/")
    assert client.get("/tableau-de-bord/").context["chiffres"]["en_retard"] == 1
    config = ConfigurationRelances.du_departement(jeu["eau"].departement)
    config.delai_prise_en_charge = 10
    config.save()
    page = client.get("/tableau-de-bord/")
    assert page.context["chiffres"]["en_retard"] == 0
    assert not any(d.en_retard for d in page.context["page"].object_list)


def test_un_filtre_devenu_invalide_n_est_pas_garde(client, connecter, jeu, comptes):
    from demandes.models import Etiquette

    etiquette = Etiquette.objects.create(nom="Provisoire")
    etiquette.demandes.add(jeu["eau"])
    connecter("agent@ddt.demo")
    url = f"/tableau-de-bord/?onglet=toutes&etiquette={etiquette.pk}"
    avant = client.get(url)
    assert [d.pk for d in avant.context["page"].object_list] == [jeu["eau"].pk]
    etiquette.delete()
    apres = client.get(url)  # the form says so, and the list is not filtered by a ghost
    assert apres.context["page"].paginator.count == 4
    assert len(apres.context["page"].object_list) == 4
    assert "Certains filtres sont invalides" in apres.content.decode()


def test_un_role_retire_se_voit_a_la_requete_suivante(client, connecter, comptes):
    connecter("agent@ddt.demo")
    assert client.get("/tableau-de-bord/").status_code == 200
    comptes["agent@ddt.demo"].groups.clear()
    assert client.get("/tableau-de-bord/").status_code == 403


def entetes(page):
    """The table's column headers, as text."""
    thead = page.content.decode().split("<thead", 1)[1].split("</thead>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>|\(trier\)|[↑↓]", "", cellule).split())
        for cellule in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", thead)
    ]


def test_les_colonnes_par_defaut_et_celles_que_l_agent_choisit(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes")
    assert entetes(page) == [
        "Sélection",
        "Référence",
        "Projet · Collectivité",
        "Statut",
        "Référent",
        "Attente",
    ]
    html = page.content.decode()
    assert "Colonnes affichées" in html
    assert re.search(r'<input type="checkbox" name="colonnes" value="thematiques"[^>]*>', html)
    # The collectivité is in the demande's cell, under its title.
    assert 'Sécurisation de l&#x27;eau potable<br><span class="fr-text--xs">Delle' in html
    choisies = client.get(
        "/tableau-de-bord/?onglet=toutes&colonnes=operateurs&colonnes=thematiques&colonnes=depot"
    )
    assert entetes(choisies) == [
        "Sélection",
        "Référence",
        "Projet · Collectivité",
        "Statut",
        "Référent",
        "Déposée le",
        "Attente",
        "Thématiques",
        "Opérateurs",
    ]
    cochees = re.findall(
        r'<input type="checkbox" name="colonnes" value="(\w+)"[^>]* checked>',
        choisies.content.decode(),
    )
    assert cochees == ["depot", "thematiques", "operateurs"]
    # The tabs, sorts and pages keep the choice.
    onglet = next(o for o in choisies.context["onglets"] if o["cle"] == "suivies")
    assert "colonnes=operateurs" in onglet["url"]
    assert all("colonnes=depot" in c["liens"][0]["url"] for c in choisies.context["colonnes"][:2])


def test_une_colonne_inconnue_n_affiche_que_les_colonnes_par_defaut(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes&colonnes=<script>&colonnes=operateurs")
    assert page.status_code == 200
    assert "Opérateurs" not in entetes(page)
    assert len(page.context["page"].object_list) == 4


def test_trier_par_collectivite_depuis_la_colonne_demande(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes&tri=-collectivite")
    noms = [d.collectivite.nom for d in page.context["page"].object_list]
    assert noms == sorted(noms, reverse=True) and noms[0] != noms[-1]
    assert 'aria-sort="descending"' in page.content.decode()


def test_les_statuts_sont_des_cases_a_cocher(client, connecter, jeu):
    connecter("agent@ddt.demo")
    html = client.get("/tableau-de-bord/").content.decode()
    assert "<select multiple" not in html and "Ctrl" not in html
    fieldset = html.split('id="checkboxes-id_statut"', 1)[1].split("</fieldset>", 1)[0]
    assert "<legend" in fieldset and "Statut" in fieldset
    assert fieldset.count('class="fr-checkbox-group"') == len(Statut) - 1  # no draft
    assert 'for="id_statut_0"' in fieldset


def repartition(page):
    """``({theme: count}, {commune: count})`` of the chart and the map's table under the list."""
    barres = re.findall(
        r'<a href="[^"]*thematique=\d+[^"]*">([^<]+)</a>.*?guichet-barre__nombre">(\d+)<',
        str(page.context["repartition"]["graphique"]),
    )
    communes = page.context["repartition"]["communes_alternatif"]
    return (
        {theme: int(nombre) for theme, nombre in barres},
        {nom: nombre for nom, _, nombre in communes},
    )


@pytest.mark.parametrize(
    ("url", "themes", "communes", "titre"),
    [
        (
            "/tableau-de-bord/",
            {"Eau potable": 1, "Habitat": 1, "Mobilité": 1},
            {"Delle": 1, "Belfort": 2},
            "Répartition des demandes de l'onglet « À traiter »<",
        ),
        (
            "/tableau-de-bord/?onglet=en_attente",
            {"Risques et inondation": 1},
            {"Delle": 1},
            "Répartition des demandes de l'onglet « En attente »<",
        ),
        (
            "/tableau-de-bord/?onglet=suivies",
            {"Mobilité": 1},
            {"Belfort": 1},
            "Répartition des demandes de l'onglet « Suivies »<",
        ),
        (
            "/tableau-de-bord/?onglet=traitees",
            {},
            {},
            "Répartition des demandes de l'onglet « Traitées »<",
        ),
        (
            "/tableau-de-bord/?q=Delle",
            {"Eau potable": 1},
            {"Delle": 1},
            "Répartition des demandes de l'onglet « À traiter », avec les filtres en cours<",
        ),
        (
            "/tableau-de-bord/?onglet=toutes&q=Delle",
            {"Eau potable": 1, "Risques et inondation": 1},
            {"Delle": 2},
            "Répartition des demandes de l'onglet « Toutes », avec les filtres en cours<",
        ),
    ],
)
def test_le_graphique_et_la_carte_suivent_l_onglet_et_les_filtres(
    client, connecter, jeu, url, themes, communes, titre
):
    connecter("agent@ddt.demo")
    page = client.get(url)
    assert repartition(page) == (themes, communes)
    assert titre in page.content.decode()
    # An htmx update (a tab changed, a filter set) carries them as well.
    partielle = client.get(url, headers={"HX-Request": "true"})
    assert repartition(partielle) == (themes, communes)


def test_le_graphique_de_chaque_onglet_suit_une_orientation(client, connecter, jeu):
    from demandes import services

    connecter("agent@ddt.demo")
    assert repartition(client.get("/tableau-de-bord/?onglet=en_attente"))[0] == {
        "Risques et inondation": 1
    }
    demande = Demande.objects.get(pk=jeu["prise"].pk)
    services.orienter_demande(
        demande=demande,
        par=demande.referent,
        version=demande.version,
        operateurs=[Operateur.objects.get(slug="ademe")],
    )
    # The cached figures of the default view change with the demandes, tab by tab.
    assert repartition(client.get("/tableau-de-bord/?onglet=en_attente"))[0] == {
        "Mobilité": 1,
        "Risques et inondation": 1,
    }
    assert repartition(client.get("/tableau-de-bord/"))[0] == {"Eau potable": 1, "Habitat": 1}
    client.post(f"/demandes/{jeu['eau'].pk}/prendre-en-charge/", {"version": jeu["eau"].version})
    assert repartition(client.get("/tableau-de-bord/"))[0] == {"Eau potable": 1, "Habitat": 1}


def test_effacer_les_filtres_garde_l_onglet_le_tri_et_les_colonnes(client, connecter, jeu):
    connecter("agent@ddt.demo")
    url = "/tableau-de-bord/?onglet=en_attente&q=Delle&tri=-titre&colonnes=depot&page=2"
    lien = 'href="?onglet=en_attente&amp;tri=-titre&amp;colonnes=depot"'
    # Without JavaScript, the whole page.
    page = client.get(url).content.decode()
    assert f'<a id="effacer-filtres" class="fr-btn fr-btn--sm fr-btn--tertiary" {lien}>' in page
    assert 'name="tri" id="tri-courant" value="-titre">' in page
    # After an htmx update (here a change of tab), the form outside the results follows.
    partielle = client.get(url, headers={"HX-Request": "true"}).content.decode()
    oob = partielle.split('<div id="resultats"', 1)[1]
    assert f'{lien} hx-swap-oob="true">Effacer les filtres</a>' in oob
    assert 'id="onglet-courant" value="en_attente" hx-swap-oob="true"' in oob
    assert 'id="tri-courant" value="-titre" hx-swap-oob="true"' in oob
    # The link it gives clears the filters only.
    efface = client.get("/tableau-de-bord/?onglet=en_attente&tri=-titre&colonnes=depot")
    assert efface.context["onglet"] == "en_attente"
    assert references(efface) == {jeu["orientee"].reference}


def test_sans_tri_choisi_le_formulaire_n_envoie_pas_de_tri(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes").content.decode()
    assert '<input type="hidden" name="tri" id="tri-courant" value="" disabled>' in page
    assert 'href="?onglet=toutes">Effacer les filtres</a>' in page


def test_les_agents_et_etiquettes_des_actions_se_lisent_en_une_requete_chacun(
    client, connecter, jeu, django_assert_max_num_queries
):
    """The bulk actions' selects list the person's colleagues and labels, read as plain
    queries: a model field's own iterator would open a server-side cursor on PostgreSQL, three
    round trips each."""
    from guichet.comptes.models import User

    connecter("agent@ddt.demo")
    with django_assert_max_num_queries(30) as requetes:
        page = client.get("/tableau-de-bord/").content.decode()
    assert not [r["sql"] for r in requetes.captured_queries if r["sql"].startswith("DECLARE")]
    agents = page[page.index('id="action-referent"') :].split("</select>", 1)[0]
    prefete = User.objects.get(email="prefet@prefecture.demo")
    assert f'<option value="{prefete.pk}">{prefete}</option>' in agents
    assert '<option value="" selected>Choisir un agent</option>' in agents

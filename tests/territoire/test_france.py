"""The territory of all France from the pinned npm package: ``charger_territoire --departements``
finds the rows already there, keeps the old codes INSEE, and says clearly what is wrong."""

import pytest
from django.core.management import CommandError, call_command

from guichet.comptes.services import groupe_de_collectivite
from guichet.territoire import france
from guichet.territoire.models import AncienCode, Collectivite, Departement, TypeCollectivite
from guichet.territoire.selectors import collectivite_par_code_insee
from tests.outils.decoupage import charger_depuis_le_paquet

pytestmark = pytest.mark.django_db


def comptes_par_type():
    return {
        type_: Collectivite.objects.filter(type=type_).count() for type_ in TypeCollectivite.values
    }


def test_charger_le_90_et_le_25_retrouve_les_lignes_du_90_sans_doublon_ni_perte():
    ids_du_90 = dict(
        Collectivite.objects.filter(departement__code="90").values_list("code_insee", "pk")
    )
    delle = Collectivite.objects.get(code_insee="90033")
    groupe = groupe_de_collectivite(delle)

    sortie = charger_depuis_le_paquet("90,25")

    assert "communes (563 créées, 0 mises à jour)" in sortie
    assert "départements (1 créés, 0 mis à jour)" in sortie
    assert (
        dict(Collectivite.objects.filter(departement__code="90").values_list("code_insee", "pk"))
        == ids_du_90
    )
    delle.refresh_from_db()
    assert delle.groupe == groupe
    communes_du_doubs = Collectivite.objects.filter(
        type=TypeCollectivite.COMMUNE, departement__code="25"
    )
    assert communes_du_doubs.count() == 563
    assert not communes_du_doubs.filter(epci=None).exists()


def test_deux_passages_donnent_les_memes_lignes_et_le_second_remet_a_jour():
    charger_depuis_le_paquet("90,25")
    avant = comptes_par_type()
    anciens_codes = AncienCode.objects.count()
    besancon = Collectivite.objects.get(code_insee="25056")
    Collectivite.objects.filter(pk=besancon.pk).update(nom="Besançon (périmé)", population=1)

    sortie = charger_depuis_le_paquet("25,90")

    assert "communes (0 créées, 1 mises à jour)" in sortie
    assert "EPCI (0 créés, 0 mis à jour)" in sortie
    assert comptes_par_type() == avant
    assert AncienCode.objects.count() == anciens_codes
    besancon.refresh_from_db()
    assert (besancon.nom, besancon.population) == ("Besançon", 118_489)


def test_une_commune_du_doubs_est_du_departement_25_comme_son_epci_et_le_departement():
    charger_depuis_le_paquet("25")
    besancon = Collectivite.objects.select_related("epci", "departement").get(code_insee="25056")
    doubs = Departement.objects.get(code="25")
    assert (besancon.nom, besancon.siren, besancon.code_postal) == (
        "Besançon",
        "212500565",
        "25000",
    )
    assert besancon.departement == doubs
    assert besancon.epci.nom == "CU Grand Besançon Métropole"
    assert besancon.epci.departement == doubs
    assert Collectivite.objects.get(type=TypeCollectivite.DEPARTEMENT, code_insee="25").nom == (
        "Doubs"
    )


def test_moval_retrouve_meroux_moval_avant_et_apres_le_chargement_du_paquet():
    # The shipped files already hold the Territoire de Belfort's old codes (migration).
    meroux_moval = Collectivite.objects.get(code_insee="90068")
    assert collectivite_par_code_insee("90073") == meroux_moval
    assert collectivite_par_code_insee("90068") == meroux_moval

    charger_depuis_le_paquet("90,25")

    assert collectivite_par_code_insee("90073") == meroux_moval
    assert list(meroux_moval.anciens_codes.values_list("code", flat=True)) == ["90073"]
    # A Jura commune merged into a Doubs one is found in the Doubs.
    assert collectivite_par_code_insee("39012").departement.code == "25"
    assert collectivite_par_code_insee("99999") is None


def test_les_communes_deleguees_gardent_leur_nom():
    charger_depuis_le_paquet("25")
    deleguee = AncienCode.objects.select_related("collectivite").filter(nature="deleguee").first()
    assert deleguee.nom
    assert deleguee.collectivite.departement.code == "25"
    assert deleguee.code != deleguee.collectivite.code_insee


def test_un_code_de_departement_inconnu_est_refuse_clairement_sans_rien_charger():
    avant = comptes_par_type()
    with pytest.raises(CommandError, match=r"Département inconnu : 99\. Codes INSEE attendus"):
        call_command("charger_territoire", departements="25,99")
    assert comptes_par_type() == avant


def test_sans_le_paquet_la_commande_dit_quoi_lancer(monkeypatch, tmp_path):
    monkeypatch.setattr(france, "PAQUET", tmp_path / "absent")
    with pytest.raises(CommandError, match=r"n'est pas installé .*make territoire-france"):
        call_command("charger_territoire", tout=True)


def test_un_epci_a_cheval_est_du_departement_de_la_majorite_de_sa_population():
    epci = {
        "membres": [
            {"code": "21054", "populationMunicipale": 20_000},
            {"code": "71076", "populationMunicipale": 7_000},
            {"code": "71500", "populationMunicipale": 8_000},
            {"code": "21001", "populationMunicipale": 1_000},
        ]
    }
    departements = {"21054": "21", "21001": "21", "71076": "71", "71500": "71"}
    assert france.departement_de_l_epci(epci, departements) == "21"
    egalite = {
        "membres": [*epci["membres"][1:3], {"code": "21054", "populationMunicipale": 15_000}]
    }
    assert france.departement_de_l_epci(egalite, departements) == "21"


def test_l_admin_montre_les_anciens_codes_sans_les_laisser_modifier(
    client,
    connecter,
    comptes,
):
    connecter("admin@guichet.demo")
    meroux_moval = Collectivite.objects.get(code_insee="90068")
    page = client.get(f"/admin/territoire/collectivite/{meroux_moval.pk}/change/").content.decode()
    assert "Anciens codes INSEE" in page
    assert "90073" in page and "Ancienne commune" in page
    assert 'name="anciens_codes-0-code"' not in page
    recherche = client.get("/admin/territoire/collectivite/", {"q": "90073"}).content.decode()
    assert "Meroux-Moval" in recherche

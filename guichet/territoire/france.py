"""The territory of the whole of France, from the npm package ``@etalab/decoupage-administratif``
(pinned in ``npm/package.json``, installed by ``make territoire-france``; source and licence in
``data/README.md``).

A load takes a handful of bulk queries whatever the number of communes. The rows already there
are found by their code INSEE (communes, départements) or their SIREN (EPCI) and updated in
place: their ids, and the groups and permissions hung on them, are kept; a second load with the
same data changes nothing.
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from guichet.territoire.models import (
    AncienCode,
    Collectivite,
    Departement,
    NatureAncienCode,
    Region,
    TypeCollectivite,
)

PAQUET = (
    Path(__file__).resolve().parent / "npm" / "node_modules" / "@etalab" / "decoupage-administratif"
)
VERSION = "6.0.0"
# Metropolitan France and the five overseas départements (DROM); not the collectivités
# d'outre-mer (zone « com »), which have no préfecture of the same kind.
ZONES = {"metro", "drom"}
LOT = 1000
NATURE_DES_HISTORIQUES = {
    "commune-deleguee": NatureAncienCode.COMMUNE_DELEGUEE,
    "commune-associee": NatureAncienCode.COMMUNE_ASSOCIEE,
}


class ChargementImpossible(Exception):
    """The package is missing or not at the pinned version, or a département code is unknown:
    the message, in French, says what to do."""


@dataclass(frozen=True)
class Decoupage:
    """The package's data, restricted to ``ZONES``."""

    regions: list
    departements: list
    communes: list
    historiques: list
    epcis: list


def lire_paquet(dossier=None):
    """Read the installed package (``PAQUET`` unless ``dossier`` says), after checking it is
    the pinned version."""
    dossier = Path(dossier or PAQUET)
    description = dossier / "package.json"
    if not description.is_file():
        raise ChargementImpossible(
            "Le paquet npm @etalab/decoupage-administratif n'est pas installé "
            f"({dossier}) : lancez `make territoire-france` (npm ci dans guichet/territoire/npm)."
        )
    version = json.loads(description.read_text(encoding="utf-8"))["version"]
    if version != VERSION:
        raise ChargementImpossible(
            f"Le paquet @etalab/decoupage-administratif installé est en version {version}, "
            f"{VERSION} est attendue : relancez `make territoire-france`."
        )

    def lire(nom):
        return json.loads((dossier / "data" / nom).read_text(encoding="utf-8"))

    communes = [commune for commune in lire("communes.json") if commune["zone"] in ZONES]
    return Decoupage(
        regions=[region for region in lire("regions.json") if region["zone"] in ZONES],
        departements=[dep for dep in lire("departements.json") if dep["zone"] in ZONES],
        communes=[commune for commune in communes if commune["type"] == "commune-actuelle"],
        historiques=[commune for commune in communes if commune["type"] in NATURE_DES_HISTORIQUES],
        epcis=lire("epci.json"),
    )


def codes_des_departements(decoupage, texte):
    """The codes of ``texte`` (« 90,25 »), each checked against the package's départements."""
    connus = {departement["code"] for departement in decoupage.departements}
    codes = []
    for code in texte.split(","):
        code = code.strip().upper()
        if code:
            codes.append(code.zfill(2) if code.isdigit() else code)
    inconnus = [code for code in codes if code not in connus]
    if inconnus:
        raise ChargementImpossible(
            f"Département inconnu : {', '.join(inconnus)}. Codes INSEE attendus : 01 à 95 "
            "(2A et 2B pour la Corse), 971, 972, 973, 974 ou 976."
        )
    if not codes:
        raise ChargementImpossible("Aucun département donné : --departements 90,25 ou --tout.")
    return codes


def departement_de_l_epci(epci, departement_des_communes):
    """The département holding the largest share of the EPCI's population municipale (the
    smaller code on a tie): an EPCI astride two départements is its majority's (89 such EPCI in
    2026, such as the CA de Beaune, 85 % in the Côte-d'Or)."""
    populations = Counter()
    for membre in epci["membres"]:
        populations[departement_des_communes[membre["code"]]] += membre["populationMunicipale"]
    return min(populations, key=lambda code: (-populations[code], code))


@transaction.atomic
def charger_france(decoupage, codes):
    """Create or update the régions and départements, then, for the départements of ``codes``:
    the département as a collectivité, its communes, the EPCI they belong to (wherever their
    majority lies) and the communes' old codes. Returns, per kind, ``(créées, mises à jour)``
    (old codes: their number)."""
    departements = _charger_regions_et_departements(decoupage)
    codes = set(codes)
    communes = [commune for commune in decoupage.communes if commune["departement"] in codes]
    retenues = {commune["code"] for commune in communes}
    departement_des_communes = {c["code"]: c["departement"] for c in decoupage.communes}
    epcis = [
        epci
        for epci in decoupage.epcis
        if any(membre["code"] in retenues for membre in epci["membres"])
    ]
    epci_des_communes = {
        membre["code"]: epci["code"] for epci in epcis for membre in epci["membres"]
    }

    comptes = {}
    _, comptes["departements"] = _enregistrer(
        "code_insee",
        {
            departement["code"]: {
                "type": TypeCollectivite.DEPARTEMENT,
                "nom": departement["nom"],
                "departement_id": departements[departement["code"]],
            }
            for departement in decoupage.departements
            if departement["code"] in codes
        },
    )
    id_des_epcis, comptes["epci"] = _enregistrer(
        "siren",
        {
            epci["code"]: {
                "type": TypeCollectivite.EPCI,
                "nom": epci["nom"],
                "population": epci["populationMunicipale"],
                "departement_id": departements[
                    departement_de_l_epci(epci, departement_des_communes)
                ],
            }
            for epci in epcis
        },
    )
    id_des_communes, comptes["communes"] = _enregistrer(
        "code_insee",
        {
            commune["code"]: {
                "type": TypeCollectivite.COMMUNE,
                "nom": commune["nom"],
                "siren": commune["siren"],
                "code_postal": commune["codesPostaux"][0],
                "population": commune["population"],
                "epci_id": id_des_epcis.get(epci_des_communes.get(commune["code"])),
                "departement_id": departements[commune["departement"]],
            }
            for commune in communes
        },
    )
    comptes["anciens_codes"] = _charger_anciens_codes(decoupage, id_des_communes)
    return comptes


def _charger_regions_et_departements(decoupage):
    """The 18 régions and 101 départements (the migration loaded the same from the CSV files of
    ``data/``); returns ``{code: id}`` of the départements."""
    regions = {}
    for region in decoupage.regions:
        regions[region["code"]], _ = Region.objects.update_or_create(
            code=region["code"], defaults={"nom": region["nom"]}
        )
    departements = {}
    for departement in decoupage.departements:
        objet, _ = Departement.objects.update_or_create(
            code=departement["code"],
            defaults={
                "nom": departement["nom"],
                "region": regions[departement["region"]],
                "type_liaison": departement["typeLiaison"],
            },
        )
        departements[departement["code"]] = objet.pk
    return departements


def _enregistrer(cle, lignes):
    """Create or update the collectivités of ``lignes`` (``{value of cle: {field: value}}``, the
    same fields in every line), found by ``cle`` (``code_insee`` or ``siren``). Returns
    ``({value of cle: id}, (créées, mises à jour))``."""
    if not lignes:
        return {}, (0, 0)
    champs = list(next(iter(lignes.values())))
    existantes = {
        existante[cle]: existante
        for existante in Collectivite.objects.exclude(**{cle: ""}).values("pk", cle, *champs)
    }
    a_creer, a_modifier = [], []
    for valeur, donnees in lignes.items():
        existante = existantes.get(valeur)
        if existante is None:
            a_creer.append(Collectivite(**{cle: valeur}, **donnees))
        elif any(existante[champ] != donnee for champ, donnee in donnees.items()):
            a_modifier.append(Collectivite(pk=existante["pk"], **{cle: valeur}, **donnees))
    Collectivite.objects.bulk_create(a_creer, batch_size=LOT)
    Collectivite.objects.bulk_update(
        a_modifier, [champ.removesuffix("_id") for champ in champs], batch_size=LOT
    )
    ids = {valeur: existantes[valeur]["pk"] for valeur in lignes if valeur in existantes}
    ids.update({getattr(collectivite, cle): collectivite.pk for collectivite in a_creer})
    return ids, (len(a_creer), len(a_modifier))


def _charger_anciens_codes(decoupage, id_des_communes):
    """The old codes of the communes of ``id_des_communes``: those they absorbed
    (``anciensCodes``) and their communes déléguées and associées. Returns their number."""
    lignes = {}
    for commune in decoupage.communes:
        if commune["code"] in id_des_communes:
            for code in commune.get("anciensCodes", []):
                lignes[code] = ("", NatureAncienCode.ANCIENNE_COMMUNE, commune["code"])
    # A commune déléguée or associée is today's state: it wins over an older merger listed in
    # another commune's ``anciensCodes`` (two such codes in 6.0.0, e.g. 60455). A commune
    # nouvelle's chef-lieu keeps its code as a commune déléguée: not an old code.
    for historique in decoupage.historiques:
        code, chef_lieu = historique["code"], historique["chefLieu"]
        if chef_lieu in id_des_communes and code != chef_lieu:
            nature = NATURE_DES_HISTORIQUES[historique["type"]]
            lignes[code] = (historique["nom"], nature, chef_lieu)
    AncienCode.objects.bulk_create(
        [
            AncienCode(code=code, nom=nom, nature=nature, collectivite_id=id_des_communes[commune])
            for code, (nom, nature, commune) in lignes.items()
        ],
        batch_size=LOT,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["nom", "nature", "collectivite"],
    )
    return len(lignes)

"""The prefilled link of Démarches Simplifiées, built from a demande.

DS documents it on each démarche's « préremplir » page: the démarche's public address,
``<DS_URL>/commencer/<path>``, followed by one ``champ_<identifiant>=<valeur>`` per field to
fill. The person who opens it starts a new dossier with those fields filled. The portal only
builds the address: nothing is sent to DS from the server.
"""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse

from guichet.notifications.courriels import lien_absolu

from .models import ChampDemande

# A link stays usable by browsers and proxies (about 8,000 characters): the description, the
# only long text, is cut to this many characters; the agent completes it in DS if need be.
LONGUEUR_MAX_VALEUR = 1500
SUITE = "…"


def _tronquer(texte):
    texte = texte.strip()
    if len(texte) <= LONGUEUR_MAX_VALEUR:
        return texte
    return texte[: LONGUEUR_MAX_VALEUR - len(SUITE)].rstrip() + SUITE


def valeurs(demande):
    """``{ChampDemande: texte}`` for ``demande`` (an empty field is left out)."""
    collectivite = demande.collectivite
    epci = collectivite.epci
    textes = {
        ChampDemande.REFERENCE: demande.reference or "",
        ChampDemande.TITRE: demande.titre,
        ChampDemande.DESCRIPTION: demande.description,
        ChampDemande.COLLECTIVITE: collectivite.nom,
        ChampDemande.CODE_INSEE: collectivite.code_insee or "",
        ChampDemande.SIREN: collectivite.siren or "",
        ChampDemande.EPCI: epci.nom if epci else "",
        ChampDemande.THEMATIQUES: ", ".join(t.nom for t in demande.thematiques.all()),
        ChampDemande.PROGRAMME: demande.programme.nom if demande.programme else "",
        ChampDemande.BESOIN: demande.get_besoin_display() if demande.besoin else "",
        ChampDemande.MATURITE: demande.get_maturite_display() if demande.maturite else "",
        ChampDemande.BUDGET_ESTIME: (
            str(demande.budget_estime) if demande.budget_estime is not None else ""
        ),
        ChampDemande.ECHEANCE_SOUHAITEE: (
            demande.echeance_souhaitee.isoformat() if demande.echeance_souhaitee else ""
        ),
        ChampDemande.CONTACT_NOM: demande.contact_nom,
        ChampDemande.CONTACT_EMAIL: demande.contact_email,
        ChampDemande.CONTACT_TELEPHONE: demande.contact_telephone,
        ChampDemande.LIEN: lien_absolu(reverse("demandes:detail", args=[demande.pk])),
    }
    return {champ: _tronquer(texte) for champ, texte in textes.items() if texte and texte.strip()}


def lien_prerempli(*, demarche, demande):
    """The address that opens a new dossier of ``demarche`` filled from ``demande``; the
    parameters follow the correspondences in their order, each value percent-encoded."""
    textes = valeurs(demande)
    parametres = [
        (f"champ_{correspondance.identifiant_ds}", textes[correspondance.champ_demande])
        for correspondance in demarche.champs.all()
        if correspondance.champ_demande in textes
    ]
    base = f"{settings.DS_URL}/commencer/{quote(demarche.chemin, safe='')}"
    return f"{base}?{urlencode(parametres, quote_via=quote)}" if parametres else base

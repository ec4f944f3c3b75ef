"""Who reads which avis: the one place where the rule lives.

- The State (préfecture, DDT, superuser) reads every avis of the demandes it sees, revoked and
  confidential ones included.
- Anyone else who sees the demande (its collectivité, the operators it is routed to, the comité
  members who read its file) reads its **shareable** avis (``confidentiel=False``), once
  answered and never revoked. A confidential avis is never shown to them: not on the demande's
  page, not in its timeline (its events are internal), not in the notifications (only the
  referent and the agent who asked are told), not in the exports (State only) and not in the
  comité's PDF.
- In a comité's printed agenda, a public item shows the shareable avis only, whoever prints it
  (the document circulates); an internal item, which only the State reads, shows them all.
- In the séance's file (``comite/dossier``), downloaded by one reader for themselves, the
  State's copy is complete (confidential avis included, marked so); anyone else's shows the
  shareable avis only.

Views, selectors, the PDF and the downloads all go through these functions.
"""

from django.db.models import Q

from guichet.comptes.roles import est_agent_de_l_etat

from .models import Avis

PARTAGEABLE = Q(confidentiel=False, date_revocation__isnull=True, date_reponse__isnull=False)


def lit_tous_les_avis(user, departement=None):
    """The State reads every avis: of ``departement``'s demandes when given."""
    return est_agent_de_l_etat(user, departement)


def avis_lisibles(user, demande):
    """The avis of ``demande`` (already checked visible to ``user``) that ``user`` reads."""
    avis = Avis.objects.filter(demande=demande)
    return avis if lit_tous_les_avis(user, demande.departement_id) else avis.filter(PARTAGEABLE)


def montre_dans_l_ordre_du_jour(avis, point):
    """Whether a printed agenda item shows ``avis`` (see the module's docstring)."""
    return avis.repondu and not avis.revoque and (point.interne or not avis.confidentiel)


def evenement_interne(avis):
    """The timeline line of a confidential avis is the State's and operators' only."""
    return avis.confidentiel


def evenements_caches(user):
    """The timeline lines ``user`` does not read among those they could: a confidential avis's
    (internal, hence already hidden from the collectivité) are hidden from operators too."""
    if lit_tous_les_avis(user):
        return Q(pk__in=[])
    return Q(type="avis", interne=True)


def montre_dans_le_dossier(user, avis, point):
    """Whether the séance's file downloaded by ``user`` shows ``avis`` on ``point``: the State's
    file is complete (confidential avis included, marked so); anyone else's shows the
    shareable avis only, internal item or not."""
    if not avis.repondu or avis.revoque:
        return False
    return lit_tous_les_avis(user) or not avis.confidentiel

"""Who is told of what (DESIGN.md's notification table), as querysets of active users.

Recipients come from current memberships only: a person detached from a collectivité, an
operator or a State service (a mayor after an election, an agent who left the DDT) hears no
more of its demandes, even those they filed or followed as referent.
"""

from guichet.comptes.models import ServiceEtat, User

SERVICES_DE_L_ETAT = [ServiceEtat.PREFECTURE, ServiceEtat.DDT]


def services_de_l_etat():
    """The préfecture's and the DDT's people: they learn of every new demande."""
    return User.objects.filter(
        is_active=True, rattachements__service__in=SERVICES_DE_L_ETAT
    ).distinct()


def collectivite(demande):
    """The collectivité's current members (the déposant among them while they still are)."""
    return User.objects.filter(is_active=True, rattachements__collectivite=demande.collectivite_id)


def referent(demande):
    """The referent, while they still belong to the préfecture or the DDT."""
    if demande.referent_id and services_de_l_etat().filter(pk=demande.referent_id).exists():
        return [demande.referent]
    return []


def suivi_etat(demande):
    """The referent if there is one, otherwise the State services."""
    return referent(demande) or list(services_de_l_etat())


def membres_operateur(operateur, demande):
    """The operator's people who follow ``demande``: its local team serving the demande's
    département, or its national group (``operateurs/equipes.py``)."""
    from operateurs.equipes import membres_pour

    return membres_pour(operateur, demande)


def agents_de_l_etat():
    """State staff a demande can be assigned to."""
    return services_de_l_etat().order_by("nom", "prenom")

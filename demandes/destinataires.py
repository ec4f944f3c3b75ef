"""Who is told of what (DESIGN.md's notification table), as querysets of active users.

Recipients come from current memberships only: a person detached from a collectivité, an
operator or a State service (a mayor after an election, an agent who left the DDT) hears no
more of its demandes, even those they filed or followed as referent. The State's people are
those of the demande's département: the préfecture and the DDT of the Doubs never hear of a
demande of the Territoire de Belfort.
"""

from guichet.comptes.models import ServiceEtat, User

SERVICES_DE_L_ETAT = [ServiceEtat.PREFECTURE, ServiceEtat.DDT]


def _agents(departements, services):
    """The active people of ``services`` in ``departements`` (ids; every one when None)."""
    dans = {} if departements is None else {"rattachements__departement__in": departements}
    return User.objects.filter(
        is_active=True, rattachements__service__in=services, **dans
    ).distinct()


def services_de_l_etat(departement):
    """The people of the préfecture and the DDT of ``departement`` (one, or its id): they learn
    of every new demande there."""
    return _agents([departement], SERVICES_DE_L_ETAT)


def ddt(demande):
    """The DDT of the demande's département (told of the operators' answers)."""
    return _agents([demande.departement_id], [ServiceEtat.DDT])


def collectivite(demande):
    """The collectivité's current members (the déposant among them while they still are)."""
    return User.objects.filter(is_active=True, rattachements__collectivite=demande.collectivite_id)


def referent(demande):
    """The referent, while they still belong to the préfecture or the DDT of the demande's
    département."""
    if (
        demande.referent_id
        and services_de_l_etat(demande.departement_id).filter(pk=demande.referent_id).exists()
    ):
        return [demande.referent]
    return []


def suivi_etat(demande):
    """The referent if there is one, otherwise the State services of its département."""
    return referent(demande) or list(services_de_l_etat(demande.departement_id))


def membres_operateur(operateur, demande):
    """The operator's people who follow ``demande``: its local team serving the demande's
    département, or its national group (``operateurs/equipes.py``)."""
    from operateurs.equipes import membres_pour

    return membres_pour(operateur, demande)


def agents_de_l_etat(departements):
    """State staff of ``departements`` (ids; every département when None), to whom a demande
    there can be assigned."""
    return _agents(departements, SERVICES_DE_L_ETAT).order_by("nom", "prenom")


def collegues(user):
    """The State staff ``user`` works with: those of their départements (everyone's, for a
    superuser)."""
    return agents_de_l_etat(None if user.is_superuser else user.departements_de_l_etat)

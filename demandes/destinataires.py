"""Who is told of what (DESIGN.md's notification table), as querysets of active users."""

from guichet.comptes.models import ServiceEtat, User


def services_de_l_etat():
    """The préfecture's and the DDT's people: they learn of every new demande."""
    return User.objects.filter(
        is_active=True, rattachements__service__in=[ServiceEtat.PREFECTURE, ServiceEtat.DDT]
    ).distinct()


def collectivite(demande):
    """The déposant and every member of the demande's collectivité."""
    membres = User.objects.filter(
        is_active=True, rattachements__collectivite=demande.collectivite_id
    )
    return [demande.deposant, *membres.exclude(pk=demande.deposant_id)]


def suivi_etat(demande):
    """The referent if there is one, otherwise the State services."""
    if demande.referent_id:
        return [demande.referent]
    return list(services_de_l_etat())


def membres_operateur(operateur):
    return User.objects.filter(is_active=True, rattachements__operateur=operateur).distinct()


def agents_de_l_etat():
    """State staff a demande can be assigned to."""
    return services_de_l_etat().order_by("nom", "prenom")

import pytest
from django.db import IntegrityError, transaction

from guichet.comptes import services
from guichet.comptes.models import Rattachement, ServiceEtat, User
from guichet.comptes.roles import Role
from guichet.territoire.models import Collectivite, Operateur

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return User.objects.create_user("agent@exemple.fr", "un-mot-de-passe-solide")


def test_rattacher_a_une_collectivite_donne_le_role_et_le_groupe_de_la_collectivite(agent):
    delle = Collectivite.objects.get(code_insee="90033")
    services.rattacher(user=agent, collectivite=delle, fonction="Secrétaire de mairie")

    agent = User.objects.get(pk=agent.pk)
    assert agent.roles == {Role.COLLECTIVITE}
    assert agent.groups.filter(pk=Collectivite.objects.get(pk=delle.pk).groupe_id).exists()


def test_rattacher_deux_fois_est_idempotent(agent):
    cerema = Operateur.objects.get(slug="cerema")
    services.rattacher(user=agent, operateur=cerema)
    services.rattacher(user=agent, operateur=cerema, fonction="Cheffe de projet")
    assert Rattachement.objects.filter(user=agent).count() == 1
    assert agent.groups.count() == 2


def test_detacher_retire_le_groupe_et_le_role(agent):
    cerema = Operateur.objects.get(slug="cerema")
    rattachement = services.rattacher(user=agent, operateur=cerema)
    services.detacher(rattachement=rattachement)
    agent = User.objects.get(pk=agent.pk)
    assert agent.roles == frozenset()
    assert not agent.groups.exists()


def test_ce_qu_une_personne_a_lu_de_ses_rattachements_suit_leurs_changements(agent):
    """The same instance, read before and after: what it cached for the request is read again."""
    from demandes.workflow import est_de_la_collectivite
    from guichet.comptes.roles import est_agent_de_l_etat
    from tests.factories import DemandeFactory

    delle = Collectivite.objects.get(code_insee="90033")
    demande = DemandeFactory(collectivite=delle)
    assert not est_de_la_collectivite(agent, demande)
    assert not est_agent_de_l_etat(agent, demande.departement_id)
    de_delle = services.rattacher(user=agent, collectivite=delle)
    services.rattacher(user=agent, service=ServiceEtat.DDT)
    assert est_de_la_collectivite(agent, demande)
    assert est_agent_de_l_etat(agent, demande.departement_id)
    services.detacher(rattachement=de_delle)
    assert not est_de_la_collectivite(agent, demande)


def test_la_boite_d_un_nouveau_membre_d_operateur_suit_son_rattachement(agent, comptes):
    """Its operators and groups, read once per request, are read again after the change."""
    from demandes import services as demandes
    from operateurs.selectors import orientations_de
    from tests.demandes.conftest import creer

    cerema, prefet = Operateur.objects.get(slug="cerema"), comptes["prefet@prefecture.demo"]
    demande = creer(comptes)
    demande = demandes.prendre_en_charge(demande=demande, par=prefet, version=demande.version)
    demandes.orienter_demande(
        demande=demande, par=prefet, version=demande.version, operateurs=[cerema]
    )
    assert not orientations_de(agent).exists()
    rattachement = services.rattacher(user=agent, operateur=cerema)
    assert list(orientations_de(agent).values_list("demande", flat=True)) == [demande.pk]
    services.detacher(rattachement=rattachement)
    assert not orientations_de(agent).exists()


def test_un_service_de_l_etat_donne_son_role(agent):
    services.rattacher(user=agent, service=ServiceEtat.DDT)
    assert User.objects.get(pk=agent.pk).roles == {Role.DDT}


def test_un_rattachement_designe_une_seule_organisation(agent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rattachement.objects.create(
            user=agent,
            collectivite=Collectivite.objects.get(code_insee="90010"),
            operateur=Operateur.objects.get(slug="anah"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rattachement.objects.create(user=agent)


def test_deux_comptes_ne_partagent_pas_une_adresse_a_la_casse_pres(agent):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="AGENT@exemple.fr")


def test_chaque_groupe_de_role_tient_toutes_ses_permissions_apres_un_migrate():
    """Synchronised once, after the last application's permissions are created: those of
    ``demarches``, late in ``INSTALLED_APPS`` and created again by this ``migrate``, are not
    missed."""
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    from guichet.comptes.roles import PERMISSIONS_PAR_ROLE, nom_du_groupe

    for groupe in Group.objects.filter(name__in=[nom_du_groupe(r) for r in PERMISSIONS_PAR_ROLE]):
        groupe.permissions.clear()
    Permission.objects.filter(content_type__app_label="demarches").delete()
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate alone
    for role, codes in PERMISSIONS_PAR_ROLE.items():
        permissions = Group.objects.get(name=nom_du_groupe(role)).permissions.select_related(
            "content_type"
        )
        assert {f"{p.content_type.app_label}.{p.codename}" for p in permissions} == set(codes)


def test_les_groupes_des_roles_existent_apres_migration():
    from django.contrib.auth.models import Group

    noms = set(Group.objects.values_list("name", flat=True))
    assert {role.label for role in Role} <= noms
    assert (
        Group.objects.get(name="Administrateur")
        .permissions.filter(codename="change_operateur")
        .exists()
    )


def test_tout_ce_que_le_compte_garde_pour_une_requete_est_oublie_apres_un_changement():
    from functools import cached_property

    gardes = {nom for nom, valeur in vars(User).items() if isinstance(valeur, cached_property)}
    assert gardes == set(User.LU_UNE_FOIS)

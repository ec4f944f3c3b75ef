"""Test data built with factory-boy. The demandes need the demo accounts and territory (the
``comptes`` fixture); the collectivités and people of a second département (the Doubs, 25, whose
département row the migrations load) are made here, never typed into the product's data."""

import factory
from django.utils import timezone

from demandes.models import Demande, Statut
from demo.chargement import MOT_DE_PASSE
from guichet.comptes.models import ServiceEtat, User
from guichet.comptes.services import rattacher
from guichet.territoire.models import Collectivite, Departement, TypeCollectivite


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune of the Doubs (25) unless ``departement`` says otherwise: test data only, the
    portal's territory is loaded from the official files."""

    class Meta:
        model = Collectivite

    type = TypeCollectivite.COMMUNE
    nom = factory.Sequence(lambda n: f"Commune d'essai {n}")
    code_insee = factory.Sequence(lambda n: f"25{n + 900:03d}")
    departement = factory.LazyFunction(lambda: Departement.objects.get(code="25"))


class UserFactory(factory.django.DjangoModelFactory):
    """A person who signs in with the demo password; attach them with ``rattacher``."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@essai.demo")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Essai {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=MOT_DE_PASSE, **kwargs)


class DemandeFactory(factory.django.DjangoModelFactory):
    """A filed demande of Delle, by its mayor; ``thematiques=[…]`` links themes."""

    class Meta:
        model = Demande
        skip_postgeneration_save = True

    collectivite = factory.LazyFunction(lambda: Collectivite.objects.get(code_insee="90033"))
    departement = factory.LazyAttribute(lambda demande: demande.collectivite.departement)
    deposant = factory.LazyFunction(lambda: User.objects.get(email="maire@delle.demo"))
    titre = factory.Sequence(lambda n: f"Projet {n:03d}")
    reference = factory.Sequence(lambda n: f"GU-2000-{n:05d}")
    statut = Statut.DEPOSEE
    date_depot = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def thematiques(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematiques.set(extracted)


def agent_de_l_etat(departement, service=ServiceEtat.PREFECTURE, **champs):
    """A new agent of ``departement``'s préfecture (or DDT), attached as the admin does."""
    agent = UserFactory(**champs)
    rattacher(user=agent, service=service, departement=departement, fonction="Chargé de mission")
    return agent


def membre_de(collectivite, **champs):
    """A new member (a mayor) of ``collectivite``."""
    membre = UserFactory(**champs)
    rattacher(user=membre, collectivite=collectivite, fonction="Maire")
    return membre

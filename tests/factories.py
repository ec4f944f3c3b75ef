"""Test data built with factory-boy. The demandes need the demo accounts and territory (the
``comptes`` fixture)."""

import factory
from django.utils import timezone

from demandes.models import Demande, Statut
from guichet.comptes.models import User
from guichet.territoire.models import Collectivite, Departement, TypeCollectivite


class CollectiviteFactory(factory.django.DjangoModelFactory):
    """A made-up commune of the Doubs (25), for tests that need a second département;
    ``departement=…`` places it elsewhere. Its code (25900 and after) is no real commune's."""

    class Meta:
        model = Collectivite

    type = TypeCollectivite.COMMUNE
    nom = factory.Sequence(lambda n: f"Commune d'essai {n:03d}")
    code_insee = factory.Sequence(lambda n: f"259{n % 100:02d}")
    departement = factory.LazyFunction(lambda: Departement.objects.get(code="25"))


class DemandeFactory(factory.django.DjangoModelFactory):
    """A filed demande of Delle, by its mayor; ``thematiques=[…]`` links themes."""

    class Meta:
        model = Demande
        skip_postgeneration_save = True

    collectivite = factory.LazyFunction(lambda: Collectivite.objects.get(code_insee="90033"))
    deposant = factory.LazyFunction(lambda: User.objects.get(email="maire@delle.demo"))
    titre = factory.Sequence(lambda n: f"Projet {n:03d}")
    reference = factory.Sequence(lambda n: f"GU-2000-{n:05d}")
    statut = Statut.DEPOSEE
    date_depot = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def thematiques(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematiques.set(extracted)

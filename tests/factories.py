"""Test data built with factory-boy. The demandes need the demo accounts and territory (the
``comptes`` fixture)."""

import factory
from django.utils import timezone

from demandes.models import Demande, Statut
from guichet.comptes.models import User
from guichet.territoire.models import Collectivite


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

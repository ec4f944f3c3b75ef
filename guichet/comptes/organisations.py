"""The organisation a person manages the members of: a collectivité, an operator or a State
service, and the three "spaces" whose members' pages are the same view."""

from dataclasses import dataclass

from django.urls import reverse

from guichet.comptes.models import ServiceEtat


@dataclass(frozen=True)
class Espace:
    """A kind of organisation, with its members' page."""

    nom: str
    url_name: str
    # Which attachments belong to this kind.
    champ: str

    def rattachements(self, user):
        if self.champ == "service":
            return user.rattachements.exclude(service="")
        return user.rattachements.filter(**{f"{self.champ}__isnull": False})


COLLECTIVITE = Espace("collectivite", "membres:collectivite", "collectivite")
OPERATEUR = Espace("operateur", "membres:operateur", "operateur")
ETAT = Espace("etat", "membres:etat", "service")
ESPACES = {espace.nom: espace for espace in (COLLECTIVITE, OPERATEUR, ETAT)}


@dataclass(frozen=True)
class Organisation:
    """Exactly one of the three, as a ``Rattachement``, an ``Invitation`` or a
    ``MouvementMembre`` names it."""

    collectivite: object = None
    operateur: object = None
    service: str = ""
    # A State service is a département's.
    departement: object = None

    @classmethod
    def de(cls, ligne):
        """The organisation of an attachment, an invitation or a history line."""
        return cls(ligne.collectivite, ligne.operateur, ligne.service, ligne.departement)

    @property
    def filtre(self):
        """Lookups selecting the rows of this organisation in any of the three models."""
        return {
            "collectivite": self.collectivite,
            "operateur": self.operateur,
            "service": self.service,
            "departement": self.departement,
        }

    @property
    def espace(self):
        if self.collectivite is not None:
            return COLLECTIVITE
        if self.operateur is not None:
            return OPERATEUR
        return ETAT

    @property
    def cle(self):
        """How the members' page names it in its query string."""
        if self.collectivite is not None:
            return str(self.collectivite.pk)
        if self.operateur is not None:
            return str(self.operateur.pk)
        return f"{self.service}-{self.departement.code}"

    @property
    def nom(self):
        if self.collectivite is not None:
            return self.collectivite.nom
        if self.operateur is not None:
            return self.operateur.sigle
        return f"{ServiceEtat(self.service).label} {self.departement.du_nom}"

    @property
    def avec_article(self):
        """« la commune de Delle », « le Cerema », « la préfecture »."""
        if self.collectivite is not None:
            return self.collectivite.avec_article
        if self.operateur is not None:
            return self.operateur.avec_article
        service = {ServiceEtat.PREFECTURE: "la préfecture", ServiceEtat.DDT: "la DDT"}
        return f"{service[self.service]} {self.departement.du_nom}"

    @property
    def de_article(self):
        """« de la commune de Delle », « du Cerema », « de la DDT »."""
        if self.collectivite is not None:
            return self.collectivite.de_article
        if self.operateur is not None:
            return self.operateur.de_article
        return "de " + self.avec_article

    @property
    def url(self):
        return f"{reverse(self.espace.url_name)}?organisation={self.cle}"

    def __str__(self):
        return self.nom

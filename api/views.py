"""The REST API: thin views over the portal's selectors and services.

``request.user`` is the token's organisation account (``authentification.py``): every queryset
is the browser's permission-scoped one for that account, a foreign id is a 404 by construction.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from comite import selectors as comite_selectors
from comite.models import Seance
from demandes import selectors as demandes_selectors
from demandes.models import Demande, Statut
from guichet.comptes.models import User
from guichet.territoire.models import Collectivite, Operateur, Thematique
from guichet.territoire.selectors import collectivite_par_code_insee
from operateurs import selectors as operateurs_selectors
from operateurs import services as operateurs_services
from operateurs.models import Orientation

from . import serializers as s
from .erreurs import traduire_refus
from .pagination import ParCurseur, SeancesParCurseur


def _probleme(code):
    return {code: {"description": "Problème RFC 9457 (application/problem+json)"}}


@extend_schema_view(
    get=extend_schema(
        summary="Demandes que voit l'organisation",
        parameters=[
            OpenApiParameter(
                "modifie_depuis",
                OpenApiTypes.DATETIME,
                description="Seulement les demandes modifiées depuis (ISO 8601).",
            ),
            OpenApiParameter("statut", str, enum=Statut.values),
            OpenApiParameter("thematique", str, description="Identifiant (slug) de thématique."),
            OpenApiParameter(
                "collectivite",
                str,
                description=(
                    "Code INSEE de la collectivité, actuel ou ancien (une commune fusionnée "
                    "mène à sa commune d'aujourd'hui : 90073, Moval, à Meroux-Moval)."
                ),
            ),
        ],
    )
)
class DemandeListe(generics.ListAPIView):
    serializer_class = s.DemandeResumeSerializer
    pagination_class = ParCurseur

    def get_queryset(self):
        demandes = (
            demandes_selectors.demandes_visibles(self.request.user)
            .select_related("collectivite")
            .prefetch_related("thematiques")
        )
        parametres = self.request.query_params
        if parametres.get("modifie_depuis"):
            champ = serializers.DateTimeField()
            try:
                depuis = champ.to_internal_value(parametres["modifie_depuis"])
            except serializers.ValidationError:
                raise serializers.ValidationError(
                    {"modifie_depuis": "Date et heure ISO 8601 attendues."}
                ) from None
            demandes = demandes.filter(date_modification__gte=depuis)
        if parametres.get("statut"):
            demandes = demandes.filter(statut=parametres["statut"])
        if parametres.get("thematique"):
            demandes = demandes.filter(thematiques__slug=parametres["thematique"])
        if parametres.get("collectivite"):
            # A current or an old code (a merged commune): files keep the codes of their year.
            collectivite = collectivite_par_code_insee(parametres["collectivite"])
            if collectivite is None:
                return demandes.none()
            demandes = demandes.filter(collectivite=collectivite)
        return demandes


class DemandeDetail(APIView):
    @extend_schema(
        summary="Une demande : thématiques, statut, orientations, documents",
        responses={200: s.DemandeDetailSerializer, **_probleme(404)},
    )
    def get(self, request, pk):
        try:
            demande = demandes_selectors.demande_pour_detail(request.user, pk)
        except Demande.DoesNotExist:
            raise Http404 from None
        return Response(s.DemandeDetailSerializer(demande).data)


@extend_schema_view(get=extend_schema(summary="Historique d'une demande (le plus ancien d'abord)"))
class EvenementListe(generics.ListAPIView):
    serializer_class = s.EvenementSerializer

    def get_queryset(self):
        demande = get_object_or_404(
            demandes_selectors.demandes_visibles(self.request.user), pk=self.kwargs["pk"]
        )
        return (
            demandes_selectors.evenements_lisibles(self.request.user)
            .filter(demande=demande)
            .order_by("date", "pk")
        )


@extend_schema_view(get=extend_schema(summary="Orientations reçues par l'opérateur"))
class OrientationListe(generics.ListAPIView):
    serializer_class = s.OrientationDetailSerializer

    def get_queryset(self):
        return operateurs_selectors.boite(self.request.user).order_by("date_orientation", "pk")


def _orientation(request, pk):
    try:
        return operateurs_selectors.orientation_de(request.user, pk)
    except Orientation.DoesNotExist:
        raise Http404 from None


def _relire(orientation):
    orientation = (
        Orientation.objects.select_related("operateur", "demande__collectivite")
        .prefetch_related("demande__thematiques")
        .get(pk=orientation.pk)
    )
    return Response(s.OrientationDetailSerializer(orientation).data)


class OrientationDetail(APIView):
    @extend_schema(
        summary="Une orientation reçue par l'opérateur",
        responses={200: s.OrientationDetailSerializer, **_probleme(404)},
    )
    def get(self, request, pk):
        return _relire(_orientation(request, pk))


class _Reponse(APIView):
    """An operator's answer: the browser's service, its refusal as a problem (409, 422)."""

    entree = None

    def appeler(self, orientation, donnees):
        raise NotImplementedError

    def post(self, request, pk):
        orientation = _orientation(request, pk)
        entree = self.entree(data=request.data)
        entree.is_valid(raise_exception=True)
        try:
            orientation = self.appeler(orientation, entree.validated_data)
        except ValidationError as refus:
            raise traduire_refus(refus) from None
        return _relire(orientation)


REPONSES_ECRITURE = {
    200: s.OrientationDetailSerializer,
    **_probleme(400),
    **_probleme(403),
    **_probleme(404),
    **_probleme(409),
    **_probleme(422),
}


class Accepter(_Reponse):
    entree = s.AccepterSerializer

    @extend_schema(summary="Accepter l'orientation", request=entree, responses=REPONSES_ECRITURE)
    def post(self, request, pk):
        return super().post(request, pk)

    def appeler(self, orientation, donnees):
        responsable = None
        if donnees.get("responsable"):
            responsable = User.objects.filter(
                is_active=True,
                email__iexact=donnees["responsable"],
                rattachements__operateur=orientation.operateur,
            ).first()
            if responsable is None:
                raise ValidationError({"responsable": "Choisissez un membre de l'opérateur."})
        return operateurs_services.accepter(
            orientation=orientation,
            par=self.request.user,
            responsable=responsable,
            version=donnees["version"],
        )


class Decliner(_Reponse):
    entree = s.DeclinerSerializer

    @extend_schema(summary="Décliner l'orientation", request=entree, responses=REPONSES_ECRITURE)
    def post(self, request, pk):
        return super().post(request, pk)

    def appeler(self, orientation, donnees):
        operateurs_services.decliner(
            orientation=orientation,
            par=self.request.user,
            motif=donnees["motif"],
            version=donnees["version"],
        )
        return orientation


class DonnerAvis(_Reponse):
    entree = s.AvisSerializer

    @extend_schema(
        summary="Donner son avis et son offre", request=entree, responses=REPONSES_ECRITURE
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def appeler(self, orientation, donnees):
        return operateurs_services.donner_avis(
            orientation=orientation,
            par=self.request.user,
            avis=donnees["avis"],
            type_offre=donnees["type_offre"],
            montant=donnees.get("montant"),
            jours=donnees.get("jours"),
            description=donnees["description"],
            version=donnees["version"],
        )


@extend_schema_view(get=extend_schema(summary="Séances du comité que voit l'organisation"))
class SeanceListe(generics.ListAPIView):
    serializer_class = s.SeanceSerializer
    pagination_class = SeancesParCurseur

    def get_queryset(self):
        return comite_selectors.seances_visibles(self.request.user)


class SeanceDetail(APIView):
    @extend_schema(
        summary="Une séance : ordre du jour et décisions (une fois le relevé lisible)",
        responses={200: s.SeanceDetailSerializer, **_probleme(404)},
    )
    def get(self, request, pk):
        try:
            seance = comite_selectors.seance_pour_detail(request.user, pk)
        except Seance.DoesNotExist:
            raise Http404 from None
        return Response(s.SeanceDetailSerializer(seance).data)


@extend_schema_view(get=extend_schema(summary="Collectivités du territoire"))
class CollectiviteListe(generics.ListAPIView):
    serializer_class = s.CollectiviteSerializer
    queryset = Collectivite.objects.order_by("nom", "pk")


@extend_schema_view(get=extend_schema(summary="Thématiques"))
class ThematiqueListe(generics.ListAPIView):
    serializer_class = s.ThematiqueSerializer
    queryset = Thematique.objects.filter(active=True).order_by("ordre", "nom")


@extend_schema_view(get=extend_schema(summary="Opérateurs"))
class OperateurListe(generics.ListAPIView):
    serializer_class = s.OperateurSerializer
    queryset = Operateur.objects.filter(actif=True).order_by("sigle")

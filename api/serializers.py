"""What the API shows: the fields each page of the portal shows to the same organisation."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from comite.models import PointOrdreDuJour, Seance
from demandes.models import Demande, Evenement, PieceJointe
from guichet.territoire.models import Collectivite, Operateur, Thematique
from operateurs.models import Orientation, TypeOffre


class ThematiqueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Thematique
        fields = ["id", "slug", "nom"]


class CollectiviteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collectivite
        fields = ["id", "type", "nom", "code_insee", "siren"]


class OperateurSerializer(serializers.ModelSerializer):
    class Meta:
        model = Operateur
        fields = ["id", "slug", "sigle", "nom", "type", "site_web"]


class DemandeResumeSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteSerializer(read_only=True)
    thematiques = ThematiqueSerializer(many=True, read_only=True)

    class Meta:
        model = Demande
        fields = [
            "id",
            "reference",
            "titre",
            "statut",
            "version",
            "collectivite",
            "thematiques",
            "date_depot",
            "date_modification",
        ]


class OrientationSerializer(serializers.ModelSerializer):
    """The avis and the refusal reason only for who reads them on the demande's page."""

    operateur = OperateurSerializer(read_only=True)
    avis = serializers.SerializerMethodField()
    motif_refus = serializers.SerializerMethodField()
    montant_estime = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Orientation
        fields = [
            "id",
            "operateur",
            "statut",
            "date_orientation",
            "date_reponse",
            "avis",
            "motif_refus",
            "type_offre",
            "montant_estime",
            "jours_estimes",
            "description_offre",
            "date_avis",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_avis(self, orientation):
        return orientation.avis if getattr(orientation, "avis_lisible", True) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_motif_refus(self, orientation):
        lisible = getattr(orientation, "motif_refus_lisible", True)
        return orientation.motif_refus if lisible else None


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PieceJointe
        fields = ["id", "nom", "taille", "type_mime", "date_depot"]


class DemandeDetailSerializer(DemandeResumeSerializer):
    orientations = OrientationSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True, source="pieces_visibles")
    programme = serializers.StringRelatedField()
    besoin = serializers.CharField()
    maturite = serializers.CharField()

    class Meta(DemandeResumeSerializer.Meta):
        fields = [
            *DemandeResumeSerializer.Meta.fields,
            "description",
            "programme",
            "besoin",
            "maturite",
            "echeance_souhaitee",
            "orientations",
            "documents",
        ]


class OrientationDetailSerializer(OrientationSerializer):
    demande = DemandeResumeSerializer(read_only=True)
    version = serializers.IntegerField(
        source="demande.version",
        read_only=True,
        help_text="Version de la demande, à renvoyer avec chaque réponse.",
    )

    class Meta(OrientationSerializer.Meta):
        fields = [*OrientationSerializer.Meta.fields, "demande", "version", "message"]


class EvenementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evenement
        fields = ["id", "date", "type", "libelle", "detail", "statut_avant", "statut_apres"]


class PointSerializer(serializers.ModelSerializer):
    demande = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    commentaire = serializers.SerializerMethodField()

    class Meta:
        model = PointOrdreDuJour
        fields = ["id", "ordre", "sujet", "demande", "decision", "commentaire", "date_decision"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_demande(self, point):
        return point.demande_id if point.dossier_visible else None

    def _releve(self):
        return self.context["seance"].releve_lisible

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decision(self, point):
        return point.decision if self._releve() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_commentaire(self, point):
        return point.commentaire if self._releve() else None


class SeanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Seance
        fields = ["id", "date", "lieu", "statut", "date_publication", "date_publication_releve"]


class SeanceDetailSerializer(SeanceSerializer):
    points = serializers.SerializerMethodField()

    class Meta(SeanceSerializer.Meta):
        fields = [*SeanceSerializer.Meta.fields, "points"]

    @extend_schema_field(PointSerializer(many=True))
    def get_points(self, seance):
        return PointSerializer(seance.liste_des_points, many=True, context={"seance": seance}).data


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="Version de la demande lue : 409 si elle a changé depuis."
    )


class AccepterSerializer(VersionSerializer):
    responsable = serializers.EmailField(
        required=False, help_text="Adresse d'un membre de l'opérateur (défaut : le compte API)."
    )


class DeclinerSerializer(VersionSerializer):
    motif = serializers.CharField(max_length=2000)


class AvisSerializer(VersionSerializer):
    avis = serializers.CharField()
    type_offre = serializers.ChoiceField(choices=TypeOffre.choices, required=False, default="")
    montant = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    jours = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    description = serializers.CharField(required=False, allow_blank=True, default="")

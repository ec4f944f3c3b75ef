import pytest
from django.utils import timezone

from accompagnement.models import Action
from avis import jetons
from avis import services as avis_services
from comite import services as comite
from comite.models import Comite, MembreComite, Priorite, Qualite, QuestionMembre
from comite.secretariat import services as secretariat
from demandes import services
from demandes.models import Etiquette
from guichet.comptes import services as comptes_services
from guichet.comptes.models import User
from guichet.comptes.organisations import Organisation
from guichet.notifications.models import Notification
from guichet.territoire.models import Collectivite, Operateur, Thematique
from tableau.services import enregistrer_vue
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    creer,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
    piece_pdf,
)


@pytest.fixture
def monde(comptes, pdf):  # noqa: F811 (fixtures imported above)
    return construire_le_monde(comptes, pdf)


@pytest.fixture(scope="module")
def monde_du_module(transaction_du_module):
    """The same, built once for all the tests of a module (see ``transaction_du_module``)."""
    from tests.conftest import comptes_de_demo

    return construire_le_monde(comptes_de_demo(), piece_pdf)


def construire_le_monde(comptes, fichier_pdf):
    """D: Delle's request, routed to Cerema, on the published agenda of séance S, with every
    object a route of the matrix names; returned as their keys and tokens."""
    prefet, ddt = comptes["prefet@prefecture.demo"], comptes["agent@ddt.demo"]
    d = creer(comptes, titre="Demande D", themes=("habitat",))
    services.ajouter_documents(demande=d, par=comptes["maire@delle.demo"], fichiers=[fichier_pdf()])
    d = services.prendre_en_charge(demande=d, par=ddt, version=None)
    d = services.orienter_demande(
        demande=d, par=ddt, version=None, operateurs=[Operateur.objects.get(slug="cerema")]
    )
    b = creer(comptes, titre="Brouillon B", deposer=False)
    creer(comptes, "90010", titre="Demande de Belfort")
    comite_ = Comite.objects.get()
    comite.ajouter_membre(comite=comite_, user=comptes["membre@comite.demo"], qualite=Qualite.AUTRE)
    s = comite.planifier_seance(
        comite=comite_, par=prefet, date=timezone.now() + timezone.timedelta(days=10), lieu="Salle"
    )
    point = comite.inscrire_demande(seance=s, par=prefet, version=s.version, demande=d)
    s.refresh_from_db()
    comite.publier_ordre_du_jour(seance=s, par=prefet, version=s.version)
    avis_recu = avis_services.demander_avis(
        demande=d,
        par=ddt,
        expert_nom="Claire Expert",
        expert_organisme="DREAL",
        expert_email="claire@dreal.example",
        question="Le projet est-il compatible avec le PPRI ?",
        date_limite=timezone.localdate() + timezone.timedelta(days=5),
    )
    avis_services.repondre_avis(avis=avis_recu, texte="Compatible.", fichiers=[fichier_pdf()])
    avis_ouvert = avis_services.demander_avis(
        demande=d,
        par=ddt,
        expert_nom="Paul Caue",
        expert_organisme="CAUE",
        expert_email="paul@caue.example",
        question="Quel parti architectural ?",
        date_limite=timezone.localdate() + timezone.timedelta(days=5),
    )
    a_completer = creer(comptes, titre="Demande à compléter", themes=("habitat",))
    a_completer = services.prendre_en_charge(demande=a_completer, par=ddt, version=None)
    services.demander_complement(
        demande=a_completer, par=ddt, version=None, points=[("Le devis", "incomplet")]
    )
    commune = Collectivite.objects.get(code_insee="90033")
    maire = comptes["maire@delle.demo"]
    acces = comptes_services.demander_acces(
        user=User.objects.create_user("nouveau@exemple.fr", "un-mot-de-passe-solide"),
        collectivite=commune,
        fonction="Adjointe",
    )
    invitation = comptes_services.inviter(
        par=maire, organisation=Organisation(collectivite=commune), email="collegue@exemple.fr"
    )
    question = QuestionMembre.objects.create(
        point=point, auteur=comptes["membre@comite.demo"], texte="Quel calendrier ?"
    )
    consultation = secretariat.ouvrir_consultation(point=point, par=prefet, question="Avis ?")
    jeton_agenda = secretariat.renouveler_jeton_agenda(
        membre=MembreComite.objects.get(user=comptes["membre@comite.demo"])
    )
    return {
        "question": question.pk,
        "consultation": consultation.pk,
        "jeton_agenda": jeton_agenda,
        "acces": acces.pk,
        "invitation": invitation.pk,
        "rattachement": maire.rattachements.get().pk,
        "a_completer": a_completer.pk,
        "d": d.pk,
        "b": b.pk,
        "piece": d.pieces.get().pk,
        "orientation": d.orientations.get().pk,
        "s": s.pk,
        "point": point.pk,
        "notification": Notification.objects.filter(destinataire=prefet).first().pk,
        "vue": enregistrer_vue(user=ddt, nom="Mes demandes", query_string="onglet=suivies").pk,
        "priorite": Priorite.objects.create(
            comite=comite_, thematique=Thematique.objects.get(slug="habitat")
        ).pk,
        "etiquette": Etiquette.objects.first().pk,
        "commune": Collectivite.objects.get(code_insee="90033").pk,
        "avis_recu": avis_recu.pk,
        "document_avis": avis_recu.documents.get().pk,
        "avis_ouvert": avis_ouvert.pk,
        "jeton": jetons.jeton(avis_ouvert),
        "action": Action.objects.create(
            demande=d,
            libelle="Déposer le dossier DETR",
            porteur="collectivite",
            echeance=timezone.localdate(),
            cree_par=prefet,
        ).pk,
        "annee": timezone.localdate().year,
        **_api_du_cerema(comptes),
    }


def _api_du_cerema(comptes):
    from api import services as api_services

    cerema = Organisation(operateur=Operateur.objects.get(slug="cerema"))
    par = comptes["contact@cerema.demo"]
    jeton, _ = api_services.creer_jeton(
        par=par, organisation=cerema, nom="Synchro", portee="lecture"
    )
    abonnement = api_services.abonner(
        par=par,
        organisation=cerema,
        url="https://exemple.fr/guichet",
        evenements=["demande.orientee"],
    )
    return {"jeton_api": jeton.pk, "abonnement": abonnement.pk}

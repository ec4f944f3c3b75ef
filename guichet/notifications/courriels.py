"""Building the emails from the outbox rows, with the templates of templates/notifications/."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string

# The event of a password-reset email: its link is made when the email is built, never stored.
REINITIALISATION_MOT_DE_PASSE = "reinitialisation_mot_de_passe"
# The event of an invitation email: its signed link too is made when the email is built.
INVITATION = "invitation"

# What the recipient should do next, by event: one sentence under the message, for the events
# whose message does not say it already (« à compléter », « orientée » to the operator do).
A_FAIRE = {
    "demande_deposee": "Prenez-la en charge ou confiez-la à un collègue depuis sa page.",
    "accuse_reception": "Vous serez prévenu à chaque étape ; suivez-la depuis sa page.",
    "demande_retiree": "Aucune action n'est attendue.",
    "prise_en_charge": "Votre interlocuteur peut vous écrire depuis la page de la demande.",
    "complement_repondu": "Relisez les réponses et poursuivez l'instruction.",
    "documents_ajoutes": "Lisez-les depuis la page de la demande.",
    "classee": "La demande reste consultable ; vous pouvez en déposer une nouvelle.",
    "cloturee": "La demande reste consultable.",
    "message": "Répondez depuis la page de la demande.",
    "attribution": "Retrouvez-la dans l'onglet « Suivies » du tableau de bord.",
    "orientee": "Les opérateurs vous contacteront ; échangez avec eux depuis la page.",
    "operateur_accepte": "Suivez l'accompagnement depuis la page de la demande.",
    "operateur_decline": "Orientez la demande vers un autre opérateur si besoin.",
    "operateur_avis": "Lisez l'avis depuis la page de la demande.",
    "offre_operateur": "Échangez avec l'opérateur depuis la page de la demande.",
    "operateur_termine": "Clôturez la demande si l'accompagnement est fini.",
    "inscrite_comite": (
        "Rien n'est attendu de vous d'ici là ; pour apporter une précision, écrivez à la "
        "préfecture depuis la page de la demande."
    ),
    "inscrite_comite_operateur": (
        "Avant la séance, depuis la page de la demande : acceptez ou déclinez l'orientation si "
        "ce n'est fait, complétez si besoin votre avis et votre offre."
    ),
    "decision_comite": "La décision et ses motifs sont sur la page de la demande.",
    "avis_recu": "Lisez l'avis et ses documents depuis la page de la demande.",
    "relance_operateur": "Acceptez ou déclinez l'orientation depuis la page de la demande.",
    "relance_complement": "Répondez aux points demandés depuis la page de la demande.",
    "demande_acces": "Validez-la ou refusez-la depuis la page des demandes d'accès.",
    "acces_valide": "Déposez une demande ou suivez celles de la collectivité.",
    "acces_refuse": "Vous pouvez faire une nouvelle demande d'accès.",
    "invitation_acceptee": "Retrouvez les membres et les invitations en cours sur leur page.",
}


def lien_absolu(lien):
    return f"{settings.SITE_URL}{lien}" if lien.startswith("/") else lien


def _lien(notification):
    """The row's link, or the one its event makes now: a signed link (an expert's page) is
    never stored in the outbox, which the admin shows."""
    fabrique = settings.NOTIFICATIONS_LIENS_FAITS_A_L_ENVOI.get(notification.evenement)
    if fabrique:
        return lien_absolu(import_string(fabrique)(notification) or "")
    return lien_absolu(notification.lien) if notification.lien else ""


def departement_du_courriel(notification):
    """The département an email speaks for, named in its header and its signature: that of
    what it is about (a demande, an avis, a séance: their ``departement``), else its
    recipient's (the header's, ``departement_de_la_personne``), else the default one."""
    # comptes imports this module: imported here.
    from guichet.comptes.selectors import departement_de_la_personne
    from guichet.territoire.models import Departement

    objet = notification.objet if notification.objet_type_id else None
    departement = getattr(objet, "departement", None)
    if departement is not None:
        return departement
    if notification.destinataire_id:
        return departement_de_la_personne(notification.destinataire)
    return Departement.objects.par_defaut()


def courriel_de(notification):
    if notification.evenement == REINITIALISATION_MOT_DE_PASSE:
        return courriel_de_reinitialisation(notification)
    if notification.evenement == INVITATION:
        # comptes builds its own link; imported here, as comptes imports this module.
        from guichet.comptes.invitations import courriel_d_invitation

        return courriel_d_invitation(notification)
    contexte = {
        "notification": notification,
        "destinataire": notification.destinataire,
        "a_faire": A_FAIRE.get(notification.evenement, ""),
        "lien": _lien(notification),
        "site_url": settings.SITE_URL,
        "departement": departement_du_courriel(notification),
    }
    message = EmailMultiAlternatives(
        subject=notification.sujet,
        body=render_to_string("notifications/courriel.txt", contexte),
        to=[notification.adresse_d_envoi],
        headers={"X-Guichet-Notification": notification.cle},
    )
    message.attach_alternative(
        render_to_string("notifications/courriel.html", contexte), "text/html"
    )
    if notification.piece_jointe_nom:
        message.attach(
            notification.piece_jointe_nom,
            notification.piece_jointe_contenu,
            notification.piece_jointe_type or "application/octet-stream",
        )
    return message


def courriel_de_reinitialisation(notification):
    """The password-reset email, with the templates of templates/comptes/emails/. The link is
    made now, valid ``PASSWORD_RESET_TIMEOUT`` from now: the outbox, which the admin shows,
    never holds it. It names the person's département when they have one, else none."""
    from guichet.comptes.selectors import seul_departement_de

    user = notification.destinataire
    site = urlsplit(settings.SITE_URL)
    contexte = {
        "email": user.email,
        "user": user,
        "protocol": site.scheme,
        "domain": site.netloc,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "departement": seul_departement_de(user),
    }
    sujet = render_to_string("comptes/emails/reinitialisation_sujet.txt", contexte)
    message = EmailMultiAlternatives(
        subject="".join(sujet.splitlines()),
        body=render_to_string("comptes/emails/reinitialisation.txt", contexte),
        to=[user.email],
        headers={"X-Guichet-Notification": notification.cle},
    )
    message.attach_alternative(
        render_to_string("comptes/emails/reinitialisation.html", contexte), "text/html"
    )
    return message


def recapitulatif_de(user, notifications, *, titre):
    """A digest, signed with the département of the person (the header's)."""
    from guichet.comptes.selectors import departement_de_la_personne

    contexte = {
        "destinataire": user,
        "departement": departement_de_la_personne(user),
        "notifications": [(n, lien_absolu(n.lien) if n.lien else "") for n in notifications],
        "titre": titre,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=f"[Guichet unique] {titre}",
        body=render_to_string("notifications/recapitulatif.txt", contexte),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("notifications/recapitulatif.html", contexte), "text/html"
    )
    return message

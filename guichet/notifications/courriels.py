"""Building the emails from the outbox rows, with the templates of templates/notifications/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# What the recipient should do next, by event: one sentence under the message.
A_FAIRE = {
    "demande_deposee": "Prenez-la en charge ou confiez-la à un collègue depuis sa page.",
    "accuse_reception": "Vous serez prévenu à chaque étape ; suivez-la depuis sa page.",
    "demande_retiree": "Aucune action n'est attendue.",
    "prise_en_charge": "Votre interlocuteur peut vous écrire depuis la page de la demande.",
    "a_completer": "Répondez aux points demandés depuis la page de la demande.",
    "complement_repondu": "Relisez les réponses et poursuivez l'instruction.",
    "classee": "La demande reste consultable ; vous pouvez en déposer une nouvelle.",
    "cloturee": "La demande reste consultable.",
    "message": "Répondez depuis la page de la demande.",
    "attribution": "Retrouvez-la dans l'onglet « Suivies » du tableau de bord.",
    "orientee_operateur": "Acceptez-la ou déclinez-la depuis votre espace opérateur.",
    "orientee": "Les opérateurs vous contacteront ; échangez avec eux depuis la page.",
    "operateur_accepte": "Suivez l'accompagnement depuis la page de la demande.",
    "operateur_decline": "Orientez la demande vers un autre opérateur si besoin.",
    "operateur_avis": "Lisez l'avis depuis la page de la demande.",
    "offre_operateur": "Échangez avec l'opérateur depuis la page de la demande.",
    "operateur_termine": "Clôturez la demande si l'accompagnement est fini.",
}


def lien_absolu(lien):
    return f"{settings.SITE_URL}{lien}" if lien.startswith("/") else lien


def courriel_de(notification):
    contexte = {
        "notification": notification,
        "destinataire": notification.destinataire,
        "a_faire": A_FAIRE.get(notification.evenement, ""),
        "lien": lien_absolu(notification.lien) if notification.lien else "",
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=notification.sujet,
        body=render_to_string("notifications/courriel.txt", contexte),
        to=[notification.destinataire.email],
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


def recapitulatif_de(user, notifications, *, titre):
    contexte = {
        "destinataire": user,
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

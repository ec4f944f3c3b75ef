import pytest
from icalendar import Calendar

from comite import services
from comite.models import Seance

from .conftest import dans_le_pdf, ouvrir

pytestmark = pytest.mark.django_db


def test_l_ordre_du_jour_en_pdf_contient_les_points(client, connecter, seance_publiee):
    connecter("membre@comite.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    assert dans_le_pdf("1. Rénovation de la salle des fêtes", reponse.content)
    assert dans_le_pdf("2. Crédits DSIL 2031", reponse.content)
    assert dans_le_pdf("3. Point d'étape PVD", reponse.content)


def test_le_pdf_de_la_collectivite_omet_les_points_internes(client, connecter, seance_publiee):
    connecter("maire@delle.demo")
    contenu = client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf").content
    assert dans_le_pdf("2. Point d'étape PVD", contenu)
    assert not dans_le_pdf("Crédits DSIL 2031", contenu)


def test_le_releve_de_decisions_n_est_lu_qu_une_fois_publie(
    client, connecter, comptes, seance_publiee
):
    url = f"/comite/seances/{seance_publiee.pk}/releve-de-decisions.pdf"
    connecter("membre@comite.demo")
    assert client.get(url).status_code == 404
    prefet = comptes["prefet@prefecture.demo"]
    ouvrir(seance_publiee)
    for point in seance_publiee.points.all():
        services.decider(
            point=point, par=prefet, version=None, decision="pour_information", mode="seance"
        )
    services.clore_seance(seance=seance_publiee, par=prefet, version=None)
    services.publier_releve(seance=seance_publiee, par=prefet, version=None)
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    assert dans_le_pdf("Relevé de décisions", reponse.content)
    assert dans_le_pdf("1. Rénovation de la salle des fêtes", reponse.content)


def test_l_invitation_ics_se_telecharge(client, connecter, seance_publiee):
    connecter("membre@comite.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/invitation.ics")
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/calendar")
    assert "attachment" in reponse["Content-Disposition"]
    evenement = Calendar.from_ical(reponse.content).walk("VEVENT")[0]
    assert str(evenement["location"]) == "Préfecture, salle Bartholdi"
    assert evenement["uid"] == f"seance-{seance_publiee.pk}@127.0.0.1"
    assert "Point d'étape PVD" in str(evenement["description"])
    assert "Crédits DSIL" not in str(evenement["description"])


def test_les_documents_d_une_seance_non_publiee_restent_caches(client, connecter, seance):
    connecter("membre@comite.demo")
    assert client.get(f"/comite/seances/{seance.pk}/ordre-du-jour.pdf").status_code == 404
    assert client.get(f"/comite/seances/{seance.pk}/invitation.ics").status_code == 404
    assert Seance.objects.filter(pk=seance.pk).exists()


def test_sans_pango_le_pdf_est_indisponible_sans_erreur_500(
    client, connecter, monkeypatch, seance_publiee
):
    """A machine without Pango answers a clear 503 page, not a server error."""
    from comite import pdf

    def sans_pango(*args, **kwargs):
        raise pdf.PdfIndisponible("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "rendre", sans_pango)
    connecter("prefet@prefecture.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf")
    assert reponse.status_code == 503
    assert "Document PDF momentanément indisponible" in reponse.content.decode()

"""The admin pages that axe found fault with: every field named, the portal's icon."""

import re

import pytest
from django.utils.html import escape

from demandes.models import Demande
from guichet.territoire.models import Thematique
from operateurs.models import RegleOrientation

pytestmark = pytest.mark.django_db


def champ(page, nom):
    return re.search(rf'<input[^>]*name="{nom}"[^>]*>', page)[0]


def test_chaque_poids_de_la_liste_des_regles_porte_le_nom_de_sa_regle(client, connecter, comptes):
    connecter("admin@guichet.demo")
    regles = list(RegleOrientation.objects.select_related("thematique", "operateur"))
    page = client.get("/admin/operateurs/regleorientation/", {"all": ""}).content.decode()
    noms = {
        re.search(r'aria-label="([^"]*)"', champ(page, f"form-{i}-poids"))[1]
        for i in range(len(regles))
    }
    assert noms == {escape(f"Poids : {regle}") for regle in regles}


def test_les_poids_se_modifient_toujours_depuis_la_liste(client, connecter, comptes):
    connecter("admin@guichet.demo")
    regle = RegleOrientation.objects.order_by("pk").first()
    page = client.get("/admin/operateurs/regleorientation/", {"all": ""}).content.decode()
    formulaire = dict(re.findall(r'<input[^>]*name="(form-[^"]*)"[^>]*value="([^"]*)"', page))
    index = next(nom.split("-")[1] for nom, v in formulaire.items() if v == str(regle.pk))
    formulaire[f"form-{index}-poids"] = "9"
    reponse = client.post(
        "/admin/operateurs/regleorientation/?all=", {**formulaire, "_save": "Enregistrer"}
    )
    assert reponse.status_code == 302
    regle.refresh_from_db()
    assert regle.poids == 9


def test_l_ordre_et_l_activite_des_thematiques_sont_nommes(client, connecter, comptes):
    connecter("admin@guichet.demo")
    page = client.get("/admin/territoire/thematique/").content.decode()
    for thematique in Thematique.objects.all():
        nom = escape(thematique.nom)
        assert f'aria-label="Ordre d&#x27;affichage : {nom}"' in page
        assert f'aria-label="Proposée aux collectivités : {nom}"' in page


def test_les_dates_de_purge_d_une_demande_ne_se_saisissent_pas_a_la_main(client, connecter, demo):
    demande = Demande.objects.exclude(reference=None).first()
    connecter("admin@guichet.demo")
    page = client.get(f"/admin/demandes/demande/{demande.pk}/change/").content.decode()
    assert demande.reference in page
    assert 'name="date_purge_0"' not in page
    assert 'name="date_avertissement_purge_0"' not in page
    assert "Données personnelles purgées le" in page


def test_l_administration_a_l_icone_du_portail_et_ses_corrections(client, connecter, comptes):
    connecter("admin@guichet.demo")
    page = client.get("/admin/").content.decode()
    assert 'href="/static/dsfr/dist/favicon/favicon.ico"' in page
    assert 'href="/static/guichet/admin.css"' in page
    assert "Administration du guichet unique" in page

"""``copier_regles_orientation --de 90 --vers 25``: a new département starts with the
Territoire de Belfort's routing rules, without duplicates, and its agents see them suggest the
operators of its demandes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guichet.territoire.models import Departement, Operateur, Thematique
from operateurs.models import RegleOrientation
from tests.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def copier(*arguments):
    sortie = StringIO()
    call_command("copier_regles_orientation", *arguments, stdout=sortie)
    return sortie.getvalue()


def regles(departement):
    return set(
        RegleOrientation.objects.filter(departement=departement).values_list(
            "thematique__slug", "operateur__slug", "poids"
        )
    )


def test_les_regles_du_90_passent_au_doubs_une_seule_fois(doubs):
    du_90 = regles(Departement.objects.par_defaut())
    assert du_90 and not regles(doubs)

    sortie = copier("--de", "90", "--vers", "25")

    assert regles(doubs) == du_90
    assert f"{len(du_90)} créées, 0 déjà présente" in sortie
    assert "du Territoire de Belfort (90)" in sortie and "du Doubs (25)" in sortie
    nombre = RegleOrientation.objects.count()
    assert "0 créée, " in copier("--de", "90", "--vers", "25")
    assert RegleOrientation.objects.count() == nombre
    assert regles(Departement.objects.par_defaut()) == du_90


def test_une_regle_deja_la_garde_son_poids(doubs):
    habitat, anah = Thematique.objects.get(slug="habitat"), Operateur.objects.get(slug="anah")
    assert RegleOrientation.objects.filter(
        departement__code="90", thematique=habitat, operateur=anah
    ).exists()
    RegleOrientation.objects.create(departement=doubs, thematique=habitat, operateur=anah, poids=9)

    sortie = copier("--de", "90", "--vers", "25")

    assert (
        RegleOrientation.objects.get(departement=doubs, thematique=habitat, operateur=anah).poids
        == 9
    )
    assert "1 déjà présente" in sortie
    assert len(regles(doubs)) == len(regles(Departement.objects.par_defaut()))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--de", "99", "--vers", "25"], "Département inconnu : 99"),
        (["--de", "90", "--vers", "xx"], "Département inconnu : xx"),
        (["--de", "90", "--vers", "90"], "rien à copier"),
    ],
)
def test_un_departement_inconnu_ou_le_meme_est_refuse(doubs, arguments, message):
    nombre = RegleOrientation.objects.count()
    with pytest.raises(CommandError, match=message):
        copier(*arguments)
    assert RegleOrientation.objects.count() == nombre


def test_un_departement_sans_regles_le_dit(doubs):
    assert "aucune règle d'orientation à recopier" in copier("--de", "25", "--vers", "90")


def test_l_agent_du_doubs_voit_les_regles_recopiees_dans_ses_suggestions(
    client, connecter, comptes, besancon, maire_besancon, prefecture_doubs
):
    habitat = Thematique.objects.get(slug="habitat")
    demande = DemandeFactory(
        collectivite=besancon,
        deposant=maire_besancon,
        thematiques=[habitat],
        statut="en_instruction",
    )
    connecter(prefecture_doubs.email)
    avant = client.get(f"/demandes/{demande.pk}/orienter/")
    assert avant.status_code == 200
    assert "Aucune règle d" in avant.content.decode()

    copier("--de", "90", "--vers", "25")

    apres = client.get(f"/demandes/{demande.pk}/orienter/").content.decode()
    assert "Thématique Habitat : règle" in apres

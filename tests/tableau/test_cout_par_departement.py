"""The dashboard's cost follows the agent's département, not the country (issue #23, measured
at 1,000,000 demandes by ``make bench``): every query of its pages and exports that reads the
demandes keeps to the agent's département, or to the rows of one page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.tableau.conftest import jeu  # noqa: F401  (shared fixture)

PAGES = [
    "/tableau-de-bord/",
    "/tableau-de-bord/?onglet=toutes&statut=orientee&q=%C3%A9cole",
    "/tableau-de-bord/?onglet=toutes&thematique=1&q=r%C3%A9novation",
    "/tableau-de-bord/export.csv",
    "/tableau-de-bord/export.xlsx?statut=deposee",
]
# The demandes table itself (not demandes_demande_thematiques and the like).
LIT_LES_DEMANDES = re.compile(r'(FROM|JOIN) "demandes_demande"(?=[ )]|$)')
# The agent's département, or rows already chosen (a page's ids, one demande's).
BORNEE = re.compile(r'"departement_id" (IN \(|= )|"(demande_id|id)" (IN \(|= )')


def lectures_des_demandes(client, url):
    with CaptureQueriesContext(connection) as capture:
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        if reponse.streaming:
            b"".join(reponse.streaming_content)
    return [q["sql"] for q in capture.captured_queries if LIT_LES_DEMANDES.search(q["sql"])]


@pytest.mark.parametrize("url", PAGES)
def test_chaque_lecture_des_demandes_garde_le_departement_de_l_agent(client, comptes, jeu, url):  # noqa: F811
    client.force_login(comptes["agent@ddt.demo"])

    lectures = lectures_des_demandes(client, url)

    assert lectures, "la page lit des demandes"
    sans_borne = [sql for sql in lectures if not BORNEE.search(sql)]
    assert sans_borne == []


def test_le_superutilisateur_lit_tout_le_pays_et_le_test_le_voit(client, comptes, jeu):  # noqa: F811
    """The check above would see a query over every département: the superuser's, who acts
    everywhere, has one."""
    client.force_login(comptes["admin@guichet.demo"])

    lectures = lectures_des_demandes(client, "/tableau-de-bord/")

    assert [sql for sql in lectures if not BORNEE.search(sql)]

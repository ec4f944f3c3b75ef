"""The operators moved from the operateurs app to the territory's reference data (issue #18):
a database migrated before the move keeps its operators, their members and the permissions
given on them, under the new app's names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

AVANT = [
    ("operateurs", "0011_index_de_la_boite"),
    ("comptes", "0006_equipe_locale_du_rattachement"),
]


def _migrer(cibles):
    executeur = MigrationExecutor(connection)
    executeur.loader.build_graph()
    executeur.migrate(cibles)
    return executeur.loader.project_state(cibles).apps


def _feuilles():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _tables():
    return {t for t in connection.introspection.table_names() if "operateur" in t}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_une_base_d_avant_le_deplacement_garde_ses_operateurs_et_leurs_permissions():
    try:
        _verifier_le_deplacement()
    except BaseException:
        # Stopped before the end: the database goes back to the latest state for the next tests.
        _migrer(_feuilles())
        raise


def _verifier_le_deplacement():
    from guichet.comptes.models import User

    membre = User.objects.create_user("membre@cerema.test")
    apps = _migrer(AVANT)
    assert {"operateurs_operateur", "operateurs_equipeoperateur"} <= _tables()
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Operateur = apps.get_model("operateurs", "Operateur")
    Rattachement = apps.get_model("comptes", "Rattachement")
    type_de_contenu, _ = ContentType.objects.get_or_create(
        app_label="operateurs", model="operateur"
    )
    modifier, _ = Permission.objects.get_or_create(
        content_type=type_de_contenu,
        codename="change_operateur",
        defaults={"name": "Can change opérateur"},
    )
    groupe = Group.objects.create(name="Gestion des opérateurs (avant le déplacement)")
    groupe.permissions.add(modifier)
    cerema = Operateur.objects.get(slug="cerema")
    Rattachement.objects.create(user_id=membre.pk, operateur=cerema)

    apps = _migrer(_feuilles())

    assert "territoire_operateur" in _tables()
    assert "operateurs_operateur" not in _tables()
    Operateur = apps.get_model("territoire", "Operateur")
    Rattachement = apps.get_model("comptes", "Rattachement")
    assert Rattachement.objects.get(user__email="membre@cerema.test").operateur.slug == "cerema"
    assert Operateur.objects.filter(slug="cerema").get().pk == cerema.pk
    Group = apps.get_model("auth", "Group")
    permission = Group.objects.get(name=groupe.name).permissions.get()
    assert (permission.content_type.app_label, permission.codename) == (
        "territoire",
        "change_operateur",
    )
    assert permission.content_type_id == type_de_contenu.pk

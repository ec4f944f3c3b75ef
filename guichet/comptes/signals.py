from guichet.comptes.services import synchroniser_groupes_des_roles


def apres_migration(sender, **kwargs):
    synchroniser_groupes_des_roles()

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def demander_les_points_d_etape():
    """Each morning: « Où en êtes-vous ? » to the collectivités whose period has ended."""
    return services.demander_les_points_d_etape()

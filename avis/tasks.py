from celery import shared_task

from . import relances


@shared_task(ignore_result=True)
def relancer_les_experts():
    """Each morning: remind the experts whose avis is past its deadline, once per deadline."""
    return relances.relancer_les_experts()

"""What belongs to the dashboard alone: an agent's saved views."""

from django.conf import settings
from django.db import models


class VueEnregistree(models.Model):
    """An agent's filtered dashboard view, saved under a name (its query string)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vues_enregistrees"
    )
    nom = models.CharField("nom de la vue", max_length=80)
    parametres = models.CharField("filtres", max_length=2000)
    date_creation = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vue enregistrée"
        verbose_name_plural = "vues enregistrées"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["user", "nom"], name="vue_unique_par_agent")]

    def __str__(self):
        return self.nom

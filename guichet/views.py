from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from guichet.navigation import entrees_pour
from guichet.sante import etat_de_sante, voit_le_detail
from guichet.territoire.models import Thematique
from operateurs.models import Operateur


@require_GET
def accueil(request):
    contexte = {
        "thematiques": Thematique.objects.filter(active=True).only("nom"),
        "operateurs": Operateur.objects.filter(actif=True).only("sigle", "nom"),
        "actions": [e for e in entrees_pour(request.user, "") if e["url"] != "/"],
    }
    return render(request, "accueil.html", contexte)


@never_cache
@require_GET
def sante(request):
    ok, detail = etat_de_sante()
    corps = detail if voit_le_detail(request) else {"statut": "ok" if ok else "indisponible"}
    return JsonResponse(corps, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})

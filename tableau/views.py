"""The State staff's triage dashboard: tabs, filters, search, sort, figures, bulk actions,
saved views and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from demandes import equipe
from demandes import services as services_demandes
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus
from guichet.pagination import PaginateurCompte

from . import cartographie, exports, filtres, selectors, services
from .forms import COLONNES_OPTIONNELLES, ActionGroupeeForm, ColonnesForm, VueEnregistreeForm

PAR_PAGE = 50
# The table's columns in their order: (key, header, sorts), a sort being (link, key of
# ``filtres.TRIS``). The optional ones (``forms.COLONNES_OPTIONNELLES``) show when chosen.
COLONNES = [
    ("reference", "Référence", [("Référence", "reference")]),
    ("demande", "Demande", [("Projet", "titre"), ("Collectivité", "collectivite")]),
    ("statut", "Statut", [("Statut", "statut")]),
    ("referent", "Référent", [("Référent", "referent")]),
    ("depot", "Déposée le", [("Déposée le", "depot")]),
    ("attente", "Attente", [("Attente", "attente")]),
    ("thematiques", "Thématiques", []),
    ("operateurs", "Opérateurs", []),
]


def _exiger_etat(user):
    if not est_agent_de_l_etat(user):
        raise PermissionDenied("Le tableau de bord est réservé à la préfecture et à la DDT.")


def _lien(parametres, **remplacements):
    """``?`` and the query string ``parametres`` with some replaced (``None`` removes one)."""
    copie = parametres.copy()
    for cle, valeur in remplacements.items():
        copie.pop(cle, None)
        if valeur is not None:
            copie[cle] = valeur
    return f"?{copie.urlencode()}"


def _sans_filtres(parametres, onglet):
    """The link that clears the filters: the tab, the sort and the columns stay."""
    garde = QueryDict(mutable=True)
    garde["onglet"] = onglet
    for cle in ("tri", "colonnes"):
        garde.setlist(cle, parametres.getlist(cle))
    return f"?{garde.urlencode()}"


def _colonnes(parametres, tri, affichees):
    """The table's headers, the optional columns only when in ``affichees``; each sort is a link
    that sorts by it (then the other way round)."""
    colonnes = []
    for cle, libelle, tris in COLONNES:
        if cle in COLONNES_OPTIONNELLES and cle not in affichees:
            continue
        colonne = {"cle": cle, "libelle": libelle, "tri": "", "liens": []}
        for libelle_lien, cle_tri in tris:
            actif = tri.lstrip("-") == cle_tri
            descendant = actif and tri.startswith("-")
            if actif:
                colonne["tri"] = "descending" if descendant else "ascending"
            colonne["liens"].append(
                {
                    "libelle": libelle_lien,
                    "url": _lien(
                        parametres,
                        tri=("" if descendant or not actif else "-") + cle_tri,
                        page=None,
                    ),
                    "actif": actif,
                    "descendant": descendant,
                }
            )
        colonnes.append(colonne)
    return colonnes


def _liens(parametres, cle):
    """``lien(valeur)``: the link to the first page with ``cle=valeur``, the rest of the query
    string encoded once for the hundred links of the chart and the map (as ``_lien`` would,
    ``cle`` last)."""
    reste = _lien(parametres, **{cle: None}, page=None)
    debut = f"{reste}&" if reste != "?" else reste
    return lambda valeur: debut + urlencode({cle: valeur})


def _repartition(parametres, thematiques, communes):
    """The chart by theme and the map by commune of the filtered demandes, with filter links."""
    comptes = {insee: nombre for insee, (_, _, nombre) in communes.items()}
    noms = {insee: nom for insee, (nom, _, _) in communes.items()}
    lien_commune = _liens(parametres, "commune")
    liens_communes = {insee: lien_commune(pk) for insee, (_, pk, _) in communes.items()}
    # The map shows the communes whose boundaries the project ships (the Territoire de
    # Belfort's): elsewhere, the table alone.
    cartographiees = set(cartographie.communes_svg()[0]) <= set(communes)
    return {
        "graphique": cartographie.graphique_thematiques(
            thematiques, url=_liens(parametres, "thematique")
        ),
        "carte": cartographie.carte_svg(comptes, noms=noms, url=liens_communes.__getitem__)
        if cartographiees
        else "",
        "legende": cartographie.legende() if cartographiees else "",
        "communes_alternatif": [
            (nom, liens_communes[insee], nombre)
            for nom, insee, nombre in cartographie.tableau_alternatif(comptes, noms)
        ],
    }


@login_required
@require_GET
def tableau_de_bord(request):
    _exiger_etat(request.user)
    user, parametres = request.user, request.GET
    visibles = selectors.demandes_du_tableau(user)
    filtre = filtres.DemandeFilter(parametres, queryset=visibles, user=user)
    filtrees = filtre.qs
    onglet = filtres.onglet_demande(parametres.get("onglet"))
    liste, tri = filtres.trier(
        filtres.filtrer_onglet(filtrees, onglet, user), parametres.get("tri", "")
    )
    form_colonnes = ColonnesForm(parametres)
    affichees = form_colonnes.affichees()
    config = selectors.configuration(user)
    generaux = selectors.chiffres_generaux(visibles, config, user)
    statuts = filtres.ONGLETS[onglet][1]
    filtre_actif = any(valeur for nom in filtre.filters for valeur in parametres.getlist(nom))
    # Under a filter, the figures of what it keeps are counted at each display; so are the chart
    # and the map of the tab (and of « Suivies », the person's own). Otherwise the tab's
    # statuses pick them from the cached figures of every demande.
    figures = selectors.figures(filtrees, config) if filtre_actif else generaux["figures"]
    if filtre_actif or statuts is None:
        repartition, statuts = selectors.repartition(liste, user), None
    else:
        repartition = generaux["repartition"]
    comptes = selectors.comptes_des_onglets(filtrees, figures, user)
    if not filtre_actif:
        # The tab shown is counted now, on an index, not from the cached figures: the
        # paginator's total.
        comptes[onglet] = selectors.nombre_dans_l_onglet(filtrees, onglet, user)
    page = PaginateurCompte(
        selectors.liste(liste, user, affichees), PAR_PAGE, total=comptes[onglet]
    ).get_page(parametres.get("page"))
    page.object_list = selectors.decorer(page.object_list, config)
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    onglets = [
        {
            "cle": cle,
            "libelle": libelle,
            "nombre": comptes[cle],
            "url": _lien(parametres, onglet=cle, page=None),
            "actif": cle == onglet,
        }
        for cle, (libelle, _) in filtres.ONGLETS.items()
    ]
    contexte = {
        "filtre": filtre,
        "onglet": onglet,
        "libelle_onglet": filtres.ONGLETS[onglet][0],
        "tri_courant": tri if parametres.get("tri") else "",
        "lien_effacer": _sans_filtres(parametres, onglet),
        "onglets": onglets,
        "page": page,
        "form_colonnes": form_colonnes,
        "colonnes": _colonnes(parametres, tri, affichees),
        "colonnes_affichees": affichees,
        "form_action": ActionGroupeeForm(user=user),
        "filtre_actif": filtre_actif,
        "repartition": _repartition(
            parametres,
            selectors.par_thematique(repartition, statuts),
            selectors.par_commune(repartition, statuts),
        ),
        "parametres_export": _lien(parametres, page=None),
        "form_vue": VueEnregistreeForm(
            initial={"parametres": services.nettoyer_parametres(parametres.urlencode())}
        ),
    }
    if request.htmx:
        return render(request, "tableau/_partials/resultats.html", contexte)
    contexte["chiffres"] = selectors.chiffres_cles(generaux["figures"], generaux["medianes"])
    contexte["vues"] = selectors.vues_de(user)
    return render(request, "tableau/tableau_de_bord.html", contexte)


@login_required
@require_POST
def actions_groupees(request):
    """Each selected demande succeeds or fails on its own; the agent sees which."""
    _exiger_etat(request.user)
    form = ActionGroupeeForm(request.POST, user=request.user)
    # Back to the page the agent acted from: a path of this site, nothing else.
    retour = request.POST.get("retour", "")
    if not (
        retour.startswith("/")
        and url_has_allowed_host_and_scheme(retour, allowed_hosts={request.get_host()})
    ):
        retour = "/tableau-de-bord/"
    if not form.is_valid():
        for erreurs in form.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
        return redirect(retour)
    action, demandes = form.cleaned_data["action"], list(form.cleaned_data["demandes"])
    references = ", ".join(d.reference for d in demandes)
    if action in ("suivre", "ne_plus_suivre"):
        equipe.suivre(user=request.user, demandes=demandes, suivie=action == "suivre")
        messages.success(
            request,
            ("Vous suivez : " if action == "suivre" else "Vous ne suivez plus : ") + references,
        )
        return redirect(retour)
    if action in ("etiqueter", "retirer_etiquette"):
        etiquette = form.cleaned_data["etiquette"]
        try:
            equipe.etiqueter(demandes=demandes, etiquette=etiquette, retirer=action != "etiqueter")
        except ValidationError as refus:
            appliquer_refus(request, refus)
            return redirect(retour)
        messages.success(
            request,
            f"Étiquette « {etiquette} » "
            + ("posée sur : " if action == "etiqueter" else "retirée de : ")
            + references,
        )
        return redirect(retour)
    referent = form.cleaned_data.get("referent") or request.user
    reussies, echecs = [], []
    for demande in demandes:
        try:
            services_demandes.assigner(
                demande=demande, par=request.user, version=None, referent=referent
            )
        except ValidationError as refus:
            echecs.append(f"{demande.reference} : {' '.join(refus.messages)}")
        else:
            reussies.append(demande.reference)
    if reussies:
        messages.success(request, f"Confiées à {referent} : {', '.join(reussies)}.")
    for echec in echecs:
        messages.error(request, echec)
    return redirect(retour)


@login_required
@require_GET
def export(request, format):
    _exiger_etat(request.user)
    user = request.user
    filtrees = filtres.DemandeFilter(
        request.GET, queryset=selectors.demandes_du_tableau(user), user=user
    ).qs
    onglet = request.GET.get("onglet")
    if onglet in filtres.ONGLETS:
        filtrees = filtres.filtrer_onglet(filtrees, onglet, user)
    liste, _ = filtres.trier(filtrees, request.GET.get("tri", ""))
    nom = "demandes-guichet-unique"
    if format == "csv":
        return exports.reponse_csv(liste, nom)
    return exports.reponse_xlsx(liste, nom)


@login_required
@require_POST
def enregistrer_vue(request):
    _exiger_etat(request.user)
    form = VueEnregistreeForm(request.POST)
    if form.is_valid():
        try:
            vue = services.enregistrer_vue(
                user=request.user,
                nom=form.cleaned_data["nom"],
                query_string=form.cleaned_data["parametres"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, f"Vue « {vue.nom} » enregistrée.")
    for champ, erreurs in form.errors.items():
        prefixe = f"{form.fields[champ].label} : " if champ in form.fields else ""
        for erreur in erreurs:
            messages.error(request, prefixe + erreur)
    return redirect(
        "/tableau-de-bord/?" + services.nettoyer_parametres(request.POST.get("parametres", ""))
    )


@login_required
@require_POST
def supprimer_vue(request, pk):
    _exiger_etat(request.user)
    if not services.supprimer_vue(user=request.user, pk=pk):
        raise Http404
    messages.success(request, "Vue supprimée.")
    return redirect("tableau:index")

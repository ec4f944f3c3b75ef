"""The State staff's triage dashboard: tabs, filters, search, sort, figures, bulk, exports."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_POST

from guichet.comptes.roles import ROLES_ETAT

from .. import cartographie, compteurs, equipe, exports, filtres, services, tableau, workflow
from ..forms import ActionGroupeeForm

PAR_PAGE = 50
COLONNES = [
    ("Référence", "reference"),
    ("Collectivité", "collectivite"),
    ("Projet", "titre"),
    ("Statut", "statut"),
    ("Référent", "referent"),
    ("Déposée le", "depot"),
    ("Attente", "attente"),
]


def _exiger_etat(user):
    if not (user.is_superuser or user.a_le_role(*ROLES_ETAT)):
        raise PermissionDenied("Le tableau de bord est réservé à la préfecture et à la DDT.")


def _parametres(request, **remplacements):
    """The current query string with some parameters replaced (``None`` removes one)."""
    parametres = request.GET.copy()
    for cle, valeur in remplacements.items():
        parametres.pop(cle, None)
        if valeur is not None:
            parametres[cle] = valeur
    return parametres.urlencode()


def _demandes_filtrees(request):
    """``(filtre, demandes)``: the filters' FilterSet, built only when a filter is given (its
    form alone costs as much as the rest of the page), and the demandes they keep."""
    base = tableau.base(request.user)
    if not _valeurs_des_filtres(request):
        return None, base
    filtre = filtres.DemandeFilter(request.GET, queryset=base, user=request.user)
    return filtre, (filtre.qs if filtre.is_valid() else base)


def _valeurs_des_filtres(request):
    return sorted(
        (cle, valeur)
        for cle, valeurs in request.GET.lists()
        if cle in filtres.DemandeFilter.base_filters
        for valeur in valeurs
    )


def _cle_des_filtres(request):
    """What the cached figures depend on: the filters' values (not the tab, sort or page)."""
    parties = _valeurs_des_filtres(request)
    if request.GET.get("mes_demandes"):
        parties.append(("referent", request.user.pk))
    return tuple(parties)


def _repartition(request, lecture, par_collectivite, par_thematique):
    """The chart by theme and the map by commune of the filtered demandes, with filter links:
    ``(parties, rendu)`` for ``_fragments``, under what it shows (the counts, the links)."""
    # A link per commune and per theme: the rest of the query string is encoded once.
    sans_commune = _parametres(request, commune=None, page=None)
    sans_thematique = _parametres(request, thematique=None, page=None)

    def rendu():
        communes = lecture.memoriser("communes", (), tableau.communes)
        noms = {insee: nom for insee, (nom, _) in communes.items()}
        par_commune = tableau.par_commune(par_collectivite, communes)

        def lien_commune(insee):
            return f"?{sans_commune}{'&' if sans_commune else ''}commune={communes[insee][1]}"

        return render_to_string(
            "demandes/_repartition.html",
            {
                "graphique": cartographie.graphique_thematiques(
                    par_thematique,
                    url=lambda pk: (
                        f"?{sans_thematique}{'&' if sans_thematique else ''}thematique={pk}"
                    ),
                ),
                "carte": cartographie.carte_svg(par_commune, noms=noms, url=lien_commune),
                "legende": cartographie.legende(),
                "communes_alternatif": [
                    (nom, lien_commune(insee), nombre)
                    for nom, insee, nombre in cartographie.tableau_alternatif(par_commune, noms)
                ],
            },
        )

    parties = (sorted(par_collectivite.items()), par_thematique, sans_commune, sans_thematique)
    return parties, rendu


def _actions_groupees(request):
    """The bulk actions' fields: the same for every agent, until an agent or a label changes."""

    def rendu():
        return render_to_string(
            "demandes/_partials/actions_groupees.html",
            {"form_action": ActionGroupeeForm(user=request.user)},
        )

    return (), rendu


def _formulaire_des_filtres(request, filtre, onglet):
    """The filters' form: the same for every agent given the same values, so rendered once per
    change of the lists it offers (themes, communes, agents…) and values chosen."""

    def rendu():
        formulaire = filtre or filtres.DemandeFilter(
            None, queryset=tableau.base(request.user), user=request.user
        )
        return render_to_string(
            "demandes/_partials/filtres.html", {"filtre": formulaire, "onglet": onglet}
        )

    return (onglet, *_valeurs_des_filtres(request)), rendu


def _bandeaux(chiffres, onglets, colonnes):
    """The key figures, the tabs and the table's header: ``{nom: (parties, rendu)}`` for
    ``_fragments``, each under all it shows."""

    def fragment(gabarit, **contexte):
        return (repr(contexte),), partial(
            render_to_string, f"demandes/_partials/{gabarit}", contexte
        )

    return {
        "bandeau_chiffres": fragment("chiffres.html", chiffres=chiffres),
        "bandeau_onglets": fragment("onglets.html", onglets=onglets),
        "entete_colonnes": fragment("entete_colonnes.html", colonnes=colonnes),
    }


def _fragments(request, lecture, filtre, onglet, synthese, thematiques, rangees, autres):
    """The page's parts cached as HTML (see compteurs.Lecture.fragments), the table's rows
    (``lignes``) and ``autres`` among them, read at once."""
    rendus = {
        "filtres": _formulaire_des_filtres(request, filtre, onglet),
        "actions": _actions_groupees(request),
        "repartition": _repartition(request, lecture, synthese["par_collectivite"], thematiques),
        **autres,
    }
    directs = {}
    if filtre is not None and filtre.form.errors:  # shown with their messages, never cached
        directs["filtres"] = rendus.pop("filtres")[1]()
    cle_lignes, rendu_lignes = _lignes(rangees)
    lus = {**lecture.fragments(rendus, {cle_lignes: rendu_lignes}), **directs}
    # Rendered by templates, escaped there.
    return {
        **{nom: mark_safe(lus[nom]) for nom in (*rendus, *directs)},  # noqa: S308
        "lignes": mark_safe(lus[cle_lignes]),  # noqa: S308
    }


LIGNE = "demandes/_partials/ligne_tableau.html"


def _contexte_ligne(ligne):
    """Everything one row shows, as plain values: the row's template context and cache key."""
    return {
        "pk": ligne.pk,
        "reference": ligne.reference,
        "suivie": ligne.suivie,
        "collectivite": ligne.collectivite__nom,
        "epci": ligne.collectivite__epci__nom or "",
        "titre": ligne.titre,
        "prioritaire": bool(ligne.prioritaire),
        "nouveautes": tuple(ligne.nouveautes),
        "etiquettes": tuple(ligne.etiquettes_de_ligne),
        "couleur": ligne.couleur,
        "statut": ligne.libelle_statut,
        "referent": ligne.referent,
        "depot": localtime(ligne.date_depot).strftime("%d/%m/%Y") if ligne.date_depot else "",
        "jours_attente": ligne.jours_attente,
        "en_retard": ligne.en_retard,
        "thematiques": ligne.thematiques_de_ligne,
        "operateurs": ligne.operateurs_de_ligne,
    }


def _lignes(demandes):
    """``(cle, rendu)`` of the table's rows as one HTML, cached under a key made of all they
    show. When it is missing (a row changed, another page), each row is read under a key made
    of its own content (the same row seen by every agent, page after page), rendered only if
    it changed."""
    gabarit = get_template(LIGNE)
    contextes = [_contexte_ligne(demande) for demande in demandes]

    def rendu():
        rendus = {
            compteurs.cle("ligne", repr(contexte)): partial(gabarit.render, contexte)
            for contexte in contextes
        }
        lignes = compteurs.lire_ou_rendre(
            rendus, compteurs.DUREE_FRAGMENTS, "lignes du tableau de bord"
        )
        return "".join(lignes[cle] for cle in rendus)

    return compteurs.cle("lignes", repr(contextes)), rendu


@login_required
@require_GET
def tableau_de_bord(request):
    _exiger_etat(request.user)
    filtre, filtrees = _demandes_filtrees(request)
    onglet = request.GET.get("onglet")
    onglet = onglet if onglet in filtres.ONGLETS else filtres.ONGLET_PAR_DEFAUT
    # The figures over the whole table come from the cache (see demandes/compteurs.py): every
    # one of them read at once with the generations.
    cle = _cle_des_filtres(request)
    lecture = compteurs.Lecture(
        a_lire={
            **tableau.FIGURES_GENERALES,
            "suivies": (*cle, request.user.pk),
            **({"synthese": cle, "thematiques": cle} if cle else {}),
        }
    )
    config = tableau.configuration(lecture)
    generales = tableau.figures_generales(lecture, config)
    synthese, thematiques = generales["synthese"], generales["thematiques"]
    if cle:
        synthese = lecture.memoriser(
            "synthese",
            cle,
            lambda: tableau.synthese(filtrees, config),
            version=tableau.delais(config),
        )
        thematiques = lecture.memoriser(
            "thematiques", cle, lambda: tableau.par_thematique(filtrees)
        )
    comptes = tableau.comptes_des_onglets(synthese["par_statut"])
    comptes["suivies"] = lecture.memoriser(
        "suivies", (*cle, request.user.pk), lambda: tableau.compte_suivies(filtrees, request.user)
    )
    chiffres = tableau.chiffres_cles(generales["synthese"], generales["medianes"])
    liste, tri = filtres.trier(
        filtres.filtrer_onglet(filtrees, onglet, request.user), request.GET.get("tri", "")
    )
    paginator = Paginator(liste, PAR_PAGE)
    if lecture.perimee:
        # Figures from before the last change: the tab's own count, exact, for its pages.
        comptes[onglet] = paginator.count = liste.order_by().count()
    else:
        paginator.count = comptes[onglet]  # already counted: no second COUNT over the tab
    page = paginator.get_page(request.GET.get("page"))
    debut = (page.number - 1) * PAR_PAGE

    def construire():
        return tableau.liste(liste, request.user)[debut : debut + PAR_PAGE]

    if filtre is None or filtre.is_valid():
        # The SQL is fixed by the person, tab, sort, page and valid filters: compiled once (a
        # filter's value that no longer exists, a theme removed, is invalid and never kept).
        cle_page = (request.user.pk, onglet, tri, page.number, *_valeurs_des_filtres(request))
        rangees = tableau.lignes_de_page(cle_page, construire)
    else:
        rangees = construire()
    page.object_list = tableau.decorer(rangees, config)
    colonnes = []
    for libelle, cle in COLONNES:
        actif = tri.lstrip("-") == cle
        descendant = actif and tri.startswith("-")
        colonnes.append(
            {
                "libelle": libelle,
                "url": "?"
                + _parametres(
                    request, tri=("" if descendant or not actif else "-") + cle, page=None
                ),
                "tri": ("descending" if descendant else "ascending") if actif else "",
            }
        )
    onglets = [
        {
            "cle": cle,
            "libelle": libelle,
            "nombre": comptes[cle],
            "url": "?" + _parametres(request, onglet=cle, page=None),
            "actif": cle == onglet,
        }
        for cle, (libelle, _) in filtres.ONGLETS.items()
    ]
    fragments = _fragments(
        request,
        lecture,
        filtre,
        onglet,
        synthese,
        thematiques,
        page.object_list,
        _bandeaux(chiffres, onglets, colonnes),
    )
    return render(
        request,
        "demandes/_partials/tableau_resultats.html"
        if request.htmx
        else "demandes/tableau_de_bord.html",
        {
            **fragments,
            "page": page,
            "colonnes": colonnes,
            "onglets": onglets,
            "onglet": onglet,
            "libelle_onglet": filtres.ONGLETS[onglet][0],
            "chiffres": chiffres,
            "parametres_pagination": _parametres(request, page=None),
            "parametres_export": _parametres(request, page=None),
            "vues": tableau.vues_de(request.user),
            "parametres_vue": equipe.nettoyer_parametres(request.GET.urlencode()),
            "config": config,
        },
    )


@login_required
@require_POST
def actions_groupees(request):
    """Each selected demande succeeds or fails on its own; the agent sees which."""
    _exiger_etat(request.user)
    form = ActionGroupeeForm(request.POST, user=request.user)
    retour = request.POST.get("retour", "")
    if not url_has_allowed_host_and_scheme(retour, allowed_hosts={request.get_host()}):
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
        equipe.etiqueter(demandes=demandes, etiquette=etiquette, retirer=action != "etiqueter")
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
            services.assigner(demande=demande, par=request.user, version=None, referent=referent)
        except (
            workflow.TransitionInterdite,
            workflow.ActionNonAutorisee,
            services.DemandeIncomplete,
            services.ModifieeEntreTemps,
        ) as erreur:
            echecs.append(f"{demande.reference} : {erreur}")
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
    _, filtrees = _demandes_filtrees(request)
    onglet = request.GET.get("onglet")
    if onglet in filtres.ONGLETS:
        filtrees = filtres.filtrer_onglet(filtrees, onglet, request.user)
    liste, _ = filtres.trier(filtrees, request.GET.get("tri", ""))
    nom = "demandes-guichet-unique"
    if format == "csv":
        return exports.reponse_csv(liste, nom)
    return exports.reponse_xlsx(liste, nom)


@login_required
@require_POST
def enregistrer_vue(request):
    _exiger_etat(request.user)
    nom = request.POST.get("nom", "").strip()[:80]
    parametres = request.POST.get("parametres", "")
    if not nom:
        messages.error(request, "Donnez un nom à la vue pour l'enregistrer.")
    else:
        equipe.enregistrer_vue(user=request.user, nom=nom, query_string=parametres)
        messages.success(request, f"Vue « {nom} » enregistrée.")
    return redirect("/tableau-de-bord/?" + equipe.nettoyer_parametres(parametres))


@login_required
@require_POST
def supprimer_vue(request, pk):
    _exiger_etat(request.user)
    if not equipe.supprimer_vue(user=request.user, pk=pk):
        raise Http404
    messages.success(request, "Vue supprimée.")
    return redirect("tableau:index")

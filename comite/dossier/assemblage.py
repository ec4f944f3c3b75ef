"""Build the séance's file for one reader: WeasyPrint lays out the agenda, the summary of each
item and the chosen images; pypdf merges the chosen PDF documents after their item, in order,
and adds one bookmark per item.

Memory: WeasyPrint and pypdf hold in memory what they merge (pypdf copies each page it adds).
The documents merged into one file are therefore bounded by ``TAILLE_DES_PIECES_MAX`` (each one
by the upload limit, ``demandes.fichiers.TAILLE_MAX``); past it, the next documents are listed
with a pointer to the demande's page instead of being merged. The documents are opened one at
a time and closed once copied; the finished file is spooled to a temporary file past
``TAILLE_EN_MEMOIRE``.

Formats: a PDF is merged as is; an image (JPEG, PNG, WebP) is drawn by WeasyPrint on a page of
its own; an office document (Word, Excel, OpenDocument…) would need an office suite on the
server to convert: it is listed with a pointer to the demande's page, where members who read
the file download it. A document that cannot be read (damaged, password-protected, missing) is
listed with a message saying so: the file is built all the same.
"""

import io
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from pypdf import PdfReader, PdfWriter, Transformation

from accompagnement.selectors import joindre_les_plans
from avis import regles as regles_des_avis
from avis.models import Avis
from comite import pdf
from comite.models import PointOrdreDuJour

logger = logging.getLogger(__name__)

TAILLE_DES_PIECES_MAX = 60 * 1024 * 1024
TAILLE_EN_MEMOIRE = 10 * 1024 * 1024
GABARIT = "comite/pdf/dossier.html"
GABARIT_DES_NUMEROS = "comite/pdf/dossier_numeros.html"

TYPES_IMAGES = {"image/jpeg", "image/png", "image/webp"}
FUSIONNEE, IMAGE, RENVOI, ILLISIBLE, TROP_VOLUMINEUSE = (
    "fusionnee",
    "image",
    "renvoi",
    "illisible",
    "trop_volumineuse",
)


@dataclass
class Document:
    """A chosen document as the file shows it: merged, drawn, or listed with ``message``."""

    piece: object
    nature: str
    message: str = ""

    @property
    def ancre(self):
        return f"piece-{self.piece.pk}"

    @property
    def uri(self):
        return Path(self.piece.fichier.path).as_uri()

    @property
    def dessinee(self):
        return self.nature == IMAGE

    @property
    def dans_le_dossier(self):
        return self.nature in (FUSIONNEE, IMAGE)


@dataclass
class Partie:
    """One item of the agenda and its documents, in the file's order."""

    point: object
    numero: int
    lien: str = ""
    documents: list = field(default_factory=list)

    @property
    def ancre(self):
        return f"point-{self.point.pk}"


def fabriquer(seance, user, *, lien_de_la_demande):
    """The file of ``seance`` (from ``selectors.seance_pour_detail``: the items ``user`` may
    see) as a file object at position 0. ``lien_de_la_demande(demande)`` gives the absolute
    address printed next to a document listed rather than merged."""
    parties = _parties(seance, user)
    for partie in parties:
        if partie.documents:
            partie.lien = lien_de_la_demande(partie.point.demande)
    document = pdf.mettre_en_pages(
        GABARIT, {"seance": seance, "parties": parties, "genere_le": timezone.now()}
    )
    debuts = _debuts(document)
    texte = PdfReader(io.BytesIO(document.write_pdf()))
    fin_du_texte = len(texte.pages)

    ecrivain = PdfWriter()
    ecrivain.add_metadata(
        {"/Title": f"Dossier de la séance du {timezone.localtime(seance.date):%d/%m/%Y}"}
    )

    def copier_le_texte(ancre, suivante):
        for numero in range(debuts[ancre], debuts.get(suivante, fin_du_texte)):
            ecrivain.add_page(texte.pages[numero])

    ancres = ["couverture"] + [a for p in parties for a in _ancres_html(p)]
    suivantes = dict(zip(ancres, [*ancres[1:], None], strict=True))
    copier_le_texte("couverture", suivantes["couverture"])
    for partie in parties:
        debut = len(ecrivain.pages)
        copier_le_texte(partie.ancre, suivantes[partie.ancre])
        # A bookmark points at a page already added: pypdf keeps a bare number otherwise.
        signet = ecrivain.add_outline_item(
            title=f"{partie.numero}. {partie.point.titre}", page_number=debut
        )
        for doc in partie.documents:
            debut = len(ecrivain.pages)
            if doc.nature == IMAGE:
                copier_le_texte(doc.ancre, suivantes[doc.ancre])
            elif doc.nature == FUSIONNEE:
                _fusionner(ecrivain, doc)
            if len(ecrivain.pages) > debut:
                ecrivain.add_outline_item(title=doc.piece.nom, page_number=debut, parent=signet)
    _numeroter(ecrivain)
    sortie = tempfile.SpooledTemporaryFile(max_size=TAILLE_EN_MEMOIRE)  # noqa: SIM115
    ecrivain.write(sortie)
    sortie.seek(0)
    return sortie


def _parties(seance, user):
    """The items ``user`` reads, with their avis (``regles``), action plan and documents."""
    points = seance.liste_des_points
    joindre_les_plans(points)
    _joindre_les_avis(points, user)
    visibles = [p for p in points if p.dossier_visible and p.demande_id]
    lien = PointOrdreDuJour.pieces_du_dossier.through
    choisies = (
        lien.objects.filter(pointordredujour__in=visibles)
        .exclude(piecejointe__message__interne=True)
        .select_related("piecejointe")
        .order_by("piecejointe__date_depot", "piecejointe__pk")
    )
    par_point = {}
    for ligne in choisies:
        par_point.setdefault(ligne.pointordredujour_id, []).append(ligne.piecejointe)
    reste = TAILLE_DES_PIECES_MAX
    parties = []
    for numero, point in enumerate(points, start=1):
        partie = Partie(point=point, numero=numero)
        for piece in par_point.get(point.pk, ()):
            document = _examiner(piece, reste)
            if document.dans_le_dossier:
                reste -= piece.taille
            partie.documents.append(document)
        parties.append(partie)
    return parties


def _joindre_les_avis(points, user):
    demandes = {point.demande_id for point in points if point.demande_id}
    recus = list(
        Avis.objects.filter(
            demande__in=demandes, date_reponse__isnull=False, date_revocation=None
        ).order_by("date_reponse", "pk")
    )
    for point in points:
        point.avis_a_montrer = [
            avis
            for avis in recus
            if avis.demande_id == point.demande_id
            and regles_des_avis.montre_dans_le_dossier(user, avis, point)
        ]


def _examiner(piece, reste):
    """What the file does with ``piece``, given ``reste`` bytes left to merge."""
    est_pdf = piece.type_mime == "application/pdf"
    if not est_pdf and piece.type_mime not in TYPES_IMAGES:
        return Document(piece, RENVOI, "format non converti : à consulter sur la demande")
    if piece.taille > reste:
        return Document(
            piece,
            TROP_VOLUMINEUSE,
            f"non jointe : le dossier atteint sa taille maximale "
            f"({filesizeformat(TAILLE_DES_PIECES_MAX)} de documents) ; à consulter sur la "
            "demande",
        )
    try:
        with piece.fichier.open("rb") as contenu:
            if est_pdf:
                _lire_le_pdf(contenu)
            else:
                _lire_l_image(contenu)
    except FileNotFoundError:
        return _illisible(piece, "le fichier est introuvable sur le serveur")
    except _Protege:
        return _illisible(piece, "le document est protégé par un mot de passe")
    # Whatever a damaged or hostile file makes a parser raise: the file is built without it.
    except Exception:
        logger.warning("Pièce %s illisible pour le dossier de séance", piece.pk, exc_info=True)
        return _illisible(piece, "le fichier est endommagé")
    return Document(piece, FUSIONNEE if est_pdf else IMAGE)


def _illisible(piece, raison):
    return Document(
        piece, ILLISIBLE, f"n'a pas pu être lue ({raison}) : à consulter sur la demande"
    )


class _Protege(Exception):
    pass


def _ouvrir(contenu):
    lecteur = PdfReader(contenu)
    if lecteur.is_encrypted and not lecteur.decrypt(""):
        raise _Protege
    return lecteur


def _lire_le_pdf(contenu):
    """Read every page's content now, so that a damaged document is caught before the layout
    mentions it as merged."""
    for page in _ouvrir(contenu).pages:
        page.get_contents()


def _lire_l_image(contenu):
    from PIL import Image

    with Image.open(contenu) as image:
        image.verify()


def _fusionner(ecrivain, document):
    """Copy the pages of ``document`` (read once already); on a late failure, take its pages
    back out so that the file holds no half document."""
    debut = len(ecrivain.pages)
    try:
        with document.piece.fichier.open("rb") as contenu:
            for page in _ouvrir(contenu).pages:
                ecrivain.add_page(page)
    except Exception:  # as in _examiner: a document's own fault, never the whole file's
        logger.exception("Pièce %s non fusionnée dans le dossier de séance", document.piece.pk)
        while len(ecrivain.pages) > debut:
            del ecrivain.pages[-1]


def _numeroter(ecrivain):
    """« n / total » at the bottom right of every page, merged documents included: WeasyPrint
    lays out as many numbered pages, each laid over its page's bottom right corner."""
    total = len(ecrivain.pages)
    numeros = pdf.mettre_en_pages(GABARIT_DES_NUMEROS, {"pages": range(total)}).write_pdf()
    for page, numero in zip(ecrivain.pages, PdfReader(io.BytesIO(numeros)).pages, strict=True):
        boite = page.mediabox
        decalage = Transformation().translate(boite.right - numero.mediabox.right, boite.bottom)
        page.merge_transformed_page(numero, decalage)


def _ancres_html(partie):
    yield partie.ancre
    for document in partie.documents:
        if document.dessinee:
            yield document.ancre


def _debuts(document):
    """The page each ``id`` of the layout starts on (every part opens a new page)."""
    debuts = {}
    for numero, page in enumerate(document.pages):
        for ancre in page.anchors:
            debuts.setdefault(ancre, numero)
    return debuts

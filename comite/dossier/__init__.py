"""The séance's file (« dossier de séance »): one PDF with the agenda, a summary of each
demande on it, the avis its reader may read, and the documents the secretariat chose per item.

``services`` holds the secretariat's choice, ``assemblage`` builds the PDF for one reader,
``views`` the two pages. Who reads what follows the printed agenda's rules
(``comite/selectors.py``, ``avis/regles.py``).
"""

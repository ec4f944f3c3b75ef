"""Installing Django REST framework changes none of the portal's French messages, and the
API's own messages are French too."""

from django.utils import translation


def test_les_formulaires_gardent_le_francais_de_django_et_l_api_parle_francais():
    with translation.override("fr"):
        assert translation.gettext("Enter a valid email address.") == (
            "Saisissez une adresse de courriel valide."
        )
        assert translation.gettext("Value must be valid JSON.") == (
            "La valeur doit respecter la syntaxe JSON."
        )
        assert translation.gettext("Authentication credentials were not provided.") == (
            "Informations d'authentification non fournies."
        )

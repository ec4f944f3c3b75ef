from tests.demandes.conftest import comptes, pdf  # noqa: F401  (shared fixtures)

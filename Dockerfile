# The official territory of all France for `charger_territoire --departements … / --tout`: the
# pinned npm package (guichet/territoire/npm), installed in a throwaway node stage; only its
# files reach the image.
FROM node:20-bookworm-slim AS territoire
WORKDIR /npm
COPY guichet/territoire/npm/package.json guichet/territoire/npm/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# The portal's image: the same for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 guichet
WORKDIR /app
COPY pyproject.toml README.md ./
COPY guichet ./guichet
COPY demandes ./demandes
COPY operateurs ./operateurs
COPY comite ./comite
COPY tableau ./tableau
COPY accompagnement ./accompagnement
COPY avis ./avis
COPY api ./api
COPY demarches ./demarches
COPY donnees ./donnees
COPY national ./national
COPY demo ./demo
RUN pip install .
COPY . .
COPY --from=territoire /npm/node_modules ./guichet/territoire/npm/node_modules
# collectstatic needs settings that load: a throwaway key, never used to sign anything.
RUN DEBUG=False SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
USER guichet
EXPOSE 8000
# gunicorn bounds the request line and headers, not the body: the portal answers 413 above
# TAILLE_REQUETE_MAX (105 MB, guichet/limites.py) before reading it.
CMD ["gunicorn", "guichet.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--logger-class", "avis.journal_gunicorn.JournalSansJetons"]

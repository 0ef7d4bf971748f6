# zwgk in a container: `docker build -t zwgk .`
#
#   docker run -p 8000:8000 -e ZWGK_BASE=http://localhost:8000 zwgk
#       builds the graph from the catalogues baked into the image on first start, then serves it
#       (embedded store, kept in /var/lib/zwgk: mount a volume there to keep it across restarts)
#   compose.yaml runs it with Virtuoso instead: build -> publish -> serve from Virtuoso.
#
# Settings come from the environment (ZWGK_*), the command line, or a config file (`zwgk --config FILE`;
# ./zwgk.toml in the working directory /app is read when present: mount one there).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# the project's own folders (see pyproject.toml: they install as the package zwgk)
COPY pyproject.toml README.md LICENSE ./
COPY zwgk ./zwgk
COPY mappings ./mappings
COPY ontology ./ontology
COPY shapes ./shapes
COPY server ./server
COPY catalogues ./catalogues
RUN pip install . \
 && useradd --system --no-create-home --home-dir /var/lib/zwgk zwgk \
 && mkdir -p /var/lib/zwgk \
 && chown zwgk:zwgk /var/lib/zwgk

# where builds go (store, dumps); listen on every interface inside the container; the public URI base
# must be set to the address users reach (every IRI minted and shown starts with it)
ENV ZWGK_VAR=/var/lib/zwgk \
    ZWGK_STORE=/var/lib/zwgk/store \
    ZWGK_DUMPS=/var/lib/zwgk/dumps \
    ZWGK_HOST=0.0.0.0 \
    ZWGK_PORT=8000 \
    ZWGK_BASE=http://localhost:8000 \
    ZWGK_ACCESS_LOG=-

USER zwgk
VOLUME ["/var/lib/zwgk"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["zwgk", "serve"]

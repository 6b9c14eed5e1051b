# The safety line's webhooks, served by gunicorn as an unprivileged user.
# Build: docker build -t safety-line .
# Run:   docker compose up -d (compose.yaml: this image behind Caddy, which gets its own certificates),
#        or docker run -p 8000:8000 -e TWILIO_AUTH_TOKEN=... -e IVR_PUBLIC_URL=https://line.example.org safety-line
# See docs/production.md for the checklist from nothing to a live number, and how to roll back.
# Checked by hadolint in tests/test_deploy_files.py; its steps are run there by hand (no Docker engine in CI).
FROM python:3.11-slim-bookworm

# Fonts for Thai and Chinese (and DejaVu for the rest, the card's ☎ included): the wallet cards
# and the demo print every letter of those scripts as an empty box without them, wherever they
# are drawn on this machine (a PDF of the cards, the screenshots). The same packages as the
# README and .ci/run. Not pinned to versions, so a rebuild takes Debian's security updates.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core fonts-thai-tlwg fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    IVR_MENUS=/app/menus \
    IVR_LOCALES=/app/locales \
    IVR_STATE_DIR=/var/lib/safety-line \
    IVR_BIND=0.0.0.0:8000

WORKDIR /app
# Everything not excluded by .dockerignore: the package, menus/, locales/ (when present),
# gunicorn.conf.py. Owned by root, so the line cannot change its own code or menus.
# (.dockerignore keeps .env, and with it the Auth Token, out of the image.)
COPY . /app
RUN pip install /app \
    && groupadd --system --gid 10001 ivr \
    && useradd --system --uid 10001 --gid ivr --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ivr \
    && install -d -o ivr -g ivr -m 0700 /var/lib/safety-line

# The state folder: the last good menus (served if a worker starts on a broken edit) and the
# texting key. Keep it on a volume so it outlives the container; it never names a caller.
VOLUME ["/var/lib/safety-line"]
# By number, so the host and Kubernetes' runAsNonRoot can tell it is not root.
USER 10001:10001
EXPOSE 8000

# /healthz answers 200 once a worker answers: "ok" with the menus' version, or "degraded" (still
# 200: restarting cannot mend broken menus, and the phone still answers the safe words).
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]

# gunicorn.conf.py: gevent workers with header and idle timeouts (ivr/server.py), so slow
# clients never hold a worker; broken menus never stop it starting (ivr/store.py).
CMD ["gunicorn", "--config", "/app/gunicorn.conf.py", "ivr:create_app()"]

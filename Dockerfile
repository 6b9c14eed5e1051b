# The safety line's webhooks, served by gunicorn as an unprivileged user.
# Build: docker build -t safety-line .
# Run:   docker run -p 8000:8000 -e TWILIO_AUTH_TOKEN=... -e IVR_PUBLIC_URL=https://line.example.org safety-line
# See docs/production.md for the settings, the TLS proxy and Twilio's configuration.
FROM python:3.11-slim

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
COPY . /app
RUN pip install /app \
    && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ivr \
    && install -d -o ivr -g ivr -m 0700 /var/lib/safety-line

# The state folder: the last good menus (served if a worker starts on a broken edit) and the
# texting key. Keep it on a volume so it outlives the container; it never names a caller.
VOLUME ["/var/lib/safety-line"]
USER ivr
EXPOSE 8000

# /healthz answers 200 once a worker answers: "ok" with the menus' version, or "degraded" (still
# 200: restarting cannot mend broken menus, and the phone still answers the safe words).
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]

# gunicorn.conf.py: gevent workers with header and idle timeouts (ivr/server.py), so slow
# clients never hold a worker; broken menus never stop it starting (ivr/store.py).
CMD ["gunicorn", "--config", "/app/gunicorn.conf.py", "ivr:create_app()"]

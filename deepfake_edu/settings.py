"""Settings for Echt of nep?, driven by environment variables.

Production is the default: DEBUG is off, a secret key and the allowed hosts
must be given, cookies are secure. Development is what `python3 dev.py start`
asks for with DJANGO_DEBUG=1, and what the test suite gets.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    return env(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(env(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", "false")
# pytest imports this module itself; the test run is development too.
TESTING = "pytest" in sys.modules
DEVELOPMENT = DEBUG or TESTING

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in "
            "production, or set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-not-for-production-use"  # noqa: S105

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEVELOPMENT else ""
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

# Where the app keeps its files: SQLite database, uploaded clips (private),
# collected static files. One folder, so a container mounts one volume.
VAR_DIR = Path(env("DJANGO_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "common",
    "lessons",
    "quiz",
    "demos",
    "detector",
    "classroom",
    # Locks the admin login after repeated wrong passwords.
    "axes",
]

MIDDLEWARE = [
    # First: refuses a body over the limit before anything (CSRF) reads it.
    "common.body_limit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "deepfake_edu.middleware.SecurityHeadersMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages the same for everyone, from the cache, as cheaply as a static file.
    "common.caching.PublicPageCacheMiddleware",
    # Any other page that read the session or sets a cookie: private, no-store.
    "common.caching.PersonalPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: refuses a locked-out login with its Dutch page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "deepfake_edu.urls"
WSGI_APPLICATION = "deepfake_edu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker write to the same file: wait for a lock instead of
    # failing, and take the write lock at the start of a transaction so two
    # writers never deadlock halfway.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))


# Files visitors and teachers cause live in folders under VAR_DIR, or, with
# DJANGO_S3_BUCKET set, in one bucket of an S3 service that every machine reaches
# (MinIO, Ceph, a cloud provider), a prefix per storage named like the folder. The
# objects are private (no ACL, and no page links to the bucket): the app serves the
# pictures itself, to whom they belong. boto3 reads the credentials from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. The test run ignores
# DJANGO_S3_BUCKET (tests that need a bucket start their own: tests/s3.py).
ON_DISK = "django.core.files.storage.FileSystemStorage"
IN_BUCKET = "storages.backends.s3.S3Storage"
FILE_STORAGES = {
    # name: (folder or prefix, backend on disk, backend in the bucket)
    "default": ("media", ON_DISK, IN_BUCKET),
    # Uploaded clips wait here for the worker. Never served; a clip is deleted as
    # soon as its analysis ends (detector/jobs.py), or else by the clean-up.
    "clips": ("clips", ON_DISK, IN_BUCKET),
    # Pictures of picture questions: teachers' uploads here, the seeded ones read
    # from the code (quiz/pictures.py). Served by the view quiz:picture.
    "quiz_pictures": (
        "quiz-pictures",
        "quiz.pictures.QuestionPictureStorage",
        "quiz.picture_bucket.BucketQuestionPictureStorage",
    ),
}


def file_storages(bucket: str, endpoint_url: str = "", region: str = "") -> dict:
    """The STORAGES entries of FILE_STORAGES: on disk, or in `bucket` when one is named."""
    if not bucket:
        return {
            name: {"BACKEND": on_disk, "OPTIONS": {"location": VAR_DIR / folder, "base_url": None}}
            for name, (folder, on_disk, _) in FILE_STORAGES.items()
        }
    s3 = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or "us-east-1",
        # MinIO, Ceph and moto answer at an address of their own, with the bucket in
        # the path; AWS's own endpoint chooses for itself.
        "addressing_style": "path" if endpoint_url else None,
        # No ACL: an object is as private as its bucket.
        "default_acl": None,
        # Never replace an object (a folder on disk keeps both too).
        "file_overwrite": False,
        # An object read back bigger than this (a clip for the worker: up to 50 MB)
        # goes to a temp file, not memory.
        "max_memory_size": 2_621_440,
    }
    return {
        name: {"BACKEND": in_bucket, "OPTIONS": {**s3, "location": folder}}
        for name, (folder, _, in_bucket) in FILE_STORAGES.items()
    }


STORAGES = {
    **file_storages(
        "" if TESTING else env("DJANGO_S3_BUCKET"),
        env("DJANGO_S3_ENDPOINT_URL"),
        env("DJANGO_S3_REGION"),
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# In development whitenoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT

TASKS = {
    "default": {
        "BACKEND": env("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Caches hold nothing that matters: losing one costs a render. Pages the same for
# everyone (common/caching.py) are kept in "pages"; "default" is Django's. Without
# DJANGO_REDIS_URL each process keeps its own in memory, which is all one machine
# needs; with it (e.g. redis://cache:6379/0) every process on every machine shares
# one Redis through Django's own RedisCache. Attempt counts are not a cache: they
# stay in the database (common/throttle.py). The test run keeps no pages, so no
# test sees a page another test rendered, and ignores DJANGO_REDIS_URL (tests that
# need Redis start their own: tests/redis_server.py).
REDIS_URL = "" if TESTING else env("DJANGO_REDIS_URL")
# Set to the release (e.g. the image tag), so a deploy never serves the last one's pages.
PAGE_CACHE_RELEASE = env("DJANGO_PAGE_CACHE_KEY_PREFIX")


def cache_backend(key_prefix: str) -> dict[str, object]:
    if not REDIS_URL:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": key_prefix}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Both caches share one Redis database: the prefix keeps their keys apart.
        # (clear() empties the whole database, so it clears both.)
        "KEY_PREFIX": key_prefix,
        # A Redis out of reach must cost a request little: the page cache treats an
        # error as a miss, so fail fast (the defaults are 5 s each).
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }


CACHES = {
    "default": cache_backend("echt"),
    "pages": (
        {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        if TESTING
        else cache_backend("-".join(filter(None, ["echt-pages", PAGE_CACHE_RELEASE])))
    ),
}
# How long a browser, proxy or CDN may reuse such a page without asking (then
# the ETag makes the check a 304), and how long the app keeps its own copy.
PUBLIC_PAGE_MAX_AGE = envint("DJANGO_PUBLIC_PAGE_MAX_AGE", "300")
PUBLIC_PAGE_CACHE_SECONDS = envint("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", "3600")

# Privacy: no cookies beyond the session and CSRF ones. Messages live in the
# session instead of a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_HOURS", "12") * 3600
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The site's own page (templates/403_csrf.html): Django's has an inline style.
CSRF_FAILURE_VIEW = "deepfake_edu.middleware.csrf_failure"

# Security headers for every page.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

if not DEVELOPMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "true")
    # Behind a proxy that ends TLS (the usual set-up for the Docker image).
    if envbool("DJANGO_TRUST_X_FORWARDED_PROTO", "false"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs a refused request's path ("Forbidden: /klassikaal/docent/…"): no
    # teacher's key, join code or result id in the log (common/redaction.py).
    "filters": {"redact_addresses": {"()": "common.redaction.RedactAddresses"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_addresses"]}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}

# Quick check (detector)
# Limits for uploaded clips and for abuse; each can be set from the environment.
DETECTOR_MAX_UPLOAD_MB = envint("DETECTOR_MAX_UPLOAD_MB", "50")
DETECTOR_MAX_DURATION_S = envint("DETECTOR_MAX_DURATION_S", "120")
# 1920 x 1080 fits; 4K clips are refused (slow to decode, no gain for the check).
DETECTOR_MAX_PIXELS = envint("DETECTOR_MAX_PIXELS", str(1920 * 1080))
# The test-yourself page records this many seconds: the engine judges a blink rate
# only on 20 s or more of visible face (detector.analysis.codes.MIN_SECONDS_FOR_NORMAL),
# and a recording starts and ends with a moment without a settled face.
DETECTOR_RECORDING_S = envint("DETECTOR_RECORDING_S", "22")
# A recording longer than this is refused (header) or measured only this far (engine).
DETECTOR_RECORDING_MAX_S = envint("DETECTOR_RECORDING_MAX_S", "40")
DETECTOR_RESULT_HOURS = envint("DETECTOR_RESULT_HOURS", "24")
DETECTOR_TIME_LIMIT_S = envint("DETECTOR_TIME_LIMIT_S", "300")
# Per browser session (one pupil): uploads an hour, and jobs waiting at once.
DETECTOR_UPLOADS_PER_HOUR = envint("DETECTOR_UPLOADS_PER_HOUR", "10")
DETECTOR_MAX_WAITING_PER_CLIENT = envint("DETECTOR_MAX_WAITING_PER_CLIENT", "3")
# Per address (a whole school behind one address), and for everybody together.
DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS = envint("DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS", "100")
DETECTOR_MAX_WAITING_TOTAL = envint("DETECTOR_MAX_WAITING_TOTAL", "40")
# No address may hold more than this share of the waiting jobs, so one address (a
# script, or one very busy school) cannot make everybody else wait.
DETECTOR_MAX_WAITING_PER_ADDRESS = envint("DETECTOR_MAX_WAITING_PER_ADDRESS", "10")
# X-Forwarded-For is believed only from these addresses or networks (our own proxies,
# e.g. "127.0.0.1" or "172.30.80.0/24"); from any other peer it is ignored.
DETECTOR_TRUSTED_PROXIES = envlist("DETECTOR_TRUSTED_PROXIES")
# A running job without a progress update for this long belongs to a dead worker.
# A live worker writes a heartbeat every 10 s (detector/isolation.py), so the status
# page can say within about a minute that the analysis stopped.
DETECTOR_STALE_AFTER_S = envint("DETECTOR_STALE_AFTER_S", "60")
# The worker analyses in a child process; only tests that swap the engine turn this off.
DETECTOR_ANALYSE_IN_CHILD = envbool("DETECTOR_ANALYSE_IN_CHILD", "true")

# Admin login (django-axes): five wrong passwords for one name from one address lock
# that pair out for an hour; the right password then does not help either. Counted by
# the same trusted-proxy rule as the upload limits. No log of successful logins.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "axes_locked.html"
AXES_CLIENT_IP_CALLABLE = "common.clients.client_ip"
AXES_VERBOSE = False

# A job still queued after this long is failed by the clean-up and its clip deleted.
DETECTOR_MAX_QUEUE_WAIT_S = envint("DETECTOR_MAX_QUEUE_WAIT_S", "3600")
# Uploads above 2.5 MB go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440))
# ... in this folder, so the clean-up can find files a killed web process left.
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
# The worker decodes a clip in a child process with at most this much address space
# (detector/isolation.py): a decoder bomb kills the child, not the worker.
DETECTOR_CHILD_MEMORY_MB = envint("DETECTOR_CHILD_MEMORY_MB", "2048")
# The child stays up (the face models loaded once) for this many jobs, then a fresh one
# starts; after a failed job at once. 1: a fresh child for every clip.
DETECTOR_CHILD_MAX_JOBS = envint("DETECTOR_CHILD_MAX_JOBS", "50")

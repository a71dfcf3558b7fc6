"""Production settings are safe by default; development is one variable away."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x7Qv2N9pLr4Tz8Kc1Wm6Hy3Bd5Fs0Gj7Ua2Ye4Xi9Ol6Pn3Rq8Vt1Zb5Mk0Cw",
    "DJANGO_ALLOWED_HOSTS": "echtofnep.example",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean["DJANGO_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(name: str, env: dict[str, str], tmp_path: Path) -> str:
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        env=env,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for(tmp_path):
    assert setting("DEBUG", PRODUCTION, tmp_path) == "False"
    assert setting("DEBUG", {**PRODUCTION, "DJANGO_DEBUG": "1"}, tmp_path) == "True"


def test_a_missing_secret_key_outside_development_is_a_clear_error(tmp_path):
    result = manage("check", env={"DJANGO_ALLOWED_HOSTS": "echtofnep.example"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_development_needs_no_secret_key(tmp_path):
    assert manage("check", env={"DJANGO_DEBUG": "1"}, tmp_path=tmp_path).returncode == 0


def test_production_cookies_are_secure(tmp_path):
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"):
        assert setting(name, PRODUCTION, tmp_path) == "True"
    assert int(setting("SECURE_HSTS_SECONDS", PRODUCTION, tmp_path)) >= 31536000
    for name in ("SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY"):
        assert setting(name, PRODUCTION, tmp_path) == "True"
    for name in ("SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"):
        assert setting(name, PRODUCTION, tmp_path) == "Lax"


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://user:secret@db.example:5432/echt", "django.db.backends.postgresql"),
    ],
)
def test_the_database_comes_from_database_url(tmp_path, url, engine):
    env = {**PRODUCTION, **({"DATABASE_URL": url} if url else {})}
    assert setting("DATABASES['default']['ENGINE']", env, tmp_path) == engine

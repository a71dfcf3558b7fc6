"""docker-compose.yml runs the shape of several machines, read without Docker.

Docker is not on the machines this project is built on, so these tests read the
compose file: every variable it gives the app is one the app reads, and web and
worker get what a deployment on several machines needs (one database, one cache,
one bucket), with two web replicas behind nginx.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "cleanup", "migrate"]
# What every machine must reach to serve the site with the others.
SHARED_STATE = [
    "DATABASE_URL",
    "DJANGO_REDIS_URL",
    "DJANGO_S3_BUCKET",
    "DJANGO_S3_ENDPOINT_URL",
    "DJANGO_S3_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
]
# Read by a library, not by the settings: boto3 takes its credentials from these.
READ_BY_LIBRARIES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
READ = re.compile(r'(?:\benv(?:bool|int|list)?\(|os\.environ(?:\.get\(|\[))\s*"([A-Z0-9_]+)"')


def interpolate(value: object) -> str:
    """Compose's ${NAME:-default} with nothing set: the default ("" for ${NAME:?…})."""
    text = re.sub(
        r"\$\{[A-Z0-9_]+(?::?-([^}]*)|:?\?[^}]*)?\}",
        lambda match: match[1] or "",
        str(value),
    )
    return text.replace("$$", "$")


def environment(service: str) -> dict[str, str]:
    found = SERVICES[service].get("environment", {})
    if isinstance(found, list):
        found = dict(item.split("=", 1) for item in found)
    return {name: interpolate(value) for name, value in found.items()}


def names_read_by_the_app() -> set[str]:
    read = set()
    for module in ("deepfake_edu/settings.py", "gunicorn.conf.py"):
        read |= set(READ.findall((ROOT / module).read_text()))
    return read


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_variable_given_to_the_app_is_one_it_reads(service):
    unknown = set(environment(service)) - names_read_by_the_app() - READ_BY_LIBRARIES
    assert not unknown, f"{service} sets variables the app never reads"


def test_the_libraries_variables_are_named_in_the_settings():
    settings = (ROOT / "deepfake_edu/settings.py").read_text()
    for name in READ_BY_LIBRARIES:
        assert name in settings, f"say in settings.py which library reads {name}"


@pytest.mark.parametrize("service", ["web", "worker", "cleanup"])
def test_web_and_workers_reach_the_shared_state(service):
    env = environment(service)
    assert [name for name in SHARED_STATE if not env.get(name)] == []
    services = {
        "DATABASE_URL": "db",
        "DJANGO_REDIS_URL": "redis",
        "DJANGO_S3_ENDPOINT_URL": "minio",
    }
    for name, host in services.items():
        assert urlsplit(env[name]).hostname == host, name


def test_two_web_replicas_behind_nginx():
    web = SERVICES["web"]
    assert web["deploy"]["replicas"] == 2
    assert "ports" not in web, "gunicorn is reached only through nginx"
    upstream = environment("nginx")["NGINX_UPSTREAM"]
    assert upstream == f"web:{web['expose'][0]}"
    assert SERVICES["worker"]["deploy"]["replicas"] >= 2


def test_nginx_gets_every_variable_of_its_template():
    template = (ROOT / "deploy/nginx.conf.template").read_text()
    assert set(re.findall(r"\$\{(NGINX_[A-Z_]+)\}", template)) <= set(environment("nginx"))


def test_redis_is_a_cache_that_keeps_nothing_on_disk():
    command = SERVICES["redis"]["command"]
    assert command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"
    assert command[command.index("--maxmemory-policy") + 1] == "allkeys-lru"


def test_the_bucket_is_made_before_the_app_starts():
    bucket = environment("web")["DJANGO_S3_BUCKET"]
    step = SERVICES["bucket"]
    assert step["image"].startswith("minio/mc:")
    assert SERVICES["minio"]["image"].startswith("minio/minio:")
    assert f"mc mb --ignore-existing store/{bucket}" in " ".join(step["command"])
    assert environment("bucket")["MINIO_ROOT_USER"] == environment("web")["AWS_ACCESS_KEY_ID"]
    for service in ("web", "worker", "cleanup"):
        waits_for = SERVICES[service]["depends_on"]
        assert waits_for["bucket"]["condition"] == "service_completed_successfully"
        assert waits_for["migrate"]["condition"] == "service_completed_successfully"


def test_what_the_single_machine_compose_had_is_kept():
    assert {"db", "migrate", "web", "nginx", "worker", "cleanup"} <= set(SERVICES)
    assert "cleanup_analyses" in " ".join(SERVICES["cleanup"]["command"])
    assert list(SERVICES["nginx"]["ports"]) == ["127.0.0.1:8000:80"]

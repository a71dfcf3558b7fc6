"""gunicorn's access log (gunicorn.conf.py) keeps no secrets from addresses: no
teacher's key, no join code, no result id; the rest of the line stays."""

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config  # type: ignore[import-untyped]
from gunicorn.glogging import Logger  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "q8Zr3VbN-2kLm_Xp7Tw0Yc5Hd9Jf4Sg6Ae1Uo3Ri8Ky"
ANALYSIS_ID = "Xp7Tw0Yc5Hd9Jf4Sg6Ae1U"


def access_line(tmp_path: Path, raw_uri: str, log_format: str = "", **extra) -> str:
    """One request through the logger gunicorn.conf.py configures, as gunicorn calls it."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", log_format or settings["access_log_format"])
    logger = settings.get("logger_class", Logger)(config)  # gunicorn's default without it
    path, _, query = raw_uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        **extra.get("environ", {}),
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=extra.get("headers", []))
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.close()
    return (tmp_path / "access.log").read_text().strip()


def test_the_teachers_key_and_join_code_are_cut_out(tmp_path):
    line = access_line(tmp_path, f"/klassikaal/docent/CDF347/sleutel/{TOKEN}/")
    assert line == '"GET /klassikaal/docent/***/sleutel/***/ HTTP/1.1" 302 0 12ms'


def test_a_results_id_is_cut_out(tmp_path):
    line = access_line(tmp_path, f"/controle/{ANALYSIS_ID}/beeld/2.jpg")
    assert line == '"GET /controle/***/beeld/2.jpg HTTP/1.1" 302 0 12ms'


def test_a_join_code_in_the_query_is_cut_out(tmp_path):
    line = access_line(tmp_path, "/klassikaal/?code=CDF347&x=1")
    assert line == '"GET /klassikaal/?code=***&x=1 HTTP/1.1" 302 0 12ms'


@pytest.mark.parametrize(
    "address", ["/controle/", "/controle/vergelijk/", "/lessen/gan/?stap=2", "/klassikaal/spel/"]
)
def test_addresses_without_secrets_are_logged_as_they_are(tmp_path, address):
    assert access_line(tmp_path, address) == f'"GET {address} HTTP/1.1" 302 0 12ms'


def test_other_formats_lose_the_secrets_too(tmp_path):
    """GUNICORN_CMD_ARGS may ask for the path, the referrer or a redirect's Location."""
    board = f"/klassikaal/docent/CDF347/sleutel/{TOKEN}/"
    line = access_line(
        tmp_path,
        board,
        log_format="%(U)s %(f)s %({location}o)s %({raw_uri}e)s",
        environ={"HTTP_REFERER": f"https://echtofnep.example{board}"},
        headers=[("Location", f"/controle/{ANALYSIS_ID}/")],
    )
    assert TOKEN not in line and "CDF347" not in line and ANALYSIS_ID not in line
    assert line.startswith("/klassikaal/docent/***/sleutel/***/ https://echtofnep.example/")
    assert "/controle/***/" in line


def test_djangos_request_log_cuts_the_secrets_out_too():
    """Django logs the path of a refused request ("Forbidden: …"); the console
    handler's filter cuts the secrets out before the line is written."""
    import logging

    from common.redaction import RedactAddresses

    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Forbidden", f"/klassikaal/docent/CDF347/sleutel/{TOKEN}/"),
        None,
    )
    assert RedactAddresses().filter(record)
    assert record.getMessage() == "Forbidden: /klassikaal/docent/***/sleutel/***/"
    root = logging.getLogger()
    assert any(isinstance(f, RedactAddresses) for handler in root.handlers for f in handler.filters)

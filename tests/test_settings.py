import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "HTTPS"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="trilat.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_starts_without_secret_key_in_debug():
    result = _manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_deploy_check_passes_with_https_and_a_strong_key():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        HTTPS="1",
        SECRET_KEY="x9!Qv7#Lm2@Zr8$Wt4%Yp6^Bn3&Kd5*Hs1(Jf0)Gc-Ae+Uo=Ri~Ex",
        ALLOWED_HOSTS="trilat.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_content_security_policy_forbids_inline_script(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_htmx_is_served_from_our_static_files(client, db):
    html = client.get("/").content.decode()
    assert 'src="/static/django-htmx/htmx.min.js' in html or "/static/django_htmx/" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def _postgres_options(**env):
    code = (
        "from django.conf import settings; o = settings.DATABASES['default'].get('OPTIONS', {});"
        "print(settings.DATABASES['default']['ENGINE'], bool(o.get('pool')),"
        " o.get('server_side_binding'), o.get('prepare_threshold'),"
        " 'plan_cache_mode=force_custom_plan' in o['options'])"
    )
    clean = {k: v for k, v in os.environ.items()}
    clean.update(
        DJANGO_SETTINGS_MODULE="trilat.settings",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/whatever",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    return result.stdout.split(), result.stderr


def test_postgres_uses_the_psycopg_pool_and_prepared_statements():
    options, errors = _postgres_options()
    assert options == ["django.db.backends.postgresql", "True", "True", "2", "True"], errors


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    options, errors = _postgres_options(DB_PREPARE="0")
    assert options == ["django.db.backends.postgresql", "True", "None", "None", "False"], errors


def test_refuses_an_unknown_facet_index_rebuild_mode():
    result = _manage("check", DEBUG="1", FACET_INDEX_REBUILD="sometimes")
    assert result.returncode != 0
    assert "FACET_INDEX_REBUILD must be" in result.stderr


def _hsts_header(**env):
    code = (
        "from django.test import Client; from django.conf import settings;"
        "r = Client().get('/robots.txt', secure=True);"
        "print(r.headers.get('Strict-Transport-Security'))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HSTS")}
    clean.update(
        DJANGO_SETTINGS_MODULE="trilat.settings",
        DEBUG="0",
        HTTPS="1",
        SECRET_KEY="x9!Qv7#Lm2@Zr8$Wt4%Yp6^Bn3&Kd5*Hs1(Jf0)Gc-Ae+Uo=Ri~Ex",
        ALLOWED_HOSTS="testserver",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip(), result.stderr[-1000:]


def test_hsts_leaves_out_subdomains_and_preload_unless_asked():
    header, errors = _hsts_header()
    assert header == "max-age=31536000", errors


def test_hsts_includes_subdomains_and_preload_when_asked():
    header, errors = _hsts_header(HSTS_INCLUDE_SUBDOMAINS="1", HSTS_PRELOAD="1")
    assert header == "max-age=31536000; includeSubDomains; preload", errors


def test_deploy_check_passes_with_subdomains_and_preload_asked():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        HTTPS="1",
        HSTS_INCLUDE_SUBDOMAINS="1",
        HSTS_PRELOAD="1",
        SECRET_KEY="x9!Qv7#Lm2@Zr8$Wt4%Yp6^Bn3&Kd5*Hs1(Jf0)Gc-Ae+Uo=Ri~Ex",
        ALLOWED_HOSTS="trilat.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr

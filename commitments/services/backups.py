"""Backups of the whole database and restoring one: pg_dump/pg_restore on PostgreSQL, SQLite's
online backup (a consistent copy of the file, pages and all) on SQLite.

A restore replaces every table that the backup holds, in one transaction (PostgreSQL) or one copy
(SQLite): it completes or leaves the database as it was. It then moves the data version past
both the restored one and the one before, so that no running process keeps serving pages of the
data it replaced (browse/facet_index.py).
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}


class BackupError(Exception):
    """A backup or a restore that could not be made; the database is unchanged."""


def default_path(now=None):
    """backups/trilat-YYYYmmdd-HHMMSS.dump (.sqlite3 on SQLite) beside the project."""
    now = now or datetime.datetime.now()
    suffix = SUFFIXES.get(connection.vendor, ".backup")
    return Path(settings.BASE_DIR) / "backups" / f"trilat-{now:%Y%m%d-%H%M%S}{suffix}"


def backup(path):
    """Write a backup of the database to `path` (made consistent at one moment)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"No backup for a {connection.vendor} database.")
    return path


def restore(path):
    """Replace the database's tables with those of the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    before = data_version()
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            database_flag=True,
        )
        _move_data_version_past(before)
    elif connection.vendor == "sqlite":
        _check_sqlite(path)
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise BackupError(f"No restore for a {connection.vendor} database.")


def data_version():
    """PostgreSQL's data version (the facet index's), or None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM trilat_data_version")
        return cursor.fetchone()[0]


def _move_data_version_past(before):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval('trilat_data_version', greatest(last_value, %s) + 1) "
            "FROM trilat_data_version",
            [before or 0],
        )


def _check_sqlite(path):
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            source.execute("SELECT count(*) FROM django_migrations").fetchone()
        source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a backup of this project's database ({exc}).") from None


def _run(command, database_flag=False):
    """Run a PostgreSQL client tool on the project's database (connection from the settings)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is missing: install PostgreSQL's client tools.")
    connection.close()  # no session of ours holds a lock the restore waits for
    db = connection.settings_dict
    _, env = connection.client.settings_to_cmd_args_env(db, [])  # password, SSL settings
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    command += ["--dbname", db["NAME"]] if database_flag else [db["NAME"]]
    result = subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True)
    if result.returncode:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise BackupError(f"{command[0]} failed: {message}")

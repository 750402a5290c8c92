"""actionplan backup / restore: a restore brings back every row and proves it, table by table."""

import shutil
import sqlite3
import uuid

import psycopg
import pytest

from actionplan.core.backup import backup, restore, verify
from actionplan.core.errors import ActionplanError

ROWS = [(1, "RUS-puljen", "1100000"), (2, "Interreg", "4300000"), (3, "LIFE", None)]


def make_sqlite(tmp_path) -> dict:
    path = tmp_path / "live.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE grants (id INTEGER PRIMARY KEY, source TEXT, amount TEXT)")
        conn.executemany("INSERT INTO grants VALUES (?, ?, ?)", ROWS)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def sqlite_rows(database) -> list[tuple]:
    with sqlite3.connect(database["NAME"]) as conn:
        return conn.execute("SELECT * FROM grants ORDER BY id").fetchall()


def damage(database) -> None:
    with sqlite3.connect(database["NAME"]) as conn:
        conn.execute("DELETE FROM grants WHERE id = 1")
        conn.execute("UPDATE grants SET amount = '0' WHERE id = 2")


def test_a_restore_brings_back_every_row_and_verifies_each_table(tmp_path):
    database = make_sqlite(tmp_path)
    made = backup(tmp_path / "backup.sqlite3", database=database)
    assert made.manifest["tables"]["grants"]["rows"] == 3
    damage(database)
    result = restore(made.path, database=database)
    assert result.ok
    assert sqlite_rows(database) == ROWS


def test_verification_names_the_table_that_differs(tmp_path):
    database = make_sqlite(tmp_path)
    made = backup(tmp_path / "backup.sqlite3", database=database)
    damage(database)
    result = verify(made.manifest, database)
    assert [t.table for t in result.failures] == ["grants"]
    assert any("ROW COUNT DIFFERS" in line for line in result.lines())


def test_a_damaged_backup_file_is_refused_and_the_database_left_alone(tmp_path):
    database = make_sqlite(tmp_path)
    made = backup(tmp_path / "backup.sqlite3", database=database)
    damage(database)
    with made.path.open("ab") as file:
        file.write(b"x")
    with pytest.raises(ActionplanError, match="does not match its manifest"):
        restore(made.path, database=database)
    assert len(sqlite_rows(database)) == 2


def test_backups_are_readable_by_their_owner_only(tmp_path):
    made = backup(tmp_path / "backup.sqlite3", database=make_sqlite(tmp_path))
    assert made.path.stat().st_mode & 0o077 == 0
    assert made.manifest_path.stat().st_mode & 0o077 == 0


@pytest.fixture
def postgres_database():
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    name = f"ap_backup_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1")
    admin.execute(f'CREATE DATABASE "{name}"')
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": 5432,
    }
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}") as conn:
        conn.execute("CREATE TABLE grants (id integer PRIMARY KEY, source text, amount numeric)")
        conn.cursor().executemany("INSERT INTO grants VALUES (%s, %s, %s)", ROWS)
    yield database
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_postgresql_backup_and_restore_round_trip(tmp_path, postgres_database):
    made = backup(tmp_path / "backup.pgdump", database=postgres_database)
    dsn = f"host=127.0.0.1 user=postgres dbname={postgres_database['NAME']}"
    with psycopg.connect(dsn) as conn:
        conn.execute("DELETE FROM grants")
    assert not verify(made.manifest, postgres_database).ok
    result = restore(made.path, database=postgres_database)
    assert result.ok
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM grants").fetchone()[0] == 3


# -- uploaded files ----------------------------------------------------------------------------


def file_storage(tmp_path):
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=tmp_path / "files")


def test_the_uploaded_files_are_backed_up_and_restored_verified(tmp_path):
    from django.core.files.base import ContentFile

    storage = file_storage(tmp_path)
    storage.save("attachments/7/rapport.pdf", ContentFile(b"%PDF-1.4 the report"))
    storage.save("attachments/8/foto.png", ContentFile(b"\x89PNG a photo"))
    database = make_sqlite(tmp_path)
    made = backup(tmp_path / "backup.sqlite3", database=database, storage=storage)
    assert set(made.manifest["files"]["entries"]) == {
        "attachments/7/rapport.pdf",
        "attachments/8/foto.png",
    }
    storage.delete("attachments/7/rapport.pdf")
    with storage.open("attachments/8/foto.png", "wb") as handle:
        handle.write(b"overwritten")

    result = restore(made.path, database=database, storage=storage)

    assert result.ok and len(result.files) == 2
    assert storage.open("attachments/7/rapport.pdf").read() == b"%PDF-1.4 the report"
    assert storage.open("attachments/8/foto.png").read() == b"\x89PNG a photo"
    assert "files: 2 of 2 restored and verified" in result.lines()


def test_a_damaged_files_archive_is_refused_before_the_database_is_touched(tmp_path):
    from django.core.files.base import ContentFile

    storage = file_storage(tmp_path)
    storage.save("attachments/7/rapport.pdf", ContentFile(b"%PDF-1.4 the report"))
    database = make_sqlite(tmp_path)
    made = backup(tmp_path / "backup.sqlite3", database=database, storage=storage)
    archive = made.path.with_name(made.manifest["files"]["archive"])
    archive.write_bytes(archive.read_bytes()[:-10] + b"x" * 10)
    damage(database)
    with pytest.raises(ActionplanError, match="damaged"):
        restore(made.path, database=database, storage=storage)
    assert sqlite_rows(database) != ROWS  # left as it was

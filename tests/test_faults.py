"""Faults around the database: several processes opening a new database at once, a database
locked by another writer, PostgreSQL backends killed mid-ingest, a full disk."""
import threading

from communique.store import Store


def test_many_openers_of_a_new_database_do_not_collide(db_url):
    """An ingest and a reader opening a fresh database together: one creates the schema, the rest wait."""
    errors = []

    def open_it():
        try:
            Store(db_url).close()
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors

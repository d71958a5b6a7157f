"""Where the booking database lives, and the idempotency key."""
from clinic_core.booking import db
from clinic_core.booking.store import idempotency_key_for
from clinic_core.clinic import PROJECT_ROOT


def test_default_is_a_sqlite_file_in_var_and_the_environment_overrides_it(monkeypatch):
    monkeypatch.delenv("BOOKING_DATABASE_URL", raising=False)
    assert db.resolve_database_url() == f"sqlite:///{PROJECT_ROOT / 'var' / 'bookings.db'}"
    monkeypatch.setenv("BOOKING_DATABASE_URL", "postgresql+psycopg2://u:secret@db/clinic")
    assert db.resolve_database_url().startswith("postgresql+psycopg2://")
    assert db.resolve_database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert "secret" not in db.safe_url(db.resolve_database_url())


def test_the_sqlite_folder_is_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'var' / 'nested' / 'bookings.db'}"
    engine = db.make_engine(url)
    try:
        assert (tmp_path / "var" / "nested").is_dir()
    finally:
        engine.dispose()


def test_idempotency_key_is_stable_and_hides_the_conversation_id():
    key = idempotency_key_for("+14102300143", "form-1")
    assert key == idempotency_key_for("+14102300143", "form-1")
    assert key != idempotency_key_for("+14102300143", "form-2") != idempotency_key_for("other", "form-1")
    assert "4102300143" not in key and len(key) <= 64

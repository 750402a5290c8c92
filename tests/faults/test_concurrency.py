"""Concurrent writers on the database in use (SQLite: WAL, busy timeout, immediate
transactions; PostgreSQL: row locks): they wait for each other instead of failing."""


def test_ten_parallel_status_updates_all_succeed(fault_db):
    result = fault_db.scenario("status_updates", "10")
    assert result["errors"] == []
    assert result["stored"] == 10


def test_racing_saves_of_one_project_get_the_conflict_message(fault_db):
    result = fault_db.scenario("racing_edits", "8")
    assert result["errors"] == []
    assert result["saved"] == 1
    assert len(result["conflicts"]) == 7
    # "<who> changed this at <when>, after you opened it ...", naming the winner
    assert all(text.startswith("fault-") for text in result["conflicts"])


def test_a_long_write_does_not_block_readers(fault_db):
    result = fault_db.scenario("reader_during_write")
    assert "reader_error" not in result
    assert result["reader_finished_while_writing"] is True
    assert result["visible_to_reader"] == 0  # the import's rows only once it commits

#!/usr/bin/env python3
"""petrel check: --reindex rebuilds the SEARCH full-text index (here after it
was emptied behind the server's back, which makes SEARCH BODY miss), check of
one user or all, and a one-line error for a user without a store."""
import imaplib
import os
import sqlite3
import subprocess
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def petrel_check(server, *extra):
    return subprocess.run([server.petrel, "check", "--data-dir", server.data_dir, *extra],
                          capture_output=True, text=True, timeout=60)


def search_body(server, word):
    m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
    try:
        m.login(USER, PASSWORD)
        m.select("INBOX")
        typ, data = m.search(None, "BODY", word)
        assert typ == "OK", (typ, data)
        return data[0].decode().split()
    finally:
        m.logout()


def backlog(db):
    """The lowest content id without an index entry; None when every one has it."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'fulltext_backlog'").fetchone()
    return row[0] if row else None


def test_reindex_restores_a_lost_index(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
        m.login(USER, PASSWORD)
        for word in ("pelican", "cormorant", "pelicanry"):
            m.append("INBOX", None, None, f"Subject: {word}\r\n\r\nabout the {word}\r\n".encode())
        m.logout()
        assert search_body(server, "pelican") == ["1", "3"]
        db = os.path.join(server.data_dir, "mail", USER, "store.db")
        # The server writes the entries in the background once writes stop.
        deadline = time.monotonic() + 30
        while backlog(db) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert backlog(db) is None, "the server did not write the index"
        server.stop()

        with sqlite3.connect(db) as conn:
            # Emptied behind the server's back by a client without Petrel's
            # tokenizer: the shadow tables made those of an empty index of
            # the same shape (seven columns, no sizes).
            conn.execute("CREATE VIRTUAL TABLE temp.empty_fts USING fts5(a, b, c, d, e, f, g, columnsize = 0)")
            conn.execute("DELETE FROM content_fts_data")
            conn.execute("INSERT INTO content_fts_data SELECT * FROM temp.empty_fts_data")
            conn.execute("DELETE FROM content_fts_content")
        server.launch()  # restart: the users exist already
        assert search_body(server, "pelican") == [], "an emptied index should miss"
        server.stop()

        r = petrel_check(server, "--reindex", USER)
        assert r.returncode == 0, r.stderr
        assert f"{USER}: full-text index rebuilt" in r.stdout, r.stdout
        assert f"{USER}: clean" in r.stdout, r.stdout
        server.launch()  # restart: the users exist already
        assert search_body(server, "pelican") == ["1", "3"]
        assert search_body(server, "CORMORANT") == ["2"]


def test_check_all_users_and_unknown_user(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
        m.login(USER, PASSWORD)
        m.logout()
        server.stop()
        r = petrel_check(server, "--repair")
        assert r.returncode == 0, r.stderr
        assert f"{USER}: clean" in r.stdout.splitlines(), r.stdout
        r = petrel_check(server, "nobody")
        assert r.returncode != 0
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "no mail store for user nobody" in lines[0], r.stderr
        assert not os.path.exists(os.path.join(server.data_dir, "mail", "nobody"))


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_reindex_restores_a_lost_index, test_check_all_users_and_unknown_user],
                        args)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Who writes the search index of imported mail. By default `petrel import`
leaves it to the server, which writes it in the background once the store
is opened (no writes for `search.index_delay_ms`); searches are exact
meanwhile. With --index the import writes it before exiting. The store's
meta key `fulltext_backlog` says whether entries are missing; it is read
here with Python's sqlite3 (a read of `meta` needs no tokenizer)."""
import os
import sqlite3
import tempfile
import time

import petrel_fixture as fx

USER = "alice"
COUNT = 30


def make_maildir(root):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    for i in range(COUNT):
        word = "pelican" if i % 3 == 0 else "sparrow"
        with open(os.path.join(root, "cur", f"17000000{i:02}.M{i}P1.host:2,S"), "wb") as f:
            f.write(f"Subject: m{i}\r\n\r\nA {word} in message {i}\r\n".encode())


def backlog(data):
    path = os.path.join(data, "mail", USER, "store.db")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'fulltext_backlog'").fetchone()
    return row[0] if row else None


def search(server, text):
    with fx.Conn.open(server.port) as c:
        c.login(USER, "pw")
        _, ok = c.command("S", "SELECT INBOX")
        assert ok.startswith("S OK"), ok
        untagged, ok = c.command("Q", f"UID SEARCH BODY {text}")
        assert ok.startswith("Q OK"), ok
        hits = [line for line in untagged if line.startswith("* SEARCH")]
        return sorted(int(n) for n in hits[0].split()[2:])


def test_import_leaves_the_index_to_the_server(args, tmp):
    server = fx.PetrelServer(args.petrel, users={USER: "pw"},
                             config={"search": {"index_delay_ms": 200}},
                             tmp=os.path.join(tmp, "background"))
    os.makedirs(server.data_dir)
    fx.add_user(args.petrel, server.data_dir, USER, "pw")
    r = fx.run_cli(args.petrel, ["import", "maildir", os.path.join(tmp, "Maildir"), USER,
                                 "--data-dir", server.data_dir])
    assert r.returncode == 0, r.stderr
    assert "in the background" in r.stdout, r.stdout
    assert backlog(server.data_dir) is not None, "the import wrote the index itself"
    server.users = {}  # added above, before the import
    with server:
        expected = [i + 1 for i in range(COUNT) if i % 3 == 0]
        assert search(server, "pelican") == expected  # exact before the index
        deadline = time.monotonic() + 30
        while backlog(server.data_dir) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert backlog(server.data_dir) is None, "the server did not write the index"
        assert search(server, "pelican") == expected
        assert search(server, "sparrow") == [i + 1 for i in range(COUNT) if i % 3 != 0]


def test_import_index_flag_writes_it_now(args, tmp):
    data = os.path.join(tmp, "now")
    os.makedirs(data)
    fx.add_user(args.petrel, data, USER, "pw")
    r = fx.run_cli(args.petrel, ["import", "maildir", os.path.join(tmp, "Maildir"), USER,
                                 "--data-dir", data, "--index"])
    assert r.returncode == 0, r.stderr
    assert "search index" in r.stdout, r.stdout
    assert backlog(data) is None


def main():
    args = fx.parse_args(__doc__)
    with tempfile.TemporaryDirectory(prefix="petrel-import-index-") as tmp:
        make_maildir(os.path.join(tmp, "Maildir"))
        return fx.run_tests([test_import_leaves_the_index_to_the_server,
                             test_import_index_flag_writes_it_now], args, tmp)


if __name__ == "__main__":
    raise SystemExit(main())

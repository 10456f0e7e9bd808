#!/usr/bin/env python3
"""The server rewrites a user's summary rows (ENVELOPE, BODYSTRUCTURE, ...)
into consecutive pages in its background work once enough of them are new
(`store.summary_rewrite_min_rows`, `store.summary_rewrite_percent`;
store/sqlite/summary_layout.h), and FETCH answers exactly as before, for
the mail delivered before the rewrite and after it, with expunges in between.
With `summary_rewrite_percent = 0` it never does. The store's meta key
`summary_laid_out` says a rewrite was made; it is read with Python's sqlite3,
not over IMAP: each IMAP read puts the background work off."""
import os
import sqlite3
import tempfile
import time

import petrel_fixture as fx

USER = "alice"
FETCH = "UID FETCH 1:* (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY)"


def message(i):
    # A body of a few pages, so that each summary row lands after it.
    return (f"From: Sender {i} <s{i}@example.org>\r\nTo: r@example.org\r\n"
            f"Subject: message {i}\r\nMessage-ID: <m{i}@example.org>\r\n"
            "Content-Type: text/plain\r\n\r\n" + f"line {i}\r\n" * (400 + i)).encode()


def append(conn, first, count):
    for i in range(first, first + count):
        data = message(i)
        conn.send(f"a{i} APPEND INBOX {{{len(data)}+}}\r\n".encode() + data + b"\r\n")
        _, tagged = conn.wait_tagged(f"a{i}", timeout=30)
        assert tagged.startswith(f"a{i} OK"), tagged


def fetch_all(conn, tag):
    untagged, tagged = conn.command(tag, FETCH)
    assert tagged.startswith(f"{tag} OK"), tagged
    return untagged


def laid_out(server):
    path = os.path.join(server.data_dir, "mail", USER, "store.db")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'summary_laid_out'").fetchone()
    return row[0] if row else None


def wait_laid_out(server, at_least, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = laid_out(server)
        if value is not None and value >= at_least:
            return value
        time.sleep(0.1)
    return laid_out(server)


def server_with(args, tmp, name, percent):
    config = {"store": {"summary_rewrite_min_rows": 20, "summary_rewrite_percent": percent},
              "search": {"index_delay_ms": 50}}
    return fx.PetrelServer(args.petrel, users={USER: "pw"}, config=config,
                           tmp=os.path.join(tmp, name))


def test_fetch_answers_the_same_across_rewrites(args, tmp):
    with server_with(args, tmp, "rewrite", 25) as server, fx.Conn.open(server.port) as c:
        c.login(USER, "pw")
        append(c, 1, 40)
        _, ok = c.command("s1", "SELECT INBOX")
        assert ok.startswith("s1 OK"), ok
        before = fetch_all(c, "f1")
        assert len(before) == 40, before[:3]
        # Idle now: the index, then the rewrite of the 40 rows.
        assert wait_laid_out(server, 40) == 40, "the server did not lay the rows out"
        assert fetch_all(c, "f2") == before
        # More mail and an expunge; the next rewrite takes them in.
        _, ok = c.command("d1", "UID STORE 3,17 +FLAGS.SILENT (\\Deleted)")
        assert ok.startswith("d1 OK"), ok
        _, ok = c.command("e1", "UID EXPUNGE 3,17")
        assert ok.startswith("e1 OK"), ok
        append(c, 41, 20)
        expected = fetch_all(c, "f3")
        assert len(expected) == 58
        assert wait_laid_out(server, 60) == 60, "no second rewrite"
        assert fetch_all(c, "f4") == expected
        c.close()
        # And after a restart.
        server.stop()
        server.launch()
        with fx.Conn.open(server.port) as c2:
            c2.login(USER, "pw")
            _, ok = c2.command("s2", "SELECT INBOX")
            assert ok.startswith("s2 OK"), ok
            assert fetch_all(c2, "f5") == expected


def test_percent_zero_never_rewrites(args, tmp):
    with server_with(args, tmp, "never", 0) as server, fx.Conn.open(server.port) as c:
        c.login(USER, "pw")
        append(c, 1, 40)
        time.sleep(1.5)  # well past index_delay_ms with nothing to do
        assert laid_out(server) is None


def main():
    args = fx.parse_args(__doc__)
    with tempfile.TemporaryDirectory(prefix="petrel-summary-layout-") as tmp:
        return fx.run_tests([test_fetch_answers_the_same_across_rewrites,
                             test_percent_zero_never_rewrites], args, tmp)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Schema version 8: the decoded body text SEARCH looks in is derived from the
message bytes when it is needed, not stored at delivery (content.body_text
stays ''). SEARCH BODY finds the words of every kind of text part (HTML,
quoted-printable Latin-1, base64, an attached text part, a forwarded message)
with the same answers: before the index is written, after the server's
background indexer wrote it in a store whose older rows still hold a
body_text (the schema 7 layout, which nothing reads any more), and after
`petrel check --reindex`. The store is read and changed with Python's sqlite3
while the server is stopped (neither needs the trigram tokenizer)."""
import base64
import imaplib
import os
import sqlite3
import subprocess
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"

MESSAGES = [
    b"Subject: plain\r\n\r\nthe pelican flies\r\n",
    b"Subject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    b"<p>a <b>cormorant</b> &amp; a gannet</p>\r\n",
    b"Subject: latin\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9 cr=E8me and a pelican\r\n",
    b"Subject: b64\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + base64.b64encode("the gannet dives, naïve".encode()) + b"\r\n",
    b"Subject: attached\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
    b"Content-Type: text/plain\r\n\r\nsee the notes\r\n--b\r\nContent-Type: text/plain; name=n.txt\r\n"
    b"Content-Disposition: attachment\r\n\r\nalbatross notes\r\n--b--\r\n",
    b"Subject: forwarded\r\nContent-Type: multipart/mixed; boundary=f\r\n\r\n--f\r\n"
    b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\npuffin story\r\n--f--\r\n",
]

# (search arguments, literal or None, expected UIDs)
QUERIES = [
    (("BODY", "pelican"), None, ["1", "3"]),
    (("BODY", "CORMORANT"), None, ["2"]),
    (("BODY", "gannet"), None, ["2", "4"]),
    (("BODY", "albatross"), None, ["5"]),
    (("BODY", "puffin"), None, ["6"]),
    (("BODY", "notes"), None, ["5"]),
    (("BODY", "amp"), None, []),  # HTML entities are decoded
    (("TEXT", "forwarded"), None, ["6"]),
    (("CHARSET", "UTF-8", "BODY"), "CRÈME".encode(), ["3"]),
    (("CHARSET", "UTF-8", "BODY"), "naïve".encode(), ["4"]),
]

DECOY = "zebraquux"


def answers(server):
    m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
    try:
        m.login(USER, PASSWORD)
        m.select("INBOX")
        out = []
        for args, literal, _ in QUERIES + [(("BODY", DECOY), None, [])]:
            m.literal = literal
            typ, data = m.uid("SEARCH", *args)
            assert typ == "OK", (args, typ, data)
            out.append(data[0].decode().split())
        return out
    finally:
        m.logout()


EXPECTED = [q[2] for q in QUERIES] + [[]]


def store_path(server):
    return os.path.join(server.data_dir, "mail", USER, "store.db")


def query(server, sql):
    db = sqlite3.connect(f"file:{store_path(server)}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchone()
    finally:
        db.close()


def backlog(server):
    row = query(server, "SELECT value FROM meta WHERE key = 'fulltext_backlog'")
    return row[0] if row else None


def test_search_derives_the_body_text(args):
    slow = {"search": {"index_delay_ms": 3_600_000, "index_max_wait_ms": 3_600_000}}
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}, config=slow) as server:
        m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
        m.login(USER, PASSWORD)
        for raw in MESSAGES:
            typ, data = m.append("INBOX", None, None, raw)
            assert typ == "OK", data
        m.logout()

        # Not indexed yet: the text is derived from the bytes for the search.
        assert backlog(server) is not None
        assert answers(server) == EXPECTED
        assert backlog(server) is not None, "the index was written meanwhile"
        assert query(server, "SELECT count(*), sum(length(body_text)) FROM content") == \
            (len(MESSAGES), 0), "new mail must not store its body text"
        server.stop()

        # The layout of schema version 7, whose rows kept a body_text; here
        # one that is not the message's, to see it is not what is searched.
        db = sqlite3.connect(store_path(server))
        try:
            with db:
                db.execute(f"UPDATE content SET body_text = '{DECOY} ' || id")
            db.execute("PRAGMA user_version = 7")
        finally:
            db.close()
        server.overrides = {"search": {"index_delay_ms": 100}}
        server.launch()
        # The store opens at the first login; its writer then indexes the
        # backlog once no write came for index_delay_ms.
        assert answers(server) == EXPECTED
        deadline = time.monotonic() + 30
        while backlog(server) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert backlog(server) is None, "the server did not write the index"
        assert query(server, "PRAGMA user_version")[0] == 9, query(server, "PRAGMA user_version")
        assert answers(server) == EXPECTED
        # The upgrade rewrote no row.
        assert query(server, f"SELECT count(*) FROM content WHERE body_text LIKE '{DECOY} %'") == \
            (len(MESSAGES),)
        server.stop()

        r = subprocess.run([server.petrel, "check", "--data-dir", server.data_dir, "--reindex",
                            USER], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        assert f"{USER}: full-text index rebuilt" in r.stdout, r.stdout
        server.launch()
        assert answers(server) == EXPECTED


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_search_derives_the_body_text], args)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Migration into Petrel: a Maildir written by Debian's Dovecot (started here
on loopback with a private configuration, messages APPENDed over IMAP with
flags and keywords) is imported with `petrel import maildir`, and Petrel's
IMAP shows the same UIDVALIDITY, UIDNEXT, UIDs, flags, keywords and bytes.
Also: re-running adds nothing, an interrupted import resumes, mbox import,
export -> Dovecot reads it -> re-import, `petrel user import-passwd`."""
import imaplib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import petrel_fixture as fx
from dovecot_fixture import DovecotServer

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "gen_corpus.py")
if not os.path.exists(CORPUS):
    CORPUS = "/work/shared/corpus/gen_corpus.py"

# (mailbox in Dovecot's "." notation, Petrel name, messages: (flags, bytes))
MESSAGES = {
    "INBOX": [
        (r"\Seen", b"From: a@example.com\r\nSubject: one\r\nMessage-ID: <1@x>\r\n\r\nfirst\r\n"),
        (r"\Answered \Flagged $Forwarded Work", b"Subject: two\r\n\r\nsecond\r\n"),
        (r"\Deleted", b"Subject: three (expunged in Dovecot)\r\n\r\nx\r\n"),
        (r"\Draft Later", b"Subject: four\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                          b"gr\xc3\xbc\xc3\x9fe\r\n"),
        ("", b"Subject: five (expunged: UIDNEXT stays above)\r\n\r\nx\r\n"),
    ],
    "Work.Projects": [
        (r"\Seen Work", b"Subject: project\r\n\r\nplan\r\n"),
        (r"\Flagged", b"Subject: project 2\r\n\r\n" + b"line\r\n" * 200),
    ],
    "Entw&APw-rfe": [(r"\Draft", b"Subject: draft\r\n\r\nunfinished\r\n")],
}
PETREL_NAME = {"INBOX": "INBOX", "Work.Projects": "Work/Projects", "Entw&APw-rfe": "Entw&APw-rfe"}


def cli(args, *argv, timeout=120):
    return fx.run_cli(args.petrel, list(argv), timeout=timeout)


def ok(r, what):
    assert r.returncode == 0, f"{what}: exit {r.returncode}\nstdout {r.stdout}\nstderr {r.stderr}"
    return r


def mailbox_view(imap, name):
    """UIDVALIDITY, UIDNEXT and {uid: (flags, size, bytes)} as a client sees them."""
    typ, data = imap.status(name, "(UIDVALIDITY UIDNEXT MESSAGES)")
    assert typ == "OK", (name, data)
    text = data[0].decode()
    uidvalidity = int(re.search(r"UIDVALIDITY (\d+)", text).group(1))
    uidnext = int(re.search(r"UIDNEXT (\d+)", text).group(1))
    typ, _ = imap.select(name, readonly=True)
    assert typ == "OK", name
    typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS RFC822.SIZE BODY.PEEK[])")
    assert typ == "OK", data
    messages = {}
    for item in data:
        if not isinstance(item, tuple):
            continue
        head, body = item
        head = head.decode()
        uid = int(re.search(r"UID (\d+)", head).group(1))
        flags = set(re.search(r"FLAGS \(([^)]*)\)", head).group(1).split()) - {"\\Recent"}
        size = int(re.search(r"RFC822\.SIZE (\d+)", head).group(1))
        messages[uid] = (flags, size, body)
    imap.close()
    return uidvalidity, uidnext, messages


def fill_dovecot(dovecot, user, password):
    imap = imaplib.IMAP4("127.0.0.1", dovecot.port)
    imap.login(user, password)
    for box, messages in MESSAGES.items():
        if box != "INBOX":
            typ, data = imap.create(box)
            assert typ == "OK", data
        for flags, body in messages:
            typ, data = imap.append(box, f"({flags})" if flags else None,
                                    imaplib.Time2Internaldate(1600000000), body)
            assert typ == "OK", data
    # Expunge the \Deleted message and the last one: UIDs with gaps, UIDNEXT above.
    imap.select("INBOX")
    imap.uid("STORE", "5", "+FLAGS", r"(\Deleted)")
    imap.expunge()
    views = {box: mailbox_view(imap, box) for box in MESSAGES}
    imap.logout()
    return views


def petrel_views(server, user, password):
    imap = imaplib.IMAP4("127.0.0.1", server.port)
    imap.login(user, password)
    views = {box: mailbox_view(imap, PETREL_NAME[box]) for box in MESSAGES}
    imap.logout()
    return views


def assert_same(expected, actual):
    for box, (uidvalidity, uidnext, messages) in expected.items():
        got_validity, got_next, got = actual[box]
        assert got_validity == uidvalidity, f"{box}: UIDVALIDITY {got_validity} != {uidvalidity}"
        assert got_next == uidnext, f"{box}: UIDNEXT {got_next} != {uidnext}"
        assert sorted(got) == sorted(messages), f"{box}: UIDs {sorted(got)} != {sorted(messages)}"
        for uid, (flags, size, body) in messages.items():
            g_flags, g_size, g_body = got[uid]
            assert g_flags == flags, f"{box} UID {uid}: flags {g_flags} != {flags}"
            assert g_size == size, f"{box} UID {uid}: size {g_size} != {size}"
            assert g_body == body, f"{box} UID {uid}: bytes differ:\n{g_body!r}\n{body!r}"


class Scenario:
    """One Dovecot run shared by the tests: its Maildir and what it showed."""

    def __init__(self):
        self.dovecot = DovecotServer({"alice": "dovepw"})
        with self.dovecot:
            self.views = fill_dovecot(self.dovecot, "alice", "dovepw")
        # Dovecot is stopped here; its Maildir stays until cleanup.
        self.maildir = self.dovecot.maildir("alice")

    def cleanup(self):
        self.dovecot.cleanup()


def test_dovecot_maildir_keeps_uids_flags_keywords_bytes(args, scenario):
    expected = scenario.views
    # The test data really has what it is meant to test.
    inbox = expected["INBOX"]
    assert sorted(inbox[2]) == [1, 2, 4] and inbox[1] == 6, inbox[:2]
    assert "$Forwarded" in inbox[2][2][0] and "Work" in inbox[2][2][0]
    with fx.PetrelServer(args.petrel, users={"alice": "secret"}) as server:
        r = ok(cli(args, "import", "maildir", scenario.maildir, "alice", "--data-dir", server.data_dir),
               "import maildir")
        assert "imported 6," in r.stdout, r.stdout
        assert "progress:" in r.stdout, r.stdout  # not a terminal: plain progress lines
        assert_same(expected, petrel_views(server, "alice", "secret"))
        # Re-running adds nothing, and the view is unchanged.
        r = ok(cli(args, "import", "maildir", scenario.maildir, "alice", "--data-dir", server.data_dir),
               "second import")
        assert "imported 0, skipped 6" in r.stdout, r.stdout
        assert_same(expected, petrel_views(server, "alice", "secret"))


def test_export_is_read_by_dovecot_and_reimports(args, scenario):
    with fx.PetrelServer(args.petrel, users={"alice": "secret", "bob": "secret2"}) as server:
        ok(cli(args, "import", "maildir", scenario.maildir, "alice", "--data-dir", server.data_dir),
           "import maildir")
        out = os.path.join(server.tmp, "export")
        r = ok(cli(args, "export", "maildir", "alice", out, "--data-dir", server.data_dir), "export")
        assert "exported 6 messages" in r.stdout, r.stdout
        r = cli(args, "export", "maildir", "alice", out, "--data-dir", server.data_dir)
        assert r.returncode != 0 and "not empty" in r.stderr, r
        # Round trip into another user: the same view.
        ok(cli(args, "import", "maildir", out, "bob", "--data-dir", server.data_dir), "re-import")
        assert_same(scenario.views, petrel_views(server, "bob", "secret2"))
        # Dovecot reads the export as its own Maildir with the same UIDs.
        dovecot = DovecotServer({"carol": "pw"})
        try:
            dovecot.give_mail("carol", out)
            with dovecot:
                imap = imaplib.IMAP4("127.0.0.1", dovecot.port)
                imap.login("carol", "pw")
                seen = {box: mailbox_view(imap, box) for box in MESSAGES}
                imap.logout()
            assert_same(scenario.views, seen)
        finally:
            dovecot.cleanup()


def count_rows(db):
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM message").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_interrupted_import_resumes(args):
    with tempfile.TemporaryDirectory(prefix="petrel-resume-") as tmp:
        maildir = os.path.join(tmp, "Maildir")
        total = 1500
        subprocess.run([sys.executable, CORPUS, "--count", str(total), "--seed", "7",
                        "--maildir", maildir], check=True, capture_output=True, timeout=300)
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        fx.add_user(args.petrel, data, "alice", "secret")
        # Commits of 100 leave 14 batches after the first one the poller can
        # see: with the default 1,000, the window between the first commit
        # and the end was 500 messages, which a loaded machine's poller
        # could miss.
        proc = subprocess.Popen([args.petrel, "import", "maildir", maildir, "alice", "--data-dir", data,
                                 "--batch", "100"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        db = os.path.join(data, "mail", "alice", "store.db")
        deadline = time.monotonic() + 120
        partial = 0
        try:
            while time.monotonic() < deadline and proc.poll() is None:
                partial = count_rows(db) if os.path.exists(db) else 0
                if partial > 0:
                    break
                time.sleep(0.01)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        partial = count_rows(db)
        assert 0 < partial < total, f"could not interrupt the import mid-way ({partial} of {total})"
        r = ok(cli(args, "import", "maildir", maildir, "alice", "--data-dir", data, timeout=600), "resume")
        m = re.search(r"imported (\d+), skipped (\d+)", r.stdout)
        assert m and int(m.group(2)) >= partial and int(m.group(1)) + int(m.group(2)) == total, r.stdout
        assert count_rows(db) == total, count_rows(db)
        with sqlite3.connect(db) as conn:
            distinct = conn.execute("SELECT count(DISTINCT message_id_raw) FROM content").fetchone()[0]
        assert distinct == total, f"{distinct} distinct Message-IDs for {total} messages"


MBOX = (b"From alice@example.com Tue Nov 14 22:13:20 2023\n"
        b"Subject: old one\nStatus: RO\nX-Status: AF\nX-Keywords: Work\n\n"
        b"body\n>From quoted\n\n"
        b"From bob Wed Nov 15 00:00:00 2023\nSubject: two\nStatus: O\n\nlast\n")


def test_mbox_import(args):
    with fx.PetrelServer(args.petrel, users={"alice": "secret"}) as server:
        mbox = os.path.join(server.tmp, "old.mbox")
        with open(mbox, "wb") as f:
            f.write(MBOX)
        r = ok(cli(args, "import", "mbox", mbox, "alice", "--mailbox", "Archive/2023",
                   "--data-dir", server.data_dir), "import mbox")
        assert "imported 2," in r.stdout, r.stdout
        r = ok(cli(args, "import", "mbox", mbox, "alice", "--mailbox", "Archive/2023",
                   "--data-dir", server.data_dir), "import mbox again")
        assert "imported 0, skipped 2" in r.stdout, r.stdout
        imap = imaplib.IMAP4("127.0.0.1", server.port)
        imap.login("alice", "secret")
        _, _, messages = mailbox_view(imap, "Archive/2023")
        typ, data = imap.select("Archive/2023")
        typ, dates = imap.uid("FETCH", "1", "INTERNALDATE")
        imap.logout()
        assert sorted(messages) == [1, 2], messages
        flags, size, body = messages[1]
        assert flags == {"\\Seen", "\\Answered", "\\Flagged", "Work"}, flags
        assert body == b"Subject: old one\r\n\r\nbody\r\nFrom quoted\r\n", body
        assert size == len(body)
        assert messages[2][0] == set() and messages[2][2] == b"Subject: two\r\n\r\nlast\r\n"
        assert b"14-Nov-2023 22:13:20 +0000" in dates[0], dates
        bad = os.path.join(server.tmp, "notmbox")
        with open(bad, "w") as f:
            f.write("hello\n")
        r = cli(args, "import", "mbox", bad, "alice", "--data-dir", server.data_dir)
        assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1, r


def doveadm_hash(scheme, password):
    r = subprocess.run(["doveadm", "pw", "-s", scheme, "-p", password], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_import_passwd_keeps_passwords(args):
    users = {"plain": ("{PLAIN}pw-plain", "pw-plain"),
             "sha": (doveadm_hash("SHA512-CRYPT", "pw-sha"), "pw-sha"),
             "blf": (doveadm_hash("BLF-CRYPT", "pw-blf"), "pw-blf"),
             "argon": (doveadm_hash("ARGON2ID", "pw-argon"), "pw-argon")}
    with tempfile.TemporaryDirectory(prefix="petrel-passwd-") as tmp:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        passwd = os.path.join(tmp, "passwd")
        with open(passwd, "w") as f:
            f.write("# Dovecot users\n")
            for name, (field, _) in users.items():
                f.write(f"{name}:{field}:1000:1000::/home/{name}::\n")
            f.write("broken line\n")
            f.write("weak:{MD5}abc:::\n")
        r = cli(args, "user", "import-passwd", passwd, "--data-dir", data)
        assert r.returncode != 0, r
        assert f"{passwd}:6:" in r.stderr and f"{passwd}:7:" in r.stderr, r.stderr
        assert "added 4 users" in r.stdout, r.stdout
        # Re-running keeps the users; only the bad lines fail again.
        r = cli(args, "user", "import-passwd", passwd, "--data-dir", data)
        assert "added 0 users, kept 4 existing, failed 2" in r.stdout, r.stdout
        server = fx.PetrelServer(args.petrel, tmp=tmp)
        with server:
            for name, (_, password) in users.items():
                imap = imaplib.IMAP4("127.0.0.1", server.port)
                typ, _ = imap.login(name, password)
                assert typ == "OK", name
                imap.logout()
                imap = imaplib.IMAP4("127.0.0.1", server.port)
                try:
                    imap.login(name, password + "x")
                    raise AssertionError(f"{name}: a wrong password was accepted")
                except imaplib.IMAP4.error:
                    pass
                finally:
                    imap.shutdown()


def main():
    args = fx.parse_args(__doc__)
    scenario = Scenario()
    try:
        code = fx.run_tests([test_dovecot_maildir_keeps_uids_flags_keywords_bytes,
                             test_export_is_read_by_dovecot_and_reimports], args, scenario)
        code |= fx.run_tests([test_interrupted_import_resumes, test_mbox_import,
                              test_import_passwd_keeps_passwords], args)
    finally:
        scenario.cleanup()
    return code


if __name__ == "__main__":
    sys.exit(main())

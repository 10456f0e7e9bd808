#!/usr/bin/env python3
"""`petrel backup DIR` while a client keeps APPENDing: the copy restores into
a fresh data directory where the server starts, the users can log in with
their passwords, and every message acknowledged before the backup began is
there with its exact bytes."""
import imaplib
import os
import re
import shutil
import tempfile
import threading
import time

import petrel_fixture as fx


def body(n):
    return (f"Subject: message {n}\r\nMessage-ID: <{n}@backup.test>\r\n\r\n" + f"line {n}\r\n" * 50).encode()


class Writer(threading.Thread):
    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.acknowledged = 0
        self.stop = threading.Event()
        self.error = None

    def run(self):
        try:
            imap = imaplib.IMAP4("127.0.0.1", self.port)
            imap.login("alice", "secret")
            n = 0
            while not self.stop.is_set() and n < 100000:
                typ, data = imap.append("INBOX", None, None, body(n))
                assert typ == "OK", data
                n += 1
                self.acknowledged = n
            imap.logout()
        except Exception as e:  # reported by the test
            self.error = e


def test_backup_while_writing_then_restore(args):
    with tempfile.TemporaryDirectory(prefix="petrel-backup-") as keep:
        restore_from_backup(args, keep)


def restore_from_backup(args, keep):
    with fx.PetrelServer(args.petrel, users={"alice": "secret", "bob": "pw2"}) as server:
        writer = Writer(server.port)
        writer.start()
        deadline = time.monotonic() + 60
        while writer.acknowledged < 50 and time.monotonic() < deadline and writer.error is None:
            time.sleep(0.01)
        acknowledged_before = writer.acknowledged
        assert acknowledged_before >= 50, (acknowledged_before, writer.error)
        target = os.path.join(keep, "backup")
        r = fx.run_cli(args.petrel, ["backup", target, "--data-dir", server.data_dir], timeout=120)
        writer.stop.set()
        writer.join(timeout=30)
        assert writer.error is None, writer.error
        assert r.returncode == 0, r.stderr
        assert "backed up 1 mail stores" in r.stdout, r.stdout  # bob never logged in
        # A second backup into the same directory is refused.
        r = fx.run_cli(args.petrel, ["backup", target, "--data-dir", server.data_dir])
        assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1, r
        cert = open(server.cert_path, "rb").read()

    restored = fx.PetrelServer(args.petrel)
    try:
        shutil.copytree(target, restored.data_dir)
        assert open(os.path.join(restored.data_dir, "tls", "cert.pem"), "rb").read() == cert
        with restored:
            imap = imaplib.IMAP4("127.0.0.1", restored.port)
            imap.login("alice", "secret")
            typ, data = imap.select("INBOX", readonly=True)
            count = int(data[0])
            assert count >= acknowledged_before, (count, acknowledged_before)
            typ, data = imap.fetch(f"1:{count}", "(BODY.PEEK[])")
            bodies = [item[1] for item in data if isinstance(item, tuple)]
            assert bodies == [body(n) for n in range(count)], "restored messages differ"
            imap.logout()
            imap = imaplib.IMAP4("127.0.0.1", restored.port)
            assert imap.login("bob", "pw2")[0] == "OK"
            imap.logout()
    finally:
        shutil.rmtree(restored.tmp, ignore_errors=True)


def test_backup_errors(args):
    with fx.PetrelServer(args.petrel, users={"alice": "secret"}) as server:
        blocker = os.path.join(server.tmp, "full")
        os.makedirs(blocker)
        open(os.path.join(blocker, "x"), "w").close()
        r = fx.run_cli(args.petrel, ["backup", blocker, "--data-dir", server.data_dir])
        assert r.returncode != 0 and re.search(r"not empty", r.stderr), r
        r = fx.run_cli(args.petrel, ["backup"])
        assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1, r


if __name__ == "__main__":
    args = fx.parse_args(__doc__)
    raise SystemExit(fx.run_tests([test_backup_while_writing_then_restore, test_backup_errors], args))

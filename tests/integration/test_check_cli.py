#!/usr/bin/env python3
"""`petrel check [--repair] [USER...]`: exit 0 on a sound store; a damaged
one (UIDNEXT lowered below a message's UID, done behind the server's back
with sqlite3) gives one line per problem and exit 1; --repair fixes it
(UIDNEXT raised, never renumbering) and exits 0; an unknown user or data
directory is a one-line error with a non-zero exit."""
import glob
import imaplib
import os
import sqlite3

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def check(server, *extra):
    return fx.run_cli(server.petrel, ["check", "--data-dir", server.data_dir, *extra])


def test_check_and_repair(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
    imap.login(USER, PASSWORD)
    for i in range(3):
        assert imap.append("INBOX", None, None, f"Subject: {i}\r\n\r\nx\r\n".encode())[0] == "OK"
    imap.logout()
    server.stop()
    try:
        r = check(server)
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert "no damage" in r.stdout, r.stdout
        r = check(server, USER)
        assert r.returncode == 0, (r.stdout, r.stderr)

        (db_path,) = glob.glob(os.path.join(server.data_dir, "mail", USER, "*.db"))
        with sqlite3.connect(db_path) as db:
            db.execute("UPDATE mailbox SET uidnext = 2 WHERE name = 'INBOX'")
        r = check(server)
        assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
        problems = [l for l in r.stdout.splitlines() if "problem" in l]
        assert problems and all(l.startswith(f"{USER}: ") for l in problems), r.stdout
        assert "UIDNEXT" in r.stdout, r.stdout

        r = check(server, "--repair")
        assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
        assert "repaired" in r.stdout, r.stdout
        r = check(server)
        assert r.returncode == 0, (r.stdout, r.stderr)
        with sqlite3.connect(db_path) as db:
            (uidnext,) = db.execute("SELECT uidnext FROM mailbox WHERE name = 'INBOX'").fetchone()
        assert uidnext == 4, uidnext

        for bad in (["nosuchuser"], ["../x"], ["--data-dir", "/nonexistent/dir/x"]):
            r = check(server, *bad)
            assert r.returncode != 0, bad
            assert r.stderr.count("\n") == 1 and r.stderr.startswith("petrel: error:"), r.stderr
        assert not os.path.exists(os.path.join(server.data_dir, "mail", "nosuchuser"))
    finally:
        server.launch()


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_check_and_repair], server, after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

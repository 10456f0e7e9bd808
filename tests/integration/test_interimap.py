#!/usr/bin/env python3
"""interimap (Debian's interimap, a QRESYNC client: ENABLE QRESYNC, SELECT
(QRESYNC ...), UID FETCH (CHANGEDSINCE ... VANISHED), STORE UNCHANGEDSINCE)
keeps two Petrel accounts in sync both ways through additions, flag changes
and deletions; every run exits 0 without an error or warning."""
import imaplib
import os
import subprocess
import tempfile

import petrel_fixture as fx

USERS = {"alice": "secret", "bob": "secret"}


def write_config(path, port, database):
    def section(name, user):
        return (f"[{name}]\ntype = imap\nhost = 127.0.0.1\nport = {port}\nSTARTTLS = NO\n"
                f"username = {user}\npassword = {USERS[user]}\n\n")
    with open(path, "w") as f:
        f.write(f"database = {database}\nlist-mailbox = INBOX\n\n")
        f.write(section("local", "bob") + section("remote", "alice"))


def interimap(config):
    r = subprocess.run(["interimap", f"--config={config}"] + (["--debug"] if os.environ.get("IDEBUG") else []), capture_output=True, text=True,
                       timeout=60, env={**os.environ, "HOME": os.path.dirname(config)})
    assert r.returncode == 0, f"interimap failed ({r.returncode}): {r.stdout} {r.stderr}"
    if os.environ.get("IDEBUG"):
        print(r.stderr)
    bad = [l for l in r.stderr.splitlines() if l.startswith("WARNING") or "error" in l.lower()]
    assert not bad, r.stderr
    return r


def session(port, user):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    imap.login(user, USERS[user])
    imap.select("INBOX")
    return imap


def state(port, user):
    """subject -> set of flags, for every message in the user's INBOX."""
    imap = session(port, user)
    typ, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    imap.logout()
    out = {}
    if typ != "OK":
        return out
    for item in data:
        if isinstance(item, tuple):
            subject = item[1].decode().strip().removeprefix("Subject: ")
            flags = item[0].decode().split("FLAGS (")[1].split(")")[0].split()
            out[subject] = set(flags) - {"\\Recent"}
    return out


def delete(port, user, subject):
    """Expunges the message with this subject from the user's INBOX."""
    imap = session(port, user)
    typ, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    seqs = [item[0].split()[0].decode() for item in data
            if isinstance(item, tuple) and f"Subject: {subject}\r".encode() in item[1]]
    assert len(seqs) == 1, (user, subject, data)
    imap.store(seqs[0], "+FLAGS", "(\\Deleted)")
    imap.expunge()
    imap.logout()


def test_two_accounts_both_ways(server):
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "config")
        write_config(config, server.port, os.path.join(tmp, "interimap.db"))
        interimap(config)
        # Additions both ways.
        a = session(server.port, "alice")
        assert a.append("INBOX", "(\\Seen)", None, b"Subject: one\r\n\r\n1\r\n")[0] == "OK"
        assert a.append("INBOX", None, None, b"Subject: two\r\n\r\n2\r\n")[0] == "OK"
        a.logout()
        b = session(server.port, "bob")
        assert b.append("INBOX", None, None, b"Subject: three\r\n\r\n3\r\n")[0] == "OK"
        b.logout()
        interimap(config)
        assert state(server.port, "alice") == state(server.port, "bob") == {
            "one": {"\\Seen"}, "two": set(), "three": set()}
        # Flag changes both ways.
        b = session(server.port, "bob")
        b.store("1:*", "+FLAGS", "(\\Flagged)")
        b.logout()
        interimap(config)
        a = session(server.port, "alice")
        a.store("1:*", "-FLAGS", "(\\Seen)")
        a.logout()
        interimap(config)
        expected = {"one": {"\\Flagged"}, "two": {"\\Flagged"}, "three": {"\\Flagged"}}
        assert state(server.port, "alice") == state(server.port, "bob") == expected, \
            (state(server.port, "alice"), state(server.port, "bob"))
        # Deletions both ways.
        delete(server.port, "alice", "one")
        delete(server.port, "bob", "two")
        interimap(config)
        alice, bob = state(server.port, "alice"), state(server.port, "bob")
        assert alice == bob == {"three": {"\\Flagged"}}, (alice, bob)
        # A run with nothing to do is quiet and changes nothing.
        interimap(config)
        assert state(server.port, "alice") == alice


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users=USERS) as server:
        return fx.run_tests([test_two_accounts_both_ways], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

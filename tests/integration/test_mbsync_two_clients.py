#!/usr/bin/env python3
"""mbsync (Debian's isync) as two clients of one Petrel INBOX, changing it in
turn: A adds a message, B gets it; B flags it, A sees the flag; A deletes
it, B loses it; a message APPENDed over IMAP meanwhile reaches both. Each
mbsync run must succeed (exit 0) and the maildirs must match the server."""
import glob
import imaplib
import os
import subprocess
import tempfile

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def write_config(path, port, maildir):
    with open(path, "w") as f:
        f.write(f"""IMAPAccount petrel
Host 127.0.0.1
Port {port}
User {USER}
Pass {PASSWORD}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account petrel

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX

Channel inbox
Far :remote:INBOX
Near :local:INBOX
Create Both
Expunge Both
Sync All
SyncState *
""")


def sync(config):
    r = subprocess.run(["mbsync", "-c", config, "inbox"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"mbsync failed ({r.returncode}): {r.stdout} {r.stderr}"
    return r


def messages(maildir):
    """file name -> (flags, bytes) of every message in the maildir's INBOX."""
    out = {}
    for path in glob.glob(os.path.join(maildir, "INBOX", "cur", "*")) + \
            glob.glob(os.path.join(maildir, "INBOX", "new", "*")):
        name = os.path.basename(path)
        flags = name.split(":2,")[1] if ":2," in name else ""
        with open(path, "rb") as f:
            out[path] = (flags, f.read())
    return out


def by_subject(maildir, subject):
    return [(p, fl) for p, (fl, data) in messages(maildir).items() if subject.encode() in data]


def server_state(port):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    imap.login(USER, PASSWORD)
    imap.select("INBOX", readonly=True)
    typ, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    imap.logout()
    return [item for item in data if isinstance(item, tuple)] if typ == "OK" else []


def test_two_mbsync_clients_in_turn(server):
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        ca, cb = os.path.join(tmp, "a.rc"), os.path.join(tmp, "b.rc")
        for maildir, config in ((a, ca), (b, cb)):
            os.makedirs(maildir)
            write_config(config, server.port, maildir)
            sync(config)
        # A adds a message.
        new = os.path.join(a, "INBOX", "new", "1700000000.1.host")
        with open(new, "wb") as f:
            f.write(b"Subject: from-a\r\n\r\nhello from a\r\n")
        sync(ca)
        assert any(b"from-a" in item[1] for item in server_state(server.port))
        sync(cb)
        (found,) = by_subject(b, "from-a")
        # B flags it.
        path, flags = found
        flagged = path.replace(os.sep + "new" + os.sep, os.sep + "cur" + os.sep)
        flagged = flagged.split(":2,")[0] + ":2,F" + "".join(c for c in flags if c != "F")
        os.rename(path, flagged)
        sync(cb)
        assert any(b"\\Flagged" in item[0] for item in server_state(server.port))
        sync(ca)
        ((_, aflags),) = by_subject(a, "from-a")
        assert "F" in aflags, aflags
        # Meanwhile an IMAP client appends.
        imap = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
        imap.login(USER, PASSWORD)
        assert imap.append("INBOX", None, None, b"Subject: from-imap\r\n\r\nx\r\n")[0] == "OK"
        imap.logout()
        # A deletes the first message (trashed + expunged by mbsync).
        ((apath, aflags),) = by_subject(a, "from-a")
        os.remove(apath)
        sync(ca)
        assert by_subject(a, "from-imap"), "A did not get the APPENDed message"
        state = server_state(server.port)
        assert not any(b"from-a" in item[1] for item in state), state
        sync(cb)
        assert not by_subject(b, "from-a"), "B still has the deleted message"
        assert by_subject(b, "from-imap"), "B did not get the APPENDed message"
        # Nothing left to do: a second round changes nothing and succeeds.
        sync(ca)
        sync(cb)
        assert len(messages(a)) == len(messages(b)) == 1


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_two_mbsync_clients_in_turn], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

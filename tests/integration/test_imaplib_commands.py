#!/usr/bin/env python3
"""Every IMAP command through Python's imaplib, the way a scripted client
uses Petrel: mailbox commands, APPEND, SELECT/EXAMINE, FETCH, STORE, COPY,
MOVE, EXPUNGE, SEARCH, SORT, THREAD, IDLE, QUOTA, NAMESPACE, ID, ENABLE,
AUTHENTICATE, STARTTLS; then a restart, after which everything acknowledged
is still there (RFC 9051 6; the extensions' RFCs as named below)."""
import imaplib
import re

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def msg(n, subject=None, extra=""):
    subject = subject or f"message {n}"
    return (f"From: Sender {n} <s{n}@example.org>\r\nTo: alice@example.org\r\n"
            f"Subject: {subject}\r\nDate: Mon, {n} Jan 2024 10:00:00 +0000\r\n"
            f"Message-ID: <m{n}@example.org>\r\n{extra}\r\nbody of message {n}\r\n").encode()


def ok(result, what):
    typ, data = result
    assert typ == "OK", f"{what}: {typ} {data}"
    return data


def connect(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port, timeout=30)
    ok(imap.login(USER, PASSWORD), "LOGIN")
    return imap


def uids_in(imap, mailbox):
    ok(imap.select(mailbox, readonly=True), f"EXAMINE {mailbox}")
    data = ok(imap.uid("SEARCH", "ALL"), "UID SEARCH")
    return [int(x) for x in data[0].split()]


def test_any_state_commands(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port, timeout=30)
    caps = ok(imap.capability(), "CAPABILITY")[0].decode().split()
    for cap in ("IMAP4rev2", "IMAP4rev1", "STARTTLS", "AUTH=PLAIN"):
        assert cap in caps, f"{cap} not in {caps}"
    ok(imap.noop(), "NOOP")
    typ, data = imap.xatom("ID", '("name" "imaplib")')
    assert typ == "OK", data
    ok(imap.authenticate("PLAIN", lambda _: f"\0{USER}\0{PASSWORD}".encode()), "AUTHENTICATE")
    # After authentication, the extensions of the authenticated state.
    caps = ok(imap.capability(), "CAPABILITY")[0].decode().split()
    for cap in ("IDLE", "MOVE", "UIDPLUS", "ESEARCH", "SORT", "QUOTA", "OBJECTID", "CONDSTORE"):
        assert cap in caps, f"{cap} not in {caps}"
    ok(imap.enable("CONDSTORE"), "ENABLE")
    data = ok(imap.namespace(), "NAMESPACE")
    assert data[0].startswith(b'(("" "/"))'), data
    assert imap.logout()[0] == "BYE"


def test_mailbox_commands(server):
    imap = connect(server)
    ok(imap.create("Projects/2026"), "CREATE")
    ok(imap.subscribe("Projects/2026"), "SUBSCRIBE")
    listed = [line.decode() for line in ok(imap.list('""', "Projects*"), "LIST")]
    assert any(line.endswith('"/" Projects') and "\\HasChildren" in line for line in listed), listed
    assert any(line.endswith("Projects/2026") for line in listed), listed
    lsub = [line.decode() for line in ok(imap.lsub('""', "*"), "LSUB")]
    assert any(line.endswith("Projects/2026") for line in lsub), lsub
    ok(imap.rename("Projects/2026", "Projects/Done"), "RENAME")
    status = ok(imap.status("Projects/Done", "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"), "STATUS")
    assert re.search(rb"MESSAGES 0 .*UIDNEXT 1 ", status[0]), status
    ok(imap.unsubscribe("Projects/Done"), "UNSUBSCRIBE")
    ok(imap.delete("Projects/Done"), "DELETE")
    typ, data = imap.status("Projects/Done", "(MESSAGES)")
    assert typ == "NO" and b"[NONEXISTENT]" in data[0], (typ, data)
    typ, data = imap.delete("INBOX")
    assert typ == "NO", (typ, data)
    # A new user has the special-use mailboxes.
    listed = b" ".join(ok(imap.list(), "LIST"))
    for use in (b"\\Drafts", b"\\Sent", b"\\Trash", b"\\Junk", b"\\Archive"):
        assert use in listed, listed
    imap.logout()


def test_message_commands(server):
    imap = connect(server)
    ok(imap.create("Work"), "CREATE")
    for n in range(1, 6):
        typ, data = imap.append("Work", "(\\Seen)" if n % 2 else None,
                                imaplib.Time2Internaldate(1700000000 + n), msg(n))
        assert typ == "OK" and b"[APPENDUID " in data[0], (typ, data)
    typ, data = imap.append("Nowhere", None, None, msg(9))
    assert typ == "NO" and b"[TRYCREATE]" in data[0], (typ, data)

    data = ok(imap.select("Work"), "SELECT")
    assert data == [b"5"], data
    ok(imap.check(), "CHECK")
    data = ok(imap.fetch("1:5", "(UID FLAGS RFC822.SIZE ENVELOPE)"), "FETCH")
    assert len(data) == 5 and b"ENVELOPE" in data[0], data
    data = ok(imap.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])"), "FETCH header")
    assert data[0][1] == b"Subject: message 2\r\n\r\n", data
    data = ok(imap.uid("FETCH", "3", "(BODY[])"), "UID FETCH")
    assert data[0][1] == msg(3), data
    data = ok(imap.fetch("3", "(FLAGS)"), "FETCH FLAGS")
    assert b"\\Seen" in data[0], data  # set by BODY[] (RFC 9051 6.4.5)

    data = ok(imap.store("1", "+FLAGS", "(\\Flagged $Important)"), "STORE")
    assert b"\\Flagged" in data[0] and b"$Important" in data[0], data
    ok(imap.uid("STORE", "2", "-FLAGS.SILENT", "(\\Seen)"), "UID STORE")
    data = ok(imap.search(None, "FLAGGED"), "SEARCH")
    assert data == [b"1"], data
    data = ok(imap.uid("SEARCH", "SUBJECT", '"message 4"'), "UID SEARCH")
    assert data == [b"4"], data
    data = ok(imap.sort("(REVERSE DATE)", "UTF-8", "ALL"), "SORT")
    assert data == [b"5 4 3 2 1"], data
    data = ok(imap.thread("REFERENCES", "UTF-8", "ALL"), "THREAD")
    assert data[0].count(b"(") == 5, data

    data = ok(imap.copy("1:2", "Archive"), "COPY")
    assert b"[COPYUID " in data[0], data
    data = ok(imap.uid("MOVE", "5", "Trash"), "UID MOVE")
    assert uids_in(imap, "Trash") == [1]
    ok(imap.select("Work"), "SELECT")
    ok(imap.store("4", "+FLAGS", "\\Deleted"), "STORE \\Deleted")
    typ, data = imap.uid("EXPUNGE", "4")
    assert typ == "OK", (typ, data)
    assert imap.response("EXPUNGE") == ("EXPUNGE", [b"4"])
    ok(imap.store("1", "+FLAGS", "\\Deleted"), "STORE \\Deleted")
    data = ok(imap.expunge(), "EXPUNGE")
    assert data == [b"1"], data
    ok(imap.unselect(), "UNSELECT")
    ok(imap.select("Work", readonly=True), "EXAMINE")
    typ, data = imap.store("1", "+FLAGS", "\\Flagged")
    assert typ == "NO", (typ, data)  # read-only
    ok(imap.close(), "CLOSE")
    assert uids_in(imap, "Work") == [2, 3]
    assert uids_in(imap, "Archive") == [1, 2]
    imap.logout()


def test_quota_and_idle(server):
    imap = connect(server)
    data = ok(imap.getquotaroot("INBOX"), "GETQUOTAROOT")
    assert data[0][0].startswith(b'"INBOX" ""') or data[0][0].startswith(b"INBOX"), data
    ok(imap.getquota('""'), "GETQUOTA")
    ok(imap.select("INBOX"), "SELECT")
    other = connect(server)
    tag = imap._new_tag().decode()
    imap.send(f"{tag} IDLE\r\n".encode())
    assert imap.readline().startswith(b"+")
    ok(other.append("INBOX", None, None, msg(7)), "APPEND")
    line = imap.readline()
    assert re.match(rb"\* \d+ EXISTS", line), line
    imap.send(b"DONE\r\n")
    while True:
        line = imap.readline()
        if line.startswith(tag.encode()):
            assert b" OK" in line, line
            break
    other.logout()
    imap.logout()


def test_starttls(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port, timeout=30)
    ok(imap.starttls(server.ssl_context()), "STARTTLS")
    ok(imap.login(USER, PASSWORD), "LOGIN over TLS")
    imap.logout()


def test_restart_keeps_everything(server):
    imap = connect(server)
    before = {box: uids_in(imap, box) for box in ("Work", "Archive", "Trash", "INBOX")}
    flags = ok(imap.fetch("1:*", "(UID FLAGS)"), "FETCH")
    imap.logout()
    server.stop()
    server.launch()
    imap = connect(server)
    after = {box: uids_in(imap, box) for box in ("Work", "Archive", "Trash", "INBOX")}
    assert after == before, (before, after)
    assert ok(imap.fetch("1:*", "(UID FLAGS)"), "FETCH") == flags
    ok(imap.select("Work", readonly=True), "EXAMINE")
    data = ok(imap.uid("FETCH", "3", "(BODY.PEEK[])"), "UID FETCH")
    assert data[0][1] == msg(3), data
    imap.logout()


def main():
    args = fx.parse_args(__doc__)
    tests = [test_any_state_commands, test_mailbox_commands, test_message_commands,
             test_quota_and_idle, test_starttls, test_restart_keeps_everything]
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests(tests, server, after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

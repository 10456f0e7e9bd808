#!/usr/bin/env python3
"""LMTP (RFC 2033) against the real server over real sockets: Python's
smtplib.LMTP and a raw line client. Unknown and mixed recipients, +detail
folders, one reply per recipient after DATA, pipelining, dot-stuffing,
oversize and over-quota mail, line limits, a client vanishing during DATA
(nothing stored), the inactivity deadline, and a unix socket."""
import os
import smtplib
import socket
import tempfile
import time

import petrel_fixture as fx
from lmtp_client import Lmtp, imap_messages, message_count

USERS = {"alice": "pw-a", "bob": "pw-b", "carol": "pw-c", "dave": "pw-d", "erin": "pw-e"}
MAX_SIZE = 20000
TIMEOUT = 3
CONFIG = {"lmtp": {"max_message_size": MAX_SIZE, "max_recipients": 3, "max_data_line": 1000,
                   "max_command_line": 600, "timeout_seconds": TIMEOUT}}

MESSAGE = ("From: Sender <sender@example.org>\r\nTo: alice@example.com\r\n"
           "Subject: {subject}\r\nMessage-ID: <{subject}@example.org>\r\n\r\nHello {subject}\r\n")


def count(server, user, mailbox="INBOX"):
    return message_count(server, user, USERS[user], mailbox)


def test_smtplib_delivery_with_trace_headers(server):
    with smtplib.LMTP("127.0.0.1", server.lmtp_port, timeout=10) as lmtp:
        code, _ = lmtp.ehlo("client.example")  # smtplib.LMTP sends LHLO
        assert code == 250
        for ext in ("pipelining", "enhancedstatuscodes", "8bitmime", "size"):
            assert lmtp.has_extn(ext), f"{ext} not offered: {lmtp.esmtp_features}"
        assert lmtp.esmtp_features["size"] == str(MAX_SIZE)
        refused = lmtp.sendmail("sender@example.org", ["alice@example.com"],
                                MESSAGE.format(subject="first"))
        assert refused == {}, refused
    bodies = imap_messages(server, "alice", USERS["alice"])
    assert len(bodies) == 1, bodies
    body = bodies[0]
    assert body.startswith(b"Return-Path: <sender@example.org>\r\nDelivered-To: alice@example.com\r\n"), body
    assert body.endswith(b"\r\nHello first\r\n"), body
    # The parse results describe the stored bytes: ENVELOPE and a header
    # section cut from the part offsets.
    with server.connect() as c:
        c.read_line()
        c.login("alice", USERS["alice"])
        c.command("s", "SELECT INBOX")
        untagged, tagged = c.command("f", "FETCH 1 (ENVELOPE BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT])")
        assert tagged.startswith("f OK"), tagged
        text = "\n".join(untagged)
        assert '"first"' in text and "Hello first" in text, text


def test_unknown_and_mixed_recipients(server):
    before = {u: count(server, u) for u in ("alice", "bob")}
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        c.command("MAIL FROM:<sender@example.org>", 250, "2.1.0")
        c.command("RCPT TO:<nobody@example.com>", 550, "5.1.1")
        c.command("RCPT TO:<alice@example.com>", 250, "2.1.5")
        c.command("RCPT TO:<BOB>", 250)
        c.command("DATA", 354)
        c.send(MESSAGE.format(subject="mixed") + ".\r\n")
        # One reply per accepted recipient, in RCPT order.
        assert "alice@example.com" in c.expect(250, "2.0.0")[-1]
        assert "BOB" in c.expect(250, "2.0.0")[-1]
        # Only unknown recipients: DATA is refused.
        c.command("MAIL FROM:<>", 250)
        c.command("RCPT TO:<ghost@example.com>", 550, "5.1.1")
        c.command("DATA", 503, "5.5.1")
        c.command("QUIT", 221)
        assert c.reply()[0] is None
    assert count(server, "alice") == before["alice"] + 1
    assert count(server, "bob") == before["bob"] + 1


def test_detail_folders(server):
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        c.command("MAIL FROM:<s@example.org>", 250)
        c.command("RCPT TO:<bob+Archive@example.com>", 250)
        c.command("RCPT TO:<bob+NoSuchFolder@example.com>", 250)
        c.command("DATA", 354)
        c.send(MESSAGE.format(subject="detail") + ".\r\n")
        c.expect(250)
        c.expect(250)
    archive = imap_messages(server, "bob", USERS["bob"], "Archive")
    assert len(archive) == 1 and b"Delivered-To: bob+Archive@example.com\r\n" in archive[0], archive
    inbox = imap_messages(server, "bob", USERS["bob"])
    assert any(b"Delivered-To: bob+NoSuchFolder@example.com" in b for b in inbox), inbox


def test_pipelining_and_dot_stuffing(server):
    body = ("Subject: dots\r\n\r\n..leading dot\r\n...two dots\r\n.\tnot the end\r\n"
            "last line \u00e9\r\n")
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        # RFC 2920: the whole transaction in one write.
        c.send("MAIL FROM:<p@example.org> BODY=8BITMIME SIZE=200\r\nRCPT TO:<nobody>\r\n"
               "RCPT TO:<erin>\r\nDATA\r\n" + body + ".\r\nNOOP\r\n")
        c.expect(250, "2.1.0")
        c.expect(550, "5.1.1")
        c.expect(250, "2.1.5")
        c.expect(354)
        c.expect(250, "<erin> Saved")
        c.expect(250)  # NOOP
    stored = imap_messages(server, "erin", USERS["erin"])[-1]
    # RFC 5321 4.5.2: the first dot of every line that starts with one goes.
    assert stored.endswith(
        "\r\n\r\n.leading dot\r\n..two dots\r\n\tnot the end\r\nlast line \u00e9\r\n".encode()), stored


def test_oversize(server):
    before = count(server, "alice")
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        c.command(f"MAIL FROM:<big@example.org> SIZE={MAX_SIZE + 1}", 552, "5.3.4")
        # Without SIZE the message is read to its end and refused for each
        # recipient; nothing is stored.
        c.command("MAIL FROM:<big@example.org>", 250)
        c.command("RCPT TO:<alice>", 250)
        c.command("RCPT TO:<bob>", 250)
        c.command("DATA", 354)
        c.send("Subject: big\r\n\r\n" + ("x" * 99 + "\r\n") * 300 + ".\r\n")
        c.expect(552, "5.3.4")
        c.expect(552, "5.3.4")
        c.command("NOOP", 250)  # the session goes on
    assert count(server, "alice") == before


def test_over_quota(server):
    r = fx.run_cli(server.petrel, ["user", "quota", "carol", "--messages", "1", "--config", server.config_path])
    assert r.returncode == 0, r.stderr
    r = fx.run_cli(server.petrel, ["user", "quota", "dave", "--storage", "1K", "--config", server.config_path])
    assert r.returncode == 0, r.stderr
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        c.command("MAIL FROM:<q@example.org>", 250)
        c.command("RCPT TO:<carol>", 250)
        c.command("DATA", 354)
        c.send(MESSAGE.format(subject="fits") + ".\r\n")
        c.expect(250)
        # carol is now at her limit: refused at RCPT; dave is refused when
        # the announced size would not fit, and after DATA when the message
        # turns out too big.
        c.command("MAIL FROM:<q@example.org> SIZE=5000", 250)
        c.command("RCPT TO:<carol>", 552, "5.2.2")
        c.command("RCPT TO:<dave>", 552, "5.2.2")
        c.command("RSET", 250)
        c.command("MAIL FROM:<q@example.org>", 250)
        c.command("RCPT TO:<dave>", 250)
        c.command("RCPT TO:<alice>", 250)
        c.command("DATA", 354)
        c.send("Subject: large\r\n\r\n" + ("y" * 98 + "\r\n") * 30 + ".\r\n")
        c.expect(552, "5.2.2")
        c.expect(250)
    assert count(server, "carol") == 1
    assert count(server, "dave") == 0


def test_protocol_errors(server):
    with Lmtp(server.lmtp_port) as c:
        c.expect(220)
        c.command("MAIL FROM:<a@b>", 503, "5.5.1")
        c.command("HELO x", 500)
        c.command("EHLO x", 500)
        c.command("LHLO", 501)
        c.command("LHLO x", 250)
        c.command("RCPT TO:<alice>", 503, "5.5.1")
        c.command("DATA", 503, "5.5.1")
        c.command("MAIL FROM:<a@b> BODY=BINARYMIME", 501)
        c.command("MAIL FROM:<a@b> FOO=1", 555)
        c.command("MAIL FROM:a@b", 250)  # no brackets: tolerated
        c.command("MAIL FROM:<a@b>", 503, "Nested")
        c.command("RCPT TO:<>", 501)
        c.command("RCPT TO:<alice> NOTIFY=NEVER", 555)
        c.command("RCPT TO:<alice>", 250)
        c.command("RCPT TO:<bob>", 250)
        c.command("RCPT TO:<erin>", 250)
        c.command("RCPT TO:<carol>", 452, "4.5.3")  # max_recipients = 3
        c.command("RSET", 250)
        c.command("VRFY alice", 252)
        c.command("FROB", 500)
        c.command("X" * 700, 500, "5.5.2")  # over max_command_line
        c.command("NOOP", 250)
        c.command("QUIT", 221)


def test_long_data_line(server):
    before = count(server, "erin")
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        c.command("MAIL FROM:<l@example.org>", 250)
        c.command("RCPT TO:<erin>", 250)
        c.command("DATA", 354)
        c.send("Subject: long\r\n\r\n" + "z" * 1500 + "\r\nshort\r\n.\r\n")
        c.expect(554, "5.6.0")
        c.command("NOOP", 250)
    assert count(server, "erin") == before


def test_disconnect_during_data_stores_nothing(server):
    before = count(server, "alice")
    with Lmtp(server.lmtp_port) as c:
        c.greet()
        c.command("MAIL FROM:<gone@example.org>", 250)
        c.command("RCPT TO:<alice>", 250)
        c.command("DATA", 354)
        c.send("Subject: half\r\n\r\nthe first half\r\n")
    with Lmtp(server.lmtp_port) as c:  # the end of DATA without the dot: still nothing
        c.greet()
        c.command("MAIL FROM:<gone@example.org>", 250)
        c.command("RCPT TO:<alice>", 250)
        c.command("DATA", 354)
        c.send("Subject: half\r\n\r\nalmost\r\n")
        c.conn.sock.shutdown(socket.SHUT_WR)
        assert c.reply()[0] is None
    time.sleep(0.3)
    assert count(server, "alice") == before
    server.assert_serves()


def test_inactivity_deadline(server):
    with Lmtp(server.lmtp_port) as c:
        c.expect(220)
        start = time.monotonic()
        c.expect(421, "4.4.2", timeout=TIMEOUT + 5)
        assert c.reply(timeout=5)[0] is None
        elapsed = time.monotonic() - start
        assert TIMEOUT - 0.5 <= elapsed <= TIMEOUT + 3, elapsed


def test_unix_socket(args):
    with tempfile.TemporaryDirectory(prefix="petrel-lmtp-") as tmp:
        path = os.path.join(tmp, "lmtp.sock")
        config = {"lmtp": {"listen": "", "socket": path}}
        with fx.PetrelServer(args.petrel, users={"alice": "pw"}, config=config) as server:
            with smtplib.LMTP(path, timeout=10) as lmtp:
                assert lmtp.sendmail("u@example.org", ["alice"], "Subject: unix\r\n\r\nvia unix\r\n") == {}
            assert message_count(server, "alice", "pw") == 1
        assert not os.path.exists(path), "socket left behind after shutdown"


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users=USERS, config=CONFIG) as server:
        code = fx.run_tests([test_smtplib_delivery_with_trace_headers, test_unknown_and_mixed_recipients,
                             test_detail_folders, test_pipelining_and_dot_stuffing, test_oversize,
                             test_over_quota, test_protocol_errors, test_long_data_line,
                             test_disconnect_during_data_stores_nothing, test_inactivity_deadline],
                            server)
    code |= fx.run_tests([test_unix_socket], args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())

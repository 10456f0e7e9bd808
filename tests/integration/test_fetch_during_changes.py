#!/usr/bin/env python3
"""Changes from other sessions while a large non-UID FETCH runs (RFC 9051
7.5.1, 5.2): session A fetches 1:* of a mailbox of large messages and reads
the answer slowly; meanwhile session B expunges, flags and appends, and
session C, in IDLE, watches. A must see no untagged EXPUNGE until its FETCH
is done, every FETCH line must carry the sequence number its UID had when
the FETCH began, and the EXPUNGE/EXISTS that follow must bring A's view to
exactly B's. C must learn of every change while the FETCH is still going.

Whether A's FETCH still finds the expunged messages depends on how far the
server had got when B's EXPUNGE committed (it reads each message's bytes
as it writes it, and waits for the slow reader in between): those it had
read are answered, those it had not are left out, and then the FETCH ends
with NO [EXPUNGEISSUED] (RFC 2180 4.1.2, RFC 9051 7.1), else with OK. Both
are right, so the test checks that the tagged reply matches what was left
out. The second test makes the "left out" case certain."""
import re
import socket
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
MESSAGES = 80
BODY_BYTES = 150_000  # 12 MB in all: more than the socket buffers hold
EXPUNGED = range(10, 21)  # UIDs (and sequence numbers) B expunges
FLAGGED = 3
LITERAL = re.compile(rb"\{(\d+)\}$")


def message(uid):
    line = f"line of message {uid} ".ljust(70, "x") + "\r\n"
    body = line * (BODY_BYTES // len(line))
    return (f"From: b@example.org\r\nSubject: message {uid}\r\n\r\n" + body).encode()


def read_response(conn, deadline):
    """One response: its text with literals replaced by {n}, and the literals."""
    text, literals = b"", []
    while True:
        line = conn.read_line_bytes(max(0.001, deadline - time.monotonic()))
        if line is None:
            raise fx.ProtocolError("connection closed in a response")
        text += line
        m = LITERAL.search(line)
        if not m:
            return text.decode("utf-8", "replace"), literals
        size = int(m.group(1))
        while len(conn.buf) < size:
            if not conn._fill(deadline):
                raise fx.ProtocolError("connection closed in a literal")
        literals.append(conn.buf[:size])
        conn.buf = conn.buf[size:]


def append_all(conn):
    for uid in range(1, MESSAGES + 1):
        data = message(uid)
        conn.send(f"a{uid} APPEND INBOX {{{len(data)}+}}\r\n".encode() + data + b"\r\n")
        _, tagged = conn.wait_tagged(f"a{uid}", timeout=30)
        assert tagged.startswith(f"a{uid} OK [APPENDUID "), tagged


def select(conn, tag):
    untagged, tagged = conn.command(tag, "SELECT INBOX")
    assert tagged.startswith(f"{tag} OK"), tagged
    assert f"* {MESSAGES} EXISTS" in untagged, untagged


def uids_of(conn, tag):
    untagged, tagged = conn.command(tag, "UID SEARCH ALL")
    assert tagged.startswith(f"{tag} OK"), tagged
    found = [line for line in untagged if line.startswith("* SEARCH")]
    assert len(found) == 1, untagged
    return [int(x) for x in found[0].split()[2:]]


def slow_reader(server):
    """A connection with a small receive buffer (set before connecting: a
    buffer shrunk later makes the kernel drop data and back off), so the
    server has to wait for the reader while it writes a large response."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", server.port))
    return fx.Conn(sock, timeout=30)


def test_fetch_sees_no_expunge_and_stays_consistent(server):
    with server.connect() as b, slow_reader(server) as a, server.connect() as c:
        for conn in (a, b, c):
            assert conn.read_line().startswith("* OK")
            conn.login(USER, PASSWORD)
        append_all(b)
        select(a, "s")
        select(b, "s")
        select(c, "s")
        c.send_line("i IDLE")
        assert c.read_line().startswith("+ "), "IDLE continuation"

        # A starts the FETCH and reads only its first line, so the server
        # is still writing (or has yet to write) the rest while B works.
        a.send_line("f FETCH 1:* (UID FLAGS BODY.PEEK[])")
        deadline = time.monotonic() + 120
        first = read_response(a, deadline)
        assert first[0].startswith("* 1 FETCH "), first[0]

        lo, hi = EXPUNGED[0], EXPUNGED[-1]
        _, tagged = b.command("b1", f"STORE {lo}:{hi} +FLAGS.SILENT (\\Deleted)")
        assert tagged.startswith("b1 OK"), tagged
        untagged, tagged = b.command("b2", "EXPUNGE")
        assert tagged.startswith("b2 OK"), tagged
        assert len([u for u in untagged if u.endswith(" EXPUNGE")]) == len(EXPUNGED), untagged
        _, tagged = b.command("b3", f"UID STORE {FLAGGED} +FLAGS.SILENT (\\Flagged)")
        assert tagged.startswith("b3 OK"), tagged
        new = message(MESSAGES + 1)
        b.send(f"b4 APPEND INBOX {{{len(new)}+}}\r\n".encode() + new + b"\r\n")
        _, tagged = b.wait_tagged("b4", timeout=30)
        assert tagged.startswith("b4 OK"), tagged

        # C, in IDLE, hears of all of it while A's FETCH is unfinished.
        heard_expunges, heard_exists = 0, None
        idle_deadline = time.monotonic() + 10
        while heard_expunges < len(EXPUNGED) or heard_exists is None:
            line = c.read_line(max(0.001, idle_deadline - time.monotonic()))
            assert line is not None, "C lost its connection"
            if line.endswith(" EXPUNGE"):
                heard_expunges += 1
            elif line.endswith(" EXISTS"):
                heard_exists = int(line.split()[1])
        assert heard_exists == MESSAGES - len(EXPUNGED) + 1, heard_exists

        # Now A reads the rest of its FETCH.
        fetched = {}  # sequence number -> (uid, body)
        responses = [first]
        while True:
            text, literals = read_response(a, deadline)
            if text.startswith("f "):
                tagged = text
                break
            responses.append((text, literals))
        exists = None  # EXISTS may come during the FETCH (RFC 9051 7.4.1), EXPUNGE not
        for text, literals in responses:
            assert not text.endswith(" EXPUNGE"), f"EXPUNGE during FETCH: {text}"
            if text.endswith(" EXISTS"):
                # No expunge has been reported: the count includes them.
                exists = int(text.split()[1])
                assert exists == MESSAGES + 1, text
            m = re.match(r"\* (\d+) FETCH \(.*UID (\d+)", text)
            if m and literals:
                seq, uid = int(m.group(1)), int(m.group(2))
                # The view A had when the FETCH began: sequence number = UID.
                assert seq == uid, text
                fetched[seq] = (uid, literals[0])
        # Every message that was not expunged is there, byte for byte; an
        # expunged one may be answered (its bytes are immutable) or left out.
        for uid in range(1, MESSAGES + 1):
            if uid in EXPUNGED and uid not in fetched:
                continue
            assert uid in fetched, f"message {uid} missing from FETCH"
            assert fetched[uid][1] == message(uid), f"message {uid} bytes differ"
        # The tagged reply says whether something was left out.
        left_out = [uid for uid in EXPUNGED if uid not in fetched]
        if left_out:
            assert tagged.startswith("f NO [EXPUNGEISSUED]"), (tagged, left_out)
        else:
            assert tagged.startswith("f OK"), tagged

        # After the FETCH, the EXPUNGEs and EXISTS bring A to B's view.
        untagged, tagged = a.command("n", "NOOP")
        assert tagged.startswith("n OK"), tagged
        view = list(range(1, MESSAGES + 1))
        for line in untagged:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "EXPUNGE":
                del view[int(parts[1]) - 1]
            elif len(parts) == 3 and parts[2] == "EXISTS":
                exists = int(parts[1])
        assert exists is not None, "A never heard of the new message"
        assert exists in (MESSAGES + 1, MESSAGES - len(EXPUNGED) + 1), untagged
        view.append(MESSAGES + 1)
        assert view == uids_of(b, "b5"), (view, untagged)
        assert view == uids_of(a, "u"), view
        # Sequence numbers agree with UIDs, and the flag change is seen.
        untagged, tagged = a.command("g", "FETCH 1:* (UID FLAGS)")
        assert tagged.startswith("g OK"), tagged
        for line in untagged:
            m = re.match(r"\* (\d+) FETCH \(UID (\d+) FLAGS \(([^)]*)\)\)", line)
            assert m, line
            seq, uid, flags = int(m.group(1)), int(m.group(2)), m.group(3)
            assert view[seq - 1] == uid, line
            assert ("\\Flagged" in flags) == (uid == FLAGGED), line

        c.send_line("DONE")
        _, tagged = c.wait_tagged("i")
        assert tagged.startswith("i OK"), tagged


def test_messages_expunged_before_their_turn_are_left_out_with_no(server):
    """A FETCH held up on message 1 (16 MB, more than any socket buffers
    hold, to a reader that has not read it) cannot have read messages 10-20
    when B expunges them: they are left out and the reply is NO
    [EXPUNGEISSUED]; every other message is answered with the sequence
    number it had when the FETCH began, and the next NOOP reports the
    expunges."""
    count, big = 30, 16 << 20
    bodies = {uid: message(uid) for uid in range(2, count + 1)}
    line = b"x" * 998 + b"\r\n"
    bodies[1] = b"From: b@example.org\r\nSubject: big\r\n\r\n" + line * (big // len(line))
    with server.connect() as b, slow_reader(server) as a:
        for conn in (a, b):
            assert conn.read_line().startswith("* OK")
            conn.login(USER, PASSWORD)
        _, tagged = b.command("c", "CREATE big")
        assert tagged.startswith("c OK"), tagged
        for uid in range(1, count + 1):
            data = bodies[uid]
            b.send(f"a{uid} APPEND big {{{len(data)}+}}\r\n".encode() + data + b"\r\n")
            _, tagged = b.wait_tagged(f"a{uid}", timeout=60)
            assert tagged.startswith(f"a{uid} OK"), tagged
        for conn in (a, b):
            untagged, tagged = conn.command("s", "SELECT big")
            assert tagged.startswith("s OK") and f"* {count} EXISTS" in untagged, (untagged, tagged)

        a.send_line("f FETCH 1:* (UID BODY.PEEK[])")
        deadline = time.monotonic() + 180
        head = a.read_line_bytes(30)
        assert head is not None and head.startswith(b"* 1 FETCH "), head
        _, tagged = b.command("b1", f"STORE {EXPUNGED[0]}:{EXPUNGED[-1]} +FLAGS.SILENT (\\Deleted)")
        assert tagged.startswith("b1 OK"), tagged
        _, tagged = b.command("b2", "EXPUNGE")
        assert tagged.startswith("b2 OK"), tagged

        size = int(LITERAL.search(head).group(1))
        assert size == len(bodies[1]), head
        while len(a.buf) < size:
            assert a._fill(deadline), "connection closed in message 1"
        assert a.buf[:size] == bodies[1], "message 1 bytes differ"
        a.buf = a.buf[size:]
        fetched = {1: 1}
        while True:
            text, literals = read_response(a, deadline)
            if text.startswith("f "):
                break
            assert not text.endswith(" EXPUNGE"), f"EXPUNGE during FETCH: {text}"
            m = re.match(r"\* (\d+) FETCH \(.*UID (\d+)", text)
            if m:
                seq, uid = int(m.group(1)), int(m.group(2))
                assert literals and literals[0] == bodies[uid], text
                fetched[seq] = uid
        assert text.startswith("f NO [EXPUNGEISSUED]"), text
        expected = [uid for uid in range(1, count + 1) if uid not in EXPUNGED]
        assert sorted(fetched) == expected, sorted(fetched)
        assert all(seq == uid for seq, uid in fetched.items()), fetched

        untagged, tagged = a.command("n", "NOOP")
        assert tagged.startswith("n OK"), tagged
        view = list(range(1, count + 1))
        for u in untagged:
            if u.endswith(" EXPUNGE"):
                del view[int(u.split()[1]) - 1]
        assert view == expected, untagged
        assert uids_of(a, "u") == expected


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_fetch_sees_no_expunge_and_stays_consistent,
                             test_messages_expunged_before_their_turn_are_left_out_with_no], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

"""Helpers for the LMTP and delivery tests: a raw LMTP line client and a
small IMAP reader of what was stored."""
import re
import socket
import time

import petrel_fixture as fx


class Lmtp:
    """Raw LMTP: send bytes, read replies (multi-line aware) with deadlines."""

    def __init__(self, port, timeout=10.0):
        self.conn = fx.Conn(socket.create_connection(("127.0.0.1", port), timeout=timeout), timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.conn.close()
        return False

    def send(self, data):
        self.conn.send(data)

    def reply(self, timeout=None):
        """One reply: (code, [lines]); code None when the server closed."""
        lines = []
        while True:
            line = self.conn.read_line(timeout)
            if line is None:
                return None, lines
            lines.append(line)
            if not re.match(r"^\d{3}-", line):
                return int(line[:3]), lines

    def expect(self, code, text_part="", timeout=None):
        got, lines = self.reply(timeout)
        assert got == code and text_part in lines[-1], f"expected {code} {text_part!r}, got {lines}"
        return lines

    def command(self, line, code, text_part=""):
        self.send(line + "\r\n")
        return self.expect(code, text_part)

    def greet(self):
        self.expect(220)
        return self.command("LHLO test.example", 250)


def imap_messages(server, user, password, mailbox="INBOX"):
    """Every message's BODY[] in `mailbox`, in UID order."""
    with server.connect() as c:
        assert c.read_line().startswith("* OK")
        c.login(user, password)
        _, tagged = c.command("s", f'SELECT "{mailbox}"')
        assert tagged.startswith("s OK"), tagged
        c.send_line("f UID FETCH 1:* BODY.PEEK[]")
        bodies = []
        deadline = time.monotonic() + 10
        while True:
            line = c.read_line_bytes(max(0.01, deadline - time.monotonic()))
            assert line is not None, "closed during FETCH"
            if line.startswith(b"f "):
                assert line.startswith(b"f OK"), line
                return bodies
            m = re.search(rb"\{(\d+)\}$", line)
            if m:
                n = int(m.group(1))
                while len(c.buf) < n:
                    assert c._fill(deadline), "closed inside a literal"
                bodies.append(c.buf[:n])
                c.buf = c.buf[n:]


def message_count(server, user, password, mailbox="INBOX"):
    with server.connect() as c:
        assert c.read_line().startswith("* OK")
        c.login(user, password)
        untagged, tagged = c.command("s", f'STATUS "{mailbox}" (MESSAGES)')
        assert tagged.startswith("s OK"), tagged
        m = re.search(r"MESSAGES (\d+)", " ".join(untagged))
        return int(m.group(1))

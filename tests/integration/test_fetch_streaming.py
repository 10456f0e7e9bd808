#!/usr/bin/env python3
"""FETCH streams message bytes: a FETCH 1:* (BODY.PEEK[]) of many large
messages keeps the server's memory bounded (its anonymous resident memory,
sampled from /proc during the FETCH, stays far below the size of the whole
answer), every literal is byte-exact, and a partial fetch <offset.len> of a
large body crossing the output chunks is exact. Anonymous memory, not all of
RSS: the store file is read through a memory map (store.mmap_size), whose
page cache pages count in RSS as file pages, not as memory the server holds."""
import hashlib
import socket
import threading
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
MESSAGES = 16
MESSAGE_BYTES = 4 * 1024 * 1024
# Whole answer: 64 MiB. A server holding it (or even a quarter of it) fails.
PEAK_GROWTH_LIMIT_KB = 32 * 1024  # half the answer; holding it whole fails


def message(n):
    head = f"From: a@example.org\r\nSubject: big {n}\r\nMessage-ID: <big{n}@x>\r\n\r\n".encode()
    line = b"".join(b"%08d line of message %04d ....................................\r\n" % (i, n)
                    for i in range(2000))
    body = (line * (MESSAGE_BYTES // len(line) + 1))[: MESSAGE_BYTES - len(head)]
    return head + body


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buf = b""
        self.line()  # greeting

    def fill(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise ConnectionError("server closed the connection")
        self.buf += data

    def line(self):
        while b"\r\n" not in self.buf:
            self.fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        parts = [self.buf[:n]]
        got = len(parts[0])
        self.buf = self.buf[n:]
        while got < n:
            data = self.sock.recv(min(1 << 20, n - got))
            if not data:
                raise ConnectionError("server closed the connection")
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    def command(self, tag, text, literal=None):
        """Sends a command; returns [(untagged line, literal or None), ...]."""
        if literal is None:
            self.sock.sendall(f"{tag} {text}\r\n".encode())
        else:
            self.sock.sendall(f"{tag} {text} {{{len(literal)}}}\r\n".encode())
            assert self.line().startswith(b"+"), "no continuation"
            self.sock.sendall(literal + b"\r\n")
        out = []
        while True:
            line = self.line()
            if line.startswith(tag.encode() + b" "):
                assert line.split()[1] == b"OK", line
                return out
            lit = None
            if line.endswith(b"}"):
                size = int(line[line.rindex(b"{") + 1:-1])
                lit = self.exact(size)
                line += b" " + self.line()  # the rest of the response after the literal
            out.append((line, lit))


def test_fetch_of_many_large_messages_is_bounded_and_exact(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        c = Client(server.port)
        c.command("a1", f"LOGIN {USER} {PASSWORD}")
        digests = []
        for n in range(MESSAGES):
            data = message(n)
            digests.append(hashlib.sha256(data).hexdigest())
            c.command(f"p{n}", "APPEND INBOX", literal=data)
        c.command("a2", "SELECT INBOX")
        # Peak anonymous memory during the FETCH alone (sampled: VmHWM
        # would count the mapped file pages too).
        base = server.status_kb("RssAnon")
        peak = base
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, server.status_kb("RssAnon"))
                time.sleep(0.002)
        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            responses = c.command("a3", "FETCH 1:* (BODY.PEEK[])")
        finally:
            done.set()
            sampler.join(timeout=10)
        assert len(responses) == MESSAGES, len(responses)
        for n, (line, lit) in enumerate(responses):
            assert line.startswith(f"* {n + 1} FETCH (BODY[] {{".encode()), line[:60]
            assert lit is not None and hashlib.sha256(lit).hexdigest() == digests[n], n
        growth = peak - base
        assert growth < PEAK_GROWTH_LIMIT_KB, \
            f"server anonymous RSS grew by {growth} kB during a {MESSAGES * MESSAGE_BYTES >> 10} kB FETCH"

        # A partial fetch of a large body, longer than the output chunks.
        offset, length = 1_000_003, 2_500_001
        expected = message(2)[offset:offset + length]
        (line, lit), = c.command("a4", f"FETCH 3 (BODY.PEEK[]<{offset}.{length}>)")
        assert line.startswith(f"* 3 FETCH (BODY[]<{offset}> {{{length}}}".encode()), line[:60]
        assert lit == expected
        # Past the end: what is there; all of it beyond: empty.
        (line, lit), = c.command("a5", f"FETCH 4 (BODY.PEEK[]<{MESSAGE_BYTES - 10}.100>)")
        assert lit == message(3)[-10:], lit
        c.command("a6", "LOGOUT")


def test_clients_that_do_not_read_stall_nobody_else(args):
    """Clients that start a large FETCH and stop reading hold at most half
    the worker threads (src/net/server.h, try_begin_output_wait): the rest
    of the server keeps answering other sessions."""
    stuck_count, big = 6, 8
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        c = Client(server.port)
        c.command("a1", f"LOGIN {USER} {PASSWORD}")
        for n in range(big):
            c.command(f"p{n}", "APPEND INBOX", literal=message(n))
        stuck = []
        for i in range(stuck_count):
            s = Client(server.port)
            s.command("s1", f"LOGIN {USER} {PASSWORD}")
            s.command("s2", "SELECT INBOX")
            s.sock.sendall(b"s3 FETCH 1:* (BODY.PEEK[])\r\n")  # and never read
            stuck.append(s)
        other = Client(server.port)
        other.sock.settimeout(15)
        other.command("o1", f"LOGIN {USER} {PASSWORD}")
        other.command("o2", "SELECT INBOX")
        flags = other.command("o3", "FETCH 1:* (UID FLAGS)")
        assert len(flags) == big, flags
        other.command("o4", "UID SEARCH ALL")
        other.command("o5", "LOGOUT")
        for s in stuck:
            s.sock.close()
        server.assert_serves()


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_fetch_of_many_large_messages_is_bounded_and_exact,
                         test_clients_that_do_not_read_stall_nobody_else], args)


if __name__ == "__main__":
    raise SystemExit(main())

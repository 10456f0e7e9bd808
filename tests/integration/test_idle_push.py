#!/usr/bin/env python3
"""IDLE push with many clients (RFC 2177): 20 imaplib sessions IDLE on one
INBOX while another session APPENDs 100 messages; every IDLE session sees
every new message in an EXISTS within one second of the APPEND's tagged OK.
The server pushes (the store's change notice wakes each connection); no
client polls."""
import imaplib
import threading
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
IDLERS = 20
MESSAGES = 100
LATENCY = 1.0  # seconds allowed between the APPEND's OK and each EXISTS


class Idler(threading.Thread):
    """One imaplib session in IDLE; records when each EXISTS count arrived."""

    def __init__(self, port, ready):
        super().__init__(daemon=True)
        self.imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
        self.imap.login(USER, PASSWORD)
        typ, _ = self.imap.select("INBOX")
        assert typ == "OK"
        self.seen = {}  # EXISTS count -> monotonic time
        self.ready = ready
        self.error = None

    def run(self):
        try:
            tag = self.imap._new_tag().decode()
            self.imap.send(f"{tag} IDLE\r\n".encode())
            line = self.imap.readline()
            assert line.startswith(b"+"), line
            self.ready.release()
            deadline = time.monotonic() + 120
            while MESSAGES not in self.seen and time.monotonic() < deadline:
                # imaplib buffers; read whole lines only.
                line = self.imap.readline()
                if not line:
                    raise AssertionError("connection closed during IDLE")
                parts = line.split()
                if len(parts) == 3 and parts[2] == b"EXISTS":
                    self.seen.setdefault(int(parts[1]), time.monotonic())
            self.imap.send(b"DONE\r\n")
            while True:
                line = self.imap.readline()
                if line.startswith(tag.encode()):
                    assert b" OK " in line, line
                    break
            self.imap.logout()
        except Exception as e:  # reported by the main thread
            self.error = e


def test_twenty_idlers_see_every_exists(server):
    ready = threading.Semaphore(0)
    idlers = [Idler(server.port, ready) for _ in range(IDLERS)]
    for idler in idlers:
        idler.start()
    for _ in idlers:
        assert ready.acquire(timeout=30), "an IDLE never started"
    writer = imaplib.IMAP4("127.0.0.1", server.port, timeout=30)
    writer.login(USER, PASSWORD)
    acked = {}
    for i in range(1, MESSAGES + 1):
        body = f"Subject: push {i}\r\n\r\nbody {i}\r\n".encode()
        typ, _ = writer.append("INBOX", None, None, body)
        assert typ == "OK"
        acked[i] = time.monotonic()
    writer.logout()
    for idler in idlers:
        idler.join(timeout=60)
        assert not idler.is_alive(), "an IDLE session did not finish"
        assert idler.error is None, repr(idler.error)
        assert max(idler.seen) == MESSAGES, sorted(idler.seen)
        # Two APPENDs may be told in one EXISTS: message n is seen when an
        # EXISTS of n or more arrives.
        worst = max(min(t for count, t in idler.seen.items() if count >= n) - acked[n]
                    for n in acked)
        assert worst <= LATENCY, f"an EXISTS came {worst:.2f}s after its APPEND"


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_twenty_idlers_see_every_exists], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""SIGTERM with LMTP clients connected: each one, wherever it is in its
session (just greeted, in the middle of a transaction, in the middle of
DATA), gets a 421 reply and the connection closes; the server exits 0 within
5 s; the message whose DATA was cut off is not stored."""
import signal
import socket
import time

import petrel_fixture as fx
from lmtp_client import Lmtp, message_count

USER, PASSWORD = "alice", "secret"
GRACE = 5.0
MESSAGE = ("From: s@example.org\r\nTo: alice@example.com\r\nSubject: {s}\r\n"
           "Message-ID: <{s}@example.org>\r\n\r\nbody {s}\r\n")


def open_clients(server):
    greeted = Lmtp(server.lmtp_port)
    greeted.expect(220)
    in_transaction = Lmtp(server.lmtp_port)
    in_transaction.greet()
    in_transaction.command("MAIL FROM:<s@example.org>", 250)
    in_transaction.command("RCPT TO:<alice@example.com>", 250)
    in_data = Lmtp(server.lmtp_port)
    in_data.greet()
    in_data.command("MAIL FROM:<s@example.org>", 250)
    in_data.command("RCPT TO:<alice@example.com>", 250)
    in_data.command("DATA", 354)
    in_data.send(MESSAGE.format(s="cut-off"))  # no final "." yet
    return {"greeted": greeted, "in a transaction": in_transaction, "in DATA": in_data}


def test_lmtp_clients_get_421_and_server_exits_0(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        with Lmtp(server.lmtp_port) as c:  # one complete delivery first
            c.greet()
            c.command("MAIL FROM:<s@example.org>", 250)
            c.command("RCPT TO:<alice@example.com>", 250)
            c.command("DATA", 354)
            c.send(MESSAGE.format(s="delivered") + ".\r\n")
            c.expect(250)
        clients = open_clients(server)
        time.sleep(0.2)  # the DATA bytes reach the server before the signal
        start = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        for name, c in clients.items():
            code, lines = c.reply(timeout=GRACE)
            assert code == 421, f"{name}: expected a 421 reply, got {code} {lines}"
            assert lines[-1].startswith("421 4."), f"{name}: {lines}"
            rest = c.conn.lines_until_closed(timeout=GRACE)
            assert rest == [], f"{name}: more after 421: {rest}"
            c.conn.close()
        try:
            code = server.proc.wait(timeout=max(0.1, GRACE - (time.monotonic() - start)))
        except Exception:
            raise AssertionError(f"server still running {GRACE}s after SIGTERM") from None
        assert code == 0, f"exit status {code} after SIGTERM:\n{server.log_tail()}"
        try:
            socket.create_connection(("127.0.0.1", server.lmtp_port), timeout=2).close()
        except OSError:
            pass
        else:
            raise AssertionError("the LMTP port still accepts connections after exit")
        # Started again on the same data: only the completed delivery is there.
        server.launch()
        assert message_count(server, USER, PASSWORD) == 1


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_lmtp_clients_get_421_and_server_exits_0], args)


if __name__ == "__main__":
    raise SystemExit(main())

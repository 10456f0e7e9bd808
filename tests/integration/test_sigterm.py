#!/usr/bin/env python3
"""SIGTERM: every client (logged in, not yet logged in, over TLS, in IDLE) gets
* BYE, the listeners close, and the server exits 0 within 5 s."""
import signal
import socket
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
GRACE = 5.0


def greeted(server, tls=False):
    c = server.connect(tls, timeout=10)
    greeting = c.read_line()
    assert greeting and greeting.startswith("* OK"), greeting
    return c


def test_clients_get_bye_and_exit_0(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        clients = {"preauth": greeted(server), "logged in": greeted(server),
                   "TLS logged in": greeted(server, tls=True), "IDLE": greeted(server)}
        for name in ("logged in", "TLS logged in", "IDLE"):
            clients[name].login(USER, PASSWORD)
        clients["IDLE"].send_line("i IDLE")
        line = clients["IDLE"].read_line()
        assert line and line.startswith("+"), f"IDLE: {line!r}"

        start = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        for name, c in clients.items():
            try:
                lines = c.lines_until_closed(timeout=GRACE)
            except TimeoutError:
                raise AssertionError(f"{name}: still connected {GRACE}s after SIGTERM") from None
            assert any(l.startswith("* BYE") for l in lines), f"{name}: no BYE, got {lines}"
            c.close()
        try:
            code = server.proc.wait(timeout=max(0.1, GRACE - (time.monotonic() - start)))
        except Exception:
            raise AssertionError(f"server still running {GRACE}s after SIGTERM") from None
        assert code == 0, f"exit status {code} after SIGTERM:\n{server.log_tail()}"
        for port in (server.port, server.tls_port):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            except OSError:
                pass
            else:
                raise AssertionError(f"port {port} still accepts connections after exit")


def test_idle_server_exits_0(args):
    with fx.PetrelServer(args.petrel) as server:
        start = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        try:
            code = server.proc.wait(timeout=GRACE)
        except Exception:
            raise AssertionError(f"server still running {GRACE}s after SIGTERM") from None
        assert code == 0, f"exit status {code}:\n{server.log_tail()}"
        assert time.monotonic() - start < GRACE


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_clients_get_bye_and_exit_0, test_idle_server_exits_0], args)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Deadlines: an idle client is logged out with BYE before login (preauth_seconds),
after login (authenticated_seconds) and in IDLE (idle_seconds); activity keeps
a session alive; a TLS client that never handshakes is dropped."""
import socket
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
PREAUTH, AUTHENTICATED, IDLE = 2, 3, 3
SLACK = 2.5  # seconds allowed past a deadline


def greeted(server, tls=False):
    c = server.connect(tls, timeout=10)
    greeting = c.read_line()
    assert greeting and greeting.startswith("* OK"), greeting
    return c


def assert_bye_after(c, seconds, start, what):
    """The server sends * BYE and closes about `seconds` after start."""
    try:
        lines = c.lines_until_closed(timeout=seconds + SLACK + 1)
    except TimeoutError:
        raise AssertionError(f"{what}: still open {seconds + SLACK + 1:.1f}s after going idle") from None
    elapsed = time.monotonic() - start
    assert any(l.startswith("* BYE") for l in lines), f"{what}: closed without BYE: {lines}"
    assert seconds - 0.5 <= elapsed <= seconds + SLACK, \
        f"{what}: closed after {elapsed:.1f}s, expected about {seconds}s"


def test_preauth_timeout(server):
    for tls in (False, True):
        with greeted(server, tls) as c:
            assert_bye_after(c, PREAUTH, time.monotonic(), f"pre-auth ({'TLS' if tls else 'plain'})")


def test_authenticated_timeout(server):
    with greeted(server) as c:
        c.login(USER, PASSWORD)
        assert_bye_after(c, AUTHENTICATED, time.monotonic(), "authenticated")


def test_activity_keeps_session_alive(server):
    with greeted(server) as c:
        c.login(USER, PASSWORD)
        end = time.monotonic() + AUTHENTICATED * 2
        i = 0
        while time.monotonic() < end:
            time.sleep(1)
            i += 1
            _, tagged = c.command(f"n{i}", "NOOP")
            assert tagged.startswith(f"n{i} OK"), f"NOOP {i}s in: {tagged!r}"


def test_idle_timeout(server):
    with greeted(server) as c:
        c.login(USER, PASSWORD)
        c.send_line("i IDLE")
        line = c.read_line()
        assert line and line.startswith("+"), f"IDLE: {line!r}"
        assert_bye_after(c, IDLE, time.monotonic(), "IDLE")


def test_tls_handshake_never_started(server):
    """A TCP connection to the TLS port that sends nothing is closed by a deadline."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.tls_port), timeout=5) as s:
        c = fx.Conn(s)
        try:
            c.read_until_closed(timeout=PREAUTH + SLACK + 1)
        except TimeoutError:
            raise AssertionError(f"silent client on the TLS port still connected after "
                                 f"{time.monotonic() - start:.1f}s") from None
    assert time.monotonic() - start <= PREAUTH + SLACK


def main():
    args = fx.parse_args(__doc__)
    config = {"timeouts": {"preauth_seconds": PREAUTH, "authenticated_seconds": AUTHENTICATED,
                           "idle_seconds": IDLE}}
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}, config=config) as server:
        return fx.run_tests([test_preauth_timeout, test_authenticated_timeout,
                             test_activity_keeps_session_alive, test_idle_timeout,
                             test_tls_handshake_never_started], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Observability: /metrics in the Prometheus text format counts a real
session's connections, commands (with a latency histogram), auth failures
and bytes; /health; the HTTP endpoint's limits; the structured log lines."""
import re
import socket
import time
import urllib.error
import urllib.request

import petrel_fixture as fx


def scrape(server, path="/metrics"):
    with urllib.request.urlopen(f"http://127.0.0.1:{server.metrics_port}{path}", timeout=5) as r:
        return r.status, r.headers.get("Content-Type"), r.read().decode()


def series(text):
    """{'name{labels}': value} of every sample line."""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            out[key] = float(value)
    return out


def raw_http(server, data, timeout=5):
    with socket.create_connection(("127.0.0.1", server.metrics_port), timeout=timeout) as s:
        if data:
            s.sendall(data)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_session_counters(args):
    with fx.PetrelServer(args.petrel, users={"alice": "secret"}) as server:
        status, ctype, text = scrape(server)
        assert status == 200 and ctype.startswith("text/plain; version=0.0.4"), (status, ctype)
        before = series(text)
        sent = 0
        with server.connect() as c:
            c.read_line()
            for tag, cmd in [("a1", 'LOGIN alice wrong'), ("a2", "LOGIN alice secret"),
                             ("a3", "SELECT INBOX"), ("a4", "NOOP"), ("a5", "UID FETCH 1:* FLAGS"),
                             ("a6", "FROBNICATE"), ("a7", "LOGOUT")]:
                sent += len(tag) + 1 + len(cmd) + 2
                c.command(tag, cmd, timeout=15)
        # The connection's end is accounted for asynchronously: poll briefly.
        deadline = time.monotonic() + 5
        while True:
            after = series(scrape(server)[2])
            if after.get("petrel_connections_current", 1) == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.05)

        def delta(key):
            return after.get(key, 0) - before.get(key, 0)

        assert after["petrel_connections_current"] == 0, after
        assert delta("petrel_connections_total") == 1, delta("petrel_connections_total")
        assert delta("petrel_auth_failures_total") == 1
        assert delta("petrel_logins_total") == 1
        assert delta("petrel_commands_rejected_total") == 1  # FROBNICATE
        for name in ["LOGIN", "SELECT", "NOOP", "UID FETCH", "LOGOUT"]:
            expect = 2 if name == "LOGIN" else 1
            key = f'petrel_commands_total{{command="{name}"}}'
            assert delta(key) == expect, (key, delta(key))
            count = f'petrel_command_duration_seconds_count{{command="{name}"}}'
            assert delta(count) == expect, (count, delta(count))
        assert after['petrel_command_duration_seconds_bucket{command="SELECT",le="+Inf"}'] >= 1
        assert not any("FROBNICATE" in k for k in after), "a client invented a label"
        assert delta("petrel_bytes_received_total") == sent, (delta("petrel_bytes_received_total"), sent)
        assert delta("petrel_bytes_sent_total") > 100
        assert after["petrel_store_bytes"] > 0
        assert 'petrel_deliveries_total{result="ok"}' in after

        log = open(server.log_path, errors="replace").read()
        assert re.search(r" info login peer=127\.0\.0\.1 user=alice tls=false", log), log
        assert re.search(r" warning auth-failure peer=127\.0\.0\.1 user=alice reason=bad-credentials", log), log
        m = re.search(r" info session-end peer=127\.0\.0\.1 user=alice commands=(\d+) "
                      r"bytes_in=(\d+) bytes_out=(\d+) seconds=[\d.]+", log)
        assert m and int(m.group(1)) == 7 and int(m.group(2)) == sent, log


def test_health_and_http_limits(args):
    config = {"metrics": {"timeout_seconds": 1, "max_request": 512}}
    with fx.PetrelServer(args.petrel, config=config) as server:
        status, _, text = scrape(server, "/health")
        assert (status, text) == (200, "ok\n")
        try:
            scrape(server, "/nope")
            raise AssertionError("404 expected")
        except urllib.error.HTTPError as e:
            assert e.code == 404
        reply = raw_http(server, b"POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 405 "), reply
        reply = raw_http(server, b"GET /metrics HTTP/1.1\r\nX-Big: " + b"x" * 2000 + b"\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 431 "), reply
        reply = raw_http(server, b"HEAD /health HTTP/1.1\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 200 ") and reply.endswith(b"\r\n\r\n"), reply
        # A client that sends nothing is cut off by the timeout.
        start = time.monotonic()
        assert raw_http(server, b"", timeout=10) == b""
        assert time.monotonic() - start < 5
        server.assert_serves()


def test_metrics_can_be_disabled(args):
    with fx.PetrelServer(args.petrel, config={"metrics": {"listen": ""}}) as server:
        try:
            socket.create_connection(("127.0.0.1", server.metrics_port), timeout=2).close()
            raise AssertionError("the metrics port answers although disabled")
        except ConnectionRefusedError:
            pass
        server.assert_serves()


def test_taken_metrics_port_does_not_stop_imap(args):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with fx.PetrelServer(args.petrel, config={"metrics": {"listen": f"127.0.0.1:{port}"}}) as server:
            server.assert_serves()
            assert "metrics-disabled" in open(server.log_path, errors="replace").read()


if __name__ == "__main__":
    args = fx.parse_args(__doc__)
    raise SystemExit(fx.run_tests([test_session_counters, test_health_and_http_limits,
                                   test_metrics_can_be_disabled,
                                   test_taken_metrics_port_does_not_stop_imap], args))

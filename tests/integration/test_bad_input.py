#!/usr/bin/env python3
"""Hostile and broken input: every case gets a clean BAD/NO or a clean BYE,
memory stays bounded, and afterwards the server still serves a new client."""
import socket
import ssl
import threading
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
MB = 1024 * 1024
THROTTLE = {"max_failures": 3, "failure_window_seconds": 300,
            "failure_base_delay_ms": 300, "failure_max_delay_ms": 1200}


def greeted(server, tls=False, timeout=10):
    c = server.connect(tls, timeout)
    greeting = c.read_line()
    assert greeting and greeting.startswith("* OK"), f"greeting: {greeting!r}"
    return c


def logged_in(server, timeout=10):
    c = greeted(server, timeout=timeout)
    c.login(USER, PASSWORD)
    return c


def assert_continues(c, tag="z"):
    _, tagged = c.command(tag, "NOOP")
    assert tagged.startswith(f"{tag} OK"), f"session did not go on: {tagged!r}"


def assert_bad(line, tag):
    assert line is not None, "connection closed instead of a BAD"
    assert line.startswith(f"{tag} BAD") or line.startswith("* BAD"), f"expected BAD, got {line!r}"


def assert_closed(c, what, timeout=10):
    try:
        c.read_until_closed(timeout)
    except TimeoutError:
        raise AssertionError(f"{what}: connection still open after {timeout}s") from None


def client_hello():
    """The bytes of a real TLS ClientHello."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    obj = ctx.wrap_bio(ssl.MemoryBIO(), out := ssl.MemoryBIO(), server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = out.read()
    assert len(hello) > 100, hello
    return hello


class Reader(threading.Thread):
    """Collects the server's lines while the main thread keeps sending."""

    def __init__(self, conn):
        super().__init__(daemon=True)
        self.conn, self.lines, self.closed, self.stop = conn, [], False, threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                line = self.conn.read_line(timeout=0.2)
            except TimeoutError:
                continue
            except (OSError, fx.ProtocolError):
                line = None
            if line is None:
                self.closed = True
                return
            self.lines.append(line)


class RssSampler(threading.Thread):
    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak_kb, self.stop = server, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                self.peak_kb = max(self.peak_kb, self.server.status_kb("VmRSS"))
            except (OSError, KeyError):
                return
            time.sleep(0.02)


# ---------------------------------------------------------------- tests

def test_huge_line_without_crlf(server):
    """100 MB with no CRLF: BAD [TOOBIG] and resync, or BYE; RSS grows < 50 MB."""
    rss_before = server.status_kb("VmRSS")
    sampler = RssSampler(server)
    sampler.start()
    c = greeted(server, timeout=20)
    reader = Reader(fx.Conn(c.sock.dup(), timeout=20))  # own socket object: own timeout
    reader.start()
    sent, send_error = 0, None
    try:
        c.send(b"a NOOP ")
        chunk = b"x" * (64 * 1024)
        while sent < 100 * MB and not reader.closed:
            c.send(chunk)
            sent += len(chunk)
        c.send(b"\r\nb NOOP\r\n")
    except socket.timeout:
        raise AssertionError(f"server stopped reading after {sent // MB} MB without closing") from None
    except OSError as e:  # closed by the server: acceptable if it said BYE
        send_error = e
    deadline = time.monotonic() + 20
    while not reader.closed and not any(l.startswith("b ") for l in reader.lines):
        assert time.monotonic() < deadline, f"no answer after the long line; got {reader.lines[:5]}"
        time.sleep(0.05)
    reader.stop.set()
    reader.join(5)
    sampler.stop.set()
    sampler.join(5)
    reader.conn.close()
    c.close()
    lines = reader.lines
    growth_mb = (max(sampler.peak_kb, server.status_kb("VmRSS")) - rss_before) / 1024
    assert growth_mb < 50, f"server RSS grew by {growth_mb:.0f} MB for one long line"
    toobig = [l for l in lines if (l.startswith("a BAD") or l.startswith("* BAD")) and "TOOBIG" in l]
    if any(l.startswith("* BYE") for l in lines):
        assert reader.closed, f"BYE but the connection stayed open: {lines}"
        return
    assert not reader.closed, f"closed without BYE (send error {send_error}); lines {lines[:5]}"
    assert toobig, f"no BAD [TOOBIG] for a 100 MB line; got {lines[:5]}"
    assert any(l.startswith("b OK") for l in lines), f"session did not resync after the long line: {lines}"


def test_many_literals_in_one_command(server):
    """One command built of 100 MB of small LITERAL+ pieces (each under every
    literal limit) must not be buffered whole: bounded RSS, then BAD/NO or BYE."""
    for who in ("before login", "after login"):
        rss_before = server.status_kb("VmRSS")
        sampler = RssSampler(server)
        sampler.start()
        c = logged_in(server, timeout=20) if who == "after login" else greeted(server, timeout=20)
        reader = Reader(fx.Conn(c.sock.dup(), timeout=20))
        reader.start()
        # Each literal under its limit (8 KiB before login, max_other_literal = 1 MiB after).
        size = 4000 if who == "before login" else 512 * 1024
        # ID before login (its list), SEARCH after login (TEXT keys: any number is valid syntax).
        head, item, tail = (b"a ID (", ' "k" {{{}+}}\r\n', b")") if who == "before login" else \
            (b"a SEARCH", " TEXT {{{}+}}\r\n", b"")
        piece = item.format(size).encode() + b"x" * size
        sent = 0
        try:
            c.send(head)
            while sent < 100 * MB and not reader.closed and not reader.lines:
                c.send(piece)
                sent += len(piece)
            c.send(tail + b"\r\nb NOOP\r\n")
        except socket.timeout:
            raise AssertionError(f"{who}: server stopped reading after {sent // MB} MB") from None
        except OSError:
            pass  # closed: the lines tell whether it said BYE
        deadline = time.monotonic() + 20
        while not reader.closed and not any(l.startswith("b ") for l in reader.lines):
            assert time.monotonic() < deadline, f"{who}: no answer; got {reader.lines[:5]}"
            time.sleep(0.05)
        for t in (reader, sampler):
            t.stop.set()
            t.join(5)
        reader.conn.close()
        c.close()
        growth_mb = (sampler.peak_kb - rss_before) / 1024
        assert growth_mb < 50, f"{who}: RSS grew by {growth_mb:.0f} MB for one command of " \
                               f"{sent // MB} MB of literals; replies {reader.lines[:3]}"
        assert any(l.startswith(("a BAD", "a NO", "* BAD", "* BYE")) for l in reader.lines), \
            f"{who}: {sent // MB} MB command not refused: {reader.lines[:5]}"


def test_bad_command_limit(server):
    """max_bad_commands consecutive BADs end the session with BYE; a good
    command in between resets the count."""
    limit = 5
    with fx.PetrelServer(server.petrel, users={USER: PASSWORD},
                         config={"limits": {"max_bad_commands": limit}}) as s:
        with greeted(s) as c:
            for round_ in range(2):
                for i in range(limit - 1):
                    _, tagged = c.command(f"x{round_}{i}", "FROBNICATE")
                    assert tagged.startswith(f"x{round_}{i} BAD"), tagged
                assert_continues(c, f"ok{round_}")
            bads = 0
            for i in range(limit + 2):
                c.send_line(f"y{i} FROBNICATE")
                line = c.read_line()
                if line is None or line.startswith("* BYE"):
                    break
                assert line.startswith(f"y{i} BAD"), line
                bads += 1
            assert limit - 1 <= bads <= limit, f"BYE after {bads} BADs, limit {limit}"
            assert line is not None and line.startswith("* BYE"), f"no BYE: {line!r}"
            assert_closed(c, "after too many BADs")


def test_connection_limits(server):
    """max_connections_per_address and max_connections: a connection over a
    limit gets no OK greeting and is closed; closing one makes room again."""
    per_address, total = 3, 5
    config = {"limits": {"max_connections_per_address": per_address, "max_connections": total}}

    def refused(s, source):
        with fx.Conn.open(s.port, timeout=5, source=source) as c:
            lines = c.lines_until_closed(timeout=5)
            assert not any(l.startswith("* OK") for l in lines), f"{source}: admitted over a limit"
            assert all(l.startswith("* BYE") for l in lines), lines

    def admitted(s, source):
        c = fx.Conn.open(s.port, timeout=5, source=source)
        greeting = c.read_line()
        assert greeting and greeting.startswith("* OK"), f"{source}: {greeting!r}"
        return c

    with fx.PetrelServer(server.petrel, config=config) as s:
        time.sleep(0.5)  # the readiness probes have been released
        first = [admitted(s, "127.0.0.1") for _ in range(per_address)]
        refused(s, "127.0.0.1")
        second = [admitted(s, "127.0.0.2") for _ in range(total - per_address)]
        refused(s, "127.0.0.3")
        first.pop().close()
        deadline = time.monotonic() + 5
        while True:  # the server notices the close asynchronously
            try:
                first.append(admitted(s, "127.0.0.1"))
                break
            except (AssertionError, OSError):
                assert time.monotonic() < deadline, "no room after a client left"
                time.sleep(0.1)
        for c in first + second:
            c.close()


def test_long_line_in_sasl_exchange_and_idle(server):
    """A 200 KB line where a SASL response or IDLE's DONE is expected: a clean
    BAD with the session going on, or a clean BYE and close; never a hang."""
    with greeted(server) as c:
        c.send_line("a AUTHENTICATE PLAIN")
        line = c.read_line()
        assert line and line.startswith("+"), line
        assert_bad_or_bye(c, b"A" * 200_000, "a", "SASL response")
    with logged_in(server) as c:
        c.send_line("i IDLE")
        line = c.read_line()
        assert line and line.startswith("+"), line
        assert_bad_or_bye(c, b"D" * 200_000, "i", "IDLE")


def assert_bad_or_bye(c, junk, tag, what):
    try:
        c.send(junk + b"\r\n")
    except OSError:
        pass  # closed early; the lines below tell how
    try:
        line = c.read_line(timeout=10)
    except OSError:
        line = None
    assert line is not None, f"{what}: closed without a word"
    if line.startswith("* BYE"):
        assert_closed(c, f"{what}: after BYE")
    else:
        assert line.startswith(f"{tag} BAD") or line.startswith("* BAD"), f"{what}: {line!r}"
        assert_continues(c)


def test_sync_literal_10gb(server):
    """{10000000000}: NO [TOOBIG] without a continuation; the session goes on."""
    with greeted(server) as c:
        c.send_line("a LOGIN alice {10000000000}")
        line = c.read_line()
        assert line and line.startswith("a NO [TOOBIG]"), f"before login: {line!r}"
        assert_continues(c)
    with logged_in(server) as c:
        c.send_line("a APPEND INBOX {10000000000}")
        line = c.read_line()
        assert line and line.startswith("a NO [TOOBIG]"), f"APPEND: {line!r}"
        assert_continues(c)


def test_nonsync_literal_10gb(server):
    """{10000000000+}: the stream cannot be resynchronised, so BYE and close."""
    for who, c in (("before login", greeted(server)), ("after login", logged_in(server))):
        with c:
            c.send_line("a APPEND INBOX {10000000000+}" if who == "after login"
                        else "a LOGIN alice {10000000000+}")
            lines = c.lines_until_closed(timeout=10)
            assert any(l.startswith("* BYE") for l in lines), f"{who}: no BYE, got {lines}"
            assert not any(l.startswith("+") for l in lines), f"{who}: continuation sent: {lines}"


def test_deep_nesting(server):
    """10,000 nested parentheses: BAD, no crash, the session goes on."""
    depth = 10000
    with logged_in(server) as c:
        _, tagged = c.command("a", "SEARCH " + "(" * depth + "ALL" + ")" * depth)
        assert_bad(tagged, "a")
        _, tagged = c.command("b", "SEARCH " + "(" * depth)
        assert_bad(tagged, "b")
        _, tagged = c.command("c", "STATUS INBOX " + "(" * depth + "MESSAGES" + ")" * depth)
        assert_bad(tagged, "c")
        assert_continues(c)
    with greeted(server) as c:  # before login, inside ID's list (6 KB: under the pre-login line limit)
        c.send_line("a ID " + "(" * 3000 + ")" * 3000)
        assert_bad(c.read_line(), "a")
        assert_continues(c)


def test_nul_and_invalid_utf8(server):
    cases = [b'a NOOP\x00\r\n', b'a LOGIN "al\x00ice" secret\r\n', b'a LOGIN \x00 secret\r\n',
             b'a LOGIN "\xc3\x28" secret\r\n', b'a LOGIN \xff\xfe secret\r\n',
             b'a ID ("name" "\xed\xa0\x80")\r\n', b'a\x00 NOOP\r\n']
    for data in cases:
        with greeted(server) as c:
            c.send(data)
            line = c.read_line()
            assert line is not None and (line.startswith("a BAD") or line.startswith("* BAD")), \
                f"{data!r}: expected BAD, got {line!r}"
            assert_continues(c)
    with logged_in(server) as c:
        c.send(b'a SELECT "\xff\xfeINBOX"\r\n')
        assert_bad(c.read_line(), "a")
        assert_continues(c)


def test_disconnect_mid_literal(server):
    with greeted(server) as c:
        c.send_line("a LOGIN {100}")
        line = c.read_line()
        assert line and line.startswith("+"), f"no continuation: {line!r}"
        c.send(b"y" * 50)
    with greeted(server) as c:
        c.send(b"a LOGIN {100+}\r\n" + b"y" * 50)
    with logged_in(server) as c:
        c.send_line("a APPEND INBOX {1000}")
        c.read_line()  # "+" or a refusal: either way, leave half-way
        c.send(b"Subject: x\r\n\r\n" + b"y" * 400)
    with greeted(server) as c:
        c.send(b"a LOGIN {5+}\r\nal")


def test_disconnect_mid_tls_handshake(server):
    hello = client_hello()
    with socket.create_connection(("127.0.0.1", server.tls_port), timeout=5) as s:
        s.sendall(hello[:len(hello) // 2])
    with greeted(server) as c:
        _, tagged = c.command("a", "STARTTLS")
        assert tagged.startswith("a OK"), tagged
        c.send(hello[:len(hello) // 2])
    with greeted(server, tls=True) as c:  # the TLS port still works
        assert_continues(c)


def test_garbage_instead_of_client_hello(server):
    for garbage in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"a NOOP\r\n", bytes(range(255, -1, -1)) * 4):
        with socket.create_connection(("127.0.0.1", server.tls_port), timeout=5) as s:
            s.sendall(garbage)
            assert_closed(fx.Conn(s), f"TLS port after {garbage[:20]!r}")  # a TLS alert at most
        with greeted(server) as c:
            _, tagged = c.command("a", "STARTTLS")
            assert tagged.startswith("a OK"), tagged
            c.send(garbage)
            assert_closed(c, f"after STARTTLS and {garbage[:20]!r}")
    with greeted(server, tls=True) as c:
        assert_continues(c)


def test_command_pipelined_after_starttls_is_discarded(server):
    """RFC 9051 6.2.1 / CVE-2011-0411: bytes after STARTTLS in the same write are
    discarded, never executed after the handshake."""
    with greeted(server) as c:
        c.send(b"a STARTTLS\r\nb CAPABILITY\r\n")
        line = c.read_line()
        assert line and line.startswith("a OK"), f"STARTTLS: {line!r}"
        try:
            c.starttls(server.ssl_context())
        except ssl.SSLError as e:
            raise AssertionError(f"handshake failed; were b's bytes fed to TLS? {e}") from None
        c.send_line("c NOOP")
        first_tagged = next(l for l in iter(c.read_line, None) if not l.startswith("* "))
        assert first_tagged.startswith("c OK"), f"first tagged reply after STARTTLS: {first_tagged!r}"
        untagged, tagged = c.command("d", "NOOP")
        assert tagged.startswith("d OK") and not any(l.startswith("* CAPABILITY") for l in untagged), \
            (untagged, tagged)


def test_thousand_pipelined_noops(server):
    n = 1000
    for c in (greeted(server, timeout=30), logged_in(server, timeout=30)):
        with c:
            c.send("".join(f"t{i:04d} NOOP\r\n" for i in range(n)))
            tagged = []
            deadline = time.monotonic() + 30
            while len(tagged) < n:
                line = c.read_line(max(0.001, deadline - time.monotonic()))
                assert line is not None, f"closed after {len(tagged)} replies"
                if not line.startswith("* "):
                    tagged.append(line)
            for i, line in enumerate(tagged):
                assert line.startswith(f"t{i:04d} OK"), f"reply {i}: {line!r}"


def test_wrong_state_commands(server):
    with greeted(server) as c:
        for tag, cmd in (("a", "SELECT INBOX"), ("b", "FETCH 1 FLAGS"), ("c", "ENABLE CONDSTORE"),
                         ("d", "IDLE"), ("e", "LIST \"\" *")):
            _, tagged = c.command(tag, cmd)
            assert tagged.startswith(f"{tag} BAD"), f"{cmd} before login: {tagged!r}"
        assert_continues(c, "f")
        c.login(USER, PASSWORD)
        for tag, cmd in (("g", "FETCH 1 FLAGS"), ("h", "STORE 1 +FLAGS (\\Seen)"), ("i", "CLOSE"),
                         ("j", f"LOGIN {USER} {PASSWORD}"), ("k", "STARTTLS")):
            _, tagged = c.command(tag, cmd)
            assert tagged.startswith(f"{tag} BAD"), f"{cmd} after login: {tagged!r}"
        assert_continues(c, "l")


def test_empty_and_overlong_tags(server):
    with greeted(server) as c:
        c.send_line(" NOOP")
        assert_bad(c.read_line(), "")
        tag = "t" * 64
        _, tagged = c.command(tag, "NOOP")
        assert tagged.startswith(f"{tag} OK"), f"64-character tag: {tagged!r}"
        for tag in ("t" * 65, "t" * 5000):
            c.send_line(f"{tag} NOOP")
            assert_bad(c.read_line(), tag)
        assert_continues(c)


def test_failed_logins_are_delayed_then_refused(server):
    """With max_failures = 3: each failure is slower, none blocks other clients,
    and then even the right password is refused from that address."""
    with fx.PetrelServer(server.petrel, users={USER: PASSWORD}, config={"auth": THROTTLE}) as s:
        delays = []
        with greeted(s, timeout=15) as c, greeted(s) as other:
            for i in range(THROTTLE["max_failures"]):
                start = time.monotonic()
                c.send_line(f"f{i} LOGIN {USER} wrong")
                if i == THROTTLE["max_failures"] - 1:  # the slowest one: others are not held up
                    t0 = time.monotonic()
                    _, tagged = other.command("o", "NOOP")
                    assert time.monotonic() - t0 < 0.5, "a delayed login held up another client"
                _, tagged = c.wait_tagged(f"f{i}", timeout=15)
                delays.append(time.monotonic() - start)
                assert tagged.startswith(f"f{i} NO [AUTHENTICATIONFAILED]"), tagged
        base, most = THROTTLE["failure_base_delay_ms"] / 1000, THROTTLE["failure_max_delay_ms"] / 1000
        assert delays[0] >= 0.8 * base, f"first failure answered after {delays[0]:.2f}s < {base}s"
        assert all(d <= most + 1.5 for d in delays), f"delays {delays} exceed the max {most}s"
        assert all(b >= a - 0.1 for a, b in zip(delays, delays[1:])), f"delays shrink: {delays}"
        with greeted(s, timeout=15) as c:
            c.send_line(f"r LOGIN {USER} {PASSWORD}")
            try:
                lines = [c.read_line(timeout=15)]
            except TimeoutError:
                raise AssertionError("no answer to LOGIN after max_failures") from None
            assert lines[0] is not None and (lines[0].startswith("r NO") or lines[0].startswith("* BYE")), \
                f"right password accepted after {THROTTLE['max_failures']} failures: {lines[0]!r}"


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        status = fx.run_tests([
            test_huge_line_without_crlf, test_many_literals_in_one_command, test_sync_literal_10gb, test_nonsync_literal_10gb,
            test_long_line_in_sasl_exchange_and_idle, test_deep_nesting, test_nul_and_invalid_utf8, test_disconnect_mid_literal,
            test_disconnect_mid_tls_handshake, test_garbage_instead_of_client_hello,
            test_command_pipelined_after_starttls_is_discarded, test_thousand_pipelined_noops,
            test_wrong_state_commands, test_empty_and_overlong_tags,
            test_failed_logins_are_delayed_then_refused, test_bad_command_limit, test_connection_limits,
        ], server, after=fx.PetrelServer.assert_serves)
    return status


if __name__ == "__main__":
    raise SystemExit(main())

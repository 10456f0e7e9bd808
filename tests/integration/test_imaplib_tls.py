#!/usr/bin/env python3
"""Python's imaplib against Petrel: STARTTLS on the plain port, implicit TLS on
the TLS port, the server's generated certificate verified from its file."""
import imaplib
import ssl

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def quiet_shutdown(client):
    try:
        client.shutdown()
    except OSError:
        pass  # already closed by logout()


def caps(client):
    return set(c.upper() for c in client.capabilities)


def test_starttls_then_login(server):
    m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
    try:
        before = caps(m)
        assert {"IMAP4REV2", "STARTTLS", "AUTH=PLAIN"} <= before, f"before STARTTLS: {before}"
        typ, data = m.starttls(ssl_context=server.ssl_context())
        assert typ == "OK", (typ, data)
        assert isinstance(m.sock, ssl.SSLSocket)
        after = caps(m)  # imaplib asks CAPABILITY again after the handshake
        assert "STARTTLS" not in after, f"STARTTLS still advertised over TLS: {after}"
        assert "AUTH=PLAIN" in after and "IMAP4REV2" in after, f"after STARTTLS: {after}"
        typ, data = m.login(USER, PASSWORD)
        assert typ == "OK", (typ, data)
        typ, data = m.capability()
        assert typ == "OK" and b"IMAP4rev2" in data[0], (typ, data)
        typ, data = m.noop()
        assert typ == "OK", (typ, data)
        typ, data = m.logout()
        assert typ == "BYE", (typ, data)
    finally:
        quiet_shutdown(m)


def test_starttls_wrong_password(server):
    m = imaplib.IMAP4("127.0.0.1", server.port, timeout=15)
    try:
        m.starttls(ssl_context=server.ssl_context())
        try:
            m.login(USER, "not-the-password")
        except imaplib.IMAP4.error as e:
            assert "AUTHENTICATIONFAILED" in str(e), f"failed login: {e}"
        else:
            raise AssertionError("login with a wrong password succeeded")
        typ, _ = m.login(USER, PASSWORD)  # the session goes on
        assert typ == "OK"
        m.logout()
    finally:
        quiet_shutdown(m)


def test_authenticate_plain_over_starttls(server):
    m = imaplib.IMAP4("127.0.0.1", server.port, timeout=10)
    try:
        m.starttls(ssl_context=server.ssl_context())
        typ, data = m.authenticate("PLAIN", lambda _: f"\0{USER}\0{PASSWORD}".encode())
        assert typ == "OK", (typ, data)
        assert m.state == "AUTH"
        m.logout()
    finally:
        quiet_shutdown(m)


def test_implicit_tls(server):
    m = imaplib.IMAP4_SSL("127.0.0.1", server.tls_port, ssl_context=server.ssl_context(), timeout=10)
    try:
        c = caps(m)
        assert "IMAP4REV2" in c and "AUTH=PLAIN" in c, c
        assert "STARTTLS" not in c, f"STARTTLS advertised on the TLS port: {c}"
        assert m.sock.version() in ("TLSv1.2", "TLSv1.3"), m.sock.version()
        typ, data = m.login(USER, PASSWORD)
        assert typ == "OK", (typ, data)
        typ, data = m.noop()
        assert typ == "OK", (typ, data)
        typ, data = m.logout()
        assert typ == "BYE", (typ, data)
    finally:
        quiet_shutdown(m)


def test_certificate_is_verified(server):
    """A context that trusts nothing rejects the server: verification is real."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    try:
        imaplib.IMAP4_SSL("127.0.0.1", server.tls_port, ssl_context=ctx, timeout=10)
    except ssl.SSLCertVerificationError:
        pass
    else:
        raise AssertionError("an untrusted self-signed certificate was accepted")
    server.assert_serves()


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_starttls_then_login, test_starttls_wrong_password,
                             test_authenticate_plain_over_starttls, test_implicit_tls,
                             test_certificate_is_verified], server)


if __name__ == "__main__":
    raise SystemExit(main())

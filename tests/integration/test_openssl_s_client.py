#!/usr/bin/env python3
"""`openssl s_client` against Petrel: implicit TLS and STARTTLS, TLS 1.2 and 1.3
accepted, TLS 1.0 and 1.1 refused."""
import os
import re
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import warnings

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
DIALOG = f"a LOGIN {USER} {PASSWORD}\nb LOGOUT\n"
OLD_TLS = "DEFAULT@SECLEVEL=0"  # OpenSSL 3 needs this to even offer TLS 1.0/1.1


def s_client(port, *options, cafile=None, stdin=DIALOG, timeout=30):
    """Runs s_client with the dialog on stdin (LF -> CRLF); returns (rc, stdout, stderr)."""
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
           "-ign_eof", "-crlf", *options]
    if cafile:
        cmd += ["-CAfile", cafile, "-verify_return_error"]
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def assert_dialog_ok(rc, out, err, what):
    detail = f"{what}: rc={rc}\n--- stdout ---\n{out[-3000:]}\n--- stderr ---\n{err[-2000:]}"
    assert re.search(r"^a OK\b", out, re.M), "no 'a OK' for LOGIN; " + detail
    assert re.search(r"^\* BYE\b", out, re.M), "no '* BYE' for LOGOUT; " + detail
    assert re.search(r"^b OK\b", out, re.M), "no 'b OK' for LOGOUT; " + detail


def negotiated(out):
    m = re.search(r"^New, (TLSv1(?:\.\d)?), Cipher is", out, re.M)
    return m and m.group(1)


def test_implicit_tls_login(server):
    rc, out, err = s_client(server.tls_port, cafile=server.cert_path)
    assert_dialog_ok(rc, out, err, "implicit TLS")
    assert re.search(r"^\* OK\b.*\bIMAP4rev2\b", out, re.M), f"no greeting:\n{out[-2000:]}"


def test_starttls_login(server):
    rc, out, err = s_client(server.port, "-starttls", "imap", cafile=server.cert_path)
    assert_dialog_ok(rc, out, err, "STARTTLS")


def test_tls12_and_tls13_accepted(server):
    for flag, version in (("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")):
        for port, extra in ((server.tls_port, []), (server.port, ["-starttls", "imap"])):
            rc, out, err = s_client(port, flag, *extra, cafile=server.cert_path)
            assert_dialog_ok(rc, out, err, f"{flag} {' '.join(extra)}")
            assert negotiated(out) == version, f"{flag}: negotiated {negotiated(out)!r}"


def old_tls_control_context(tmp):
    """A TLS 1.0/1.1-only server context with a throwaway certificate."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.set_ciphers(OLD_TLS)
    ctx.load_cert_chain(cert, key)
    return ctx


def test_control_client_speaks_tls11(server):
    """This s_client can speak TLS 1.1 to a server that allows it; otherwise a
    refusal from Petrel below would prove nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        ctx = old_tls_control_context(tmp)
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(20)
        result = {}

        def serve():
            try:
                conn, _ = listener.accept()
                conn.settimeout(10)
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    result["version"] = tls.version()
                    tls.sendall(b"* BYE control\r\n")
            except (OSError, ssl.SSLError) as e:
                result["error"] = repr(e)

        t = threading.Thread(target=serve, daemon=True)
        t.start()
        rc, out, err = s_client(listener.getsockname()[1], "-tls1_1", "-cipher", OLD_TLS, stdin="")
        t.join(20)
        listener.close()
    assert result.get("version") == "TLSv1.1", \
        f"control: this openssl cannot speak TLS 1.1 ({result}); rc={rc}\n{err[-1500:]}"


def test_tls10_and_tls11_refused(server):
    for flag in ("-tls1", "-tls1_1"):
        for port, extra in ((server.tls_port, []), (server.port, ["-starttls", "imap"])):
            rc, out, err = s_client(port, flag, "-cipher", OLD_TLS, *extra)
            what = f"{flag} {' '.join(extra)}"
            assert not re.search(r"^a OK\b", out, re.M), f"{what}: LOGIN succeeded:\n{out[-2000:]}"
            assert negotiated(out) is None, f"{what}: negotiated {negotiated(out)}"
            assert rc != 0, f"{what}: s_client exit 0\n{out[-2000:]}"
    server.assert_serves()


def test_client_renegotiation_refused(server):
    """A client-initiated TLS 1.2 renegotiation (s_client's interactive "R") is
    refused (a classic CPU-exhaustion vector); the server stays up."""
    p = subprocess.Popen(["openssl", "s_client", "-connect", f"127.0.0.1:{server.tls_port}",
                          "-tls1_2", "-crlf"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    try:
        for line, pause in ((None, 1.0), ("R\n", 1.0), (f"a LOGIN {USER} {PASSWORD}\n", 1.0)):
            if line:
                p.stdin.write(line)
                p.stdin.flush()
            time.sleep(pause)
        p.stdin.close()
    except BrokenPipeError:
        pass  # s_client already gone: the server closed the connection
    try:
        out = p.communicate(timeout=15)[0]
    except subprocess.TimeoutExpired:
        p.kill()
        out = p.communicate()[0]
    assert "RENEGOTIATING" in out, f"s_client did not try to renegotiate:\n{out[-2000:]}"
    assert not re.search(r"^a OK\b", out, re.M), f"session went on after a renegotiation:\n{out[-2000:]}"
    server.assert_serves()


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_implicit_tls_login, test_starttls_login, test_tls12_and_tls13_accepted,
                             test_control_client_speaks_tls11, test_tls10_and_tls11_refused,
                             test_client_renegotiation_refused], server)


if __name__ == "__main__":
    raise SystemExit(main())

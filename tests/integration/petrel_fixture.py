"""Shared helpers for Petrel's black-box tests.

PetrelServer starts `petrel serve` on a temporary data directory and free
loopback ports; Conn is a raw IMAP line client with a deadline on every
read. The protocol runner (tests/protocol/run.py) uses both.

Set PETREL_KEEP_TMP=1 to keep the temporary directories (config, data,
server log) for a post-mortem, and PETREL_LOG_LEVEL=debug for a chattier log.
"""
import argparse
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback

DEFAULT_TIMEOUT = 5.0  # seconds, per expected line
READY_TIMEOUT = 20.0  # seconds for `petrel serve` to accept connections
STOP_TIMEOUT = 10.0  # seconds for the server to exit after SIGTERM
CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE, signal.SIGILL}


def exit_failed(code):
    """True for an exit status that shows a bug: non-zero, or death by a crash signal.
    (Killed by SIGTERM/SIGKILL is not counted here; test_sigterm checks shutdown.)"""
    return code is not None and (code > 0 or (code < 0 and -code in CRASH_SIGNALS))


def parse_args(description=""):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--petrel", required=True, help="path to the petrel binary")
    args = parser.parse_args()
    args.petrel = os.path.abspath(args.petrel)
    return args


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- config

def default_config(data_dir, port, tls_port, lmtp_port, metrics_port=None):
    config = {
        "data_dir": data_dir,
        "log_level": os.environ.get("PETREL_LOG_LEVEL", "info"),
        "imap": {"listen": f"127.0.0.1:{port}", "listen_tls": f"127.0.0.1:{tls_port}"},
        # Never the default 1024: tests run in parallel.
        "lmtp": {"listen": f"127.0.0.1:{lmtp_port}"},
    }
    # Each server its own metrics port, so parallel tests never share 9143.
    config["metrics"] = {"listen": f"127.0.0.1:{metrics_port}" if metrics_port else ""}
    return config


def merge(base, override):
    """Returns base updated by override, tables merged key by key."""
    out = dict(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"

    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def render_toml(config):
    lines = [f"{k} = {toml_value(v)}" for k, v in config.items() if not isinstance(v, dict)]
    for section, table in config.items():
        if isinstance(table, dict):
            lines.append(f"\n[{section}]")
            lines += [f"{k} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- CLI

def run_cli(petrel, args, input_text=None, cwd=None, timeout=30):
    """Runs `petrel ARGS`; returns the CompletedProcess (text mode)."""
    return subprocess.run([os.path.abspath(petrel), *args], input=input_text if input_text is not None else "",
                          capture_output=True, text=True, cwd=cwd, timeout=timeout)


def add_user(petrel, data_dir, name, password):
    pw_file = os.path.join(data_dir, "..", f"pw-{name}")
    with open(pw_file, "w") as f:
        f.write(password)
    r = run_cli(petrel, ["user", "add", name, "--data-dir", data_dir, "--password-file", pw_file])
    os.unlink(pw_file)
    if r.returncode != 0:
        raise RuntimeError(f"petrel user add {name} failed ({r.returncode}): {r.stderr.strip()}")


# ---------------------------------------------------------------- server

class PetrelServer:
    """`with PetrelServer(petrel, users={"alice": "secret"}, config={...}) as s:`"""

    def __init__(self, petrel, users=None, config=None, tmp=None):
        self.petrel = os.path.abspath(petrel)
        self.users = users or {}
        self.overrides = config or {}
        self.tmp = tmp or tempfile.mkdtemp(prefix="petrel-test-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.config_path = os.path.join(self.tmp, "petrel.toml")
        self.log_path = os.path.join(self.tmp, "server.log")
        self.proc = None
        self.port = self.tls_port = self.lmtp_port = self.metrics_port = None

    # -- lifecycle
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            sys.stderr.write(f"---- server log tail ({self.log_path}) ----\n{self.log_tail()}\n")
        was_alive = self.alive()
        code = self.stop()
        failed = exit_failed(code) or not was_alive and code != 0
        if failed and exc_type is None:
            # A crash, or a sanitizer report at exit (ASan/LSan exit non-zero): the run fails.
            print(f"FAIL server exit status {code} (alive until stop: {was_alive})\n{self.log_tail()}",
                  flush=True)
        self.cleanup()
        if failed and exc_type is None:
            raise SystemExit(1)
        return False

    def start(self, attempts=3):
        os.makedirs(self.data_dir, exist_ok=True)
        for name, password in self.users.items():
            add_user(self.petrel, self.data_dir, name, password)
        for attempt in range(attempts):
            try:
                return self.launch()
            except RuntimeError:
                # Another process may have taken a "free" port between the probe and
                # the server's bind: try new ports.
                if attempt + 1 == attempts or "in use" not in self.log_tail(5):
                    raise

    def launch(self):
        self.port = free_port()
        self.tls_port = free_port()
        while self.tls_port == self.port:
            self.tls_port = free_port()
        self.lmtp_port = free_port()
        while self.lmtp_port in (self.port, self.tls_port):
            self.lmtp_port = free_port()
        self.metrics_port = free_port()
        config = merge(default_config(self.data_dir, self.port, self.tls_port, self.lmtp_port,
                                      self.metrics_port),
                       self.overrides)
        with open(self.config_path, "w") as f:
            f.write(render_toml(config))
        if self.proc is not None:  # a failed earlier attempt
            self.stop()
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.petrel, "serve", "--config", self.config_path],
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        self.wait_ready()

    def wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT
        pending = [self.port, self.tls_port]
        while pending:
            if self.proc.poll() is not None:
                raise RuntimeError(f"petrel serve exited with {self.proc.returncode} before "
                                   f"accepting connections:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"petrel serve not accepting on {pending} after "
                                   f"{READY_TIMEOUT}s:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", pending[0]), timeout=0.5):
                    pending.pop(0)
            except OSError:
                time.sleep(0.05)
        time.sleep(0.05)
        if self.proc.poll() is not None:  # the ports answered, but not for this process
            raise RuntimeError(f"petrel serve exited with {self.proc.returncode}:\n{self.log_tail()}")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, then SIGKILL after timeout; returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        self.log.close()
        return self.proc.returncode

    def cleanup(self):
        if os.environ.get("PETREL_KEEP_TMP"):
            sys.stderr.write(f"kept {self.tmp}\n")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- inspection
    @property
    def pid(self):
        return self.proc.pid

    @property
    def cert_path(self):
        return os.path.join(self.data_dir, "tls", "cert.pem")

    def ssl_context(self):
        """A client context that trusts only the server's generated certificate."""
        ctx = ssl.create_default_context(cafile=self.cert_path)
        ctx.check_hostname = False
        return ctx

    def status_kb(self, field):
        """A field of /proc/<pid>/status in kB, e.g. VmRSS or VmHWM."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise KeyError(field)

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def connect(self, tls=False, timeout=DEFAULT_TIMEOUT):
        port = self.tls_port if tls else self.port
        return Conn.open(port, self.ssl_context() if tls else None, timeout)

    def assert_serves(self):
        """The server is alive and a new client gets a greeting and a NOOP answer."""
        assert self.alive(), f"server died (exit {self.proc.returncode}):\n{self.log_tail()}"
        with self.connect() as c:
            greeting = c.read_line()
            assert greeting and greeting.startswith("* OK"), f"greeting: {greeting!r}"
            _, tagged = c.command("z1", "NOOP")
            assert tagged.startswith("z1 OK"), f"NOOP after the test: {tagged!r}"


# ---------------------------------------------------------------- client

class ProtocolError(AssertionError):
    pass


class Conn:
    """A raw IMAP connection: send bytes, read CRLF-terminated lines with deadlines."""

    def __init__(self, sock, timeout=DEFAULT_TIMEOUT):
        self.sock = sock
        self.timeout = timeout
        self.buf = b""
        self.eof = False

    @classmethod
    def open(cls, port, tls_context=None, timeout=DEFAULT_TIMEOUT, host="127.0.0.1", source=None):
        sock = socket.create_connection((host, port), timeout=timeout,
                                        source_address=(source, 0) if source else None)
        if tls_context is not None:
            sock = tls_context.wrap_socket(sock, server_hostname="localhost")
        return cls(sock, timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sock.settimeout(self.timeout)
        self.sock.sendall(data)

    def send_line(self, text):
        self.send((text.encode("utf-8") if isinstance(text, str) else text) + b"\r\n")

    def _fill(self, deadline):
        """Reads more bytes into buf; False at EOF. Raises TimeoutError at the deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            chunk = b""
        except socket.timeout:
            raise TimeoutError("deadline passed") from None
        except ssl.SSLError as e:
            if "timed out" in str(e):
                raise TimeoutError("deadline passed") from None
            chunk = b""  # TLS alert or truncation: the connection is gone
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def read_line_bytes(self, timeout=None):
        """One line without its CRLF, or None when the server closed the connection."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while b"\n" not in self.buf:
            if self.eof or not self._fill(deadline):
                if self.buf:
                    raise ProtocolError(f"connection closed after a partial line {self.buf[:200]!r}")
                return None
        line, self.buf = self.buf.split(b"\n", 1)
        if not line.endswith(b"\r"):
            raise ProtocolError(f"line not terminated by CRLF: {line[:200]!r}")
        return line[:-1]

    def read_line(self, timeout=None):
        line = self.read_line_bytes(timeout)
        return None if line is None else line.decode("utf-8", "replace")

    def read_until_closed(self, timeout=None):
        """Reads until EOF; returns what arrived. Raises TimeoutError if still open."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while not self.eof and self._fill(deadline):
            pass
        data, self.buf = self.buf, b""
        return data

    def lines_until_closed(self, timeout=None):
        """Every line up to EOF. Raises TimeoutError if the server keeps it open."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        lines = []
        while True:
            line = self.read_line(max(0.001, deadline - time.monotonic()))
            if line is None:
                return lines
            lines.append(line)

    def wait_tagged(self, tag, timeout=None):
        """Reads lines up to the tagged reply for tag; returns (untagged, tagged)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        untagged = []
        while True:
            line = self.read_line(max(0.001, deadline - time.monotonic()))
            if line is None:
                raise ProtocolError(f"connection closed waiting for {tag}; got {untagged}")
            if line.startswith(tag + " "):
                return untagged, line
            untagged.append(line)

    def command(self, tag, text, timeout=None):
        self.send_line(f"{tag} {text}")
        return self.wait_tagged(tag, timeout)

    def login(self, user, password, tag="L1"):
        _, tagged = self.command(tag, f'LOGIN "{user}" "{password}"', timeout=15)
        assert tagged.startswith(f"{tag} OK"), f"login as {user}: {tagged!r}"

    def starttls(self, ctx):
        if self.buf:
            raise ProtocolError(f"bytes after the STARTTLS OK, before the handshake: {self.buf!r}")
        self.sock.settimeout(self.timeout)
        self.sock = ctx.wrap_socket(self.sock, server_hostname="localhost")


# ---------------------------------------------------------------- running tests

def run_tests(tests, *args, after=None):
    """Runs each test function with args, then after(*args) if given; prints
    PASS/FAIL and the closing count line.

    Returns the process exit status (0 only when every test passed).
    """
    passed = failed = 0
    for test in tests:
        start = time.monotonic()
        try:
            test(*args)
            if after is not None:
                after(*args)
        except Exception:  # AssertionError, timeouts, socket errors: all failures
            failed += 1
            print(f"FAIL {test.__name__} ({time.monotonic() - start:.1f}s)", flush=True)
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print(f"PASS {test.__name__} ({time.monotonic() - start:.1f}s)", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 and passed > 0 else 1

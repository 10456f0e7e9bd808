#!/usr/bin/env python3
"""Runs one scripted IMAP dialog (tests/protocol/*.imap) against `petrel serve`.

    run.py --petrel build/dev/petrel tests/protocol/login.imap
    run.py --server 127.0.0.1:143 --tls-server 127.0.0.1:993 script.imap   # another server

The script format is described in tests/protocol/README.md. Exit status 0
when the dialog matched, 1 with a diff-like report when it did not.
"""
import argparse
import os
import re
import ssl
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import petrel_fixture as fx  # noqa: E402

STEP_RE = re.compile(r"^(?:(\d+)\s+)?(C-raw|C|S\*|S):(?: (.*)|)$")
DIRECTIVE_RE = re.compile(r"^(?:(\d+)\s+)?(connect|starttls|close|sleep)\b\s*(.*)$")
HEADER_RE = re.compile(r"^#\s*(user|capabilities|config|timeout)\s*:\s*(.*)$")
TOKEN_RE = re.compile(r"%\*|%%|\$\$|\$\{(\w+)\}|\$(\w+)")
LITERAL_RE = re.compile(r"\{\{(\+?)(.*?)\}\}")


class Failure(Exception):
    pass


class Step:
    def __init__(self, lineno, conn, kind, text):
        self.lineno, self.conn, self.kind, self.text = lineno, conn, kind, text


# ---------------------------------------------------------------- parsing

def parse_value(text):
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    if len(text) >= 2 and text[0] == "[" and text[-1] == "]":  # a list of values
        return [parse_value(item) for item in text[1:-1].split(",") if item.strip()]
    raise ValueError(f"bad config value {text!r}")


def parse_script(path):
    """Returns (headers, steps). Headers: users, capabilities, config, timeout."""
    headers = {"users": {}, "capabilities": [], "config": {}, "timeout": fx.DEFAULT_TIMEOUT}
    steps = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            m = HEADER_RE.match(line)
            if m:
                key, value = m.group(1), m.group(2).strip()
                if key == "user":
                    name, _, password = value.partition(" ")
                    headers["users"][name] = password
                elif key == "capabilities":
                    headers["capabilities"] += value.split()
                elif key == "timeout":
                    headers["timeout"] = float(value)
                else:  # config: section.key = value
                    name, _, val = value.partition("=")
                    section, _, k = name.strip().rpartition(".")
                    table = headers["config"].setdefault(section, {}) if section else headers["config"]
                    table[k] = parse_value(val)
                continue
            if line.lstrip().startswith("#"):
                continue
            m = STEP_RE.match(line) or DIRECTIVE_RE.match(line)
            if not m:
                raise SystemExit(f"{path}:{lineno}: cannot parse {line!r}")
            steps.append(Step(lineno, int(m.group(1) or 1), m.group(2), m.group(3) or ""))
    return headers, steps


def compile_pattern(pattern, variables):
    """One regex per `%|` alternative; `$name`/`${name}` capture or recall variables."""
    alternatives = pattern.split("%|")
    if len(alternatives) > 1:
        alternatives = [a.strip() for a in alternatives]
    return [compile_alternative(a, variables) for a in alternatives]


def compile_alternative(pattern, variables):
    parts, seen, pos = [], set(), 0
    for m in TOKEN_RE.finditer(pattern):
        text, pos, tok = pattern[pos:m.start()], m.end(), m.group(0)
        if tok == "%*" and text.endswith(" "):  # " %*" also matches nothing: "a OK %*" ~ "a OK"
            parts += [re.escape(text[:-1]), "(?: .*)?"]
            continue
        parts.append(re.escape(text))
        if tok in ("%*", "%%", "$$"):
            parts.append({"%*": ".*", "%%": "%", "$$": r"\$"}[tok])
            continue
        name = m.group(1) or m.group(2)
        if name in variables:
            parts.append(re.escape(variables[name]))
        elif name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            parts.append(f"(?P<{name}>.*)" if m.group(1) else rf"(?P<{name}>[^ ()\[\]]+)")
    parts.append(re.escape(pattern[pos:]))
    return re.compile("".join(parts), re.DOTALL)


def match_line(pattern, line, variables):
    """True (and captures stored) when line matches pattern."""
    for regex in compile_pattern(pattern, variables):
        m = regex.fullmatch(line)
        if m:
            variables.update(m.groupdict())
            return True
    return False


def substitute(text, variables, step):
    def repl(m):
        if m.group(0) == "$$":
            return "$"
        name = m.group(1) or m.group(2)
        if name not in variables:
            raise Failure(f"line {step.lineno}: ${name} was never captured")
        return variables[name]
    return re.sub(r"\$\$|\$\{(\w+)\}|\$(\w+)", repl, text)


def unescape(text):
    """C-raw: text with \\r \\n \\t \\\\ and \\xNN escapes, to bytes."""
    simple = {b"r": b"\r", b"n": b"\n", b"t": b"\t", b"\\": b"\\"}

    def repl(m):
        e = m.group(1)
        return bytes([int(e[1:], 16)]) if e[:1] == b"x" else simple[e]
    return re.sub(rb"\\(x[0-9a-fA-F]{2}|[rnt\\])", repl, text.encode("utf-8"))


# ---------------------------------------------------------------- running

class Runner:
    def __init__(self, headers, target, timeout):
        self.headers, self.target, self.timeout = headers, target, timeout
        self.conns, self.variables, self.transcript = {}, {}, []

    def log(self, conn, direction, text):
        self.transcript.append(f"{conn} {direction}: {text}")

    def conn(self, step, tls=False):
        if step.conn not in self.conns:
            self.conns[step.conn] = self.target.connect(tls, self.timeout)
            self.log(step.conn, "--", f"connected{' (TLS)' if tls else ''}")
        return self.conns[step.conn]

    def read(self, step):
        try:
            line = self.conn(step).read_line()
        except TimeoutError:
            raise Failure(f"line {step.lineno}: no line from the server within "
                          f"{self.timeout:g}s\n  expected: {step.text}") from None
        except fx.ProtocolError as e:
            raise Failure(f"line {step.lineno}: {e}") from None
        self.log(step.conn, "S", "<closed>" if line is None else line)
        return line

    def send(self, step, data):
        try:
            self.conn(step).send(data)
        except OSError as e:
            raise Failure(f"line {step.lineno}: send failed: {e}") from None

    def run(self, steps):
        i = 0
        while i < len(steps):
            step = steps[i]
            if step.kind == "S*":
                block = [step]
                while i + 1 < len(steps) and steps[i + 1].kind == "S*" and steps[i + 1].conn == step.conn:
                    i += 1
                    block.append(steps[i])
                self.expect_unordered(block)
            else:
                getattr(self, "do_" + step.kind.replace("-", "_"))(step)
            i += 1

    def do_C(self, step):
        pieces = LITERAL_RE.split(substitute(step.text, self.variables, step))
        head = pieces[0].encode("utf-8")  # pieces: text, (plus, body, text)*
        for j in range(1, len(pieces), 3):
            plus, body, tail = pieces[j], pieces[j + 1].encode("utf-8"), pieces[j + 2].encode("utf-8")
            head += f"{{{len(body)}{plus}}}".encode()
            self.log(step.conn, "C", head.decode("utf-8", "replace"))
            self.send(step, head + b"\r\n")
            if not plus:
                line = self.read(step)
                if line is None or not line.startswith("+"):
                    raise Failure(f"line {step.lineno}: expected a '+' continuation for the literal, "
                                  f"got {line!r}")
            head = body + tail
        self.log(step.conn, "C", head.decode("utf-8", "replace"))
        self.send(step, head + b"\r\n")

    def do_C_raw(self, step):
        data = unescape(substitute(step.text, self.variables, step))
        self.log(step.conn, "C", repr(data))
        self.send(step, data)

    def do_S(self, step):
        if step.text == "<closed>":
            try:
                rest = self.conn(step).read_until_closed()
            except TimeoutError:
                raise Failure(f"line {step.lineno}: connection still open after {self.timeout:g}s") from None
            if rest:
                raise Failure(f"line {step.lineno}: expected the connection closed, got {rest[:300]!r}")
            self.log(step.conn, "S", "<closed>")
            del self.conns[step.conn]
            return
        line = self.read(step)
        if line is None or not match_line(step.text, line, self.variables):
            raise Failure(f"line {step.lineno}: mismatch on connection {step.conn}\n"
                          f"  expected: {step.text}\n  received: {'<closed>' if line is None else line}")

    def expect_unordered(self, block):
        pending = list(block)
        while pending:
            line = self.read(pending[0])
            hit = next((s for s in pending if line is not None and match_line(s.text, line, self.variables)), None)
            if hit is None:
                wanted = "\n".join(f"    line {s.lineno}: {s.text}" for s in pending)
                raise Failure(f"line {pending[0].lineno}: unordered block on connection {block[0].conn}\n"
                              f"  received: {'<closed>' if line is None else line}\n"
                              f"  matches none of:\n{wanted}")
            pending.remove(hit)

    def do_connect(self, step):
        if step.conn in self.conns:
            raise Failure(f"line {step.lineno}: connection {step.conn} is already open")
        try:
            self.conn(step, tls=step.text.strip() == "tls")
        except (OSError, ssl.SSLError) as e:
            raise Failure(f"line {step.lineno}: connect failed: {e}") from None

    def do_starttls(self, step):
        try:
            self.conn(step).starttls(self.target.ssl_context())
        except (OSError, ssl.SSLError, fx.ProtocolError) as e:
            raise Failure(f"line {step.lineno}: TLS handshake failed: {e}") from None
        self.log(step.conn, "--", "TLS handshake done")

    def do_close(self, step):
        self.conns.pop(step.conn).close()
        self.log(step.conn, "--", "closed by client")

    def do_sleep(self, step):
        time.sleep(float(step.text))

    def close_all(self):
        for c in self.conns.values():
            c.close()


# ---------------------------------------------------------------- targets

class ExternalServer:
    """A server already running (e.g. Dovecot); the script's users must exist there."""

    def __init__(self, plain, tls):
        self.plain, self.tls = plain, tls

    def connect(self, tls, timeout):
        host, port = (self.tls if tls else self.plain).rsplit(":", 1)
        return fx.Conn.open(int(port), self.ssl_context() if tls else None, timeout, host)

    def ssl_context(self):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx


def server_capabilities(target, timeout):
    with target.connect(False, timeout) as c:
        c.read_line()
        untagged, _ = c.command("cap0", "CAPABILITY")
        c.send_line("cap1 LOGOUT")
    caps = set()
    for line in untagged:
        if line.upper().startswith("* CAPABILITY "):
            caps.update(w.upper() for w in line.split()[2:])
    return caps


def report(path, failure, runner, server):
    print(f"FAIL {path}\n{failure}\n\n  transcript (last 25 lines):")
    for line in runner.transcript[-25:]:
        print(f"    {line}")
    if server is not None:
        print(f"\n  server log (last 30 lines):\n{server.log_tail(30)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--petrel", help="petrel binary to start")
    ap.add_argument("--server", help="HOST:PORT of a running server (instead of --petrel)")
    ap.add_argument("--tls-server", help="HOST:PORT of its implicit-TLS port")
    ap.add_argument("script")
    args = ap.parse_args()
    if not args.petrel and not args.server:
        ap.error("give --petrel or --server")
    headers, steps = parse_script(args.script)
    timeout = headers["timeout"]
    server = None
    if args.petrel:
        server = fx.PetrelServer(args.petrel, users=headers["users"], config=headers["config"])
        try:
            server.__enter__()
        except Exception as e:
            print(f"FAIL {args.script}: could not start petrel serve: {e}")
            return 1
        target = server
    else:
        target = ExternalServer(args.server, args.tls_server or args.server)
    runner = Runner(headers, target, timeout)
    status = 0
    try:
        missing = [c for c in headers["capabilities"] if c.upper() not in server_capabilities(target, timeout)]
        if missing:
            raise Failure(f"the server does not advertise required capabilities: {' '.join(missing)}")
        runner.run(steps)
        if server is not None and not server.alive():
            raise Failure(f"the server died during the dialog (exit {server.proc.returncode})")
    except Failure as failure:
        report(args.script, failure, runner, server)
        status = 1
    finally:
        runner.close_all()
        if server is not None:
            code = server.stop()
            if status == 0 and fx.exit_failed(code):
                print(f"FAIL {args.script}: the server exited with {code} after SIGTERM\n{server.log_tail(30)}")
                status = 1
            server.cleanup()
    if status == 0:
        print(f"PASS {args.script} ({len(steps)} steps)")
    return status


if __name__ == "__main__":
    sys.exit(main())

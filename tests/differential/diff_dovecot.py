#!/usr/bin/env python3
"""Plays the client side of protocol dialogs (tests/protocol/*.imap) against
Petrel and against Debian's Dovecot, and prints where the answers differ.

    python3 tests/differential/diff_dovecot.py --petrel build/asan/petrel tests/protocol/*.imap
    python3 tests/differential/diff_dovecot.py --petrel P --only-different tests/differential/*.imap

A tool for finding where Petrel answers otherwise than Dovecot, not a test:
some differences are right (RFC 9051 wants them, or Dovecot is wrong), and
the note on each script says which. The `S:` lines of a script are used only
to keep the dialog in step (wait for a continuation, capture `$uv`); every
line each server sends is recorded, normalised (tags' texts, UIDVALIDITY,
object ids, capability lists) and the two transcripts are diffed.

Dovecot gets the same users, a "/" separator (LAYOUT=fs) and Petrel's
default mailboxes, so that the differences left are about answers. Scripts
that need TLS or a Petrel config are skipped."""
import argparse
import difflib
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "protocol"))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import dovecot_fixture  # noqa: E402
import petrel_fixture as fx  # noqa: E402
import run as protocol  # noqa: E402

# Petrel's default mailboxes, given to Dovecot too; failed logins answered
# at once, as Petrel does.
DOVECOT_CONFIG = """
auth_failure_delay = 0
login_trusted_networks = 127.0.0.1/32
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}
"""

LINE_WAIT = 2.0  # seconds for a line a script expects
DRAIN_WAIT = 0.4  # seconds of silence that end a connection's transcript
# Commands whose untagged answers come in no set order (RFC 9051 6.3.2,
# 6.3.9: SELECT, LIST).
UNORDERED = ("SELECT", "EXAMINE", "LIST", "LSUB")


class Recorder(protocol.Runner):
    """A Runner that records instead of checking. After each client line it
    reads the server's answer: up to the tagged response of the commands
    sent, or a continuation request, or silence. `S:` lines read nothing;
    they only capture variables (`$uv`) from the lines received."""

    def __init__(self, headers, target, timeout):
        super().__init__(headers, target, timeout)
        self.pending = {}  # connection -> tags not yet answered
        self.continuing = set()  # connections whose last answer was "+"
        self.received = {}  # connection -> lines received
        self.cursor = {}  # connection -> first line an `S:` may still match

    def read(self, step):
        """The continuation a synchronizing literal waits for (Runner.do_C)."""
        lines = self.collect(step.conn)
        return lines[-1] if lines else ""

    def collect(self, conn, quiet=DRAIN_WAIT):
        """Logs and returns the lines up to the end of the answer."""
        c = self.conns.get(conn)
        if c is None:
            return []
        pending = self.pending.setdefault(conn, set())
        lines = []
        while True:
            try:
                line = c.read_line(LINE_WAIT if pending else quiet)
            except (TimeoutError, fx.ProtocolError):
                break
            if line is None:
                self.log(conn, "S", "<closed>")
                self.conns.pop(conn).close()
                break
            self.log(conn, "S", line)
            self.received.setdefault(conn, []).append(line)
            lines.append(line)
            if line.startswith("+"):
                self.continuing.add(conn)
                break
            tag = line.split(" ", 1)[0]
            if tag in pending:
                pending.discard(tag)
                if not pending:
                    break
        if conn in self.conns:
            self.sort_selected(lines)
        return lines

    def sort_selected(self, lines):
        """Sorts the untagged answer of an UNORDERED command."""
        first = len(self.transcript) - len(lines)
        command = next((t for t in reversed(self.transcript[:first]) if " C: " in t), "")
        words = command.split(" ", 4)
        if len(words) > 3 and words[3].upper() in UNORDERED and lines:
            untagged = sorted(t for t in self.transcript[first:] if " S: * " in t)
            tagged = [t for t in self.transcript[first:] if " S: * " not in t]
            self.transcript[first:] = untagged + tagged

    def begin(self, step, text):
        conn = step.conn
        if conn in self.continuing:  # data for a continuation, not a command
            self.continuing.discard(conn)
        elif text.strip():
            self.pending.setdefault(conn, set()).add(text.split(" ", 1)[0])

    def do_C(self, step):
        self.begin(step, step.text)
        try:
            super().do_C(step)
        except protocol.Failure as e:
            self.log(step.conn, "--", f"<{e}>")
        self.collect(step.conn)

    def do_C_raw(self, step):
        try:
            super().do_C_raw(step)
        except protocol.Failure as e:
            self.log(step.conn, "--", f"<{e}>")
        self.collect(step.conn)  # several commands, or part of one: until silence

    def do_S(self, step):
        conn = step.conn
        if step.text == "<closed>":
            if conn in self.conns:
                self.collect(conn)
                self.log(conn, "S", "<still open>")
            return
        lines = self.received.get(conn, [])
        for i in range(self.cursor.get(conn, 0), len(lines)):
            if protocol.match_line(step.text, lines[i], self.variables):
                self.cursor[conn] = i + 1
                return

    def expect_unordered(self, block):
        for step in block:
            self.do_S(step)

    def finish(self):
        for conn in sorted(self.conns):
            self.collect(conn)


CODE_TEXT = re.compile(r"^(\S+ (?:OK|NO|BAD|BYE|PREAUTH))(?: (\[[^\]]*\]))?(?: .*)?$")
NORMALISE = [
    (re.compile(r"\b(UIDVALIDITY|APPENDUID|COPYUID) \d+"), r"\1 <uv>"),
    (re.compile(r"\b(MAILBOXID|EMAILID|THREADID) \(?[^ )\]]+\)?"), r"\1 <id>"),
    (re.compile(r"^\* CAPABILITY .*"), "* CAPABILITY <...>"),
    (re.compile(r"\[CAPABILITY [^\]]*\]"), "[CAPABILITY <...>]"),
    (re.compile(r"^\* ID .*"), "* ID <...>"),
    (re.compile(r"^\+ .*"), "+"),
]


# Lines only one of the servers sends by design: Dovecot 2.3 has no
# OBJECTID (RFC 8474), and tells a client its auth process is slow to
# start.
DROPPED = re.compile(r"^\* OK (\[MAILBOXID |Waiting for authentication)")


def normalise(line):
    conn, _, rest = line.partition(" ")
    direction, _, text = rest.partition(": ")
    if direction == "S":
        m = CODE_TEXT.match(text)
        if m:  # the human-readable text is each server's own
            text = m.group(1) + (" " + m.group(2) if m.group(2) else "")
        for regex, replacement in NORMALISE:
            text = regex.sub(replacement, text)
    return f"{conn} {direction}: {text}"


def transcript(target, headers, steps, raw):
    recorder = Recorder(headers, target, LINE_WAIT)
    try:
        recorder.run(steps)
        recorder.finish()
    finally:
        recorder.close_all()
    if raw:
        return recorder.transcript
    kept = [line for line in recorder.transcript if not DROPPED.match(line.split(": ", 1)[-1])]
    lines = [normalise(line) for line in kept]
    uv = recorder.variables.get("uv")  # a captured UIDVALIDITY, sent back in commands
    return [line.replace(uv, "<uv>") for line in lines] if uv else lines


def warm_up(port):
    """One failed LOGIN, so that the script's first does not find Dovecot's
    auth process still starting ("* OK Waiting for authentication process
    to respond")."""
    with fx.Conn.open(port, timeout=30) as c:
        c.read_line()
        c.command("w", "LOGIN warm-up nopassword")


def skip_reason(headers, steps):
    if headers["config"]:
        return "needs a Petrel config"
    if any(s.kind in ("starttls",) or (s.kind == "connect" and s.text.strip() == "tls") for s in steps):
        return "needs TLS"
    return None


def compare(path, petrel, only_different, raw):
    headers, steps = protocol.parse_script(path)
    reason = skip_reason(headers, steps)
    if reason:
        print(f"SKIP {path}: {reason}")
        return True
    with fx.PetrelServer(petrel, users=headers["users"]) as server:
        ours = transcript(server, headers, steps, raw)
    dovecot = dovecot_fixture.DovecotServer(headers["users"], extra_config=DOVECOT_CONFIG,
                                            layout="fs")
    try:
        dovecot.start()
        warm_up(dovecot.port)
        theirs = transcript(protocol.ExternalServer(f"127.0.0.1:{dovecot.port}", None), headers, steps, raw)
    finally:
        dovecot.cleanup()
    diff = list(difflib.unified_diff(theirs, ours, "dovecot", "petrel", n=2, lineterm=""))
    if not diff:
        if not only_different:
            print(f"SAME {path}")
        return True
    print(f"DIFF {path}")
    for line in diff:
        print("    " + line)
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--petrel", required=True)
    ap.add_argument("--only-different", action="store_true")
    ap.add_argument("--raw", action="store_true", help="diff the lines as received")
    ap.add_argument("scripts", nargs="+")
    args = ap.parse_args()
    started = time.monotonic()
    same = sum(compare(path, args.petrel, args.only_different, args.raw) for path in args.scripts)
    print(f"{same} of {len(args.scripts)} scripts answered alike "
          f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

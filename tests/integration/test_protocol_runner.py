#!/usr/bin/env python3
"""The protocol runner (tests/protocol/run.py) itself: it passes a correct dialog
(unordered blocks, captures, literals) and fails, with a useful report, on a
mismatch, a timeout, an unexpected close and a missing capability."""
import os
import subprocess
import sys
import tempfile
import time

import petrel_fixture as fx

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "protocol", "run.py")

GOOD = r"""# user: alice secret
S: * OK [CAPABILITY $first %*] %*
C-raw: a CAPABILITY\r\nb NOOP\r\n
S*: a OK %*
S*: * CAPABILITY $first %*
S: b OK %*
C: c LOGIN {{alice}} {{+secret}}
S: c OK %*
C: d CAPABILITY
S: * CAPABILITY ${caps}
S: d OK %*
C: e CAPABILITY
S: * CAPABILITY ${caps}
S: e OK %*
2 connect tls
2 S: * OK %*
2 C: x LOGOUT
2 S: * BYE %*
2 S: x OK %*
2 S: <closed>
"""

BAD = {
    "mismatch": ("S: * OK %*\nC: a NOOP\nS: a NO %*\n", "expected: a NO"),
    "timeout": ("# timeout: 1\nS: * OK %*\nC: a NOOP\nS: a OK %*\nS: * NEVER\n", "no line from the server"),
    "not closed": ("# timeout: 1\nS: * OK %*\nS: <closed>\n", "still open"),
    "closed early": ("S: * OK %*\nC: a LOGOUT\nS: * BYE %*\nS: a OK %*\nS: * OK %*\n", "<closed>"),
    "capture differs": ("S: * OK %*\nC: a NOOP\nS: $t OK %*\nC: b NOOP\nS: $t OK %*\n", "expected: $t OK"),
    "unordered": ("S: * OK %*\nC: a CAPABILITY\nS*: * CAPABILITY %*\nS*: * NOPE\nS: a OK %*\n",
                  "matches none of"),
    "capability": ("# capabilities: X-NOT-ADVERTISED\nS: * OK %*\n", "X-NOT-ADVERTISED"),
}


def run(args, text):
    with tempfile.NamedTemporaryFile("w", suffix=".imap", delete=False) as f:
        f.write(text)
    try:
        start = time.monotonic()
        r = subprocess.run([sys.executable, RUNNER, "--petrel", args.petrel, f.name],
                           capture_output=True, text=True, timeout=120)
        return r, time.monotonic() - start
    finally:
        os.unlink(f.name)


def test_good_dialog_passes(args):
    r, _ = run(args, GOOD)
    assert r.returncode == 0, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    assert "PASS" in r.stdout, r.stdout


def test_bad_dialogs_fail(args):
    for name, (text, needle) in BAD.items():
        r, elapsed = run(args, text)
        assert r.returncode == 1, f"{name}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
        assert "FAIL" in r.stdout and needle in r.stdout, f"{name}: report lacks {needle!r}:\n{r.stdout}"
        assert elapsed < 60, f"{name}: took {elapsed:.0f}s"


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_good_dialog_passes, test_bad_dialogs_fail], args)


if __name__ == "__main__":
    raise SystemExit(main())

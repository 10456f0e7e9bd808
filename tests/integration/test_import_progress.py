#!/usr/bin/env python3
"""`petrel import` progress output: on a terminal (a pseudo-terminal here) a
bar redrawn in place with "\\r" and erase-to-end-of-line; when stdout is
not a terminal, plain "progress:" lines without escapes. Also the import
tuning options (--threads, --batch): any value gives the same mailbox, and
out-of-range values are a one-line error."""
import os
import pty
import select
import subprocess
import time

import petrel_fixture as fx

USER = "alice"
COUNT = 40


def make_maildir(root, count=COUNT):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    for i in range(count):
        with open(os.path.join(root, "cur", f"17000000{i:02}.M{i}P1.host:2,S"), "wb") as f:
            f.write(f"Subject: m{i}\r\n\r\nbody {i}\r\n".encode())


def run_on_pty(argv, timeout=60):
    """Runs argv with stdout and stderr on a new pseudo-terminal; returns
    (exit status, everything written)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    try:
        code = proc.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"import did not finish in {timeout}s: {out!r}") from None
    return code, out.decode(errors="replace")


def fresh_data(tmp, name):
    data = os.path.join(tmp, name)
    os.makedirs(data)
    fx.add_user(ARGS.petrel, data, USER, "pw")
    return data


def test_terminal_gets_a_bar(args, tmp):
    maildir = os.path.join(tmp, "Maildir")
    data = fresh_data(tmp, "data-tty")
    code, out = run_on_pty([args.petrel, "import", "maildir", maildir, USER, "--data-dir", data])
    assert code == 0, out
    assert f"] {COUNT}/{COUNT} messages, " in out, repr(out)
    assert "\r[" in out and "\x1b[K" in out, repr(out)
    assert "progress:" not in out, repr(out)
    assert f"imported {COUNT}," in out, repr(out)


def test_pipe_gets_plain_lines(args, tmp):
    maildir = os.path.join(tmp, "Maildir")
    data = fresh_data(tmp, "data-pipe")
    r = fx.run_cli(args.petrel, ["import", "maildir", maildir, USER, "--data-dir", data])
    assert r.returncode == 0, r.stderr
    assert f"progress: {COUNT}/{COUNT} messages, " in r.stdout, r.stdout
    assert "(done)" in r.stdout, r.stdout
    assert "\r" not in r.stdout and "\x1b" not in r.stdout, repr(r.stdout)
    assert f"imported {COUNT}," in r.stdout, r.stdout


def test_threads_and_batch_options(args, tmp):
    maildir = os.path.join(tmp, "Maildir")
    for threads, batch, readers in (("1", "1", "0"), ("3", "7", "1"), ("0", "1000", "64")):
        data = fresh_data(tmp, f"data-{threads}-{batch}")
        r = fx.run_cli(args.petrel, ["import", "maildir", maildir, USER, "--data-dir", data,
                                     "--threads", threads, "--batch", batch, "--read-threads", readers])
        assert r.returncode == 0 and f"imported {COUNT}," in r.stdout, (threads, batch, r.stdout, r.stderr)
        again = fx.run_cli(args.petrel, ["import", "maildir", maildir, USER, "--data-dir", data,
                                         "--batch", batch])
        assert f"imported 0, skipped {COUNT}" in again.stdout, again.stdout
    for bad in (["--batch", "0"], ["--threads", "-1"], ["--threads", "x"], ["--read-threads", "65"]):
        r = fx.run_cli(args.petrel, ["import", "maildir", maildir, USER, "--data-dir", data] + bad)
        assert r.returncode != 0, (bad, r.stdout)
        assert len(r.stderr.strip().splitlines()) == 1, (bad, r.stderr)


ARGS = None


def main():
    global ARGS
    ARGS = fx.parse_args(__doc__)
    import tempfile
    with tempfile.TemporaryDirectory(prefix="petrel-progress-") as tmp:
        make_maildir(os.path.join(tmp, "Maildir"))
        return fx.run_tests([test_terminal_gets_a_bar, test_pipe_gets_plain_lines,
                             test_threads_and_batch_options], ARGS, tmp)


if __name__ == "__main__":
    raise SystemExit(main())

"""Finds (or builds) imap_bulk, the C++ client of the `bulk` scenario
(bench/bulk/), and runs it. A Python client reading 20 MB literals measures
itself, not the server, so compare.py uses this one for both servers.

Where it is looked for: --bulk-client, else next to the petrel binary (every
CMake tree builds it there), else it is compiled once into the scratch
directory with the system's C++ compiler. None when all of that fails: the
caller then says so and falls back to the Python client."""
import json
import os
import shutil
import subprocess

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCES = [os.path.join(BENCH_DIR, "bulk", f) for f in ("byte_stream.cpp", "imap_connection.cpp", "main.cpp")]


def locate(petrel_binary, workdir, explicit=None):
    """The path of a runnable imap_bulk, or (None, reason)."""
    if explicit:
        if os.access(explicit, os.X_OK):
            return explicit, None
        return None, f"--bulk-client {explicit} is not executable"
    beside = os.path.join(os.path.dirname(os.path.abspath(petrel_binary)), "imap_bulk")
    if os.access(beside, os.X_OK):
        return beside, None
    compiler = shutil.which(os.environ.get("CXX", "c++"))
    if not compiler:
        return None, f"no {beside} and no C++ compiler to build it"
    built = os.path.join(workdir, "imap_bulk")
    r = subprocess.run([compiler, "-std=c++20", "-O2", *SOURCES, "-lssl", "-lcrypto", "-o", built],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, f"no {beside}, and building it failed: {r.stderr.strip()[-500:]}"
    return built, None


def run_command(client, port, user, password, mailbox, command, timeout=600):
    """One timed command after SELECT (the sync scenario's FETCH); its JSON
    figures (seconds, untagged)."""
    cmd = [client, "--port", str(port), "--user", user, "--password", password, "--mailbox", mailbox,
           "--command", command]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"imap_bulk failed ({r.returncode}): {r.stderr.strip()}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def run(client, port, user, password, mailbox, rounds, expect_bytes, tls=False, timeout=600):
    """One imap_bulk run; its JSON figures (mb_s, seconds, bytes, ...)."""
    cmd = [client, "--port", str(port), "--user", user, "--password", password, "--mailbox", mailbox,
           "--rounds", str(rounds), "--expect-bytes", str(expect_bytes)]
    if tls:
        cmd.append("--tls")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"imap_bulk failed ({r.returncode}): {r.stderr.strip()}")
    return json.loads(r.stdout.strip().splitlines()[-1])

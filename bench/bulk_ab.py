#!/usr/bin/env python3
"""The bulk scenario (FETCH BODY[] of one 20 MB message) for one or more Petrel
binaries, interleaved, without Dovecot: for before/after comparisons on a
noisy machine. Each run: a fresh data directory, the message APPENDed, 3
warm-up rounds, then ROUNDS rounds of build/release/imap_bulk.

    python3 bench/bulk_ab.py [--rounds 40] [--repeat 3] BINARY [BINARY ...]

PROF=1 records the server of each timed part with `perf record -g`
(perf-bulk-N.data in the current directory)."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bulk_client  # noqa: E402
import imap_servers  # noqa: E402
import scenarios  # noqa: E402
import servers  # noqa: E402


def one_run(petrel, client, rounds, profile_to=None):
    with tempfile.TemporaryDirectory(prefix="bulk-ab-") as tmp:
        server = servers.Petrel(petrel, tmp)
        server.add_user(imap_servers.USER, imap_servers.PASSWORD)
        server.start()
        try:
            message = scenarios.big_message(20)
            c = imap_servers.Client(server.port)
            c.login()
            c.command('CREATE "bulk"')
            c.command('APPEND "bulk" %L', [message])
            c.close()
            args = (server.port, imap_servers.USER, imap_servers.PASSWORD, "bulk")
            bulk_client.run(client, *args, 3, len(message))
            perf = None
            if profile_to:
                perf = subprocess.Popen(["perf", "record", "-g", "-o", profile_to, "-p", str(server.root_pid)],
                                        stderr=subprocess.DEVNULL)
                time.sleep(1)
            figures = bulk_client.run(client, *args, rounds, len(message))
            if perf:
                perf.send_signal(2)
                perf.wait()
            return figures
        finally:
            server.stop()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("binaries", nargs="+")
    p.add_argument("--rounds", type=int, default=40)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--bulk-client", default=os.path.join(HERE, "..", "build", "release", "imap_bulk"))
    args = p.parse_args()
    n = 0
    for _ in range(args.repeat):
        for binary in args.binaries:
            n += 1
            profile = f"perf-bulk-{n}.data" if os.environ.get("PROF") else None
            f = one_run(binary, args.bulk_client, args.rounds, profile)
            print(f"{binary}: {f['mb_s']} MB/s (best round {f['best_round_mb_s']})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cold and warm full sync (scenarios.SYNC_FETCH) of an existing Petrel data
directory, for one or more binaries, interleaved, without Dovecot: before/after
comparisons on the same store. Each run starts the server, drops the page
cache (root), times the FETCH after SELECT, then times it again warm. The
background full-text indexer is held back so it does not compete.

    python3 bench/cold_sync_ab.py --data /work/syncbench/petrel/data \\
        [--user syncer] [--mailbox sync] [--repeat 3] [--read-ahead 0,4] BINARY [BINARY ...]

The data directory comes from e.g. `bench/compare.py --only sync --workdir W`
(W/petrel/data; user syncer, mailbox sync)."""
import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
import petrel_fixture as fx  # noqa: E402
import scenarios  # noqa: E402
import servers  # noqa: E402


class Server:
    name = "petrel"

    def __init__(self, port):
        self.host, self.port = "127.0.0.1", port


def one_run(petrel, data, user, mailbox, read_ahead):
    port = fx.free_port()
    hold = {"search": {"index_delay_ms": 10**9, "index_max_wait_ms": 10**9}}
    if read_ahead is not None:
        hold["store"] = {"read_ahead_threads": read_ahead}
    with tempfile.TemporaryDirectory(prefix="cold-sync-ab-") as tmp:
        config = os.path.join(tmp, "petrel.toml")
        with open(config, "w") as f:
            f.write(fx.render_toml(fx.merge(fx.default_config(data, port, fx.free_port(), fx.free_port()), hold)))
        dropped = servers.drop_page_cache()
        server = subprocess.Popen([petrel, "serve", "--config", config],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            s = Server(port)
            cold, n = asyncio.run(scenarios._sync_once(s, user, mailbox))
            warm, _ = asyncio.run(scenarios._sync_once(s, user, mailbox))
            return cold, warm, n, dropped
        finally:
            server.terminate()
            server.wait()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("binaries", nargs="+")
    p.add_argument("--data", required=True)
    p.add_argument("--user", default="syncer")
    p.add_argument("--mailbox", default="sync")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--read-ahead", default="",
                   help="comma-separated store.read_ahead_threads values to run each binary with")
    args = p.parse_args()
    variants = [int(v) for v in args.read_ahead.split(",") if v] or [None]
    for _ in range(args.repeat):
        for binary in args.binaries:
            for ra in variants:
                cold, warm, n, dropped = one_run(binary, args.data, args.user, args.mailbox, ra)
                label = binary if ra is None else f"{binary} read_ahead_threads={ra}"
                print(f"{label}: cold {cold:.2f} s, warm {warm:.3f} s, {n} messages"
                      f"{'' if dropped else ' (page cache NOT dropped)'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

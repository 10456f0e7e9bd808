#!/usr/bin/env python3
"""Cold and warm full sync (scenarios.SYNC_FETCH) of an existing Petrel data
directory, for one or more binaries, interleaved, without Dovecot: before/after
comparisons on the same store. Each run starts the server, drops the page
cache (root), times the FETCH after SELECT, then times it again warm, with
the C++ client imap_bulk found next to each binary (--python-client: the
Python one, which limits the figures). The background full-text indexer is
held back so it does not compete.

    python3 bench/cold_sync_ab.py --data /work/syncbench/petrel/data \\
        [--user syncer] [--mailbox sync] [--repeat 3] [--read-ahead 0,4] BINARY [BINARY ...]

The data directory comes from e.g. `bench/compare.py --only sync --workdir W`
(W/petrel/data; user syncer, mailbox sync)."""
import argparse
import asyncio
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bulk_client  # noqa: E402
import scenarios  # noqa: E402
import servers  # noqa: E402


def one_run(petrel, data, user, mailbox, read_ahead, client):
    # The indexer is held back so it does not compete with the FETCH.
    extra = "[search]\nindex_delay_ms = 1000000000\nindex_max_wait_ms = 1000000000\n"
    if read_ahead is not None:
        extra += f"[store]\nread_ahead_threads = {read_ahead}\n"
    with tempfile.TemporaryDirectory(prefix="cold-sync-ab-") as tmp:
        server = servers.Petrel(petrel, tmp, extra, data=data)
        dropped = servers.drop_page_cache()
        server.start()
        try:
            if client:
                cold, n = scenarios._sync_once_with(client, server, user, mailbox)
                warm, _ = scenarios._sync_once_with(client, server, user, mailbox)
            else:
                cold, n = asyncio.run(scenarios._sync_once(server, user, mailbox))
                warm, _ = asyncio.run(scenarios._sync_once(server, user, mailbox))
            return cold, warm, n, dropped
        finally:
            server.stop()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("binaries", nargs="+")
    p.add_argument("--data", required=True)
    p.add_argument("--user", default="syncer")
    p.add_argument("--mailbox", default="sync")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--read-ahead", default="",
                   help="comma-separated store.read_ahead_threads values to run each binary with")
    p.add_argument("--python-client", action="store_true",
                   help="time with the Python client instead of imap_bulk (next to each binary)")
    args = p.parse_args()
    variants = [int(v) for v in args.read_ahead.split(",") if v] or [None]
    for _ in range(args.repeat):
        for binary in args.binaries:
            for ra in variants:
                client = None
                if not args.python_client:
                    client, why_not = bulk_client.locate(binary, tempfile.gettempdir())
                    if not client:
                        raise SystemExit(f"cold_sync_ab: {why_not}")
                cold, warm, n, dropped = one_run(binary, args.data, args.user, args.mailbox, ra, client)
                label = binary if ra is None else f"{binary} read_ahead_threads={ra}"
                print(f"{label}: cold {cold:.2f} s, warm {warm:.3f} s, {n} messages"
                      f"{'' if dropped else ' (page cache NOT dropped)'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

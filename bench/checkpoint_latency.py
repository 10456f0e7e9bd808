#!/usr/bin/env python3
"""Latency of interactive writes against background work (WAL checkpoints,
deferred full-text indexing): what the checkpoint thread (store/sqlite/
checkpointer.h) is for. Two measurements, each against a fresh data dir:

  append   N corpus messages APPENDed one after the other over one
           connection; per-APPEND latency p50 / p99 / max.
  import   `petrel import maildir` of the first N messages of a Maildir, then
           the server starts, an IMAP4rev1 client logs in and SELECTs INBOX
           (its \\Recent claim is a write through the writer, which is busy
           indexing the imported mail), then APPENDs small messages while the
           indexing goes on; the SELECT's time and the APPENDs' latencies.

    bench/checkpoint_latency.py --petrel build/release/petrel \\
        [--only append import] [--append N] [--import N] [--maildir PATH]

Without --maildir the messages come from the corpus generator (corpus.py);
the import needs a Maildir: with --maildir, a private Maildir of symlinks to
its first N files is made (the source is only read).
"""
import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import corpus  # noqa: E402
import servers  # noqa: E402
from imap_client import Client, percentile  # noqa: E402

PASSWORD = "benchpass"
USER = "bench"


def maildir_files(path, count):
    files = []
    for sub in ("cur", "new"):
        d = os.path.join(path, sub)
        if os.path.isdir(d):
            files += [os.path.join(d, f) for f in sorted(os.listdir(d))]
    return files[:count]


def read_messages(args, count):
    if args.maildir:
        out = []
        for f in maildir_files(args.maildir, count):
            with open(f, "rb") as fh:
                data = fh.read()
            out.append(data if b"\r\n" in data else data.replace(b"\n", b"\r\n"))
        return out
    return corpus.load(count, args.seed, args.workdir)


def summary(latencies):
    ms = sorted(1000 * x for x in latencies)
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p99_ms": round(percentile(ms, 99), 2),
            "max_ms": round(ms[-1], 2) if ms else 0, "over_100ms": sum(1 for x in ms if x > 100)}


async def _append_timed(port, messages, mailbox="INBOX"):
    c = await Client.connect("127.0.0.1", port)
    await c.login(USER, PASSWORD)
    lat = []
    for data in messages:
        t = time.perf_counter()
        await c.ok(f'APPEND "{mailbox}"', literal=data)
        lat.append(time.perf_counter() - t)
    await c.logout()
    return lat


def run_append(args):
    messages = read_messages(args, args.append)
    work = tempfile.mkdtemp(dir=args.workdir, prefix="append-")
    server = servers.Petrel(args.petrel, work)
    server.add_user(USER, PASSWORD)
    server.start()
    try:
        lat = asyncio.run(_append_timed(server.port, messages))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return summary(lat)


async def _select_then_append(port, small):
    c = await Client.connect("127.0.0.1", port)
    await c.login(USER, PASSWORD)  # IMAP4rev1: SELECT claims \Recent
    t = time.perf_counter()
    exists = await c.select("INBOX")
    select_s = time.perf_counter() - t
    lat = []
    for data in small:
        t = time.perf_counter()
        await c.ok('APPEND "INBOX"', literal=data)
        lat.append(time.perf_counter() - t)
    await c.logout()
    return exists, select_s, lat


def run_import(args):
    if not args.maildir:
        raise SystemExit("the import measurement needs --maildir")
    work = tempfile.mkdtemp(dir=args.workdir, prefix="import-")
    source = os.path.join(work, "source")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(source, sub))
    for f in maildir_files(args.maildir, args.import_count):
        os.symlink(f, os.path.join(source, "cur", os.path.basename(f)))
    server = servers.Petrel(args.petrel, work)
    server.add_user(USER, PASSWORD)
    t = time.perf_counter()
    subprocess.run([server.binary, "import", "maildir", source, USER, "--data-dir", server.data],
                   check=True, capture_output=True)
    import_s = time.perf_counter() - t
    small = [(f"From: a@example.com\r\nSubject: small {i}\r\n\r\nhello {i}\r\n").encode()
             for i in range(args.small)]
    server.start()
    try:
        exists, select_s, lat = asyncio.run(_select_then_append(server.port, small))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    out = {"imported": exists, "import_s": round(import_s, 1), "select_ms": round(1000 * select_s, 1)}
    out.update({"append_" + k: v for k, v in summary(lat).items()})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--petrel", required=True)
    p.add_argument("--only", nargs="*", choices=["append", "import"], default=["append", "import"])
    p.add_argument("--append", type=int, default=5000, help="messages APPENDed over one connection")
    p.add_argument("--import", dest="import_count", type=int, default=20000, help="messages imported")
    p.add_argument("--small", type=int, default=200, help="small APPENDs after the SELECT")
    p.add_argument("--maildir", help="read messages from this Maildir (first N files)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workdir", default=tempfile.gettempdir())
    args = p.parse_args()
    load = os.getloadavg()
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, nproc {os.cpu_count()}, "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    if "append" in args.only:
        print("append", run_append(args), flush=True)
    if "import" in args.only:
        print("import", run_import(args), flush=True)
    load = os.getloadavg()
    print(f"# done, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)


if __name__ == "__main__":
    main()

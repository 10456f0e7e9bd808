#!/usr/bin/env python3
"""Import throughput: `petrel import maildir` on a corpus from
shared/corpus/gen_corpus.py, printed as messages/s and MB/s.

    python3 bench/import_maildir.py --petrel build/release/petrel --count 100000

The corpus is generated once into --corpus (default /tmp/petrel-bench/Maildir,
kept for later runs); --maildir PATH reads an existing Maildir instead (never
modified); --limit N imports only the first N files (by name) of a larger
corpus, through hard links. The data directory is a fresh temporary one each
run; the import runs with stdout not a terminal (plain progress lines).

With --index the import has two phases, reported apart: the bulk insert
(messages/s the target is about) and the search index pass that follows it in
the same command (without it, a server writes the index later); `total` is the
whole command, cpu_user/cpu_sys its CPU time, store_bytes the files it left.
"""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "corpus", "gen_corpus.py")
if not os.path.exists(GEN):
    GEN = "/work/shared/corpus/gen_corpus.py"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--petrel", required=True)
    p.add_argument("--count", type=int, default=100000, help="corpus size to generate if missing")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--corpus", default="/tmp/petrel-bench/Maildir")
    p.add_argument("--maildir", help="an existing Maildir to import (instead of --corpus)")
    p.add_argument("--threads", type=int, default=0, help="petrel import --threads")
    p.add_argument("--read-threads", type=int, default=None,
                   help="petrel import --read-threads (files read ahead at once)")
    p.add_argument("--cold", action="store_true",
                   help="drop the page cache first (root), so the source is read from disk")
    p.add_argument("--limit", type=int, default=0, help="import only the first N messages")
    p.add_argument("--index", action="store_true",
                   help="petrel import --index: write the search index in the command (timed apart)")
    args = p.parse_args()

    if args.maildir:
        args.corpus = args.maildir
    elif not os.path.isdir(os.path.join(args.corpus, "cur")):
        print(f"generating {args.count} messages into {args.corpus} ...", flush=True)
        subprocess.run([sys.executable, GEN, "--count", str(args.count), "--seed", str(args.seed),
                        "--maildir", args.corpus], check=True)
    with tempfile.TemporaryDirectory(prefix="petrel-import-bench-") as tmp:
        source = args.corpus
        if args.limit:
            source = os.path.join(tmp, "Maildir")
            for d in ("cur", "new", "tmp"):
                os.makedirs(os.path.join(source, d))
            names = sorted(os.listdir(os.path.join(args.corpus, "cur")))[: args.limit]
            for name in names:
                os.link(os.path.join(args.corpus, "cur", name), os.path.join(source, "cur", name))
        files = [os.path.join(source, "cur", n) for n in os.listdir(os.path.join(source, "cur"))]
        files += [os.path.join(source, "new", n) for n in os.listdir(os.path.join(source, "new"))]
        total_bytes = sum(os.path.getsize(f) for f in files)
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        subprocess.run([args.petrel, "user", "add", "bench", "--data-dir", data], input="x\n",
                       text=True, check=True, capture_output=True)
        command = [args.petrel, "import", "maildir", source, "bench", "--data-dir", data,
                   "--threads", str(args.threads)]
        if args.index:
            command.append("--index")
        if args.read_threads is not None:
            command += ["--read-threads", str(args.read_threads)]
        if args.cold:
            subprocess.run(["sync"], check=True)
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
        usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        r = subprocess.run(command, capture_output=True, text=True)
        seconds = time.monotonic() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_user = usage.ru_utime - usage_before.ru_utime
        cpu_sys = usage.ru_stime - usage_before.ru_stime
        if r.returncode != 0:
            print(r.stdout, r.stderr)
            return 1
        lines = r.stdout.strip().splitlines()
        print("\n".join(lines[-2:]))
        n = len(files)
        phases = re.search(r"import ([0-9.]+) s, search index ([0-9.]+) s", r.stdout)
        if phases:
            insert, index = float(phases.group(1)), float(phases.group(2))
            print(f"insert phase: {insert:.1f} s = {n / insert:.0f} msg/s {total_bytes / insert / 1e6:.1f} MB/s; "
                  f"search index phase: {index:.1f} s = {n / index:.0f} msg/s")
        store = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(os.path.join(data, "mail")) for f in fs)
        print(f"messages={n} bytes={total_bytes} seconds={seconds:.1f} "
              f"total rate={n / seconds:.0f} msg/s {total_bytes / seconds / 1e6:.1f} MB/s store_bytes={store} "
              f"cpu_user={cpu_user:.2f} s cpu_sys={cpu_sys:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

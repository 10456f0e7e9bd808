#!/usr/bin/env python3
"""SEARCH / SORT / THREAD latency, Petrel against Debian's Dovecot on the same
messages (../shared/corpus/gen_corpus.py), in the same run.

    python3 bench/search_bench.py --petrel build/release/petrel --count 10000
    python3 bench/search_bench.py --petrel build/release/petrel --count 100000 \
        --maildir /work/corpus/seed1-100k

Messages are loaded as search_setup.py describes (default: the Maildir way,
same UIDs on both servers).

Each command runs once to warm caches (Dovecot builds its index and cache
files on first use), then --repeat times; the median wall time (command sent
to tagged OK received, on loopback) is reported, with Dovecot/Petrel ratios,
as a Markdown table."""
import argparse
import statistics
import tempfile
import time

from search_setup import Servers, add_arguments

QUERIES = [
    ("SEARCH TEXT word", "SEARCH TEXT network"),
    ("SEARCH BODY phrase", "SEARCH BODY \"quarter that\""),
    ("SEARCH FROM", "SEARCH FROM david"),
    ("SEARCH SUBJECT", "SEARCH SUBJECT report"),
    ("SEARCH UNSEEN SINCE", "SEARCH UNSEEN SINCE 1-Mar-2023"),
    ("SORT (DATE)", "SORT (DATE) UTF-8 ALL"),
    ("SORT (SUBJECT)", "SORT (SUBJECT) UTF-8 ALL"),
    ("THREAD REFERENCES", "THREAD REFERENCES UTF-8 ALL"),
]


def answer_lines(untagged):
    """The result lines only: Dovecot also sends "* OK Searched N% of the
    mailbox, ETA m:ss" every 10 s of a long search (SEARCH_NOTIFY_INTERVAL_SECS
    in its index-search.c), which is progress, not part of the answer."""
    return [line for line in untagged if line.split(" ", 2)[1:2] in (["SEARCH"], ["ESEARCH"], ["SORT"], ["THREAD"])]


def timed(client, command, repeat):
    client.command(command)  # warm-up
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        untagged, tagged = client.command(command)
        times.append((time.perf_counter() - start) * 1000)
        assert " OK" in tagged, tagged
        result = answer_lines(untagged)
    return statistics.median(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_arguments(ap, count=10000, load="maildir")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="search-bench-")
    rows = []
    with Servers(args, tmp) as servers:
        clients = servers.clients
        for label, command in QUERIES:
            p, pr = timed(clients["Petrel"], command, args.repeat)
            d, dr = timed(clients["Dovecot"], command, args.repeat)
            same = "yes" if pr == dr else "no"
            rows.append((label, command, p, d, same))
            print(f"{label}: Petrel {p:.1f} ms, Dovecot {d:.1f} ms", flush=True)
    print(f"\n{args.count} messages ({args.load}), median of {args.repeat} runs after one warm-up\n")
    print("| query | command | Petrel ms | Dovecot ms | Dovecot / Petrel | same answer |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for label, command, p, d, same in rows:
        print(f"| {label} | `{command}` | {p:.1f} | {d:.1f} | {d / p:.1f}x | {same} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

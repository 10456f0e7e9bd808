#!/usr/bin/env python3
"""Runs every scenario of bench/scenarios.py against Petrel and Debian's
Dovecot in the same run, on the same corpus, and prints one table with both
figures, the ratio, server CPU per operation and memory (PSS of each
server's whole process tree).

    bench/compare.py --petrel build/release/petrel [--quick] [--only SCENARIO ...]

Sizes are options (see --help); the defaults finish within about 20 minutes
on 2 cores. --quick runs every scenario with small N (the smoke run of
`make test`). Without Dovecot installed (--no-dovecot), Petrel alone."""
import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bulk_client  # noqa: E402
import corpus  # noqa: E402
import scenarios  # noqa: E402
import servers  # noqa: E402

SCENARIOS = ["startup", "append", "sync", "mix", "idle", "bulk"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--petrel", required=True)
    p.add_argument("--no-dovecot", action="store_true", help="measure Petrel only")
    p.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run of every scenario")
    p.add_argument("--only", nargs="*", choices=SCENARIOS)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--append-1", type=int, default=2000, help="messages over one connection")
    p.add_argument("--append-10", type=int, default=10000, help="messages over ten connections")
    p.add_argument("--append-step", type=int, default=10000)
    p.add_argument("--sync", type=int, default=10000, help="messages in the sync mailbox")
    p.add_argument("--mix-clients", type=int, default=20)
    p.add_argument("--mix-messages", type=int, default=300, help="messages in each mix user's INBOX")
    p.add_argument("--mix-seconds", type=int, default=20)
    p.add_argument("--idle-users", type=int, default=20)
    p.add_argument("--idle-per-user", type=int, default=50)
    p.add_argument("--bulk-mb", type=int, default=20)
    p.add_argument("--bulk-rounds", type=int, default=5)
    p.add_argument("--bulk-client", help="the C++ bulk client (default: imap_bulk next to --petrel)")
    p.add_argument("--maildir", help="take the corpus from this Maildir (read only; e.g. "
                   "/work/corpus/seed1-100k) instead of generating it")
    p.add_argument("--reuse", action="store_true",
                   help="with --workdir and --only sync: the users and the sync mailboxes are "
                   "already there from an earlier run (e.g. to time a store upgraded in place)")
    p.add_argument("--workdir", help="keep scratch data here (default: a temporary directory)")
    args = p.parse_args()
    if args.reuse and (not args.workdir or args.only != ["sync"]):
        p.error("--reuse needs --workdir and --only sync")
    if args.quick:
        args.append_1, args.append_10, args.append_step = 50, 200, 100
        args.sync, args.mix_clients, args.mix_messages, args.mix_seconds = 200, 3, 30, 2
        args.idle_users, args.idle_per_user, args.bulk_mb, args.bulk_rounds = 2, 5, 2, 2
    return args


class Report:
    def __init__(self):
        self.rows = []

    def add(self, scenario, metric, unit, petrel, dovecot, higher_is_better):
        self.rows.append((scenario, metric, unit, petrel, dovecot, higher_is_better))

    @staticmethod
    def fmt(v):
        if v is None:
            return "-"
        if isinstance(v, float):
            if v != v:
                return "n/a"
            if v == float("inf"):
                return "never"
            return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
        return str(v)

    def ratio(self, petrel, dovecot, higher_is_better):
        """How many times better Petrel is (>1: Petrel ahead)."""
        try:
            if petrel in (None, 0) or dovecot in (None, 0):
                return "-"
            r = petrel / dovecot if higher_is_better else dovecot / petrel
            return f"{r:.2f}x"
        except (TypeError, ZeroDivisionError):
            return "-"

    def print(self, out=sys.stdout):
        head = ("scenario", "metric", "unit", "petrel", "dovecot", "petrel advantage")
        table = [head] + [(s, m, u, self.fmt(p), self.fmt(d), self.ratio(p, d, h))
                          for s, m, u, p, d, h in self.rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(head))]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |", file=out)
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=out)
        for row in table[1:]:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |", file=out)


def main():
    args = parse_args()
    wanted = args.only or SCENARIOS
    use_dovecot = not args.no_dovecot
    if use_dovecot and not servers.Dovecot.available():
        raise SystemExit("dovecot not installed: apt-get install dovecot-imapd, or pass --no-dovecot")
    workdir = args.workdir or tempfile.mkdtemp(prefix="petrel-bench-")
    os.makedirs(workdir, exist_ok=True)
    if not args.workdir:
        # mkdtemp makes it 0700: Dovecot's auth process (user dovecot) could
        # not reach its passwd file, and every LOGIN would answer
        # NO [UNAVAILABLE] Temporary authentication failure.
        os.chmod(workdir, 0o711)
    print(f"# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"nproc {os.cpu_count()}, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') >> 30} GiB", flush=True)
    print(f"# {' '.join(sys.argv)}", flush=True)

    petrel = servers.Petrel(args.petrel, workdir)
    dovecot = servers.Dovecot(workdir) if use_dovecot else None
    both = [petrel] + ([dovecot] if dovecot else [])

    mix_users = [f"mix{i}" for i in range(args.mix_clients)]
    idle_users = [f"idle{i}" for i in range(args.idle_users)]
    if args.reuse and dovecot:
        dovecot.users.append(("syncer", scenarios.PASSWORD))  # already in its passwd file
    for u in [] if args.reuse else ["bench", "syncer"] + mix_users + idle_users:
        petrel.add_user(u, scenarios.PASSWORD)
        if dovecot:
            # The same yescrypt hash: a login costs both servers the same.
            dovecot.add_user(u, scenarios.PASSWORD, petrel.password_hash(u))

    # Only what the chosen scenarios use (+1: idle and mix deliver one more).
    sizes = {"append": max(args.append_10, args.append_1), "sync": args.sync, "mix": args.mix_messages}
    needed = max([n for name, n in sizes.items() if name in wanted], default=0) + 1
    print(f"# corpus: {needed} messages, seed {args.seed}", flush=True)
    if args.reuse:
        print("# corpus: none loaded (--reuse)", flush=True)
        messages = [b""] * needed
    elif args.maildir:
        messages = corpus.load_maildir(args.maildir, needed)
        # The last message is only the one idle and mix deliver: a Maildir of
        # exactly N messages serves --sync N, whose last message then doubles as it.
        if len(messages) < needed - 1:
            raise SystemExit(f"{args.maildir} holds {len(messages)} messages; {needed - 1} needed")
        if len(messages) < needed:
            messages.append(messages[-1])
        print(f"# corpus from {args.maildir}", flush=True)
    else:
        messages = corpus.load(needed, args.seed, workdir, allow_synthetic=args.quick)
    new_message = messages[-1]
    report = Report()
    figures = {}

    def both_run(name, fn):
        result = {}
        for s in both:
            waited = servers.settle(s)
            if waited > 2:
                print(f"#   {s.name} busy with set-up work for {waited:.0f}s before {name}", flush=True)
            t0 = time.monotonic()
            result[s.name] = fn(s)
            print(f"#   {name} {s.name}: {result[s.name]} ({time.monotonic() - t0:.1f}s)", flush=True)
        figures[name] = result
        return result

    try:
        for s in both:
            s.start()

        if "startup" in wanted:
            r = {s.name: {"startup_ms": 1000 * s.startup_seconds,
                          "idle_rss_mb": servers.tree_rss_kb(s.root_pid) / 1024,
                          "idle_pss_mb": servers.tree_pss_kb(s.root_pid) / 1024} for s in both}
            figures["startup"] = r
            for key, unit in (("startup_ms", "ms"), ("idle_rss_mb", "MB"), ("idle_pss_mb", "MB")):
                report.add("startup", key, unit, r["petrel"][key], r.get("dovecot", {}).get(key), False)

        if "append" in wanted:
            for conns, n in ((1, args.append_1), (10, args.append_10)):
                r = both_run(f"append x{conns}",
                             lambda s: scenarios.append(s, "bench", messages[:n], conns, args.append_step))
                report.add(f"append {n} msgs, {conns} conn", "rate", "msg/s", r["petrel"]["rate"],
                           r.get("dovecot", {}).get("rate"), True)
                report.add(f"append {n} msgs, {conns} conn", "server CPU/msg", "ms",
                           r["petrel"]["cpu_ms_per_op"], r.get("dovecot", {}).get("cpu_ms_per_op"), False)
                if len(r["petrel"]["rates"]) > 1:
                    report.add(f"append {n} msgs, {conns} conn", "last step rate", "msg/s",
                               r["petrel"]["rates"][-1], r.get("dovecot", {}).get("rates", [None])[-1], True)

        if "sync" in wanted:
            sync_msgs = messages[:args.sync]
            if not args.reuse:
                scenarios.load_by_append(petrel, "syncer", "sync", sync_msgs)
            if dovecot and not args.reuse:
                # Dovecot gets the same messages as an MTA would leave them; one
                # SELECT builds its index, so "cold" below means cold caches.
                corpus.write_maildir(sync_msgs, os.path.join(dovecot.maildir("syncer"), ".sync"))
                dovecot.chown_mail()
                scenarios.asyncio.run(scenarios._sync_once(dovecot, "syncer", "sync"))

            def restart(s):
                s.stop()
                s.start()

            client, why_not = bulk_client.locate(args.petrel, workdir, args.bulk_client)
            if not client:
                print(f"# sync: {why_not}; the Python client is used and limits the figures", flush=True)
            r = both_run("sync", lambda s: scenarios.sync(s, "syncer", "sync", len(sync_msgs), lambda: restart(s),
                                                        drop_cache=not args.quick, client=client))
            if not r["petrel"]["cache_dropped"]:
                print("# page cache could not be dropped: cold means restarted only", flush=True)
            for key in ("cold", "warm"):
                report.add(f"sync {len(sync_msgs)} msgs", key, "s", r["petrel"][key],
                           r.get("dovecot", {}).get(key), False)

        if "mix" in wanted:
            mix_msgs = messages[:args.mix_messages]
            for u in mix_users:
                scenarios.asyncio.run(scenarios._append_stream(petrel, u, "INBOX", mix_msgs, 4))
                if dovecot:
                    corpus.write_maildir(mix_msgs, dovecot.maildir(u))
            if dovecot:
                dovecot.chown_mail()
            r = both_run("mix", lambda s: scenarios.mix(s, mix_users, args.mix_seconds, new_message))
            label = f"mix {len(mix_users)} clients"
            report.add(label, "operations", "ops/s", r["petrel"]["ops_per_s"], r.get("dovecot", {}).get("ops_per_s"), True)
            report.add(label, "server CPU/op", "ms", r["petrel"]["cpu_ms_per_op"],
                       r.get("dovecot", {}).get("cpu_ms_per_op"), False)
            for key in ("p50_ms", "p99_ms"):
                report.add(label, key[:3] + " latency", "ms", r["petrel"][key], r.get("dovecot", {}).get(key), False)

        if "idle" in wanted:
            r = both_run("idle", lambda s: scenarios.idle(s, idle_users, args.idle_per_user, new_message))
            label = f"idle {len(idle_users) * args.idle_per_user} conns"
            report.add(label, "PSS/conn", "kB", r["petrel"]["pss_kb_per_conn"],
                       r.get("dovecot", {}).get("pss_kb_per_conn"), False)
            report.add(label, "all saw EXISTS", "s", r["petrel"]["all_seen_s"], r.get("dovecot", {}).get("all_seen_s"), False)
            report.add(label, "all APPENDs done", "s", r["petrel"]["delivered_s"], r.get("dovecot", {}).get("delivered_s"), False)

        if "bulk" in wanted:
            client, why_not = bulk_client.locate(args.petrel, workdir, args.bulk_client)
            if client:
                print(f"# bulk client: {client}", flush=True)
            else:
                print(f"# bulk: {why_not}; the Python client is used and limits the figures", flush=True)
            r = both_run("bulk", lambda s: scenarios.bulk(s, "bench", args.bulk_rounds, args.bulk_mb, client))
            for key, label in (("plain_mb_s", "plain" if client else "plain, Python client"),
                               ("tls_mb_s", "TLS" if client else "TLS, Python client")):
                report.add(f"bulk FETCH {args.bulk_mb} MB", label, "MB/s", r["petrel"][key],
                           r.get("dovecot", {}).get(key), True)

        for s in both:
            figures.setdefault("end", {})[s.name] = {"pss_mb": servers.tree_pss_kb(s.root_pid) / 1024}
    finally:
        for s in both:
            s.stop()
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    report.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

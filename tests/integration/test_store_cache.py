#!/usr/bin/env python3
"""User stores kept open after the last session (docs/configuration.md,
"Keeping user stores open"), seen from outside: an open SQLite store keeps its
WAL file, a closed one has checkpointed and removed it. After LOGOUT the store
stays open and the next LOGIN sees the same data; `petrel deliver`, `petrel
check` and `petrel backup` work on a store the server keeps open; `kill -9`
then a restart loses nothing; `store.idle_stores = 0` closes at LOGOUT as
before; the periodic sweep closes a store after `store.idle_store_seconds`
without any further login."""
import os
import re
import sqlite3
import subprocess
import tempfile
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def wal(server):
    return os.path.join(server.data_dir, "mail", USER, "store.db-wal")


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds}s: {what}")


def body(n):
    return f"Subject: cached {n}\r\nMessage-ID: <{n}@cache.test>\r\n\r\nbody {n}\r\n"


def session(server, appends=()):
    """LOGIN, APPENDs, then every message's bytes by UID; LOGOUT."""
    with fx.Conn.open(server.port) as c:
        c.login(USER, PASSWORD)
        for i, text in enumerate(appends):
            data = text.encode()
            c.send_line(f"A{i} APPEND INBOX {{{len(data)}+}}")
            c.send(data + b"\r\n")
            _, tagged = c.wait_tagged(f"A{i}")
            assert tagged.startswith(f"A{i} OK"), tagged
        c.command("S", "SELECT INBOX")
        untagged, tagged = c.command("F", "UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert tagged.startswith("F OK"), tagged
        subjects = re.findall(r"Subject: (cached \d+|delivered)", "\n".join(untagged))
        _, tagged = c.command("Z", "LOGOUT")
        assert tagged.startswith("Z OK"), tagged
    return subjects


def test_store_stays_open_and_tools_work_beside_it(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        assert session(server, [body(1), body(2)]) == ["cached 1", "cached 2"]
        # The session has ended; give a closing store time to show it.
        time.sleep(0.5)
        assert os.path.exists(wal(server)), "the store was closed at LOGOUT"
        assert session(server) == ["cached 1", "cached 2"]

        # Another process delivers into the store the server keeps open.
        r = subprocess.run([server.petrel, "deliver", USER, "--config", server.config_path],
                           input=b"Subject: delivered\r\n\r\nhello\r\n", capture_output=True,
                           timeout=30)
        assert r.returncode == 0, r.stderr
        assert session(server) == ["cached 1", "cached 2", "delivered"]
        assert os.path.exists(wal(server))

        r = fx.run_cli(args.petrel, ["check", "--data-dir", server.data_dir])
        assert r.returncode == 0 and "no damage" in r.stdout, (r.returncode, r.stdout, r.stderr)
        with tempfile.TemporaryDirectory(prefix="petrel-cache-backup-") as keep:
            target = os.path.join(keep, "backup")
            r = fx.run_cli(args.petrel, ["backup", target, "--data-dir", server.data_dir])
            assert r.returncode == 0, r.stderr
            with sqlite3.connect(os.path.join(target, "mail", USER, "store.db")) as db:
                count = db.execute("SELECT count(*) FROM message").fetchone()[0]
            assert count == 3, count

        # kill -9 with the store open and idle: everything acknowledged is there.
        server.proc.kill()
        server.proc.wait(timeout=10)
        server.log.close()
        server.launch()
        assert session(server) == ["cached 1", "cached 2", "delivered"]
        assert session(server, [body(3)]) == ["cached 1", "cached 2", "delivered", "cached 3"]
        server.stop()
        assert not os.path.exists(wal(server)), "SIGTERM left the store open"
        server.launch()


def test_disabled_closes_at_logout(args):
    config = {"store": {"idle_stores": 0}}
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}, config=config) as server:
        assert session(server, [body(1)]) == ["cached 1"]
        wait_for(lambda: not os.path.exists(wal(server)), 5, "store closed after LOGOUT")
        assert session(server) == ["cached 1"]


def test_sweep_closes_an_idle_store_on_time(args):
    config = {"store": {"idle_store_seconds": 2}}
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}, config=config) as server:
        assert session(server, [body(1)]) == ["cached 1"]
        assert os.path.exists(wal(server)), "closed before its time"
        # Idle 2 s, swept every second: closed within about 3 s, with no login.
        wait_for(lambda: not os.path.exists(wal(server)), 5, "idle store closed by the sweep")
        assert session(server) == ["cached 1"]


if __name__ == "__main__":
    args = fx.parse_args(__doc__)
    raise SystemExit(fx.run_tests([test_store_stays_open_and_tools_work_beside_it,
                                   test_disabled_closes_at_logout,
                                   test_sweep_closes_an_idle_store_on_time], args))

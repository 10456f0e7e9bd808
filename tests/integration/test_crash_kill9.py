#!/usr/bin/env python3
"""Crash safety (DESIGN.md "Durability"): three clients stream APPEND, STORE
and UID EXPUNGE while the server is SIGKILLed at random moments, 20 times,
each followed by a restart on the same data. Afterwards every acknowledged
APPEND is present, byte-identical, under the UID its APPENDUID gave (unless
the test itself tried to expunge it); acknowledged expunges are gone; no UID
was ever acknowledged twice; UIDNEXT is above every acknowledged UID; every
message present is one some client sent, complete (nothing half-visible);
and `petrel check` finds no damage."""
import imaplib
import random
import re
import threading
import time

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
ROUNDS = 20
CLIENTS = 3
APPENDUID = re.compile(rb"APPENDUID \d+ (\d+)")


class Ledger:
    """What clients sent and what the server acknowledged, across rounds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = set()          # every body any client tried to APPEND
        self.acked = {}            # uid -> body, from APPENDUID
        self.reused = []           # (uid, old body, new body)
        self.expunge_tried = set()  # uids a UID EXPUNGE named (acked or not)
        self.expunge_acked = set()


def client_stream(port, ledger, rng, stop):
    try:
        imap = imaplib.IMAP4("127.0.0.1", port, timeout=5)
        imap.login(USER, PASSWORD)
        imap.select("INBOX")
        mine = []
        while not stop.is_set():
            action = rng.random()
            if action < 0.6 or not mine:
                size = rng.choice([100, 5000, 70000])
                # CRLF lines only: imaplib rewrites bare CR and LF.
                line = bytes(rng.choice(b"abcdefghij") for _ in range(70))
                body = (f"Subject: crash {rng.getrandbits(64):x}\r\n\r\n".encode() +
                        (line + b"\r\n") * (size // 72 + 1))
                with ledger.lock:
                    ledger.sent.add(body)
                typ, data = imap.append("INBOX", None, None, body)
                m = APPENDUID.search(data[0] or b"") if typ == "OK" else None
                if m:
                    uid = int(m.group(1))
                    with ledger.lock:
                        if uid in ledger.acked and ledger.acked[uid] != body:
                            ledger.reused.append(uid)
                        ledger.acked[uid] = body
                    mine.append(uid)
            elif action < 0.8:
                uid = rng.choice(mine)
                imap.uid("STORE", str(uid), "+FLAGS", "(\\Flagged)")
            else:
                uid = mine.pop(rng.randrange(len(mine)))
                with ledger.lock:
                    ledger.expunge_tried.add(uid)
                imap.uid("STORE", str(uid), "+FLAGS", "(\\Deleted)")
                typ, _ = imap.uid("EXPUNGE", str(uid))
                if typ == "OK":
                    with ledger.lock:
                        ledger.expunge_acked.add(uid)
    except (OSError, imaplib.IMAP4.error, EOFError):
        pass  # the server was killed


def run_round(server, ledger, rng):
    stop = threading.Event()
    threads = [threading.Thread(target=client_stream,
                                args=(server.port, ledger, random.Random(rng.random()), stop),
                                daemon=True) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.2, 1.0))
    server.proc.kill()
    server.proc.wait(timeout=10)
    server.log.close()
    stop.set()
    for t in threads:
        t.join(timeout=15)
        assert not t.is_alive(), "a client hung after the kill"
    server.launch()


def mailbox_contents(port):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    imap.login(USER, PASSWORD)
    typ, data = imap.status("INBOX", "(UIDNEXT)")
    assert typ == "OK", data
    uidnext = int(re.search(rb"UIDNEXT (\d+)", data[0]).group(1))
    imap.select("INBOX", readonly=True)
    typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
    assert typ == "OK", data
    present = {}
    for item in data:
        if isinstance(item, tuple):
            uid = int(re.search(rb"UID (\d+)", item[0]).group(1))
            present[uid] = item[1]
    imap.logout()
    return uidnext, present


def test_kill9_loses_nothing_acknowledged(server):
    rng = random.Random(4242)
    ledger = Ledger()
    for _ in range(ROUNDS):
        run_round(server, ledger, rng)
        uidnext, _ = mailbox_contents(server.port)
        assert not ledger.acked or uidnext > max(ledger.acked), \
            f"UIDNEXT {uidnext} not above acknowledged UID {max(ledger.acked)}"
    assert len(ledger.acked) >= ROUNDS, f"only {len(ledger.acked)} APPENDs acknowledged"
    assert not ledger.reused, f"UIDs acknowledged twice: {ledger.reused}"
    uidnext, present = mailbox_contents(server.port)
    for uid, body in ledger.acked.items():
        if uid in ledger.expunge_acked:
            assert uid not in present, f"acknowledged expunge of UID {uid} undone"
        elif uid not in ledger.expunge_tried:
            assert uid in present, f"acknowledged APPEND UID {uid} lost"
            assert present[uid] == body, f"UID {uid} differs from what was acknowledged"
    for uid, body in present.items():
        assert body in ledger.sent, f"UID {uid} holds bytes no client sent completely"
        if uid in ledger.acked:
            assert ledger.acked[uid] == body
    server.stop()
    result = fx.run_cli(server.petrel, ["check", "--data-dir", server.data_dir])
    assert result.returncode == 0, f"petrel check: {result.stdout} {result.stderr}"
    assert "no damage" in result.stdout, result.stdout
    server.launch()


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_kill9_loses_nothing_acknowledged], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

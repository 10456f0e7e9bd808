#!/usr/bin/env python3
"""`petrel deliver USER [--mailbox M] [--from SENDER]` with a message on
stdin, next to a running server: sendmail exit codes (0, 65, 67, 73, 75, 77
and 75 for over quota with quota.full_tempfail), one-line errors on stderr,
Return-Path and Delivered-To, and the mail visible over IMAP."""
import os
import subprocess

import petrel_fixture as fx
from lmtp_client import imap_messages, message_count

USERS = {"alice": "pw-a", "bob": "pw-b", "carol": "pw-c"}
MESSAGE = "From: someone@example.org\nSubject: local\n\nDelivered locally\n"


def deliver(server, args, message=MESSAGE, config=None, env_sender=None):
    env = {k: v for k, v in os.environ.items() if k != "SENDER"}
    if env_sender is not None:
        env["SENDER"] = env_sender
    return subprocess.run([server.petrel, "deliver", *args, "--config", config or server.config_path],
                          input=message.encode(), capture_output=True, env=env, timeout=60)


def assert_fails(r, code, words):
    err = r.stderr.decode()
    assert r.returncode == code, f"exit {r.returncode}, expected {code}: {err!r}"
    assert err.count("\n") == 1 and err.startswith("petrel: error: "), f"not one line: {err!r}"
    assert words in err, f"{words!r} not in {err!r}"


def test_delivers_with_headers(server):
    r = deliver(server, ["alice", "--from", "sender@example.org"])
    assert r.returncode == 0, r.stderr
    r = deliver(server, ["Alice"], env_sender="env@example.org")  # $SENDER, any case of the name
    assert r.returncode == 0, r.stderr
    r = deliver(server, ["alice"])  # no sender known: no Return-Path
    assert r.returncode == 0, r.stderr
    bodies = imap_messages(server, "alice", USERS["alice"])
    assert len(bodies) == 3, bodies
    # Bare LF line ends are stored as CRLF.
    assert bodies[0] == (b"Return-Path: <sender@example.org>\r\nDelivered-To: alice\r\n"
                         b"From: someone@example.org\r\nSubject: local\r\n\r\nDelivered locally\r\n"), bodies[0]
    assert bodies[1].startswith(b"Return-Path: <env@example.org>\r\nDelivered-To: Alice\r\n"), bodies[1]
    assert bodies[2].startswith(b"Delivered-To: alice\r\nFrom: "), bodies[2]


def test_mailbox_and_detail(server):
    r = deliver(server, ["bob", "--mailbox", "Lists/petrel"])  # created on demand
    assert r.returncode == 0, r.stderr
    assert message_count(server, "bob", USERS["bob"], "Lists/petrel") == 1
    r = deliver(server, ["bob+Archive"])
    assert r.returncode == 0, r.stderr
    assert message_count(server, "bob", USERS["bob"], "Archive") == 1
    assert_fails(deliver(server, ["bob", "--mailbox", "bad//name"]), 73, "Cannot create mailbox")


def test_errors(server):
    assert_fails(deliver(server, ["nobody"]), 67, "no such user")
    assert_fails(deliver(server, ["alice"], message=""), 65, "empty message")
    assert_fails(deliver(server, ["alice"], message="x" * 5000), 65, "max_message_size")
    # A user whose mail directory cannot be opened: a temporary failure.
    with open(os.path.join(server.data_dir, "mail", "carol"), "w") as f:
        f.write("not a directory")
    assert_fails(deliver(server, ["carol"]), 75, "")


def test_over_quota(server):
    r = fx.run_cli(server.petrel, ["user", "quota", "bob", "--messages", "2", "--config", server.config_path])
    assert r.returncode == 0, r.stderr
    assert "messages 2 of 2 (user)" in r.stdout, r.stdout  # the two delivered above
    assert_fails(deliver(server, ["bob"]), 77, "quota")
    tempfail = os.path.join(server.tmp, "tempfail.toml")
    with open(server.config_path) as src, open(tempfail, "w") as dst:
        dst.write(src.read() + "\n[quota]\nfull_tempfail = true\n")
    assert_fails(deliver(server, ["bob"], config=tempfail), 75, "quota")
    assert message_count(server, "bob", USERS["bob"]) == 0


def test_quota_cli(server):
    def quota(*args):
        return fx.run_cli(server.petrel, ["user", "quota", *args, "--config", server.config_path])
    r = quota("alice")
    assert r.returncode == 0 and "messages 3 of unlimited (default)" in r.stdout, (r.stdout, r.stderr)
    r = quota("ALICE", "--storage", "10M", "--messages", "unlimited")
    assert r.returncode == 0 and "of 10485760 bytes (user)" in r.stdout, r.stdout
    assert "messages 3 of unlimited (user)" in r.stdout, r.stdout
    r = quota("alice", "--storage", "default")
    assert r.returncode == 0 and "of unlimited bytes (default)" in r.stdout, r.stdout
    assert "(user)" in r.stdout, r.stdout  # --messages kept
    for bad in (["nobody"], ["alice", "--storage", "12Q"], ["alice", "--messages", "5K"],
                ["alice", "--storage", "-1"]):
        r = quota(*bad)
        assert r.returncode != 0 and r.stderr.count("\n") == 1, (bad, r.returncode, r.stderr)


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users=USERS, config={"lmtp": {"max_message_size": 4096}}) as server:
        return fx.run_tests([test_delivers_with_headers, test_mailbox_and_detail, test_errors,
                             test_over_quota, test_quota_cli], server)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Postfix for real: Debian's postfix, as a private instance (its own
config_directory, queue_directory and data_directory in a temporary
directory, SMTP on a free loopback port; never port 25, never the system
instance), with `virtual_transport = lmtp:inet:127.0.0.1:PORT` pointing at
Petrel. Mail sent with smtplib reaches the users' mailboxes through
Postfix's LMTP client, and a message for an unknown user comes back as a
bounce, which proves Postfix understood the 550. Postfix is stopped at the
end, also on failure. Needs root (Postfix's master runs as root), which
is how the tests run here."""
import os
import shutil
import signal
import smtplib
import subprocess
import tempfile
import time

import petrel_fixture as fx
from lmtp_client import imap_messages

USERS = {"alice": "pw-alice", "bob": "pw-bob"}
WAIT = 40  # seconds for Postfix to hand a message over

MASTER_CF = """\
{listen} inet n - n - - smtpd
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
proxywrite unix - - n -    1 proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
lmtp      unix  - - n -    - lmtp
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
"""


class PrivatePostfix:
    """A Postfix instance that lives in `root` and nowhere else."""

    def __init__(self, root, lmtp_port):
        self.root = root
        self.etc = os.path.join(root, "etc")
        self.queue = os.path.join(root, "queue")
        self.data = os.path.join(root, "data")
        self.maillog = os.path.join(root, "maillog")
        self.smtp_port = fx.free_port()
        self.lmtp_port = lmtp_port
        self.started = False

    def write_config(self):
        os.makedirs(self.etc)
        for d in (self.queue, self.data):
            os.makedirs(d)
        shutil.chown(self.data, "postfix")
        main = {
            "compatibility_level": "3.6",
            "queue_directory": self.queue,
            "data_directory": self.data,
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "myhostname": "postfix-test.example.net",
            "mydomain": "example.net",
            "myorigin": "example.net",
            "mydestination": "",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "smtpd_relay_restrictions": "permit_mynetworks, reject",
            "virtual_mailbox_domains": "example.com",
            "virtual_transport": f"lmtp:inet:127.0.0.1:{self.lmtp_port}",
            # Recipients are Petrel's to judge (550 5.1.1 over LMTP).
            "smtpd_reject_unlisted_recipient": "no",
            "local_transport": "error:no local delivery",
            "local_recipient_maps": "",
            "alias_maps": "",
            "alias_database": "",
            "relayhost": "",
            "default_transport": "error:no relaying in this test",
            "smtp_dns_support_level": "disabled",
            "lmtp_dns_support_level": "disabled",
            "biff": "no",
            "smtputf8_enable": "no",
            "maillog_file": self.maillog,
            "maillog_file_prefixes": self.root,
            "delay_warning_time": "0",
            "queue_run_delay": "1s",
            "minimal_backoff_time": "1s",
            "maximal_backoff_time": "2s",
        }
        with open(os.path.join(self.etc, "main.cf"), "w") as f:
            f.writelines(f"{k} = {v}\n" for k, v in main.items())
        with open(os.path.join(self.etc, "master.cf"), "w") as f:
            f.write(MASTER_CF.format(listen=f"127.0.0.1:{self.smtp_port}"))

    def postfix(self, *args, check=True):
        r = subprocess.run(["postfix", "-c", self.etc, *args], capture_output=True, text=True,
                           timeout=60)
        if check and r.returncode != 0:
            raise RuntimeError(f"postfix {' '.join(args)} failed ({r.returncode}): "
                               f"{r.stdout}{r.stderr}\n{self.log_tail()}")
        return r

    def start(self):
        self.write_config()
        self.postfix("check")
        self.postfix("start")
        self.started = True
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=5) as s:
                    s.noop()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"postfix not listening on {self.smtp_port}:\n{self.log_tail()}")

    def master_pid(self):
        try:
            with open(os.path.join(self.queue, "pid", "master.pid")) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self):
        if not self.started:
            return
        pid = self.master_pid()
        r = self.postfix("stop", check=False)
        deadline = time.monotonic() + 15
        while pid and time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            if pid:  # the master we started did not go: end it
                self.postfix("abort", check=False)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.started = False
        if r.returncode != 0:
            print(f"postfix stop: {r.stdout}{r.stderr}", flush=True)

    def log_tail(self, lines=30):
        try:
            with open(self.maillog, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no maillog)"


def wait_for(predicate, what, postfix):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"{what} within {WAIT}s; postfix log:\n{postfix.log_tail()}")


def run(server, postfix):
    msg = ("From: Alice <alice@example.com>\r\nTo: bob@example.com, nobody@example.com\r\n"
           "Subject: through postfix\r\nMessage-ID: <pf1@example.com>\r\n\r\n"
           ".a line with a leading dot\r\nHello via Postfix\r\n")
    with smtplib.SMTP("127.0.0.1", postfix.smtp_port, timeout=20) as smtp:
        refused = smtp.sendmail("alice@example.com",
                                ["bob@example.com", "bob+Archive@example.com", "nobody@example.com"], msg)
        assert refused == {}, refused  # Postfix accepts; LMTP decides
    inbox = wait_for(lambda: imap_messages(server, "bob", USERS["bob"]), "bob's message", postfix)
    body = inbox[0]
    assert body.startswith(b"Return-Path: <alice@example.com>\r\nDelivered-To: bob@example.com\r\n"), body
    assert b"\r\n.a line with a leading dot\r\nHello via Postfix\r\n" in body, body
    archive = wait_for(lambda: imap_messages(server, "bob", USERS["bob"], "Archive"),
                       "the +Archive copy", postfix)
    assert b"Delivered-To: bob+Archive@example.com\r\n" in archive[0], archive[0]
    # nobody@ got 550 5.1.1 from Petrel: Postfix bounces to the sender.
    bounce = wait_for(lambda: imap_messages(server, "alice", USERS["alice"]), "the bounce", postfix)
    text = bounce[0].decode("utf-8", "replace")
    assert "Return-Path: <>" in text and "nobody@example.com" in text, text
    assert "5.1.1" in text, text


def main():
    args = fx.parse_args(__doc__)
    if os.geteuid() != 0:
        print("FAIL test_postfix_lmtp: needs root to run a Postfix instance", flush=True)
        return 1
    if shutil.which("postfix") is None:
        print("FAIL test_postfix_lmtp: postfix is not installed (scripts/install-deps)", flush=True)
        return 1
    with fx.PetrelServer(args.petrel, users=USERS) as server:
        root = tempfile.mkdtemp(prefix="petrel-postfix-")
        os.chmod(root, 0o755)  # Postfix's daemons drop to the postfix user
        postfix = PrivatePostfix(root, server.lmtp_port)
        try:
            def test_postfix_delivers_over_lmtp(server):
                postfix.start()
                run(server, postfix)
            code = fx.run_tests([test_postfix_delivers_over_lmtp], server)
        finally:
            postfix.stop()
            if os.environ.get("PETREL_KEEP_TMP"):
                print(f"kept {root}", flush=True)
            else:
                shutil.rmtree(root, ignore_errors=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())

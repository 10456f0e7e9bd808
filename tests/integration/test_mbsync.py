#!/usr/bin/env python3
"""mbsync (Debian's isync), a real IMAP client, against Petrel: a 1,000-message
Maildir is pushed to the server, the server is restarted, and the mailbox is
pulled into an empty Maildir. Every message must come back byte-identical with
its flags; a second sync in each direction must find nothing to do."""
import os
import random
import shutil
import subprocess
import tempfile

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"
COUNT = 1000
FLAG_CHOICES = ["", "S", "FS", "RS", "F", "DS", "S"]  # Maildir info letters, sorted


def message(i, rng):
    """A deterministic message; some multipart, some 8-bit, varied sizes."""
    body_lines = [f"Line {n} of message {i}: " + "x" * rng.randrange(0, 70) for n in range(rng.randrange(1, 40))]
    headers = [
        f"From: Sender {i % 17} <sender{i % 17}@example.com>",
        f"To: alice@example.com",
        f"Subject: mbsync test message {i}",
        f"Date: Mon, {1 + i % 28} Feb 2022 10:{i % 60:02d}:00 +0000",
        f"Message-ID: <mbsync-{i}@example.com>",
    ]
    if i % 5 == 0:
        headers += ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"']
        text = "\r\n".join(headers) + "\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n" \
            "Content-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe \u2014 " + "\r\n".join(body_lines) + \
            "\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" \
            "AAECAwQFBgcICQ==\r\n--b--\r\n"
    else:
        text = "\r\n".join(headers) + "\r\n\r\n" + "\r\n".join(body_lines) + "\r\n"
    # Maildir files use LF line ends, as MTAs and mbsync write them; mbsync
    # turns them into CRLF for IMAP and back.
    return text.replace("\r\n", "\n").encode("utf-8")


def make_maildir(path, rng):
    """Returns {Message-ID: (bytes, flags)} of what was written."""
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub))
    written = {}
    for i in range(COUNT):
        data = message(i, rng)
        flags = rng.choice(FLAG_CHOICES)
        name = f"{1600000000 + i}.M{i}P1.petrel-test"
        if flags or i % 3:
            name = os.path.join("cur", f"{name}:2,{flags}")
        else:
            name = os.path.join("new", name)
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
        written[f"<mbsync-{i}@example.com>"] = (data, flags)
    return written


def without_tuid(data):
    """mbsync marks each message it uploads with an X-TUID header field (its
    way to find the copy again); it is mbsync's own addition, not a change
    by the server, so the comparison leaves it out."""
    head, sep, body = data.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.startswith(b"X-TUID: ")]
    return b"\n".join(lines) + sep + body


def read_maildir(path):
    """{Message-ID: (bytes, flags)} of every message in cur/ and new/."""
    found = {}
    for sub in ("cur", "new"):
        for name in os.listdir(os.path.join(path, sub)):
            with open(os.path.join(path, sub, name), "rb") as f:
                data = f.read()
            flags = name.split(":2,", 1)[1] if ":2," in name else ""
            mid = next(line.split(b":", 1)[1].strip().decode() for line in data.split(b"\n")
                       if line.lower().startswith(b"message-id:"))
            assert mid not in found, f"{mid} twice in {path}"
            found[mid] = (without_tuid(data), "".join(sorted(flags)))
    return found


def write_config(tmp, port, far_path, near_path, channel, sync):
    conf = os.path.join(tmp, f"{channel}.rc")
    with open(conf, "w") as f:
        f.write(f"""IMAPAccount petrel
Host 127.0.0.1
Port {port}
User {USER}
Pass {PASSWORD}
SSLType None
AuthMechs LOGIN
Timeout 60

IMAPStore remote
Account petrel

MaildirStore local
Path {near_path}/
Inbox {near_path}
SubFolders Verbatim

Channel {channel}
Far :remote:INBOX
Near :local:INBOX
Create Both
Sync {sync}
SyncState *
""")
    return conf


def run_mbsync(conf, channel, home):
    r = subprocess.run(["mbsync", "-c", conf, channel], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "HOME": home})
    assert r.returncode == 0, f"mbsync {channel} exited {r.returncode}:\n{r.stdout}\n{r.stderr}"
    return r.stdout + r.stderr


def imap_count(server):
    with server.connect() as c:
        c.login(USER, PASSWORD)
        lines, tagged = c.command("s", "STATUS INBOX (MESSAGES)")
        assert tagged.startswith("s OK"), tagged
        c.command("z", "LOGOUT")
    status = next(line for line in lines if line.startswith("* STATUS"))
    return int(status.rsplit("MESSAGES ", 1)[1].rstrip(")"))


def test_push_restart_pull(server):
    rng = random.Random(20261127)
    tmp = tempfile.mkdtemp(prefix="petrel-mbsync-")
    try:
        source = os.path.join(tmp, "source")
        written = make_maildir(source, rng)
        push = write_config(tmp, server.port, None, source, "push", "Push")
        run_mbsync(push, "push", tmp)
        assert imap_count(server) == COUNT, "not every message reached the server"

        # A restart in between loses nothing.
        server.stop()
        server.launch()
        assert imap_count(server) == COUNT

        target = os.path.join(tmp, "target")
        os.makedirs(target)
        pull = write_config(tmp, server.port, None, target, "pull", "Pull")
        run_mbsync(pull, "pull", tmp)
        pulled = read_maildir(target)
        assert set(pulled) == set(written), f"{len(pulled)} pulled, {len(written)} pushed"
        for mid, (data, flags) in written.items():
            got_data, got_flags = pulled[mid]
            assert got_data == data, f"{mid}: bytes differ:\n{data[:400]!r}\n{got_data[:400]!r}"
            assert got_flags == flags, f"{mid}: flags {got_flags!r}, expected {flags!r}"

        # Nothing left to do in either direction: a second run changes nothing.
        run_mbsync(pull, "pull", tmp)
        push = write_config(tmp, server.port, None, source, "push", "Push")  # the new port
        run_mbsync(push, "push", tmp)
        assert imap_count(server) == COUNT
        assert len(read_maildir(target)) == COUNT
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_push_restart_pull], server)


if __name__ == "__main__":
    raise SystemExit(main())

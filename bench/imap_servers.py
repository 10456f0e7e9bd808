"""Petrel and Debian's Dovecot side by side on loopback, for bench/ scripts.

Each server gets a private temporary directory, free ports on 127.0.0.1 and
one user; nothing is installed or left running (stop() in a finally). Dovecot
runs from a private config with its default settings otherwise (no FTS
plugin: its SEARCH BODY/TEXT read the messages)."""
import email.utils
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
import petrel_fixture as fx  # noqa: E402

USER, PASSWORD = "bench", "benchpw"


class Client:
    """A raw IMAP client: LITERAL+ for strings, pipelined APPEND, timings."""

    def __init__(self, port, timeout=600):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        self.n = 0
        self.read_line()  # greeting

    def read_line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        m = re.search(rb"\{(\d+)\}$", line)
        if m:  # a literal in the response: read it and the rest of the line
            need = int(m.group(1))
            while len(self.buf) < need:
                self.buf += self.sock.recv(1 << 20)
            line += b"\r\n" + self.buf[:need]
            self.buf = self.buf[need:]
            line += self.read_line()
        return line

    def command(self, text, literals=()):
        """Sends `text` (with %L placeholders for LITERAL+ strings); returns
        (untagged lines, tagged line)."""
        self.n += 1
        tag = f"t{self.n}"
        data = f"{tag} ".encode()
        parts = text.split("%L")
        for i, part in enumerate(parts):
            data += part.encode()
            if i < len(literals):
                lit = literals[i].encode() if isinstance(literals[i], str) else literals[i]
                data += b"{%d+}\r\n" % len(lit) + lit
        self.sock.sendall(data + b"\r\n")
        untagged = []
        while True:
            line = self.read_line()
            if line.startswith(tag.encode() + b" "):
                return untagged, line.decode("utf-8", "replace")
            untagged.append(line.decode("utf-8", "replace"))

    def login(self):
        _, ok = self.command(f"LOGIN {USER} {PASSWORD}")
        assert " OK" in ok, ok

    def append_all(self, messages, batch=20):
        """APPENDs (flags, internal date, bytes) triples, pipelined."""
        for start in range(0, len(messages), batch):
            chunk = messages[start:start + batch]
            data = b""
            tags = []
            for flags, date, raw in chunk:
                self.n += 1
                tags.append(f"t{self.n}".encode())
                data += b"t%d APPEND INBOX (%s) \"%s\" {%d+}\r\n" % (
                    self.n, flags.encode(), date.encode(), len(raw)) + raw + b"\r\n"
            self.sock.sendall(data)
            pending = set(tags)
            while pending:
                line = self.read_line()
                tag = line.split(b" ", 1)[0]
                if tag in pending:
                    assert b" OK" in line, line
                    pending.discard(tag)

    def close(self):
        try:
            self.command("LOGOUT")
        except (OSError, ConnectionError):
            pass
        self.sock.close()


def load_corpus(maildir):
    """(flags, internal date, bytes) for each message of a Maildir, in file
    name order, with deterministic flags."""
    def number(name):
        m = re.search(r"\.M(\d+)P", name)
        return int(m.group(1)) if m else 0
    names = sorted(os.listdir(os.path.join(maildir, "cur")), key=number)
    out = []
    for i, name in enumerate(names):
        with open(os.path.join(maildir, "cur", name), "rb") as f:
            raw = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        flags = []
        if i % 3:
            flags.append("\\Seen")
        if i % 11 == 0:
            flags.append("\\Flagged")
        if i % 17 == 0:
            flags.append("$Important")
        date = 1672531200 + i * 3600
        m = re.search(rb"^Date: (.*)$", raw, re.M)
        if m:
            try:
                date = int(email.utils.parsedate_to_datetime(m.group(1).decode()).timestamp())
            except (TypeError, ValueError):
                pass
        internal = time.strftime("%d-%b-%Y %H:%M:%S +0000", time.gmtime(date))
        out.append((" ".join(flags), internal, raw))
    return out


class PetrelRunner:
    def __init__(self, petrel):
        self.petrel = petrel
        self.server = fx.PetrelServer(petrel, users={USER: PASSWORD})

    def preload(self, maildir):
        """Before start(): the user's INBOX from a Maildir (petrel import)."""
        os.makedirs(self.server.data_dir, exist_ok=True)
        fx.add_user(self.petrel, self.server.data_dir, USER, PASSWORD)
        self.server.users = {}  # added
        # --index: searches are measured on a complete index, not while the
        # server is still writing it in the background.
        r = subprocess.run([self.petrel, "import", "maildir", maildir, USER, "--data-dir",
                            self.server.data_dir, "--index"], check=True, capture_output=True,
                           text=True)
        print("Petrel: " + r.stdout.strip().splitlines()[-2], flush=True)

    def start(self):
        self.server.start()
        self.port = self.server.port
        return self

    def stop(self):
        self.server.stop()
        self.server.cleanup()


class DovecotRunner:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="dovecot-bench-")
        os.chmod(self.tmp, 0o755)
        self.maildir = None

    def preload(self, maildir):
        """Before start(): the user's INBOX is a copy of this Maildir
        (dovecot-uidlist included, so the UIDs are the same)."""
        self.maildir = maildir

    def start(self):
        self.port = fx.free_port()
        if os.geteuid() == 0:  # Dovecot refuses mail access as root
            mail_user = pwd.getpwnam("dovecot")
            login_user, internal_user = "dovenull", "dovecot"
        else:
            mail_user = pwd.getpwuid(os.getuid())
            login_user = internal_user = mail_user.pw_name
        home = os.path.join(self.tmp, "home")
        os.makedirs(home)
        os.chown(home, mail_user.pw_uid, mail_user.pw_gid)
        if self.maildir:
            target = os.path.join(home, USER, "Maildir")
            shutil.copytree(self.maildir, target)  # copy2: mtimes (INTERNALDATE) kept
            for root, dirs, files in os.walk(os.path.join(home, USER)):
                for n in [root] + [os.path.join(root, x) for x in dirs + files]:
                    os.chown(n, mail_user.pw_uid, mail_user.pw_gid)
        with open(os.path.join(self.tmp, "passwd"), "w") as f:
            f.write(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        self.config = os.path.join(self.tmp, "dovecot.conf")
        with open(self.config, "w") as f:
            f.write(f"""
base_dir = {self.tmp}/run
state_dir = {self.tmp}/state
log_path = {self.tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_login_user = {login_user}
default_internal_user = {internal_user}
passdb {{
  driver = passwd-file
  args = {self.tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={home}/%u
}}
mail_location = maildir:~/Maildir
first_valid_uid = 1
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
""")
        subprocess.run(["dovecot", "-c", self.config], check=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start; see " + self.tmp + "/dovecot.log")

    def stop(self):
        subprocess.run(["doveadm", "-c", self.config, "stop"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        shutil.rmtree(self.tmp, ignore_errors=True)

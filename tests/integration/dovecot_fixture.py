"""Debian's Dovecot on a private configuration, for migration tests.

DovecotServer writes a configuration into a temporary directory (loopback
port, mail_location=maildir:..., passdb passwd-file, its own base_dir so it
never touches the system instance), starts `dovecot -F` in the foreground
and stops it in all cases (context manager). Runs as root (mail is then
owned by the `dovecot` system user) or as an ordinary user (everything runs
as that user).
"""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

DOVECOT = "/usr/sbin/dovecot"
READY_TIMEOUT = 20.0


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DovecotServer:
    def __init__(self, users, extra_config="", layout=None):
        self.users = users  # name -> plain password
        self.extra_config = extra_config  # appended to the configuration
        self.layout = layout  # Maildir layout ("fs": folders as directories)
        self.tmp = tempfile.mkdtemp(prefix="petrel-dovecot-")
        os.chmod(self.tmp, 0o755)
        self.mail_root = os.path.join(self.tmp, "mail")
        self.port = None
        self.proc = None
        if os.getuid() == 0:
            self.mail_user = pwd.getpwnam("dovecot")
            self.login_user = "dovenull"
            self.internal_user = "dovecot"
        else:
            self.mail_user = pwd.getpwuid(os.getuid())
            self.login_user = self.internal_user = self.mail_user.pw_name

    def maildir(self, user):
        return os.path.join(self.mail_root, user)

    def give_mail(self, user, maildir):
        """Installs a copy of `maildir` as `user`'s mail, owned by the mail user."""
        shutil.copytree(maildir, self.maildir(user))
        uid, gid = self.mail_user.pw_uid, self.mail_user.pw_gid
        for root, dirs, files in os.walk(self.mail_root):
            os.chown(root, uid, gid)
            for name in files:
                os.chown(os.path.join(root, name), uid, gid)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        self.port = free_port()
        os.makedirs(self.mail_root, exist_ok=True)  # may hold a Maildir to serve
        passwd = os.path.join(self.tmp, "passwd")
        with open(passwd, "w") as f:
            for name, password in self.users.items():
                f.write(f"{name}:{{PLAIN}}{password}\n")
        uid, gid = self.mail_user.pw_uid, self.mail_user.pw_gid
        os.chown(self.mail_root, uid, gid)
        config = os.path.join(self.tmp, "dovecot.conf")
        with open(config, "w") as f:
            f.write(f"""
base_dir = {self.tmp}/run
state_dir = {self.tmp}/state
log_path = {self.tmp}/dovecot.log
instance_name = petrel-test-{self.port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {self.internal_user}
default_login_user = {self.login_user}
first_valid_uid = {uid}
last_valid_uid = {uid}
mail_location = maildir:{self.mail_root}/%u{":LAYOUT=" + self.layout if self.layout else ""}
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.mail_root}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    user = {self.internal_user}
  }}
  unix_listener stats-writer {{
    user = {self.internal_user}
  }}
}}
{self.extra_config}
""")
        self.log = open(os.path.join(self.tmp, "dovecot.stdout"), "ab")
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", config], stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"dovecot not listening after {READY_TIMEOUT}s:\n{self.log_tail()}")
                time.sleep(0.05)

    def log_tail(self, lines=30):
        out = []
        for name in ("dovecot.stdout", "dovecot.log"):
            try:
                with open(os.path.join(self.tmp, name), errors="replace") as f:
                    out += f.read().splitlines()[-lines:]
            except OSError:
                pass
        return "\n".join(out)

    def stop(self):
        """Stops Dovecot (SIGTERM, then SIGKILL); the mail stays for inspection."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

"""The two servers a benchmark compares, each started privately on loopback
in a scratch directory: Petrel (`petrel serve`) and Debian's Dovecot
(dovecot-imapd, maildir, its own configuration file). Both expose the same
small interface: start(), stop(), port, root_pid, add_user(), and the
process-tree figures the report needs (CPU seconds, PSS)."""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {timeout}s")


# ------------------------------------------------------------ process tree

def _children_map():
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def process_tree(root):
    children = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def settle(server, quiet_share=0.05, window=1.0, limit=300):
    """Waits until the server's process tree uses under `quiet_share` of a
    core over `window` seconds (at most `limit` seconds): work a set-up left
    behind (Petrel's background full-text indexing, Dovecot's indexer) is
    done before a scenario measures. Returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        before = tree_cpu_seconds(server.root_pid)
        time.sleep(window)
        if tree_cpu_seconds(server.root_pid) - before < quiet_share * window:
            break
    return time.monotonic() - start


def tree_cpu_seconds(root):
    """User + system CPU of the tree, including reaped children."""
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is state (stat field 3): utime..cstime are stat fields 14..17.
        total += sum(int(x) for x in fields[11:15])
    return total / CLK_TCK


def tree_pss_kb(root):
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def tree_rss_kb(root):
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


# ------------------------------------------------------------ Petrel

class Petrel:
    name = "petrel"

    def __init__(self, binary, workdir, config_extra="", data=None):
        """config_extra: TOML put before the [imap] table; data: an existing
        data directory to serve instead of WORKDIR/petrel/data."""
        self.binary = os.path.abspath(binary)
        self.dir = os.path.join(workdir, "petrel")
        self.data = os.path.abspath(data) if data else os.path.join(self.dir, "data")
        self.config_extra = config_extra
        self.proc = None
        self.port = self.tls_port = None
        os.makedirs(self.dir, exist_ok=True)
        os.makedirs(self.data, exist_ok=True)

    def add_user(self, user, password):
        pw = os.path.join(self.dir, "pw")
        with open(pw, "w") as f:
            f.write(password)
        subprocess.run([self.binary, "user", "add", user, "--data-dir", self.data, "--password-file", pw],
                       check=True, capture_output=True)
        os.unlink(pw)

    def password_hash(self, user):
        with open(os.path.join(self.data, "users")) as f:
            for line in f:
                name, _, hashed = line.rstrip("\n").partition(":")
                if name == user:
                    return hashed
        return None

    def start(self):
        self.port, self.tls_port = free_port(), free_port()
        config = os.path.join(self.dir, "petrel.toml")
        with open(config, "w") as f:
            f.write(f'data_dir = "{self.data}"\nlog_level = "warn"\n{self.config_extra}\n'
                    f'[imap]\nlisten = "127.0.0.1:{self.port}"\nlisten_tls = "127.0.0.1:{self.tls_port}"\n'
                    f'[limits]\nmax_connections = 100000\nmax_connections_per_address = 100000\n'
                    # No LMTP or metrics listener: their default ports would
                    # clash with any other Petrel on the machine.
                    f'[lmtp]\nlisten = ""\n[metrics]\nlisten = ""\n')
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        started = time.monotonic()
        self.proc = subprocess.Popen([self.binary, "serve", "--config", config],
                                     stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        wait_port(self.port, self.proc)
        self.startup_seconds = time.monotonic() - started
        return self

    @property
    def root_pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


# ------------------------------------------------------------ Dovecot

DOVECOT_CONF = """\
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{dir}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = {uid}
mail_max_userip_connections = 100000
default_vsz_limit = 1G
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = static
  args = home={dir}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
  process_min_avail = 1
  client_limit = 1000
  process_limit = 100
  service_count = 0
}}
service imap {{
  process_limit = 100000
  client_limit = 1
}}
service anvil {{
  client_limit = 200000
}}
default_process_limit = 100000
default_client_limit = 200000
"""


class Dovecot:
    name = "dovecot"

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "dovecot")
        self.proc = None
        self.port = self.tls_port = None
        self.users = []
        for sub in ("run", "state", "mail", "home"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        # Mail processes must not run as root; nobody owns the mail.
        self.account = pwd.getpwnam("nobody")
        for sub in ("mail", "home"):
            os.chown(os.path.join(self.dir, sub), self.account.pw_uid, self.account.pw_gid)

    @staticmethod
    def available():
        return shutil.which("dovecot") is not None

    def add_user(self, user, password, crypt_hash=None):
        """With crypt_hash (e.g. Petrel's yescrypt hash of the same password)
        both servers pay the same for each login."""
        secret = f"{{CRYPT}}{crypt_hash}" if crypt_hash else f"{{PLAIN}}{password}"
        self.users.append((user, password))
        with open(os.path.join(self.dir, "passwd"), "a") as f:
            f.write(f"{user}:{secret}::::::\n")

    def maildir(self, user):
        """Where the user's INBOX lives (cur/new/tmp); writable by the mail uid."""
        return os.path.join(self.dir, "mail", user)

    def chown_mail(self):
        for root, dirs, files in os.walk(os.path.join(self.dir, "mail")):
            for name in dirs + files:
                os.lchown(os.path.join(root, name), self.account.pw_uid, self.account.pw_gid)

    def _write_config(self):
        ssl_files = ""
        ssl = "no"
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        if shutil.which("openssl"):
            if not os.path.exists(cert):
                subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                                "-days", "30", "-subj", "/CN=localhost"], check=True, capture_output=True)
            ssl, ssl_files = "yes", f"ssl_cert = <{cert}\nssl_key = <{key}"
        conf = os.path.join(self.dir, "dovecot.conf")
        with open(conf, "w") as f:
            f.write(DOVECOT_CONF.format(dir=self.dir, port=self.port, tls_port=self.tls_port,
                                        uid=self.account.pw_uid, gid=self.account.pw_gid,
                                        ssl=ssl, ssl_files=ssl_files))
        return conf

    def start(self):
        self.port, self.tls_port = free_port(), free_port()
        conf = self._write_config()
        started = time.monotonic()
        self.proc = subprocess.Popen(["dovecot", "-F", "-c", conf], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "stderr.log"), "ab"))
        wait_port(self.port, self.proc)
        self.startup_seconds = time.monotonic() - started
        if self.users:
            self._wait_auth(*self.users[0])
        return self

    def _wait_auth(self, user, password, timeout=30):
        """Dovecot listens before its auth process answers: a LOGIN then gets
        NO [UNAVAILABLE]. Waits until one succeeds."""
        deadline = time.monotonic() + timeout
        while True:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                f = s.makefile("rb")
                f.readline()  # greeting
                s.sendall(f'a LOGIN "{user}" "{password}"\r\n'.encode())
                while not (line := f.readline()).startswith(b"a "):
                    if not line:
                        break
                if line.startswith(b"a OK"):
                    s.sendall(b"b LOGOUT\r\n")
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"dovecot refuses LOGIN after {timeout}s: {line!r}")
            time.sleep(0.1)

    @property
    def root_pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def drop_page_cache():
    """Cold runs: allowed only as root on a machine that permits it."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False

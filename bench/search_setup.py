"""Set-up shared by search_bench.py and search_compare.py: the same messages
in Petrel and Debian's Dovecot, with the same UIDs, and one logged-in client
per server with INBOX selected.

Messages come from ../shared/corpus/gen_corpus.py (generated into a temporary
directory) or from an existing Maildir (--maildir, read only; --count then
takes its first N messages in generation order). Two ways to load them:
- append: APPEND over IMAP to both servers, with deterministic flags and an
  INTERNALDATE from the Date: header (imap_servers.load_corpus);
- maildir: a private copy of the files (mtime kept: it is the INTERNALDATE)
  with a dovecot-uidlist numbering them 1..N in generation order; Petrel
  takes it with `petrel import maildir`, Dovecot finds it in its own Maildir.
  Much faster than APPEND for 100,000 messages."""
import os
import re
import shutil
import subprocess
import sys
import time

from imap_servers import USER, Client, DovecotRunner, PetrelRunner, load_corpus

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "corpus", "gen_corpus.py")
if not os.path.exists(GEN):
    GEN = "/work/shared/corpus/gen_corpus.py"


def add_arguments(ap, count, load):
    ap.add_argument("--petrel", required=True)
    ap.add_argument("--count", type=int, default=count,
                    help="messages (generated, or the first N of --maildir)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--maildir", help="an existing Maildir to take the messages from (read only)")
    ap.add_argument("--load", choices=("append", "maildir"), default=load)


def generation_number(name):
    m = re.search(r"\.M(\d+)P", name)
    return int(m.group(1)) if m else 0


def source_maildir(args, tmp):
    if args.maildir:
        return args.maildir
    path = os.path.join(tmp, "generated")
    subprocess.run([sys.executable, GEN, "--count", str(args.count), "--seed", str(args.seed),
                    "--maildir", path], check=True, stdout=subprocess.DEVNULL)
    return path


def private_copy(source, count, tmp):
    """The first `count` messages of `source` (generation order) in a new
    Maildir with a dovecot-uidlist giving them UIDs 1..count."""
    path = os.path.join(tmp, "Maildir")
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, d))
    names = [("cur", n) for n in os.listdir(os.path.join(source, "cur"))]
    names += [("new", n) for n in os.listdir(os.path.join(source, "new"))]
    names.sort(key=lambda dn: generation_number(dn[1]))
    names = names[:count]
    lines = [f"3 V1700000000 N{len(names) + 1}"]
    for uid, (d, name) in enumerate(names, 1):
        shutil.copy2(os.path.join(source, d, name), os.path.join(path, "cur", name))
        lines.append(f"{uid} :{name.split(':2,')[0]}")
    with open(os.path.join(path, "dovecot-uidlist"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def open_client(server):
    c = Client(server.port)
    c.login()
    _, ok = c.command("SELECT INBOX")
    assert " OK" in ok, ok
    return c


class Servers:
    """`with Servers(args, tmp) as s:` s.clients["Petrel"], s.clients["Dovecot"]."""

    def __init__(self, args, tmp):
        self.args, self.tmp = args, tmp
        self.petrel, self.dovecot = PetrelRunner(args.petrel), DovecotRunner()
        self.clients = {}

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
        source = source_maildir(self.args, self.tmp)
        if self.args.load == "maildir":
            maildir = private_copy(source, self.args.count, self.tmp)
            for name, load in (("Petrel", self.petrel.preload), ("Dovecot", self.dovecot.preload)):
                start = time.perf_counter()
                load(maildir)
                print(f"{name}: loaded {self.args.count} messages from the Maildir in "
                      f"{time.perf_counter() - start:.1f} s", flush=True)
            self.petrel.start()
            self.dovecot.start()
            for name, server in (("Petrel", self.petrel), ("Dovecot", self.dovecot)):
                start = time.perf_counter()
                self.clients[name] = open_client(server)  # Dovecot indexes on first SELECT
                print(f"{name}: first SELECT in {time.perf_counter() - start:.1f} s", flush=True)
            return
        messages = load_corpus(source)[:self.args.count]
        self.petrel.start()
        self.dovecot.start()
        for name, server in (("Petrel", self.petrel), ("Dovecot", self.dovecot)):
            c = Client(server.port)
            c.login()
            start = time.perf_counter()
            c.append_all(messages)
            print(f"{name}: appended {len(messages)} messages in "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
            c.close()
            self.clients[name] = open_client(server)

    def stop(self):
        for c in self.clients.values():
            c.close()
        self.clients = {}
        self.petrel.stop()
        self.dovecot.stop()


__all__ = ["USER", "Servers", "add_arguments"]

"""The benchmark corpus: ../shared/corpus/gen_corpus.py (fixed seed) read
from its mbox into CRLF message bytes, and written as Maildir for Dovecot."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GENERATOR = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpus", "gen_corpus.py"))


def generator_path():
    path = os.environ.get("PETREL_CORPUS_GEN", DEFAULT_GENERATOR)
    if not os.path.exists(path):
        raise SystemExit(f"corpus generator not found at {path} (set PETREL_CORPUS_GEN)")
    return path


def split_mbox(data):
    """mboxo: "From " lines separate messages; ">From " at a line start was escaped."""
    messages = []
    current = None
    for line in data.split(b"\n"):
        if line.startswith(b"From "):
            if current is not None:
                messages.append(current)
            current = []
            continue
        if current is None:
            continue
        if line.startswith(b">From "):
            line = line[1:]
        current.append(line)
    if current is not None:
        messages.append(current)
    out = []
    for lines in messages:
        while lines and lines[-1] == b"":  # the separator blank line
            lines.pop()
        out.append(b"\r\n".join(lines) + b"\r\n")
    return out


def synthetic(count, seed):
    """Plain messages for smoke runs on a checkout without ../shared."""
    import random
    rng = random.Random(seed)
    out = []
    for i in range(count):
        words = " ".join(rng.choice(["alpha", "beta", "gamma", "delta", "mailbox", "server"]) for _ in range(60))
        out.append((f"From: sender{i % 7}@example.com\r\nTo: bench@example.com\r\nSubject: message {i}\r\n"
                    f"Date: Mon, 1 Feb 2021 10:00:00 +0000\r\nMessage-ID: <smoke-{i}@example.com>\r\n\r\n"
                    f"{words}\r\n").encode())
    return out


def load(count, seed, workdir, allow_synthetic=False):
    """`count` messages as CRLF bytes, cached in workdir."""
    path = os.path.join(workdir, f"corpus-{count}-{seed}.mbox")
    if allow_synthetic and not os.path.exists(os.environ.get("PETREL_CORPUS_GEN", DEFAULT_GENERATOR)):
        print("# corpus generator not found: synthetic messages (smoke run only)", flush=True)
        return synthetic(count, seed)
    if not os.path.exists(path):
        subprocess.run([sys.executable, generator_path(), "--count", str(count), "--seed", str(seed),
                        "--out", path], check=True, stdout=subprocess.DEVNULL)
    with open(path, "rb") as f:
        return split_mbox(f.read())


def load_maildir(path, count):
    """Up to `count` messages of an existing Maildir (such as the shared
    /work/corpus/seed1-100k), in delivery order (the M<n> of each file
    name, as gen_corpus.py --maildir numbers them), as CRLF bytes. Read only."""
    import re
    names = []
    for sub in ("cur", "new"):
        folder = os.path.join(path, sub)
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            m = re.search(r"\.M(\d+)", name)
            names.append((int(m.group(1)) if m else 0, name, os.path.join(folder, name)))
    if not names:
        raise SystemExit(f"no messages in Maildir {path}")
    names.sort()
    out = []
    for _, _, file in names[:count]:
        with open(file, "rb") as f:
            data = f.read()
        out.append(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return out


def write_maildir(messages, path, start=0):
    """Maildir cur/ files (read, no flags) as a Maildir-writing MTA would leave them."""
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    for i, data in enumerate(messages):
        name = f"{1700000000 + start + i}.M{start + i}P{os.getpid()}.bench:2,"
        with open(os.path.join(path, "cur", name), "wb") as f:
            f.write(data)

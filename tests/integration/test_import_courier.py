#!/usr/bin/env python3
"""`petrel import maildir` of a hand-made Maildir++ as Courier-IMAP writes
it: keywords in courierimapkeywords/ (the :list file plus newer update
files, README.imapkeywords), flags in the ":2," info, a ".Sent" folder, no
dovecot-uidlist. IMAP shows each message's keywords and flags; a search
for a word in a body finds it right after the import (the search index is
built by the import's second pass); a re-run adds nothing."""
import imaplib
import os
import re

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def msg(subject, body):
    return f"From: c@example.org\nSubject: {subject}\n\n{body}\n".encode()


# (folder, file base, ":2," info, bytes)
FILES = [
    ("", "1700000001.M1P1.courier,S=60", "S", msg("plain", "no keywords here")),
    ("", "1700000002.M2P2.courier,S=60", "RS", msg("listed", "keywords from the list file")),
    ("", "1700000003.M3P3.courier,S=60", "F", msg("updated", "an update file wins")),
    ("", "1700000004.M4P4.courier,S=60", "", msg("cleared", "emptied by an update")),
    (".Sent", "1700000005.M5P5.courier,S=60", "S", msg("sent", "zanzibar itinerary")),
]
LIST = {
    "": "$Label1\nWork\n$Forwarded\n\n"
        "1700000002.M2P2.courier,S=60:0 1\n"
        "1700000003.M3P3.courier,S=60:1\n"
        "1700000004.M4P4.courier,S=60:2\n"
        "1700000099.Gone.courier:0\n",  # a message no longer there
    ".Sent": "Todo\n\n1700000005.M5P5.courier,S=60:0\n",
}
UPDATES = {  # update files written after the :list
    "": {".31.1700000003.M3P3.courier,S=60": "Old\n",
         ".32.1700000003.M3P3.courier,S=60": "Project-X\n$Forwarded\n",
         "1700000004.M4P4.courier,S=60": "",
         ".tmp.99.scratch": "Ignored\n"},
    ".Sent": {},
}
EXPECTED = {
    "INBOX": {"plain": {r"\Seen"},
              "listed": {r"\Answered", r"\Seen", "$Label1", "Work"},
              "updated": {r"\Flagged", "Project-X", "$Forwarded"},
              "cleared": set()},
    "Sent": {"sent": {r"\Seen", "Todo"}},
}


def make_courier_maildir(root):
    for folder in ("", ".Sent"):
        base = os.path.join(root, folder)
        for sub in ("cur", "new", "tmp", "courierimapkeywords"):
            os.makedirs(os.path.join(base, sub), exist_ok=True)
        kw = os.path.join(base, "courierimapkeywords")
        with open(os.path.join(kw, ":list"), "w") as f:
            f.write(LIST[folder])
        for name, text in UPDATES[folder].items():
            with open(os.path.join(kw, name), "w") as f:
                f.write(text)
    for folder, name, info, data in FILES:
        with open(os.path.join(root, folder, "cur", f"{name}:2,{info}"), "wb") as f:
            f.write(data)


def flags_by_subject(imap, mailbox):
    typ, _ = imap.select(mailbox, readonly=True)
    assert typ == "OK", mailbox
    typ, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    assert typ == "OK", data
    out = {}
    for item in data:
        if not isinstance(item, tuple):
            continue
        head, body = item
        flags = set(re.search(r"FLAGS \(([^)]*)\)", head.decode()).group(1).split()) - {r"\Recent"}
        subject = body.decode().split(":", 1)[1].strip()
        out[subject] = flags
    return out


def test_courier_keywords_become_imap_keywords(args):
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        root = os.path.join(server.tmp, "Maildir")
        make_courier_maildir(root)
        r = fx.run_cli(args.petrel, ["import", "maildir", root, USER, "--data-dir", server.data_dir])
        assert r.returncode == 0, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
        assert "imported 5," in r.stdout, r.stdout
        assert "search index" in r.stdout, r.stdout
        imap = imaplib.IMAP4("127.0.0.1", server.port)
        imap.login(USER, PASSWORD)
        for mailbox, expected in EXPECTED.items():
            got = flags_by_subject(imap, mailbox)
            assert got == expected, f"{mailbox}: {got} != {expected}"
        imap.select("Sent", readonly=True)
        typ, data = imap.uid("SEARCH", "BODY", "zanzibar")
        assert typ == "OK" and data[0].split() == [b"1"], data
        imap.select("INBOX", readonly=True)
        typ, data = imap.uid("SEARCH", "KEYWORD", "Project-X")
        assert typ == "OK" and len(data[0].split()) == 1, data
        imap.logout()
        r = fx.run_cli(args.petrel, ["import", "maildir", root, USER, "--data-dir", server.data_dir])
        assert r.returncode == 0 and "imported 0, skipped 5" in r.stdout, r.stdout


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_courier_keywords_become_imap_keywords], args)


if __name__ == "__main__":
    raise SystemExit(main())

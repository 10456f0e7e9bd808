#!/usr/bin/env python3
"""Loads the same messages (made by ../shared/corpus/gen_corpus.py) into
Petrel and Debian's Dovecot and compares their answers to a set of SEARCH,
SORT and THREAD commands. Prints one line per query and the differences.

    python3 bench/search_compare.py --petrel build/dev/petrel [--count 300]

Exit status 0 when every answer is equal, 1 otherwise (the known, explained
differences are listed in bench/SEARCH_DIFFERENCES.md)."""
import argparse
import tempfile

from search_setup import Servers, add_arguments

# (command, literals): %L is sent as a LITERAL+ string (UTF-8).
QUERIES = [
    ("SEARCH ALL", ()), ("SEARCH SEEN", ()), ("SEARCH UNSEEN", ()), ("SEARCH FLAGGED", ()),
    ("SEARCH KEYWORD $Important", ()), ("SEARCH UNKEYWORD $Important", ()),
    ("SEARCH TEXT agenda", ()), ("SEARCH TEXT Thunderbird", ()), ("SEARCH TEXT example.org", ()),
    ("SEARCH TEXT network", ()),
    # Strings that cut words and separators where the word index must still
    # answer exactly (store/sqlite/word_tokens.h): inside a word, ending in
    # a separator, starting or ending with a space, punctuation only.
    ("SEARCH BODY etwor", ()), ("SEARCH TEXT \"that agenda.\"", ()), ("SEARCH BODY \"er, t\"", ()),
    ("SEARCH BODY \" the \"", ()), ("SEARCH BODY \"the \"", ()), ("SEARCH TEXT \"@example.\"", ()),
    ("SEARCH BODY \"). \"", ()), ("SEARCH BODY \"--\"", ()),
    ("SEARCH BODY \"quarter that\"", ()), ("SEARCH BODY server", ()), ("SEARCH BODY an", ()),
    ("SEARCH BODY %L", ("Grüße",)), ("SEARCH BODY %L", ("für",)), ("SEARCH TEXT %L", ("ПЕТРОВ",)),
    ("SEARCH FROM david", ()), ("SEARCH FROM %L", ("Петров",)), ("SEARCH FROM example.com", ()),
    ("SEARCH FROM \"O'Brien\"", ()),
    ("SEARCH TO trent", ()), ("SEARCH CC victor", ()), ("SEARCH BCC a", ()),
    ("SEARCH SUBJECT report", ()), ("SEARCH SUBJECT %L", ("planificación",)),
    ("SEARCH SUBJECT \"re:\"", ()), ("SEARCH SUBJECT fwd", ()),
    ("SEARCH HEADER X-Mailer Thunderbird", ()), ("SEARCH HEADER Message-ID example.com", ()),
    ("SEARCH HEADER In-Reply-To \"\"", ()), ("SEARCH HEADER References \"\"", ()),
    ("SEARCH UNSEEN SINCE 1-Feb-2023", ()), ("SEARCH BEFORE 15-Jan-2023", ()),
    ("SEARCH ON 3-Jan-2023", ()), ("SEARCH SENTBEFORE 15-Jan-2023", ()),
    ("SEARCH SENTSINCE 1-Mar-2023", ()), ("SEARCH SENTON 2-Jan-2023", ()),
    ("SEARCH LARGER 20000", ()), ("SEARCH SMALLER 2000", ()),
    ("SEARCH OR FLAGGED KEYWORD $Important", ()), ("SEARCH NOT (SEEN FROM example.com)", ()),
    ("SEARCH 10:20 UNSEEN", ()), ("SEARCH UID 5:* SMALLER 3000", ()),
    ("SEARCH OR SUBJECT report BODY agenda", ()),
    ("SEARCH RETURN (MIN MAX COUNT) TEXT agenda", ()),
    ("SORT (DATE) UTF-8 ALL", ()), ("SORT (REVERSE DATE) UTF-8 ALL", ()),
    ("SORT (ARRIVAL) UTF-8 ALL", ()), ("SORT (SIZE) UTF-8 ALL", ()),
    ("SORT (SUBJECT) UTF-8 ALL", ()), ("SORT (FROM) UTF-8 ALL", ()), ("SORT (TO) UTF-8 ALL", ()),
    ("SORT (CC) UTF-8 ALL", ()), ("SORT (DISPLAYFROM) UTF-8 ALL", ()),
    ("SORT (SUBJECT REVERSE SIZE) UTF-8 UNSEEN", ()),
    ("THREAD REFERENCES UTF-8 ALL", ()), ("THREAD ORDEREDSUBJECT UTF-8 ALL", ()),
]


def answer(client, command, literals):
    untagged, tagged = client.command(command, literals)
    keep = [l for l in untagged if l.split(" ")[1] in ("SEARCH", "ESEARCH", "SORT", "THREAD")]
    # The ESEARCH tag differs between the two clients' tags only if they
    # drift; normalise it anyway.
    keep = [l.split(") ", 1)[1] if l.startswith("* ESEARCH (TAG") and ") " in l else l for l in keep]
    return " ".join(keep) + " | " + tagged.split(" ", 2)[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_arguments(ap, count=300, load="append")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="search-compare-")
    differences = 0
    with Servers(args, tmp) as servers:
        clients = [servers.clients["Petrel"], servers.clients["Dovecot"]]
        for command, literals in QUERIES:
            shown = command.replace("%L", '"' + literals[0] + '"') if literals else command
            a, b = (answer(c, command, literals) for c in clients)
            if a == b:
                print(f"same  {shown}  ({len(a.split()) - 4} numbers)")
                continue
            differences += 1
            print(f"DIFF  {shown}")
            pa, da = a.split(), b.split()
            only_p = [x for x in pa if x not in set(da)]
            only_d = [x for x in da if x not in set(pa)]
            if only_p or only_d:
                print(f"      only Petrel: {' '.join(only_p[:20])}")
                print(f"      only Dovecot: {' '.join(only_d[:20])}")
            else:
                print(f"      same set, other order:\n      Petrel:  {a[:300]}\n      Dovecot: {b[:300]}")
    print(f"{len(QUERIES) - differences} equal, {differences} different")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())

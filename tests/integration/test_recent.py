#!/usr/bin/env python3
"""\\Recent for IMAP4rev1 clients (RFC 3501 2.3.2, 6.3.1, 6.3.10): STATUS
RECENT counts what the next SELECT will claim, exactly one session gets each
new message as recent, and a restart changes nothing: claimed messages are
not recent again, unclaimed ones still are."""
import re

import petrel_fixture as fx

USER, PASSWORD = "alice", "secret"


def session(server):
    conn = server.connect()
    assert conn.read_line().startswith("* OK")
    conn.login(USER, PASSWORD)
    return conn


def append(conn, n):
    for i in range(n):
        data = f"Subject: {i}\r\n\r\nbody {i}\r\n".encode()
        conn.send(f"a{i} APPEND INBOX {{{len(data)}+}}\r\n".encode() + data + b"\r\n")
        _, tagged = conn.wait_tagged(f"a{i}")
        assert tagged.startswith(f"a{i} OK"), tagged


def status_recent(conn):
    untagged, tagged = conn.command("st", "STATUS INBOX (MESSAGES RECENT)")
    assert tagged.startswith("st OK"), tagged
    m = re.match(r"\* STATUS INBOX \(MESSAGES (\d+) RECENT (\d+)\)", untagged[-1])
    assert m, untagged
    return int(m.group(1)), int(m.group(2))


def select_recent(conn, command="SELECT"):
    untagged, tagged = conn.command("se", f"{command} INBOX")
    assert tagged.startswith("se OK"), tagged
    found = [int(line.split()[1]) for line in untagged if line.endswith(" RECENT")]
    assert len(found) == 1, untagged
    return found[0]


def test_recent_goes_to_one_session_and_survives_restart(server):
    a, b = session(server), session(server)
    append(b, 3)
    assert status_recent(a) == (3, 3)  # nobody has claimed them
    assert select_recent(a, "EXAMINE") == 3  # EXAMINE sees them, claims nothing
    assert select_recent(a) == 3  # SELECT claims them
    assert status_recent(a) == (3, 3)  # they are recent in A's session
    assert status_recent(b) == (3, 0)  # and to nobody else
    assert select_recent(b) == 0
    # New mail while A has INBOX selected: A's NOOP claims it. (B must not
    # have INBOX selected: its own APPEND would report and claim the mail.)
    _, tagged = b.command("u", "UNSELECT")
    assert tagged.startswith("u OK"), tagged
    append(b, 2)
    untagged, tagged = a.command("n", "NOOP")
    assert "* 5 EXISTS" in untagged and "* 5 RECENT" in untagged, untagged
    assert status_recent(b) == (5, 0)
    a.close()
    b.close()

    server.stop()
    server.launch()
    c = session(server)
    assert status_recent(c) == (5, 0), "claims kept across the restart"
    assert select_recent(c) == 0
    c.close()
    e = session(server)
    append(e, 1)  # nobody has INBOX selected: unclaimed when the server stops
    e.close()
    server.stop()
    server.launch()
    d = session(server)
    assert status_recent(d) == (6, 1)
    assert select_recent(d) == 1
    d.close()


def main():
    args = fx.parse_args(__doc__)
    with fx.PetrelServer(args.petrel, users={USER: PASSWORD}) as server:
        return fx.run_tests([test_recent_goes_to_one_session_and_survives_restart], server,
                            after=fx.PetrelServer.assert_serves)


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""The `petrel user ...` and `petrel serve` command lines: what they do, and
that every error is one line on stderr with a non-zero exit."""
import os
import socket
import tempfile

import petrel_fixture as fx


def cli(args, *argv, stdin=None, cwd=None):
    return fx.run_cli(args.petrel, list(argv), input_text=stdin, cwd=cwd)


def assert_ok(r, what):
    assert r.returncode == 0, f"{what}: exit {r.returncode}, stderr {r.stderr!r}"


def assert_one_line_error(r, what):
    assert r.returncode != 0, f"{what}: exit 0 (stdout {r.stdout!r})"
    lines = r.stderr.strip("\n").splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"{what}: stderr is not one line: {r.stderr!r}"


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def users(args, data_dir):
    r = cli(args, "user", "list", "--data-dir", data_dir)
    assert_ok(r, "user list")
    return r.stdout.split()


def can_login(args, tmp, user, password):
    """Starts a server on tmp/data and tries LOGIN."""
    server = fx.PetrelServer(args.petrel, tmp=tmp)
    server.start()
    try:
        with server.connect() as c:
            assert c.read_line().startswith("* OK")
            _, tagged = c.command("a", f'LOGIN "{user}" "{password}"', timeout=15)
            return tagged.startswith("a OK")
    finally:
        code = server.stop()
        assert not fx.exit_failed(code), f"server exit status {code}:\n{server.log_tail()}"


def test_user_lifecycle(args):
    with tempfile.TemporaryDirectory(prefix="petrel-cli-") as tmp:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        r = cli(args, "user", "add", "alice", "--data-dir", data,
                "--password-file", write(os.path.join(tmp, "pw1"), "secret\n"))
        assert_ok(r, "user add --password-file")
        assert_ok(cli(args, "user", "add", "bob", "--data-dir", data, stdin="hunter2\n"), "user add (stdin)")
        assert sorted(users(args, data)) == ["alice", "bob"], users(args, data)
        assert can_login(args, tmp, "alice", "secret"), "alice cannot log in"
        assert can_login(args, tmp, "bob", "hunter2"), "bob cannot log in with the password from stdin"
        assert not can_login(args, tmp, "bob", "wrong"), "a wrong password was accepted"

        r = cli(args, "user", "passwd", "alice", "--data-dir", data,
                "--password-file", write(os.path.join(tmp, "pw2"), "changed"))
        assert_ok(r, "user passwd")
        assert can_login(args, tmp, "alice", "changed"), "the new password does not work"
        assert not can_login(args, tmp, "alice", "secret"), "the old password still works"
        assert_ok(cli(args, "user", "passwd", "bob", "--data-dir", data, stdin="again\n"), "passwd (stdin)")
        assert can_login(args, tmp, "bob", "again")

        assert_ok(cli(args, "user", "del", "bob", "--data-dir", data), "user del")
        assert users(args, data) == ["alice"], users(args, data)
        assert not can_login(args, tmp, "bob", "again"), "a deleted user can log in"


def test_user_errors(args):
    with tempfile.TemporaryDirectory(prefix="petrel-cli-") as tmp:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        assert_ok(cli(args, "user", "add", "alice", "--data-dir", data, stdin="secret\n"), "add alice")
        cases = [
            ("add an existing user", ["user", "add", "alice", "--data-dir", data], "other\n"),
            ("add the same name in another case", ["user", "add", "ALICE", "--data-dir", data], "other\n"),
            ("del a missing user", ["user", "del", "nobody", "--data-dir", data], None),
            ("passwd a missing user", ["user", "passwd", "nobody", "--data-dir", data], "x\n"),
            ("name with a path", ["user", "add", "../evil", "--data-dir", data], "x\n"),
            ("name with a slash", ["user", "add", "a/b", "--data-dir", data], "x\n"),
            ("name with a space", ["user", "add", "a b", "--data-dir", data], "x\n"),
            ("empty name", ["user", "add", "", "--data-dir", data], "x\n"),
            ("name starting with a dot", ["user", "add", ".hidden", "--data-dir", data], "x\n"),
            ("empty password on stdin", ["user", "add", "carol", "--data-dir", data], "\n"),
            ("no password on stdin", ["user", "add", "carol", "--data-dir", data], ""),
            ("missing password file", ["user", "add", "carol", "--data-dir", data,
                                       "--password-file", os.path.join(tmp, "nope")], None),
            ("add without a name", ["user", "add", "--data-dir", data], None),
            ("unknown user subcommand", ["user", "frobnicate"], None),
            ("unknown subcommand", ["frobnicate"], None),
            ("unknown option", ["user", "list", "--no-such-option"], None),
        ]
        for what, argv, stdin in cases:
            assert_one_line_error(cli(args, *argv, stdin=stdin), what)
        assert users(args, data) == ["alice"], f"a failed command changed the users: {users(args, data)}"


def test_default_data_dir(args):
    """Without --data-dir: the embedded default (./petrel-data) or a one-line error."""
    with tempfile.TemporaryDirectory(prefix="petrel-cli-") as tmp:
        r = cli(args, "user", "add", "carol", stdin="pw\n", cwd=tmp)
        if r.returncode == 0:
            assert "carol" in users(args, os.path.join(tmp, "petrel-data")), \
                "user add without --data-dir succeeded but carol is not in ./petrel-data"
        else:
            assert_one_line_error(r, "user add without --data-dir")


def test_data_dir_from_config(args):
    with tempfile.TemporaryDirectory(prefix="petrel-cli-") as tmp:
        data = os.path.join(tmp, "from-config")
        config = write(os.path.join(tmp, "petrel.toml"), f'data_dir = "{data}"\n')
        assert_ok(cli(args, "user", "add", "dave", "--config", config, stdin="pw\n"), "add with --config")
        assert users(args, data) == ["dave"]


def serve_error(args, tmp, toml_text, what):
    config = write(os.path.join(tmp, "bad.toml"), toml_text)
    r = fx.run_cli(args.petrel, ["serve", "--config", config], timeout=15)
    assert_one_line_error(r, what)


def test_serve_errors(args):
    with tempfile.TemporaryDirectory(prefix="petrel-cli-") as tmp:
        data = os.path.join(tmp, "data")
        assert_one_line_error(fx.run_cli(args.petrel, ["serve", "--config", "/nonexistent/petrel.toml"],
                                         timeout=15), "missing config file")
        serve_error(args, tmp, 'data_dir = \n[imap\n', "invalid TOML")
        serve_error(args, tmp, f'data_dir = "{data}"\nno_such_key = 1\n', "unknown key")
        serve_error(args, tmp, f'data_dir = "{data}"\n[imap]\nlisten = "not-an-address"\n', "bad listen")
        serve_error(args, tmp, f'data_dir = "{data}"\n[limits]\nmax_line = "big"\n', "wrong value type")
        with socket.create_server(("127.0.0.1", 0)) as busy:  # serve may log before failing
            port = busy.getsockname()[1]
            config = write(os.path.join(tmp, "busy.toml"), f'data_dir = "{data}"\n[imap]\n'
                           f'listen = "127.0.0.1:{port}"\nlisten_tls = "127.0.0.1:{fx.free_port()}"\n')
            r = fx.run_cli(args.petrel, ["serve", "--config", config], timeout=15)
            last = r.stderr.strip("\n").splitlines()[-1:] or [""]
            assert r.returncode != 0 and str(port) in last[0], \
                f"port in use: exit {r.returncode}, stderr does not end with the error: {r.stderr!r}"


def test_help(args):
    r = cli(args, "--help")
    assert_ok(r, "--help")
    assert "serve" in r.stdout and "user" in r.stdout, r.stdout


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_user_lifecycle, test_user_errors, test_default_data_dir,
                         test_data_dir_from_config, test_serve_errors, test_help], args)


if __name__ == "__main__":
    raise SystemExit(main())

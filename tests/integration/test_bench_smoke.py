#!/usr/bin/env python3
"""A smoke run of every benchmark scenario (bench/compare.py --quick) against
the binary under test, Petrel only: the load generator and the scenarios keep
working. The figures of a smoke run mean nothing; benchmarks proper are run
by bench/compare.sh, outside `make test`."""
import os
import subprocess
import sys

import petrel_fixture as fx

COMPARE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "compare.py")


def test_every_scenario_runs(petrel):
    r = subprocess.run([sys.executable, COMPARE, "--petrel", petrel, "--quick", "--no-dovecot"],
                       capture_output=True, text=True, timeout=240)
    print(r.stdout[-3000:])
    assert r.returncode == 0, f"compare.py exited {r.returncode}:\n{r.stderr[-3000:]}"
    for row in ("startup", "append", "sync", "mix", "idle", "bulk"):
        assert f"| {row}" in r.stdout, f"no {row} row in the table"
    # The build tree holds the C++ bulk client next to the binary: the bulk
    # figures come from it, not from the Python fallback.
    assert "# bulk client: " in r.stdout, "compare.py did not find imap_bulk next to the binary"
    assert "Python client" not in r.stdout


def main():
    args = fx.parse_args(__doc__)
    return fx.run_tests([test_every_scenario_runs], args.petrel)


if __name__ == "__main__":
    raise SystemExit(main())

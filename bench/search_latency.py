#!/usr/bin/env python3
"""Latency of the search_bench.py queries on an existing Petrel data directory
(no Dovecot): wall time (median of 3 after a warm-up) and the server's CPU time
(from /proc, robust when other work loads the machine). For before/after runs.

    python3 bench/search_latency.py build/release/petrel DATA_DIR ["COMMAND" ...]

DATA_DIR holds user bench (password benchpw), e.g. made with `petrel user add`
and `petrel import maildir`. PROF=1 runs the server under `perf record`.
HOLD_INDEX=1 keeps the server from writing missing full-text entries meanwhile
(for queries that do not read the index, on a store imported without --index)."""
import os, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
import petrel_fixture as fx
from imap_servers import Client
petrel, data = sys.argv[1], os.path.abspath(sys.argv[2])
cmds = sys.argv[3:] or ["SORT (DATE) UTF-8 ALL", "SORT (SUBJECT) UTF-8 ALL", "THREAD REFERENCES UTF-8 ALL",
  "SEARCH TEXT network", 'SEARCH BODY "quarter that"', "SEARCH FROM david", "SEARCH SUBJECT report", "SEARCH UNSEEN SINCE 1-Mar-2023"]
port = fx.free_port()
hold = {"search": {"index_delay_ms": 10**9, "index_max_wait_ms": 10**9}} if os.environ.get("HOLD_INDEX") else {}
cfg = fx.merge(fx.default_config(data, port, fx.free_port(), fx.free_port()), hold)
tmp = tempfile.mkdtemp(prefix="search-latency-")
cfg_path = os.path.join(tmp, "petrel.toml")
open(cfg_path, "w").write(fx.render_toml(cfg))
p = subprocess.Popen((["perf", "record", "-g", "-o", "perf.data", "--"] if os.environ.get("PROF") else []) + [petrel, "serve", "--config", cfg_path], stdout=open(os.path.join(tmp, "server.log"), "ab"), stderr=subprocess.STDOUT)
try:
  for _ in range(100):
    try: c = Client(port); break
    except OSError: time.sleep(0.1)
  c.login(); c.command("SELECT INBOX")
  def cpu():
    f=open(f"/proc/{p.pid}/stat").read().rsplit(")",1)[1].split()
    return (int(f[11])+int(f[12]))*1000/os.sysconf("SC_CLK_TCK")
  for cmd in cmds:
    c.command(cmd); ts=[]; cs=[]
    for _ in range(3):
      c0=cpu(); t=time.perf_counter(); u,tg=c.command(cmd); ts.append((time.perf_counter()-t)*1000); cs.append(cpu()-c0)
    print(f"{statistics.median(ts):8.1f} ms wall {statistics.median(cs):6.0f} ms cpu  {cmd}  {tg[:40]} {len(u[0]) if u else 0}", flush=True)
  c.close()
finally:
  p.terminate(); p.wait()

"""The benchmark scenarios of issue 7: append, sync, mix, idle, bulk. Each
takes a started server (bench/servers.py) and returns a dict of figures; the
server's CPU seconds and PSS are read from its whole process tree."""
import asyncio
import multiprocessing
import random
import re
import time

import bulk_client
import servers
from imap_client import Client, ImapError, Timer, percentile

PASSWORD = "benchpass"


async def _login(server, user, tls=False):
    port = server.tls_port if tls else server.port
    c = await Client.connect("127.0.0.1", port, tls=tls)
    await c.login(user, PASSWORD)
    return c


async def _append_stream(server, user, mailbox, messages, conns):
    """APPENDs `messages` over `conns` connections; returns seconds taken."""
    clients = [await _login(server, user) for _ in range(conns)]
    queue = list(reversed(messages))

    async def worker(c):
        while queue:
            data = queue.pop()
            await c.ok(f'APPEND "{mailbox}"', literal=data)

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in clients))
    elapsed = time.perf_counter() - start
    for c in clients:
        await c.logout()
    return elapsed


async def _create(server, user, mailbox):
    c = await _login(server, user)
    status, _, _ = await c.command(f'CREATE "{mailbox}"')
    await c.logout()
    return status


def load_by_append(server, user, mailbox, messages, conns=10):
    asyncio.run(_create(server, user, mailbox))
    return asyncio.run(_append_stream(server, user, mailbox, messages, conns))


# ------------------------------------------------------------ append

def append(server, user, messages, conns, step=10000):
    """Rate (messages/s) overall and per `step` messages as the mailbox grows."""
    mailbox = f"append{conns}"
    asyncio.run(_create(server, user, mailbox))
    cpu0 = servers.tree_cpu_seconds(server.root_pid)
    rates = []
    total = 0.0
    for i in range(0, len(messages), step):
        chunk = messages[i:i + step]
        seconds = asyncio.run(_append_stream(server, user, mailbox, chunk, conns))
        rates.append(len(chunk) / seconds)
        total += seconds
    cpu = servers.tree_cpu_seconds(server.root_pid) - cpu0
    return {"rate": len(messages) / total, "rates": rates, "cpu_ms_per_op": 1000 * cpu / len(messages)}


# ------------------------------------------------------------ sync

SYNC_FETCH = "UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)"


async def _sync_once(server, user, mailbox):
    c = await _login(server, user)
    await c.ok(f'SELECT "{mailbox}"')
    count = 0

    def on_untagged(line):
        nonlocal count
        if b" FETCH (" in line[:40]:
            count += 1

    start = time.perf_counter()
    await c.ok(SYNC_FETCH, on_untagged=on_untagged)
    elapsed = time.perf_counter() - start
    await c.logout()
    return elapsed, count


def _sync_once_with(client, server, user, mailbox):
    """_sync_once through the C++ client (bench/bulk): the Python one spent
    more CPU reading 100,000 responses than Petrel spent writing them."""
    r = bulk_client.run_command(client, server.port, user, PASSWORD, mailbox, SYNC_FETCH)
    return r["seconds"], r["untagged"]


def sync(server, user, mailbox, expected, restart, drop_cache=True, client=None):
    """Cold (restarted, page cache dropped when allowed) then warm full sync;
    timed by `client` (imap_bulk) when given, else by the Python client."""
    restart()
    dropped = drop_cache and servers.drop_page_cache()

    def once():
        if client:
            return _sync_once_with(client, server, user, mailbox)
        return asyncio.run(_sync_once(server, user, mailbox))

    cold, n_cold = once()
    warm, n_warm = once()
    if n_cold != expected or n_warm != expected:
        raise ImapError(f"{server.name} sync saw {n_cold}/{n_warm} messages, expected {expected}")
    return {"cold": cold, "warm": warm, "cache_dropped": dropped}


# ------------------------------------------------------------ mix

HEADER_FETCH = "BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID)]"


async def _mix_client(server, user, deadline, new_message, rng, timer):
    ops = 0
    while time.monotonic() < deadline:
        c = await timer.time("login", _login(server, user))
        exists = await timer.time("select", c.select("INBOX"))
        uids = []

        def collect(line):
            m = re.search(rb"UID (\d+)", line)
            if m:
                uids.append(int(m.group(1)))

        lo = max(1, exists - 49)
        await timer.time("fetch_flags", c.ok(f"FETCH {lo}:* (UID FLAGS)", on_untagged=collect))
        ops += 3
        if uids:
            picks = ",".join(str(rng.choice(uids)) for _ in range(10))
            await timer.time("fetch_headers", c.ok(f"UID FETCH {picks} (UID {HEADER_FETCH})"))
            picks = ",".join(str(rng.choice(uids)) for _ in range(2))
            await timer.time("fetch_body", c.ok(f"UID FETCH {picks} (UID BODY.PEEK[])"))
            await timer.time("store", c.ok(f"UID STORE {rng.choice(uids)} +FLAGS (\\Seen)"))
            ops += 3
        status, _, _ = await timer.time("search", c.command("UID SEARCH UNSEEN"))
        if status == b"OK":
            ops += 1
        await timer.time("append", c.ok("APPEND INBOX", literal=new_message))
        ops += 1
        # Each client has its own user, so the newest UID is the message just appended.
        tagged_uid = None
        status, untagged, _ = await c.command("UID FETCH * (UID)")
        for line in untagged:
            m = re.search(rb"UID (\d+)", line)
            if m:
                tagged_uid = int(m.group(1))
        if tagged_uid is not None:
            await timer.time("store", c.ok(f"UID STORE {tagged_uid} +FLAGS.SILENT (\\Deleted)"))
            await timer.time("expunge", c.ok(f"UID EXPUNGE {tagged_uid}"))
            ops += 2
        await timer.time("logout", c.logout())
        ops += 1
    return ops


def mix(server, users, seconds, new_message, seed=7):
    """Each client (one per user) loops a mail client's session for `seconds`."""
    timer = Timer()

    async def run():
        deadline = time.monotonic() + seconds
        rng = random.Random(seed)
        tasks = [_mix_client(server, u, deadline, new_message, random.Random(rng.random()), timer) for u in users]
        return await asyncio.gather(*tasks)

    cpu0 = servers.tree_cpu_seconds(server.root_pid)
    start = time.perf_counter()
    ops = sum(asyncio.run(run()))
    elapsed = time.perf_counter() - start
    cpu = servers.tree_cpu_seconds(server.root_pid) - cpu0
    lat = timer.all()
    return {"ops_per_s": ops / elapsed, "cpu_ms_per_op": 1000 * cpu / max(ops, 1),
            "p50_ms": 1000 * percentile(lat, 50), "p99_ms": 1000 * percentile(lat, 99), "ops": ops}


# ------------------------------------------------------------ idle

async def _idle_worker(port, tls_port, names, ready, go, result_pipe, timeout):
    class S:
        pass

    srv = S()
    srv.port, srv.tls_port = port, tls_port
    clients = []
    for user in names:
        c = await _login(srv, user)
        await c.select("INBOX")
        c.writer.write(b"i IDLE\r\n")
        await c.writer.drain()
        cont = await c.read_response()
        if not cont.startswith(b"+"):
            raise ImapError(f"IDLE refused: {cont!r}")
        clients.append(c)
    ready.send(len(clients))
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, go.recv)
    seen = []

    async def wait_exists(c):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = await asyncio.wait_for(c.read_response(), end - time.monotonic())
            except asyncio.TimeoutError:
                break
            if line.endswith(b"EXISTS\r\n"):
                return time.time()
        return None

    seen = await asyncio.gather(*(wait_exists(c) for c in clients))
    result_pipe.send(seen)
    for c in clients:
        await c.close()


def _idle_process(port, tls_port, names, ready, go, result_pipe, timeout):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(_idle_worker(port, tls_port, names, ready, go, result_pipe, timeout))


def idle(server, users, per_user, new_message, per_process=8000, timeout=30):
    """len(users) * per_user IDLE connections; memory per connection, then one
    new message per user and the time until every connection saw EXISTS."""
    names = [u for u in users for _ in range(per_user)]
    base_pss = servers.tree_pss_kb(server.root_pid)
    procs, readies, gos, results = [], [], [], []
    for i in range(0, len(names), per_process):
        r_parent, r_child = multiprocessing.Pipe(False)
        g_parent, g_child = multiprocessing.Pipe(False)
        res_parent, res_child = multiprocessing.Pipe(False)
        p = multiprocessing.Process(target=_idle_process, args=(server.port, server.tls_port, names[i:i + per_process],
                                                                 r_child, g_parent, res_child, timeout))
        p.start()
        procs.append(p)
        readies.append(r_parent)
        gos.append(g_child)
        results.append(res_parent)
    connected = sum(r.recv() for r in readies)
    time.sleep(1)
    pss = servers.tree_pss_kb(server.root_pid)
    for g in gos:
        g.send(True)
    delivered = []

    # One deliverer per user, logged in before the clock starts, all
    # APPENDing at once (as an MTA delivers over parallel LMTP connections):
    # what is timed is the mail's way to the IDLE connections, not a queue
    # of logins in front of it.
    async def deliver():
        senders = [await _login(server, u) for u in users]
        start = time.time()

        async def one(c):
            await c.ok("APPEND INBOX", literal=new_message)
            delivered.append(time.time())

        await asyncio.gather(*(one(c) for c in senders))
        for c in senders:
            await c.logout()
        return start

    t0 = asyncio.run(deliver())
    seen = [t for r in results for t in r.recv()]
    for p in procs:
        p.join(timeout=60)
    missing = sum(1 for t in seen if t is None)
    worst = max((t - t0 for t in seen if t is not None), default=float("nan"))
    return {"connections": connected, "pss_kb_per_conn": (pss - base_pss) / max(connected, 1),
            "pss_mb": pss / 1024, "all_seen_s": worst if missing == 0 else float("inf"), "missing": missing,
            "delivered_s": max(delivered) - t0 if delivered else float("nan")}


# ------------------------------------------------------------ bulk

def big_message(megabytes=20):
    line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/0123456789abcd\r\n"
    body = line * (megabytes * 1024 * 1024 // len(line))
    head = (b"From: bulk@example.com\r\nTo: bench@example.com\r\nSubject: bulk\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n")
    return head + body


def bulk(server, user, rounds=5, megabytes=20, client=None):
    """MB/s of FETCH BODY[] of one big message, plain and over implicit TLS.
    The message is APPENDed here (Python); the download is timed by `client`,
    the C++ imap_bulk (bulk_client.py). Without it the Python client runs,
    which measures mostly itself."""
    data = big_message(megabytes)

    async def setup():
        c = await _login(server, user)
        await c.ok('CREATE "bulk"')
        await c.ok('APPEND "bulk"', literal=data)
        await c.logout()

    asyncio.run(setup())
    if client is None:
        return {"plain_mb_s": asyncio.run(_bulk_python(server, user, rounds, len(data), False)),
                "tls_mb_s": asyncio.run(_bulk_python(server, user, rounds, len(data), True))}
    out = {}
    for key, tls in (("plain_mb_s", False), ("tls_mb_s", True)):
        port = server.tls_port if tls else server.port
        figures = bulk_client.run(client, port, user, PASSWORD, "bulk", rounds, len(data), tls=tls)
        out[key] = figures["mb_s"]
    return out


async def _bulk_python(server, user, rounds, size, tls):
    c = await _login(server, user, tls=tls)
    await c.ok('SELECT "bulk"')
    start = time.perf_counter()
    c.bytes_in = 0
    for _ in range(rounds):
        await c.ok("FETCH 1 (BODY.PEEK[])")
    elapsed = time.perf_counter() - start
    got = c.bytes_in
    await c.logout()
    if got < rounds * size:
        raise ImapError(f"bulk fetched {got} bytes, expected at least {rounds * size}")
    return got / elapsed / 1e6

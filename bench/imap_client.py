"""A small asyncio IMAP client for the load generator: enough of the protocol
to send commands (with LITERAL+ or synchronizing literals), read untagged
responses with their literals, and time each command. Not a general client:
it trusts the server's syntax and keeps no mailbox state of its own."""
import asyncio
import re
import ssl
import time

LITERAL_AT_END = re.compile(rb"\{(\d+)\+?\}\r\n$")


class ImapError(Exception):
    pass


class Client:
    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.tag_counter = 0
        self.capabilities = set()
        self.bytes_in = 0

    @classmethod
    async def connect(cls, host, port, tls=False, timeout=60):
        ctx = None
        if tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=ctx, limit=1 << 22), timeout)
        client = cls(reader, writer)
        greeting = await client.read_response()
        if not greeting.startswith(b"* OK"):
            raise ImapError(f"greeting: {greeting[:200]!r}")
        return client

    async def read_response(self):
        """One response line with every literal it carries folded in."""
        parts = []
        while True:
            line = await self.reader.readuntil(b"\r\n")
            self.bytes_in += len(line)
            parts.append(line)
            m = LITERAL_AT_END.search(line)
            if not m:
                return b"".join(parts)
            n = int(m.group(1))
            data = await self.reader.readexactly(n)
            self.bytes_in += n
            parts.append(data)

    def next_tag(self):
        self.tag_counter += 1
        return f"t{self.tag_counter}".encode()

    async def command(self, text, literal=None, on_untagged=None):
        """Sends `text` (str or bytes; a literal appended as {n+} when given)
        and returns (status, untagged responses, tagged line)."""
        tag = self.next_tag()
        if isinstance(text, str):
            text = text.encode()
        if literal is None:
            self.writer.write(tag + b" " + text + b"\r\n")
        elif b"LITERAL+" in self.capabilities:
            self.writer.write(tag + b" " + text + b" {%d+}\r\n" % len(literal))
            self.writer.write(literal + b"\r\n")
        else:
            self.writer.write(tag + b" " + text + b" {%d}\r\n" % len(literal))
            await self.writer.drain()
            cont = await self.read_response()
            if not cont.startswith(b"+"):
                raise ImapError(f"no continuation: {cont[:200]!r}")
            self.writer.write(literal + b"\r\n")
        await self.writer.drain()
        untagged = []
        while True:
            resp = await self.read_response()
            if resp.startswith(tag + b" "):
                status = resp[len(tag) + 1:].split(b" ", 1)[0]
                return status, untagged, resp
            if on_untagged is not None:
                on_untagged(resp)
            else:
                untagged.append(resp)

    async def ok(self, text, literal=None, on_untagged=None):
        status, untagged, tagged = await self.command(text, literal, on_untagged)
        if status != b"OK":
            raise ImapError(f"{text[:80]!r}: {tagged[:300]!r}")
        return untagged

    async def login(self, user, password):
        untagged = await self.ok(f'LOGIN "{user}" "{password}"')
        caps = await self.ok("CAPABILITY")
        for line in caps:
            if line.startswith(b"* CAPABILITY"):
                self.capabilities = set(line.split()[2:])
        return untagged

    async def select(self, mailbox="INBOX"):
        untagged = await self.ok(f'SELECT "{mailbox}"')
        exists = 0
        for line in untagged:
            m = re.match(rb"\* (\d+) EXISTS", line)
            if m:
                exists = int(m.group(1))
        return exists

    async def close(self):
        try:
            self.writer.close()
            await self.writer.wait_closed()
        except (ConnectionError, ssl.SSLError):
            pass

    async def logout(self):
        try:
            await self.command("LOGOUT")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        await self.close()


class Timer:
    """Latencies by operation name, in seconds."""

    def __init__(self):
        self.samples = {}

    def record(self, name, seconds):
        self.samples.setdefault(name, []).append(seconds)

    async def time(self, name, awaitable):
        start = time.perf_counter()
        result = await awaitable
        self.record(name, time.perf_counter() - start)
        return result

    def merge(self, other):
        for name, values in other.samples.items():
            self.samples.setdefault(name, []).extend(values)

    def all(self):
        return sorted(v for values in self.samples.values() for v in values)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * (len(sorted_values) - 1)))))
    return sorted_values[k]

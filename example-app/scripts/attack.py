#!/usr/bin/env python3
"""Bounded, loopback-only attacks on the example app, for the security measurements.

Each run starts its own server (example-app/windsurf serve on a free port, over a fresh SQLite file in a temporary
directory), attacks it, prints the figures and stops it. Nothing runs longer than its limits; nothing leaves 127.0.0.1.

  python3 example-app/scripts/attack.py signups [--count 400]
      N concurrent sign-ups (half of them duplicates): status counts, latency, peak RSS of the server.
  python3 example-app/scripts/attack.py slow [--count 5000] [--seconds 30]
      N connections that trickle header bytes: open descriptors of the server and /health latency meanwhile.
  python3 example-app/scripts/attack.py fuzz [--count 20000] [--seed 1]
      N mutated requests (bodies, methods, paths, headers, raw bytes): status counts; fails on any 5xx or ERROR log.

WINDSURF_JAVA_OPTS is passed to the launcher unchanged (unset: the launcher's default heap).
"""
import argparse
import asyncio
import json
import os
import random
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(os.path.dirname(HERE), "windsurf")


class Server:
    """The app under attack, in its own process group; its log goes to a file."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="windsurf-attack-")
        self.port = free_port()
        self.log_path = os.path.join(self.dir, "server.log")
        env = dict(os.environ)
        env["DATABASE_URL"] = "sqlite:///" + os.path.join(self.dir, "attack.db")
        env.pop("WINDSURF_ADMIN_TOKEN", None)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([LAUNCHER, "serve", "--port", str(self.port)], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            if "Listening on" in open(self.log_path).read():
                return
            if self.process.poll() is not None:
                raise SystemExit("the server did not start:\n" + open(self.log_path).read()[-3000:])
            time.sleep(0.2)
        self.stop()
        raise SystemExit("the server did not start within 120 s")

    def java_pid(self):
        # The launcher execs java, so the child is the JVM itself.
        return self.process.pid

    def rss_kib(self):
        with open("/proc/%d/status" % self.java_pid()) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def open_fds(self):
        return len(os.listdir("/proc/%d/fd" % self.java_pid()))

    def log_lines(self, level):
        return [line for line in open(self.log_path, errors="replace") if (" %s " % level) in line[:40]]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, raw, timeout=15.0, half_close=False):
    """Sends raw bytes, returns (status or None, seconds, body). Reads one response with a Content-Length."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(raw)
            if half_close:
                s.shutdown(socket.SHUT_WR)  # what was sent is all there is: a short body ends here
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                head, sep, body = data.partition(b"\r\n\r\n")
                if sep:
                    length = None
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value.strip())
                    if length is not None and len(body) >= length:
                        break
            elapsed = time.monotonic() - started
            if not data.startswith(b"HTTP/1."):
                return None, elapsed, data
            return int(data[9:12]), elapsed, data.partition(b"\r\n\r\n")[2]
    except OSError:
        return None, time.monotonic() - started, b""


def post_json(port, path, body, extra=""):
    payload = body.encode() if isinstance(body, str) else body
    return (("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
             "Connection: close\r\n%s\r\n" % (path, port, len(payload), extra)).encode() + payload)


async def one_signup(port, i, started):
    name = "user%d" % (i // 2)  # every name twice: half the sign-ups are duplicates
    raw = post_json(port, "/users", json.dumps({"username": name, "email": name + "@example.com",
                                                "password": "correct horse battery %d" % i}))
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
        writer.write(raw)
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 30)  # Connection: close: the answer ends at EOF
        writer.close()
        status = int(data[9:12]) if data.startswith(b"HTTP/1.") else None
    except (OSError, asyncio.TimeoutError):
        status = None
    return status, time.monotonic() - started, b""


async def burst(port, count):
    """All sign-ups at once from one thread: the client costs little CPU, so the figures are the server's."""
    await asyncio.sleep(0)
    started = time.monotonic()
    return await asyncio.gather(*(one_signup(port, i, started) for i in range(count)))


def signups(args):
    server = Server()
    try:
        # Warm up first (class loading, JIT, the validator's bootstrap): the burst measures a running service.
        for i in range(20):
            request(server.port, post_json(server.port, "/users", json.dumps(
                {"username": "warm%d" % i, "email": "warm%d@example.com" % i, "password": "correct horse battery"})))
        baseline = server.rss_kib()
        peak = [baseline]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], server.rss_kib())
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        results = asyncio.run(burst(server.port, args.count))
        time.sleep(1)
        stop.set()
        sampler.join()
        statuses = Counter(r[0] for r in results)
        latencies = sorted(r[1] for r in results)
        report = {
            "requests": args.count,
            "statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
            "latency_s": {"p50": round(statistics.median(latencies), 3),
                          "p95": round(latencies[int(len(latencies) * 0.95) - 1], 3),
                          "max": round(latencies[-1], 3)},
            "rss_mib": {"before": round(baseline / 1024), "peak": round(peak[0] / 1024),
                        "after": round(server.rss_kib() / 1024)},
            "within_10s": sum(1 for r in results if r[0] in (201, 409, 503) and r[1] <= 10),
            "error_log_lines": len(server.log_lines("ERROR")),
        }
        print(json.dumps(report, indent=2))
        return 0 if report["within_10s"] == args.count and report["rss_mib"]["peak"] <= 512 else 1
    finally:
        server.stop()


def slow(args):
    server = Server()
    try:
        before = server.open_fds()
        selector = selectors.DefaultSelector()
        sockets = []
        for i in range(args.count):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", server.port))
            sockets.append(s)
        time.sleep(0.5)
        for s in sockets:
            try:
                s.send(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            except OSError:
                pass
        probes = []
        fds = []
        started = time.monotonic()
        line = 0
        while time.monotonic() - started < args.seconds:
            line += 1
            for s in sockets:
                try:
                    s.send(b"X-%d: y\r\n" % line)  # a header line every round: never complete, never idle
                except OSError:
                    pass
            status, elapsed, _ = request(server.port, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                      b"Connection: close\r\n\r\n", timeout=10)
            probes.append((status, elapsed))
            fds.append(server.open_fds())
            time.sleep(max(0.0, 1.0 - elapsed))
        for s in sockets:
            s.close()
        selector.close()
        ok = [p[1] for p in probes if p[0] == 200]
        report = {
            "slow_connections": args.count,
            "seconds": args.seconds,
            "server_fds": {"before": before, "max": max(fds), "last": fds[-1]},
            "health_probes": len(probes),
            "health_200": len(ok),
            "health_latency_ms": {"p50": round(statistics.median(ok) * 1000, 1) if ok else None,
                                  "max": round(max(ok) * 1000, 1) if ok else None},
            "error_log_lines": len(server.log_lines("ERROR")),
        }
        print(json.dumps(report, indent=2))
        return 0 if len(ok) == len(probes) else 1
    finally:
        server.stop()


def mutate(rng, text):
    data = bytearray(text.encode())
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        at = rng.randrange(len(data) + 1)
        if op < 0.3 and data:
            del data[min(at, len(data) - 1)]
        elif op < 0.6:
            data[at:at] = rng.choice([b"\x00", b"\\u0000", b"\xff", b"\"", b"{", b"}", b"[", b",", b"9" * 30,
                                      b"\xe2\x80\xa8", b"-1", b"null", b"true", b"\r\n", b"${x}", b"'; DROP TABLE x;--"])
        elif data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
    return bytes(data)


def fuzz(args):
    rng = random.Random(args.seed)
    server = Server()
    try:
        port = server.port
        created = []
        status, _, body = request(port, post_json(port, "/users", json.dumps(
            {"username": "seed", "email": "seed@example.com", "password": "correct horse battery"})))
        if status == 201:
            created.append(json.loads(body)["id"])
        bodies = [json.dumps({"username": "fuzz", "email": "f@example.com", "password": "correct horse battery"}),
                  json.dumps({"name": "Acme"}), json.dumps({"ownerId": created[0] if created else "x", "name": "P"}),
                  json.dumps({"email": "x@example.com"}), json.dumps({"userId": "x"}),
                  json.dumps({"description": None, "name": "n"})]
        paths = ["/users", "/users/%s" % (created[0] if created else "x"), "/organizations", "/projects",
                 "/users?limit=5", "/users?limit=%D9%A1", "/users?cursor=abc", "/organizations/x/members",
                 "/health", "/ready", "/admin/read-only", "/users/../../etc/passwd", "/%00", "/users/%0d%0a"]
        methods = ["GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD", "TRACE", "CONNECT", "FOO"]
        statuses = Counter()
        server_errors = []
        for i in range(args.count):
            kind = rng.random()
            method = rng.choice(methods)
            path = rng.choice(paths)
            body = mutate(rng, rng.choice(bodies)) if rng.random() < 0.8 else rng.choice(bodies).encode()
            headers = ["Host: 127.0.0.1:%d" % port, "Connection: close"]
            if rng.random() < 0.9:
                headers.append("Content-Type: " + rng.choice(["application/json", "application/json; charset=utf-8",
                                                              "text/plain", "application/x-www-form-urlencoded",
                                                              "application/json; charset=latin1", ""]))
            if rng.random() < 0.1:
                headers.append("X-HTTP-Method-Override: DELETE")
            if rng.random() < 0.1:
                headers[0] = "Host: " + rng.choice(["evil.example", "localhost", "", "127.0.0.1:1", "[::1]"])
            if kind < 0.15:
                raw = ("%s %s HTTP/1.1\r\n%s\r\nTransfer-Encoding: chunked\r\n\r\n" % (
                    method, path, "\r\n".join(headers))).encode()
                raw += rng.choice([b"zz\r\n{}\r\n0\r\n\r\n", b"5\r\n{\"a\"", b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
                                   b"ffffffffffffffff\r\n{}", b"2;ext=1\r\n{}\r\n0\r\n\r\n"])
            elif kind < 0.25:
                raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
            elif kind < 0.35:
                line = rng.choice(["GET / HTTP/7.1", "GET /" + "a" * rng.choice([100, 9000, 70000]) + " HTTP/1.1",
                                   "GET /health HTTP/1.1\r\nX-Big: " + "b" * rng.choice([100, 9000, 20000]),
                                   "PATCH /users HTTP/1.1", "DELETE /health HTTP/1.1", "GET  /health HTTP/1.1",
                                   "GET /health HTTP/1.1\r\nContent-Length: -1", "GET /health HTTP/1.1\r\n"
                                   "Content-Length: 1\r\nContent-Length: 2"])
                raw = ("%s\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % line).encode()
            else:
                length = len(body)
                if rng.random() < 0.1:
                    length += rng.randint(1, 50)  # a body cut short
                raw = ("%s %s HTTP/1.1\r\n%s\r\nContent-Length: %d\r\n\r\n" % (
                    method, path, "\r\n".join(headers), length)).encode() + body
            status, _, _ = request(port, raw, timeout=5, half_close=True)
            statuses[status] += 1
            if status is not None and status >= 500:
                server_errors.append(raw[:200])
        errors = server.log_lines("ERROR")
        report = {"requests": args.count, "seed": args.seed,
                  "statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
                  "5xx": len(server_errors), "error_log_lines": len(errors),
                  "first_5xx": [r.decode("latin1") for r in server_errors[:3]], "first_errors": errors[:3]}
        print(json.dumps(report, indent=2))
        return 0 if not server_errors and not errors else 1
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="attack", required=True)
    p = sub.add_parser("signups")
    p.add_argument("--count", type=int, default=400)
    p = sub.add_parser("slow")
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seconds", type=int, default=30)
    p = sub.add_parser("fuzz")
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.count < 1 or args.count > 20000 or getattr(args, "seconds", 1) > 300:
        raise SystemExit("--count must be 1..20000 and --seconds at most 300")
    return {"signups": signups, "slow": slow, "fuzz": fuzz}[args.attack](args)


if __name__ == "__main__":
    sys.exit(main())

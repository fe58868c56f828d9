"""Measuring a server under load: wrk for single pages, a small HTTP client for round trips
(several requests with cookies and forms), and the server's CPU from /proc. Used by
bench/site_under_load.py; nothing here knows which site it measures."""

import http.client
import re
import statistics
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = 100  # os.sysconf("SC_CLK_TCK") on Linux


def process_tree(pid: int) -> list[int]:
    """The process and its children (gunicorn's master and its workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(int(child) for child in children)]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by these processes (fields 14 and 15 of stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


@dataclass
class Figures:
    name: str
    requests: int  # requests, or round trips
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_seconds: float
    requests_per_round: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / max(1, self.requests)


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(name: str, url: str, server_pid: int, *, seconds: int, connections: int = 10) -> Figures:
    """One page, requested by wrk with `connections` connections for `seconds`."""
    pids = process_tree(server_pid)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout=30s", "--latency", url]
    before = cpu_seconds(pids)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    used = cpu_seconds(pids) - before
    total = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", output).group(1))
    duration = milliseconds("".join(re.search(r"requests in ([\d.]+)(\w+),", output).groups()))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: (.*)", output)
    figures = Figures(
        name,
        total,
        duration / 1000,
        milliseconds(latency["50"]),
        milliseconds(latency["99"]),
        int(errors.group(1)) if errors else 0,
        used,
    )
    if sockets:
        figures.notes.append(f"{name}: socket errors {sockets.group(1)}")
    return figures


class Browser:
    """One visitor: a keep-alive connection, its cookies, redirects followed by hand."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None):
        """`headers`: sent with every request (an X-Forwarded-For of its own, say)."""
        address = urllib.parse.urlsplit(base_url)
        self.headers = headers or {}
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.requests = 0

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, final path, body), following redirects within the site."""
        while True:
            cookies = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            headers = {**self.headers, "Cookie": cookies}
            body = None
            if data is not None:
                body = urllib.parse.urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
            self.requests += 1
            for header in response.headers.get_all("Set-Cookie") or []:
                name, value = header.split(";", 1)[0].split("=", 1)
                self.cookies[name.strip()] = value
            if response.status not in (301, 302, 303):
                return response.status, path, text
            location = urllib.parse.urlsplit(response.headers["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
            method, data = "GET", None

    def close(self) -> None:
        self.connection.close()


def form_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def round_trips(
    name: str, base_url: str, server_pid: int, one_round, *, seconds: int, connections: int = 10
) -> Figures:
    """`connections` visitors at once, each doing `one_round(browser, n)` (a new visitor each
    time) again and again for `seconds`. `one_round` returns True when it ended as it should."""
    pids = process_tree(server_pid)
    lock = threading.Lock()
    times, failures, requests, counter = [], [0], [0], iter(range(10**9))
    deadline = time.monotonic() + seconds

    def visitor():
        while time.monotonic() < deadline:
            browser = Browser(base_url)
            with lock:
                n = next(counter)
            started = time.perf_counter()
            try:
                ok = one_round(browser, n)
            except Exception:
                ok = False
            elapsed = time.perf_counter() - started
            browser.close()
            with lock:
                times.append(elapsed * 1000)
                failures[0] += not ok
                requests[0] += browser.requests

    before, started = cpu_seconds(pids), time.monotonic()
    threads = [threading.Thread(target=visitor) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration, used = time.monotonic() - started, cpu_seconds(pids) - before
    quantiles = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return Figures(
        name,
        len(times),
        duration,
        statistics.median(times),
        quantiles[98],
        failures[0],
        used,
        requests_per_round=round(requests[0] / max(1, len(times))),
    )

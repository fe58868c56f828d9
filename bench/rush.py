"""Benchmark (not a test): the rush when registration opens.

500 visitors (--visitors), each signing up for 5 sessions, all arriving within 2 s (--arrival):
each one gets the registration form (for its CSRF token), posts it, and follows the redirect to
the received page. The site runs as in production: gunicorn (gunicorn.conf.py: one sync worker
per core, two at least; --workers and --threads try others), production settings, a fresh
PostgreSQL database holding the committed programme (reached through the local socket, as
deployed), behind a proxy that gives each visitor's address in X-Forwarded-For (so the posting
limit counts each visitor, as deployed). Every other session has room for half the people who
choose it and fills; the others have room for everyone.

Prints: the wall time (first arrival to last answer), the latency of a visitor's round (form,
post, received page) and of the post alone (p50/p90/p99), the places given (confirmed, waiting),
the app's CPU per visitor (gunicorn's workers, from /proc before and after) and PostgreSQL's (the
backends serving the site's database), the load generator's own (this script's visitors, on the
same cores) and the whole machine's busy time, the load average before and after (the machine is
shared), how many backends wait for a row lock and on which table (sampled), and the checks of
places as PASS/FAIL: every session within its capacity, counters equal to rows, nobody waiting
beside a place they could take, every visitor answered. Last, the CPU and SQL statements of one
sign-up in process (bench/one_signup.py).

Usage: .venv/bin/python bench/rush.py [--visitors 500] [--arrival 2] [--sessions-each 5]
       [--workers N] [--threads N] [--postgres URL]
  --postgres: a server where databases can be made; by default this machine's, through its
  local socket (postgres://postgres@%2Fvar%2Frun%2Fpostgresql), as deployed; for TCP, give
  postgres://postgres@127.0.0.1:5432.
Takes about a minute.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.django_site import configure_django  # noqa: E402
from bench.load import Browser, cpu_seconds, form_token, process_tree  # noqa: E402
from bench.postgres_load import LockWaits, backend_cpu, backends  # noqa: E402
from bench.site_under_load import (  # noqa: E402
    REGISTER,
    free_port,
    fresh_database,
    machine,
    server,
    site_environment,
)

DATABASE = "kiss_rush"


def prepare_site(database_url: str, var_dir: str) -> list[int]:
    """The programme loaded, static files collected, capacities set; returns the sessions open
    for sign-up."""
    configure_django(var_dir, DATABASE_URL=database_url)
    from django.core.management import call_command

    from programme.models import Session

    call_command("migrate", verbosity=0)
    call_command("load_programme", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return list(
        Session.objects.filter(is_open_for_signup=True).order_by("pk").values_list("pk", flat=True)
    )


def choices(visitors: int, sessions: list[int], each: int) -> list[list[int]]:
    """Each visitor's sessions, drawn at random (the same draw every run)."""
    draw = random.Random(2018)
    return [sorted(draw.sample(sessions, each)) for _ in range(visitors)]


def set_capacities(chosen: list[list[int]]) -> None:
    """Every other session gets room for half the people who choose it (it fills, and people
    wait), the others room for everyone; the places kept for the delegation stay as loaded."""
    from programme.models import Session

    demand = {}
    for sessions in chosen:
        for pk in sessions:
            demand[pk] = demand.get(pk, 0) + 1
    for n, session in enumerate(Session.objects.filter(pk__in=demand).order_by("pk")):
        wanted = demand[session.pk]
        local_places = wanted // 2 if n % 2 == 0 else wanted + 10
        Session.objects.filter(pk=session.pk).update(
            capacity=local_places + session.reserved_places, capacity_is_provisional=False
        )


def site_env(database_url: str, var_dir: str, port: int, workers: str, threads: str) -> dict:
    environment = site_environment(database_url, var_dir, port)
    environment.pop("KISS_RATE_LIMIT")  # the limit as deployed: each visitor has its address
    # gunicorn.conf.py's workers and threads, unless asked otherwise (--workers, --threads)
    environment.pop("GUNICORN_WORKERS", None)
    environment.pop("GUNICORN_THREADS", None)
    asked = {"GUNICORN_WORKERS": workers, "GUNICORN_THREADS": threads}
    return {
        **environment,
        **{name: value for name, value in asked.items() if value},
        "KISS_BEHIND_PROXY": "true",
        "KISS_TRUSTED_PROXIES": "127.0.0.1",
    }


def gunicorn_workers(environment: dict) -> tuple[int, int]:
    """The workers and threads gunicorn.conf.py gives in this environment."""
    import multiprocessing

    workers = environment.get("GUNICORN_WORKERS") or max(2, multiprocessing.cpu_count())
    return int(workers), int(environment.get("GUNICORN_THREADS") or 1)


def visitor_address(n: int) -> str:
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def form_data(n: int, sessions: list[int], page: str) -> dict:
    return {
        "first_name": "Camille",
        "last_name": f"Rush{n}",
        "email": f"rush{n}@example.org",
        "country": "FR",
        "sessions": sessions,
        "join_waiting_list": "on",
        "consent": "on",
        "csrfmiddlewaretoken": form_token(page),
    }


def warm_up(base: str, workers: int) -> None:
    """Every worker renders the form and answers a post (refused: no consent) before the rush."""

    def visit(n: int):
        browser = Browser(base, {"X-Forwarded-For": f"192.0.2.{n}"})
        _, _, page = browser.request("GET", REGISTER)
        data = {"csrfmiddlewaretoken": form_token(page), "first_name": "Warm"}
        browser.request("POST", REGISTER, data)
        browser.close()

    threads = [threading.Thread(target=visit, args=(n,)) for n in range(4 * workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def rush(base: str, chosen: list[list[int]], arrival: float) -> dict:
    """Each visitor starts at its moment within `arrival` seconds; returns their timings."""
    rounds, posts, failures = [], [], []
    lock = threading.Lock()
    start = time.monotonic() + 0.5
    spacing = arrival / max(1, len(chosen) - 1)

    def visitor(n: int):
        time.sleep(max(0.0, start + n * spacing - time.monotonic()))
        began = time.monotonic()
        browser = Browser(base, {"X-Forwarded-For": visitor_address(n)})
        try:
            _, _, page = browser.request("GET", REGISTER)
            posted = time.monotonic()
            status, path, _ = browser.request("POST", REGISTER, form_data(n, chosen[n], page))
            ended = time.monotonic()
            ok = status == 200 and path.endswith("/register/received/")
        except Exception as error:  # reported with the figures
            ok, ended, posted, status = False, time.monotonic(), began, repr(error)
        finally:
            browser.close()
        with lock:
            if ok:
                rounds.append(ended - began)
                posts.append(ended - posted)
            else:
                failures.append(status)

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(len(chosen))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "wall": time.monotonic() - start,
        "rounds": rounds,
        "posts": posts,
        "failures": failures,
    }


def place_checks(visitors: int, each: int) -> dict[str, bool]:
    """The rules of places, read back from the database after the rush."""
    from django.db.models import Count, Q

    from programme.models import Session
    from registrations.models import Participant, Registration

    sessions = Session.objects.annotate(
        local=Count(
            "registrations",
            filter=Q(registrations__status="confirmed", registrations__place="local"),
        ),
        delegation=Count(
            "registrations",
            filter=Q(registrations__status="confirmed", registrations__place="delegation"),
        ),
    )
    waiting = Registration.objects.waiting().select_related("session", "participant")
    live = Registration.objects.live().count()
    return {
        "every session within its capacity": all(
            s.capacity is None or s.places_taken <= s.capacity for s in sessions
        ),
        "counters equal to rows": all(
            (s.confirmed_local, s.confirmed_delegation) == (s.local, s.delegation) for s in sessions
        ),
        "nobody waiting beside a free place": not any(
            r.session.has_place_for(delegation=r.participant.is_delegation) for r in waiting
        ),
        "every visitor signed up once": Participant.objects.count() == visitors,
        f"{each} sessions each, confirmed or waiting": live == visitors * each,
    }


def places_given() -> tuple[int, int]:
    from registrations.models import Registration

    return Registration.objects.confirmed().count(), Registration.objects.waiting().count()


def one_signup(postgres: str) -> dict:
    database = fresh_database(postgres, f"{DATABASE}_one")
    command = [sys.executable, str(ROOT / "bench" / "one_signup.py"), "--json"]
    output = subprocess.run(
        [*command, "--database-url", database], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def quantiles(seconds: list[float]) -> str:
    if len(seconds) < 2:
        return "n/a"
    cuts = statistics.quantiles([s * 1000 for s in seconds], n=100)
    return f"p50 {cuts[49]:6.0f} ms   p90 {cuts[89]:6.0f} ms   p99 {cuts[98]:6.0f} ms"


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores, every process), from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=500)
    parser.add_argument("--arrival", type=float, default=2.0, help="seconds (2)")
    parser.add_argument("--sessions-each", type=int, default=5)
    parser.add_argument("--workers", default="", help="gunicorn workers (gunicorn.conf.py's)")
    parser.add_argument("--threads", default="", help="threads per worker (gunicorn.conf.py's)")
    # As deployed (docs/deployment.md): PostgreSQL on the same machine, through its local socket.
    parser.add_argument("--postgres", default="postgres://postgres@%2Fvar%2Frun%2Fpostgresql")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiss-rush-") as directory:
        var_dir = Path(directory, "var")
        var_dir.mkdir()
        database = fresh_database(options.postgres, DATABASE)
        sessions = prepare_site(database, str(var_dir))
        chosen = choices(options.visitors, sessions, options.sessions_each)
        set_capacities(chosen)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
        environment = site_env(database, str(var_dir), port, options.workers, options.threads)
        worker_count, threads = gunicorn_workers(environment)
        with server(
            [*gunicorn, "--no-control-socket", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            environment=environment,
            ready_url=base + "/healthz",
            log=Path(directory, "site.log"),
        ) as process:
            warm_up(base, worker_count)
            workers, loaded = process_tree(process.pid), load_average()
            app_before = cpu_seconds(workers)
            database_before = backend_cpu(backends(database, DATABASE))
            waits = LockWaits(database, DATABASE)
            waits.start()
            client_before, machine_before = time.process_time(), machine_busy_seconds()
            result = rush(base, chosen, options.arrival)
            client_used = time.process_time() - client_before
            machine_used = machine_busy_seconds() - machine_before
            waits.stopping.set()
            waits.join()
            app_used = cpu_seconds(workers) - app_before
            database_after = backend_cpu(backends(database, DATABASE))
        database_used = sum(
            used - database_before.get(pid, 0.0) for pid, used in database_after.items()
        )
        checks = place_checks(options.visitors, options.sessions_each)
        confirmed, waiting = places_given()
    one = one_signup(options.postgres)
    visitors = options.visitors
    print(
        f"Rush: {visitors} visitors × {options.sessions_each} sessions arriving within "
        f"{options.arrival:g} s; gunicorn {worker_count} workers of {threads} thread(s), "
        f"PostgreSQL; {machine()}"
    )
    print(f"  load average before      {loaded}")
    print(f"  wall time                {result['wall']:.1f} s (first arrival to last answer)")
    print(f"  round (form, post, page) {quantiles(result['rounds'])}")
    print(f"  post alone               {quantiles(result['posts'])}")
    print(
        f"  answers                  {len(result['rounds'])} received, "
        f"{len(result['failures'])} failed {sorted(set(map(str, result['failures'])))[:3]}"
    )
    print(f"  places                   {confirmed} confirmed, {waiting} waiting")
    print(
        f"  app CPU                  {1000 * app_used / visitors:.1f} ms per visitor "
        "(form, post, received page)"
    )
    print(f"  PostgreSQL CPU           {1000 * database_used / visitors:.1f} ms per visitor")
    print(
        f"  visitors' CPU (this run) {1000 * client_used / visitors:.1f} ms per visitor "
        "(the load generator, on the same cores)"
    )
    print(
        f"  whole machine busy       {1000 * machine_used / visitors:.1f} ms per visitor "
        "(all of the above, and any neighbour)"
    )
    print(f"  load average after       {load_average()}")
    print(f"  waiting for a row lock   {waits.summary()} (backends, mean of samples every 20 ms)")
    for name, passed in checks.items():
        print(f"  check: {name:<42}{'PASS' if passed else 'FAIL'}")
    print(
        f"One sign-up POST ({options.sessions_each} sessions) in process, PostgreSQL: "
        f"{one['cpu_ms']:.1f} ms CPU, {one['statements']} SQL statements "
        f"({one['outside']} outside a transaction), {one['transactions']} transactions"
    )


if __name__ == "__main__":
    main()

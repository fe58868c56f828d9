"""pretix 2026.8, the ticket shop organisers would otherwise pick, set up on this machine to be
measured beside our site (bench/site_under_load.py --pretix).

pretix is installed from PyPI into a virtual environment of its own, OUTSIDE our code
(var/pretix-venv by default: var/ is never committed), with its own database on the same
PostgreSQL (kiss_bench_pretix, kept between runs: its migrations take minutes). Its mail goes to
a throw-away SMTP server on loopback, as ours would. It runs without Celery, so an order is
placed (and its confirmation mailed) within the request, as in pretix's smallest setup.

The event has what our visit has (pretix_event.py, from our programme fixture): a product per
session in a category per day, with its title and description, and a quota of the session's
capacity for each session open for sign-up; a fresh event each run. An order is what a visitor
does in a browser without JavaScript: the event page, add the products to the cart (as many as
the sessions of one of our sign-ups), start the checkout, give an e-mail address, confirm;
redirects followed.

Install by hand:
  python3 -m venv var/pretix-venv
  var/pretix-venv/bin/pip install pretix==2026.8.0 gunicorn
"""

import json
import subprocess
import sys
from pathlib import Path

import psycopg2
import yaml

from bench.load import Browser, form_token

VERSION = "2026.8.0"
HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "saint_etienne_2018.yaml"


def event_path(slug: str) -> str:
    return f"/kiss/{slug}/"


def our_programme() -> list[dict]:
    """Our visit's days and sessions, as the fixture gives them (French texts), with the
    capacity of each session open for sign-up."""
    rows = yaml.safe_load(FIXTURE.read_text())
    days = {
        row["pk"]: {"name": str(row["fields"]["date"]), "sessions": []}
        for row in rows
        if row["model"] == "programme.day"
    }
    sessions = [row["fields"] for row in rows if row["model"] == "programme.session"]
    for session in sorted(sessions, key=lambda fields: (fields["day"], fields["order"])):
        days[session["day"]]["sessions"].append(
            {
                "title": session["title_fr"],
                "description": session.get("description_fr") or "",
                "capacity": session["capacity"] if session["is_open_for_signup"] else None,
            }
        )
    return [days[pk] for pk in sorted(days)]


def install(venv: Path) -> None:
    if (venv / "bin" / "gunicorn").exists() and (venv / "bin" / "python").exists():
        return
    print(f"Installing pretix {VERSION} into {venv} (a few minutes)...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", f"pretix=={VERSION}", "gunicorn"]
    subprocess.run(pip, check=True)


def configuration(directory: Path, database: dict, *, port: int, mail_port: int) -> Path:
    (directory / "data").mkdir(parents=True, exist_ok=True)
    path = directory / "pretix.cfg"
    path.write_text(
        "[pretix]\ninstance_name=pretix bench\n"
        f"url=http://127.0.0.1:{port}\ncurrency=EUR\ndatadir={directory / 'data'}\n\n"
        "[database]\nbackend=postgresql\n"
        f"name={database['name']}\nuser={database['user']}\nhost={database['host']}\n"
        f"port={database['port']}\npassword={database['password']}\n\n"
        f"[mail]\nfrom=tickets@localhost\nhost=127.0.0.1\nport={mail_port}\n\n"
        "[django]\ndebug=off\n"
    )
    return path


def ensure_database(server_url: str, name: str) -> None:
    """Creates pretix's database if it does not exist yet (kept between runs)."""
    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare(venv: Path, config: Path, directory: Path, slug: str) -> list[int]:
    """Migrations, static files (once per pretix installation), a fresh event `slug`; returns
    the ids of its products for sale."""
    python = str(venv / "bin" / "python")
    environment = {"PRETIX_CONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}

    def pretix(*arguments, given: str = "") -> str:
        result = subprocess.run(
            [python, *arguments],
            cwd=directory,
            env=environment,
            capture_output=True,
            text=True,
            input=given,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pretix {arguments} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    print("Preparing pretix: migrations (minutes the first time), static files...", flush=True)
    pretix("-m", "pretix", "migrate")
    built = venv / ".kiss-bench-rebuilt"
    if not built.exists():
        pretix("-m", "pretix", "rebuild")
        built.touch()
    programme = json.dumps(our_programme())
    return [int(pk) for pk in pretix(str(HERE / "pretix_event.py"), slug, given=programme).split()]


def gunicorn_command(venv: Path, *, port: int, workers: int) -> list[str]:
    return [
        str(venv / "bin" / "gunicorn"),
        "pretix.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--threads=2",
        "--worker-class=gthread",
        "--no-control-socket",
    ]


def order(items: list[int], slug: str, per_round: int):
    """One pretix order of `per_round` products (round n takes products n, n+1...), as one
    round of bench.load.round_trips."""
    event = event_path(slug)

    def one_round(browser: Browser, n: int) -> bool:
        status, _, page = browser.request("GET", event)
        data = {"csrfmiddlewaretoken": form_token(page)}
        for k in range(per_round):
            data[f"item_{items[(n + k) % len(items)]}"] = "1"
        status, _, page = browser.request("POST", event + "cart/add", data)
        status, path, page = browser.request("GET", event + "checkout/start")
        data = {"csrfmiddlewaretoken": form_token(page), "email": f"order{n}@example.org"}
        status, path, page = browser.request("POST", path, data)
        status, path, page = browser.request(
            "POST", path, {"csrfmiddlewaretoken": form_token(page)}
        )
        return status == 200 and "/order/" in path

    return one_round

"""gunicorn settings for production: `gunicorn` (run from the project directory) reads this file.

Every value can be overridden from the environment, e.g. GUNICORN_WORKERS=4.
"""

import multiprocessing
import os

wsgi_app = "kiss_visit.wsgi:application"
# Loopback: nginx on the same machine is the only client. Listening on every interface would let
# anyone skip nginx (its TLS, its X-Forwarded-For): `check --deploy` refuses that behind a proxy.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core (two at least), one request at a time each (sync workers): a request is
# CPU work (nginx buffers slow clients, and PostgreSQL on this machine answers at once), so more
# processes or threads only queue for the cores and for the sessions' locks. Measured in the
# rush of bench/rush.py on 2 cores (docs/performance.md): 2 sync workers answer 500 sign-ups in
# 3.1-3.3 s (p99 1.4-1.6 s), 3 in 3.7-3.9 s (p99 2.2-2.3 s), and the former 5 workers of 2
# threads each in 4.3 s (p99 3.3 s).
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A sync worker is stopped when a request outlasts this: as long as nginx waits for the longest
# one (an import of a big file, 180 s: deploy/nginx-kiss.conf).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 180))
graceful_timeout = 30
# Workers are not restarted after a number of requests: at 1000 (the former setting) each one
# restarted every few seconds under load, and small pages cost twice the CPU. Should a memory leak
# ever show, GUNICORN_MAX_REQUESTS=100000 (say) restarts each worker after that many.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# GUNICORN_PIDFILE=var/gunicorn.pid: stop the server with `kill $(cat var/gunicorn.pid)`.
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# The access log, private links masked: one line a request on standard output (the journal
# under systemd), about 0.03 ms a request. GUNICORN_ACCESSLOG=<path> writes it to that file;
# GUNICORN_ACCESSLOG=off turns it off (errors, "Not Found: <path>" included, are still logged).
_accesslog = os.environ.get("GUNICORN_ACCESSLOG", "").strip() or "-"
accesslog = None if _accesslog.lower() in {"off", "false", "no", "0", "none"} else _accesslog
errorlog = "-"
# Private links (/<lang>/<visit>/my-registration/<token>/) are masked in both logs.
logger_class = "kiss_visit.logs.gunicorn_logging.PrivateLinksLogger"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which
# two instances on one host (two app servers, a trial beside production) would fight over; the
# site never uses it. GUNICORN_CONTROL_SOCKET=<path> turns it on.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

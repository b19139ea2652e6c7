"""Fault run of the real stack: mail must arrive exactly once while SMTP, Redis and the RQ
worker fail under it.

    .venv/bin/python benchmarks/faults.py                 # what the README reports
    .venv/bin/python benchmarks/faults.py --users 20 --duration 30   # quicker

Builds the database ``kop_faults`` on 127.0.0.1 (PostgreSQL: the real 90 municipalities,
the demo and ``--users`` extra accounts), then starts a Redis of its own, an SMTP server
(aiosmtpd in its own process, delivering to a Maildir), gunicorn (2 workers) and
``flask jobs worker``. For ``--duration`` seconds every account asks for a password reset
through the web pages in turn (the mail is queued and handed to the jobs), cron's
``flask mail flush`` runs every 10 s and ``flask digest send`` twice; meanwhile, on a fixed
timeline, SMTP is frozen (SIGSTOP: it accepts connections and never answers) and thawed,
Redis is stopped and started empty, the RQ worker is killed with SIGKILL and started again,
and SMTP is stopped and started. Then everything is up and the cron commands run (as if
hours had passed) until nothing waits. Every reset and every digest that was recorded is
expected once in the Maildir: the JSON line reports sent, lost and duplicated. Stops by
itself; every loop is bounded.
"""

import argparse
import collections
import email
import json
import mailbox
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email import policy

import psycopg
import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services import RedisProcess, SmtpProcess, free_port, wait_for_port  # noqa: E402

BIN = ROOT / ".venv" / "bin"
SERVER = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "fault-run-2026"


def flask(env, *args, check=True):
    return subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, check=check,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def prepare(database, env, users):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    flask(env, "db", "upgrade")
    flask(env, "seed")
    flask(env, "demo")
    from app import create_app
    from app.extensions import db
    from app.models import Municipality, User

    app = create_app(test_config={"SECRET_KEY": "fault-run",
                                  "DATABASE_URL": env["KOP_DATABASE_URL"]})  # fmt: skip
    with app.app_context():
        homes = {m.code: m for m in db.session.execute(
            db.select(Municipality).where(Municipality.code.in_(["1280", "101"]))).scalars()}
        for i in range(users):
            user = User(email=f"fault{i:03d}@kop.example", role="member",
                        municipality=homes["1280" if i % 2 else "101"])  # fmt: skip
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        db.engine.dispose()


class Stack:
    """The services of the run, each of which the timeline breaks and mends."""

    def __init__(self, folder, env):
        self.folder, self.env = folder, env
        self.worker = None
        self.log = open(os.path.join(folder, "worker.log"), "a")  # noqa: SIM115

    def start_worker(self):
        self.worker = subprocess.Popen([str(BIN / "flask"), "jobs", "worker"], env=self.env,
                                       cwd=ROOT, stdout=self.log, stderr=self.log)  # fmt: skip

    def kill_worker(self):
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait(10)

    def stop_worker(self):
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(20)
            except subprocess.TimeoutExpired:
                self.worker.kill()


def reset_requests(base, accounts, stop, answers):
    """Every account asks for a reset once, one every ``gap`` seconds, until ``stop``."""
    session = requests.Session()
    for address in accounts:
        if stop.is_set():
            return
        started = time.monotonic()
        try:
            page = session.get(f"{base}/reset", timeout=30).text
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            response = session.post(f"{base}/reset", data={"csrf_token": token, "email": address},
                                    allow_redirects=False, timeout=30)  # fmt: skip
            answers[response.status_code] += 1
            answers["slowest_s"] = max(answers["slowest_s"], time.monotonic() - started)
        except requests.RequestException as error:
            answers[type(error).__name__] += 1
        stop.wait(0.4)


def cron(env, stop, runs):
    """`flask mail flush` every 10 s, as cron would (failures are part of the run)."""
    while not stop.wait(10):
        runs["mail_flush"] += 1
        if flask(env, "mail", "flush", check=False).returncode:
            runs["mail_flush_failed"] += 1


def timeline(stack, smtp, redis, duration, events):
    """Break and mend the services at fixed fractions of the run."""
    t0 = time.monotonic()

    def at(fraction, what, action):
        time.sleep(max(0.0, t0 + fraction * duration - time.monotonic()))
        action()
        events.append((round(time.monotonic() - t0, 1), what))

    at(0.10, "smtp frozen", smtp.freeze)
    at(0.25, "smtp thawed", smtp.thaw)
    at(0.30, "redis stopped", redis.stop)
    at(0.42, "redis started (empty)", redis.start)
    at(0.50, "worker killed (SIGKILL)", stack.kill_worker)
    at(0.58, "worker started", stack.start_worker)
    at(0.65, "smtp stopped", smtp.stop)
    at(0.75, "smtp started", smtp.start)
    at(0.80, "smtp frozen", smtp.freeze)
    at(0.90, "smtp thawed", smtp.thaw)


def settle(env, database, rounds=12):
    """Everything is up: run the cron commands as if hours had passed until nothing waits."""
    moment = datetime.now(UTC).replace(tzinfo=None)
    for _ in range(rounds):
        moment += timedelta(hours=3)
        flask(env, "mail", "flush", "--now", moment.isoformat())
        flask(env, "digest", "send", "--now", moment.isoformat())
        with psycopg.connect(f"{SERVER}/{database}") as conn:
            waiting = conn.execute(  # digests are queued mail too
                "SELECT count(*) FROM outgoing_mail WHERE status IN ('pending','sending')"
            ).fetchone()[0]
        if not waiting:
            return True
    return False


def expected(database):
    """(recipient, kind) of every mail the run must deliver once (digests included: they go
    through the outbox as all mail does)."""
    with psycopg.connect(f"{SERVER}/{database}") as conn:
        mails = conn.execute("SELECT recipients, kind, status FROM outgoing_mail").fetchall()
        jobs = dict(conn.execute("SELECT status, count(*) FROM job_run GROUP BY status"))
    wanted = collections.Counter()
    failed_for_good = 0
    for recipients, kind, status in mails:
        failed_for_good += status == "failed"
        for address in recipients:
            wanted[(address, kind)] += 1
    return wanted, failed_for_good, jobs


def received(maildir):
    got = collections.Counter()
    for message in mailbox.Maildir(maildir, create=False):
        parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
        body = parsed.get_body(("plain",)).get_content()
        kind = "reset_password" if "/reset/" in body else (
            "digest" if "/unsubscribe/" in body else "other")  # fmt: skip
        got[(str(parsed["To"]), kind)] += 1
    return got


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--database", default="kop_faults")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="kop-faults-")
    redis, smtp = RedisProcess(folder), SmtpProcess(folder)
    port = free_port()
    env = {
        **os.environ, "FLASK_APP": "app", "KOP_SECRET_KEY": "fault-run",
        "KOP_DATABASE_URL": f"{SERVER}/{args.database}", "KOP_REDIS_URL": redis.url,
        "KOP_RATELIMIT_STORAGE_URI": redis.url, "KOP_JOBS_QUEUE": "kop-faults",
        "KOP_MAIL_SERVER": "127.0.0.1", "KOP_MAIL_PORT": str(smtp.port),
        "KOP_MAIL_TIMEOUT": "3", "KOP_JOB_HEARTBEAT_SECONDS": "2",
        "KOP_RESET_RATE_LIMIT": "10000 per minute", "KOP_SERVER_URL": f"http://127.0.0.1:{port}",
        "KOP_INDEX_DIR": os.path.join(folder, "index"), "KOP_MAIL_OUTBOX": folder,
    }  # fmt: skip
    started = time.perf_counter()
    prepare(args.database, env, args.users)
    print(f"data ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    redis.start()
    smtp.start()
    stack = Stack(folder, env)
    stack.start_worker()
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "app:create_app()"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "web.log"), "w"),  # noqa: SIM115
    )  # fmt: skip
    answers, runs, events = collections.Counter(slowest_s=0.0), collections.Counter(), []
    stop = threading.Event()
    try:
        wait_for_port(port, timeout=60)
        accounts = [f"fault{i:03d}@kop.example" for i in range(args.users)]
        threads = [
            threading.Thread(target=reset_requests, args=(f"http://127.0.0.1:{port}", accounts,
                                                          stop, answers)),  # fmt: skip
            threading.Thread(target=cron, args=(env, stop, runs)),
        ]
        for thread in threads:
            thread.start()
        digest = threading.Timer(args.duration * 0.2, flask, (env, "digest", "send"),
                                 {"check": False})  # fmt: skip
        digest.start()
        late_digest = threading.Timer(args.duration * 0.7, flask, (env, "digest", "send"),
                                      {"check": False})  # fmt: skip
        late_digest.start()
        timeline(stack, smtp, redis, args.duration, events)
        time.sleep(max(0.0, args.duration * 0.1))
        stop.set()
        for thread in (*threads, digest, late_digest):
            thread.join(120)
        settled = settle(env, args.database)
    finally:
        stop.set()
        web.terminate()
        web.wait(30)
        stack.stop_worker()
        smtp.stop()
        redis.stop()
    wanted, failed_for_good, jobs = expected(args.database)
    got = received(smtp.maildir)
    lost = sum(max(0, n - got[key]) for key, n in wanted.items())
    duplicated = sum(max(0, n - wanted[key]) for key, n in got.items())
    print(json.dumps({
        "benchmark": "faults", "users": args.users, "duration_s": args.duration,
        "events": events, "requests": dict(answers), "cron_runs": dict(runs),
        "expected": sum(wanted.values()),
        "expected_resets": sum(n for (_, k), n in wanted.items() if k == "reset_password"),
        "expected_digests": sum(n for (_, k), n in wanted.items() if k == "digest"),
        "received": sum(got.values()), "lost": lost, "duplicated": duplicated,
        "failed_for_good": failed_for_good, "settled": settled, "jobs": jobs,
    }))  # fmt: skip


if __name__ == "__main__":
    main()

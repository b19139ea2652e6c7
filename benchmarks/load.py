"""Load benchmark of the real stack: gunicorn (4 workers) + PostgreSQL + Redis + an RQ worker.

    .venv/bin/python benchmarks/load.py                          # what the README reports
    .venv/bin/python benchmarks/load.py --profiles 1000 --duration 30 --reuse   # quicker

Builds (or, with --reuse, keeps) the database ``kop_load`` on 127.0.0.1 with the real 90
municipalities, the demo and ``flask demo --scale N`` (N synthetic municipalities, each
with a profile and two open projects), fits the index once (``flask index build``), starts
gunicorn and ``flask jobs worker``, and runs locust headless: 20 logged-in users for two
minutes on the dashboard, the project list, their project's suggestions and "projects
looking for you", with ``/login`` as the baseline in the same run. The two minutes and the
statistics start once every user has logged in (the 20 logins at the start, a password
hash each, are not what a page costs), and each user starts after one of its pauses (not
20 requests in the same instant). Meanwhile one profile is edited every 10 s,
switching between a text that puts it first for a probe project and its own text;
``edit_visible_s`` is the longest time until the probe's suggestions showed the change.
Stops by itself and prints one JSON line last.
"""

from gevent import monkey  # noqa: I001 - locust needs gevent's patches before anything else

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402
import psycopg  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "load-test-2026"
PAGES = ("dashboard", "projects", "suggestions", "for_us", "login")
SERVER = "postgresql://postgres@127.0.0.1:5432"


def flask(env, *args, quiet=True):
    return subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, check=True,
                          capture_output=quiet, text=True)  # fmt: skip


def prepare(args, env):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (args.database,)).fetchone()  # fmt: skip
        if exists and not args.reuse:
            conn.execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')
        if not exists or not args.reuse:
            conn.execute(f'CREATE DATABASE "{args.database}"')
    flask(env, "db", "upgrade")
    flask(env, "seed")
    start = time.perf_counter()
    flask(env, "demo", "--scale", str(args.profiles))
    print(f"data ready in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    start = time.perf_counter()
    flask(env, "index", "build")
    print(f"index fitted in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def facts(args):
    """Per load account: its project; plus the editor's profile and the counts."""
    with psycopg.connect(f"{SERVER}/{args.database}") as conn:
        rows = conn.execute("""
            SELECT u.email, min(p.id), m.code, m.country FROM "user" u
            JOIN municipality m ON m.id = u.municipality_id
            JOIN project p ON p.municipality_id = m.id
            WHERE u.email LIKE 'load%%@scale.example' GROUP BY u.email, m.code, m.country
            ORDER BY u.email""").fetchall()
        profiles = conn.execute("SELECT count(*) FROM profile").fetchone()[0]
        open_projects = conn.execute(
            "SELECT count(*) FROM project WHERE status = 'open' AND expires_at > now()"
        ).fetchone()[0]
        probe = next(r for r in rows if r[3] == "SE")
        editor = next(r for r in rows if r[3] == "DK")
        project = conn.execute("SELECT summary, needs, offers FROM project WHERE id = %s",
                               (probe[1],)).fetchone()  # fmt: skip
        profile = conn.execute("""
            SELECT p.description, p.needs, p.offers, array_agg(pt.theme_id)
            FROM profile p JOIN municipality m ON m.id = p.municipality_id
            JOIN profile_themes pt ON pt.profile_id = p.id WHERE m.code = %s
            GROUP BY p.id""", (editor[2],)).fetchone()
    return {"accounts": [(email, pid) for email, pid, _, _ in rows], "probe": probe,
            "editor": editor, "probe_text": project, "editor_profile": profile,
            "profiles": profiles, "open_projects": open_projects}  # fmt: skip


def login(session, base, email):
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = session.post(f"{base}/login", allow_redirects=False,
                            data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302, f"login of {email} failed: {response.status_code}"


def make_user_class(base, accounts, all_in):
    """Locust's user: logs in, waits until every user has, then visits the pages."""
    queue, logged_in = list(accounts), []

    class Member(HttpUser):
        host = base
        wait_time = between(0.5, 1.5)

        def on_start(self):
            self.email, self.project = queue.pop(0)
            page = self.client.get("/login", name="setup").text
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            data = {"csrf_token": token, "email": self.email, "password": PASSWORD}
            self.client.post("/login", name="setup", allow_redirects=False, data=data)
            logged_in.append(self.email)
            if len(logged_in) == len(accounts):
                all_in.set()
            all_in.wait()
            gevent.sleep(self.wait_time())  # as if it had been browsing: not all at once

        @task
        def dashboard(self):
            self.client.get("/dashboard", name="dashboard")

        @task
        def projects(self):
            self.client.get("/projects", name="projects")

        @task
        def suggestions(self):
            self.client.get(f"/projects/{self.project}/suggestions", name="suggestions")

        @task
        def for_us(self):
            self.client.get("/for-us", name="for_us")

        @task
        def login_page(self):
            self.client.get("/login", name="login", allow_redirects=False)

    return Member


def editor_loop(base, info, stop, visible):
    """Every 10 s: edit the editor's profile; time until the probe's suggestions show it."""
    editor, probe = requests.Session(), requests.Session()
    login(editor, base, info["editor"][0])
    login(probe, base, info["probe"][0])
    code = info["editor"][2]
    own = info["editor_profile"]
    summary, needs, offers = info["probe_text"]
    # What the probe project looks for, offered back: that puts the profile at the top.
    texts = [(summary[:4900], offers[:2900], needs[:2900]), (own[0], own[1], own[2])]
    marker = f'id="candidate-{code}"'
    url = f"/projects/{info['probe'][1]}/suggestions"
    turn = 0
    while not stop.is_set():
        description, wants, brings = texts[turn % 2]
        form = editor.get(f"{base}/municipalities/{code}/profile").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        data = {"csrf_token": token, "description": description, "needs": wants,
                "offers": brings, "themes": [str(t) for t in own[3]],
                "cooperation_forms": ["exchange"], "working_languages": ["da"],
                "contact_user": "0"}  # fmt: skip
        saved = editor.post(f"{base}/municipalities/{code}/profile", data=data,
                            allow_redirects=False)  # fmt: skip
        edited = time.perf_counter()
        expect_shown = turn % 2 == 0
        if saved.status_code == 302:
            while not stop.is_set() and time.perf_counter() - edited < 60:
                shown = marker in probe.get(f"{base}{url}").text
                if shown == expect_shown:
                    visible.append(time.perf_counter() - edited)
                    break
                gevent.sleep(0.2)
        turn += 1
        stop.wait(max(0.0, 10 - (time.perf_counter() - edited)))


def percentile(entry, q):
    return round(entry.get_response_time_percentile(q), 1) if entry.num_requests else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="kop_load")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    args = parser.parse_args(argv)
    index_dir = tempfile.mkdtemp(prefix="kop-load-index-")
    env = {**os.environ, "FLASK_APP": "app", "KOP_SECRET_KEY": "load-benchmark",
           "KOP_DATABASE_URL": f"{SERVER}/{args.database}",
           "KOP_REDIS_URL": "redis://127.0.0.1:6379/0", "KOP_JOBS_QUEUE": "kop-load",
           "KOP_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1",
           "KOP_LOGIN_RATE_LIMIT": "100000 per minute",
           "KOP_ACCOUNT_RATE_LIMIT": "100000 per minute",
           "KOP_INDEX_DIR": index_dir, "KOP_DEMO_PASSWORD": PASSWORD}  # fmt: skip
    prepare(args, env)
    info = facts(args)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(args.workers), "-b",
                               f"127.0.0.1:{args.port}", "--timeout", "120", "app:create_app()"],
                              env=env, cwd=ROOT, stderr=subprocess.DEVNULL)  # fmt: skip
    worker = subprocess.Popen([str(BIN / "flask"), "jobs", "worker"], env=env, cwd=ROOT,
                              stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        warm_up(base, info)
        all_in = gevent.event.Event()
        accounts = info["accounts"][: args.users]
        if len(accounts) < args.users:
            raise SystemExit(f"--users {args.users}: the scale data has {len(accounts)} accounts")
        environment = Environment(user_classes=[make_user_class(base, accounts, all_in)])
        runner = environment.create_local_runner()
        stop, visible = gevent.event.Event(), []
        runner.start(len(accounts), spawn_rate=len(accounts))
        all_in.wait(timeout=120)
        environment.stats.reset_all()
        editing = gevent.spawn(editor_loop, base, info, stop, visible)
        started = time.perf_counter()
        gevent.sleep(args.duration)
        stop.set()
        runner.quit()
        editing.join(timeout=70)
        duration = time.perf_counter() - started
    finally:
        server.terminate()
        worker.terminate()  # a warm shutdown: it finishes the job it runs (a refit, say)
        server.wait(timeout=30)
        try:
            worker.wait(timeout=120)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)
    stats = environment.stats
    pages = {}
    login_p95 = percentile(stats.get("login", "GET"), 0.95) or 1.0
    for name in PAGES:
        entry = stats.get(name, "GET")
        p95 = percentile(entry, 0.95)
        pages[name] = {"requests": entry.num_requests, "errors": entry.num_failures,
                       "p50_ms": percentile(entry, 0.5), "p95_ms": p95,
                       "p99_ms": percentile(entry, 0.99),
                       "ratio_p95": round(p95 / login_p95, 2) if p95 else None}  # fmt: skip
    print(json.dumps({"pages": pages, "users": args.users, "duration_s": round(duration),
                      "profiles": info["profiles"], "open_projects": info["open_projects"],
                      "edits": len(visible),
                      "edit_visible_s": round(max(visible), 2) if visible else None}))  # fmt: skip


def warm_up(base, info):
    """Wait for gunicorn, then let every worker load the snapshot (not part of the run)."""
    for _ in range(120):
        try:
            requests.get(f"{base}/login", timeout=30)
            break
        except requests.RequestException:
            time.sleep(0.5)
    session = requests.Session()
    login(session, base, info["accounts"][0][0])
    for _ in range(12):
        session.get(f"{base}/projects/{info['accounts'][0][1]}/suggestions", timeout=120)
        session.get(f"{base}/for-us", timeout=120)


if __name__ == "__main__":
    main()

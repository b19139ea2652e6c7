"""Services the fault tests start, stop, freeze and restart on 127.0.0.1: a Redis of their
own, an SMTP server in its own process (so it can be frozen with SIGSTOP, as a hung server
is), and one that accepts connections and never says a word."""

import mailbox
import os
import signal
import socket
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10.0, up=True):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not come {'up' if up else 'down'}")


class RedisProcess:
    """``redis-server`` on a free port, keeping nothing on disk (as the machine's does)."""

    def __init__(self, folder):
        self.folder, self.port, self.process = str(folder), free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
            wait_for_port(self.port, up=False)


class SmtpProcess:
    """aiosmtpd in a process of its own, delivering to a Maildir the test counts.

    ``freeze()`` stops the process (SIGSTOP): the kernel still accepts connections, and
    nothing answers them, as with a hung server; ``thaw()`` lets it go on.
    """

    def __init__(self, folder):
        self.maildir = os.path.join(str(folder), "Maildir")
        self.port, self.process = free_port(), None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
             "-c", "aiosmtpd.handlers.Mailbox", self.maildir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def messages(self):
        if not os.path.isdir(self.maildir):
            return []
        return list(mailbox.Maildir(self.maildir, create=False))


class SilentServer:
    """Accepts TCP connections and never answers (an SMTP server that hangs)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(50)
        self.port = self.socket.getsockname()[1]
        self.held, self.closed = [], threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self):
        self.closed.set()
        self.socket.close()
        for connection in self.held:
            connection.close()


def burst_worker(queue):
    """An RQ worker that runs what ``queue`` holds and returns (``work(burst=True)``),
    without RQ's command listener: its pub/sub thread waits up to 60 s to subscribe when the
    Redis it talks to was just restarted, and the worker joins it before returning."""
    from rq import SimpleWorker

    class BurstWorker(SimpleWorker):
        def subscribe(self):
            pass

        def unsubscribe(self):
            pass

    return BurstWorker([queue], connection=queue.connection)

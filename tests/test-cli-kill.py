#!/usr/bin/env python3
"""The real `liminal` binary killed mid-upgrade (SIGTERM, SIGINT, kill -9)
against the real `liminal-sandbox`: `upgrade --resume`, or a plain upgrade
from a second checkout with no journal, ends where a clean run ends, and no
write reaches the tenant twice.

  python3 tests/test-cli-kill.py                 # the quick version (< 60 s)
  python3 tests/test-cli-kill.py --trials 100 --sigterm-trials 20   # by hand
  python3 tests/test-cli-kill.py --seed 7        # repeat a run of trials
"""

import collections
import concurrent.futures
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from sandbox_cli import AUTH_ROUTES, CLI, ENV, http, make_checkout, scrub, start_sandbox, stop_sandbox

LATENCY_MS = 20
TRIALS = 10
SIGTERM_TRIALS = 2
JOBS = 3
SEED = None

class Checkout:
    """A project folder (versions + tenants.ini) and its own sandbox."""

    def __init__(self, parent, name="project", latency=LATENCY_MS):
        self.parent = parent
        self.dir = os.path.join(parent, name)
        self.proc, self.url = start_sandbox(os.path.join(parent, "sandbox.json"), latency)
        make_checkout(self.dir, self.url)
        r = self.cli("stamp", "dev", "base")
        assert r.returncode == 0, r.stderr

    def second_checkout(self, name):
        """A fresh copy of the project: same tenant, no journal."""
        return make_checkout(os.path.join(self.parent, name), self.url)

    def cli(self, *args, folder=None):
        return subprocess.run([CLI, "-C", folder or self.dir, *args], capture_output=True, text=True, env=ENV,
                              timeout=300)

    def start(self, *args):
        return subprocess.Popen([CLI, "-C", self.dir, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=ENV)

    def state(self):
        return scrub(http("GET", self.url + "/_sandbox/state"))

    def writes(self):
        """Successful writes by route (sign-ins and tokens left out, and the
        writes to liminal_remote: each run takes and releases the tenant
        lock there; the marker is checked by comparing states)."""
        log = http("GET", self.url + "/_sandbox/requests")
        remote = [t["id"] for t in http("GET", self.url + "/_sandbox/state")["tagSchemas"]
                  if t["sqlIdentifier"] == "liminal_remote"]
        return collections.Counter(e["route"] for e in log
                                   if e["method"] != "GET" and 200 <= e["status"] < 300
                                   and e["route"] not in AUTH_ROUTES
                                   and not any(f"/{i}/" in e["path"] for i in remote))

    def stop(self):
        stop_sandbox(self.proc)


def journal_state(folder):
    path = os.path.join(folder, ".liminal", "journal", "dev.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


_clean = None


def clean_run():
    """State and writes of an uninterrupted upgrade base → head (once)."""
    global _clean
    if _clean is None:
        parent = tempfile.mkdtemp(prefix="liminal-kill-clean-")
        c = Checkout(parent)
        try:
            before = c.writes()
            t = time.monotonic()
            r = c.cli("upgrade", "dev", "head")
            assert r.returncode == 0, r.stdout + r.stderr
            _clean = (c.state(), c.writes() - before, time.monotonic() - t)
        finally:
            c.stop()
            shutil.rmtree(parent)
    return _clean


def duplicates(writes, clean):
    """Routes written more often than in the clean run."""
    return {route: (n, clean.get(route, 0)) for route, n in writes.items() if n > clean.get(route, 0)}


def kill_trial(index, delay, plain, sig=signal.SIGKILL):
    """Start an upgrade, send @sig (kill -9) after @delay s, then finish with
    `upgrade head --resume` (or, when @plain, a plain `upgrade head` from a
    second checkout).  Returns a dict describing what happened."""
    state, clean_writes, _ = clean_run()
    parent = tempfile.mkdtemp(prefix=f"liminal-kill-{index}-")
    c = Checkout(parent)
    out = {"index": index, "delay": round(delay, 2), "plain": plain, "signal": signal.Signals(sig).name}
    try:
        before = c.writes()
        p = c.start("upgrade", "dev", "head")
        time.sleep(delay)
        p.send_signal(sig)
        p.communicate()
        # SIGTERM: a clean stop (143), or killed before the handler was set.
        out["killed"] = p.returncode in (-sig, 128 + sig)
        journal = journal_state(c.dir)
        out["journal"] = journal and journal.get("state")
        out["sending"] = bool(journal) and any(o.get("state") == "sending" for rev in journal["revisions"]
                                               for o in rev["operations"])
        if plain:
            r = c.cli("upgrade", "dev", "head", folder=c.second_checkout("second"))
        else:
            r = c.cli("upgrade", "dev", "head", "--resume")
        out["rc"] = r.returncode
        out["output"] = r.stdout[-400:] + r.stderr[-800:]
        out["same_state"] = c.state() == state
        out["duplicates"] = duplicates(c.writes() - before, clean_writes)
    finally:
        c.stop()
        shutil.rmtree(parent)
    return out


class KillTest(unittest.TestCase):
    def setUp(self):
        self.parent = tempfile.mkdtemp(prefix="liminal-cli-kill-")
        self.addCleanup(shutil.rmtree, self.parent)

    def interrupt(self, signals, wait_for_ops=3, slow_ms=None):
        """Start an upgrade with latency, send @signals once a few operations
        were printed; returns (checkout, process result, writes before)."""
        c = Checkout(self.parent, latency=40)
        self.addCleanup(c.stop)
        before = c.writes()
        p = c.start("upgrade", "dev", "head")
        # Standard output is a pipe, so buffered: watch the journal instead.
        deadline = time.monotonic() + 60
        while True:
            self.assertIsNone(p.poll(), "the upgrade ended before it could be interrupted")
            self.assertLess(time.monotonic(), deadline)
            try:
                journal = journal_state(c.dir)
            except ValueError:
                journal = None
            done = sum(o.get("state") == "done" for rev in (journal or {}).get("revisions", [])
                       for o in rev["operations"])
            if done >= wait_for_ops:
                break
            time.sleep(0.02)
        if slow_ms is not None:
            # Every answer slow from here on: a write is in flight when the
            # signals come.
            http("POST", c.url + "/_sandbox/config", {"latencyMs": slow_ms})
            time.sleep(0.2)
        for s in signals:
            p.send_signal(s)
            time.sleep(0.2)
        stdout, stderr = p.communicate(timeout=60)
        return c, p.returncode, stdout, stderr, before

    def test_sigterm_stops_cleanly_then_resume(self):
        state, clean_writes, _ = clean_run()
        c, rc, stdout, stderr, before = self.interrupt([signal.SIGTERM])
        self.assertEqual(rc, 128 + signal.SIGTERM, stdout + stderr)
        self.assertIn("Stopping after the current operation…", stderr)
        self.assertIn("as asked", stderr)
        self.assertIn("--resume", stderr)
        self.assertEqual(journal_state(c.dir)["state"], "cancelled")

        r = c.cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 1)
        self.assertIn("--resume", r.stderr)

        r = c.cli("upgrade", "dev", "head", "--resume")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Migration complete", r.stdout)
        self.assertEqual(c.state(), state)
        self.assertEqual(duplicates(c.writes() - before, clean_writes), {})

    def test_second_sigint_exits_at_once(self):
        state, clean_writes, _ = clean_run()
        c, rc, stdout, stderr, before = self.interrupt([signal.SIGINT, signal.SIGINT], slow_ms=3000)
        self.assertEqual(rc, 130, stdout + stderr)
        self.assertIn("Interrupted again", stderr)
        self.assertEqual(journal_state(c.dir)["state"], "running")
        http("POST", c.url + "/_sandbox/config", {"latencyMs": LATENCY_MS})
        # The write the dead process left in flight lands first: a second
        # checkout has no journal to tell it one is still on its way.
        time.sleep(3.5)
        # A second checkout (no journal) finishes it.
        r = c.cli("upgrade", "dev", "head", folder=c.second_checkout("second"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(c.state(), state)
        self.assertEqual(duplicates(c.writes() - before, clean_writes), {})

    def test_kill_9_at_random_moments(self):
        _, _, clean_seconds = clean_run()
        rng = random.Random(SEED)
        # kill -9, then SIGTERM; a plain run from a fresh checkout in a third
        # of the trials, `--resume` in the others.
        plan = [(i, rng.uniform(0.05, clean_seconds * 1.05), i % 3 == 2,
                 signal.SIGKILL if i < TRIALS else signal.SIGTERM) for i in range(TRIALS + SIGTERM_TRIALS)]
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            results = list(pool.map(lambda a: kill_trial(*a), plan))
        for sig in ("SIGKILL", "SIGTERM"):
            c = collections.Counter()
            for r in results:
                if r["signal"] == sig:
                    c["trials"] += 1
                    c["killed"] += r["killed"]
                    c["left sending"] += r["sending"]
                    c["plain" if r["plain"] else "resumed"] += 1
                    c["finished"] += r["rc"] == 0
                    c["same state"] += r["same_state"]
                    c["with duplicates"] += bool(r["duplicates"])
            print(f"\n{sig} trials (seed {SEED}): {dict(c)}", file=sys.stderr)
        for r in results:
            with self.subTest(trial=r["index"], delay=r["delay"], plain=r["plain"], signal=r["signal"]):
                self.assertEqual(r["rc"], 0, r["output"])
                self.assertTrue(r["same_state"], r["output"])
                # No write reaches the tenant twice, with a journal or
                # without (a plain run from a fresh checkout).
                self.assertEqual(r["duplicates"], {}, r["output"])


if __name__ == "__main__":
    args = sys.argv[1:]
    rest = [sys.argv[0]]
    i = 0
    while i < len(args):
        if args[i] in ("--trials", "--sigterm-trials", "--jobs", "--seed") and i + 1 < len(args):
            value = int(args[i + 1])
            if args[i] == "--trials":
                TRIALS = value
            elif args[i] == "--sigterm-trials":
                SIGTERM_TRIALS = value
            elif args[i] == "--jobs":
                JOBS = value
            else:
                SEED = value
            i += 2
        else:
            rest.append(args[i])
            i += 1
    if SEED is None:
        SEED = random.randrange(1 << 30)
    sys.argv = rest
    unittest.main(verbosity=2)

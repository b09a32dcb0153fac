#!/usr/bin/env python3
"""Real `liminal` processes from two separate checkouts racing on one
`liminal-sandbox` tenant (with --latency): the tenant lock lets exactly one
run change the tenant at a time, the others are refused naming the holder,
and the tenant ends as a serial replay of the winners leaves it.

  python3 tests/test-cli-race.py                        # 3 rounds of 4 processes (< 60 s)
  python3 tests/test-cli-race.py --rounds 20 --procs 6  # by hand (tools/race-trials.sh)
  python3 tests/test-cli-race.py --seed 7               # repeat a run
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from sandbox_cli import AUTH_ROUTES, CLI, ENV, http, make_checkout, scrub as scrub_state, start_sandbox, stop_sandbox

LATENCY_MS = 20
ROUNDS = 3
PROCS = 4
CHECKOUTS = 4   # separate project folders, one journal each
SEED = None
START_WINDOW_S = 1.0
HELD_RE = r"is being (upgraded|downgraded|migrated) since"


def scrub(node):
    """A sandbox state without ids, timestamps and the lock record."""
    return scrub_state(node, ignore_lock=True)


class Tenant:
    """One sandbox tenant and any number of project checkouts of it."""

    def __init__(self, parent, latency=LATENCY_MS):
        self.parent = parent
        os.makedirs(parent, exist_ok=True)
        self.proc, self.url = start_sandbox(os.path.join(parent, "sandbox.json"), latency)
        self.checkouts = []

    def checkout(self, name):
        folder = make_checkout(os.path.join(self.parent, name), self.url)
        self.checkouts.append(folder)
        return folder

    def cli(self, folder, *args):
        return subprocess.run([CLI, "-C", folder, *args], capture_output=True, text=True, env=ENV, timeout=300)

    def state(self):
        return http("GET", self.url + "/_sandbox/state")

    def log(self):
        return http("GET", self.url + "/_sandbox/requests")

    def operation_writes(self, log):
        """Successful writes outside liminal_remote (the lock and marker)."""
        remote = [t["id"] for t in self.state()["tagSchemas"] if t["sqlIdentifier"] == "liminal_remote"]
        return sum(1 for e in log if e["method"] != "GET" and 200 <= e["status"] < 300
                   and e["route"] not in AUTH_ROUTES and not any(f"/{i}/" in e["path"] for i in remote))

    def stop(self):
        stop_sandbox(self.proc)


class Racer:
    """One `liminal upgrade|downgrade --json` process; its events timed."""

    def __init__(self, index, folder, command, descriptor):
        self.index, self.folder, self.command, self.descriptor = index, folder, command, descriptor
        self.first_revision = None
        self.done_at = None
        self.done = None
        self.revisions = 0
        self.stderr = ""

    def run(self, delay):
        time.sleep(delay)
        p = subprocess.Popen([CLI, "-C", self.folder, self.command, "dev", self.descriptor, "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        for line in p.stdout:
            now = time.monotonic()
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "revision":
                self.revisions += 1
                if self.first_revision is None:
                    self.first_revision = now
            elif event.get("event") == "done":
                self.done, self.done_at = event, now
        self.stderr = p.stderr.read()
        p.stdout.close()
        p.stderr.close()
        self.rc = p.wait()

    def result(self):
        return (self.done or {}).get("result")

    def message(self):
        return (self.done or {}).get("message") or self.stderr

    def __repr__(self):
        return (f"<racer {self.index} {self.command} {self.descriptor} rc={getattr(self, 'rc', None)} "
                f"{self.result()} revisions={self.revisions}: {self.message()[:200]!r}>")


def plan_round(rng, n, up):
    """@n commands that all have work to do, with different descriptors so
    that winners differ in what they do.  Going up moves at most 3
    revisions; going down at most 2.  (The demo history cannot re-apply a
    revision after its downgrade: each tenant goes up, up, down.)"""
    if up:
        return [("upgrade", rng.choice(["+1", "+2", "+3"])) for _ in range(n)]
    return [("downgrade", rng.choice(["-1", "-2"])) for _ in range(n)]


class RaceTest(unittest.TestCase):
    def setUp(self):
        self.parent = tempfile.mkdtemp(prefix="liminal-cli-race-")
        self.addCleanup(shutil.rmtree, self.parent)

    def test_one_run_at_a_time(self):
        seed = SEED if SEED is not None else random.randrange(1 << 30)
        rng = random.Random(seed)
        print(f"seed {seed}, {ROUNDS} rounds of {PROCS} processes from {CHECKOUTS} checkouts", file=sys.stderr)
        winners = []
        refused = 0
        for rnd in range(ROUNDS):
            if rnd % 3 == 0:
                if rnd:
                    self.check_final(tenant, winners)
                    tenant.stop()
                tenant = Tenant(os.path.join(self.parent, f"race-{rnd}"))
                self.addCleanup(tenant.stop)
                copies = [tenant.checkout(name) for name in ("a", "b", "c", "d")[:CHECKOUTS]]
                r = tenant.cli(copies[0], "stamp", "dev", "base")
                self.assertEqual(r.returncode, 0, r.stderr)
                winners = []
            commands = plan_round(rng, PROCS, rnd % 3 != 2)
            racers = [Racer(i, copies[i % len(copies)], c, d) for i, (c, d) in enumerate(commands)]
            log_before = len(tenant.log())
            threads = [threading.Thread(target=x.run, args=(rng.uniform(0, START_WINDOW_S),)) for x in racers]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            log = tenant.log()[log_before:]
            winner = None
            with self.subTest(round=rnd, racers=racers):
                done = [x for x in racers if x.result() == "complete" and x.revisions > 0]
                others = [x for x in racers if x not in done]
                # Exactly one changed the tenant; the others were refused,
                # naming the holder, before writing anything but a lock record.
                self.assertEqual(len(done), 1, racers)
                for x in others:
                    self.assertEqual(x.result(), "failed", x)
                    self.assertRegex(x.message(), HELD_RE, x)
                    self.assertRegex(x.message(), r" by \S+@\S+ \(pid \d+\)", x)
                    self.assertEqual(x.rc, 5, x)  # EXIT_LOCKED
                refused += len(others)
                # Operation writes of this round: the winner's alone.
                winner = done[0]
                expected = self.serial_writes(winner.command, winner.descriptor, winners)
                self.assertEqual(tenant.operation_writes(log), expected, winner)
            if winner is None:
                break
            winners.append((winner.command, winner.descriptor))
            status = tenant.cli(copies[1], "status", "--json")
            self.assertIsNone(json.loads(status.stdout)[0]["lock"], status.stdout)
        self.check_final(tenant, winners)
        print(f"{ROUNDS} rounds of {PROCS}: {ROUNDS} winners, {refused} refused", file=sys.stderr)

    def test_held_stale_and_freed(self):
        """A live holder shows in `status`/`current` and refuses `stamp`
        and `upgrade` with exit 5; killed with -9, its lock shows as stale
        and a plain upgrade from another checkout takes it over, finishes,
        and leaves the tenant unlocked."""
        tenant = Tenant(os.path.join(self.parent, "held"), latency=150)
        self.addCleanup(tenant.stop)
        a, b = tenant.checkout("a"), tenant.checkout("b")
        r = tenant.cli(a, "stamp", "dev", "base")
        self.assertEqual(r.returncode, 0, r.stderr)
        p = subprocess.Popen([CLI, "-C", a, "upgrade", "dev", "head"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=ENV)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        deadline = time.monotonic() + 60
        while True:
            self.assertLess(time.monotonic(), deadline)
            self.assertIsNone(p.poll(), "the upgrade ended before it was seen holding the lock")
            st = json.loads(tenant.cli(b, "status", "--json").stdout)[0]
            if st["lock"] is not None:
                break
            time.sleep(0.2)
        self.assertEqual(st["lock"]["action"], "upgrade")
        self.assertFalse(st["lock"]["stale"])
        self.assertFalse(st["lock"]["expired"])
        text = tenant.cli(b, "status").stdout
        self.assertRegex(text, r"upgrading since \d\d:\d\d by \S+@\S+")
        self.assertNotIn("process is gone", text)
        r = tenant.cli(b, "current", "dev")
        self.assertRegex(r.stdout, r"upgrading since")
        r = tenant.cli(b, "stamp", "dev", "base", "--yes")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertRegex(r.stderr, HELD_RE)
        r = tenant.cli(b, "upgrade", "dev", "head")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)

        p.send_signal(signal.SIGKILL)
        p.wait()
        st = json.loads(tenant.cli(b, "status", "--json").stdout)[0]
        if st["lock"] is not None:   # not killed between its release and exit
            self.assertTrue(st["lock"]["stale"], st)
            self.assertIn("process is gone", tenant.cli(b, "status").stdout)
        r = tenant.cli(b, "upgrade", "dev", "head")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        st = json.loads(tenant.cli(b, "status", "--json").stdout)[0]
        self.assertIsNone(st["lock"], st)

    def check_final(self, tenant, winners):
        """The final state equals a clean serial run of the winners, and
        the lock is one free field of liminal_remote."""
        remote = [t for t in tenant.state()["tagSchemas"] if t["sqlIdentifier"] == "liminal_remote"][0]
        locks = [f for f in remote["allFields"] if f["systemName"] == "lock"]
        self.assertEqual([f["displayName"] for f in locks], ["unlocked"])
        got, want = scrub(tenant.state()), scrub(self.replay(winners))
        if got != want and os.environ.get("LIMINAL_RACE_DUMP"):
            with open(os.environ["LIMINAL_RACE_DUMP"], "w") as f:
                json.dump([got, want], f, indent=1, sort_keys=True)
        self.assertEqual(got, want, winners)

    def replay_tenant(self, commands):
        """A fresh tenant with @commands run one after the other."""
        parent = tempfile.mkdtemp(prefix="liminal-cli-race-replay-", dir=self.parent)
        t = Tenant(parent, latency=0)
        folder = t.checkout("serial")
        r = t.cli(folder, "stamp", "dev", "base")
        assert r.returncode == 0, r.stderr
        for command, descriptor in commands:
            r = t.cli(folder, command, "dev", descriptor)
            assert r.returncode == 0, r.stdout + r.stderr
        return t, folder

    def serial_writes(self, command, descriptor, before):
        """Operation writes of @command after the winners @before."""
        t, folder = self.replay_tenant(before)
        try:
            n = len(t.log())
            r = t.cli(folder, command, "dev", descriptor)
            assert r.returncode == 0, r.stdout + r.stderr
            return t.operation_writes(t.log()[n:])
        finally:
            t.stop()

    def replay(self, commands):
        t, _ = self.replay_tenant(commands)
        try:
            return t.state()
        finally:
            t.stop()


if __name__ == "__main__":
    args = sys.argv[1:]
    rest = [sys.argv[0]]
    while args:
        a = args.pop(0)
        if a == "--rounds":
            ROUNDS = int(args.pop(0))
        elif a == "--procs":
            PROCS = int(args.pop(0))
        elif a == "--seed":
            SEED = int(args.pop(0))
        else:
            rest.append(a)
    unittest.main(argv=rest)

#!/usr/bin/env python3
"""End-to-end tests of the real `liminal` binary against the real
`liminal-sandbox` executable: status, current, stamp, upgrade, downgrade."""

import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import unittest

CLI = os.environ.get("LIMINAL_CLI", "liminal")
SANDBOX = os.environ.get("LIMINAL_SANDBOX_EXE", "liminal-sandbox")
ROOT = os.environ.get("LIMINAL_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "sandbox-secret"
PASSWORD = "sandbox"


def http(method, url, body=None):
    import urllib.request
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


class Sandbox:
    def __init__(self, state_dir, seed="empty", extra=()):
        self.proc = subprocess.Popen(
            [SANDBOX, "--state", os.path.join(state_dir, "sandbox.json"), "--seed", seed, "--port", "0",
             "--rate-limit", "0/30", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        assert line.startswith("Listening on "), line
        self.url = line[len("Listening on "):]

    def stop(self):
        self.proc.stdout.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class TenantCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="liminal-cli-tenants-")
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(self.dir, "versions"))
        self.sandbox = Sandbox(self.dir)
        self.write_tenants({"dev": self.sandbox.url})
        self.env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8",
                        LIMINAL_DEV_CLIENT_SECRET=SECRET, LIMINAL_DEV_ADMIN_PASSWORD=PASSWORD)
        history = json.loads(self.run_cli("history", "--json").stdout)
        self.ids = [r["id"] for r in history]

    def tearDown(self):
        self.sandbox.stop()
        shutil.rmtree(self.dir)

    def write_tenants(self, tenants):
        with open(os.path.join(self.dir, "tenants.ini"), "w") as f:
            for alias, url in tenants.items():
                f.write(f"[{alias}]\ntenant-name=pizzahouse-{alias}\nurl={url}\nclient-id=sandbox\n"
                        f"admin-email=admin@sandbox.test\n\n")

    def run_cli(self, *args, env=None, input=None):
        r = subprocess.run([CLI, "-C", self.dir, *args], capture_output=True, text=True,
                           env=env or self.env, timeout=300, input=input)
        for stream in (r.stdout, r.stderr):
            self.assertNotIn(SECRET, stream)
            self.assertNotIn("Bearer ", stream)
        return r

    def current(self, alias="dev"):
        r = self.run_cli("current", alias, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["revision"]

    def test_walk_the_history(self):
        r = self.run_cli("current", "dev")
        self.assertEqual(r.returncode, 1)
        self.assertIn("liminal stamp dev", r.stderr)
        r = self.run_cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no revision marker", r.stderr)

        r = self.run_cli("stamp", "dev", "base")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"Set revision_id to {self.ids[0]} within 'liminal_remote' schema.", r.stdout)
        self.assertEqual(self.current(), self.ids[0])

        r = self.run_cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"Upgrading from {self.ids[0]} to {self.ids[-1]}. {len(self.ids) - 1} revision file(s) away...",
                      r.stdout)
        self.assertTrue(r.stdout.rstrip().endswith("Migration complete"))
        self.assertIn(f"Revision id: {self.ids[1]}... (1/{len(self.ids) - 1})", r.stdout)
        self.assertEqual(self.current(), self.ids[-1])

        r = self.run_cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 0)
        self.assertIn("already at head", r.stdout)

        r = self.run_cli("downgrade", "dev", "-2")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"Downgrading from {self.ids[-1]} to {self.ids[-3]}. 2 revision file(s) away...", r.stdout)
        self.assertEqual(self.current(), self.ids[-3])

        r = self.run_cli("upgrade", "dev", "+1")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.current(), self.ids[-2])

        r = self.run_cli("upgrade", "dev", self.ids[-1])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.current(), self.ids[-1])

        # status agrees.
        r = self.run_cli("status", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        status = json.loads(r.stdout)
        self.assertEqual(status[0]["tenant"], "dev")
        self.assertEqual(status[0]["state"], "up-to-date")
        self.assertEqual(status[0]["behind"], 0)

    def test_descriptor_errors(self):
        self.run_cli("stamp", "dev", self.ids[3])
        n = len(self.ids)
        cases = [
            (("upgrade", "dev", "+0"), "Error with upgrade descriptor +0. Use '+n' where n is a positive number."),
            (("upgrade", "dev", "+x"), "Use '+n' where n is a positive number."),
            (("upgrade", "dev", f"+{n}"), f"Attempting to upgrade +{n} steps from {self.ids[3]} when there are "
                                         f"{n - 4} possible upgrade revisions left"),
            (("upgrade", "dev", self.ids[3]), f"Distance between {self.ids[3]} and {self.ids[3]} is 0"),
            (("upgrade", "dev", self.ids[1]), f"{self.ids[1]} is not a valid up revision from {self.ids[3]}."),
            (("upgrade", "dev", "-1"), "Error with upgrade descriptor -1. Must be 'head', '+n', or a valid revision id."),
            (("upgrade", "dev", "nonsense"), "Must be 'head', '+n', or a valid revision id."),
            (("downgrade", "dev", "head"), "Error with downgrade descriptor head. Must be '-n', or a valid revision id."),
            (("downgrade", "dev", "+1"), "Must be '-n', or a valid revision id."),
            (("downgrade", "dev", "-0"), "Use '-n' where n is a positive number."),
            (("downgrade", "dev", "-9"), "Attempting to downgrade -9 steps from"),
            (("downgrade", "dev", self.ids[5]), f"{self.ids[5]} is not a valid down revision from {self.ids[3]}."),
            (("downgrade", "dev", self.ids[3]), "No downgrade operations found."),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                r = self.run_cli(*args)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertIn(message, r.stderr)
        self.assertEqual(self.current(), self.ids[3])
        # Usage errors are not user errors.
        r = self.run_cli("upgrade", "dev")
        self.assertEqual(r.returncode, 2)
        r = self.run_cli("upgrade", "nobody", "head")
        self.assertEqual(r.returncode, 1)
        self.assertIn("nobody", r.stderr)

    def test_dry_run_and_json(self):
        self.run_cli("stamp", "dev", "base")
        r = self.run_cli("upgrade", "dev", "+3", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Dry run complete: no problems found.", r.stdout)
        self.assertEqual(self.current(), self.ids[0])  # nothing written

        r = self.run_cli("upgrade", "dev", "+2", "--json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        events = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(events[0]["event"], "plan")
        self.assertEqual(events[0]["from"], self.ids[0])
        self.assertEqual(events[0]["to"], self.ids[2])
        self.assertEqual(events[-1]["event"], "done")
        self.assertEqual(events[-1]["result"], "complete")
        done = [e for e in events if e["event"] == "operation" and e["state"] == "done"]
        self.assertEqual(len(done), events[0]["operations"])
        self.assertEqual(self.current(), self.ids[2])

    def option_in_use(self, dropdown, option, n=12):
        state = http("GET", self.sandbox.url + "/_sandbox/state")
        text = json.dumps(state)
        # Find the option's id in the snapshot, whatever its exact layout.
        found = []

        def walk(node, in_dropdown=False):
            if isinstance(node, dict):
                options = node.get("allSchemaFieldSelectorOptions", node.get("options"))
                if node.get("name") == dropdown and isinstance(options, list):
                    for o in options:
                        if o.get("name") == option:
                            found.append(o["id"])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(state)
        self.assertTrue(found, f"option {option} of {dropdown} not in the sandbox state: {text[:300]}")
        http("POST", self.sandbox.url + "/_sandbox/config", {"optionsInUse": {found[0]: n}})

    def test_option_in_use_needs_confirmation(self):
        self.sandbox.stop()
        os.makedirs(self.dir + "/sb2")
        self.sandbox = Sandbox(self.dir + "/sb2", seed=f"demo@{self.ids[6]}")
        self.write_tenants({"dev": self.sandbox.url})
        self.option_in_use("Crust Style", "Sicilian")

        # Not a terminal and no --yes: refused, nothing of that step applied.
        r = self.run_cli("upgrade", "dev", "+1")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("--yes", r.stderr)
        self.assertIn("Sicilian", r.stderr)
        self.assertEqual(self.current(), self.ids[6])

        # On a terminal the question is asked (Liminal's c/q); "q" refuses.
        cmd = " ".join(shlex.quote(a) for a in [CLI, "-C", self.dir, "upgrade", "dev", "--resume", "+1"])
        r = subprocess.run(["script", "-qec", cmd, "/dev/null"], input="q\n", capture_output=True, text=True,
                           env=self.env, timeout=120)
        self.assertIn("Type c to continue or q to quit", r.stdout)
        self.assertEqual(self.current(), self.ids[6])
        r = subprocess.run(["script", "-qec", cmd, "/dev/null"], input="c\n", capture_output=True, text=True,
                           env=self.env, timeout=120)
        self.assertIn("Migration complete", r.stdout, r.stdout)
        self.assertEqual(self.current(), self.ids[7])

    def test_missing_secret_and_unreachable(self):
        env = dict(self.env)
        del env["LIMINAL_DEV_CLIENT_SECRET"]
        r = self.run_cli("current", "dev", env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("LIMINAL_DEV_CLIENT_SECRET", r.stderr)

        self.write_tenants({"dev": self.sandbox.url, "gone": "http://127.0.0.1:9"})
        env = dict(self.env, LIMINAL_GONE_CLIENT_SECRET=SECRET, LIMINAL_GONE_ADMIN_PASSWORD=PASSWORD)
        r = self.run_cli("status", "--json", env=env)
        # A tenant that cannot be read: exit 4, the others still listed.
        self.assertEqual(r.returncode, 4, r.stderr)
        states = {s["tenant"]: s["state"] for s in json.loads(r.stdout)}
        self.assertEqual(states, {"dev": "no-marker", "gone": "unreachable"})
        r = self.run_cli("status", env=env)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("gone", r.stdout)

        # No marker is a reading, not a failure to read: exit 0.
        self.write_tenants({"dev": self.sandbox.url})
        r = self.run_cli("status")
        self.assertEqual(r.returncode, 0, r.stderr)

    # ---------------------------------------------------------- protected tenants

    def use_prod(self):
        """Tenants dev and prod (protected by its alias) on the sandbox;
        prod stamped at base with the options a script uses."""
        self.write_tenants({"dev": self.sandbox.url, "prod": self.sandbox.url})
        self.env.update(LIMINAL_PROD_CLIENT_SECRET=SECRET, LIMINAL_PROD_ADMIN_PASSWORD=PASSWORD)
        r = self.run_cli("stamp", "prod", "base", "--yes", "--confirm-tenant", "prod")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.current("prod"), self.ids[0])

    def on_terminal(self, *args, input):
        cmd = " ".join(shlex.quote(a) for a in [CLI, "-C", self.dir, *args])
        return subprocess.run(["script", "-qec", cmd, "/dev/null"], input=input, capture_output=True, text=True,
                              env=self.env, timeout=120)

    def test_protected_tenant_on_a_terminal(self):
        self.use_prod()
        r = self.on_terminal("upgrade", "prod", "+1", input="production\n")
        self.assertIn("prod is protected. Type its name to confirm: ", r.stdout)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertNotIn("Migration complete", r.stdout)
        self.assertEqual(self.current("prod"), self.ids[0])

        r = self.on_terminal("upgrade", "prod", "+1", input="prod\n")
        self.assertIn("prod is protected. Type its name to confirm: ", r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("Migration complete", r.stdout)
        self.assertEqual(self.current("prod"), self.ids[1])

        r = self.on_terminal("downgrade", "prod", "-1", input="prod\n")
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("Type its name to confirm", r.stdout)
        self.assertEqual(self.current("prod"), self.ids[0])

        r = self.on_terminal("stamp", "prod", self.ids[2], input="nope\n")
        self.assertIn("Type its name to confirm", r.stdout)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertEqual(self.current("prod"), self.ids[0])

        # A dry run never asks; an unprotected tenant is not asked either.
        r = self.on_terminal("upgrade", "prod", "+2", "--dry-run", input="")
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertNotIn("Type its name", r.stdout)
        self.assertIn("Dry run complete", r.stdout)
        self.run_cli("stamp", "dev", "base")
        r = self.on_terminal("upgrade", "dev", "+1", input="")
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertNotIn("Type its name", r.stdout)

    def test_protected_tenant_without_a_terminal(self):
        self.use_prod()
        for extra in ((), ("--yes",), ("--confirm-tenant", "prod")):
            for args in (("upgrade", "prod", "+1"), ("stamp", "prod", "head")):
                with self.subTest(args=args + extra):
                    r = self.run_cli(*args, *extra, input="prod\n")
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn("prod is protected", r.stderr)
                    self.assertIn("--yes", r.stderr)
                    self.assertIn("--confirm-tenant", r.stderr)
        self.assertEqual(self.current("prod"), self.ids[0])

        # A wrong name is refused whatever else is given.
        r = self.run_cli("upgrade", "prod", "+1", "--yes", "--confirm-tenant", "dev")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("dev", r.stderr)
        self.assertEqual(self.current("prod"), self.ids[0])

        r = self.run_cli("upgrade", "prod", "+1", "--yes", "--confirm-tenant", "prod")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Migration complete", r.stdout)
        self.assertEqual(self.current("prod"), self.ids[1])
        r = self.run_cli("downgrade", "prod", "-1", "-y", "--confirm-tenant=prod", "--json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(json.loads(r.stdout.splitlines()[-1])["result"], "complete")
        self.assertEqual(self.current("prod"), self.ids[0])

        # A dry run needs neither option.
        r = self.run_cli("upgrade", "prod", "head", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Dry run complete", r.stdout)

    def test_status_shows_protected(self):
        self.use_prod()
        r = self.run_cli("status", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        protected = {s["tenant"]: s["protected"] for s in json.loads(r.stdout)}
        self.assertEqual(protected, {"dev": False, "prod": True})
        r = self.run_cli("status")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = {line.split()[0]: line for line in r.stdout.splitlines()}
        self.assertIn("protected", lines["prod"])
        self.assertNotIn("protected", lines["dev"])


if __name__ == "__main__":
    unittest.main(verbosity=2)

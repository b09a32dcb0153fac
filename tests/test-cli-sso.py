#!/usr/bin/env python3
"""`liminal` and a single sign-on tenant (`auth = sso`) of the real
`liminal-sandbox --sso`: `status` says "Sign-in needed", `login` without a
display explains the cookie route (exit 2), `login` with a display starts
the app's sign-in mode (here tests/fake-sign-in, which walks the identity
provider and keeps the session in the keyring), the session from the
environment or the keyring serves every command, a session the tenant
rejects is removed from the keyring — and no session ever shows in --json
output, logs, run records, the journal or any file of the project.

Needs a desktop keyring: meson runs it through tests/run-with-keyring.sh."""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest
import urllib.parse
import urllib.request

CLI = os.environ.get("LIMINAL_CLI", "liminal")
SANDBOX = os.environ.get("LIMINAL_SANDBOX_EXE", "liminal-sandbox")
FAKE_SIGN_IN = os.environ.get("LIMINAL_FAKE_SIGN_IN", "fake-sign-in")
ROOT = os.environ.get("LIMINAL_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
START = "b27d9e41c0a8"
HEAD = "4e2c8a9d5b70"


def walk_idp(base):
    """A browser's sign-in: /signin → identity provider → back on the
    tenant; returns (session cookie, CSRF token of the page)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/signin", timeout=30) as r:
        page = r.read().decode()
        assert urllib.parse.urlparse(r.geturl()).path == "/_idp/login", r.geturl()
    relay = re.search(r'name="RelayState" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"RelayState": relay, "username": "sso@sandbox.test",
                                   "password": "sandbox-sso"}).encode()
    with opener.open(base + "/_idp/login", data=form, timeout=30) as r:
        page = r.read().decode()
        assert urllib.parse.urlparse(r.geturl()).path == "/", r.geturl()
    csrf = re.search(r'id="csrf_token" name="csrf_token" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "session")
    return cookie, csrf


def post(url):
    req = urllib.request.Request(url, data=b"", method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


class CliSsoTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="liminal-cli-sso-")
        self.scratch = tempfile.mkdtemp(prefix="liminal-cli-sso-scratch-")
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(self.dir, "versions"))
        self.proc = subprocess.Popen(
            [SANDBOX, "--state", os.path.join(self.scratch, "sandbox.json"), "--seed", "demo@" + START,
             "--port", "0", "--rate-limit", "0/30", "--sso"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        self.assertTrue(line.startswith("Listening on "), line)
        self.url = line[len("Listening on "):]
        with open(os.path.join(self.dir, "tenants.ini"), "w") as f:
            f.write(f"[staging]\ntenant-name=pizza-staging\nurl={self.url}\nclient-id=sandbox\nauth=sso\n")
        self.env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8", LIMINAL_NO_CACHE="1",
                        LIMINAL_STAGING_CLIENT_SECRET="sandbox-secret")
        self.env.pop("G_MESSAGES_DEBUG", None)
        for var in ("DISPLAY", "WAYLAND_DISPLAY", "LIMINAL_STAGING_SESSION", "LIMINAL_STAGING_CSRF"):
            self.env.pop(var, None)
        self.secrets = []     # every cookie and token these tests saw
        self.outputs = []     # every stdout and stderr of the CLI
        # The keyring is shared and entries are keyed by URL: a sandbox on a
        # port an earlier test used must not find that test's session.
        self.keyring("--clear")

    def tearDown(self):
        try:
            self.assert_no_secret_anywhere()
        finally:
            self.keyring("--clear")
            self.proc.stdout.close()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            shutil.rmtree(self.dir, ignore_errors=True)
            shutil.rmtree(self.scratch, ignore_errors=True)

    # ---------------------------------------------------------------- helpers

    def cli(self, *args, env=None, check_status=None, debug=False):
        """The CLI; with @debug, every debug message too (GLib prints them
        on stdout), for the grep of its output."""
        env = dict(env or self.env)
        if debug:
            env["G_MESSAGES_DEBUG"] = "all"
        r = subprocess.run([CLI, "-C", self.dir, *args], capture_output=True, text=True, env=env, timeout=240)
        self.outputs += [r.stdout, r.stderr]
        if check_status is not None:
            self.assertEqual(r.returncode, check_status, f"{args}: {r.stdout}\n{r.stderr}")
        return r

    def keyring(self, what):
        """fake-sign-in's keyring view of staging ("--keyring": "present" /
        "absent"), or removal of its entry ("--clear")."""
        r = subprocess.run([FAKE_SIGN_IN, what, "staging", "--project", self.dir], capture_output=True,
                           text=True, env=self.env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def fake_desktop_env(self, **extra):
        env = dict(self.env, DISPLAY=":99", LIMINAL_DESKTOP=FAKE_SIGN_IN,
                   FAKE_SIGN_IN_ARGS=os.path.join(self.scratch, "args"),
                   FAKE_SIGN_IN_SECRETS_OUT=os.path.join(self.scratch, "seen"))
        env.update(extra)
        return env

    def fake_secrets(self):
        path = os.path.join(self.scratch, "seen")
        if os.path.exists(path):
            with open(path) as f:
                self.secrets += [s for s in f.read().split() if s]

    def assert_no_secret_anywhere(self):
        self.fake_secrets()
        self.assertTrue(self.secrets)
        for text in self.outputs:
            for s in self.secrets:
                self.assertNotIn(s, text, "a session secret was printed")
        for folder, _, files in os.walk(self.dir):
            for name in files:
                with open(os.path.join(folder, name), "rb") as f:
                    data = f.read()
                for s in self.secrets:
                    self.assertNotIn(s.encode(), data, f"a session secret was written to {name}")

    def status_json(self, check_status=0):
        r = self.cli("status", "--json", check_status=check_status)
        return json.loads(r.stdout)[0]

    # ---------------------------------------------------------------- tests

    def test_sign_in_needed(self):
        self.secrets.append("no-secret-was-obtained")
        r = self.cli("status", check_status=4)
        self.assertIn("Sign-in needed", r.stdout)
        self.assertIn("liminal login staging", r.stdout)
        st = self.status_json(check_status=4)
        self.assertEqual(st["state"], "sign-in-needed")
        self.assertIsNone(st["revision"])
        r = self.cli("upgrade", "staging", "head", check_status=1)
        self.assertIn("single sign-on", r.stderr)

    def test_login_without_display(self):
        self.secrets.append("no-secret-was-obtained")
        r = self.cli("login", "staging", check_status=2)
        self.assertIn("No display", r.stderr)
        self.assertIn("LIMINAL_STAGING_SESSION", r.stderr)
        self.assertIn("LIMINAL_STAGING_CSRF", r.stderr)
        self.assertIn(self.url, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_login_starts_the_sign_in_window(self):
        r = self.cli("login", "staging", env=self.fake_desktop_env(), check_status=0)
        self.assertEqual(r.stdout.strip(), "Signed in to staging.")
        with open(os.path.join(self.scratch, "args")) as f:
            self.assertEqual(f.read().split("\n")[0], f"--sign-in staging --project {self.dir}")
        self.assertEqual(self.keyring("--keyring"), "present")
        # the next commands use the kept session, without a display
        st = self.status_json()
        self.assertEqual(st["state"], "behind")
        self.assertEqual(st["revision"], START)
        r = self.cli("upgrade", "staging", "head", "--json", check_status=0, debug=True)
        self.assertIn('"event"', r.stdout)
        self.assertIn("DEBUG", r.stdout + r.stderr)
        self.assertEqual(self.status_json()["state"], "up-to-date")
        self.cli("log", "--json", check_status=0)
        # the run record and the journal hold no secret (tearDown greps)
        self.assertTrue(os.listdir(os.path.join(self.dir, "runs")))

    def test_login_cancelled(self):
        self.secrets.append("no-secret-was-obtained")
        r = self.cli("login", "staging", env=self.fake_desktop_env(FAKE_SIGN_IN_CANCEL="1"), check_status=1)
        self.assertIn("cancelled", r.stderr)
        self.assertEqual(self.keyring("--keyring"), "absent")

    def test_session_from_the_environment(self):
        cookie, csrf = walk_idp(self.url)
        self.secrets += [cookie, csrf]
        env = dict(self.env, LIMINAL_STAGING_SESSION=cookie, LIMINAL_STAGING_CSRF=csrf)
        r = self.cli("current", "staging", "--json", env=env, check_status=0)
        self.assertEqual(json.loads(r.stdout)["revision"], START)
        r = self.cli("upgrade", "staging", "head", "--json", env=env, check_status=0, debug=True)
        r = self.cli("current", "staging", env=env, check_status=0)
        self.assertIn(HEAD, r.stdout)

    def test_rejected_session_removed(self):
        self.cli("login", "staging", env=self.fake_desktop_env(), check_status=0)
        self.assertEqual(self.keyring("--keyring"), "present")
        self.cli("current", "staging", check_status=0)
        self.assertEqual(post(self.url + "/_sandbox/expire-sessions")["expired"], 1)
        r = self.cli("current", "staging", check_status=1, debug=True)
        self.assertIn("liminal login staging", r.stderr)
        self.assertEqual(self.keyring("--keyring"), "absent")
        r = self.cli("status", check_status=4)
        self.assertIn("Sign-in needed", r.stdout)
        # signing in again: the tenant is readable again
        self.cli("login", "staging", env=self.fake_desktop_env(), check_status=0)
        self.assertEqual(self.status_json()["state"], "behind")


if __name__ == "__main__":
    unittest.main()

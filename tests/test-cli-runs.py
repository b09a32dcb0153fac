#!/usr/bin/env python3
"""Run records, `liminal log`, `liminal report` and promotion gates, through
the real `liminal` binary against real `liminal-sandbox` processes.

Every run that changes a tenant (or, dry, plans to) leaves one record in
runs/ beside versions/; `log --json` lists them in the form the JSON Schema
data/schemas/run-record.schema.json describes; a run killed with kill -9
shows as interrupted; no secret reaches a record; `report` writes Markdown,
HTML and a PDF whose text holds everything; `promote-after = test` gates
prod on what test ran, file hash by file hash.
"""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import jsonschema

from sandbox_cli import CLI, ENV, PASSWORD, ROOT, SECRET, http, start_sandbox, stop_sandbox

SCHEMA_PATH = os.path.join(ROOT, "data", "schemas", "run-record.schema.json")
with open(SCHEMA_PATH) as f:
    SCHEMA = json.load(f)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)

ENV_RUNS = dict(ENV)
for alias in ("TEST", "PROD"):
    ENV_RUNS[f"LIMINAL_{alias}_CLIENT_SECRET"] = SECRET
    ENV_RUNS[f"LIMINAL_{alias}_ADMIN_PASSWORD"] = PASSWORD


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Project:
    """A checkout of the demo history with one sandbox per tenant."""

    def __init__(self, aliases=("dev",), latency=0, extra=None):
        self.parent = tempfile.mkdtemp(prefix="liminal-runs-")
        self.dir = os.path.join(self.parent, "project")
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(self.dir, "versions"))
        self.sandboxes = {}
        ini = []
        for alias in aliases:
            proc, url = start_sandbox(os.path.join(self.parent, f"{alias}.json"), latency)
            self.sandboxes[alias] = (proc, url)
            ini.append(f"[{alias}]\ntenant-name=pizzahouse-{alias}\nurl={url}\nclient-id=sandbox\n"
                       f"admin-email=admin@sandbox.test\n" + (extra or {}).get(alias, "") + "\n")
        with open(os.path.join(self.dir, "tenants.ini"), "w") as f:
            f.write("".join(ini))

    def url(self, alias):
        return self.sandboxes[alias][1]

    def cli(self, *args, check=None):
        r = subprocess.run([CLI, "-C", self.dir, *args], capture_output=True, text=True, env=ENV_RUNS, timeout=300)
        if check is not None:
            assert r.returncode == check, f"{args}: rc {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    def start(self, *args):
        return subprocess.Popen([CLI, "-C", self.dir, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=ENV_RUNS)

    def log(self, *args):
        r = self.cli("log", "--json", *args, check=0)
        records = json.loads(r.stdout)
        for record in records:
            errors = sorted(VALIDATOR.iter_errors(record), key=str)
            assert not errors, f"{record.get('run')}: {errors[0].message} at {list(errors[0].absolute_path)}"
        return records

    def runs_dir(self):
        return os.path.join(self.dir, "runs")

    def revision_file(self, rev_id):
        folder = os.path.join(self.dir, "versions")
        return os.path.join(folder, next(n for n in os.listdir(folder) if n.startswith(rev_id)))

    def writes(self, alias):
        return [e for e in http("GET", self.url(alias) + "/_sandbox/requests")
                if e["method"] != "GET" and e["route"] not in ("POST /api/v2/token", "POST /signin")]

    def close(self):
        for proc, _ in self.sandboxes.values():
            stop_sandbox(proc)
        shutil.rmtree(self.parent)


def history(project):
    r = project.cli("history", "--json", check=0)
    return [rev["id"] for rev in json.loads(r.stdout)]


class RecordsTest(unittest.TestCase):
    """Upgrade, fail mid-way, resume, downgrade, stamp, dry run: each is a
    record `log --json` lists, valid against the schema."""

    def setUp(self):
        self.p = Project()

    def tearDown(self):
        self.p.close()

    def test_every_kind_of_run(self):
        p = self.p
        ids = history(p)
        p.cli("stamp", "dev", "base", check=0)
        records = p.log()
        self.assertEqual(len(records), 1)
        stamp = records[0]
        self.assertEqual((stamp["command"], stamp["outcome"], stamp["to"]), ("stamp", "succeeded", ids[0]))
        self.assertIsNone(stamp["from"])

        p.cli("upgrade", "dev", "+1", check=0)
        up = p.log()[0]
        self.assertEqual((up["command"], up["descriptor"], up["outcome"]), ("upgrade", "+1", "succeeded"))
        self.assertEqual((up["from"], up["to"], up["marker"]), (ids[0], ids[1], ids[1]))
        self.assertEqual(up["tool"]["front_end"], "cli")
        self.assertEqual(up["tenant"], {"alias": "dev", "name": "pizzahouse-dev", "url": p.url("dev")})
        self.assertEqual(up["identity"], {"client_id": "sandbox", "user": "admin@sandbox.test"})
        self.assertEqual(up["user"], os.environ.get("USER") or up["user"])
        self.assertTrue(up["host"])
        self.assertEqual([r["id"] for r in up["revisions"]], [ids[1]])
        rev = up["revisions"][0]
        self.assertEqual(rev["sha256"], sha256(p.revision_file(ids[1])))
        self.assertEqual(rev["state"], "done")
        self.assertTrue(rev["operations"])
        for op in rev["operations"]:
            self.assertIn(op["outcome"], ("done", "skipped"), op)
            self.assertTrue(op["describe"])
            self.assertTrue(op["started"] and op["ended"] and op["started"] <= op["ended"], op)
        self.assertGreater(sum(op["requests"] for op in rev["operations"]), 0)
        self.assertGreaterEqual(up["totals"]["requests"], sum(op["requests"] for op in rev["operations"]))
        self.assertGreaterEqual(up["duration_ms"], 0)
        self.assertTrue(up["started"] <= up["ended"])

        # A dry run is recorded, marked so, and changes nothing.
        p.cli("upgrade", "dev", "head", "--dry-run", check=0)
        dry = p.log()[0]
        self.assertTrue(dry["dry_run"])
        self.assertEqual((dry["outcome"], dry["from"], dry["to"]), ("succeeded", ids[1], ids[-1]))
        self.assertEqual(len(dry["revisions"]), len(ids) - 2)

        # Fail mid-way: the tenant refuses the first name template set.
        http("POST", p.url("dev") + "/_sandbox/faults",
             [{"route": "POST /1/api/tag-schemas/{id}/actions/set-name-template", "nth": 1,
               "action": "status:400"}])
        r = p.cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        failed = p.log()[0]
        self.assertEqual(failed["outcome"], "failed")
        self.assertIn("failed at step", failed["message"])
        bad = [op for rev in failed["revisions"] for op in rev["operations"] if op["outcome"] == "failed"]
        self.assertEqual(len(bad), 1)
        self.assertTrue(bad[0]["message"])
        self.assertIn("failed", [rev["state"] for rev in failed["revisions"]])

        # Resume: a new record that names the one it resumes.
        http("DELETE", p.url("dev") + "/_sandbox/faults")
        p.cli("upgrade", "dev", "head", "--resume", check=0)
        resumed = p.log()[0]
        self.assertEqual((resumed["outcome"], resumed["resume"], resumed["resumes"]),
                         ("succeeded", True, failed["run"]))
        self.assertEqual(resumed["marker"], ids[-1])
        tasks = [t for rev in resumed["revisions"] for op in rev["operations"] for t in op["tasks"]]
        self.assertTrue(all(isinstance(t, str) and t and "/" not in t for t in tasks), tasks)

        p.cli("downgrade", "dev", "-1", check=0)
        down = p.log()[0]
        self.assertEqual((down["command"], down["descriptor"], down["direction"]), ("downgrade", "-1", "downgrade"))
        self.assertEqual((down["from"], down["to"], down["outcome"]), (ids[-1], ids[-2], "succeeded"))

        records = p.log()
        self.assertEqual(len(records), 6)
        self.assertEqual([r["started"] for r in records], sorted((r["started"] for r in records), reverse=True))
        self.assertEqual(len(p.log("--limit", "2")), 2)
        self.assertEqual(len(p.log("nosuch")), 0)
        text = p.cli("log", check=0).stdout.splitlines()
        self.assertEqual(len(text), 6)
        self.assertIn("dev", text[0])
        self.assertIn("succeeded", text[0].lower())

        # One file per run, each line a JSON object; no secret anywhere.
        files = sorted(os.listdir(p.runs_dir()))
        self.assertEqual(len(files), 6)
        for name in files:
            with open(os.path.join(p.runs_dir(), name)) as f:
                text = f.read()
            for line in text.splitlines():
                json.loads(line)
            self.assertNotIn(SECRET, text)
            self.assertNotRegex(text, r"(?i)bearer|password|csrf|cookie|session_")

        # Reports: Markdown, HTML, PDF.
        md = p.cli("report", up["run"][:-2], check=0).stdout
        for needle in ("dev", "pizzahouse-dev", up["user"], ids[1], rev["sha256"],
                       *[op["describe"] for op in rev["operations"]]):
            self.assertIn(needle, md)
        html_path = os.path.join(p.parent, "r.html")
        p.cli("report", failed["run"], "-o", html_path, check=0)
        with open(html_path) as f:
            self.assertIn("<!DOCTYPE html>", f.read())
        pdf_path = os.path.join(p.parent, "r.pdf")
        p.cli("report", resumed["run"], "-o", pdf_path, "--format", "pdf", check=0)
        pdf_text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, text=True,
                                  check=True).stdout
        flat = re.sub(r"\s+", " ", pdf_text)
        for needle in ("dev", resumed["user"], resumed["identity"]["user"]):
            self.assertIn(needle, flat)
        for rev in resumed["revisions"]:
            self.assertIn(rev["id"], flat)
            self.assertIn(rev["sha256"], pdf_text)
            for op in rev["operations"]:
                self.assertIn(re.sub(r"\s+", " ", op["describe"]), flat)
        build = os.environ.get("MESON_BUILD_ROOT") or os.environ.get("G_TEST_BUILDDIR")
        if build:
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf_path,
                            os.path.join(build, "screenshot-report-page1")], check=True)
        # A date range: every run of today.
        day = records[0]["started"][:10]
        md_all = p.cli("report", "--since", day, "dev", check=0).stdout
        for record in records:
            self.assertIn(record["run"], md_all)
        self.assertEqual(p.cli("report", "nosuchrun").returncode, 1)
        self.assertEqual(p.cli("report", up["run"], "--format", "pdf").returncode, 2)

    def test_kill_9_leaves_an_interrupted_record(self):
        p = self.p
        p.close()
        self.p = p = Project(latency=40)
        p.cli("stamp", "dev", "base", check=0)
        proc = p.start("upgrade", "dev", "head")
        deadline = time.monotonic() + 60
        # Kill once the record shows an operation running.
        while time.monotonic() < deadline:
            names = [n for n in os.listdir(p.runs_dir()) if n.endswith(".jsonl")] if os.path.isdir(p.runs_dir()) \
                else []
            lines = 0
            for n in names:
                with open(os.path.join(p.runs_dir(), n)) as f:
                    lines = max(lines, sum(1 for _ in f))
            if len(names) == 2 and lines > 3:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        killed = p.log()[0]
        self.assertEqual(killed["command"], "upgrade")
        self.assertEqual(killed["outcome"], "interrupted")
        self.assertIsNone(killed["ended"])
        self.assertIn("interrupted", p.cli("log", check=0).stdout.splitlines()[0].lower())
        # Resuming names it.
        p.cli("upgrade", "dev", "head", "--resume", check=0)
        resumed = p.log()[0]
        self.assertEqual((resumed["outcome"], resumed["resumes"]), ("succeeded", killed["run"]))


class GateTest(unittest.TestCase):
    """promote-after = test: prod follows test, file hash by file hash."""

    def setUp(self):
        self.p = Project(aliases=("test", "prod"), extra={"prod": "promote-after = test\n"})
        self.p.cli("stamp", "test", "base", check=0)
        self.p.cli("stamp", "prod", "base", "--yes", "--confirm-tenant", "prod", check=0)

    def tearDown(self):
        self.p.close()

    def upgrade_prod(self, *extra):
        return self.p.cli("upgrade", "prod", "head", "--yes", "--confirm-tenant", "prod", *extra)

    def test_gate(self):
        p = self.p
        ids = history(p)
        writes = len(p.writes("prod"))
        r = self.upgrade_prod()
        self.assertEqual(r.returncode, 6, r.stdout + r.stderr)
        self.assertIn("waiting for test", r.stderr)
        for rev in ids[1:]:
            self.assertIn(f"test has not run revision {rev}", r.stderr)
        self.assertIn("--override-gate", r.stderr)
        self.assertEqual(len(p.writes("prod")), writes, "a refused upgrade writes nothing")
        status = {s["tenant"]: s for s in json.loads(p.cli("status", "--json").stdout)}
        self.assertEqual(status["prod"]["waiting_for"], "test")
        self.assertIsNone(status["test"]["waiting_for"])
        self.assertIn("waiting for test", p.cli("status").stdout)
        # A dry run is never gated.
        p.cli("upgrade", "prod", "head", "--dry-run", check=0)

        # test runs part of the history: prod may follow that far, no further.
        p.cli("upgrade", "test", "+2", check=0)
        p.cli("upgrade", "prod", "+2", "--yes", "--confirm-tenant", "prod", check=0)
        r = self.upgrade_prod()
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertNotIn(f"revision {ids[1]}", r.stderr)
        p.cli("upgrade", "test", "head", check=0)
        self.assertIsNone({s["tenant"]: s for s in json.loads(p.cli("status", "--json").stdout)}["prod"]
                          ["waiting_for"])

        # A revision file changed after test ran it: closed again for that
        # revision, open for the others.
        changed = p.revision_file(ids[-1])
        with open(changed, "a") as f:
            f.write("\n# reviewed again\n")
        p.cli("upgrade", "prod", ids[-2], "--yes", "--confirm-tenant", "prod", check=0)
        r = self.upgrade_prod()
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn(f"test ran revision {ids[-1]} from a different file", r.stderr)
        self.assertNotIn(f"revision {ids[-2]}", r.stderr)
        self.assertEqual({s["tenant"]: s for s in json.loads(p.cli("status", "--json").stdout)}["prod"]
                         ["waiting_for"], "test")

        # An override with a reason passes, and the reason is recorded.
        self.assertEqual(self.upgrade_prod("--override-gate", "  ").returncode, 2)
        reason = "CR-1234: hotfix approved by QA"
        r = self.upgrade_prod("--override-gate", reason)
        self.assertEqual(r.returncode, 0, r.stderr)
        record = p.log("prod")[0]
        self.assertEqual(record["override"], {"reason": reason, "gates": ["test"]})
        self.assertEqual(record["outcome"], "succeeded")
        self.assertIn(reason, p.cli("report", record["run"], check=0).stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)

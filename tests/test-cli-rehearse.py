#!/usr/bin/env python3
"""`liminal rehearse`, through the real `liminal` binary against real
`liminal-sandbox` processes (issue 14, items 1 and 2).

The demo project's tenants (test two revisions behind head, prod four, at
Benchling's default rate limit of 60 requests per 30 s) rehearse their
upgrade to head on an in-process clone: the rehearsal succeeds, prints the
requests the real run costs, the time at 60 per 30 s and before → after
per schema and dropdown, and the tenants themselves receive only GET
requests (and the sign-in).  A revision that would fail on the tenant (a
field that already exists) is reported with its revision and operation, and
the tenant is untouched.  `rehearse --history` passes on a history whose
round trips are exact and names the revision whose downgrade is broken.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest

from sandbox_cli import AUTH_ROUTES, CLI, ENV, PASSWORD, ROOT, SANDBOX, SECRET, http

try:
    import jsonschema
    with open(os.path.join(ROOT, "data", "schemas", "run-record.schema.json")) as f:
        VALIDATOR = jsonschema.Draft7Validator(json.load(f))
except ImportError:  # the schema check is test-cli-runs.py's; here it is a bonus
    VALIDATOR = None

ENV_REHEARSE = dict(ENV)
for alias in ("TEST", "PROD"):
    ENV_REHEARSE[f"LIMINAL_{alias}_CLIENT_SECRET"] = SECRET
    ENV_REHEARSE[f"LIMINAL_{alias}_ADMIN_PASSWORD"] = PASSWORD

EXIT_REHEARSAL_FAILED = 7
HEAD = "4e2c8a9d5b70"
TEST_AT = "2c0a6e7b3f58"   # the demo's test tenant: head - 2
PROD_AT = "0a8e4c5f1d36"   # the demo's prod tenant: head - 4

HEADER = '''
"""
{description}

Revision ID: {rev}
Revises: {down}
Create Date: 2026-03-01 10:00:00
"""

import liminal.external as b

revision = "{rev}"
down_revision = {down_repr}


def upgrade() -> list[b.BaseOperation]:
    return [{up}]


def downgrade() -> list[b.BaseOperation]:
    return [{down_ops}]
'''


def revision_file(folder, rev, down, description, up, down_ops):
    name = f"{rev}_{description.replace(' ', '_')}.py"
    with open(os.path.join(folder, name), "w") as f:
        f.write(HEADER.format(description=description, rev=rev, down=down, down_repr=repr(down) if down else "None",
                              up=",\n        ".join(up), down_ops=",\n        ".join(down_ops)))


def start_tenant(state_path, seed):
    """A demo tenant: a `liminal-sandbox` process at Benchling's default
    rate limit (60 / 30 s)."""
    proc = subprocess.Popen([SANDBOX, "--state", state_path, "--seed", seed, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    assert line.startswith("Listening on "), line
    return proc, line[len("Listening on "):]


def stop(proc):
    proc.stdout.close()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Demo:
    """The demo project: its history and the test and prod tenants."""

    def __init__(self, tenants=(("test", TEST_AT), ("prod", PROD_AT))):
        self.parent = tempfile.mkdtemp(prefix="liminal-rehearse-")
        self.dir = os.path.join(self.parent, "pizzeria")
        self.versions = os.path.join(self.dir, "versions")
        shutil.copytree(os.path.join(ROOT, "versions"), self.versions)
        self.tenants = {}
        ini = []
        for alias, at in tenants:
            proc, url = start_tenant(os.path.join(self.parent, f"{alias}.json"), f"demo@{at}")
            self.tenants[alias] = (proc, url)
            ini.append(f"[{alias}]\ntenant-name={alias}\nurl={url}\nclient-id=sandbox\n"
                       f"admin-email=admin@sandbox.test\n" + ("protected=true\n" if alias == "prod" else "") + "\n")
        with open(os.path.join(self.dir, "tenants.ini"), "w") as f:
            f.write("".join(ini))

    def url(self, alias):
        return self.tenants[alias][1]

    def cli(self, *args, check=None):
        r = subprocess.run([CLI, "-C", self.dir, *args], capture_output=True, text=True, env=ENV_REHEARSE,
                           timeout=600)
        if check is not None:
            assert r.returncode == check, f"{args}: rc {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    def received(self, alias):
        """What the tenant's sandbox was sent: (route, status) pairs."""
        return [(e["route"], e["status"]) for e in http("GET", self.url(alias) + "/_sandbox/requests")]

    def state(self, alias):
        return http("GET", self.url(alias) + "/_sandbox/state")

    def close(self):
        for proc, _ in self.tenants.values():
            stop(proc)
        shutil.rmtree(self.parent, ignore_errors=True)


class RehearseDemo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.demo = Demo()

    @classmethod
    def tearDownClass(cls):
        cls.demo.close()

    def assert_only_read(self, alias, before):
        received = self.demo.received(alias)
        self.assertTrue(received)
        writes = [r for r, _ in received if not r.startswith("GET ") and r not in AUTH_ROUTES]
        self.assertEqual(writes, [], f"{alias} received writes during the rehearsal")
        self.assertEqual(self.demo.state(alias), before, f"{alias} changed")

    def rehearse(self, alias, at, n_revisions):
        before = self.demo.state(alias)
        r = self.demo.cli("rehearse", alias, check=0)
        out = r.stdout
        self.assertIn(f"Upgrade from {at} to {HEAD}, {n_revisions} revision(s).", out)
        self.assertRegex(out, r"The real run: \d+ requests, about \d+ s at 60 requests per 30 s\.")
        self.assertIn("What the tenant will look like (before → after):", out)
        self.assertIn("  schema Pizza Sauce (pizza_sauce): active → active", out)
        self.assertIn("      field Salt Content (salt_content) added", out)
        self.assertIn(f"Round trips: {n_revisions} revision(s) went down and up again exactly.", out)
        self.assertIn(f"Rehearsal succeeded. Nothing was written to {alias}.", out)
        self.assertIn("Recorded as run ", r.stderr)
        self.assert_only_read(alias, before)
        return out

    def test_1_test(self):
        out = self.rehearse("test", TEST_AT, 2)
        requests = int(out.split("The real run: ")[1].split(" ")[0])
        # A real upgrade of a copy of the same tenant sends what the rehearsal said.
        self.assertGreater(requests, 10)

    def test_2_prod(self):
        out = self.rehearse("prod", PROD_AT, 4)
        # prod is further behind: what revisions 1b9f…, 2c0a… do shows too
        self.assertIn("  dropdown Oven: active → active", out)
        self.assertIn("      renamed from Oven Type", out)
        self.assertIn("      option Burrata added", out)
        self.assertIn("  schema Pizza Topping (topping): active → active", out)

    def test_3_json_and_log(self):
        before = self.demo.state("test")
        r = self.demo.cli("rehearse", "test", "--json", "--unpaced", check=0)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["result"], "succeeded")
        self.assertEqual((doc["from"], doc["to"], doc["revisions"]), (TEST_AT, HEAD, 2))
        self.assertEqual(doc["rate_limit"], {"requests": 60, "window_s": 30})
        self.assertGreater(doc["requests"], 10)
        self.assertEqual(doc["seconds"], -(-doc["requests"] * 30 // 60))
        self.assertIsNone(doc["failure"])
        self.assertEqual(doc["round_trips"], 2)
        names = {(c["kind"], c["name"]) for c in doc["changes"]}
        self.assertIn(("schema", "Pizza Sauce (pizza_sauce)"), names)
        self.assert_only_read("test", before)
        records = json.loads(self.demo.cli("log", "test", "--json", check=0).stdout)
        rehearsals = [x for x in records if x.get("kind") == "rehearsal"]
        self.assertTrue(rehearsals)
        latest = rehearsals[0]
        self.assertEqual(latest["run"], doc["run"])
        self.assertEqual((latest["command"], latest["outcome"], latest["dry_run"]), ("rehearse", "succeeded", True))
        self.assertEqual(latest["marker"], TEST_AT)   # the tenant stays where it was
        if VALIDATOR:
            errors = sorted(VALIDATOR.iter_errors(latest), key=str)
            self.assertFalse(errors, errors and errors[0].message)
        text = self.demo.cli("log", "test", check=0).stdout
        self.assertIn("· rehearsal (nothing written)", text.splitlines()[0])

    def test_4_failing_revision(self):
        """A revision that would fail on this tenant: it adds a field the
        pizza schema already has."""
        new = "5f3d0a1b2c3d"
        path = None
        revision_file(self.demo.versions, new, HEAD, "add bake time again",
                      ["b.CreateDropdown('Box Size', ['Small', 'Large'])",
                       "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Bake Time', "
                       "warehouse_name='bake_time', type=b.BenchlingFieldType.TEXT, required=False, is_multi=False, "
                       "parent_link=False, dropdown_link=None, entity_link=None, tooltip=None, decimal_places=None, "
                       "unit_name=None), 3)"],
                      ["b.ArchiveEntitySchemaField('pizza', 'bake_time')", "b.ArchiveDropdown('Box Size')"])
        path = [os.path.join(self.demo.versions, f) for f in os.listdir(self.demo.versions) if f.startswith(new)][0]
        try:
            before = self.demo.state("test")
            r = self.demo.cli("rehearse", "test", check=EXIT_REHEARSAL_FAILED)
            self.assertIn(f"Rehearsal failed: revision {new}, operation 2 (", r.stdout)
            self.assertIn("during upgrade", r.stdout)
            self.assertIn("bake_time", r.stdout)
            self.assertIn("Nothing was written to test.", r.stdout)
            self.assert_only_read("test", before)
            doc = json.loads(self.demo.cli("rehearse", "test", "--json", "--unpaced",
                                           check=EXIT_REHEARSAL_FAILED).stdout)
            self.assertEqual(doc["result"], "failed")
            self.assertEqual(doc["failure"]["revision"], new)
            self.assertEqual(doc["failure"]["operation"], 2)
            self.assertEqual(doc["failure"]["step"], "upgrade")
            self.assertTrue(doc["failure"]["message"])
            self.assert_only_read("test", before)
            records = json.loads(self.demo.cli("log", "test", "--json", check=0).stdout)
            self.assertEqual(records[0]["outcome"], "failed")
            self.assertEqual(records[0]["kind"], "rehearsal")
        finally:
            os.unlink(path)

    def test_5_usage(self):
        self.assertEqual(self.demo.cli("rehearse").returncode, 2)
        self.assertEqual(self.demo.cli("rehearse", "test", "--history").returncode, 2)
        self.assertEqual(self.demo.cli("rehearse", "nosuch").returncode, 1)
        r = self.demo.cli("rehearse", "test", "nosuchrevision")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)

    def test_6_real_run_costs_what_was_rehearsed(self):
        """Last: it upgrades the test tenant for real."""
        doc = json.loads(self.demo.cli("rehearse", "test", "--json", "--unpaced", check=0).stdout)
        before = http("GET", self.demo.url("test") + "/_sandbox/stats")["total"]
        self.demo.cli("upgrade", "test", "head", "--yes", check=0)
        after = http("GET", self.demo.url("test") + "/_sandbox/stats")["total"]
        self.assertEqual(after - before, doc["requests"])
        r = self.demo.cli("rehearse", "test", check=0)
        self.assertIn(f"Tenant test is already at {HEAD}: nothing to rehearse.", r.stdout)
        self.assertEqual(json.loads(self.demo.cli("rehearse", "test", "--json", check=0).stdout)["up_to_date"], True)


class RehearseHistory(unittest.TestCase):
    """`rehearse --history` on an empty sandbox tenant: needs no tenant."""

    def project(self, broken=False):
        parent = tempfile.mkdtemp(prefix="liminal-history-")
        self.addCleanup(shutil.rmtree, parent, True)
        versions = os.path.join(parent, "versions")
        os.makedirs(versions)
        revision_file(versions, "a1a1a1a1a1a1", None, "Initial init revision", [], [])
        revision_file(versions, "b2b2b2b2b2b2", "a1a1a1a1a1a1", "box size",
                      ["b.CreateDropdown('Box Size', ['Small', 'Large'])"], ["b.ArchiveDropdown('Box Size')"])
        revision_file(versions, "c3c3c3c3c3c3", "b2b2b2b2b2b2", "sauce kind",
                      ["b.CreateDropdown('Sauce Kind', ['Red', 'White'])"],
                      [] if broken else ["b.ArchiveDropdown('Sauce Kind')"])
        revision_file(versions, "d4d4d4d4d4d4", "c3c3c3c3c3c3", "crate and box",
                      ["b.CreateDropdown('Crate', ['Wood', 'Plastic'])",
                       "b.UpdateDropdownName('Box Size', 'Box')"],
                      ["b.UpdateDropdownName('Box', 'Box Size')",
                       "b.ArchiveDropdown('Crate')"])
        return parent

    def cli(self, folder, *args):
        return subprocess.run([CLI, "-C", folder, *args], capture_output=True, text=True, env=ENV, timeout=600)

    def test_exact_history_passes(self):
        folder = self.project()
        r = self.cli(folder, "rehearse", "--history")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("History rehearsal succeeded: 3 revision(s) from a1a1a1a1a1a1 to d4d4d4d4d4d4", r.stdout)
        doc = json.loads(self.cli(folder, "rehearse", "--history", "--json").stdout)
        self.assertEqual((doc["result"], doc["round_trips"], doc["failure"]), ("succeeded", 3, None))
        self.assertFalse(os.path.exists(os.path.join(folder, "runs")), "a history rehearsal touches no tenant")

    def test_broken_downgrade_is_named(self):
        folder = self.project(broken=True)
        r = self.cli(folder, "rehearse", "--history")
        self.assertEqual(r.returncode, EXIT_REHEARSAL_FAILED, r.stdout + r.stderr)
        self.assertIn("Rehearsal failed: revision c3c3c3c3c3c3, during round trip (downgrade): Downgrading "
                      "c3c3c3c3c3c3 does not give back the tenant as it was at b2b2b2b2b2b2", r.stdout)
        self.assertIn("Sauce Kind", r.stdout)
        doc = json.loads(self.cli(folder, "rehearse", "--history", "--json").stdout)
        self.assertEqual(doc["failure"]["revision"], "c3c3c3c3c3c3")
        self.assertIsNone(doc["failure"]["operation"])

    # Re-creating a dropdown after its downgrade archived it, when a later
    # revision's downgrade left an archived option in it: CreateDropdown('Box
    # Size', ['Small', 'Large']) meets the archived 'Box Size' with 'Medium'
    # archived and unarchives it (Liminal: "Dropdown Box Size is different in
    # code versus Benchling.").
    def test_dropdown_recreated_with_archived_option(self):
        folder = tempfile.mkdtemp(prefix="liminal-history-")
        self.addCleanup(shutil.rmtree, folder, True)
        versions = os.path.join(folder, "versions")
        os.makedirs(versions)
        revision_file(versions, "a1a1a1a1a1a1", None, "Initial init revision", [], [])
        revision_file(versions, "b2b2b2b2b2b2", "a1a1a1a1a1a1", "box size",
                      ["b.CreateDropdown('Box Size', ['Small', 'Large'])"], ["b.ArchiveDropdown('Box Size')"])
        revision_file(versions, "c3c3c3c3c3c3", "b2b2b2b2b2b2", "medium box",
                      ["b.CreateDropdownOption('Box Size', 'Medium', 1)"],
                      ["b.ArchiveDropdownOption('Box Size', 'Medium', 1)"])
        r = self.cli(folder, "rehearse", "--history")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    # The demo history holds every one of the 18 operation kinds.  It
    # round-trips exactly thanks to three deliberate differences from
    # Liminal (README): re-creating a schema its own downgrade archived
    # (f7d3b9c4e025), re-creating a dropdown with archived options, and
    # field indexes that count active fields (d5b1f6e90c27 after 0a8e4c5f1d36).
    def test_demo_history(self):
        folder = tempfile.mkdtemp(prefix="liminal-history-demo-")
        self.addCleanup(shutil.rmtree, folder, True)
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(folder, "versions"))
        r = self.cli(folder, "rehearse", "--history")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    # A second, different history (a cloning core: plasmids, primers, cell
    # lines, antibodies; tests/data/every-kind/README.md) that also holds
    # every operation kind: entity and parent links, dropdown links, units,
    # fields inserted in front of fields a later revision archives, a schema
    # archived and unarchived, an option renamed then archived, name
    # templates with eight part kinds.
    OPERATION_KINDS = {
        "CreateDropdown", "ArchiveDropdown", "UnarchiveDropdown", "UpdateDropdownName",
        "CreateDropdownOption", "ArchiveDropdownOption", "UpdateDropdownOption", "ReorderDropdownOptions",
        "CreateEntitySchema", "ArchiveEntitySchema", "UnarchiveEntitySchema", "UpdateEntitySchema",
        "UpdateEntitySchemaNameTemplate", "CreateEntitySchemaField", "ArchiveEntitySchemaField",
        "UnarchiveEntitySchemaField", "UpdateEntitySchemaField", "ReorderEntitySchemaFields",
    }

    def test_every_kind_history(self):
        source = os.path.join(ROOT, "tests", "data", "every-kind", "versions")
        up, down, parts = set(), set(), set()
        files = sorted(f for f in os.listdir(source) if f.endswith(".py"))
        for name in files:
            with open(os.path.join(source, name), encoding="utf-8") as f:
                upgrade, downgrade = f.read().split("def downgrade()")
            up |= set(re.findall(r"\bb\.(\w+)\(", upgrade)) & self.OPERATION_KINDS
            down |= set(re.findall(r"\bb\.(\w+)\(", downgrade)) & self.OPERATION_KINDS
            parts |= set(re.findall(r"\bb\.(\w+Part)\(", upgrade + downgrade))
        self.assertGreaterEqual(len(files), 8)
        self.assertEqual(self.OPERATION_KINDS - up, set(), "kinds missing from the upgrades")
        # A create's reverse is an archive: every other kind runs in a downgrade too.
        self.assertEqual(self.OPERATION_KINDS - down,
                         {"CreateDropdown", "CreateEntitySchema", "CreateEntitySchemaField"},
                         "kinds missing from the downgrades")
        self.assertGreaterEqual(parts, {"TextPart", "SeparatorPart", "FieldPart", "CreationDatePart",
                                        "CreationYearPart", "ParentRegistryIdPart", "ProjectPart",
                                        "RegistryIdentifierNumberPart"})

        folder = tempfile.mkdtemp(prefix="liminal-history-every-kind-")
        self.addCleanup(shutil.rmtree, folder, True)
        shutil.copytree(source, os.path.join(folder, "versions"))
        r = self.cli(folder, "rehearse", "--history")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"History rehearsal succeeded: {len(files) - 1} revision(s) from 51c0e8a2f4d7 to "
                      "8d2b6a4c0e9f", r.stdout)
        doc = json.loads(self.cli(folder, "rehearse", "--history", "--json").stdout)
        self.assertEqual((doc["result"], doc["round_trips"], doc["failure"]), ("succeeded", len(files) - 1, None))

    # The same history with the downgrade Liminal's autogenerate used to
    # write for an archived field (issue 14, defect b): unarchiving without
    # an index moves passage_number behind notes, and the rehearsal names
    # the revision.
    def test_every_kind_unindexed_unarchive_is_named(self):
        folder = tempfile.mkdtemp(prefix="liminal-history-every-kind-")
        self.addCleanup(shutil.rmtree, folder, True)
        versions = os.path.join(folder, "versions")
        shutil.copytree(os.path.join(ROOT, "tests", "data", "every-kind", "versions"), versions)
        path = [os.path.join(versions, f) for f in os.listdir(versions) if f.startswith("4a3d7b0e95c8")][0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        old = "b.UnarchiveEntitySchemaField('cell_line', 'passage_number', 2)"
        self.assertEqual(text.count(old), 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, "b.UnarchiveEntitySchemaField('cell_line', 'passage_number', None)"))
        r = self.cli(folder, "rehearse", "--history")
        self.assertEqual(r.returncode, EXIT_REHEARSAL_FAILED, r.stdout + r.stderr)
        self.assertIn("Rehearsal failed: revision 4a3d7b0e95c8, during round trip (downgrade): Downgrading "
                      "4a3d7b0e95c8 does not give back the tenant as it was at 28e9a4f1c7b3", r.stdout)
        self.assertIn("frozen_on, notes, passage_number]", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)

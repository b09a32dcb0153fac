#!/usr/bin/env python3
"""End-to-end tests of the model files through the real `liminal` binary and
the real `liminal-sandbox` executable: generate-files, diff, revision
(autogenerate), and the round trip upgrade / downgrade."""

import copy
import glob
import json
import os
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
    def __init__(self, state_dir, seed="empty"):
        self.proc = subprocess.Popen(
            [SANDBOX, "--state", os.path.join(state_dir, "sandbox.json"), "--seed", seed, "--port", "0",
             "--rate-limit", "0/30"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        assert line.startswith("Listening on "), line
        self.url = line[len("Listening on "):]

    def state(self):
        return http("GET", self.url + "/_sandbox/state")

    def stop(self):
        self.proc.stdout.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


ID_PREFIXES = ("ts_", "tsf_", "sfs_", "sfso_", "unit_", "unitt_", "src_", "ent_")


def scrub(node):
    """Drop ids, timestamps and counters; archiveRecord becomes a boolean."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("id", "apiId", "counter", "fieldCounter", "schemaModifiedAt") or k.endswith("At"):
                continue
            if k == "archiveRecord":
                out["archived"] = v is not None
                continue
            out[k] = scrub(v)
        return out
    if isinstance(node, list):
        return [scrub(v) for v in node]
    if isinstance(node, str) and node.startswith(ID_PREFIXES):
        return "<id>"
    return node


def normalise(state, before=None):
    """The sandbox state without ids/timestamps.  With @before, objects that
    did not exist in @before must be archived (a downgrade cannot delete in
    Benchling) and are left out."""
    state = copy.deepcopy(state)
    extras = []
    # The tenant lock (lim-lock.h) lives beside the marker; not the model's.
    for t in state["tagSchemas"]:
        if t["sqlIdentifier"] == "liminal_remote":
            for key in ("allFields", "fields"):
                if t.get(key) is not None:
                    t[key] = [f for f in t[key] if f["systemName"] != "lock"]
    if before is not None:
        old_selectors = {s["name"]: s for s in before["selectors"]}
        selectors = []
        for s in state["selectors"]:
            old = old_selectors.get(s["name"])
            if old is None:
                extras.append(("dropdown", s["name"], s["archiveRecord"] is not None))
                continue
            names = {o["name"] for o in old["allSchemaFieldSelectorOptions"]}
            opts = []
            for o in s["allSchemaFieldSelectorOptions"]:
                if o["name"] in names:
                    opts.append(o)
                else:
                    extras.append(("option", o["name"], o["archiveRecord"] is not None))
            s["allSchemaFieldSelectorOptions"] = opts
            selectors.append(s)
        state["selectors"] = selectors
        old_schemas = {t["sqlIdentifier"]: t for t in before["tagSchemas"]}
        schemas = []
        for t in state["tagSchemas"]:
            old = old_schemas.get(t["sqlIdentifier"])
            if old is None:
                extras.append(("schema", t["sqlIdentifier"], t["archiveRecord"] is not None))
                continue
            names = {f["systemName"] for f in old["allFields"]}
            fields = []
            for f in t["allFields"]:
                if f["systemName"] in names:
                    fields.append(f)
                else:
                    extras.append(("field", f["systemName"], f["archiveRecord"] is not None))
            t["allFields"] = fields
            t["fields"] = [f for f in fields if f["archiveRecord"] is None] if "fields" in t else None
            if t["fields"] is None:
                del t["fields"]
            schemas.append(t)
        state["tagSchemas"] = schemas
    return scrub(state), extras


class ModelCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="liminal-cli-model-")
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(self.dir, "versions"))
        self.sandbox = Sandbox(self.dir, seed="demo")
        self.write_tenants({"dev": self.sandbox.url})
        self.env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8",
                        LIMINAL_DEV_CLIENT_SECRET=SECRET, LIMINAL_DEV_ADMIN_PASSWORD=PASSWORD)
        history = json.loads(self.run_cli("history", "--json").stdout)
        self.ids = [r["id"] for r in history]
        self.model = os.path.join(self.dir, "model")

    def tearDown(self):
        self.sandbox.stop()
        shutil.rmtree(self.dir)

    def write_tenants(self, tenants):
        with open(os.path.join(self.dir, "tenants.ini"), "w") as f:
            for alias, url in tenants.items():
                f.write(f"[{alias}]\ntenant-name=pizzahouse-{alias}\nurl={url}\nclient-id=sandbox\n"
                        f"admin-email=admin@sandbox.test\n\n")

    def run_cli(self, *args, env=None, directory=None):
        r = subprocess.run([CLI, "-C", directory or self.dir, *args], capture_output=True, text=True,
                           env=env or self.env, timeout=300)
        for stream in (r.stdout, r.stderr):
            self.assertNotIn(SECRET, stream)
        return r

    def snapshot(self, folder, pattern="*.json"):
        out = {}
        for path in sorted(glob.glob(os.path.join(folder, "**", pattern), recursive=True)):
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
        return out

    def versions(self):
        return sorted(os.listdir(os.path.join(self.dir, "versions")))

    def load(self, rel):
        with open(os.path.join(self.model, rel)) as f:
            return json.load(f)

    def save(self, rel, data):
        with open(os.path.join(self.model, rel), "w") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")

    def generate(self):
        r = self.run_cli("generate-files", "dev")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r

    # ------------------------------------------------------------ tests

    def test_generate_files_is_deterministic(self):
        r = self.generate()
        self.assertIn("Created directory: ", r.stdout)
        first = self.snapshot(self.model)
        self.assertIn("dropdowns/cheese_type.json", first)
        self.assertIn("entity_schemas/pizza.json", first)
        self.assertFalse(any("liminal_remote" in k for k in first))
        for text in first.values():
            self.assertTrue(text.endswith(b"}\n"))
        mtimes = {k: os.stat(os.path.join(self.model, k)).st_mtime_ns for k in first}

        # Without -o nothing is overwritten; with -o nothing changes either.
        r = self.generate()
        self.assertIn("No new dropdown files to be written. If you want to overwrite existing files, run with -o flag.",
                      r.stdout)
        r = self.run_cli("generate-files", "dev", "-o")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("Wrote", r.stdout)
        self.assertEqual(self.snapshot(self.model), first)
        self.assertEqual({k: os.stat(os.path.join(self.model, k)).st_mtime_ns for k in first}, mtimes)

        # -p writes elsewhere; -es only schemas, -d only dropdowns.
        other = os.path.join(self.dir, "elsewhere")
        r = self.run_cli("generate-files", "dev", "-p", other, "-es")
        self.assertEqual(r.returncode, 0, r.stderr)
        got = self.snapshot(other)
        self.assertTrue(got)
        self.assertTrue(all(k.startswith("entity_schemas/") for k in got))
        self.assertEqual(got, {k: v for k, v in first.items() if k.startswith("entity_schemas/")})
        r = self.run_cli("generate-files", "dev", "-p", other, "-d")
        self.assertEqual(self.snapshot(other), first)

        # -o removes files of objects the tenant no longer has.
        stray = os.path.join(self.model, "dropdowns", "gone.json")
        with open(stray, "w") as f:
            f.write('{"name": "Gone", "options": [], "archived": false}\n')
        r = self.run_cli("generate-files", "dev", "-o", "-d")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(stray))

        # The shipped JSON Schemas accept every generated file.
        self.check_against_schemas(self.model)

    def check_against_schemas(self, folder):
        try:
            import jsonschema
        except ImportError:  # pragma: no cover
            # A skip inside an exit-code test would count as a pass.
            self.fail("python3-jsonschema is not installed (tools/install-deps.sh installs it)")
        schemas = {}
        for kind in ("dropdown", "entity-schema"):
            with open(os.path.join(ROOT, "data", "schemas", f"liminal-{kind}.schema.json")) as f:
                schemas[kind] = json.load(f)
        for rel in self.snapshot(folder):
            with open(os.path.join(folder, rel)) as f:
                data = json.load(f)
            kind = "dropdown" if rel.startswith("dropdowns/") else "entity-schema"
            jsonschema.validate(data, schemas[kind])

    def test_shipped_model_files_match_schemas(self):
        shipped = os.path.join(ROOT, "tests", "data", "model-files")
        self.assertTrue(self.snapshot(shipped))
        for folder in sorted(glob.glob(os.path.join(shipped, "*"))):
            self.check_against_schemas(folder)

    def test_round_trip(self):
        self.generate()
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("in sync", r.stdout)
        before_state = self.sandbox.state()
        before_model = self.snapshot(self.model)

        # Edit: reorder options and archive one, change a tooltip, add a field,
        # add a schema linking to another new schema.
        cheese = self.load("dropdowns/cheese_type.json")
        opts = cheese["options"]
        archived_option = opts[-1]
        cheese["options"] = [opts[1], opts[0]] + opts[2:-1]
        self.save("dropdowns/cheese_type.json", cheese)
        pizza = self.load("entity_schemas/pizza.json")
        pizza["fields"][0]["tooltip"] = "Which dough batch this pizza came from"
        pizza["fields"].append({"name": "Bake Notes", "warehouse_name": "bake_notes", "type": "text",
                                "required": False, "is_multi": False, "parent_link": False, "dropdown_link": None,
                                "entity_link": None, "tooltip": "Anything odd about the bake", "decimal_places": None,
                                "unit_name": None, "archived": False})
        self.save("entity_schemas/pizza.json", pizza)
        station = {"name": "Oven Station", "warehouse_name": "oven_station", "prefix": "OST",
                   "entity_type": "custom_entity", "naming_strategies": ["NEW_IDS"], "fields": [
                       {"name": "Station Code", "warehouse_name": "station_code", "type": "text", "required": True}]}
        log = {"name": "Oven Log", "warehouse_name": "oven_log", "prefix": "OLG", "entity_type": "custom_entity",
               "naming_strategies": ["NEW_IDS"], "fields": [
                   {"name": "Station", "warehouse_name": "station", "type": "entity_link", "required": False,
                    "entity_link": "oven_station", "tooltip": "The station used"},
                   {"name": "Temperature", "warehouse_name": "temperature", "type": "float", "required": False,
                    "decimal_places": 1}]}
        self.save("entity_schemas/oven_station.json", station)
        self.save("entity_schemas/oven_log.json", log)
        self.check_against_schemas(self.model)

        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("CreateEntitySchema", r.stdout + json.dumps(self.diff_json()))
        self.assertIn(archived_option, r.stdout)

        versions_before = self.versions()
        r = self.run_cli("revision", "dev", "Add bake notes and oven logs")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Dropdowns are out of sync for pizzahouse-dev tenant.", r.stdout)
        self.assertIn("Entity schemas are out of sync for pizzahouse-dev tenant.", r.stdout)
        new = sorted(set(self.versions()) - set(versions_before))
        self.assertEqual(len(new), 1)
        self.assertTrue(new[0].endswith("_add_bake_notes_and_oven_logs.py"), new)
        self.assertIn(f"Revision file generated at versions/{new[0]}", r.stdout)
        with open(os.path.join(self.dir, "versions", new[0])) as f:
            text = f.read()
        self.assertIn(f'down_revision = "{self.ids[-1]}"', text)
        r = self.run_cli("check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        r = self.run_cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        # The tenant now generates the edited model (archived option gone).
        other = os.path.join(self.dir, "regenerated")
        self.run_cli("generate-files", "dev", "-p", other)
        self.assertEqual(self.load("dropdowns/cheese_type.json"),
                         json.loads(self.snapshot(other)["dropdowns/cheese_type.json"]))

        r = self.run_cli("downgrade", "dev", "-1")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        after_state = self.sandbox.state()
        got, extras = normalise(after_state, before_state)
        want, _ = normalise(before_state)
        self.assertEqual(got, want)
        self.assertTrue(extras)
        for kind, name, archived in extras:
            self.assertTrue(archived, f"{kind} {name} is still active after the downgrade")

        # And the tenant generates the original model again, byte for byte.
        again = os.path.join(self.dir, "again")
        self.run_cli("generate-files", "dev", "-p", again)
        self.assertEqual(self.snapshot(again), before_model)

    def diff_json(self):
        r = self.run_cli("diff", "dev", "--json")
        self.assertIn(r.returncode, (0, 3), r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual(data["in_sync"], r.returncode == 0)
        return data

    def test_diff_json_and_rename_hint(self):
        self.generate()
        data = self.diff_json()
        self.assertEqual(data, {"tenant": "dev", "in_sync": True, "upgrade": [], "downgrade": [], "hints": []})
        # Rename a field's warehouse name: compare sees archive + create.
        pizza = self.load("entity_schemas/pizza.json")
        old = pizza["fields"][-1]["warehouse_name"]
        pizza["fields"][-1]["warehouse_name"] = old + "_renamed"
        self.save("entity_schemas/pizza.json", pizza)
        data = self.diff_json()
        self.assertFalse(data["in_sync"])
        self.assertTrue(any("looks like a rename" in h or "rename" in h for h in data["hints"]), data["hints"])
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 3)
        self.assertIn("Hint: ", r.stdout)

    def test_revision_rules(self):
        self.generate()
        # --empty: no operations, one file, its parent is head.
        before = self.versions()
        r = self.run_cli("revision", "dev", "Hand edited change", "--empty")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        new = sorted(set(self.versions()) - set(before))
        self.assertEqual(len(new), 1)
        with open(os.path.join(self.dir, "versions", new[0])) as f:
            text = f.read()
        self.assertIn(f'down_revision = "{self.ids[-1]}"', text)
        self.assertIn("return []", text)

        # The tenant is now behind head: refused, nothing written.
        before = self.versions()
        r = self.run_cli("autogenerate", "dev", "Another change")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("which is not up to date with the local head revision", r.stderr)
        self.assertEqual(self.versions(), before)

        # A model with a problem: refused, nothing written anywhere.
        r = self.run_cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        pizza = self.load("entity_schemas/pizza.json")
        pizza["fields"][0]["decimal_places"] = 3
        self.save("entity_schemas/pizza.json", pizza)
        state = self.sandbox.state()
        r = self.run_cli("revision", "dev", "Broken")
        self.assertEqual(r.returncode, 1)
        self.assertIn("model/entity_schemas/pizza.json: $.fields[0].decimal_places: ", r.stderr)
        self.assertEqual(self.versions(), before + [])  # unchanged
        self.assertEqual(normalise(self.sandbox.state())[0], normalise(state)[0])
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 1)

    def test_revision_on_an_init_only_timeline(self):
        # A fresh project on an empty tenant: revision sets the marker to the
        # init revision (Liminal's upsert), then writes the first revision.
        self.sandbox.stop()
        os.makedirs(self.dir + "/sb2")
        self.sandbox = Sandbox(self.dir + "/sb2", seed="empty")
        self.write_tenants({"dev": self.sandbox.url})
        versions = os.path.join(self.dir, "versions")
        for name in os.listdir(versions):
            if not name.startswith(self.ids[0]):
                os.remove(os.path.join(versions, name))
        os.makedirs(os.path.join(self.model, "dropdowns"))
        self.save("dropdowns/oven.json", {"name": "Oven", "options": ["Wood", "Gas"], "archived": False})
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("Oven", r.stdout)
        r = self.run_cli("revision", "dev", "Add oven dropdown")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"Set revision_id to {self.ids[0]} within 'liminal_remote' schema.", r.stdout)
        self.assertIn("Dropdowns are out of sync for pizzahouse-dev tenant.", r.stdout)
        self.assertIn("Entity schemas are in sync for pizzahouse-dev tenant!", r.stdout)
        self.assertEqual(len(self.versions()), 2)
        r = self.run_cli("upgrade", "dev", "head")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_upgrade_with_a_description_suggests_revision(self):
        r = self.run_cli("upgrade", "dev", "remove dough column from pizza schema")
        self.assertEqual(r.returncode, 1)
        self.assertIn('liminal revision dev "remove dough column from pizza schema"', r.stderr)

    # ------------------------------------------------ Liminal's Python files

    def python_tree(self, folder):
        return self.snapshot(folder, "*.py")

    def test_generate_python_demo_tenants(self):
        """The demo's three sandbox tenants (dev at head, test two behind,
        prod four behind) give Liminal 4.6.2's files, byte for byte."""
        golden_root = os.path.join(ROOT, "tests", "data", "python-model-golden")
        tenants = {"dev": self.ids[-1], "test": self.ids[-3], "prod": self.ids[-5]}
        sandboxes = {}
        try:
            for alias, rev in tenants.items():
                os.makedirs(os.path.join(self.dir, "sb-" + alias))
                sandboxes[alias] = Sandbox(os.path.join(self.dir, "sb-" + alias), seed=f"demo@{rev}")
            self.write_tenants({alias: sb.url for alias, sb in sandboxes.items()})
            for alias in tenants:
                env = dict(self.env, **{f"LIMINAL_{alias.upper()}_CLIENT_SECRET": SECRET,
                                        f"LIMINAL_{alias.upper()}_ADMIN_PASSWORD": PASSWORD})
                out = os.path.join(self.dir, "py-" + alias)
                r = self.run_cli("generate-files", alias, "--python", "-p", out, env=env)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                got = self.python_tree(out)
                want = self.python_tree(os.path.join(golden_root, "demo-" + alias))
                self.assertEqual(sorted(got), sorted(want), alias)
                for name in want:
                    self.assertEqual(got[name].decode(), want[name].decode(), f"{alias}: {name}")
        finally:
            for sb in sandboxes.values():
                sb.stop()

    def test_generate_python_every_kind(self):
        """The every-kind history (tests/data/every-kind: DNA oligos and
        sequences, name templates ordered by sequence, units, constraints,
        non-ASCII options) upgraded onto an empty sandbox gives Liminal
        4.6.2's files, byte for byte."""
        project = os.path.join(self.dir, "every-kind")
        shutil.copytree(os.path.join(ROOT, "tests", "data", "every-kind", "versions"),
                        os.path.join(project, "versions"))
        os.makedirs(os.path.join(project, "sb"))
        sandbox = Sandbox(os.path.join(project, "sb"))
        try:
            with open(os.path.join(project, "tenants.ini"), "w") as f:
                f.write(f"[dev]\ntenant-name=cloning-dev\nurl={sandbox.url}\nclient-id=sandbox\n"
                        f"admin-email=admin@sandbox.test\n")
            for args in (("stamp", "dev", "51c0e8a2f4d7", "--yes"), ("upgrade", "dev", "head", "--yes"),
                         ("generate-files", "dev", "--python", "-p", os.path.join(project, "py"))):
                r = self.run_cli(*args, directory=project)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            sandbox.stop()
        got = self.python_tree(os.path.join(project, "py"))
        want = self.python_tree(os.path.join(ROOT, "tests", "data", "python-model-golden", "every-kind"))
        self.assertEqual(sorted(got), sorted(want))
        for name in want:
            self.assertEqual(got[name].decode(), want[name].decode(), name)

    def test_generate_python_rules(self):
        """generate-files --python keeps generate-files' rules: created folder,
        files kept without -o, a package's __init__.py rewritten with its
        modules, -o removing stale modules, -d / -es, JSON files untouched."""
        self.generate()
        json_before = self.snapshot(self.model)
        py = os.path.join(self.dir, "lab")
        r = self.run_cli("generate-files", "dev", "--python", "-p", py)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Created directory: " + py, r.stdout)
        self.assertIn("Wrote " + os.path.join(py, "dropdowns", "__init__.py"), r.stdout)
        first = self.python_tree(py)
        self.assertIn("entity_schemas/custom_entities/pizza.py", first)
        self.assertIn("entity_schemas/mixtures/__init__.py", first)
        self.assertFalse(any("liminal_remote" in k for k in first))
        self.assertEqual(self.snapshot(self.model), json_before)

        # Nothing is rewritten, with or without -o.
        mtimes = {k: os.stat(os.path.join(py, k)).st_mtime_ns for k in first}
        r = self.run_cli("generate-files", "dev", "--python", "-p", py)
        self.assertIn("No new dropdown files to be written. If you want to overwrite existing files, run with -o flag.",
                      r.stdout)
        self.assertIn("No new entity schema files to be written.", r.stdout)
        r = self.run_cli("generate-files", "dev", "--python", "-o", "-p", py)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("Wrote", r.stdout)
        self.assertEqual({k: os.stat(os.path.join(py, k)).st_mtime_ns for k in first}, mtimes)

        # A missing module is written again, and its package's __init__.py with it.
        init = os.path.join(py, "entity_schemas", "custom_entities", "__init__.py")
        with open(init, "w") as f:
            f.write("# edited\n")
        os.unlink(os.path.join(py, "entity_schemas", "custom_entities", "pizza.py"))
        r = self.run_cli("generate-files", "dev", "--python", "-es", "-p", py)
        self.assertEqual(r.returncode, 0, r.stderr)
        wrote = sorted(line for line in r.stdout.splitlines() if line.startswith("Wrote "))
        self.assertEqual(wrote, ["Wrote " + init,
                                 "Wrote " + os.path.join(py, "entity_schemas", "custom_entities", "pizza.py")])
        self.assertEqual(self.python_tree(py), first)

        # -o removes the modules of objects the tenant no longer has, JSON stays.
        stray = os.path.join(py, "entity_schemas", "custom_entities", "gone.py")
        with open(stray, "w") as f:
            f.write("x = 1\n")
        r = self.run_cli("generate-files", "dev", "--python", "-o", "-es", "-p", py)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Removed " + stray, r.stdout)
        self.assertEqual(self.python_tree(py), first)
        self.assertEqual(self.snapshot(self.model), json_before)

        # -d only dropdowns, -es only schemas.
        other = os.path.join(self.dir, "elsewhere")
        r = self.run_cli("generate-files", "dev", "--python", "-d", "-p", other)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Created directory: " + other, r.stdout)
        self.assertEqual(self.python_tree(other), {k: v for k, v in first.items() if k.startswith("dropdowns/")})
        self.run_cli("generate-files", "dev", "--python", "-es", "-p", other)
        self.assertEqual(self.python_tree(other), first)

    def test_generate_python_name_clash_writes_nothing(self):
        """Two tenant objects that would become one Python file: an error
        naming both, and nothing written."""
        self.sandbox.stop()
        path = os.path.join(self.dir, "sandbox.json")
        with open(path) as f:
            text = f.read()
        self.assertIn('"Sauce Base"', text)
        with open(path, "w") as f:
            f.write(text.replace('"Sauce Base"', '"Crust-Style"'))
        self.sandbox = Sandbox(self.dir, seed="demo")
        self.write_tenants({"dev": self.sandbox.url})
        out = os.path.join(self.dir, "py")
        r = self.run_cli("generate-files", "dev", "--python", "-p", out)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("Tenant dev: ", r.stderr)
        self.assertIn("would both be written to dropdowns/crust_style.py", r.stderr)
        self.assertFalse(os.path.exists(out))

    def test_usage(self):
        r = self.run_cli("diff")
        self.assertEqual(r.returncode, 2)
        r = self.run_cli("revision", "dev")
        self.assertEqual(r.returncode, 2)
        r = self.run_cli("--help")
        for command in ("generate-files", "revision", "diff"):
            self.assertIn(command, r.stdout)
        r = self.run_cli("diff", "dev")
        self.assertEqual(r.returncode, 1)
        self.assertIn("This project has no model", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)

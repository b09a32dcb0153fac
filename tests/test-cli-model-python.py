#!/usr/bin/env python3
"""Liminal's Python model in a project (issue 15, item 3), through the real
`liminal` binary against real `liminal-sandbox` processes:

- `model convert --to python` then `--to json` gives back the JSON model
  byte for byte, and records the choice in project.ini;
- `revision` from a Python model writes the same revision as from the
  equivalent JSON model, over the spans of the demo history;
- `generate-files --python` then `diff` is clean;
- which model a project keeps is detected, and two models without a
  choice, or a wrong project.ini, are errors that name the file and line;
- a broken Python model writes nothing and names file:line:column."""

import filecmp
import json
import os
import re
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
ALIASES = ("test", "qa")


class Sandbox:
    def __init__(self, state_dir, name, seed="empty"):
        self.proc = subprocess.Popen(
            [SANDBOX, "--state", os.path.join(state_dir, name + ".json"), "--seed", seed, "--port", "0",
             "--rate-limit", "0/30"],
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


def tree(folder, suffix):
    """{relative path: bytes} of the files ending in @suffix under @folder."""
    out = {}
    for base, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(suffix):
                path = os.path.join(base, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, folder)] = f.read()
    return out


def revision_body(path):
    """A revision file without what differs between two runs: its id and
    its date."""
    with open(path) as f:
        text = f.read()
    rev = re.search(r'^revision = "([0-9a-f]+)"', text, re.M).group(1)
    text = text.replace(rev, "REVISION")
    return re.sub(r"^Create Date: .*$", "Create Date: DATE", text, flags=re.M)


class ModelPythonCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="liminal-cli-model-python-")
        self.state = os.path.join(self.dir, "state")
        os.mkdir(self.state)
        self.sandboxes = {alias: Sandbox(self.state, alias) for alias in ALIASES}
        self.env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8")
        for alias in ALIASES:
            self.env[f"LIMINAL_{alias.upper()}_CLIENT_SECRET"] = SECRET
            self.env[f"LIMINAL_{alias.upper()}_ADMIN_PASSWORD"] = PASSWORD
        self.json_project = self.project("json-project")
        self.py_project = self.project("python-project")
        self.ids = [r["id"] for r in json.loads(self.run_cli(self.json_project, "history", "--json").stdout)]
        for alias in ALIASES:
            self.ok(self.json_project, "stamp", alias, "base")

    def project(self, name):
        folder = os.path.join(self.dir, name)
        os.mkdir(folder)
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(folder, "versions"))
        with open(os.path.join(folder, "tenants.ini"), "w") as f:
            for alias, sandbox in self.sandboxes.items():
                f.write(f"[{alias}]\ntenant-name=pizzahouse-{alias}\nurl={sandbox.url}\nclient-id=sandbox\n"
                        f"admin-email=admin@sandbox.test\n\n")
        return folder

    def tearDown(self):
        for sandbox in self.sandboxes.values():
            sandbox.stop()
        shutil.rmtree(self.dir)

    def run_cli(self, project, *args):
        r = subprocess.run([CLI, "-C", project, *args], capture_output=True, text=True, env=self.env, timeout=300)
        for stream in (r.stdout, r.stderr):
            self.assertNotIn(SECRET, stream)
        return r

    def ok(self, project, *args, status=0):
        r = self.run_cli(project, *args)
        self.assertEqual(r.returncode, status, f"{args}: {r.stdout}{r.stderr}")
        return r

    def upgrade(self, alias, revision):
        r = self.ok(self.json_project, "current", alias, "--json")
        if json.loads(r.stdout)["revision"] != revision:
            self.ok(self.json_project, "upgrade", alias, revision)

    # ------------------------------------------------------------ tests

    def test_convert_round_trip(self):
        """JSON → Python → JSON gives back the same bytes; each step says
        what the project keeps now (project.ini), and the Python model
        compares with the tenant exactly as the JSON one did."""
        p = self.json_project
        self.upgrade("qa", "head")
        self.ok(p, "generate-files", "qa")
        # What Liminal's generator never writes survives too: an archived
        # dropdown and an archived field.
        with open(os.path.join(p, "model", "dropdowns", "old_sauce.json"), "w") as f:
            f.write('{\n  "name": "Old Sauce",\n  "options": [\n    "A",\n    "B"\n  ],\n  "archived": true\n}\n')
        schema = sorted(os.listdir(os.path.join(p, "model", "entity_schemas")))[0]
        path = os.path.join(p, "model", "entity_schemas", schema)
        with open(path) as f:
            text = f.read()
        cut = text.rindex('"archived": false')
        with open(path, "w") as f:
            f.write(text[:cut] + '"archived": true' + text[cut + len('"archived": false'):])
        original = tree(os.path.join(p, "model"), ".json")
        self.assertGreater(len(original), 5)
        diff = self.ok(p, "diff", "qa", "--json", status=3).stdout
        self.assertIn("ArchiveEntitySchemaField", diff)

        r = self.ok(p, "model", "convert", "--to", "python")
        self.assertIn("python", r.stdout.lower())
        with open(os.path.join(p, "project.ini")) as f:
            ini = f.read()
        self.assertIn("format=python", ini.replace(" ", ""))
        py = tree(p, ".py")
        self.assertIn(os.path.join("dropdowns", "__init__.py"), py)
        self.assertTrue(any(k.startswith("entity_schemas" + os.sep) for k in py), sorted(py))
        with open(os.path.join(p, "dropdowns", "old_sauce.py")) as f:
            self.assertIn("__archived__ = True", f.read())
        # The Python model is the one read now, and it compares as the JSON one did.
        shutil.rmtree(os.path.join(p, "model"))
        self.assertEqual(self.ok(p, "diff", "qa", "--json", status=3).stdout, diff)

        self.ok(p, "model", "convert", "--to", "json")
        self.assertEqual(tree(os.path.join(p, "model"), ".json"), original)
        with open(os.path.join(p, "project.ini")) as f:
            self.assertIn("format=json", f.read().replace(" ", ""))
        self.assertEqual(self.ok(p, "diff", "qa", "--json", status=3).stdout, diff)

        # Converting to what the project already keeps says so.
        r = self.ok(p, "model", "convert", "--to", "json", status=1)
        self.assertIn("already", r.stderr)

    def test_python_reads_back_as_the_json_writer(self):
        """For tenants along the demo history: the Python files
        `generate-files --python` writes read back (model convert --to json)
        to exactly the files `generate-files --json` writes."""
        p = self.py_project
        for rev in (self.ids[2], self.ids[len(self.ids) // 2], self.ids[-1]):
            with self.subTest(qa=rev):
                self.upgrade("qa", rev)
                for folder in ("lab", "json", "back"):
                    shutil.rmtree(os.path.join(p, folder), ignore_errors=True)
                if os.path.exists(os.path.join(p, "project.ini")):
                    os.unlink(os.path.join(p, "project.ini"))
                self.ok(p, "generate-files", "qa", "--python", "-p", os.path.join(p, "lab"))
                self.ok(p, "generate-files", "qa", "--json", "-p", os.path.join(p, "json"))
                with open(os.path.join(p, "project.ini"), "w") as f:
                    f.write("[model]\nformat = python\npath = lab\n")
                self.ok(p, "model", "convert", "--to", "json", "-p", os.path.join(p, "back"))
                want = tree(os.path.join(p, "json"), ".json")
                self.assertGreater(len(want), 3)
                self.assertEqual(tree(os.path.join(p, "back"), ".json"), want)

    def test_revision_same_from_python_and_json(self):
        """Over the spans of the demo history: the model of `qa` at a
        revision, as JSON in one project and as Python in the other, gives
        `test` (at head) the same revision file."""
        self.upgrade("test", "head")
        for rev in self.ids[1:-1:2] + [self.ids[-1]]:
            with self.subTest(qa=rev):
                self.upgrade("qa", rev)
                self.ok(self.json_project, "generate-files", "qa", "-o")
                self.ok(self.py_project, "generate-files", "qa", "--python", "-o")
                self.assertEqual(tree(os.path.join(self.py_project, "model"), ".json"), {})
                self.ok(self.py_project, "diff", "qa")
                got = []
                for project in (self.json_project, self.py_project):
                    before = set(os.listdir(os.path.join(project, "versions")))
                    self.ok(project, "revision", "test", "back to qa")
                    new = set(os.listdir(os.path.join(project, "versions"))) - before
                    self.assertEqual(len(new), 1, new)
                    path = os.path.join(project, "versions", new.pop())
                    got.append(revision_body(path))
                    os.unlink(path)
                self.assertEqual(got[0], got[1])
                if rev == self.ids[-1]:
                    self.assertIn("return []", got[0].replace("\n", ""))

    def test_detection_and_choice(self):
        p = self.json_project
        self.upgrade("qa", "head")
        # No model at all.
        r = self.ok(p, "diff", "qa", status=1)
        self.assertIn("no model", r.stderr)
        # Both, without a choice: say how to choose, write nothing.
        self.ok(p, "generate-files", "qa")
        self.ok(p, "generate-files", "qa", "--python")
        before = sorted(os.listdir(os.path.join(p, "versions")))
        r = self.ok(p, "revision", "qa", "anything", status=1)
        self.assertIn("more than one model", r.stderr)
        self.assertIn("project.ini", r.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(p, "versions"))), before)
        # A choice settles it, either way.
        for fmt in ("json", "python"):
            with open(os.path.join(p, "project.ini"), "w") as f:
                f.write(f"# which model\n[model]\nformat = {fmt}\n")
            self.ok(p, "diff", "qa")
        # A wrong project.ini names its line.
        with open(os.path.join(p, "project.ini"), "w") as f:
            f.write("[model]\nformat = python\nflavour = yes\n")
        r = self.ok(p, "diff", "qa", status=1)
        self.assertIn("project.ini:3:", r.stderr)
        self.assertIn("flavour", r.stderr)
        with open(os.path.join(p, "project.ini"), "w") as f:
            f.write("[model]\nformat = yaml\n")
        r = self.ok(p, "diff", "qa", status=1)
        self.assertIn("project.ini:2:", r.stderr)

    def test_env_py_package(self):
        """A Liminal project: liminal/env.py imports the model package
        `lab`, which holds dropdowns/ and entity_schemas/."""
        self.upgrade("qa", "head")
        p = os.path.join(self.dir, "liminal-layout")
        os.makedirs(os.path.join(p, "liminal"))
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(p, "liminal", "versions"))
        shutil.copy(os.path.join(self.json_project, "tenants.ini"), os.path.join(p, "liminal", "tenants.ini"))
        self.ok(p, "generate-files", "qa", "--python", "-p", os.path.join(p, "lab"))
        with open(os.path.join(p, "liminal", "env.py"), "w") as f:
            f.write("from liminal.connection import BenchlingConnection\n"
                    "from lab.dropdowns import *  # noqa\nfrom lab.entity_schemas import *  # noqa\n")
        self.ok(p, "diff", "qa")

    def test_broken_python_model_writes_nothing(self):
        p = self.py_project
        self.upgrade("qa", "head")
        self.upgrade("test", "head")
        self.ok(p, "generate-files", "qa", "--python")
        schemas = os.path.join(p, "entity_schemas")
        target = None
        for base, _dirs, files in os.walk(schemas):
            for name in sorted(files):
                if name != "__init__.py" and name.endswith(".py"):
                    target = os.path.join(base, name)
                    break
            if target:
                break
        with open(target) as f:
            lines = f.read().split("\n")
        n = next(i for i, line in enumerate(lines) if "= Column(" in line)
        lines[n] = re.sub(r"Column\(", "make_column(", lines[n], count=1)
        with open(target, "w") as f:
            f.write("\n".join(lines))
        before = sorted(os.listdir(os.path.join(p, "versions")))
        r = self.ok(p, "revision", "test", "broken", status=1)
        rel = os.path.relpath(target, p)
        self.assertRegex(r.stderr, re.escape(rel) + rf":{n + 1}:\d+:")
        self.assertEqual(sorted(os.listdir(os.path.join(p, "versions"))), before)


# What Liminal 4.6.2's generate_all_results_schema_files writes for the basic
# seed's result schema (tests/data/python-model-golden/README.md says how
# that template is read).
TASTE_TEST = """from liminal.enums import BenchlingFieldType
from liminal.orm.base_results_model import BaseResultsModel
from liminal.orm.column import Column
from liminal.orm.relationship import single_relationship
from liminal.orm.results_schema_properties import ResultsSchemaProperties
from sqlalchemy import Column as SqlColumn


class TasteTest(BaseResultsModel):
    __schema_properties__ = ResultsSchemaProperties(name='Taste Test', warehouse_name='taste_test')

    score: SqlColumn = Column(name='Score',type=BenchlingFieldType.INTEGER,required=False)
    pizza: SqlColumn = Column(name='Pizza',type=BenchlingFieldType.ENTITY_LINK,required=False,entity_link='pizza')

    pizza_entity = single_relationship("Pizza", pizza)

    def __init__(
        self,
        score: int | None = None,
        pizza: str | None = None,
    ):
        self.score = score
        self.pizza = pizza
"""


class ResultsSchemasCliTest(unittest.TestCase):
    """`generate-files -rs` (issue 15, item 4) against the basic seed, whose
    tenant has the result schema `taste_test`: Liminal's files, read back by
    `diff` without a difference, never migrated by `revision`."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="liminal-cli-results-")
        os.mkdir(os.path.join(self.dir, "state"))
        self.sandbox = Sandbox(os.path.join(self.dir, "state"), "lab", seed="basic")
        self.env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8", LIMINAL_LAB_CLIENT_SECRET=SECRET,
                        LIMINAL_LAB_ADMIN_PASSWORD=PASSWORD)
        self.p = os.path.join(self.dir, "project")
        os.mkdir(self.p)
        shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(self.p, "versions"))
        with open(os.path.join(self.p, "tenants.ini"), "w") as f:
            f.write(f"[lab]\ntenant-name=pizzeria-lab\nurl={self.sandbox.url}\nclient-id=sandbox\n"
                    f"admin-email=admin@sandbox.test\n")

    def tearDown(self):
        self.sandbox.stop()
        shutil.rmtree(self.dir)

    def ok(self, *args, status=0):
        r = subprocess.run([CLI, "-C", self.p, *args], capture_output=True, text=True, env=self.env, timeout=300)
        for stream in (r.stdout, r.stderr):
            self.assertNotIn(SECRET, stream)
        self.assertEqual(r.returncode, status, f"{args}: {r.stdout}{r.stderr}")
        return r

    def results_file(self, name="taste_test.py"):
        with open(os.path.join(self.p, "results_schemas", name)) as f:
            return f.read()

    def test_generate_then_diff_is_clean(self):
        r = self.ok("generate-files", "lab", "--python", "-d", "-es", "-rs")
        self.assertIn("results_schemas/taste_test.py", r.stdout)
        self.assertEqual(self.results_file(), TASTE_TEST)
        # Liminal's __init__.py: no final newline.
        self.assertEqual(self.results_file("__init__.py"), "from .taste_test import TasteTest")
        self.assertEqual(sorted(os.listdir(os.path.join(self.p, "results_schemas"))),
                         ["__init__.py", "taste_test.py"])
        r = self.ok("diff", "lab")
        self.assertIn("in sync", r.stdout)
        # The result schema classes are read (a broken one is an error at
        # its line), but never compared: an edited one is no difference.
        path = os.path.join(self.p, "results_schemas", "taste_test.py")
        with open(path, "a") as f:
            f.write("    crust: SqlColumn = make_column('Crust')\n")
        r = self.ok("diff", "lab", status=1)
        self.assertIn("results_schemas/taste_test.py:24:24: crust is a call of make_column", r.stderr)
        self.assertIn("make_column", r.stderr)
        with open(path, "w") as f:
            f.write(TASTE_TEST.replace("name='Taste Test'", "name='Taste Panel'").replace(
                "    pizza: SqlColumn", "    crust: SqlColumn = Column(name='Crust',type=BenchlingFieldType.TEXT,"
                "required=True)\n    pizza: SqlColumn"))
        self.assertIn("in sync", self.ok("diff", "lab").stdout)

    def test_revision_has_no_result_operation(self):
        self.ok("generate-files", "lab", "--python", "-d", "-es", "-rs")
        self.ok("stamp", "lab", "head")
        # A change to an entity schema and to the result schema: only the
        # entity schema's is an operation.
        pizza = os.path.join(self.p, "entity_schemas", "custom_entities", "pizza.py")
        with open(pizza) as f:
            text = f.read()
        anchor = "    notes: SqlColumn"
        self.assertIn(anchor, text)
        with open(pizza, "w") as f:
            f.write(text.replace(anchor, "    slices: SqlColumn = Column(name='Slices', type=BenchlingFieldType.INTEGER, "
                                         "required=False)\n" + anchor, 1))
        path = os.path.join(self.p, "results_schemas", "taste_test.py")
        with open(path, "w") as f:
            f.write(TASTE_TEST.replace("    score: SqlColumn = Column(name='Score',type=BenchlingFieldType.INTEGER,"
                                       "required=False)\n", ""))
        before = set(os.listdir(os.path.join(self.p, "versions")))
        r = self.ok("revision", "lab", "add slices")
        new = set(os.listdir(os.path.join(self.p, "versions"))) - before
        self.assertEqual(len(new), 1, new)
        with open(os.path.join(self.p, "versions", new.pop())) as f:
            revision = f.read()
        self.assertIn("CreateEntitySchemaField", revision)
        self.assertIn("slices", revision)
        for word in ("taste_test", "Taste Test", "Result", "result", "score"):
            self.assertNotIn(word, revision)
        self.assertNotIn("taste_test", r.stdout)
        self.assertEqual(revision.count("CreateEntitySchemaField("), 1, revision)

    def test_only_results_and_overwrite(self):
        # -rs alone writes only results_schemas/ (the long form too).
        r = self.ok("generate-files", "lab", "--python", "--results-schemas")
        self.assertEqual(sorted(os.listdir(self.p)), ["results_schemas", "tenants.ini", "versions"])
        self.assertEqual(self.results_file(), TASTE_TEST)
        r = self.ok("generate-files", "lab", "--python", "-rs")
        self.assertIn("No new results schema files to be written. If you want to overwrite existing files, "
                      "run with -o flag.", r.stdout)
        with open(os.path.join(self.p, "results_schemas", "taste_test.py"), "w") as f:
            f.write("# edited\n")
        with open(os.path.join(self.p, "results_schemas", "old_assay.py"), "w") as f:
            f.write("# a result schema the tenant no longer has\n")
        self.ok("generate-files", "lab", "--python", "-rs")
        self.assertEqual(self.results_file(), "# edited\n")
        r = self.ok("generate-files", "lab", "--python", "-rs", "-o")
        self.assertEqual(self.results_file(), TASTE_TEST)
        self.assertFalse(os.path.exists(os.path.join(self.p, "results_schemas", "old_assay.py")))
        # -d -es without -rs leaves them alone; no kind flag at all writes
        # all three kinds, as Liminal's generate-files does.
        shutil.rmtree(os.path.join(self.p, "results_schemas"))
        self.ok("generate-files", "lab", "--python", "-d", "-es")
        self.assertFalse(os.path.exists(os.path.join(self.p, "results_schemas")))
        self.ok("generate-files", "lab", "--python")
        self.assertEqual(self.results_file(), TASTE_TEST)

    def test_json_model_refuses(self):
        self.ok("generate-files", "lab")
        r = self.ok("generate-files", "lab", "-rs", status=1)
        self.assertIn("JSON model", r.stderr)
        self.assertIn("--python", r.stderr)
        r = self.ok("generate-files", "lab", "-rs", "--json", status=2)
        self.assertIn("-rs", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.p, "results_schemas")))
        self.assertFalse(os.path.exists(os.path.join(self.p, "model", "results_schemas")))

    def test_convert_leaves_results(self):
        self.ok("generate-files", "lab", "--python", "-d", "-es", "-rs")
        r = self.ok("model", "convert", "--to", "json")
        self.assertIn("1 result schema class", r.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.p, "model", "results_schemas")))
        self.assertEqual(self.results_file(), TASTE_TEST)


if __name__ == "__main__":
    unittest.main(verbosity=2)

#!/usr/bin/env python3
"""What `liminal format` writes is valid Python whose call trees equal the
input's (checked by Python's own ast module through tests/check-ast.py)."""

import glob
import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("LIMINAL_CLI", "liminal")
ROOT = os.environ.get("LIMINAL_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK_AST = os.path.join(ROOT, "tests", "check-ast.py")


def liminal_format(path):
    r = subprocess.run([CLI, "format", path], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError(f"liminal format {path} failed: {r.stderr}")
    return r.stdout


def check_ast(*paths):
    return subprocess.run([sys.executable, CHECK_AST, *paths], capture_output=True, text=True, timeout=60)


class GoldenAstTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liminal-ast-")

    def written(self, path):
        out = os.path.join(self.tmp, os.path.basename(path))
        with open(out, "w") as f:
            f.write(liminal_format(path))
        return out

    def test_golden_and_demo_round_trip(self):
        files = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "golden", "*.py")))
        files += sorted(glob.glob(os.path.join(ROOT, "versions", "*.py")))
        files += sorted(glob.glob(os.path.join(ROOT, "tests", "data", "every-kind", "versions", "*.py")))
        self.assertGreaterEqual(len(files), 25)
        for path in files:
            with self.subTest(path=os.path.relpath(path, ROOT)):
                out = self.written(path)
                r = check_ast(path, out)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                with open(path) as a, open(out) as b:
                    self.assertEqual(a.read(), b.read())
                r = check_ast("--canonical-check", out)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_hand_edited_variants(self):
        n = 0
        for path in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "revisions", "*.py"))):
            if path.endswith(".expected.py"):
                continue
            expected = path[:-3] + ".expected.py"
            if not os.path.exists(expected):
                continue
            n += 1
            with self.subTest(path=os.path.relpath(path, ROOT)):
                out = self.written(path)
                r = check_ast(expected, out)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertGreaterEqual(n, 5)


if __name__ == "__main__":
    unittest.main(verbosity=2)

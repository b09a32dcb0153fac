#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare Liminal revision files by their Python syntax trees.

Usage:
  check-ast.py [--strict] [--ignore-prefix] A.py [B.py]
  check-ast.py --canonical-check [--strict] A.py [A2.py ...]

With two files: exit 0 iff both files parse, both have the revision-file
structure, `revision` and `down_revision` have equal values, and the lists
returned by upgrade() and downgrade() are equal as syntax trees.  Quote style,
string prefixes (u/r), escapes, implicit string concatenation, parentheses,
line breaks, indentation, comments and trailing commas do not matter.
Positional and keyword arguments are different, so are keyword orders, list
vs tuple, set element order and `b.X` vs `X` (use --ignore-prefix to treat
`b.X` as `X`).  The module docstring is not compared.

With one file: check that it parses and has the structure of a revision file:
exactly one `revision = "<str>"`, exactly one `down_revision = "<str>" | None`
(counted anywhere in the file, as Liminal does), exactly one `upgrade` and one
`downgrade` function without parameters whose body returns a list literal of
calls.  --strict additionally requires what Liminal 4.6.2 requires or always
writes: a module docstring whose first line is non-empty, the exact text
`def upgrade() -> list[b.BaseOperation]:` (and the downgrade one), and ids of
12 lowercase hex digits.

--canonical-check: the structure check plus: the elements of every set
literal are sorted by their source text (code point order) and unique.
Sorted sets are our deliberate deviation from Liminal, whose set order is
random (see tests/data/golden/README.md).

Exit status: 0 = OK, 1 = a difference or a failed check, 2 = usage error,
unreadable file or syntax error.  Uses only the Python standard library.
"""

import ast
import re
import sys

ID_RE = re.compile(r"^[0-9a-f]{12}$")


class CheckError(Exception):
    pass


def read_module(path):
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        raise CheckError(f"{path}: cannot read: {e.strerror}") from None
    try:
        # bytes: Python honours a UTF-8 BOM and coding cookies, and \r\n.
        tree = ast.parse(source, filename=path)
        # Some errors (e.g. a repeated keyword argument) are only found when compiling; Liminal
        # compiles the functions with exec(), so they count as syntax errors here too.
        compile(tree, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        raise CheckError(f"{path}:{e.lineno}:{e.offset}: syntax error: {e.msg}") from None
    text = source.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return tree, text


def _single_assign(path, tree, name):
    nodes = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id == name
    ]
    if not nodes:
        raise CheckError(f"{path}: no `{name}` variable")
    if len(nodes) > 1:
        lines = ", ".join(str(n.lineno) for n in nodes)
        raise CheckError(f"{path}: `{name}` is assigned {len(nodes)} times (lines {lines})")
    try:
        value = ast.literal_eval(nodes[0].value)
    except ValueError:
        raise CheckError(f"{path}:{nodes[0].lineno}: `{name}` is not a literal") from None
    return nodes[0], value


def _single_function(path, tree, name):
    funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
    if not funcs:
        raise CheckError(f"{path}: no `{name}` function")
    if len(funcs) > 1:
        raise CheckError(f"{path}: `{name}` is defined {len(funcs)} times")
    func = funcs[0]
    if isinstance(func, ast.AsyncFunctionDef):
        raise CheckError(f"{path}:{func.lineno}: `{name}` must not be async")
    a = func.args
    if a.posonlyargs or a.args or a.vararg or a.kwonlyargs or a.kwarg:
        raise CheckError(f"{path}:{func.lineno}: `{name}` must take no parameters")
    if func.decorator_list:
        raise CheckError(f"{path}:{func.lineno}: `{name}` must not be decorated")
    returns = [s for s in func.body if isinstance(s, ast.Return)]
    others = [
        s for s in func.body
        if not isinstance(s, (ast.Return, ast.Pass))
        and not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str))
    ]
    if others:
        raise CheckError(f"{path}:{others[0].lineno}: `{name}` may only contain a docstring and a return statement")
    if len(returns) != 1:
        raise CheckError(f"{path}:{func.lineno}: `{name}` must have exactly one return statement")
    value = returns[0].value
    if not isinstance(value, ast.List):
        raise CheckError(f"{path}:{returns[0].lineno}: `{name}` must return a list literal")
    for elt in value.elts:
        if not isinstance(elt, ast.Call):
            raise CheckError(f"{path}:{elt.lineno}:{elt.col_offset + 1}: `{name}` list element is not a call")
    return func, value


def check_structure(path, strict):
    tree, text = read_module(path)
    rev_node, rev = _single_assign(path, tree, "revision")
    down_node, down = _single_assign(path, tree, "down_revision")
    if not isinstance(rev, str):
        raise CheckError(f"{path}:{rev_node.lineno}: `revision` must be a string")
    if down is not None and not isinstance(down, str):
        raise CheckError(f"{path}:{down_node.lineno}: `down_revision` must be a string or None")
    funcs = {}
    for name in ("upgrade", "downgrade"):
        funcs[name] = _single_function(path, tree, name)
    if strict:
        doc = ast.get_docstring(tree)
        if doc is None:
            raise CheckError(f"{path}: no module docstring (Liminal requires one)")
        if not doc.split("\n")[0]:
            raise CheckError(f"{path}: the docstring's first line (the description) is empty")
        for name, (func, _) in funcs.items():
            segment = ast.get_source_segment(text, func) or ""
            if f"def {name}() -> list[b.BaseOperation]:" not in segment:
                raise CheckError(f"{path}:{func.lineno}: `{name}` is not declared as "
                                 f"`def {name}() -> list[b.BaseOperation]:`")
        if not ID_RE.match(rev):
            raise CheckError(f"{path}:{rev_node.lineno}: revision id {rev!r} is not 12 lowercase hex digits")
        if down is not None and not ID_RE.match(down):
            raise CheckError(f"{path}:{down_node.lineno}: down_revision id {down!r} is not 12 lowercase hex digits")
    return {
        "tree": tree,
        "text": text,
        "revision": rev,
        "down_revision": down,
        "upgrade": funcs["upgrade"][1],
        "downgrade": funcs["downgrade"][1],
    }


class _Normalise(ast.NodeTransformer):
    def __init__(self, ignore_prefix):
        self.ignore_prefix = ignore_prefix

    def visit_Constant(self, node):
        return ast.copy_location(ast.Constant(value=node.value), node)

    def visit_Attribute(self, node):
        node = self.generic_visit(node)
        if self.ignore_prefix and isinstance(node.value, ast.Name) and node.value.id == "b":
            return ast.copy_location(ast.Name(id=node.attr, ctx=ast.Load()), node)
        return node


def normalised_dump(node, ignore_prefix):
    import copy
    node = _Normalise(ignore_prefix).visit(copy.deepcopy(node))
    return ast.dump(node, annotate_fields=True, include_attributes=False)


def compare(a_path, b_path, strict, ignore_prefix):
    a = check_structure(a_path, strict)
    b = check_structure(b_path, strict)
    problems = []
    for var in ("revision", "down_revision"):
        if a[var] != b[var]:
            problems.append(f"{var}: {a[var]!r} != {b[var]!r}")
    for func in ("upgrade", "downgrade"):
        la, lb = a[func].elts, b[func].elts
        if len(la) != len(lb):
            problems.append(f"{func}(): {len(la)} operations in {a_path}, {len(lb)} in {b_path}")
        for i, (ea, eb) in enumerate(zip(la, lb)):
            if normalised_dump(ea, ignore_prefix) != normalised_dump(eb, ignore_prefix):
                problems.append(
                    f"{func}() operation {i + 1} differs:\n"
                    f"  {a_path}:{ea.lineno}: {ast.unparse(ea)}\n"
                    f"  {b_path}:{eb.lineno}: {ast.unparse(eb)}"
                )
                break
    return problems


def canonical_check(path, strict):
    info = check_structure(path, strict)
    problems = []
    for node in ast.walk(info["tree"]):
        if not isinstance(node, ast.Set):
            continue
        texts = [ast.get_source_segment(info["text"], e) for e in node.elts]
        if any(t is None for t in texts):
            texts = [ast.unparse(e) for e in node.elts]
        values = [normalised_dump(e, False) for e in node.elts]
        if len(set(values)) != len(values):
            problems.append(f"{path}:{node.lineno}:{node.col_offset + 1}: set literal has duplicate elements")
        if texts != sorted(texts):
            problems.append(f"{path}:{node.lineno}:{node.col_offset + 1}: set elements are not sorted: "
                            f"{{{', '.join(texts)}}} (expected {{{', '.join(sorted(texts))}}})")
    return problems


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = {a for a in argv if a.startswith("--")}
    known = {"--strict", "--ignore-prefix", "--canonical-check", "--help"}
    if "--help" in opts:
        print(__doc__)
        return 0
    if opts - known or not args:
        print(__doc__, file=sys.stderr)
        return 2
    strict = "--strict" in opts
    try:
        if "--canonical-check" in opts:
            problems = []
            for path in args:
                problems += canonical_check(path, strict)
        elif len(args) == 1:
            check_structure(args[0], strict)
            problems = []
        elif len(args) == 2:
            problems = compare(args[0], args[1], strict, "--ignore-prefix" in opts)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except CheckError as e:
        print(f"check-ast: {e}", file=sys.stderr)
        return 2 if ("syntax error" in str(e) or "cannot read" in str(e)) else 1
    if problems:
        for p in problems:
            print(f"check-ast: {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

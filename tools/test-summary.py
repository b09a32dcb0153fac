#!/usr/bin/env python3
"""Summarise meson test logs into one closing line, strictly.

usage: test-summary.py [--ci] [--expected FILE] [--write-expected FILE]
                       [--extra NAME=OK|FAIL ...] TESTLOG.json...

Counts every test program and every TAP subtest ("ok 3 /runner/x").  A test
counts as passed only when it really passed:

  - meson's OK, and for TAP programs each "ok" line without a directive;
  - EXPECTEDFAIL, a TAP "# TODO" (g_test_incomplete) and "not ok" are failures;
  - SKIP (a program that skipped itself, or a "# SKIP" subtest) is a skip,
    and with --ci (or CI=true in the environment) a failure, named.

With --expected, the names that ran are compared with the checked-in list
(one name a line: "suite/test" or "suite/test :: /sub/test"); a name that
is missing or new is a failure, named.  --write-expected writes that list
from these logs instead (after adding or removing tests on purpose).

Prints "N passed, N failed, N skipped" as its last line; exits 1 when
anything failed or nothing ran.
"""
import json
import os
import re
import sys

TAP_LINE = re.compile(r"^(ok|not ok)\s+\d+\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(\w+)\b(.*))?$")


def short_name(name):
    # "liminal-desktop:engine / test-py" -> "engine/test-py"
    name = name.split(":", 1)[-1]
    return name.replace(" / ", "/")


def parse(paths):
    results = []  # (name, verdict, detail) verdict in OK/FAIL/SKIP
    for path in paths:
        if not os.path.exists(path):
            results.append((f"log {path}", "FAIL", "the test log is missing (the suite did not run)"))
            continue
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            name = short_name(r["name"])
            setup = ""
            if "testlog-" in os.path.basename(path):
                setup = "[" + os.path.basename(path)[len("testlog-"):-len(".json")] + "] "
            name = setup + name
            result = r["result"]
            if result == "OK":
                results.append((name, "OK", ""))
            elif result == "SKIP":
                results.append((name, "SKIP", "the program skipped itself (exit 77 or 1..0 # SKIP)"))
            elif result == "EXPECTEDFAIL":
                results.append((name, "FAIL", "an expected failure counts as a failure"))
            else:
                results.append((name, "FAIL", result))
            is_tap = "--tap" in (r.get("command") or [])
            if not is_tap:
                continue
            for raw in (r.get("stdout") or "").splitlines():
                m = TAP_LINE.match(raw.strip())
                if not m:
                    continue
                status, sub, directive, reason = m.groups()
                sub = sub.strip() or "(unnamed)"
                full = f"{name} :: {sub}"
                directive = (directive or "").upper()
                if directive == "SKIP":
                    results.append((full, "SKIP", reason.strip() or "skipped"))
                elif directive == "TODO":
                    results.append((full, "FAIL", "incomplete (# TODO) counts as a failure: " + reason.strip()))
                elif status == "ok":
                    results.append((full, "OK", ""))
                else:
                    results.append((full, "FAIL", "not ok"))
    return results


def main(argv):
    ci = os.environ.get("CI", "").lower() == "true"
    expected = None
    write_expected = None
    extras = []
    paths = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--ci":
            ci = True
        elif a == "--expected":
            i += 1
            expected = argv[i]
        elif a == "--write-expected":
            i += 1
            write_expected = argv[i]
        elif a == "--extra":
            i += 1
            extras.append(argv[i])
        else:
            paths.append(a)
        i += 1

    results = parse(paths)
    for e in extras:
        n, _, v = e.partition("=")
        results.append((n, "OK" if v == "OK" else "FAIL", "" if v == "OK" else "failed"))

    names = [n for n, _, _ in results if not n.startswith("log ")]
    if write_expected:
        with open(write_expected, "w", encoding="utf-8") as f:
            f.write("# Every test and TAP subtest the README's test command runs.\n")
            f.write("# Regenerate on purpose: python3 tools/test-summary.py --write-expected tests/expected-tests.txt LOGS…\n")
            for n in sorted(set(names)):
                f.write(n + "\n")
        print(f"wrote {len(set(names))} names to {write_expected}")

    passed = sum(1 for _, v, _ in results if v == "OK")
    failed = [(n, d) for n, v, d in results if v == "FAIL"]
    skipped = [(n, d) for n, v, d in results if v == "SKIP"]

    for n, d in failed:
        print(f"FAILED: {n}: {d}")
    for n, d in skipped:
        print(("FAILED (skipped under CI): " if ci else "SKIPPED: ") + f"{n}: {d}")
    n_failed = len(failed) + (len(skipped) if ci else 0)
    n_skipped = 0 if ci else len(skipped)

    if expected and not write_expected and not os.path.exists(expected):
        print(f"FAILED: {expected} is missing: write it with --write-expected")
        n_failed += 1
        expected = None
    if expected and not write_expected:
        want = [l.strip() for l in open(expected, encoding="utf-8") if l.strip() and not l.startswith("#")]
        have = set(names)
        missing = sorted(set(want) - have)
        new = sorted(have - set(want))
        for n in missing:
            print(f"FAILED: {n}: expected but did not run")
        for n in new:
            print(f"FAILED: {n}: ran but is not in {expected}")
        n_failed += len(missing) + len(new)
        dups = len(names) - len(have)
        if dups:
            print(f"FAILED: {dups} test names ran twice")
            n_failed += dups
        print(f"expected tests: {len(want)}, ran: {len(have)}")

    print(f"{passed} passed, {n_failed} failed" + (f", {n_skipped} skipped" if n_skipped else ""))
    return 1 if n_failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

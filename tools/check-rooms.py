#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every engine module includes only its own room or rooms
below it, as the table in src/DESIGN.md says.

usage: tools/check-rooms.py src/DESIGN.md src/engine

Reads the numbered rows of the rooms table (| N | **Room** … | files | …),
takes the `lim-…` module names of the files column, builds the include
graph of the engine folder (tools/check-includes.py's rules) and prints
every include that goes up the table, or a module the table does not name.
Exits 1 on any.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def rooms(design):
    table = {}
    for line in open(design, encoding="utf-8"):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 5 or not cells[1].isdigit():
            continue
        number = int(cells[1])
        for stem in re.findall(r"`(lim-[a-z0-9-]+)`", cells[3]):
            table.setdefault(stem, number)
    return table


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    table = rooms(argv[1])
    out = subprocess.run([sys.executable, os.path.join(HERE, "check-includes.py"), "--edges", argv[2]],
                         capture_output=True, text=True).stdout
    problems = []
    modules = set()
    for line in out.splitlines():
        if " -> " not in line:
            continue
        a, b = (x.strip() for x in line.split(" -> "))
        modules.update((a, b))
        if a in table and b in table and table[b] > table[a]:
            problems.append(f"{a} (room {table[a]}) includes {b} (room {table[b]}), a later room")
    for m in sorted(modules):
        if m not in table:
            problems.append(f"{m} is in no room of {argv[1]}: add it to the table")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{len(modules)} engine modules, every include goes down the table")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Report include cycles between the C modules of one or more directories.

A module is a stem: <stem>.c, <stem>.h and <stem>-private.h count as one
(lim-window.c, lim-window.h and lim-window-private.h are the module
"lim-window").  Module A depends on module B when a file of A has
`#include "..."` naming a file of B; system includes (<...>) and quoted
includes of files outside the given directories are ignored.  A file name is
resolved next to the including file first, then by its base name anywhere
in the given directories, so src/app/x.c including "lim-foo.h" finds
src/engine/lim-foo.h when both are scanned.  Modules are named by their
stem, with the directory where two directories share a stem (main).

Usage:
    tools/check-includes.py [--edges] [--allow A:B]... DIR [DIR...]

--allow A:B drops the edges between modules A and B (by stem) before
looking for cycles: a pair that may include each other on purpose (the
application and its window, as in gnome-text-editor).

Prints every cycle (one per strongly connected component of the module
graph, as a closed path) and exits 1 when there is any; prints "no include
cycles" and exits 0 otherwise.  --edges also prints the module graph, one
"A -> B" line per dependency.
"""

import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def module_of(path):
    """The module of a source file: its path without the suffix that
    makes it part of a module (.c, .h or -private.h)."""
    for suffix in ("-private.h", ".c", ".h"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return None


def scan(dirs):
    """The quoted includes of every .c and .h file under dirs."""
    includes = {}  # path -> [included names]
    for top in dirs:
        for root, subdirs, names in os.walk(top):
            subdirs.sort()
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.normpath(os.path.join(root, name))
                with open(path, encoding="utf-8", errors="replace") as f:
                    includes[path] = INCLUDE.findall(f.read())
    return includes


def resolve(including, name, by_base):
    """The scanned file that `#include "name"` in `including` means: the
    one next to the including file, else the only one of that name."""
    local = os.path.normpath(os.path.join(os.path.dirname(including), name))
    if local in by_base.get(os.path.basename(name), ()):
        return local
    candidates = by_base.get(os.path.basename(name), [])
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        print(f"warning: {including}: \"{name}\" is ambiguous "
              f"({', '.join(candidates)}); ignored", file=sys.stderr)
    return None  # config.h, generated or foreign headers


def build_graph(includes):
    by_base = {}
    for path in includes:
        by_base.setdefault(os.path.basename(path), []).append(path)
    graph = {}
    for path, names in includes.items():
        src = module_of(path)
        graph.setdefault(src, set())
        for name in names:
            target = resolve(path, name, by_base)
            if target is None:
                continue
            dst = module_of(target)
            if dst != src:
                graph[src].add(dst)
    return graph


def labels(graph):
    """Short names: the stem, or dir/stem where two directories share it."""
    stems = {}
    for module in graph:
        stems.setdefault(os.path.basename(module), []).append(module)
    return {m: (os.path.basename(m) if len(stems[os.path.basename(m)]) == 1 else m)
            for m in graph}


def strongly_connected(graph):
    """Tarjan's algorithm, iterative; components in a stable order."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return result


def cycle_path(graph, component):
    """One closed path through a component, starting at its first module."""
    members = set(component)
    start = component[0]
    # breadth-first search back to start, inside the component
    previous = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node]):
            if child not in members:
                continue
            if child == start:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path)) + [start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return component + [start]


def main():
    parser = argparse.ArgumentParser(description="Report include cycles between C modules.")
    parser.add_argument("dirs", nargs="+", metavar="DIR")
    parser.add_argument("--edges", action="store_true", help="also print the module graph")
    parser.add_argument("--allow", action="append", default=[], metavar="A:B",
                        help="a pair of modules (stems) that may include each other")
    args = parser.parse_args()

    for d in args.dirs:
        if not os.path.isdir(d):
            parser.error(f"not a directory: {d}")
    graph = build_graph(scan(args.dirs))
    name = labels(graph)

    if args.edges:
        for src in sorted(graph, key=name.get):
            for dst in sorted(graph[src], key=name.get):
                print(f"{name[src]} -> {name[dst]}")

    allowed = set()
    for pair in args.allow:
        a, _, b = pair.partition(":")
        allowed.add((a, b))
        allowed.add((b, a))
    for src in graph:
        graph[src] = {dst for dst in graph[src]
                      if (os.path.basename(src), os.path.basename(dst)) not in allowed}

    cycles = strongly_connected(graph)
    for component in cycles:
        path = cycle_path(graph, component)
        print(f"cycle ({len(component)} modules): " + " -> ".join(name[m] for m in path))
        if len(component) > len(path) - 1:
            print("  all tangled: " + ", ".join(name[m] for m in component))
    if cycles:
        return 1
    print("no include cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The app's include graph has no circle.

Modules are stems: stem.c, stem.h and stem-private.h are one module, and so
are the files of a split class (lim-window-actions.c belongs to
lim-window).  The application <-> window pair may include each other; no
other view may include lim-window.h or lim-application.h.

    check-app-includes.py SRC_APP_DIR
"""
import os
import re
import sys

PAIR = {'lim-application', 'lim-window'}
SPLIT = {'lim-window-actions': 'lim-window'}


def stem(name):
    s = re.sub(r'\.(c|h)$', '', name)
    s = re.sub(r'-private$', '', s)
    return SPLIT.get(s, s)


def main(folder):
    files = [f for f in os.listdir(folder) if f.endswith(('.c', '.h'))]
    stems = {stem(f) for f in files}
    edges = set()
    for f in files:
        with open(os.path.join(folder, f), encoding='utf-8') as src:
            for line in src:
                m = re.match(r'\s*#include "(lim-[^"]+)\.h"', line)
                if m and stem(m.group(1)) in stems and stem(m.group(1)) != stem(f):
                    edges.add((stem(f), stem(m.group(1))))

    graph = {}
    for a, b in edges:
        if not ({a, b} == PAIR):
            graph.setdefault(a, set()).add(b)

    problems = []
    for a, b in sorted(edges):
        if b in PAIR and a not in PAIR | {'main'}:
            problems.append(f'{a} includes {b}.h')

    # Depth-first search for a back edge.
    state = {}

    def visit(node, path):
        state[node] = 'open'
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 'open':
                problems.append('circle: ' + ' -> '.join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 'done'

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])

    for a, b in sorted(edges):
        print(f'# {a} -> {b}')
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))

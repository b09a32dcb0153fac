#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`liminal history --json` against `alembic history`, cold and warm, in one
paired run.

Usage: bench-alembic.py [--rounds=N] [--liminal=PATH] [SIZE...]

Needs Debian's python3-alembic (`apt install python3-alembic`).  For each
SIZE (default 100 2000 10000) it generates a history with gen-revisions.py
(kept under /tmp/liminal-bench-alembic/SIZE) and lays an Alembic skeleton
beside it (alembic.ini, env.py, script.py.mako), so that both tools read the
very same revision files: Liminal's files are Alembic-shaped (`revision`,
`down_revision`, `upgrade()`, `downgrade()`); Alembic imports each one as a
module, so a stub `liminal.external` (only `BaseOperation`, which the
functions' annotations name) is put on its PYTHONPATH.  Function bodies are
not run by either tool's `history`.

  cold: Liminal with LIMINAL_NO_CACHE=1 (every file parsed); Alembic with
        no __pycache__ (every file compiled) and PYTHONDONTWRITEBYTECODE=1.
  warm: Liminal with its revision cache filled (XDG_CACHE_HOME points at a
        private folder); Alembic with every file's bytecode in __pycache__.

The operating system's page cache is warm for both.  The four commands are
run in turn, ROUNDS times (default 5), and the medians compared: the ratio
is alembic ÷ liminal (how many times faster Liminal Desktop is).
"""

import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = "/tmp/liminal-bench-alembic"

ALEMBIC_INI = """[alembic]
script_location = %(here)s
version_locations = %(here)s/versions

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

# `alembic history` does not run env.py; it is there so that the folder is
# a complete Alembic environment.
ENV_PY = """from alembic import context

def run_migrations_offline():
    context.configure(url="sqlite://", literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()

run_migrations_offline()
"""

SCRIPT_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''

STUB = '''"""Stub of Liminal's public module: what a revision file needs at import."""


class BaseOperation:
    pass
'''


def prepare(size):
    folder = os.path.join(WORK, str(size))
    versions = os.path.join(folder, "versions")
    if not os.path.isdir(versions) or len([n for n in os.listdir(versions) if n.endswith(".py")]) != size:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen-revisions.py"), versions, str(size)],
                       check=True, stdout=subprocess.DEVNULL)
    for name, text in (("alembic.ini", ALEMBIC_INI), ("env.py", ENV_PY), ("script.py.mako", SCRIPT_MAKO),
                       ("stub/liminal/__init__.py", ""), ("stub/liminal/external.py", STUB)):
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return folder


def drop_bytecode(folder):
    shutil.rmtree(os.path.join(folder, "versions", "__pycache__"), ignore_errors=True)


def run(argv, env, cwd):
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    return elapsed, proc.stdout


def main():
    rounds = 5
    liminal = os.path.join(ROOT, "build", "src", "cli", "liminal")
    sizes = []
    for arg in sys.argv[1:]:
        if arg.startswith("--rounds="):
            rounds = int(arg.split("=", 1)[1])
        elif arg.startswith("--liminal="):
            liminal = os.path.abspath(arg.split("=", 1)[1])
        else:
            sizes.append(int(arg))
    sizes = sizes or [100, 2000, 10000]
    # Debian's alembic, run by Debian's Python (a python3 earlier in PATH
    # may be another installation without it).
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    if subprocess.run([python, "-c", "import alembic"], stderr=subprocess.DEVNULL).returncode != 0:
        sys.exit("alembic not found: apt install python3-alembic")

    base_env = dict(os.environ)
    base_env.pop("LIMINAL_NO_CACHE", None)
    cache_home = os.path.join(WORK, "cache")
    shutil.rmtree(cache_home, ignore_errors=True)
    base_env["XDG_CACHE_HOME"] = cache_home

    print(f"{'revisions':>9} {'':5} {'liminal ms':>10} {'alembic ms':>10} {'ratio':>7} {'µs/rev':>7}")
    for size in sizes:
        folder = prepare(size)
        lim_cold_env = dict(base_env, LIMINAL_NO_CACHE="1")
        lim_warm_env = dict(base_env)
        al_env = dict(base_env, PYTHONPATH=os.path.join(folder, "stub"))
        al_cold_env = dict(al_env, PYTHONDONTWRITEBYTECODE="1")
        lim_cmd = [liminal, "-C", folder, "history", "--json"]
        al_cmd = [python, "-m", "alembic", "-c", os.path.join(folder, "alembic.ini"), "history"]

        # Both tools see the same history; this also fills both caches.
        drop_bytecode(folder)
        _, out = run(lim_cmd, lim_warm_env, folder)
        n_lim = out.count(b'"id"')
        _, out = run(al_cmd, al_env, folder)
        n_al = sum(1 for line in out.splitlines() if b" -> " in line)
        if n_lim != size or n_al != size:
            sys.exit(f"{size}: liminal lists {n_lim} revisions, alembic {n_al}")

        times = {k: [] for k in ("lc", "ac", "lw", "aw")}
        for _ in range(rounds):
            times["lc"].append(run(lim_cmd, lim_cold_env, folder)[0])
            drop_bytecode(folder)
            times["ac"].append(run(al_cmd, al_cold_env, folder)[0])
            times["lw"].append(run(lim_cmd, lim_warm_env, folder)[0])
            if not os.path.isdir(os.path.join(folder, "versions", "__pycache__")):
                run(al_cmd, al_env, folder)
            times["aw"].append(run(al_cmd, al_env, folder)[0])
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        for kind, l, a in (("cold", "lc", "ac"), ("warm", "lw", "aw")):
            print(f"{size:>9} {kind:5} {med[l]:>10.1f} {med[a]:>10.1f} {med[a] / med[l]:>6.1f}× "
                  f"{med[l] * 1000 / size:>7.1f}", flush=True)
    print(f"(medians of {rounds} paired rounds; ratio = alembic ÷ liminal; µs/rev = liminal's time per "
          f"revision, process start included)")


if __name__ == "__main__":
    main()

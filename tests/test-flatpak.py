#!/usr/bin/env python3
"""The Flatpak manifests in flatpak/ against the project's packaging rules.

This machine cannot download the GNOME runtime, so the manifests are checked
offline, by construction:
  * the app id is the project's (and a valid Flatpak/D-Bus name), .Devel for
    the development manifest;
  * org.gnome.Platform/Sdk, runtime-version pinned to 47 or 48;
  * the command is liminal-desktop; the CLI is /app/bin/liminal, so
    `flatpak run --command=liminal <app-id>` works;
  * finish-args exactly: --share=network --share=ipc --socket=wayland
    --socket=fallback-x11 --device=dri; nothing else, in particular no
    --filesystem (projects come through the file-chooser portal) and no
    --talk-name (libsecret uses the Secret portal);
  * the app is built with meson, -D options exist in meson_options.txt (or
    are meson built-ins), the development option matches the id;
  * every source is local (no url/git/archive download), exists, and no
    module gets network access at build time;
  * `flatpak-builder --show-manifest` parses it without an
    "Unknown property" warning (only if flatpak-builder is installed).
"""

import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.environ.get("LIMINAL_SOURCE_ROOT",
                      os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP_ID = os.environ.get("LIMINAL_APP_ID_BASE", "io.github.liminal_desktop.Liminal")
FLATPAK_DIR = os.path.join(ROOT, "flatpak")

ALLOWED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]
ALLOWED_RUNTIME_VERSIONS = {"47", "48"}
LOCAL_SOURCE_TYPES = {"dir", "file", "patch", "script", "inline", "shell"}
MESON_BUILTINS = {
    "buildtype", "werror", "warning_level", "optimization", "debug", "b_lto",
    "b_ndebug", "b_pie", "prefix", "libdir", "default_library", "strip",
}

failures = []


def check(cond, message):
    if cond:
        print(f"ok - {message}")
    else:
        print(f"not ok - {message}")
        failures.append(message)


def valid_app_id(app_id):
    # Flatpak (and D-Bus well-known name) rules: 3+ elements, each
    # [A-Za-z_][A-Za-z0-9_-]*, the last without '-', at most 255 chars.
    parts = app_id.split(".")
    if len(parts) < 3 or len(app_id) > 255:
        return False
    for p in parts:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", p):
            return False
    return "-" not in parts[-1]


def meson_options():
    names = set()
    with open(os.path.join(ROOT, "meson_options.txt"), encoding="utf-8") as f:
        for m in re.finditer(r"option\(\s*'([^']+)'", f.read()):
            names.add(m.group(1))
    return names


def check_sources(manifest_dir, module, where):
    for src in module.get("sources", []):
        if isinstance(src, str):
            # A JSON file of further sources.
            path = os.path.join(manifest_dir, src)
            check(os.path.isfile(path), f"{where}: source list {src} exists")
            continue
        kind = src.get("type")
        check(kind in LOCAL_SOURCE_TYPES, f"{where}: source type {kind!r} is local")
        check("url" not in src and "mirror-urls" not in src,
              f"{where}: source {src.get('path', kind)!r} has no URL")
        if "path" in src:
            path = os.path.normpath(os.path.join(manifest_dir, src["path"]))
            check(os.path.exists(path), f"{where}: source path {src['path']} exists ({path})")
        for p in src.get("paths", []):
            check(os.path.exists(os.path.join(manifest_dir, p)), f"{where}: source {p} exists")


def check_no_build_network(opts, where):
    args = (opts or {}).get("build-args", [])
    check(not any(a.startswith("--share=network") for a in args),
          f"{where}: no network at build time (build-args {args})")


def check_manifest(path):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    devel = ".Devel." in name
    want_id = APP_ID + (".Devel" if devel else "")

    app_id = m.get("id") or m.get("app-id")
    check(app_id == want_id, f"{name}: id {app_id} == {want_id}")
    check(valid_app_id(app_id or ""), f"{name}: {app_id} is a valid Flatpak id")
    check(name == want_id + ".json", f"{name}: file named after the id")
    check(m.get("runtime") == "org.gnome.Platform", f"{name}: runtime org.gnome.Platform")
    check(m.get("sdk") == "org.gnome.Sdk", f"{name}: sdk org.gnome.Sdk")
    check(str(m.get("runtime-version")) in ALLOWED_RUNTIME_VERSIONS,
          f"{name}: runtime-version {m.get('runtime-version')!r} pinned to 47 or 48")
    check(m.get("command") == "liminal-desktop", f"{name}: command liminal-desktop")

    fa = m.get("finish-args", [])
    check(sorted(fa) == sorted(ALLOWED_FINISH_ARGS),
          f"{name}: finish-args are exactly {ALLOWED_FINISH_ARGS} (got {fa})")
    check(not any(a.startswith(("--filesystem", "--persist")) for a in fa),
          f"{name}: no filesystem access (projects come through the file-chooser portal)")
    check("--socket=x11" not in fa, f"{name}: X11 only as fallback")
    check(len(fa) == len(set(fa)), f"{name}: no duplicate finish-args")
    check_no_build_network(m.get("build-options"), name)

    modules = m.get("modules", [])
    check(bool(modules), f"{name}: has modules")
    manifest_dir = os.path.dirname(path)
    for mod in modules:
        if isinstance(mod, str):
            check(os.path.isfile(os.path.join(manifest_dir, mod)), f"{name}: module file {mod} exists")
            continue
        where = f"{name}: module {mod.get('name')}"
        check_sources(manifest_dir, mod, where)
        check_no_build_network(mod.get("build-options"), where)

    app = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    where = f"{name}: app module {app.get('name')}"
    check(app.get("buildsystem") == "meson", f"{where}: built with meson")
    opts = meson_options()
    defined = {}
    for opt in app.get("config-opts", []):
        mo = re.fullmatch(r"-D([A-Za-z0-9_]+)=(.*)", opt)
        if mo:
            check(mo.group(1) in opts or mo.group(1) in MESON_BUILTINS,
                  f"{where}: -D{mo.group(1)} is a meson option")
            defined[mo.group(1)] = mo.group(2)
    check(defined.get("app", "true") == "true", f"{where}: builds the app")
    check(defined.get("development", "false") == ("true" if devel else "false"),
          f"{where}: -Ddevelopment matches the id")
    srcs = [s for s in app.get("sources", []) if isinstance(s, dict)]
    check(any(s.get("type") == "dir" and os.path.normpath(os.path.join(manifest_dir, s.get("path", "")))
              == os.path.normpath(ROOT) for s in srcs),
          f"{where}: builds this source tree (dir ..)")

    fb = shutil.which("flatpak-builder")
    if fb:
        r = subprocess.run([fb, "--show-manifest", path], capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C"), timeout=60)
        check(r.returncode == 0, f"{name}: flatpak-builder --show-manifest exits 0 ({r.stderr.strip()})")
        check("Unknown property" not in r.stderr,
              f"{name}: flatpak-builder knows every property ({r.stderr.strip()})")
    else:
        print(f"# flatpak-builder not installed: {name} not parsed by it")


def check_cli_installed():
    # The CLI must be installed into bindir for `flatpak run --command=liminal`.
    with open(os.path.join(ROOT, "src", "cli", "meson.build"), encoding="utf-8") as f:
        text = f.read()
    check(re.search(r"executable\(\s*'liminal'.*?install:\s*true", text, re.S) is not None,
          "src/cli/meson.build installs the liminal executable")


def main():
    manifests = sorted(os.path.join(FLATPAK_DIR, n) for n in os.listdir(FLATPAK_DIR)
                       if n.endswith(".json") and n.startswith(APP_ID))
    check(os.path.join(FLATPAK_DIR, APP_ID + ".json") in manifests,
          f"flatpak/{APP_ID}.json exists")
    for path in manifests:
        check_manifest(path)
    check_cli_installed()
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

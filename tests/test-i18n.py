#!/usr/bin/env python3
"""Translations: the catalogs, and the real programs under LANGUAGE=de/fr.

  test-i18n.py catalogs   msgfmt --check on every .po in LINGUAS, every message
                          translated, the built .mo files answer a few lookups,
                          the merged desktop file and metainfo are translated.
  test-i18n.py runtime    `LANGUAGE=de liminal --help` and `LANGUAGE=fr
                          liminal-desktop --help` print translated text.

The programs bind their catalog to LOCALEDIR from config.h (the install
prefix), not to the build dir.  The runtime check makes them find the build's
catalogs in one of two ways:
  1. if a program honours LIMINAL_LOCALEDIR (a one-line change in its
     main()), that variable points at the build's po/ dir;
  2. otherwise, as root with a private mount namespace (`unshare -m`), the
     build's po/ dir is bind-mounted where LOCALEDIR points, for that one
     process only; nothing outside the namespace changes.
If neither is possible the runtime check is skipped (exit 77).

Environment (set by tests/meson.build): LIMINAL_SOURCE_ROOT, LIMINAL_PO_BUILDDIR,
LIMINAL_LOCALEDIR_INSTALLED, LIMINAL_CLI, LIMINAL_DESKTOP (may be empty),
LIMINAL_DATA_BUILDDIR (may be empty), MSGFMT.
"""

import gettext
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

DOMAIN = "liminal-desktop"
ROOT = os.environ.get("LIMINAL_SOURCE_ROOT",
                      os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO_SRC = os.path.join(ROOT, "po")
PO_BUILD = os.environ.get("LIMINAL_PO_BUILDDIR", "")
LOCALEDIR = os.environ.get("LIMINAL_LOCALEDIR_INSTALLED", "")
CLI = os.environ.get("LIMINAL_CLI", "")
DESKTOP = os.environ.get("LIMINAL_DESKTOP", "")
DATA_BUILD = os.environ.get("LIMINAL_DATA_BUILDDIR", "")
MSGFMT = os.environ.get("MSGFMT") or shutil.which("msgfmt") or "msgfmt"

# msgid -> expected translation, per language.  A few from each part: the
# CLI, the engine, the app's C code and its .ui files.
EXPECTED = {
    "de": {
        "Usage: liminal [-C DIR] COMMAND [ARGUMENTS…]": "Aufruf: liminal [-C ORDNER] BEFEHL [ARGUMENTE …]",
        "Commands:": "Befehle:",
        "Up to date": "Aktuell",
        "No Tenants": "Keine Mandanten",
        "_Upgrade to Head": "Auf Head _aktualisieren",
        "Open the project in DIR": "Das Projekt in ORDNER öffnen",
    },
    "fr": {
        "Usage: liminal [-C DIR] COMMAND [ARGUMENTS…]": "Utilisation\u00a0: liminal [-C DOSSIER] COMMANDE [ARGUMENTS…]",
        "Commands:": "Commandes\u00a0:",
        "Up to date": "À jour",
        "No Tenants": "Aucun locataire",
        "_Upgrade to Head": "_Mettre à niveau vers la tête",
        "Open the project in DIR": "Ouvrir le projet dans DOSSIER",
    },
}
PLURALS = {
    # (singular, plural, n) -> expected
    "de": [("%u revision", "%u revisions", 3, "%u Revisionen")],
    "fr": [("%u revision", "%u revisions", 1, "%u révision"),
           ("%u revision", "%u revisions", 0, "%u révision")],
}

failures = []


def check(cond, message):
    if cond:
        print(f"ok - {message}")
    else:
        print(f"not ok - {message}")
        failures.append(message)


def linguas():
    langs = []
    with open(os.path.join(PO_SRC, "LINGUAS"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            langs.extend(line.split())
    return langs


def test_catalogs():
    langs = linguas()
    check("de" in langs and "fr" in langs, f"LINGUAS lists de and fr ({langs})")
    for lang in langs:
        po = os.path.join(PO_SRC, lang + ".po")
        r = subprocess.run([MSGFMT, "--check", "--statistics", "-o", os.devnull, po],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        check(r.returncode == 0, f"msgfmt --check {lang}.po: {r.stderr.strip()}")
        check("fuzzy" not in r.stderr and "untranslated" not in r.stderr,
              f"{lang}.po is complete ({r.stderr.strip()})")

    # Every source with translatable strings should be in POTFILES.in.  Only
    # a warning: a new file lands before its POTFILES line, and its strings
    # then simply stay English until the next -pot/-update-po.
    listed = set()
    with open(os.path.join(PO_SRC, "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                listed.add(line)
                check(os.path.isfile(os.path.join(ROOT, line)), f"POTFILES.in: {line} exists")
    marker = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(|translatable="yes"')
    for pattern in ("src/*/*.c", "src/*/*.ui"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            rel = os.path.relpath(path, ROOT)
            with open(path, encoding="utf-8", errors="replace") as f:
                if marker.search(f.read()) and rel not in listed:
                    print(f"# warning: {rel} has translatable strings but is not in po/POTFILES.in")

    if not PO_BUILD:
        return
    for lang, table in EXPECTED.items():
        mo = os.path.join(PO_BUILD, lang, "LC_MESSAGES", DOMAIN + ".mo")
        check(os.path.isfile(mo), f"built {mo}")
        if not os.path.isfile(mo):
            continue
        with open(mo, "rb") as f:
            cat = gettext.GNUTranslations(f)
        for msgid, want in table.items():
            got = cat.gettext(msgid)
            check(got == want, f"[{lang}] {msgid!r} -> {got!r}")
        for singular, plural, n, want in PLURALS.get(lang, []):
            got = cat.ngettext(singular, plural, n)
            check(got == want, f"[{lang}] ngettext({singular!r}, n={n}) -> {got!r}")

    if DATA_BUILD:
        desktops = glob.glob(os.path.join(DATA_BUILD, "*.desktop"))
        metainfos = glob.glob(os.path.join(DATA_BUILD, "*.metainfo.xml"))
        for path in desktops:
            text = open(path, encoding="utf-8").read()
            check("Comment[de]=Benchling-Schema-Migrationen" in text, "desktop file has Comment[de]")
            check("Comment[fr]=Examiner les migrations" in text, "desktop file has Comment[fr]")
        for path in metainfos:
            text = open(path, encoding="utf-8").read()
            check('<summary xml:lang="de">' in text, "metainfo has a German summary")
            check('<summary xml:lang="fr">' in text, "metainfo has a French summary")


def program_honours_override(path):
    try:
        with open(path, "rb") as f:
            return b"LIMINAL_LOCALEDIR" in f.read()
    except OSError:
        return False


def run_translated(argv, lang):
    """Run argv with LANGUAGE=lang so that it finds the build's catalogs;
    None if that is not possible here."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    env.update(LANG="C.UTF-8", LANGUAGE=lang, LIMINAL_LOCALEDIR=PO_BUILD)
    if program_honours_override(argv[0]):
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)

    # A private mount namespace: bind the build's catalogs at LOCALEDIR.
    unshare = shutil.which("unshare")
    mount = shutil.which("mount")
    if not (unshare and mount and LOCALEDIR and os.geteuid() == 0):
        return None
    # Mount over the deepest existing ancestor of LOCALEDIR a scratch tree
    # whose LOCALEDIR path is a symlink to the build's po/ dir.
    anchor = LOCALEDIR
    while not os.path.isdir(anchor):
        anchor = os.path.dirname(anchor)
    with tempfile.TemporaryDirectory() as scratch:
        if anchor == LOCALEDIR:
            source = PO_BUILD
        else:
            rel = os.path.relpath(LOCALEDIR, anchor)
            link = os.path.join(scratch, rel)
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(PO_BUILD, link)
            source = scratch
        # "$@" after the two shifts: the program and its arguments.
        script = 'src=$1; dst=$2; shift 2; mount --bind "$src" "$dst" && exec "$@"'
        probe = subprocess.run([unshare, "-m", "sh", "-c", script, "sh", source, anchor, "true"],
                               capture_output=True, text=True, timeout=60)
        if probe.returncode != 0:
            print(f"# no private mount namespace here: {probe.stderr.strip()}")
            return None
        return subprocess.run([unshare, "-m", "sh", "-c", script, "sh", source, anchor] + argv,
                              capture_output=True, text=True, env=env, timeout=60)


def test_runtime():
    ran = 0
    if not (CLI and PO_BUILD):
        print("# LIMINAL_CLI or LIMINAL_PO_BUILDDIR not set")
        return 0

    r = run_translated([CLI, "--help"], "de")
    if r is not None:
        ran += 1
        out = r.stdout
        check(r.returncode == 0, f"LANGUAGE=de liminal --help exits 0 ({r.returncode}: {r.stderr.strip()})")
        check("Aufruf: liminal [-C ORDNER] BEFEHL" in out, "LANGUAGE=de liminal --help: German usage line")
        check("Befehle:" in out and "Optionen:" in out, "LANGUAGE=de liminal --help: German headings")
        check("Einen Mandanten aktualisieren" in out, "LANGUAGE=de liminal --help: German command summary")

    r = run_translated([CLI, "--help"], "fr")
    if r is not None:
        ran += 1
        check("Commandes\u00a0:" in r.stdout, "LANGUAGE=fr liminal --help: French headings")

    r = run_translated([CLI, "no-such-command"], "de")
    if r is not None:
        ran += 1
        check("Unbekannter Befehl „no-such-command“" in r.stderr,
              f"LANGUAGE=de liminal no-such-command: German error ({r.stderr.strip()!r})")

    if DESKTOP:
        r = run_translated([DESKTOP, "--help"], "fr")
        if r is not None:
            ran += 1
            out = r.stdout
            check(r.returncode == 0, f"LANGUAGE=fr liminal-desktop --help exits 0 ({r.returncode}: {r.stderr.strip()})")
            check("Ouvrir le projet dans DOSSIER" in out, "LANGUAGE=fr liminal-desktop --help: French option")
            check("Ouvrir le projet de démonstration avec des locataires bac à sable locaux" in out,
                  "LANGUAGE=fr liminal-desktop --help: French --demo")
            check("[DOSSIER_DU_PROJET]" in out, "LANGUAGE=fr liminal-desktop --help: French parameter")
    return ran


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "catalogs"
    if mode == "catalogs":
        test_catalogs()
    elif mode == "runtime":
        if test_runtime() == 0:
            print("# SKIP: cannot point the programs at the build's catalogs here "
                  "(no LIMINAL_LOCALEDIR support and no root mount namespace)")
            return 77
    else:
        print(f"unknown mode {mode}", file=sys.stderr)
        return 2
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

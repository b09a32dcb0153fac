#!/usr/bin/env python3
"""Write the manual page PAGE (liminal or liminal-desktop) from the one
source, liminal.man.in.  Usage: mkman.py SOURCE PAGE VERSION DATE APP_ID OUTPUT"""
import sys

source, page, version, date, app_id, output = sys.argv[1:7]
out = []
block = None
with open(source, encoding="utf-8") as f:
    for line in f:
        if line.startswith("@@ "):
            name = line[3:].strip()
            block = None if name == "end" else name
            continue
        if block is not None and block != page:
            continue
        out.append(line.replace("@PAGE_UPPER@", page.upper())
                       .replace("@PAGE@", page)
                       .replace("@VERSION@", version)
                       .replace("@DATE@", date)
                       .replace("@APP_ID@", app_id))
if block is not None:
    sys.exit(f"{source}: unterminated @@ {block} block")
with open(output, "w", encoding="utf-8") as f:
    f.writelines(out)

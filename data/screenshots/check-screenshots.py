#!/usr/bin/env python3
"""Every <screenshot> image in the metainfo is a PNG in data/screenshots/ of
the size the metainfo states.  The PNGs are copies of the GUI tests' own
screenshots (build/tests/gui/screenshots/); refresh them with
  cp BUILD/tests/gui/screenshots/{demo-window,revision-source,run-progress}.png data/screenshots/
Usage: check-screenshots.py METAINFO SCREENSHOT_DIR"""
import os
import struct
import sys
import xml.etree.ElementTree as ET

metainfo, shots = sys.argv[1], sys.argv[2]
images = ET.parse(metainfo).getroot().findall("./screenshots/screenshot/image")
bad = 0
if not images:
    print("no screenshots in the metainfo")
    bad += 1
for img in images:
    name = os.path.basename(img.text.strip())
    path = os.path.join(shots, name)
    if not os.path.isfile(path):
        print(f"not ok - {name} is not in {shots}")
        bad += 1
        continue
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        print(f"not ok - {name} is not a PNG")
        bad += 1
        continue
    w, h = struct.unpack(">II", head[16:24])
    want = (int(img.get("width", w)), int(img.get("height", h)))
    if (w, h) != want:
        print(f"not ok - {name} is {w}x{h}, the metainfo says {want[0]}x{want[1]}")
        bad += 1
        continue
    print(f"ok - {name} {w}x{h}")
sys.exit(1 if bad else 0)

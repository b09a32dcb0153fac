#!/usr/bin/env bash
# Install every Debian 12 package the project needs to build, run and test.
# Idempotent: installs only what is missing.  Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
  # build
  meson ninja-build pkg-config gcc clang gettext
  libglib2.0-dev libjson-glib-dev libsoup-3.0-dev
  # the streaming reader of big tenant responses (src/engine/lim-snapshot-stream.c)
  libyajl-dev
  libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev libsecret-1-dev
  # the single sign-on window's web view (src/app/lim-sign-in-window.c)
  libwebkitgtk-6.0-dev
  # runtime / tests
  glib-networking desktop-file-utils appstream
  xvfb xauth dbus gnome-keyring at-spi2-core
  python3 python3-jsonschema python3-yaml
  # run reports: pdftotext and pdftoppm check the PDF (tests/test-report.c, tests/test-cli-runs.py)
  poppler-utils
  # Flatpak manifest check (tests/test-flatpak.py: flatpak-builder --show-manifest)
  flatpak flatpak-builder
  # sanitizers and fuzzing (clang's runtime)
  libclang-rt-14-dev
  # the C dialect check (tools/format.sh --check)
  uncrustify
  # data validators (validate-man-*)
  man-db
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=
if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Keep Recommends: they bring xfonts-base (Xvfb's fonts) and libgtk-4-bin.
$SUDO apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
echo "install-deps: done"

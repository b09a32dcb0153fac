#!/bin/sh
# run-with-keyring.sh PROGRAM ARGS… — run a test with a desktop keyring:
# the session bus's when there is one (tools/run-tests.sh starts one with an
# unlocked gnome-keyring), else a private dbus-run-session with its own
# unlocked gnome-keyring, in a scratch data folder.
#
# SPDX-License-Identifier: GPL-3.0-or-later
if [ -n "$DBUS_SESSION_BUS_ADDRESS" ]; then
  exec "$@"
fi
scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The daemons run without the tests' G_DEBUG=fatal-warnings (a warning of
# the keyring daemon would kill it) and malloc checks; the test gets them
# back.
LIM_KEEP_PERTURB="${MALLOC_PERTURB_-}" LIM_KEEP_CHECK="${MALLOC_CHECK_-}" LIM_KEEP_G_DEBUG="${G_DEBUG-}" \
env -u MALLOC_PERTURB_ -u MALLOC_CHECK_ -u G_DEBUG dbus-run-session -- sh -c '
  echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  # wait until the daemon owns the secret service name (else a second one
  # is activated and the two race)
  for i in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.1
  done
  [ -n "$LIM_KEEP_PERTURB" ] && export MALLOC_PERTURB_="$LIM_KEEP_PERTURB"
  [ -n "$LIM_KEEP_CHECK" ] && export MALLOC_CHECK_="$LIM_KEEP_CHECK"
  [ -n "$LIM_KEEP_G_DEBUG" ] && export G_DEBUG="$LIM_KEEP_G_DEBUG"
  exec "$@"' sh "$@"

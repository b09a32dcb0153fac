/* fuzz-revision-scan.c — libFuzzer target for the header scan of revision
 * files (lim-revision-scan.c) against the parser.
 *
 * The scan must never crash, leak or read past its input; when it is sure
 * of a file the parser also reads, both must give the same header: id,
 * down_revision, description, create date, line of `revision =`, operation
 * counts, and no warning.  (When the parser fails on a file the scan is
 * sure of, the failure is in the operations, which the scan does not check
 * by design.)  The input is copied so that ASan sees reads past its end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "lim-revision-private.h"
#include "lim-revision.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) \
  G_STMT_START \
  { \
    if (!(cond)) \
      { \
        g_printerr ("invariant failed: %s\n", #cond); \
        abort (); \
      } \
  } \
  G_STMT_END

/* GLib allocates some things once per process (quarks); do that before
 * libFuzzer starts counting leaks. */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const char warm_up[] =
    "'''Warm up\n\nCreate Date: 2026'''\nimport liminal.external as b\n"
    "revision = 'abcd00000001'\ndown_revision = None\n"
    "def upgrade() -> list[b.BaseOperation]:\n    return [b.ArchiveDropdown('d')]\n"
    "def downgrade() -> list[b.BaseOperation]:\n    return [b.UnarchiveDropdown('d')]\n";
  g_autoptr(LimRevision) scan = _lim_revision_scan (warm_up, sizeof warm_up - 1, "warm-up.py", NULL);
  g_autoptr(LimRevision) full = lim_revision_parse (warm_up, -1, "warm-up.py", NULL);
  g_autoptr(LimRevision) bad = lim_revision_parse ("x = (", -1, "warm-up.py", NULL);

  (void) argc;
  (void) argv;
  (void) scan;
  (void) full;
  (void) bad;
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *copy = g_memdup2 (data, size);
  g_autoptr(LimRevision) scan = _lim_revision_scan (copy, size, "fuzz.py", NULL);
  g_autoptr(LimRevision) full = NULL;

  if (scan == NULL)
    return 0;
  CHECK (lim_revision_id_is_valid (lim_revision_get_id (scan)));
  CHECK (lim_revision_get_down_revision (scan) == NULL ||
         lim_revision_id_is_valid (lim_revision_get_down_revision (scan)));
  CHECK (g_utf8_validate (lim_revision_get_description (scan), -1, NULL));
  CHECK (lim_revision_get_warnings (scan)->len == 0);

  full = lim_revision_parse (copy, (gssize) size, "fuzz.py", NULL);
  if (full == NULL)
    return 0;
  CHECK (g_strcmp0 (lim_revision_get_id (scan), lim_revision_get_id (full)) == 0);
  CHECK (g_strcmp0 (lim_revision_get_down_revision (scan), lim_revision_get_down_revision (full)) == 0);
  CHECK (g_strcmp0 (lim_revision_get_description (scan), lim_revision_get_description (full)) == 0);
  CHECK (g_strcmp0 (lim_revision_get_create_date (scan), lim_revision_get_create_date (full)) == 0);
  CHECK (lim_revision_get_line (scan) == lim_revision_get_line (full));
  CHECK (lim_revision_get_n_upgrade (scan) == lim_revision_get_n_upgrade (full));
  CHECK (lim_revision_get_n_downgrade (scan) == lim_revision_get_n_downgrade (full));
  CHECK (lim_revision_get_warnings (full)->len == 0);
  return 0;
}

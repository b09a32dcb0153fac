/* fuzz-sandbox-seed.c — libFuzzer target for the sandbox's reader of
 * Benchling's own answers (ls_state_load_benchling_json, the
 * "benchling:FILE" seed a rehearsal clones a tenant from).
 *
 * Checks: the input is read or refused with an error (never both, never
 * neither); a tenant that was read writes itself as a snapshot that the
 * sandbox reads back (it persists and reloads every clone that way).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "lim-sandbox-state.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) \
  G_STMT_START \
  { \
    if (!(cond)) \
      { \
        g_printerr ("fuzz-sandbox-seed: check failed: %s\n", #cond); \
        abort (); \
      } \
  } \
  G_STMT_END

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsState) state = ls_state_load_benchling_json ((const char *) data, size, &error);

  CHECK ((state == NULL) != (error == NULL));
  if (state)
    {
      g_autoptr(GString) snapshot = ls_state_to_json (state);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(LsState) again = ls_state_load_json (snapshot->str, snapshot->len, &again_error);

      if (again == NULL)
        g_printerr ("fuzz-sandbox-seed: %s\n", again_error->message);
      CHECK (again != NULL);
    }
  return 0;
}

/* fuzz-revision.c — libFuzzer target for revision files (reader, the 18
 * operations, properties, the writer).
 *
 * For any input that parses, writing it and parsing what was written must
 * give the same text again (the writer is a fixed point), and a failure
 * must be one LIM_REVISION_ERROR or LIM_PY_ERROR naming the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-operation.h"
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

/* GLib and json-glib allocate some things once per process (types, quarks);
 * do that before libFuzzer starts counting leaks. */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const char warm_up[] =
    "revision = 'abcd00000001'\ndown_revision = None\n"
    "def upgrade() -> list[b.BaseOperation]:\n"
    "    return [b.UpdateEntitySchemaField('s', 'f', b.BaseFieldProperties(type=b.BenchlingFieldType.TEXT)),\n"
    "            b.CreateDropdown('d', ['a'])]\n"
    "def downgrade() -> list[b.BaseOperation]:\n    return [b.ArchiveDropdown(1)]\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRevision) rev = lim_revision_parse (warm_up, -1, "warm-up.py", &error);
  g_autoptr(LimRevision) bad = lim_revision_parse ("x = (", -1, "warm-up.py", NULL);

  (void) argc;
  (void) argv;
  (void) bad;
  g_clear_error (&error);
  rev = lim_revision_parse (warm_up, strstr (warm_up, "return [b.ArchiveDropdown") - warm_up, "w.py", &error);
  g_clear_error (&error);
  {
    static const char ok[] =
      "revision = 'abcd00000001'\ndown_revision = None\n"
      "def upgrade() -> list[b.BaseOperation]:\n"
      "    return [b.UpdateEntitySchemaField('s', 'f', b.BaseFieldProperties(type=b.BenchlingFieldType.TEXT))]\n"
      "def downgrade() -> list[b.BaseOperation]:\n    return []\n";
    g_autoptr(LimRevision) good = lim_revision_parse (ok, -1, "w.py", NULL);
    if (good)
      {
        JsonNode *json = lim_operation_to_json (g_ptr_array_index (lim_revision_get_upgrade (good), 0));
        g_free (lim_revision_to_python (good));
        json_node_unref (json);
      }
  }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRevision) rev = lim_revision_parse ((const char *) data, (gssize) size, "fuzz.py", &error);
  g_autofree char *text = NULL;
  g_autoptr(LimRevision) again = NULL;
  g_autofree char *text2 = NULL;

  if (rev == NULL)
    {
      CHECK (error != NULL);
      CHECK (error->domain == LIM_REVISION_ERROR || error->domain == LIM_PY_ERROR);
      CHECK (g_str_has_prefix (error->message, "fuzz.py"));
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  CHECK (error == NULL);

  /* Describe and JSON must work for every operation that parsed. */
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *ops = pass ? lim_revision_get_downgrade (rev) : lim_revision_get_upgrade (rev);
      for (guint i = 0; i < ops->len; i++)
        {
          g_autofree char *describe = lim_operation_describe (g_ptr_array_index (ops, i));
          JsonNode *json = lim_operation_to_json (g_ptr_array_index (ops, i));
          CHECK (g_utf8_validate (describe, -1, NULL));
          json_node_unref (json);
        }
    }

  text = lim_revision_to_python (rev);
  again = lim_revision_parse (text, -1, "written.py", &error);
  if (again == NULL)
    {
      g_printerr ("what we wrote does not read back: %s\n---\n%s\n---\n", error->message, text);
      abort ();
    }
  text2 = lim_revision_to_python (again);
  if (strcmp (text, text2) != 0)
    {
      g_printerr ("the writer is not a fixed point:\n---\n%s\n---\n%s\n---\n", text, text2);
      abort ();
    }
  CHECK (lim_revision_get_upgrade (again)->len == lim_revision_get_upgrade (rev)->len);
  CHECK (lim_revision_get_downgrade (again)->len == lim_revision_get_downgrade (rev)->len);
  CHECK (g_strcmp0 (lim_revision_get_description (again), lim_revision_get_description (rev)) == 0);
  return 0;
}

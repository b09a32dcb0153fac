/* fuzz-model-python-read.c — libFuzzer target for the reader of Liminal's
 * Python model (lim-model-python-read over lim-py's model mode).
 *
 * The input is split into up to four files at lines "#### NAME" (the first
 * file is "model/entity_schemas/a.py" when the input does not start with
 * one), so that classes, imports and references cross files.  Any input must
 * either give model files that are valid JSON objects, or fail with one
 * LIM_MODEL_PYTHON_READ_ERROR_INVALID naming one of the files; never crash or
 * leak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-model-files.h"
#include "lim-model-python-read.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_FILES 4

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

static GPtrArray *
read_input (const char *text,
            GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  const char *name_start = NULL, *name_end = NULL;

  for (;;)
    {
      const char *mark = strstr (start, "#### ");

      while (mark != NULL && mark != text && mark[-1] != '\n')
        mark = strstr (mark + 1, "#### ");
      if (mark == NULL || names->len + 1 >= MAX_FILES)
        mark = start + strlen (start);
      if (mark != text || name_start != NULL)
        {
          g_ptr_array_add (names, name_start ? g_strndup (name_start, (gsize) (name_end - name_start))
                                  : g_strdup ("model/entity_schemas/a.py"));
          g_ptr_array_add (texts, g_strndup (start, (gsize) (mark - start)));
        }
      if (*mark == '\0')
        break;
      name_start = mark + strlen ("#### ");
      name_end = strchr (name_start, '\n');
      if (name_end == NULL)
        break;
      start = name_end + 1;
    }
  return lim_model_python_read_texts ((const char *const *) names->pdata, (const char *const *) texts->pdata,
                                      names->len, error);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const char warm_up[] =
    "from liminal.base.base_dropdown import BaseDropdown\n"
    "class D(BaseDropdown):\n    __benchling_name__ = 'D'\n    __allowed_values__ = ['a']\n"
    "#### model/entity_schemas/b.py\n"
    "from x import D\n"
    "class S(BaseModel):\n"
    "    __schema_properties__ = SchemaProperties(name='S', warehouse_name='s', prefix='S',"
    " entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.NEW_IDS})\n"
    "    d: SqlColumn = Column(name='D', type=BenchlingFieldType.DROPDOWN, required=False, dropdown=D)\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = read_input (warm_up, &error);
  g_autoptr(GPtrArray) bad = read_input ("class A(BaseModel):\n    x = (", NULL);

  (void) argc;
  (void) argv;
  CHECK (files != NULL);
  CHECK (bad == NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  files = read_input (text, &error);
  if (files == NULL)
    {
      CHECK (error != NULL);
      CHECK (error->domain == LIM_MODEL_PYTHON_READ_ERROR);
      CHECK (error->code == LIM_MODEL_PYTHON_READ_ERROR_INVALID);
      CHECK (strchr (error->message, ':') != NULL);
      return 0;
    }
  CHECK (error == NULL);
  for (guint i = 0; i < files->len; i++)
    {
      const LimModelFile *f = g_ptr_array_index (files, i);
      g_autoptr(JsonNode) node = json_from_string (f->contents, NULL);
      g_autofree char *again = NULL;

      CHECK (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
      CHECK (g_str_has_prefix (f->name, "dropdowns/") || g_str_has_prefix (f->name, "entity_schemas/"));
      again = lim_model_files_json_text (node);
      CHECK (strcmp (again, f->contents) == 0);
    }
  return 0;
}

/* test-model-python-write.c — Liminal's Python model files from our JSON
 * model: byte for byte against the golden of the compare fixture (written
 * from Liminal 4.6.2's generator by tests/python-model-oracle.py), the
 * spellings of what Liminal never writes (archived objects), escaping, the
 * errors, and the writer's package rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "lim-model-python-write.h"

/* ---------------------------------------------------------------- helpers */

static void
read_tree (GHashTable *out,
           const char *root,
           const char *relative)
{
  g_autofree char *dir = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *rel = relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      char *text = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          read_tree (out, root, rel);
          continue;
        }
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_hash_table_insert (out, g_steal_pointer (&rel), text);
    }
}

static GHashTable *
tree (const char *root)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  read_tree (out, root, NULL);
  return out;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* JSON written with single quotes, for readability. */
static LimModelFile *
json_file (const char *name,
           const char *text)
{
  g_autofree char *json = g_strdup (text);
  for (char *p = json; *p; p++)
    if (*p == '\'')
      *p = '"';
  return lim_model_file_new (name, json);
}

static const char *
find (GPtrArray  *files,
      const char *name)
{
  for (guint i = 0; i < files->len; i++)
    {
      const LimModelFile *f = g_ptr_array_index (files, i);
      if (strcmp (f->name, name) == 0)
        return f->contents;
    }
  return NULL;
}

/* The one schema of @json renamed from “Import” to “Imports”. */
static void
json_file_patch_name (GPtrArray *json)
{
  LimModelFile *f = g_ptr_array_index (json, 0);
  char *text = g_strconcat ("{\"name\": \"Imports\", ", strstr (f->contents, "\"warehouse_name\""), NULL);

  g_free (f->contents);
  f->contents = text;
}

static GPtrArray *
new_files (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_file_free);
}

static const char *dough =
  "{'name': 'Dough Batch', 'warehouse_name': 'dough_batch', 'prefix': 'DB', 'entity_type': 'custom_entity',"
  " 'naming_strategies': ['NEW_IDS', 'IDS_FROM_NAMES', 'DELETE_NAMES'], 'archived': true,"
  " 'fields': [{'name': 'Flour', 'warehouse_name': 'flour', 'type': 'text', 'required': true},"
  "            {'name': 'Old', 'warehouse_name': 'old', 'type': 'dropdown', 'required': false,"
  "             'dropdown_link': 'Cheese Type', 'archived': true}]}";

/* @files are the files of @golden (relative name → text), byte for byte. */
static void
assert_golden (GPtrArray  *files,
               GHashTable *golden)
{
  g_assert_nonnull (files);
  for (guint i = 0; i < files->len; i++)
    {
      const LimModelFile *f = g_ptr_array_index (files, i);
      const char *want = g_hash_table_lookup (golden, f->name);

      g_test_message ("%s", f->name);
      g_assert_nonnull (want);
      g_assert_cmpstr (f->contents, ==, want);
    }
  g_assert_cmpuint (files->len, ==, g_hash_table_size (golden));
}

/* ------------------------------------------------------------------ tests */

/* The compare fixture's JSON model gives the golden, byte for byte. */
static void
test_golden_tenant (void)
{
  g_autofree char *model = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);
  g_autofree char *golden_dir = g_test_build_filename (G_TEST_DIST, "data", "python-model-golden", "tenant", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) json = lim_model_files_load_dir (model, &error);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GHashTable) golden = tree (golden_dir);

  g_assert_no_error (error);
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_no_error (error);
  assert_golden (files, golden);
  /* Sorted by name; the dropdowns' __init__.py has no final newline. */
  g_assert_cmpstr (((LimModelFile *) g_ptr_array_index (files, 0))->name, ==, "dropdowns/__init__.py");
  g_assert_false (g_str_has_suffix (find (files, "dropdowns/__init__.py"), "\n"));
  g_assert_true (g_str_has_suffix (find (files, "entity_schemas/__init__.py"), "# noqa\n"));
}

/* The compare fixture's JSON model with the result schemas of
 * tests/data/results-model/ gives the results golden (written by hand
 * from generate_all_results_schema_files), byte for byte, and only with
 * LIM_MODEL_FILES_RESULTS_SCHEMAS. */
static void
test_golden_results (void)
{
  g_autofree char *model = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);
  g_autofree char *results = g_test_build_filename (G_TEST_DIST, "data", "results-model", NULL);
  g_autofree char *golden_dir = g_test_build_filename (G_TEST_DIST, "data", "python-model-golden", "results", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) json = lim_model_files_load_dir (model, &error);
  g_autoptr(GHashTable) sources = tree (results);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) without = NULL;
  g_autoptr(GHashTable) golden = tree (golden_dir);
  g_autofree const char **names = NULL;
  guint n_names = 0;

  g_assert_no_error (error);
  /* In file-name order, as a model read from disk. */
  names = (const char **) g_hash_table_get_keys_as_array (sources, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);
  for (guint i = 0; i < n_names; i++)
    if (g_str_has_suffix (names[i], ".json"))
      g_ptr_array_add (json, lim_model_file_new (names[i], g_hash_table_lookup (sources, names[i])));
  g_assert_cmpuint (json->len, ==, 7 + 4);
  files = lim_model_python_generate (json, LIM_MODEL_FILES_RESULTS_SCHEMAS, &error);
  g_assert_no_error (error);
  assert_golden (files, golden);
  for (guint i = 0; i < files->len; i++)
    g_assert_true (g_str_has_prefix (((LimModelFile *) g_ptr_array_index (files, i))->name, "results_schemas/"));
  g_assert_cmpuint (files->len, ==, 5);
  /* Liminal's __init__.py: joined by newlines, none at the end. */
  g_assert_false (g_str_has_suffix (find (files, "results_schemas/__init__.py"), "\n"));

  /* The other kinds never write them. */
  without = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < without->len; i++)
    g_assert_false (g_str_has_prefix (((LimModelFile *) g_ptr_array_index (without, i))->name, "results_schemas/"));
}

/* A result schema that uses a dropdown the model lacks, or repeats a
 * warehouse name, is refused naming the file; one that links an entity
 * schema the model lacks is written without a relationship. */
static void
test_results_invalid (void)
{
  g_autoptr(GPtrArray) json = new_files ();
  g_autoptr(GPtrArray) ok = new_files ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_ptr_array_add (json, json_file ("results_schemas/assay.json",
                                    "{'name': 'Assay', 'warehouse_name': 'assay', 'fields': ["
                                    "{'name': 'Oven', 'warehouse_name': 'oven', 'type': 'dropdown', 'required': false,"
                                    " 'dropdown_link': 'Oven Type'}]}"));
  g_ptr_array_add (json, json_file ("results_schemas/assay_2.json",
                                    "{'name': 'Assay Two', 'warehouse_name': 'assay', 'fields': []}"));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_RESULTS_SCHEMAS, &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "results_schemas/assay.json: $.fields[0].dropdown_link: Field “Oven” uses "
                                            "dropdown “Oven Type”, but no dropdown file has that name."));
  g_assert_nonnull (strstr (error->message, "results_schemas/assay_2.json: $.warehouse_name: The warehouse name "
                                            "“assay” is also used by results_schemas/assay.json"));
  g_clear_error (&error);

  g_ptr_array_add (ok, json_file ("results_schemas/assay.json",
                                  "{'name': 'Assay', 'warehouse_name': 'assay', 'fields': ["
                                  "{'name': 'Pizza', 'warehouse_name': 'pizza', 'type': 'entity_link',"
                                  " 'required': false, 'entity_link': 'pizza'}]}"));
  files = lim_model_python_generate (ok, LIM_MODEL_FILES_RESULTS_SCHEMAS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (find (files, "results_schemas/assay.py"), "entity_link='pizza')\n\n\n\n    def __init__("));
  g_assert_null (strstr (find (files, "results_schemas/assay.py"), "relationship"));
}

/* Only the kinds asked for. */
static void
test_kinds (void)
{
  g_autofree char *model = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) json = lim_model_files_load_dir (model, &error);
  g_autoptr(GPtrArray) dropdowns = lim_model_python_generate (json, LIM_MODEL_FILES_DROPDOWNS, &error);
  g_autoptr(GPtrArray) schemas = lim_model_python_generate (json, LIM_MODEL_FILES_ENTITY_SCHEMAS, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < dropdowns->len; i++)
    g_assert_true (g_str_has_prefix (((LimModelFile *) g_ptr_array_index (dropdowns, i))->name, "dropdowns/"));
  for (guint i = 0; i < schemas->len; i++)
    g_assert_true (g_str_has_prefix (((LimModelFile *) g_ptr_array_index (schemas, i))->name, "entity_schemas/"));
  g_assert_cmpuint (dropdowns->len, ==, 4);
  g_assert_cmpuint (schemas->len, ==, 7);
}

/* What Liminal's generator never writes keeps a spelling Liminal accepts. */
static void
test_archived (void)
{
  g_autoptr(GPtrArray) json = new_files ();
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  g_ptr_array_add (json, json_file ("dropdowns/cheese_type.json",
                                    "{'name': 'Cheese Type', 'options': ['Mozzarella'], 'archived': true}"));
  g_ptr_array_add (json, json_file ("entity_schemas/dough_batch.json", dough));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find (files, "dropdowns/cheese_type.py"), ==,
                   "\nfrom liminal.base.base_dropdown import BaseDropdown\n\n\n"
                   "class CheeseType(BaseDropdown):\n"
                   "    __benchling_name__ = \"Cheese Type\"\n"
                   "    __allowed_values__ = [\"Mozzarella\"]\n"
                   "    __archived__ = True\n");
  text = find (files, "entity_schemas/custom_entities/dough_batch.py");
  g_assert_nonnull (strstr (text, "    __schema_properties__ = SchemaProperties(name='Dough Batch', "
                                  "warehouse_name='dough_batch', prefix='DB', "
                                  "entity_type=BenchlingEntityType.CUSTOM_ENTITY, _archived=True)\n    \n\n"));
  g_assert_nonnull (strstr (text, "    old: SqlColumn = Column(name='Old', type=BenchlingFieldType.DROPDOWN, "
                                  "required=False, dropdown=CheeseType, _archived=True)\n"));
  /* The default naming strategies are left out, and so is their import. */
  g_assert_null (strstr (text, "BenchlingNamingStrategy"));
  g_assert_nonnull (strstr (text, "        CheeseType.validate(old)\n\n"));
}

/* Python literals: repr()'s quotes and escapes; a dropdown's strings stay
 * valid Python where Liminal's would break. */
static void
test_escaping (void)
{
  g_autoptr(GPtrArray) json = new_files ();
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  g_ptr_array_add (json, lim_model_file_new ("dropdowns/chef_s_pick.json",
                                             "{\"name\": \"Chef's \\\"Pick\\\"\", \"options\": "
                                             "[\"it's\", \"a\\\\b\", \"tab\\there\", \"plain\"], \"archived\": false}"));
  g_ptr_array_add (json, lim_model_file_new ("entity_schemas/tasting.json",
                                             "{\"name\": \"Tasting\", \"warehouse_name\": \"tasting\", \"prefix\": "
                                             "\"TS\", \"entity_type\": \"custom_entity\", \"naming_strategies\": "
                                             "[\"NEW_IDS\"], \"fields\": [{\"name\": \"Chef's note\", "
                                             "\"warehouse_name\": \"note\", \"type\": \"text\", \"required\": false, "
                                             "\"tooltip\": \"Say \\\"hi\\\" and 'bye'\\n\"}]}"));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_no_error (error);
  text = find (files, "dropdowns/chefs_pick.py");
  g_assert_nonnull (strstr (text, "class ChefsPick(BaseDropdown):\n"
                                  "    __benchling_name__ = \"Chef's \\\"Pick\\\"\"\n"
                                  "    __allowed_values__ = [\"it's\", \"a\\\\b\", \"tab\\there\", \"plain\"]\n"));
  text = find (files, "entity_schemas/custom_entities/tasting.py");
  g_assert_nonnull (strstr (text, "note: SqlColumn = Column(name=\"Chef's note\", type=BenchlingFieldType.TEXT, "
                                  "required=False, tooltip='Say \"hi\" and \\'bye\\'\\n')\n"));
  g_assert_nonnull (strstr (text, "naming_strategies={BenchlingNamingStrategy.NEW_IDS})"));
  g_assert_nonnull (strstr (text, "from liminal.enums import BenchlingEntityType, BenchlingFieldType, "
                                  "BenchlingNamingStrategy\n"));
}

/* A model with problems gives no file, and says which. */
static void
test_invalid (void)
{
  g_autoptr(GPtrArray) json = new_files ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_ptr_array_add (json, json_file ("dropdowns/cheese.json", "{'name': 'Cheese', 'options': ['A', 'A']}"));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "dropdowns/cheese.json: $.options"));
}

/* Two names that become one file, or a name that cannot be a module. */
static void
test_names (void)
{
  g_autoptr(GPtrArray) json = new_files ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_ptr_array_add (json, json_file ("dropdowns/oven_type.json", "{'name': 'Oven Type', 'options': []}"));
  g_ptr_array_add (json, json_file ("dropdowns/oven_type_2.json", "{'name': 'Oven-Type', 'options': []}"));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME);
  g_assert_cmpstr (error->message, ==, "Dropdown “Oven Type” and Dropdown “Oven-Type” would both be written to "
                                       "dropdowns/oven_type.py; rename one of them");
  g_clear_error (&error);
  g_ptr_array_set_size (json, 0);
  g_ptr_array_add (json, json_file ("dropdowns/x.json", "{'name': '250 mL', 'options': []}"));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME);
  g_assert_cmpstr (error->message, ==, "Dropdown “250 mL” gives the Python name “250_ml”, which is not a Python "
                                       "identifier; rename it");
  g_clear_error (&error);
  g_ptr_array_set_size (json, 0);
  g_ptr_array_add (json, json_file ("entity_schemas/x.json",
                                    "{'name': 'Import', 'warehouse_name': 'import', 'prefix': 'IM', 'entity_type': "
                                    "'custom_entity', 'naming_strategies': ['NEW_IDS'], 'fields': [{'name': 'From', "
                                    "'warehouse_name': 'from', 'type': 'text', 'required': false}]}"));
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME);
  g_assert_cmpstr (error->message, ==, "Entity schema “Import” gives the Python name “import”, which is not a "
                                       "Python identifier; rename it");
  g_clear_error (&error);
  json_file_patch_name (json);
  files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME);
  g_assert_cmpstr (error->message, ==, "Entity schema “Imports”: the field warehouse name “from” is not a Python "
                                       "identifier (or is a keyword)");
}

typedef struct
{
  GPtrArray *written;
  GPtrArray *removed;
} Heard;

static void
on_file (const char        *path,
         LimModelFileChange change,
         gpointer           user_data)
{
  Heard *heard = user_data;

  if (change == LIM_MODEL_FILE_WRITTEN)
    g_ptr_array_add (heard->written, g_path_get_basename (path));
  else if (change == LIM_MODEL_FILE_REMOVED)
    g_ptr_array_add (heard->removed, g_path_get_basename (path));
}

static gboolean
heard_of (GPtrArray  *list,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (list, name, g_str_equal, NULL);
}

/* generate-files' rules for packages: an __init__.py is rewritten, even
 * without overwrite, when a module of its folder was written; with
 * overwrite, modules of objects gone are removed, in subfolders too. */
static void
test_write_packages (void)
{
  g_autofree char *model = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);
  g_autofree char *dir = g_dir_make_tmp ("lim-python-XXXXXX", NULL);
  g_autofree char *pizza = g_build_filename (dir, "entity_schemas", "custom_entities", "pizza.py", NULL);
  g_autofree char *init = g_build_filename (dir, "entity_schemas", "custom_entities", "__init__.py", NULL);
  g_autofree char *stray = g_build_filename (dir, "entity_schemas", "custom_entities", "gone.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) json = lim_model_files_load_dir (model, &error);
  g_autoptr(GPtrArray) files = lim_model_python_generate (json, LIM_MODEL_FILES_ALL, &error);
  Heard heard = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  LimModelFilesKinds kinds = LIM_MODEL_FILES_ALL | LIM_MODEL_FILES_PYTHON;

  g_assert_no_error (error);
  g_assert_true (lim_model_files_write (dir, files, kinds, FALSE, on_file, &heard, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heard.written->len, ==, files->len);

  /* A hand-edited __init__.py is kept while no module of its folder is written … */
  g_assert_true (g_file_set_contents (init, "# mine\n", -1, NULL));
  g_ptr_array_set_size (heard.written, 0);
  g_assert_true (lim_model_files_write (dir, files, kinds, FALSE, on_file, &heard, &error));
  g_assert_cmpuint (heard.written->len, ==, 0);
  /* … and rewritten when one is. */
  g_assert_cmpint (g_unlink (pizza), ==, 0);
  g_assert_true (lim_model_files_write (dir, files, kinds, FALSE, on_file, &heard, &error));
  g_assert_cmpuint (heard.written->len, ==, 2);
  g_assert_true (heard_of (heard.written, "pizza.py"));
  g_assert_true (heard_of (heard.written, "__init__.py"));

  /* Overwrite removes stale modules one folder deep, and leaves JSON alone. */
  g_assert_true (g_file_set_contents (stray, "x = 1\n", -1, NULL));
  g_assert_true (lim_model_files_write (dir, files, kinds, TRUE, on_file, &heard, &error));
  g_assert_no_error (error);
  g_assert_true (heard_of (heard.removed, "gone.py"));
  g_assert_false (g_file_test (stray, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (pizza, G_FILE_TEST_EXISTS));

  g_ptr_array_unref (heard.written);
  g_ptr_array_unref (heard.removed);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, ((LimModelFile *) g_ptr_array_index (files, i))->name, NULL);
      g_unlink (path);
    }
  {
    const char *const sub[] = { "dropdowns", "entity_schemas/custom_entities", "entity_schemas/dna_sequences",
                                "entity_schemas", NULL };
    for (guint i = 0; sub[i]; i++)
      {
        g_autofree char *path = g_build_filename (dir, sub[i], NULL);
        g_assert_cmpint (g_rmdir (path), ==, 0);
      }
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model-python-write/golden-tenant", test_golden_tenant);
  g_test_add_func ("/model-python-write/golden-results", test_golden_results);
  g_test_add_func ("/model-python-write/results-invalid", test_results_invalid);
  g_test_add_func ("/model-python-write/kinds", test_kinds);
  g_test_add_func ("/model-python-write/archived", test_archived);
  g_test_add_func ("/model-python-write/escaping", test_escaping);
  g_test_add_func ("/model-python-write/invalid", test_invalid);
  g_test_add_func ("/model-python-write/names", test_names);
  g_test_add_func ("/model-python-write/write-packages", test_write_packages);
  return g_test_run ();
}

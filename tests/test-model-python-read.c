/* test-model-python-read.c — Liminal's Python model read into our JSON model
 * files: a model as `generate-files` writes it against golden JSON files,
 * the same model with hand additions (the same files), and broken models,
 * each failing at its file:line:column with its sentence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lim-model-files.h"
#include "lim-model-python-read.h"
#include "lim-py.h"

/* ---------------------------------------------------------------- helpers */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "python-model-read", name, NULL);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The files of @dir as read, checked to be valid JSON model files. */
static GPtrArray *
read_valid (const char *dir)
{
  g_autofree char *path = data_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  GPtrArray *files = lim_model_python_read_dir (path, NULL, &error);
  LimDesired *desired;

  g_assert_no_error (error);
  g_assert_nonnull (files);
  desired = lim_model_files_parse (files, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = lim_model_problem_to_string (g_ptr_array_index (problems, i));
      g_test_message ("problem: %s", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (desired);
  lim_desired_free (desired);
  return files;
}

/* @files against the JSON model files in @golden (and its result schema
 * files, results_schemas/NAME.json, after them), byte for byte. */
static void
assert_same_files_with (GPtrArray  *files,
                        const char *golden,
                        const char *results_root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = lim_model_files_load_dir (golden, &error);
  g_autofree char *results = g_build_filename (results_root, "results_schemas", NULL);
  g_autoptr(GDir) dir = g_dir_open (results, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (results, g_ptr_array_index (names, i), NULL);
      g_autofree char *rel = g_strconcat ("results_schemas/", g_ptr_array_index (names, i), NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_ptr_array_add (expected, lim_model_file_new (rel, text));
    }
  g_assert_cmpuint (files->len, ==, expected->len);
  for (guint i = 0; i < files->len; i++)
    {
      const LimModelFile *got = g_ptr_array_index (files, i);
      const LimModelFile *want = g_ptr_array_index (expected, i);

      g_assert_cmpstr (got->name, ==, want->name);
      g_assert_cmpstr (got->contents, ==, want->contents);
    }
}

static void
assert_same_files (GPtrArray  *files,
                   const char *golden)
{
  assert_same_files_with (files, golden, golden);
}

/* The *.py files under @root (relative names, sorted) into @names/@texts. */
static void
add_py_tree (const char *root,
             const char *relative,
             GPtrArray  *names,
             GPtrArray  *texts)
{
  g_autofree char *dir = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (entries, g_strdup (name));
  g_ptr_array_sort (entries, compare_names);
  for (guint i = 0; i < entries->len; i++)
    {
      const char *e = g_ptr_array_index (entries, i);
      g_autofree char *rel = relative ? g_strconcat (relative, "/", e, NULL) : g_strdup (e);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      char *text = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        add_py_tree (root, rel, names, texts);
      else if (g_str_has_suffix (e, ".py"))
        {
          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          g_ptr_array_add (names, g_steal_pointer (&rel));
          g_ptr_array_add (texts, text);
        }
    }
}

/* @files against the golden folder plain.expected. */
static void
assert_golden (GPtrArray *files)
{
  g_autofree char *golden = data_path ("plain.expected");

  assert_same_files (files, golden);
}

/* ------------------------------------------------------------------ tests */

static void
test_plain (void)
{
  g_autoptr(GPtrArray) files = read_valid ("plain");

  /* Two dropdowns, four entity schemas, one result schema. */
  g_assert_cmpuint (files->len, ==, 7);
  assert_golden (files);
}

/* The model of the JSON writer's golden (test-model-files' tenant fixture,
 * written by lim_model_files_generate()) as Liminal's generate-files writes
 * it in Python reads to the writer's very files. */
static void
test_same_as_json_writer (void)
{
  g_autoptr(GPtrArray) files = read_valid ("tenant");
  g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);

  g_assert_cmpuint (files->len, ==, 7);
  assert_same_files (files, golden);
}

static void
test_hand_additions (void)
{
  g_autoptr(GPtrArray) plain = read_valid ("plain");
  g_autoptr(GPtrArray) hand = read_valid ("hand");

  assert_golden (hand);
  g_assert_cmpuint (plain->len, ==, hand->len);
}

/* The files are a fixed point of the JSON writer's serializer. */
static void
test_same_serializer (void)
{
  g_autoptr(GPtrArray) files = read_valid ("plain");

  for (guint i = 0; i < files->len; i++)
    {
      const LimModelFile *f = g_ptr_array_index (files, i);
      g_autoptr(JsonNode) node = json_from_string (f->contents, NULL);
      g_autofree char *again = lim_model_files_json_text (node);

      g_assert_cmpstr (again, ==, f->contents);
    }
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("no-such-model");
  g_autoptr(GPtrArray) files = lim_model_python_read_dir (path, NULL, &error);

  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_NOT_FOUND);
}

/* Files are named by their path under the model folder's parent, or under
 * the display prefix. */
static void
test_display_names (void)
{
  g_autofree char *path = data_path ("broken-dir");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GPtrArray) files = lim_model_python_read_dir (path, NULL, &error);
  g_autoptr(GPtrArray) files2 = lim_model_python_read_dir (path, "project/model", &error2);

  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "broken-dir/entity_schemas/pizza.py:12:50: the field type: BenchlingFieldType has no member CRUST");
  g_assert_null (files2);
  g_assert_cmpstr (error2->message, ==,
                   "project/model/entity_schemas/pizza.py:12:50: the field type: BenchlingFieldType has no member "
                   "CRUST");
}

/* A NUL byte in a file is an error naming it, not a file cut short. */
static void
test_nul_byte (void)
{
  g_autofree char *dir = g_dir_make_tmp ("model-python-read-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "dropdowns", NULL);
  g_autofree char *path = g_build_filename (sub, "a.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "x = 1\n\0class A(BaseModel): pass\n", 32, NULL));
  files = lim_model_python_read_dir (dir, "model", &error);
  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "model/dropdowns/a.py: the file holds a NUL byte, which Python source cannot");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static const char *dropdown_file;

/* The model folder may be a project root or a package with other code:
 * only dropdowns/, entity_schemas/ and results_schemas/ are read. */
static void
test_only_model_packages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("model-python-read-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "dropdowns", NULL);
  g_autofree char *other = g_build_filename (dir, "app", NULL);
  g_autofree char *model = g_build_filename (sub, "cheese_type.py", NULL);
  g_autofree char *top = g_build_filename (dir, "setup.py", NULL);
  g_autofree char *code = g_build_filename (other, "views.py", NULL);
  const char *broken = "def f(:\n  class Pizza(BaseModel) ???\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (other, 0755), ==, 0);
  g_assert_true (g_file_set_contents (model, dropdown_file, -1, NULL));
  g_assert_true (g_file_set_contents (top, broken, -1, NULL));
  g_assert_true (g_file_set_contents (code, broken, -1, NULL));
  files = lim_model_python_read_dir (dir, "lab", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (((LimModelFile *) g_ptr_array_index (files, 0))->name, ==, "dropdowns/cheese_type.json");
  g_assert_cmpint (g_unlink (model), ==, 0);
  g_assert_cmpint (g_unlink (top), ==, 0);
  g_assert_cmpint (g_unlink (code), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (g_rmdir (other), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The model reader of lim-py: classes, their bases and body; the rest read over. */
static void
test_parse_model (void)
{
  static const char *text =
    "import os\n"
    "@decorate(1)\n"
    "class A(b.Base, Mixin, metaclass=M):\n"
    "    \"\"\"doc\"\"\"\n"
    "    x: SqlColumn = Column(name='x')\n"
    "    y = z = 3\n"
    "    w: int\n"
    "    def f(self, *a, **k):\n"
    "        return f'{a}' + b'x'.decode()\n"
    "    if True: pass\n"
    "for i in range(3):\n"
    "    print(i)\n"
    "class B: pass\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LimPyModule) module = lim_py_parse_model (text, -1, "m.py", &error);
  const LimPyStmt *a, *b, *s;

  g_assert_no_error (error);
  g_assert_cmpuint (module->statements->len, ==, 4);
  g_assert_cmpint (((LimPyStmt *) g_ptr_array_index (module->statements, 0))->kind, ==, LIM_PY_STMT_IMPORT);
  a = g_ptr_array_index (module->statements, 1);
  g_assert_cmpint (a->kind, ==, LIM_PY_STMT_CLASSDEF);
  g_assert_cmpstr (a->name, ==, "A");
  g_assert_cmpuint (a->line, ==, 3);
  g_assert_cmpuint (a->n_params, ==, 1);
  g_assert_cmpuint (a->bases->len, ==, 2);
  g_assert_cmpstr (((LimPyNode *) g_ptr_array_index (a->bases, 0))->str, ==, "b.Base");
  g_assert_cmpuint (a->body->len, ==, 6);
  g_assert_cmpint (((LimPyStmt *) g_ptr_array_index (a->body, 0))->kind, ==, LIM_PY_STMT_SKIPPED);
  s = g_ptr_array_index (a->body, 1);
  g_assert_cmpint (s->kind, ==, LIM_PY_STMT_ASSIGN);
  g_assert_cmpstr (s->annotation, ==, "SqlColumn");
  g_assert_cmpstr (s->value->str, ==, "Column");
  s = g_ptr_array_index (a->body, 2);
  g_assert_cmpuint (s->targets->len, ==, 2);
  g_assert_null (s->annotation);
  g_assert_cmpint (((LimPyStmt *) g_ptr_array_index (a->body, 3))->kind, ==, LIM_PY_STMT_SKIPPED);
  g_assert_cmpint (((LimPyStmt *) g_ptr_array_index (a->body, 4))->kind, ==, LIM_PY_STMT_SKIPPED);
  g_assert_cmpint (((LimPyStmt *) g_ptr_array_index (a->body, 5))->kind, ==, LIM_PY_STMT_SKIPPED);
  g_assert_null (((LimPyStmt *) g_ptr_array_index (a->body, 0))->name);
  g_assert_cmpstr (((LimPyStmt *) g_ptr_array_index (a->body, 4))->name, ==, "def");
  g_assert_cmpstr (((LimPyStmt *) g_ptr_array_index (a->body, 5))->name, ==, "if");
  g_assert_cmpint (((LimPyStmt *) g_ptr_array_index (module->statements, 2))->kind, ==, LIM_PY_STMT_SKIPPED);
  b = g_ptr_array_index (module->statements, 3);
  g_assert_cmpint (b->kind, ==, LIM_PY_STMT_CLASSDEF);
  g_assert_cmpuint (b->bases->len, ==, 0);
  g_assert_cmpuint (b->body->len, ==, 1);

  /* Revision files keep refusing classes. */
  g_assert_null (lim_py_parse ("class B: pass\n", -1, "r.py", &error));
  g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
}

/* ---------------------------------------------------------- result schemas */

/* The result schema golden (generate_all_results_schema_files, written by
 * hand) beside the tenant golden reads back to the JSON files it was
 * written from: the compare fixture's and tests/data/results-model/. */
static void
test_results_round_trip (void)
{
  g_autofree char *tenant = g_test_build_filename (G_TEST_DIST, "data", "python-model-golden", "tenant", NULL);
  g_autofree char *results = g_test_build_filename (G_TEST_DIST, "data", "python-model-golden", "results", NULL);
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);
  g_autofree char *json_results = g_test_build_filename (G_TEST_DIST, "data", "results-model", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  LimDesired *desired;
  guint n_results = 0;

  add_py_tree (tenant, NULL, names, texts);
  add_py_tree (results, NULL, names, texts);
  files = lim_model_python_read_texts ((const char *const *) names->pdata, (const char *const *) texts->pdata,
                                       names->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  assert_same_files_with (files, json, json_results);
  for (guint i = 0; i < files->len; i++)
    n_results += g_str_has_prefix (((LimModelFile *) g_ptr_array_index (files, i))->name, "results_schemas/");
  g_assert_cmpuint (n_results, ==, 4);
  /* Valid, and read only: the desired state has the entity schemas only. */
  desired = lim_model_files_parse (files, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (desired);
  lim_desired_free (desired);
}

#define RESULTS_HEAD \
  "from liminal.enums import BenchlingFieldType\n" \
  "from liminal.orm.base_results_model import BaseResultsModel\n" \
  "from liminal.orm.column import Column\n" \
  "from liminal.orm.results_schema_properties import ResultsSchemaProperties\n" \
  "from ..dropdowns import CheeseType\n" \
  "\n" \
  "\n" \
  "class Assay(BaseResultsModel):\n" /* line 8 */

#define RESULTS_PROPS \
  "    __schema_properties__ = ResultsSchemaProperties(name='Assay', warehouse_name='assay')\n" /* line 9 */

typedef struct
{
  const char *path;
  const char *results;     /* model/results_schemas/assay.py */
  const char *extra;       /* model/results_schemas/zz_more.py, or NULL */
  const char *message;
} BrokenResults;

static const BrokenResults broken_results[] = {
  { "no-properties", RESULTS_HEAD "    score: SqlColumn = Column(name='Score', type=BenchlingFieldType.INTEGER, "
    "required=True)\n", NULL,
    "model/results_schemas/assay.py:8:1: class Assay derives from BaseResultsModel but has no __schema_properties__" },
  { "entity-properties", RESULTS_HEAD "    __schema_properties__ = SchemaProperties(name='Assay', "
    "warehouse_name='assay')\n", NULL,
    "model/results_schemas/assay.py:9:29: __schema_properties__ is a call of SchemaProperties(…), which the model "
    "reader cannot evaluate; write ResultsSchemaProperties(…)" },
  { "no-warehouse-name", RESULTS_HEAD "    __schema_properties__ = ResultsSchemaProperties(name='Assay')\n", NULL,
    "model/results_schemas/assay.py:9:29: ResultsSchemaProperties() is missing its argument “warehouse_name”" },
  { "column-by-function", RESULTS_HEAD RESULTS_PROPS "    score: SqlColumn = make_column('Score')\n", NULL,
    "model/results_schemas/assay.py:10:24: score is a call of make_column(…), which the model reader cannot "
    "evaluate; write Column(…)" },
  { "unknown-field-type", RESULTS_HEAD RESULTS_PROPS "    score: SqlColumn = Column(name='Score', "
    "type=BenchlingFieldType.SCORE, required=True)\n", NULL,
    "model/results_schemas/assay.py:10:50: the field type: BenchlingFieldType has no member SCORE" },
  { "dropdown-missing", RESULTS_HEAD RESULTS_PROPS "    sauce: SqlColumn = Column(name='Sauce', "
    "type=BenchlingFieldType.DROPDOWN, required=False, dropdown=SauceType)\n", NULL,
    "model/results_schemas/assay.py:10:104: dropdown SauceType is neither defined nor imported in this file" },
  { "duplicate-warehouse-name", RESULTS_HEAD RESULTS_PROPS,
    "from liminal.orm.base_results_model import BaseResultsModel\n"
    "from liminal.orm.results_schema_properties import ResultsSchemaProperties\n"
    "\n"
    "class Assay2(BaseResultsModel):\n"
    "    __schema_properties__ = ResultsSchemaProperties(name='Assay Two', warehouse_name='assay')\n",
    "model/results_schemas/zz_more.py:5:86: the warehouse name “assay” is already used by class Assay "
    "(model/results_schemas/assay.py:8)" },
};

static void
test_broken_results (gconstpointer data)
{
  const BrokenResults *b = data;
  const char *names[3] = {
    "model/dropdowns/cheese_type.py", "model/results_schemas/assay.py", "model/results_schemas/zz_more.py"
  };
  const char *texts[3] = { dropdown_file, b->results, b->extra };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = lim_model_python_read_texts (names, texts, b->extra ? 3 : 2, &error);

  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, b->message);
}

/* The dropdown file and @text at @path read to the dropdown's file and
 * @json_name, whose column uses the dropdown. */
static void
assert_reads_with_dropdown (const char *path,
                            const char *text,
                            const char *json_name)
{
  const char *names[2] = { "model/dropdowns/cheese_type.py", path };
  const char *texts[2] = { dropdown_file, text };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = lim_model_python_read_texts (names, texts, 2, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  g_assert_cmpstr (((LimModelFile *) g_ptr_array_index (files, 0))->name, ==, "dropdowns/cheese_type.json");
  g_assert_cmpstr (((LimModelFile *) g_ptr_array_index (files, 1))->name, ==, json_name);
  g_assert_nonnull (strstr (((LimModelFile *) g_ptr_array_index (files, 1))->contents,
                            "\"dropdown_link\": \"Cheese Type\""));
}

/* Each broken result schema, fixed, reads. */
static void
test_broken_results_base_reads (void)
{
  assert_reads_with_dropdown ("model/results_schemas/assay.py",
                              RESULTS_HEAD RESULTS_PROPS
                              "    score: SqlColumn = Column(name='Score', type=BenchlingFieldType.INTEGER, "
                              "required=True)\n"
                              "    cheese: SqlColumn = Column(name='Cheese', type=BenchlingFieldType.DROPDOWN, "
                              "required=False, dropdown=CheeseType)\n", "results_schemas/assay.json");
}

/* ----------------------------------------------------------- broken models */

static const char *dropdown_file =
  "from liminal.base.base_dropdown import BaseDropdown\n"
  "\n"
  "\n"
  "class CheeseType(BaseDropdown):\n"
  "    __benchling_name__ = \"Cheese Type\"\n"
  "    __allowed_values__ = [\"Mozzarella\", \"Burrata\"]\n";

#define SCHEMA_HEAD \
  "from liminal.enums import BenchlingEntityType, BenchlingFieldType\n" \
  "from liminal.orm.base_model import BaseModel\n" \
  "from liminal.orm.column import Column\n" \
  "from liminal.orm.schema_properties import SchemaProperties\n" \
  "from sqlalchemy import Column as SqlColumn\n" \
  "from ...dropdowns import CheeseType\n" \
  "\n" \
  "\n" \
  "class Pizza(BaseModel):\n" /* line 9 */

#define PROPS \
  "    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', " \
  "entity_type=BenchlingEntityType.CUSTOM_ENTITY)\n" /* line 10 */

typedef struct
{
  const char *path;
  const char *dropdowns;   /* model/dropdowns/cheese_type.py, NULL: the default */
  const char *schema;      /* model/entity_schemas/custom_entities/pizza.py */
  const char *extra;       /* model/entity_schemas/custom_entities/zz_more.py, or NULL */
  const char *message;
} Broken;

static const Broken broken[] = {
  { "unknown-field-type", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.CRUST, required=True)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:50: the field type: BenchlingFieldType has no member CRUST" },
  { "unknown-field-type-string", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name='Crust', type='crusty', required=True)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:50: the field type: “crusty” is not a value of BenchlingFieldType" },
  { "dropdown-not-imported", NULL,
    SCHEMA_HEAD PROPS
    "    sauce: SqlColumn = Column(name='Sauce', type=BenchlingFieldType.DROPDOWN, required=True, dropdown=SauceType)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:103: dropdown SauceType is neither defined nor imported in this "
    "file" },
  { "dropdown-not-defined", NULL,
    "from ...dropdowns import SauceType\n" SCHEMA_HEAD PROPS
    "    sauce: SqlColumn = Column(name='Sauce', type=BenchlingFieldType.DROPDOWN, required=True, dropdown=SauceType)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:12:103: SauceType is not a dropdown class of the model (no class "
    "deriving from BaseDropdown has this name)" },
  { "duplicate-warehouse-name", NULL, SCHEMA_HEAD PROPS,
    "from liminal.orm.base_model import BaseModel\n"
    "from liminal.orm.schema_properties import SchemaProperties\n"
    "\n"
    "class Calzone(BaseModel):\n"
    "    __schema_properties__ = SchemaProperties(\n"
    "        name='Calzone',\n"
    "        warehouse_name='pizza',\n"
    "        prefix='CZ',\n"
    "        entity_type='custom_entity',\n"
    "    )\n",
    "model/entity_schemas/custom_entities/zz_more.py:7:24: the warehouse name “pizza” is already used by class Pizza "
    "(model/entity_schemas/custom_entities/pizza.py:9)" },
  { "argument-is-call", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name=crust_name('x'), type=BenchlingFieldType.TEXT, required=True)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:36: name is a call of crust_name(…), which the model reader "
    "cannot evaluate; write a string literal" },
  { "argument-is-variable", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=REQUIRED)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:84: required is the name REQUIRED, which the model reader cannot "
    "evaluate; write True or False" },
  { "column-from-function", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = text_column('Crust')\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:24: crust is a call of text_column(…), which the model reader "
    "cannot evaluate; write Column(…)" },
  { "unknown-keyword", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=True, colour='red')\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:97: Column() has no argument “colour” (it takes name, type, "
    "required, is_multi, parent_link, tooltip, dropdown, entity_link, unit_name, decimal_places, _warehouse_name, "
    "_archived)" },
  { "missing-warehouse-name", NULL,
    SCHEMA_HEAD "    __schema_properties__ = SchemaProperties(name='Pizza', prefix='PZ', "
    "entity_type=BenchlingEntityType.CUSTOM_ENTITY)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:10:29: SchemaProperties() is missing its argument “warehouse_name”" },
  { "missing-name", NULL,
    SCHEMA_HEAD "    __schema_properties__ = SchemaProperties(warehouse_name='pizza', prefix='PZ', "
    "entity_type=BenchlingEntityType.CUSTOM_ENTITY)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:10:29: SchemaProperties() is missing its argument “name”" },
  { "duplicate-class", NULL, SCHEMA_HEAD PROPS,
    "from liminal.orm.base_model import BaseModel\n"
    "\n"
    "class Pizza(BaseModel):\n"
    "    pass\n",
    "model/entity_schemas/custom_entities/zz_more.py:3:1: class Pizza is already defined in "
    "model/entity_schemas/custom_entities/pizza.py:9" },
  { "no-schema-properties", NULL,
    SCHEMA_HEAD "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=True)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:9:1: class Pizza derives from BaseModel but has no "
    "__schema_properties__" },
  { "schema-properties-call", NULL, SCHEMA_HEAD "    __schema_properties__ = props_for('pizza')\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:10:29: __schema_properties__ is a call of props_for(…), which the "
    "model reader cannot evaluate; write SchemaProperties(…)" },
  { "duplicate-column-warehouse-name", NULL,
    SCHEMA_HEAD PROPS
    "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=True)\n"
    "    crust2: SqlColumn = Column(name='Crust 2', type=BenchlingFieldType.TEXT, required=True, "
    "_warehouse_name='crust')\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:12:109: the warehouse name “crust” is already used by another "
    "column of this class" },
  { "attribute-twice", NULL,
    SCHEMA_HEAD PROPS
    "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=True)\n"
    "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.LONG_TEXT, required=True)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:12:24: class Pizza sets crust twice" },
  { "expression", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name='Cr' + 'ust', type=BenchlingFieldType.TEXT, required=True)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:41: operators are not supported in the class attributes of "
    "model files" },
  { "dropdown-no-values",
    "from liminal.base.base_dropdown import BaseDropdown\n"
    "\n"
    "class CheeseType(BaseDropdown):\n"
    "    __benchling_name__ = 'Cheese Type'\n", SCHEMA_HEAD PROPS, NULL,
    "model/dropdowns/cheese_type.py:3:1: dropdown class CheeseType must set __allowed_values__" },
  { "dropdown-value-not-literal",
    "from liminal.base.base_dropdown import BaseDropdown\n"
    "\n"
    "class CheeseType(BaseDropdown):\n"
    "    __benchling_name__ = 'Cheese Type'\n"
    "    __allowed_values__ = ['Mozzarella', CHEESES]\n", SCHEMA_HEAD PROPS, NULL,
    "model/dropdowns/cheese_type.py:5:41: a value of __allowed_values__ is the name CHEESES, which the model reader "
    "cannot evaluate; write a string literal" },
  { "dropdown-duplicate-name",
    "from liminal.base.base_dropdown import BaseDropdown\n"
    "\n"
    "class CheeseType(BaseDropdown):\n"
    "    __benchling_name__ = 'Cheese Type'\n"
    "    __allowed_values__ = []\n"
    "\n"
    "class CheeseKind(BaseDropdown):\n"
    "    __benchling_name__ = 'Cheese Type'\n"
    "    __allowed_values__ = []\n", SCHEMA_HEAD PROPS, NULL,
    "model/dropdowns/cheese_type.py:8:26: the dropdown name “Cheese Type” is already used by class CheeseType "
    "(model/dropdowns/cheese_type.py:3)" },
  { "unknown-entity-type", NULL,
    SCHEMA_HEAD "    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', "
    "entity_type=BenchlingEntityType.PIZZA)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:10:109: entity_type: BenchlingEntityType has no member PIZZA" },
  { "dropdown-on-text-field", NULL,
    SCHEMA_HEAD PROPS
    "    cheese: SqlColumn = Column(name='Cheese', type=BenchlingFieldType.TEXT, required=True, dropdown=CheeseType)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:101: Column Cheese: dropdown= can only be given to a field of "
    "type BenchlingFieldType.DROPDOWN" },
  { "dropdown-field-without-dropdown", NULL,
    SCHEMA_HEAD PROPS "    cheese: SqlColumn = Column(name='Cheese', type=BenchlingFieldType.DROPDOWN, required=True)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:25: Column Cheese: a field of type BenchlingFieldType.DROPDOWN "
    "needs dropdown=" },
  { "misindented-body", NULL,
    SCHEMA_HEAD PROPS "    def __init__(self, crust: str):\n"
    "    self.crust = crust\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:12:5: only plain names can be assigned to" },
  { "validation-decimal-places", NULL,
    SCHEMA_HEAD PROPS
    "    weight: SqlColumn = Column(name='Weight', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=16)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:111: Field “Weight” has 16 decimal places: use a number from 0 "
    "to 15." },
  { "validation-prefix", NULL,
    SCHEMA_HEAD "    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='P Z', "
    "entity_type=BenchlingEntityType.CUSTOM_ENTITY)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:10:91: Invalid prefix “P Z”: it contains a space. A prefix has at "
    "most 32 letters, digits, “_” or “-” and does not end with a digit." },
  { "validation-entity-link", NULL,
    SCHEMA_HEAD PROPS
    "    base: SqlColumn = Column(name='Base', type=BenchlingFieldType.ENTITY_LINK, required=False, entity_link='nope')\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:108: Field “Base” links schema “nope”, but no entity schema "
    "file has that warehouse name." },
  { "validation-empty-option",
    "from liminal.base.base_dropdown import BaseDropdown\n"
    "\n"
    "class CheeseType(BaseDropdown):\n"
    "    __benchling_name__ = 'Cheese Type'\n"
    "    __allowed_values__ = ['Mozzarella', '']\n", SCHEMA_HEAD PROPS, NULL,
    "model/dropdowns/cheese_type.py:5:41: An option name is empty." },
  { "validation-two-problems", NULL,
    SCHEMA_HEAD "    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='P Z', "
    "entity_type=BenchlingEntityType.CUSTOM_ENTITY)\n"
    "    weight: SqlColumn = Column(name='Weight', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=16)\n",
    NULL,
    "model/entity_schemas/custom_entities/pizza.py:10:91: Invalid prefix “P Z”: it contains a space. A prefix has at "
    "most 32 letters, digits, “_” or “-” and does not end with a digit.\n"
    "model/entity_schemas/custom_entities/pizza.py:11:111: Field “Weight” has 16 decimal places: use a number from 0 "
    "to 15." },
  { "model-subclass", NULL, SCHEMA_HEAD PROPS,
    "from .pizza import Pizza\n"
    "from liminal.orm.schema_properties import SchemaProperties\n"
    "\n"
    "class Calzone(Pizza):\n"
    "    __schema_properties__ = SchemaProperties(name='Calzone', warehouse_name='calzone', prefix='CZ', "
    "entity_type='custom_entity')\n",
    "model/entity_schemas/custom_entities/zz_more.py:4:15: class Calzone derives from the model class Pizza; the "
    "model reader reads only classes that derive from BaseModel itself" },
  { "column-alias-from-sqlalchemy", NULL,
    SCHEMA_HEAD PROPS "    crust: SqlColumn = SqlColumn(String)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:24: crust is a call of SqlColumn(…), which the model reader "
    "cannot evaluate; write Column(…)" },
  { "column-in-if", NULL,
    SCHEMA_HEAD PROPS "    if EXTRA:\n"
    "        crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=True)\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:5: class Pizza: what its “if” block sets cannot be evaluated "
    "by the model reader; write the class attributes outside the block" },
  { "syntax-error", NULL, SCHEMA_HEAD PROPS "    crust: SqlColumn = Column(name='Crust\n", NULL,
    "model/entity_schemas/custom_entities/pizza.py:11:36: unterminated string literal" },
};

static void
test_broken (gconstpointer data)
{
  const Broken *b = data;
  const char *names[3] = {
    "model/dropdowns/cheese_type.py", "model/entity_schemas/custom_entities/pizza.py",
    "model/entity_schemas/custom_entities/zz_more.py"
  };
  const char *texts[3] = { b->dropdowns ? b->dropdowns : dropdown_file, b->schema, b->extra };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = lim_model_python_read_texts (names, texts, b->extra ? 3 : 2, &error);

  g_assert_null (files);
  g_assert_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID);
  if (b->message != NULL)
    g_assert_cmpstr (error->message, ==, b->message);
  else
    g_assert_true (g_str_has_prefix (error->message, "model/entity_schemas/custom_entities/pizza.py:11:"));
}

/* Each broken model, fixed, reads: the failures are the breakages'. */
static void
test_broken_base_reads (void)
{
  assert_reads_with_dropdown ("model/entity_schemas/custom_entities/pizza.py",
                              SCHEMA_HEAD PROPS
                              "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, "
                              "required=True)\n"
                              "    cheese: SqlColumn = Column(name='Cheese', type=BenchlingFieldType.DROPDOWN, "
                              "required=False, dropdown=CheeseType)\n", "entity_schemas/pizza.json");
}

/* `_archived=True` on SchemaProperties and on a Column: kept, marked archived. */
static void
test_archived (void)
{
  const char *names[2] = { "model/dropdowns/cheese_type.py", "model/entity_schemas/custom_entities/pizza.py" };
  const char *texts[2] = {
    dropdown_file,
    SCHEMA_HEAD
    "    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', "
    "entity_type=BenchlingEntityType.CUSTOM_ENTITY, _archived=True)\n"
    "    crust: SqlColumn = Column(name='Crust', type=BenchlingFieldType.TEXT, required=True, _archived=True)\n"
    "    size: SqlColumn = Column(name='Size', type=BenchlingFieldType.INTEGER, required=False, _archived=False)\n"
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = lim_model_python_read_texts (names, texts, 2, &error);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *schema;
  JsonArray *fields;

  g_assert_no_error (error);
  root = json_from_string (((LimModelFile *) g_ptr_array_index (files, 1))->contents, NULL);
  schema = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (schema, "archived"));
  fields = json_object_get_array_member (schema, "fields");
  g_assert_cmpuint (json_array_get_length (fields), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (fields, 0), "archived"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (fields, 1), "archived"));

  /* A dropdown archived as lim-model-python-write spells it; anything but
   * True or False there is an error at its place. */
  {
    const char *dnames[1] = { "model/dropdowns/old_sauce.py" };
    const char *dtexts[1] = { "class OldSauce(BaseDropdown):\n    __benchling_name__ = \"Old Sauce\"\n"
                              "    __allowed_values__ = [\"A\"]\n    __archived__ = True\n" };
    const char *btexts[1] = { "class OldSauce(BaseDropdown):\n    __benchling_name__ = \"Old Sauce\"\n"
                              "    __allowed_values__ = [\"A\"]\n    __archived__ = 'yes'\n" };
    g_autoptr(GPtrArray) dfiles = NULL;
    g_autoptr(JsonNode) droot = NULL;
    g_autoptr(GError) derror = NULL;
    g_autofree char *ddropdown = g_strconcat ("from liminal.base.base_dropdown import BaseDropdown\n", dtexts[0], NULL);
    g_autofree char *bdropdown = g_strconcat ("from liminal.base.base_dropdown import BaseDropdown\n", btexts[0], NULL);

    dtexts[0] = ddropdown;
    dfiles = lim_model_python_read_texts (dnames, dtexts, 1, &derror);
    g_assert_no_error (derror);
    droot = json_from_string (((LimModelFile *) g_ptr_array_index (dfiles, 0))->contents, NULL);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (droot), "archived"));

    btexts[0] = bdropdown;
    g_assert_null (lim_model_python_read_texts (dnames, btexts, 1, &derror));
    g_assert_nonnull (derror);
    g_assert_true (g_str_has_prefix (derror->message, "model/dropdowns/old_sauce.py:5:20: "));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model-python-read/plain", test_plain);
  g_test_add_func ("/model-python-read/same-as-json-writer", test_same_as_json_writer);
  g_test_add_func ("/model-python-read/hand-additions", test_hand_additions);
  g_test_add_func ("/model-python-read/same-serializer", test_same_serializer);
  g_test_add_func ("/model-python-read/archived", test_archived);
  g_test_add_func ("/model-python-read/not-found", test_not_found);
  g_test_add_func ("/model-python-read/display-names", test_display_names);
  g_test_add_func ("/model-python-read/nul-byte", test_nul_byte);
  g_test_add_func ("/model-python-read/only-model-packages", test_only_model_packages);
  g_test_add_func ("/model-python-read/parse-model", test_parse_model);
  g_test_add_func ("/model-python-read/broken/base-reads", test_broken_base_reads);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *path = g_strdup_printf ("/model-python-read/broken/%s", broken[i].path);
      g_test_add_data_func (path, &broken[i], test_broken);
    }
  g_test_add_func ("/model-python-read/results/round-trip", test_results_round_trip);
  g_test_add_func ("/model-python-read/results/broken/base-reads", test_broken_results_base_reads);
  for (guint i = 0; i < G_N_ELEMENTS (broken_results); i++)
    {
      g_autofree char *path = g_strdup_printf ("/model-python-read/results/broken/%s", broken_results[i].path);
      g_test_add_data_func (path, &broken_results[i], test_broken_results);
    }
  return g_test_run ();
}

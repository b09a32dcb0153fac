/* lim-model-files.h — the project's declarative model: what the tenant
 * should look like, as JSON files under the project root's `model/` folder.
 *
 * Layout (the JSON Schemas are in data/schemas/):
 *   model/dropdowns/<snake_case(name)>.json
 *     {"name": "Cheese Type", "options": ["Mozzarella", …], "archived": false}
 *   model/entity_schemas/<warehouse_name>.json
 *     every SchemaProperties key of §6.3 (name, warehouse_name, prefix,
 *     entity_type, naming_strategies, mixture_schema_config,
 *     use_registry_id_as_label, include_registry_id_in_chips,
 *     constraint_fields, show_bases_in_expanded_view), then name_template
 *     ({"parts": [{"type": "TEXT", "value": "P-"}, …],
 *       "order_name_parts_by_sequence": false}), archived, and fields: an
 *     ordered array of {name, warehouse_name, type, required, is_multi,
 *     parent_link, dropdown_link, entity_link, tooltip, decimal_places,
 *     unit_name, archived}.
 * Enum keys take Liminal's enum *values* ("custom_entity", "text", "float",
 * "new_ids"); name-template part types are NameTemplatePartType values
 * ("TEXT", "FIELD", …) and a part's data key is Liminal's ("value" or
 * "wh_field_name").  Entity links name the target schema's warehouse name;
 * dropdown fields name the dropdown.
 *
 * Archived dropdowns, schemas and fields are kept in the files but are not
 * given to the compare (as Liminal's `_archived` models, §5.4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-compare.h"
#include "lim-snapshot.h"

G_BEGIN_DECLS

#define LIM_MODEL_FILES_ERROR (lim_model_files_error_quark ())
GQuark lim_model_files_error_quark (void);

typedef enum {
  LIM_MODEL_FILES_ERROR_INVALID,   /* one or more files break the rules: see the problems */
  LIM_MODEL_FILES_ERROR_NOT_FOUND, /* no model folder */
  LIM_MODEL_FILES_ERROR_IO,
  LIM_MODEL_FILES_ERROR_UNSAFE_NAME, /* generate: a tenant's warehouse name cannot be a file name */
} LimModelFilesError;

/* One model file, by its name relative to the model folder
 * ("entity_schemas/pizza.json") and its text. */
typedef struct
{
  char *name;
  char *contents;
} LimModelFile;

LimModelFile *lim_model_file_new  (const char *name, const char *contents);
void          lim_model_file_free (LimModelFile *file);

/* One violated rule: the file (relative to the model folder), the JSON path
 * ("$.fields[2].decimal_places") and a sentence for people. */
typedef struct
{
  char *file;
  char *path;
  char *message;
} LimModelProblem;

void  lim_model_problem_free      (LimModelProblem *problem);
/* "FILE: PATH: message" */
char *lim_model_problem_to_string (const LimModelProblem *problem);

/* Parse and validate @files (element-type LimModelFile*; names start with
 * "dropdowns/", "entity_schemas/" or "results_schemas/" (checked, not part
 * of the desired state)).  Every rule of §6.3–6.6 and §6.9 is
 * checked; each violation is appended to @problems (element-type
 * LimModelProblem*, owned by the caller).  Returns the desired state when
 * there is no problem, NULL otherwise. */
LimDesired   *lim_model_files_parse    (GPtrArray *files,
                                        GPtrArray *problems);

/* The *.json files directly in MODEL_DIR/dropdowns and
 * MODEL_DIR/entity_schemas, in name order.  A missing model folder is
 * LIM_MODEL_FILES_ERROR_NOT_FOUND; missing subfolders are empty. */
GPtrArray    *lim_model_files_load_dir (const char  *model_dir,
                                        GError     **error);

/* load_dir + parse.  On problems, fails with LIM_MODEL_FILES_ERROR_INVALID
 * whose message lists them, one "FILE: PATH: message" per line (FILE
 * relative to the model folder's parent when @display_prefix is NULL, else
 * prefixed with it); @problems, when not NULL, receives them too. */
LimDesired   *lim_model_files_read     (const char  *model_dir,
                                        const char  *display_prefix,
                                        GPtrArray   *problems,
                                        GError     **error);

typedef enum {
  LIM_MODEL_FILES_DROPDOWNS      = 1 << 0,
  LIM_MODEL_FILES_ENTITY_SCHEMAS = 1 << 1,
  LIM_MODEL_FILES_ALL            = LIM_MODEL_FILES_DROPDOWNS | LIM_MODEL_FILES_ENTITY_SCHEMAS,
  /* lim_model_files_write(): the files are Liminal's Python files
   * (lim-model-python-write.h), not JSON ones. */
  LIM_MODEL_FILES_PYTHON         = 1 << 2,
  /* Result schemas (`generate-files -rs`): read only, outside
   * LIM_MODEL_FILES_ALL.  In memory they are results_schemas/<warehouse
   * name>.json files, {"name", "warehouse_name", "fields": [as an entity
   * schema's]}, from a snapshot's result schemas or from Liminal's
   * BaseResultsModel classes; lim_model_files_parse() checks them but never
   * hands them to the compare, so no revision ever has a result-schema
   * operation.  Only their Python form is written to disk. */
  LIM_MODEL_FILES_RESULTS_SCHEMAS = 1 << 3,
} LimModelFilesKinds;

/* The model files of @model's active dropdowns (active options) and active
 * schemas of its registry (active fields; `liminal_remote` left out), in
 * name order.  Deterministic: keys in the schema's order, 2-space indent,
 * a newline at the end.  element-type LimModelFile*.  A schema's warehouse
 * name comes from the tenant and becomes a file name: one that is empty,
 * "." or "..", or holds '/', '\\' or a control character fails the whole
 * call with LIM_MODEL_FILES_ERROR_UNSAFE_NAME naming the schema, so that
 * nothing is written. */
GPtrArray    *lim_model_files_generate (LimSnapshot           *model,
                                        LimModelFilesKinds  kinds,
                                        GError            **error);

/* The text of a model file holding @node, exactly as
 * lim_model_files_generate() writes its files: members in insertion order,
 * 2-space indent, a newline at the end (so that other readers of the model,
 * lim-model-python-read, give byte-identical files). */
char         *lim_model_files_json_text (JsonNode *node);

/* Members of a model file, as the writer adds them to @b: a string or null
 * (@value NULL), a boolean, a boolean or null (LIM_TRI_NONE), and a set: its
 * @values (const char*) sorted, without duplicates (@values may be NULL). */
void          lim_model_files_add_str  (JsonBuilder *b,
                                        const char  *key,
                                        const char  *value);
void          lim_model_files_add_bool (JsonBuilder *b,
                                        const char  *key,
                                        gboolean     value);
void          lim_model_files_add_tri  (JsonBuilder *b,
                                        const char  *key,
                                        LimTri       value);
void          lim_model_files_add_set  (JsonBuilder *b,
                                        const char  *key,
                                        GPtrArray   *values);

/* Model files for @dropdowns, @schemas and @results (may be NULL; result
 * schemas, named "results_schemas/warehouse_name.json") (element-type JsonNode*: objects
 * holding a file's keys in the file's order), named as
 * lim_model_files_generate() names them (dropdowns by snake_case(name) in
 * name order, `_2`… on a clash; schemas by "warehouse_name") and sorted by
 * file name.  element-type LimModelFile*.  The caller has checked that the
 * warehouse names are safe as file names. */
GPtrArray    *lim_model_files_new_from_json (GPtrArray *dropdowns,
                                             GPtrArray *schemas,
                                             GPtrArray *results);

/* What lim_model_files_write() did with one file. */
typedef enum {
  LIM_MODEL_FILE_WRITTEN,   /* new, or changed */
  LIM_MODEL_FILE_KEPT,      /* there already: unchanged, or not to be overwritten */
  LIM_MODEL_FILE_REMOVED,   /* of an object no longer there (overwrite only) */
} LimModelFileChange;

/* Hears of each file lim_model_files_write() handles: its path (under the
 * model folder) and what became of it. */
typedef void (*LimModelFilesWriteFunc) (const char         *path,
                                        LimModelFileChange  change,
                                        gpointer            user_data);

/* Writes the @kinds of @files (as lim_model_files_generate() returns them)
 * into @model_dir, creating the folders it needs (`generate-files`' rules,
 * §8.2): a file already there is kept unless @overwrite; with @overwrite,
 * first the *.json files of objects @files no longer has are removed (in
 * name order), then new and changed files are written; an unchanged file
 * is never rewritten.  With LIM_MODEL_FILES_PYTHON in @kinds the files are
 * *.py, stale ones are looked for one folder deeper too
 * (entity_schemas/<subdir>/), and a package's __init__.py is written after
 * the modules of its folder and also rewritten, without @overwrite, when
 * one of them was (Liminal's rule).  Every file is written atomically.  @func (may be
 * NULL) hears of every file, in the calling thread; nothing here needs a
 * main context, so a worker thread may call it.  Stops at the first error
 * (G_FILE_ERROR, "Cannot create …", "Cannot remove …" or the write's). */
gboolean      lim_model_files_write    (const char             *model_dir,
                                        GPtrArray              *files,
                                        LimModelFilesKinds      kinds,
                                        gboolean                overwrite,
                                        LimModelFilesWriteFunc  func,
                                        gpointer                user_data,
                                        GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimModelFile, lim_model_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimModelProblem, lim_model_problem_free)

G_END_DECLS

/* lim-model-python-read.h — a Liminal model package (the Python classes
 * `liminal generate-files` writes, and people edit) read, never run, into
 * our JSON model files.
 *
 * Every *.py file under the model folder's `dropdowns/`, `entity_schemas/`
 * and `results_schemas/` is read (recursively, in path order;
 * `__pycache__` and hidden folders left out; nothing else in the model
 * folder, which may be a project root or a package with other code) with
 * lim-py's model reader.  Three kinds of class count:
 *   - a class deriving from BaseDropdown (a dropdown): `__benchling_name__`
 *     (a string) and `__allowed_values__` (a list of strings);
 *   - a class deriving from BaseResultsModel (a result schema, read only):
 *     `__schema_properties__ = ResultsSchemaProperties(name=…,
 *     warehouse_name=…)` (required) and its columns, into
 *     `results_schemas/<warehouse name>.json` ({name, warehouse_name,
 *     fields}; lim-model-files.h: checked, never migrated);
 *   - a class deriving from Liminal's BaseModel (an entity schema; a
 *     BaseModel the file imports from a module outside `liminal` is someone
 *     else's): `__schema_properties__ = SchemaProperties(…)` (required),
 *     `__name_template__ = NameTemplate(parts=[…], …)`, and its columns,
 *     the class attributes set to `Column(…)`, in the order written.  The
 *     mixins (CustomEntityMixin, …) only add the standard warehouse columns
 *     and are not read: the entity type is SchemaProperties' entity_type.
 * The values of those attributes must be literals (str, int, bool, None,
 * lists, sets, dicts), enum members (`BenchlingFieldType.TEXT`, or their
 * values as strings), `set()`, `MixtureSchemaConfig(…)`, name template parts
 * (`TextPart(value=…)`, …) or, for `dropdown=`, a dropdown class of the model
 * that the file defines or imports; anything else is an error at its
 * file:line:column, never a silently different model.  Everything else
 * (imports, methods, validators, decorators, docstrings, comments,
 * relationships, `__init__`, other classes) is read over.
 *
 * `_archived=True` on SchemaProperties or on a Column becomes `"archived":
 * true`; so does `__archived__ = True` in a dropdown class (Liminal's
 * dropdowns cannot be archived: that is lim-model-python-write's spelling,
 * which Liminal's BaseDropdown ignores).  A Column's warehouse name is
 * its `_warehouse_name=` or else the attribute's name.
 *
 * The files are those lim_model_files_generate() would write for the same
 * model, byte for byte (its serializer and names), so validation
 * (lim_model_files_parse()), compare and revision are shared with the JSON
 * model.  The reader validates them so: each problem of
 * lim_model_files_parse() is told at the place in the Python files it comes
 * from (the argument, else the call or class that lacks it), one
 * "FILE:LINE:COLUMN: message" per line; files are returned only when valid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIM_MODEL_PYTHON_READ_ERROR (lim_model_python_read_error_quark ())
GQuark lim_model_python_read_error_quark (void);

typedef enum {
  LIM_MODEL_PYTHON_READ_ERROR_INVALID,   /* "FILE:LINE:COLUMN: sentence" (syntax errors included) */
  LIM_MODEL_PYTHON_READ_ERROR_NOT_FOUND, /* no model folder */
  LIM_MODEL_PYTHON_READ_ERROR_IO,        /* a folder or file that cannot be read */
} LimModelPythonReadError;

/* Reads the *.py files under @model_dir.  Files are named in messages by
 * their path relative to @model_dir's parent when @display_prefix is NULL,
 * else by @display_prefix + "/" + their path relative to @model_dir.
 * Returns the model's valid files (element-type LimModelFile*, as
 * lim_model_files_generate() returns them), or NULL with @error set at the
 * first Python problem, or listing the validation's problems. */
GPtrArray *lim_model_python_read_dir   (const char  *model_dir,
                                        const char  *display_prefix,
                                        GError     **error);

/* The same for files already in memory: @names (relative paths, used in
 * messages as they are) and @texts, @n of them, read in the given order. */
GPtrArray *lim_model_python_read_texts (const char * const *names,
                                        const char * const *texts,
                                        guint               n,
                                        GError            **error);

G_END_DECLS

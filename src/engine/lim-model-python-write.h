/* lim-model-python-write.h — the project's model as Liminal's Python files:
 * the files `liminal generate-files` (Liminal 4.6.2) writes, made from our
 * JSON model files (lim-model-files.h).
 *
 * Mirrors, text for text:
 *   liminal/dropdowns/generate_files.py: generate_all_dropdown_files
 *     dropdowns/<to_snake_case(name)>.py   one BaseDropdown class
 *     dropdowns/__init__.py                `from .<stem> import <Class>`
 *                                          sorted by file name, no final newline
 *   liminal/entity_schemas/generate_files.py: generate_all_entity_schema_files
 *     entity_schemas/<subdir>/<to_snake_case(name)>.py   one BaseModel class
 *     entity_schemas/<subdir>/__init__.py  `from .<stem> import <Class>`, the
 *                                          schemas in model order, final newline
 *     entity_schemas/__init__.py           `from .<subdir> import * # noqa` in
 *                                          first-seen order, final newline
 *   liminal/results_schemas/generate_files.py: generate_all_results_schema_files
 *     results_schemas/<to_snake_case(warehouse_name)>.py   one BaseResultsModel
 *                                          class to_pascal_case(warehouse_name),
 *                                          `__schema_properties__ =
 *                                          ResultsSchemaProperties(name=…,
 *                                          warehouse_name=…)`, Column arguments
 *                                          joined by "," (no space), dropdowns
 *                                          from `..dropdowns`, one final newline
 *     results_schemas/__init__.py          `from .<stem> import <Class>`, the
 *                                          result schemas in model order, no
 *                                          final newline
 *     (relationships name the class of the entity schema file, as Liminal
 *     does when env.py imports the model; on a first run with nothing
 *     imported Liminal writes to_pascal_case(warehouse_name) instead, which
 *     differs only when a schema's name and warehouse name do)
 *   and the reprs they print: SchemaProperties (BaseSchemaProperties.__repr__:
 *   model_dump(exclude_unset, exclude_defaults), nested mixture config
 *   included), NameTemplate (BaseNameTemplate.__repr__), the name template
 *   parts (pydantic's repr), Liminal's StrEnum (`BenchlingFieldType.TEXT`)
 *   and Python's str/set/dict/list reprs; to_pascal_case/to_snake_case of
 *   liminal/utils.py.
 *
 * "Model order" is the order of the entity schema files handed in: the
 * tenant's order when generating from a tenant (lim_model_python_tenant_order),
 * file-name order for a JSON model read from disk.
 *
 * Where we differ from Liminal's text, on purpose:
 * - Import lines: Liminal joins them from a Python set, so their order
 *   changes from run to run; we sort them by byte value (strcmp), without
 *   duplicates.  The name-template part classes of one import line (also a
 *   set in Liminal) are sorted the same way.  Set values in reprs
 *   (naming_strategies, constraint_fields) are sorted by their written text.
 * - A dropdown name or option holding `"`, `'`, `\` or a character Python
 *   would escape: Liminal inserts the name raw and turns every `'` of the
 *   options' str(list) into `"`, which is broken Python; we write a valid
 *   double-quoted literal.  Text without those characters is byte-identical.
 * - A name template with no parts but order_name_parts_by_sequence=True:
 *   Liminal writes an empty `from liminal.orm.name_template_parts import `
 *   line; we leave the line out.
 *
 * What Liminal's generator never writes (it reads active objects only), in
 * spellings Liminal's own classes accept, so that the JSON model survives
 * the trip (read these back):
 * - an archived entity schema: `_archived=True` as the last argument of its
 *   SchemaProperties(...) (SchemaProperties.__init__ reads `_archived`);
 * - an archived field: `_archived=True` as the last argument of its
 *   Column(...) (Column takes `_archived`); it stays in __init__ like any
 *   column;
 * - an archived dropdown: the class line `    __archived__ = True` after
 *   `__allowed_values__` (BaseDropdown ignores it: Liminal itself would
 *   treat the dropdown as active).  It is listed in dropdowns/__init__.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-model-files.h"
#include "lim-snapshot.h"

G_BEGIN_DECLS

#define LIM_MODEL_PYTHON_ERROR (lim_model_python_error_quark ())
GQuark lim_model_python_error_quark (void);

typedef enum {
  LIM_MODEL_PYTHON_ERROR_INVALID, /* the JSON model files break its rules: the message lists the problems */
  LIM_MODEL_PYTHON_ERROR_NAME,    /* a name cannot become a Python file or class, or two become the same file */
} LimModelPythonError;

/* Liminal's Python files (element-type LimModelFile*, names relative to the
 * write path: "dropdowns/cheese_type.py", "entity_schemas/__init__.py", …)
 * for the @kinds (LIM_MODEL_FILES_DROPDOWNS, LIM_MODEL_FILES_ENTITY_SCHEMAS,
 * LIM_MODEL_FILES_RESULTS_SCHEMAS)
 * of @json_files (element-type LimModelFile*, as lim_model_files_generate()
 * returns them or lim_model_files_load_dir() reads them).  The JSON files are
 * checked with lim_model_files_parse() first; a problem fails the call with
 * LIM_MODEL_PYTHON_ERROR_INVALID and nothing is returned.  Sorted by name. */
GPtrArray *lim_model_python_generate    (GPtrArray          *json_files,
                                         LimModelFilesKinds  kinds,
                                         GError            **error);

/* Sorts the entity schema files of @json_files (as lim_model_files_generate
 * (@model, …) returned them) into the order @model holds the schemas, as
 * Liminal lists the tenant's schemas; other files keep their places after
 * them. */
void       lim_model_python_tenant_order (GPtrArray   *json_files,
                                          LimSnapshot *model);

G_END_DECLS

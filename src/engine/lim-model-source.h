/* lim-model-source.h — which model a project keeps, and where: our JSON
 * files (lim-model-files.h) or Liminal's Python classes
 * (lim-model-python-read.h, lim-model-python-write.h).
 *
 * The choice, first match wins:
 *  1. `project.ini` in the config folder (beside versions/):
 *       [model]
 *       format = json | python
 *       path = FOLDER        (optional; relative to the project root)
 *     A JSON model's folder defaults to `model`; a Python model's to the
 *     folder found as in 3, else the project root (where Liminal's
 *     `generate-files` writes by default).  Any other group or key, or
 *     another value, is an error naming the file and line.
 *  2. JSON: `model/` under the project root holds `dropdowns/` or
 *     `entity_schemas/` JSON files.
 *  3. Python: a folder holding `dropdowns/` or `entity_schemas/` with
 *     `*.py` files: the project root itself, or a package Liminal's
 *     `env.py` imports (`from lab.dropdowns import *` names `lab/`).
 *  Both 2 and 3, or two Python folders: an error that says how to choose
 *  (AMBIGUOUS).  Neither: NOT_FOUND.
 *
 * Whatever the format, a model is handed on as our JSON model files
 * (element-type LimModelFile), so the validator, the comparison and the
 * generator are the same for both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-model-files.h"
#include "lim-project.h"

G_BEGIN_DECLS

#define LIM_MODEL_SOURCE_ERROR (lim_model_source_error_quark ())
GQuark lim_model_source_error_quark (void);

typedef enum {
  LIM_MODEL_SOURCE_ERROR_NOT_FOUND,   /* the project keeps no model */
  LIM_MODEL_SOURCE_ERROR_AMBIGUOUS,   /* more than one; project.ini must say which */
  LIM_MODEL_SOURCE_ERROR_INVALID,     /* project.ini is wrong (file:line: message) */
} LimModelSourceError;

typedef enum {
  LIM_MODEL_FORMAT_JSON,
  LIM_MODEL_FORMAT_PYTHON,
} LimModelFormat;

/* "json" / "python"; lim_model_format_from_string() FALSE for others. */
const char *lim_model_format_to_string   (LimModelFormat format);
gboolean    lim_model_format_from_string (const char     *text,
                                          LimModelFormat *format);

typedef struct
{
  LimModelFormat format;
  char          *dir;       /* absolute: the folder holding dropdowns/ and entity_schemas/ */
  char          *shown;     /* @dir relative to the project root, for messages ("model", ".") */
  gboolean       chosen;    /* named by project.ini (else detected) */
} LimModelSource;

void            lim_model_source_free    (LimModelSource *source);

/* The model @project keeps (see above). */
LimModelSource *lim_model_source_find    (LimProject     *project,
                                          GError        **error);

/* Where a model of @format goes in @project: project.ini's path when it
 * names that format, else the folder found, else the default. */
LimModelSource *lim_model_source_default (LimProject     *project,
                                          LimModelFormat  format,
                                          GError        **error);

/* The model as our JSON model files, in name order.  A Python model is
 * read (never run); its problems are errors naming file:line:column. */
GPtrArray      *lim_model_source_load    (const LimModelSource *source,
                                          GError              **error);

/* load + lim_model_files_parse(); problems fail with
 * LIM_MODEL_FILES_ERROR_INVALID, one "FILE: PATH: message" per line. */
LimDesired     *lim_model_source_read    (const LimModelSource *source,
                                          GPtrArray            *problems,
                                          GError              **error);

/* @json_files (our JSON model files, as lim_model_files_generate() or
 * lim_model_source_load() return them) in @format: the same files for
 * JSON, Liminal's `generate-files` files for Python. */
GPtrArray      *lim_model_source_render  (LimModelFormat      format,
                                          GPtrArray          *json_files,
                                          LimModelFilesKinds  kinds,
                                          GError            **error);

/* Record @source as the project's choice in project.ini (kept: its
 * comments and other lines), atomically. */
gboolean        lim_model_source_choose  (LimProject           *project,
                                          const LimModelSource *source,
                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimModelSource, lim_model_source_free)

G_END_DECLS

/* lim-project.h — where a Liminal project lives on disk.
 *
 * A project is the nearest folder, starting at a given directory and going
 * up, that holds `liminal/versions/` (Liminal's layout) or else `versions/`
 * (the flat layout).  The folder that holds `versions/` is the config folder:
 * Liminal's `env.py` and our `tenants.ini` live there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_PROJECT_ERROR (lim_project_error_quark ())
GQuark lim_project_error_quark (void);

typedef enum {
  LIM_PROJECT_ERROR_NOT_FOUND,
  LIM_PROJECT_ERROR_EXISTS,
  LIM_PROJECT_ERROR_IO,
} LimProjectError;

typedef struct _LimProject LimProject;

/* Search @start (a directory; NULL = the current directory) and its parents. */
LimProject  *lim_project_discover        (const char *start, GError **error);

/* `liminal init` in @dir: liminal/versions/<id>_initial_init_revision.py and
 * liminal/tenants.ini (a commented template).  Refuses when liminal/ exists;
 * writes nothing on any error.  Returns the new project. */
LimProject  *lim_project_init            (const char  *dir,
                                          char       **init_file,
                                          GError     **error);

LimProject  *lim_project_ref             (LimProject *self);
void         lim_project_unref           (LimProject *self);

const char  *lim_project_get_root        (LimProject *self); /* folder that holds liminal/ or versions/ */
const char  *lim_project_get_config_dir  (LimProject *self); /* folder that holds versions/ */
const char  *lim_project_get_versions_dir(LimProject *self);
gboolean     lim_project_is_flat         (LimProject *self);
/* The project's name: the root folder's base name. */
const char  *lim_project_get_name        (LimProject *self);

/* @path relative to the root when it is inside it, else @path. */
char        *lim_project_relative_path   (LimProject *self, const char *path);

/* Loads (and caches) the timeline. */
LimTimeline *lim_project_load_timeline   (LimProject *self, GError **error);

/* Write @contents to @path atomically (temp file + fsync + rename). */
gboolean     lim_write_file_atomic       (const char  *path,
                                          const char  *contents,
                                          gssize       len,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimProject, lim_project_unref)

G_END_DECLS

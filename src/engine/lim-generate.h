/* lim-generate.h — write the next revision file: the operations that bring
 * a tenant (at head) to the project's model, in Liminal's layout.  Used by
 * `liminal revision` and the window's Generate Revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-compare.h"
#include "lim-snapshot.h"
#include "lim-project.h"
#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_GENERATE_ERROR (lim_generate_error_quark ())
GQuark lim_generate_error_quark (void);

typedef enum {
  LIM_GENERATE_ERROR_UNKNOWN_REVISION, /* the tenant's marker is not in the history */
  LIM_GENERATE_ERROR_NOT_AT_HEAD,      /* the tenant must be upgraded first */
  LIM_GENERATE_ERROR_EXISTS,           /* a file of that name is already there */
} LimGenerateError;

typedef struct
{
  LimRevision *revision;   /* the new revision, with its operations */
  char        *path;       /* where it was written */
  GPtrArray   *hints;      /* rename hints (char*) */
} LimGenerated;

void          lim_generated_free    (LimGenerated *generated);

/* @model: the tenant's snapshot; @current: its marker; @desired: the
 * project's model, or NULL for a revision with no operations.  Checks, as
 * Liminal does, that @current is head; writes one file atomically into the
 * versions folder, or nothing on any error.
 *
 * The operations are lim_compare()'s, except that the downgrade's
 * UnarchiveEntitySchemaField and CreateDropdownOption (the reverses of
 * archives) carry the index that restores the tenant's current order, found
 * by simulating the upgrade and the downgrade on a copy of @model; the
 * paired archive carries the same index (Liminal ignores it).  Liminal
 * writes None for fields and the old option index. */
LimGenerated *lim_generate_revision (LimProject   *project,
                                     LimTimeline  *timeline,
                                     LimSnapshot     *model,
                                     const char   *current,
                                     LimDesired   *desired,
                                     const char   *description,
                                     GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimGenerated, lim_generated_free)

G_END_DECLS

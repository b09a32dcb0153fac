/* lim-marker.h — the tenant's revision marker (§3): the display name of
 * the one active `revision_id` field of the registry's `liminal_remote`
 * schema.  Reading it, the requests that move it (Liminal's upsert), and
 * whether a fresh snapshot shows it moved.  When to move it is the
 * runner's business.
 *
 * Errors are LIM_SNAPSHOT_ERROR_REMOTE, with Liminal's texts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-apply.h"
#include "lim-snapshot.h"

G_BEGIN_DECLS

/* The marker; NULL with Liminal's error when liminal_remote is missing,
 * has not exactly one active revision_id field, or that field has no name. */
const char    *lim_marker_get_revision_id (LimSnapshot   *snapshot,
                                           GError       **error);

/* §3 upsert of the marker: the alpha create of liminal_remote when it is
 * missing, the revision_id field rename when it differs, nothing when
 * equal (element-type LimRequest*).  NULL with @error when liminal_remote
 * is malformed or the create or rename would be refused. */
GPtrArray     *lim_marker_build_requests  (LimSnapshot   *snapshot,
                                           const char    *revision_id,
                                           LimApplyFlags  flags,
                                           GError       **error);
/* @snapshot in the state those requests leave. */
gboolean       lim_marker_apply           (LimSnapshot   *snapshot,
                                           const char    *revision_id,
                                           LimApplyFlags  flags,
                                           GError       **error);

/* From a fresh snapshot: is the marker at @revision_id?  APPLIED or
 * NOT_APPLIED, never UNKNOWN. */
LimApplyState  lim_marker_check_state     (LimSnapshot   *snapshot,
                                           const char    *revision_id);

/* What one small public request (GET /api/v2/entity-schemas/{id}, the
 * answer @entity_schema) says of @basis's liminal_remote: a copy of
 * @basis whose liminal_remote fields named in @moving (warehouse names,
 * NULL-terminated: the marker and the lock) carry the names the answer
 * shows.  Only when the answer provably shows that schema: the same id,
 * registry and name, active, and every field (by apiId, none more, none
 * less) with the same archive state, isMulti and isRequired, and, unless
 * it is a moving field, the same name.  NULL otherwise (or when @basis has
 * no liminal_remote with real ids): read every tag schema instead.  The
 * public answer has no warehouse names; the fields are matched by id. */
LimSnapshot   *lim_marker_from_public     (LimSnapshot       *basis,
                                           JsonNode          *entity_schema,
                                           const char *const *moving);

/* @model's liminal_remote replaced by @fresh's (a read of the tenant);
 * nothing when @fresh has none.  Operations never touch that schema, so a
 * model may take it from a later read. */
void           lim_marker_adopt_remote    (LimSnapshot       *model,
                                           LimSnapshot       *fresh);

G_END_DECLS

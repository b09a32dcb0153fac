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

G_END_DECLS

/* lim-revision-item.h — one row of a tenant's history as an item of the
 * history's list model: a revision with where the tenant stands against it,
 * or the row that stands for the applied revisions folded below the
 * tenant's current one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lim-revision.h"

G_BEGIN_DECLS

typedef enum {
  LIM_REVISION_MARK_NONE,     /* where the tenant stands is not known */
  LIM_REVISION_MARK_APPLIED,  /* at or below the tenant's marker */
  LIM_REVISION_MARK_CURRENT,  /* the tenant's marker */
  LIM_REVISION_MARK_PENDING,  /* above the marker: an upgrade would run it */
} LimRevisionMark;

#define LIM_TYPE_REVISION_ITEM (lim_revision_item_get_type ())

G_DECLARE_FINAL_TYPE (LimRevisionItem, lim_revision_item, LIM, REVISION_ITEM, GObject)

/* @position: the revision's place in the history, 0 = base. */
LimRevisionItem    *lim_revision_item_new             (LimRevision       *revision,
                                                       guint              position);
/* The row standing for the applied revisions folded below the current one. */
LimRevisionItem    *lim_revision_item_new_fold        (void);
gboolean            lim_revision_item_is_fold         (LimRevisionItem   *self);
/* The fold row: how many revisions it stands for. */
guint               lim_revision_item_get_n_folded    (LimRevisionItem   *self);
void                lim_revision_item_set_n_folded    (LimRevisionItem   *self,
                                                       guint              n_folded);
/* NULL for the fold row. */
LimRevision        *lim_revision_item_get_revision    (LimRevisionItem   *self);
guint               lim_revision_item_get_position    (LimRevisionItem   *self);
LimRevisionMark     lim_revision_item_get_mark        (LimRevisionItem   *self);
/* Aliases of the other tenants at this revision; NULL when none. */
const char * const *lim_revision_item_get_others      (LimRevisionItem   *self);
/* Notifies only what changed. */
void                lim_revision_item_set_marks       (LimRevisionItem   *self,
                                                       LimRevisionMark    mark,
                                                       const char *const *others);
/* How many operations of the revision's upgrade can lose data. */
guint               lim_revision_item_get_n_destructive (LimRevisionItem *self);
/* Whether every one of @words (g_utf8_casefold()ed; empty ones are
 * skipped) begins the revision id or occurs in its description or in the
 * class names or string arguments (dropdown, schema, field, option) of its
 * upgrade and downgrade operations.  The fold row never matches. */
gboolean            lim_revision_item_matches         (LimRevisionItem    *self,
                                                       const char * const *words);

G_END_DECLS

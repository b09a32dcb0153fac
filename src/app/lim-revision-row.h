/* lim-revision-row.h — one revision of the timeline on a tenant page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lim-revision.h"

G_BEGIN_DECLS

#define LIM_TYPE_REVISION_ROW (lim_revision_row_get_type ())

G_DECLARE_FINAL_TYPE (LimRevisionRow, lim_revision_row, LIM, REVISION_ROW, GtkListBoxRow)

typedef enum {
  LIM_REVISION_MARK_NONE,     /* where the tenant stands is not known */
  LIM_REVISION_MARK_APPLIED,  /* at or below the tenant's marker */
  LIM_REVISION_MARK_CURRENT,  /* the tenant's marker */
  LIM_REVISION_MARK_PENDING,  /* above the marker: an upgrade would run it */
} LimRevisionMark;

GtkWidget   *lim_revision_row_new          (LimRevision        *revision,
                                            guint               position);
LimRevision *lim_revision_row_get_revision (LimRevisionRow     *self);
LimRevisionMark lim_revision_row_get_mark  (LimRevisionRow     *self);
/* @others: aliases of the other tenants at this revision (NULL: none). */
void         lim_revision_row_set_marks    (LimRevisionRow     *self,
                                            LimRevisionMark     mark,
                                            const char * const *others);

G_END_DECLS

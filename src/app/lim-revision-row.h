/* lim-revision-row.h — one row of the history on a tenant page: the
 * widget the history's view binds to a LimRevisionItem (a revision, or the
 * row of folded applied revisions) and rebinds as it scrolls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lim-revision-item.h"

G_BEGIN_DECLS

#define LIM_TYPE_REVISION_ROW (lim_revision_row_get_type ())

G_DECLARE_FINAL_TYPE (LimRevisionRow, lim_revision_row, LIM, REVISION_ROW, GtkWidget)

GtkWidget       *lim_revision_row_new          (void);
/* @item: NULL to unbind.  The row follows the item's marks. */
void             lim_revision_row_set_item     (LimRevisionRow  *self,
                                                LimRevisionItem *item);
LimRevisionItem *lim_revision_row_get_item     (LimRevisionRow  *self);
/* NULL when unbound or for the fold row. */
LimRevision     *lim_revision_row_get_revision (LimRevisionRow  *self);
LimRevisionMark  lim_revision_row_get_mark     (LimRevisionRow  *self);

G_END_DECLS

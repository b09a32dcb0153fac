/* lim-tenant-page.h — one tenant: where it stands in the revision history,
 * and the review of the selected revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-revision-row.h"
#include "lim-revision-view.h"
#include "lim-tenant-item.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

/* How many of a tenant's most recent runs the Activity section lists. */
#define LIM_TENANT_PAGE_ACTIVITY_ROWS 20

#define LIM_TYPE_TENANT_PAGE (lim_tenant_page_get_type ())

G_DECLARE_FINAL_TYPE (LimTenantPage, lim_tenant_page, LIM, TENANT_PAGE, GtkWidget)

GtkWidget       *lim_tenant_page_new               (void);
/* @items: every LimTenantItem of the project (for the other tenants' marks). */
void             lim_tenant_page_set_tenant        (LimTenantPage *self,
                                                    LimTenantItem *item,
                                                    LimWorkspace  *workspace,
                                                    GListModel    *items);
LimTenantItem   *lim_tenant_page_get_item          (LimTenantPage *self);
/* Re-reads every tenant's status into the marks of the history; when the
 * tenant's place changed, folds the revisions applied below it and scrolls
 * to it. */
void             lim_tenant_page_update_marks      (LimTenantPage *self);
/* Selects the revision's row (unfolding or ending a search if it is out of
 * sight), scrolls to it and reviews it.  FALSE when @id is not in the
 * history. */
gboolean         lim_tenant_page_select_revision   (LimTenantPage *self,
                                                    const char    *id);
/* The id of the revision selected in the history, or NULL. */
const char      *lim_tenant_page_get_selected_revision (LimTenantPage *self);
/* Folded and showing the review ("can-navigate-back"): the window's one
 * back button then goes back to the history, through navigate_back(),
 * which returns FALSE when there was nothing to go back to. */
gboolean         lim_tenant_page_get_can_navigate_back (LimTenantPage *self);
gboolean         lim_tenant_page_navigate_back     (LimTenantPage *self);
LimRevisionView *lim_tenant_page_get_revision_view (LimTenantPage *self);
/* The history over lim_tenant_page_get_history_rows(): a grid view of one
 * column, which keeps some 30 rows around what it shows (GTK 4.8's list
 * view keeps 200, too many to bind in one frame when the view jumps). */
GtkGridView     *lim_tenant_page_get_history_view  (LimTenantPage *self);
/* The rows shown, newest first (element-type LimRevisionItem): the
 * revisions, the fold row in place of the applied ones below the tenant's
 * current revision, or the matches of a search. */
GListModel      *lim_tenant_page_get_history_rows  (LimTenantPage *self);
/* The row widget the list view has bound to @item, NULL when it has none
 * (the view makes rows only around what it shows). */
LimRevisionRow  *lim_tenant_page_get_revision_row  (LimTenantPage   *self,
                                                    LimRevisionItem *item);
/* The Activity section: one activatable row per recent run. */
GtkListBox      *lim_tenant_page_get_activity_list (LimTenantPage *self);

G_END_DECLS

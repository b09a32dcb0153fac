/* lim-tenant-page.h — one tenant: where it stands in the revision history,
 * and the review of the selected revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

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
/* Re-reads every tenant's status into the marks of the timeline. */
void             lim_tenant_page_update_marks      (LimTenantPage *self);
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
GtkListBox      *lim_tenant_page_get_timeline_list (LimTenantPage *self);
/* The Activity section: one activatable row per recent run. */
GtkListBox      *lim_tenant_page_get_activity_list (LimTenantPage *self);

G_END_DECLS

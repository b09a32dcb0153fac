/* lim-compare-dialog.h — Compare With…: what one tenant lacks that another
 * has ("prod lacks what test has: 7 operations"), as `liminal diff TENANT
 * --against OTHER` lists it: the operations that would bring the tenant to
 * the other one, grouped by the schema or dropdown they are about, with
 * Copy.  The window asks for the other tenant (the project's other
 * tenants), then reads both at once (lim-tenant-compare.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-tenant-compare.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_TYPE_COMPARE_DIALOG (lim_compare_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimCompareDialog, lim_compare_dialog, LIM, COMPARE_DIALOG, AdwWindow)

/* A modal window over @parent comparing @tenant with one of the workspace's
 * other tenants (the first one is chosen; nothing is read until Compare). */
LimCompareDialog          *lim_compare_dialog_new            (GtkWindow        *parent,
                                                              LimWorkspace     *workspace,
                                                              LimTenant        *tenant);
/* Choose the other tenant by alias (as the "Compare With" row does);
 * FALSE when no other tenant has it. */
gboolean                   lim_compare_dialog_set_other      (LimCompareDialog *self,
                                                              const char       *alias);
/* Compare now with the chosen tenant (the Compare button). */
void                       lim_compare_dialog_compare        (LimCompareDialog *self);
/* TRUE while both tenants are being read (property "busy"). */
gboolean                   lim_compare_dialog_get_busy       (LimCompareDialog *self);
/* The last comparison shown, or NULL (none yet, or it failed). */
const LimTenantComparison *lim_compare_dialog_get_comparison (LimCompareDialog *self);
/* The text Copy puts on the clipboard: the header, both revisions and the
 * numbered operations (NULL before a comparison). */
char                      *lim_compare_dialog_dup_text       (LimCompareDialog *self);

G_END_DECLS

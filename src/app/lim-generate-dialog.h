/* lim-generate-dialog.h — Generate Revision…: the operations that bring a
 * tenant (at head) to the project's model/ folder, written as the next
 * revision file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-workspace.h"

G_BEGIN_DECLS

typedef struct _LimWindow LimWindow;
typedef struct _LimTenantItem LimTenantItem;

/* Asks for the description, then reads the tenant and the model files and
 * writes the revision.  On success the window reopens the project (the
 * history has a new head) and says so in a toast; on failure a dialog
 * explains why and nothing was written.  Returns the question dialog. */
AdwMessageDialog *lim_generate_dialog_present (LimWindow        *window,
                                               LimTenantItem    *item,
                                               LimWorkspace     *workspace);

/* For tests: the dialog that reports a failure, if one is shown. */
AdwMessageDialog *lim_generate_dialog_get_error (LimWindow *window);

G_END_DECLS

/* lim-adopt-dialog.h — Adopt: set a tenant's revision marker without running
 * any operation, at the revision the tenant already matches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-tenant-item.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

/* Asks which revision @item's tenant already matches (default: the base)
 * and stamps it; @item shows as loading meanwhile.  Returns the question
 * (transfer none). */
AdwMessageDialog *lim_adopt_dialog_run_async  (GtkWindow            *parent,
                                               LimWorkspace         *workspace,
                                               LimTenantItem        *item,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* TRUE when the marker was set, at *@revision; FALSE without @error when
 * the person declined, FALSE with @error when stamping failed. */
gboolean          lim_adopt_dialog_run_finish (GAsyncResult         *result,
                                               char                **revision,
                                               GError              **error);

G_END_DECLS

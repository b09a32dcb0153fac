/* lim-confirm-dialog.h — "Upgrade test?": the question asked before a run
 * changes a tenant, with the plan's counts, an expander listing the
 * revisions that will run and their destructive operations, and, for a
 * protected tenant, the alias to type (the workspace's protected-tenant
 * rule; Enter confirms once it matches).  The run button is destructive
 * only when a destructive operation runs, suggested otherwise.
 *
 * Answers its caller through _run_async()/_finish(), as gnome-text-editor's
 * save-changes dialog does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-runner.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

/* Presents the question for running @plan on @tenant with @flags, transient
 * for @parent.  Returns the dialog (transfer none: it goes away by itself
 * once answered).  Cancelling @cancellable closes it. */
AdwMessageDialog *lim_confirm_dialog_run_async  (GtkWindow            *parent,
                                                 LimWorkspace         *workspace,
                                                 LimTenant            *tenant,
                                                 const LimPlan        *plan,
                                                 LimRunFlags           flags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* TRUE when the person chose to run; FALSE when they declined (closing the
 * dialog declines too) or with @error set when cancelled. */
gboolean          lim_confirm_dialog_run_finish (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS

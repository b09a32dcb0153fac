/* lim-run-dialog.h — running an upgrade or downgrade of one tenant from
 * the window: connect, plan, confirm (typed for protected tenants), then a
 * modal progress window with per-operation states, cancel, resume and the
 * requests made.  Also the read-only dry run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-runner.h"
#include "lim-tenants.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_TYPE_RUN_DIALOG (lim_run_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimRunDialog, lim_run_dialog, LIM, RUN_DIALOG, AdwWindow)

/* What the dialog is doing.  The window learns the end through
 * "finished" (gboolean success): emitted once, when the run is over for
 * good (closed after a stop or a failure, or completed). */
typedef enum {
  LIM_RUN_DIALOG_STATE_PREPARING,
  LIM_RUN_DIALOG_STATE_CONFIRMING,
  LIM_RUN_DIALOG_STATE_RUNNING,
  LIM_RUN_DIALOG_STATE_STOPPED,
  LIM_RUN_DIALOG_STATE_FAILED,
  LIM_RUN_DIALOG_STATE_DONE,
} LimRunDialogState;

/* Starts at once (connect and plan); presents itself after confirmation.
 * @flags: LIM_RUN_FLAGS_DRY_RUN for a read-only dry run (the result is
 * shown in a message dialog, never in the progress window). */
LimRunDialog      *lim_run_dialog_new            (GtkWindow        *parent,
                                                  LimWorkspace     *workspace,
                                                  LimTenant        *tenant,
                                                  LimDirection      direction,
                                                  const char       *descriptor,
                                                  LimRunFlags       flags);
LimRunDialogState  lim_run_dialog_get_state      (LimRunDialog     *self);
LimRunner         *lim_run_dialog_get_runner     (LimRunDialog     *self);
LimTenant         *lim_run_dialog_get_tenant     (LimRunDialog     *self);
/* The confirmation, dry-run result or question being shown, or NULL. */
AdwMessageDialog  *lim_run_dialog_get_message_dialog (LimRunDialog *self);
/* The failure or stop text shown in the progress window. */
const char        *lim_run_dialog_get_error_text (LimRunDialog     *self);
/* The revision the tenant stands at after a completed run. */
const char        *lim_run_dialog_get_target     (LimRunDialog     *self);
LimDirection       lim_run_dialog_get_direction  (LimRunDialog     *self);
/* Requests logged for "Show Details". */
guint              lim_run_dialog_get_n_requests (LimRunDialog     *self);
/* Cancel the run (stops between operations). */
void               lim_run_dialog_cancel         (LimRunDialog     *self);
/* After a stop or failure: run again with LIM_RUN_FLAGS_RESUME. */
void               lim_run_dialog_resume         (LimRunDialog     *self);
/* For tests and screenshots: the list of operations and their state
 * ("pending", "running", "done", "failed", "skipped", "uncertain"). */
char             **lim_run_dialog_dup_operation_states (LimRunDialog *self);

G_END_DECLS

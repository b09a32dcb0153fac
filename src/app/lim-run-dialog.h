/* lim-run-dialog.h — the view of a LimRun: the confirmation (typed for
 * protected tenants), then a modal progress window with per-operation
 * states, cancel, resume and the requests made; the result of a dry run in
 * a message dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-run.h"

G_BEGIN_DECLS

#define LIM_TYPE_RUN_DIALOG (lim_run_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimRunDialog, lim_run_dialog, LIM, RUN_DIALOG, AdwWindow)

/* Shows @run (not started yet: this starts it), transient for @parent; it
 * presents itself once the run is confirmed.  The caller learns the end
 * through "finished" (gboolean success): emitted once, when the run is over
 * for good (closed after a stop or a failure, declined, or completed). */
LimRunDialog     *lim_run_dialog_new                (GtkWindow    *parent,
                                                     LimRun       *run);
LimRun           *lim_run_dialog_get_run            (LimRunDialog *self);
/* The confirmation, dry-run result or question being shown, or NULL. */
AdwMessageDialog *lim_run_dialog_get_message_dialog (LimRunDialog *self);

G_END_DECLS

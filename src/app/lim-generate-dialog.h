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

/* Asks for the description, then reads @tenant and the model files and
 * writes the revision.  While comparing, a toast says so on @toasts (may be
 * NULL).  On failure a dialog explains why and nothing was written.
 * Returns the question dialog (transfer none). */
AdwMessageDialog *lim_generate_dialog_run_async  (GtkWindow            *parent,
                                                  LimWorkspace         *workspace,
                                                  LimTenant            *tenant,
                                                  AdwToastOverlay      *toasts,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* The path of the revision file written; NULL without @error when the
 * person declined; NULL with @error when nothing could be written (the
 * reason was shown already).  The caller reads the project again. */
char             *lim_generate_dialog_run_finish (GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS

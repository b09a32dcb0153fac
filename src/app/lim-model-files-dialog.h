/* lim-model-files-dialog.h — Write Model Files from <tenant>…: the
 * tenant's active dropdowns and entity schemas written as the project's
 * model files (what `liminal generate-files --overwrite` does), the
 * starting point of Generate Revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-workspace.h"

G_BEGIN_DECLS

/* Asks where (the project's model/ folder unless another is chosen; when
 * the folder already holds model files, the answer is "Replace"), then
 * reads @tenant and writes the files: new and changed ones, and removes
 * the files of objects the tenant no longer has.  Writing happens off the
 * main loop.  While reading, a toast says so on @toasts (may be NULL).  On
 * failure a dialog explains why.  Returns the question (transfer none); it
 * carries the CSS class "model-files-dialog". */
AdwMessageDialog *lim_model_files_dialog_run_async  (GtkWindow            *parent,
                                                     LimWorkspace         *workspace,
                                                     LimTenant            *tenant,
                                                     AdwToastOverlay      *toasts,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* Sets the folder the question will write to (as its Choose… button does). */
void              lim_model_files_dialog_set_folder (AdwMessageDialog     *dialog,
                                                     const char           *folder);
/* TRUE when the files were written: @n_written is how many were new or
 * changed, @n_removed how many were removed, @folder where (free it).
 * FALSE without @error when the person declined; FALSE with @error when
 * nothing could be read or written (the reason was shown already). */
gboolean          lim_model_files_dialog_run_finish (GAsyncResult         *result,
                                                     guint                *n_written,
                                                     guint                *n_removed,
                                                     char                **folder,
                                                     GError              **error);

G_END_DECLS

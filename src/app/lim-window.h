/* lim-window.h — the main window: a project's tenants and their history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-application.h"
#include "lim-project.h"
#include "lim-run-dialog.h"
#include "lim-tenant-page.h"
#include "lim-tenant.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_TYPE_WINDOW (lim_window_get_type ())

G_DECLARE_FINAL_TYPE (LimWindow, lim_window, LIM, WINDOW, AdwApplicationWindow)

LimWindow     *lim_window_new                (LimApplication *application);
/* Opens the project that holds @path (a folder); on failure shows why. */
gboolean       lim_window_open_project       (LimWindow      *self,
                                              const char     *path,
                                              GError        **error);
/* Shows @workspace (a reference is taken), e.g. one with its own secrets
 * hook, as the demo's. */
void           lim_window_set_workspace      (LimWindow      *self,
                                              LimWorkspace   *workspace);
/* Reloads tenants.ini/env.py and reads every tenant's status again. */
void           lim_window_reload_tenants     (LimWindow      *self);
/* Reads every tenant's status again (cancels the readings under way). */
void           lim_window_refresh            (LimWindow      *self);
/* Reads the project again from disk (revision files, tenants.ini, env.py)
 * when a file changed, keeping the selected tenant and revision, then
 * every tenant's status; the banner says what changed, or why the files
 * could not be read (the last good project stays).  During a run it waits
 * for the run's end.  What F5 does; the window does the same by itself
 * when the files change (without reading the statuses when nothing did). */
void           lim_window_reload_project     (LimWindow      *self);
/* The banner's text while it is shown, else NULL. */
const char    *lim_window_get_banner_text    (LimWindow      *self);
void           lim_window_choose_project     (LimWindow      *self);
void           lim_window_show_preferences   (LimWindow      *self);

/* The open project, or NULL. */
LimWorkspace  *lim_window_get_workspace      (LimWindow      *self);
LimProject    *lim_window_get_project        (LimWindow      *self);
LimTimeline   *lim_window_get_timeline       (LimWindow      *self);
GListModel    *lim_window_get_tenants        (LimWindow      *self);
GtkListBox    *lim_window_get_tenant_list    (LimWindow      *self);
LimTenantPage *lim_window_get_tenant_page    (LimWindow      *self);
/* The preferences window while it is open, else NULL. */
GtkWindow     *lim_window_get_preferences    (LimWindow      *self);
/* The tenant selected in the list, or NULL. */
LimTenantItem *lim_window_get_selected_item  (LimWindow      *self);
/* Reads one tenant's status again. */
void           lim_window_refresh_item       (LimWindow      *self,
                                              LimTenantItem  *item);
/* The demo's folder: a project inside it is the demo (a subtitle says
 * so, it is not remembered as a recent project); opening another project
 * leaves demo mode and drops the workspace's environment hook. */
void           lim_window_set_demo           (LimWindow      *self,
                                              const char     *demo_root);
gboolean       lim_window_get_demo           (LimWindow      *self);
/* Shows @toast (a reference is taken). */
void           lim_window_show_toast_object  (LimWindow      *self,
                                              AdwToast       *toast);
void           lim_window_show_toast         (LimWindow      *self,
                                              const char     *text);
/* Upgrade/downgrade (or dry-run) the selected tenant: plans, asks, then
 * shows the progress window.  NULL when a run is already under way. */
LimRunDialog  *lim_window_start_run          (LimWindow      *self,
                                              LimDirection    direction,
                                              const char     *descriptor,
                                              LimRunFlags     flags);
/* The run under way (from planning to its end), or NULL. */
LimRunDialog  *lim_window_get_run_dialog     (LimWindow      *self);
/* "welcome", "error", "no-tenants" or "project". */
const char    *lim_window_get_view           (LimWindow      *self);

G_END_DECLS

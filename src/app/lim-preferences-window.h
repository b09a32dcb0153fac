/* lim-preferences-window.h — the Tenants dialog of the main window
 * (win.manage-tenants, "Tenants…" in the primary menu): the open project's
 * tenants in its tenants.ini, add, edit, remove.  The application has no
 * other preferences; app.preferences opens the same dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-tenant-editor.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_TYPE_PREFERENCES_WINDOW (lim_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LimPreferencesWindow, lim_preferences_window, LIM, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @workspace may be NULL (no project open). */
GtkWidget       *lim_preferences_window_new        (LimWorkspace         *workspace);
/* Signals: "tenants-changed" (); "editor-opened" (LimTenantEditor *editor),
 * before the editor is shown (the window hands it the sandbox). */
/* Opens the editor for a new tenant (@alias NULL) or for @alias. */
LimTenantEditor *lim_preferences_window_edit_tenant (LimPreferencesWindow *self,
                                                    const char           *alias);
/* The editor shown now, or NULL. */
LimTenantEditor *lim_preferences_window_get_editor (LimPreferencesWindow *self);
/* The aliases listed now. */
GStrv            lim_preferences_window_dup_aliases (LimPreferencesWindow *self);

G_END_DECLS

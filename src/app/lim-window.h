/* lim-window.h — the main window: a project's tenants and their history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-application.h"
#include "lim-project.h"
#include "lim-tenant-page.h"
#include "lim-tenants.h"

G_BEGIN_DECLS

#define LIM_TYPE_WINDOW (lim_window_get_type ())

G_DECLARE_FINAL_TYPE (LimWindow, lim_window, LIM, WINDOW, AdwApplicationWindow)

LimWindow     *lim_window_new                (LimApplication *application);
/* Opens the project that holds @path (a folder); on failure shows why. */
gboolean       lim_window_open_project       (LimWindow      *self,
                                              const char     *path,
                                              GError        **error);
/* Reloads tenants.ini/env.py and reads every tenant's status again. */
void           lim_window_reload_tenants     (LimWindow      *self);
/* Reads every tenant's status again (cancels the readings under way). */
void           lim_window_refresh            (LimWindow      *self);
void           lim_window_choose_project     (LimWindow      *self);
void           lim_window_show_preferences   (LimWindow      *self);

LimProject    *lim_window_get_project        (LimWindow      *self);
LimTimeline   *lim_window_get_timeline       (LimWindow      *self);
GListModel    *lim_window_get_tenants        (LimWindow      *self);
GtkListBox    *lim_window_get_tenant_list    (LimWindow      *self);
LimTenantPage *lim_window_get_tenant_page    (LimWindow      *self);
/* The preferences window while it is open, else NULL. */
GtkWindow     *lim_window_get_preferences    (LimWindow      *self);
/* "welcome", "error", "no-tenants" or "project". */
const char    *lim_window_get_view           (LimWindow      *self);

G_END_DECLS

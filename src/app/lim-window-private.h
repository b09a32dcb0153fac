/* lim-window-private.h — what lim-window.c and lim-window-actions.c share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-app-sign-in.h"
#include "lim-window.h"

G_BEGIN_DECLS

struct _LimWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned References */
  LimWorkspace         *workspace;
  GListStore           *tenants;
  GCancellable         *cancellable;
  GMenu                *recent_menu;
  GSettings            *settings;
  LimAppSignIn         *sign_in;      /* the workspace's LimSignIn: sign-in windows over this one */

  LimRunDialog         *run_dialog;
  LimTenantItem        *run_item;
  AdwToast             *planning_toast;
  gboolean              demo;
  gboolean              model_busy;   /* Write Model Files or Generate Revision under way */
  char                 *demo_root;

  /* The project on disk, watched (lim-window.c: "Live project") */
  GFileMonitor         *versions_monitor;
  GFileMonitor         *config_monitor;
  guint                 reload_source;
  gboolean              reload_pending;
  GCancellable         *reload_cancellable;  /* a reload in flight */
  gboolean              reload_again;        /* asked for meanwhile */
  gboolean              reload_again_asked;
  char                 *versions_signature;  /* what the files looked like when read */
  char                 *config_signature;
  GCancellable         *signature_cancellable; /* the first look at a project's files */
  gboolean              signature_dirty;       /* a file changed meanwhile */
  char                 *banner_head;

  /* Borrowed References */
  GtkWindow            *preferences;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner_box;
  GtkLabel             *banner_label;
  AdwHeaderBar         *header_bar;
  GtkButton            *back_button;
  GtkWidget            *refresh_button;
  AdwSplitButton       *open_button;
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkListBox           *tenant_list;
  GtkStack             *content_stack;
  LimTenantPage        *tenant_page;
};

void           _lim_window_class_actions_init (GtkWidgetClass *widget_class);
void           _lim_window_update_actions     (LimWindow      *self);
/* A toast that stays a while: something went wrong. */
void           _lim_window_show_error         (LimWindow      *self,
                                               const char     *message);
/* The selected tenant when nothing runs, else NULL. */
LimTenantItem *_lim_window_get_idle_item      (LimWindow      *self);
/* Whether the tenant page is shown, folded, with its review: going back
 * shows its history (else the tenant list). */
gboolean       _lim_window_page_can_go_back   (LimWindow      *self);
/* Selects the row of the tenant @alias, if there is one. */
void           _lim_window_select_alias       (LimWindow      *self,
                                               const char     *alias);

G_END_DECLS

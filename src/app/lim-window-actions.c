/* lim-window-actions.c — the window's actions ("win.*").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-adopt-dialog.h"
#include "lim-compare-dialog.h"
#include "lim-generate-dialog.h"
#include "lim-model-files-dialog.h"
#include "lim-preferences-window.h"
#include "lim-rehearse.h"
#include "lim-secret-dialog.h"
#include "lim-tenant-item.h"
#include "lim-window-private.h"

/* The item of the tenant @alias, or NULL. */
static LimTenantItem *
find_item (LimWindow  *self,
           const char *alias)
{
  GListModel *tenants = G_LIST_MODEL (self->tenants);

  for (guint i = 0; i < g_list_model_get_n_items (tenants); i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (tenants, i);

      if (g_strcmp0 (lim_tenant_item_get_alias (item), alias) == 0)
        return item;   /* the list holds it */
    }
  return NULL;
}

/* The item of the tenant @alias when nothing runs, else NULL (a toast says
 * why when there is no such tenant). */
static LimTenantItem *
idle_item_for (LimWindow  *self,
               const char *alias)
{
  LimTenantItem *item;

  if (self->run_dialog != NULL || self->workspace == NULL)
    return NULL;
  item = find_item (self, alias);
  if (item == NULL)
    {
      /* Translators: a tenant alias */
      g_autofree char *text = g_strdup_printf (_("No tenant “%s” in this project"), alias);

      _lim_window_show_error (self, text);
    }
  return item;
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!lim_window_open_project (self, g_variant_get_string (param, NULL), &error))
    _lim_window_show_error (self, error->message);
}

/* F5: the revision files and tenants.ini again, then every status. */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  lim_window_reload_project (LIM_WINDOW (widget));
}

/* The one back button: a folded tenant page's review goes back to its
 * history first, then the tenant page to the list. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);

  if (_lim_window_page_can_go_back (self))
    lim_tenant_page_navigate_back (self->tenant_page);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);

  if (g_str_equal (action_name, "win.upgrade-head"))
    lim_window_start_run (self, LIM_DIRECTION_UP, "head", LIM_RUN_FLAGS_NONE);
  else if (g_str_equal (action_name, "win.dry-run"))
    lim_window_start_run (self, LIM_DIRECTION_UP, "head", LIM_RUN_FLAGS_DRY_RUN);
  else if (g_str_equal (action_name, "win.upgrade-to"))
    lim_window_start_run (self, LIM_DIRECTION_UP, g_variant_get_string (param, NULL), LIM_RUN_FLAGS_NONE);
  else if (g_str_equal (action_name, "win.downgrade-to"))
    lim_window_start_run (self, LIM_DIRECTION_DOWN, g_variant_get_string (param, NULL), LIM_RUN_FLAGS_NONE);
}

/* Continue the run of the selected tenant that stopped part-way (its
 * journal is unfinished). */
static void
resume_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  LimTenantItem *item = _lim_window_get_idle_item (self);
  LimDirection direction = LIM_DIRECTION_UP;
  g_autofree char *to = NULL;

  if (item == NULL || self->workspace == NULL ||
      !lim_workspace_get_unfinished_run (self->workspace, lim_tenant_item_get_tenant (item),
                                         lim_tenant_item_get_revision (item), &direction, &to, NULL))
    return;
  lim_window_start_run (self, direction, to, LIM_RUN_FLAGS_RESUME);
}

/* Undo a completed run: (alias, upgrade?, revision) — back to where the
 * tenant was, after the usual confirmation. */
static void
undo_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  const char *alias = NULL, *revision = NULL;
  gboolean up = FALSE;

  g_variant_get (param, "(&sb&s)", &alias, &up, &revision);
  _lim_window_select_alias (self, alias);
  lim_window_start_run (self, up ? LIM_DIRECTION_UP : LIM_DIRECTION_DOWN, revision, LIM_RUN_FLAGS_NONE);
}

typedef struct
{
  LimWindow     *self;
  LimTenantItem *item;
} AdoptCall;

static void
on_adopted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AdoptCall *call = user_data;
  g_autoptr(LimWindow) self = call->self;
  g_autoptr(LimTenantItem) item = call->item;
  g_autoptr(GError) error = NULL;
  g_autofree char *revision = NULL;
  gboolean adopted;

  g_free (call);
  adopted = lim_adopt_dialog_run_finish (result, &revision, &error);
  if (self->workspace == NULL)  /* closed meanwhile */
    return;

  if (adopted)
    {
      g_autofree char *sid = g_strndup (revision, 7);
      /* Translators: "test adopted at 4e2c8a9" */
      g_autofree char *text = g_strdup_printf (_("%s adopted at %s"), lim_tenant_item_get_alias (item), sid);

      lim_window_show_toast (self, text);
    }
  else if (error != NULL)
    {
      lim_window_show_toast (self, error->message);
    }
  else
    {
      return;  /* declined */
    }
  lim_window_refresh_item (self, item);
}

static void
adopt_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  LimTenantItem *item = _lim_window_get_idle_item (self);
  AdoptCall *call;

  if (item == NULL)
    return;

  call = g_new0 (AdoptCall, 1);
  call->self = g_object_ref (self);
  call->item = g_object_ref (item);
  lim_adopt_dialog_run_async (GTK_WINDOW (self), self->workspace, item, NULL, on_adopted_cb, call);
}

static void
on_generated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LimWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lim_generate_dialog_run_finish (result, &error);
  g_autofree char *alias = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  LimTenantItem *item;
  LimRevision *head;
  guint n;

  self->model_busy = FALSE;
  _lim_window_update_actions (self);

  /* Declined, or the dialog said why nothing was written. */
  if (path == NULL || self->workspace == NULL)
    return;

  /* The history has a new head: read the project again, and keep the
   * tenant selected. */
  item = lim_window_get_selected_item (self);
  alias = item != NULL ? g_strdup (lim_tenant_item_get_alias (item)) : NULL;
  if (!lim_workspace_reload (self->workspace, &error))
    {
      _lim_window_show_error (self, error->message);
      return;
    }
  lim_window_set_workspace (self, self->workspace);
  if (alias != NULL)
    _lim_window_select_alias (self, alias);

  head = lim_timeline_get_head (lim_workspace_get_timeline (self->workspace));
  n = head != NULL ? lim_revision_get_upgrade (head)->len : 0;
  /* The new revision, up for review. */
  if (head != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.select-revision", "s", lim_revision_get_id (head));
  shown = lim_project_relative_path (lim_workspace_get_project (self->workspace), path);
  /* Translators: "Wrote versions/1a2b_x.py: 3 operations" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u operation", "Wrote %s: %u operations", n),
                          shown, n);
  lim_window_show_toast (self, text);
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  LimTenantItem *item = _lim_window_get_idle_item (self);

  if (item == NULL)
    return;

  /* model/ is read meanwhile: no Write Model Files into it. */
  self->model_busy = TRUE;
  _lim_window_update_actions (self);
  lim_generate_dialog_run_async (GTK_WINDOW (self), self->workspace, lim_tenant_item_get_tenant (item),
                                 self->toast_overlay, NULL, on_generated_cb, g_object_ref (self));
}

/* Selects revision @id (a full id) on the tenant page, for review. */
static void
select_revision_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);

  if (lim_tenant_page_get_item (self->tenant_page) != NULL)
    lim_tenant_page_select_revision (self->tenant_page, g_variant_get_string (param, NULL));
}

typedef struct
{
  LimWindow *self;
  char      *alias;
} AliasCall;

static AliasCall *
alias_call_new (LimWindow  *self,
                const char *alias)
{
  AliasCall *call = g_new0 (AliasCall, 1);

  call->self = g_object_ref (self);
  call->alias = g_strdup (alias);
  return call;
}

static void
alias_call_free (AliasCall *call)
{
  g_object_unref (call->self);
  g_free (call->alias);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AliasCall, alias_call_free)

/* After Enter Secret… or Sign In…: @error (unless the person cancelled),
 * else the tenant read again with what it now has (the list may have been
 * reloaded meanwhile). */
static void
alias_call_finish (AliasCall    *call,
                   gboolean      done,
                   const GError *error)
{
  LimWindow *self = call->self;
  LimTenantItem *item;

  if (!done)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->workspace != NULL)
        _lim_window_show_error (self, error->message);
      return;
    }
  item = self->workspace != NULL ? find_item (self, call->alias) : NULL;
  if (item != NULL)
    lim_window_refresh_item (self, item);
}

static void
on_secret_entered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AliasCall) call = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = lim_secret_dialog_run_finish (result, &error);

  alias_call_finish (call, done, error);
}

/* Enter Secret…: the tenant's client secret (and admin password), into the
 * keyring, then the tenant is read again. */
static void
enter_secret_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  const char *alias = g_variant_get_string (param, NULL);
  LimTenantItem *item = idle_item_for (self, alias);

  if (item == NULL)
    return;
  lim_secret_dialog_run_async (GTK_WINDOW (self), lim_tenant_item_get_tenant (item), NULL,
                               on_secret_entered_cb, alias_call_new (self, alias));
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AliasCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSession) session = lim_workspace_sign_in_finish (LIM_WORKSPACE (source), result, &error);

  alias_call_finish (call, session != NULL, error);
}

/* Sign In…: the tenant's single sign-on in a web view; the session goes to
 * the keyring, then the tenant is read again. */
static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  const char *alias = g_variant_get_string (param, NULL);
  LimTenantItem *item = idle_item_for (self, alias);

  if (item == NULL)
    return;
  lim_workspace_sign_in_async (self->workspace, lim_tenant_item_get_tenant (item), NULL, on_signed_in_cb,
                               alias_call_new (self, alias));
}

/* The project's tenants (tenants.ini): list, add, edit, remove. */
static void
manage_tenants_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  lim_window_show_preferences (LIM_WINDOW (widget));
}

/* Edit Tenant… (@param: an alias) and Add a Tenant… (no parameter). */
static void
edit_tenant_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  const char *alias = param != NULL ? g_variant_get_string (param, NULL) : NULL;
  GtkWindow *tenants;

  if (alias != NULL && idle_item_for (self, alias) == NULL)
    return;
  lim_window_show_preferences (self);
  tenants = lim_window_get_preferences (self);
  if (tenants != NULL)
    lim_preferences_window_edit_tenant (LIM_PREFERENCES_WINDOW (tenants), alias);
}

static void
on_model_files_written_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(AliasCall) call = user_data;
  LimWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  guint written = 0, removed = 0;

  self->model_busy = FALSE;
  _lim_window_update_actions (self);

  /* Declined, or the dialog said why nothing was written. */
  if (!lim_model_files_dialog_run_finish (result, &written, &removed, &folder, &error) || self->workspace == NULL)
    return;

  shown = lim_project_relative_path (lim_workspace_get_project (self->workspace), folder);
  if (written == 0 && removed == 0)
    /* Translators: a folder, then a tenant alias */
    text = g_strdup_printf (_("The model files in %s already match %s"), shown, call->alias);
  else if (removed == 0)
    /* Translators: "Wrote 12 model files to model/" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u model file to %s", "Wrote %u model files to %s",
                                         written), written, shown);
  else
    /* Translators: "Wrote 12 model files to model/ (2 removed)"; the files removed were of objects the
     * tenant no longer has */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u model file to %s (%u removed)",
                                         "Wrote %u model files to %s (%u removed)", written), written, shown, removed);
  lim_window_show_toast (self, text);
  _lim_window_update_actions (self);
}

/* Write Model Files from <tenant>…: what `liminal generate-files` does. */
static void
write_model_files_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  const char *alias = g_variant_get_string (param, NULL);
  LimTenantItem *item = idle_item_for (self, alias);

  if (item == NULL)
    return;
  /* One writer of model/ at a time, and no Generate Revision reading it
   * half written. */
  self->model_busy = TRUE;
  _lim_window_update_actions (self);
  lim_model_files_dialog_run_async (GTK_WINDOW (self), self->workspace, lim_tenant_item_get_tenant (item),
                                    self->toast_overlay, NULL, on_model_files_written_cb,
                                    alias_call_new (self, alias));
}

/* Compare With…: what the tenant lacks that another has (`liminal diff
 * ALIAS --against OTHER`).  It only reads, so a run does not stop it. */
static void
compare_tenant_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  LimTenantItem *item = self->workspace ? find_item (self, g_variant_get_string (param, NULL)) : NULL;

  if (item == NULL)
    return;
  gtk_window_present (GTK_WINDOW (lim_compare_dialog_new (GTK_WINDOW (self), self->workspace,
                                                          lim_tenant_item_get_tenant (item))));
}

/* ---- Rehearse: the upgrade to head on a clone of the tenant ---- */

typedef struct
{
  LimWindow *self;
  LimTenant *tenant;
} RehearseCall;

static void
rehearse_call_free (RehearseCall *call)
{
  g_object_set_data (G_OBJECT (call->self), "lim-rehearsing", NULL);
  _lim_window_update_actions (call->self);
  g_object_unref (call->self);
  lim_tenant_unref (call->tenant);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RehearseCall, rehearse_call_free)

static void
on_rehearsed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RehearseCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRehearsal) rehearsal = lim_rehearse_tenant_finish (result, &error);
  g_autofree char *text = NULL;
  GtkWidget *dialog;

  if (rehearsal == NULL)
    {
      lim_window_show_toast (call->self, error->message);
      return;
    }
  text = lim_rehearsal_to_text (rehearsal);
  dialog = adw_message_dialog_new (GTK_WINDOW (call->self),
                                   rehearsal->succeeded ? _("Rehearsal Succeeded") : _("Rehearsal Failed"), NULL);
  /* Translators: a tenant alias */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("Run on a clone of %s; nothing was written to it."),
                                  rehearsal->tenant);
  {
    /* the same lines `liminal rehearse` prints, as they are laid out */
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_add_css_class (label, "monospace");
    gtk_widget_add_css_class (label, "rehearsal-text");
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  }
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_add_css_class (dialog, "rehearsal-result");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_rehearse_connected_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  RehearseCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = lim_workspace_connect_finish (LIM_WORKSPACE (source), result, &error);

  if (client == NULL || call->self->workspace == NULL)
    {
      if (error)
        lim_window_show_toast (call->self, error->message);
      rehearse_call_free (call);
      return;
    }
  lim_rehearse_tenant_async (call->self->workspace, call->tenant, client, "head", LIM_REHEARSE_FLAGS_NONE, "app",
                             NULL, on_rehearsed_cb, call);
}

/* Rehearse: `liminal rehearse TENANT` — the tenant is only read; the
 * result (or the first failing revision) in a message dialog. */
static void
rehearse_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  LimWindow *self = LIM_WINDOW (widget);
  LimTenantItem *item = _lim_window_get_idle_item (self);
  RehearseCall *call;
  g_autofree char *text = NULL;

  if (item == NULL || self->workspace == NULL || g_object_get_data (G_OBJECT (self), "lim-rehearsing"))
    return;
  call = g_new0 (RehearseCall, 1);
  call->self = g_object_ref (self);
  call->tenant = lim_tenant_ref (lim_tenant_item_get_tenant (item));
  g_object_set_data (G_OBJECT (self), "lim-rehearsing", GINT_TO_POINTER (TRUE));
  _lim_window_update_actions (self);
  /* Translators: a tenant alias */
  text = g_strdup_printf (_("Rehearsing the upgrade of %s on a clone of it…"), lim_tenant_item_get_alias (item));
  lim_window_show_toast (self, text);
  lim_workspace_connect_async (self->workspace, call->tenant, LIM_TENANT_RESOLVE_DEFAULT, NULL,
                               on_rehearse_connected_cb, call);
}

void
_lim_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.upgrade-head", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.dry-run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.rehearse", NULL, rehearse_action);
  gtk_widget_class_install_action (widget_class, "win.upgrade-to", "s", run_action);
  gtk_widget_class_install_action (widget_class, "win.downgrade-to", "s", run_action);
  gtk_widget_class_install_action (widget_class, "win.undo-run", "(sbs)", undo_run_action);
  gtk_widget_class_install_action (widget_class, "win.resume-run", NULL, resume_run_action);
  gtk_widget_class_install_action (widget_class, "win.adopt", NULL, adopt_action);
  gtk_widget_class_install_action (widget_class, "win.generate-revision", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "win.select-revision", "s", select_revision_action);
  gtk_widget_class_install_action (widget_class, "win.enter-secret", "s", enter_secret_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", "s", sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.edit-tenant", "s", edit_tenant_action);
  gtk_widget_class_install_action (widget_class, "win.add-tenant", NULL, edit_tenant_action);
  gtk_widget_class_install_action (widget_class, "win.manage-tenants", NULL, manage_tenants_action);
  gtk_widget_class_install_action (widget_class, "win.write-model-files", "s", write_model_files_action);
  gtk_widget_class_install_action (widget_class, "win.compare-tenant", "s", compare_tenant_action);
}

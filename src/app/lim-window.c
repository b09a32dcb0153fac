/* lim-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-preferences-window.h"
#include "lim-run-dialog.h"
#include "lim-tenant-item.h"
#include "lim-tenant-row.h"
#include "lim-window-private.h"

G_DEFINE_FINAL_TYPE (LimWindow, lim_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  LimTenantItem *item;
  GCancellable  *cancellable;
} StatusRead;

static void
status_read_free (StatusRead *read)
{
  g_clear_object (&read->item);
  g_clear_object (&read->cancellable);
  g_free (read);
}

LimWindow *
lim_window_new (LimApplication *application)
{
  return g_object_new (LIM_TYPE_WINDOW, "application", application, NULL);
}

LimWorkspace *
lim_window_get_workspace (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->workspace;
}

LimProject *
lim_window_get_project (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->workspace != NULL ? lim_workspace_get_project (self->workspace) : NULL;
}

LimTimeline *
lim_window_get_timeline (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->workspace != NULL ? lim_workspace_get_timeline (self->workspace) : NULL;
}

GListModel *
lim_window_get_tenants (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->tenants);
}

GtkListBox *
lim_window_get_tenant_list (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->tenant_list;
}

LimTenantPage *
lim_window_get_tenant_page (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->tenant_page;
}

GtkWindow *
lim_window_get_preferences (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->preferences;
}

const char *
lim_window_get_view (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
_lim_window_show_error (LimWindow  *self,
                        const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

LimTenantItem *
lim_window_get_selected_item (LimWindow *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  if (self->tenant_list == NULL)
    return NULL;
  row = gtk_list_box_get_selected_row (self->tenant_list);
  if (row == NULL || !LIM_IS_TENANT_ROW (row))
    return NULL;

  return lim_tenant_row_get_item (LIM_TENANT_ROW (row));
}

LimTenantItem *
_lim_window_get_idle_item (LimWindow *self)
{
  if (self->run_dialog != NULL || self->workspace == NULL)
    return NULL;

  return lim_window_get_selected_item (self);
}

void
_lim_window_update_actions (LimWindow *self)
{
  gboolean has_tenants = self->tenants != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->tenants)) > 0;

  LimTenantItem *item = lim_window_get_selected_item (self);
  const LimTenantStatus *status = item != NULL ? lim_tenant_item_get_status (item) : NULL;
  gboolean known = status != NULL && !lim_tenant_item_get_loading (item) && self->workspace != NULL;
  gboolean idle = self->run_dialog == NULL;
  gboolean placed = known && (status->state == LIM_TENANT_STATE_BEHIND ||
                              status->state == LIM_TENANT_STATE_UP_TO_DATE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.upgrade-head",
                                 idle && known && status->state == LIM_TENANT_STATE_BEHIND);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dry-run",
                                 idle && known && status->state == LIM_TENANT_STATE_BEHIND);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.upgrade-to", idle && placed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.downgrade-to", idle && placed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-run", idle && known);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-run", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.adopt",
                                 idle && known && status->state == LIM_TENANT_STATE_NO_MARKER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate-revision",
                                 idle && known && status->state == LIM_TENANT_STATE_UP_TO_DATE);
  /* First-day actions on a tenant named by alias (lim-window-actions.c). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enter-secret", idle && has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-tenant", idle && has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.write-model-files", idle && has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.manage-tenants", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-tenant", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-revision", item != NULL);
}

static void on_leaflet_notify_cb (LimWindow *self);

static void
update_view (LimWindow *self)
{
  if (self->workspace == NULL)
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") != 0)
        gtk_stack_set_visible_child_name (self->main_stack, "welcome");
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->tenants)) == 0)
    gtk_stack_set_visible_child_name (self->main_stack, "no-tenants");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "project");

  gtk_widget_set_visible (self->refresh_button,
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "project") == 0);
  _lim_window_update_actions (self);
  on_leaflet_notify_cb (self);
}

static void
on_status_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StatusRead *read = user_data;
  LimTenantStatus *status = lim_workspace_read_status_finish (LIM_WORKSPACE (source), result);

  if (!g_cancellable_is_cancelled (read->cancellable))
    {
      lim_tenant_item_take_status (read->item, g_steal_pointer (&status));
      lim_tenant_item_set_loading (read->item, FALSE);
    }

  g_clear_pointer (&status, lim_tenant_status_free);
  status_read_free (read);
}

static void
cancel_reads (LimWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
read_item (LimWindow     *self,
           LimTenantItem *item)
{
  StatusRead *read = g_new0 (StatusRead, 1);

  read->item = g_object_ref (item);
  read->cancellable = g_object_ref (self->cancellable);
  lim_tenant_item_set_loading (item, TRUE);
  lim_workspace_read_status_async (self->workspace,
                                   lim_tenant_item_get_tenant (item),
                                   LIM_WORKSPACE_READ_INTERACTIVE,
                                   self->cancellable,
                                   on_status_read_cb,
                                   read);
}

void
lim_window_refresh (LimWindow *self)
{
  guint n;

  g_return_if_fail (LIM_IS_WINDOW (self));

  cancel_reads (self);

  if (self->workspace == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->tenants));

  /* Every tenant is read concurrently; none of this blocks the main loop. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (G_LIST_MODEL (self->tenants), i);

      read_item (self, item);
    }
}

void
lim_window_refresh_item (LimWindow     *self,
                         LimTenantItem *item)
{
  g_return_if_fail (LIM_IS_WINDOW (self));
  g_return_if_fail (LIM_IS_TENANT_ITEM (item));

  if (self->workspace == NULL)
    return;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  read_item (self, item);
}

static void
on_tenant_item_notify_cb (LimWindow *self)
{
  if (self->tenant_page == NULL)  /* disposing */
    return;

  /* Other tenants' marks on the page follow every status change. */
  lim_tenant_page_update_marks (self->tenant_page);
  _lim_window_update_actions (self);
}

static GtkWidget *
create_tenant_row (gpointer item,
                   gpointer user_data)
{
  return lim_tenant_row_new (LIM_TENANT_ITEM (item));
}

void
lim_window_reload_tenants (LimWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *selected_alias = NULL;
  GtkListBoxRow *selected;
  GPtrArray *tenants;

  g_return_if_fail (LIM_IS_WINDOW (self));

  if (self->workspace == NULL)
    return;

  cancel_reads (self);

  selected = gtk_list_box_get_selected_row (self->tenant_list);
  if (selected != NULL)
    selected_alias = g_strdup (lim_tenant_item_get_alias (lim_tenant_row_get_item (LIM_TENANT_ROW (selected))));

  if (!lim_workspace_load_tenants (self->workspace, &error))
    {
      _lim_window_show_error (self, error->message);
      return;
    }

  lim_tenant_page_set_tenant (self->tenant_page, NULL, NULL, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  g_list_store_remove_all (self->tenants);

  tenants = lim_tenant_config_get_tenants (lim_workspace_get_config (self->workspace));
  for (guint i = 0; i < tenants->len; i++)
    {
      g_autoptr(LimTenantItem) item = lim_tenant_item_new (g_ptr_array_index (tenants, i));

      g_signal_connect_object (item, "notify::status",
                               G_CALLBACK (on_tenant_item_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (item, "notify::loading",
                               G_CALLBACK (_lim_window_update_actions), self, G_CONNECT_SWAPPED);
      g_list_store_append (self->tenants, item);
    }

  update_view (self);

  if (selected_alias != NULL)
    _lim_window_select_alias (self, selected_alias);

  lim_window_refresh (self);
}

static char *
display_path (const char *path)
{
  const char *home = g_get_home_dir ();

  if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
    return g_strconcat ("~", path + strlen (home), NULL);

  return g_strdup (path);
}

static void
show_open_error (LimWindow  *self,
                 const char *path,
                 GError     *error)
{
  /* Translators: a folder path */
  g_autofree char *title = g_strdup_printf (_("Could Not Open “%s”"), path);

  if (self->workspace != NULL)
    {
      /* Keep the open project; say why the other one did not open. */
      g_autofree char *message = g_strdup_printf ("%s: %s", title, error->message);

      _lim_window_show_error (self, message);
    }
  else
    {
      adw_status_page_set_title (self->error_page, title);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      gtk_widget_set_visible (self->refresh_button, FALSE);
    }
}

static gboolean
in_demo (LimWindow    *self,
         LimWorkspace *workspace)
{
  return self->demo_root != NULL &&
         g_str_has_prefix (lim_project_get_root (lim_workspace_get_project (workspace)), self->demo_root);
}

void
lim_window_set_workspace (LimWindow    *self,
                          LimWorkspace *workspace)
{
  g_autofree char *shown = NULL;
  LimProject *project;
  GtkApplication *app;

  g_return_if_fail (LIM_IS_WINDOW (self));
  g_return_if_fail (LIM_IS_WORKSPACE (workspace));

  cancel_reads (self);
  g_set_object (&self->workspace, workspace);
  project = lim_workspace_get_project (workspace);
  self->demo = in_demo (self, workspace);

  adw_window_title_set_title (self->window_title, lim_project_get_name (project));
  shown = display_path (lim_project_get_root (project));
  adw_window_title_set_subtitle (self->window_title, self->demo ? _("Demo — local sandbox tenants") : shown);
  gtk_window_set_title (GTK_WINDOW (self), lim_project_get_name (project));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (LIM_IS_APPLICATION (app) && !self->demo)
    lim_application_add_recent (LIM_APPLICATION (app), lim_project_get_root (project));

  if (self->preferences != NULL)
    gtk_window_destroy (self->preferences);

  g_list_store_remove_all (self->tenants);
  lim_window_reload_tenants (self);
  update_view (self);
}

gboolean
lim_window_open_project (LimWindow  *self,
                         const char *path,
                         GError    **error)
{
  g_autoptr(LimWorkspace) workspace = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LIM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  workspace = lim_workspace_open (path, &local_error);
  if (workspace == NULL)
    {
      show_open_error (self, path, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  lim_workspace_set_front_end (workspace, "app");

  /* The secrets hook stays with the project it was set for: leaving the
   * demo drops it. */
  if (self->workspace != NULL && !(self->demo && !in_demo (self, workspace)))
    {
      gpointer env_data = NULL;
      LimTenantEnvFunc env = lim_workspace_get_env_func (self->workspace, &env_data);

      lim_workspace_set_env_func (workspace, env, env_data);
    }

  lim_window_set_workspace (self, workspace);

  return TRUE;
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        gpointer         user_data)
{
  LimWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        lim_window_open_project (self, path, NULL);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

void
lim_window_choose_project (LimWindow *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (LIM_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Open Project"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->workspace != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (lim_project_get_root (lim_window_get_project (self)));
      g_autoptr(GFile) parent = g_file_get_parent (folder);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_preferences_tenants_changed_cb (LimWindow *self)
{
  lim_window_reload_tenants (self);
}

static char *
dup_sandbox_url (gpointer user_data,
                 GError **error)
{
  return lim_application_dup_sandbox_url (LIM_APPLICATION (user_data), error);
}

/* "Use Local Sandbox" starts the application's sandbox. */
static void
on_editor_opened_cb (LimPreferencesWindow *prefs,
                     LimTenantEditor      *editor,
                     LimApplication       *app)
{
  lim_tenant_editor_set_sandbox_url_func (editor, dup_sandbox_url, g_object_ref (app), g_object_unref);
}

void
lim_window_show_preferences (LimWindow *self)
{
  g_return_if_fail (LIM_IS_WINDOW (self));

  if (self->preferences == NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
      GtkWidget *prefs = lim_preferences_window_new (self->workspace);

      if (LIM_IS_APPLICATION (app))
        g_signal_connect_object (prefs, "editor-opened", G_CALLBACK (on_editor_opened_cb), app, 0);

      gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self));
      g_signal_connect_object (prefs, "tenants-changed",
                               G_CALLBACK (on_preferences_tenants_changed_cb), self, G_CONNECT_SWAPPED);
      self->preferences = GTK_WINDOW (prefs);
      g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &self->preferences);
    }

  gtk_window_present (self->preferences);
}

static void
rebuild_recent_menu (LimWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_menu);

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-projects");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autofree char *shown = display_path (recent[i]);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      /* Translators: a project name, then its folder */
      label = g_strdup_printf (_("%s — %s"), name, shown);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
    }

  if (recent[0] == NULL)
    {
      /* An item without an action is shown insensitive. */
      g_menu_append (self->recent_menu, _("No Recent Projects"), NULL);
    }
}

static void
dismiss_planning_toast (LimWindow *self)
{
  if (self->planning_toast != NULL)
    {
      AdwToast *toast = g_steal_pointer (&self->planning_toast);

      /* Dismissing a toast while the overlay animates can make libadwaita
       * 1.2 unref it twice (seen as a crash in an animation's "done"
       * handler): the toast times out by itself instead. */
      g_object_unref (toast);
    }
}

static void
on_run_state_cb (LimRun     *run,
                 GParamSpec *pspec,
                 LimWindow  *self)
{
  if (lim_run_get_state (run) != LIM_RUN_STATE_PREPARING)
    dismiss_planning_toast (self);
}

/* "test upgraded to 4e2c8a9", with Undo: back to where the tenant was,
 * through the usual confirmation. */
static AdwToast *
done_toast (LimRun        *run,
            LimTenantItem *item)
{
  g_autofree char *sid = lim_run_short_id (lim_run_get_target (run));
  g_autofree char *text = NULL;
  gboolean up = lim_run_get_direction (run) == LIM_DIRECTION_UP;
  AdwToast *toast;

  if (up)
    /* Translators: "test upgraded to 4e2c8a9" */
    text = g_strdup_printf (_("%s upgraded to %s"), lim_tenant_item_get_alias (item), sid);
  else
    /* Translators: "test downgraded to 4e2c8a9" */
    text = g_strdup_printf (_("%s downgraded to %s"), lim_tenant_item_get_alias (item), sid);
  toast = adw_toast_new (text);
  if (lim_run_get_from (run) != NULL && (lim_run_get_flags (run) & LIM_RUN_FLAGS_DRY_RUN) == 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-run");
      adw_toast_set_action_target_value (toast, g_variant_new ("(sbs)", lim_tenant_item_get_alias (item), !up,
                                                               lim_run_get_from (run)));
      adw_toast_set_timeout (toast, 10);
    }
  return toast;
}

static void
on_summary_closed_cb (LimWindow    *self,
                      LimRunDialog *dialog)
{
  AdwToast *toast = g_object_get_data (G_OBJECT (dialog), "lim-done-toast");

  /* Gone with the window: nobody to tell. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || !ADW_IS_TOAST_OVERLAY (self->toast_overlay))
    return;
  if (toast != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void
on_run_finished_cb (LimRunDialog *dialog,
                    gboolean      success,
                    LimWindow    *self)
{
  g_autoptr(LimRunDialog) run_dialog = g_steal_pointer (&self->run_dialog);
  g_autoptr(LimTenantItem) item = g_steal_pointer (&self->run_item);
  LimRun *run = lim_run_dialog_get_run (dialog);
  LimRunState state = lim_run_get_state (run);
  const char *error_text = lim_run_get_error_text (run);
  gboolean dry_run = (lim_run_get_flags (run) & LIM_RUN_FLAGS_DRY_RUN) != 0;

  g_signal_handlers_disconnect_by_data (dialog, self);
  g_signal_handlers_disconnect_by_data (run, self);
  dismiss_planning_toast (self);

  if (success)
    {
      AdwToast *toast = done_toast (run, item);

      /* The summary stays on screen: the toast (and its Undo) comes when
       * it closes. */
      if (!dry_run && gtk_widget_get_visible (GTK_WIDGET (dialog)))
        {
          g_object_set_data_full (G_OBJECT (dialog), "lim-done-toast", toast, g_object_unref);
          g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_summary_closed_cb), self, G_CONNECT_SWAPPED);
        }
      else
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else if (error_text != NULL && state != LIM_RUN_STATE_STOPPED && state != LIM_RUN_STATE_FAILED)
    {
      _lim_window_show_error (self, error_text);
    }

  /* Whatever happened, the marker may have moved. */
  if (item != NULL && !dry_run && lim_run_has_started (run))
    lim_window_refresh_item (self, item);
  _lim_window_update_actions (self);
}

LimRunDialog *
lim_window_start_run (LimWindow   *self,
                      LimDirection direction,
                      const char  *descriptor,
                      LimRunFlags  flags)
{
  g_autoptr(LimRun) run = NULL;
  LimTenantItem *item;

  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  item = _lim_window_get_idle_item (self);
  if (item == NULL)
    return NULL;

  run = lim_run_new (self->workspace, lim_tenant_item_get_tenant (item), direction, descriptor, flags);
  g_signal_connect (run, "notify::state", G_CALLBACK (on_run_state_cb), self);
  self->run_item = g_object_ref (item);
  self->run_dialog = g_object_ref_sink (lim_run_dialog_new (GTK_WINDOW (self), run));
  g_signal_connect (self->run_dialog, "finished", G_CALLBACK (on_run_finished_cb), self);

  /* Reading the tenant can take a few seconds: say so. */
  {
    g_autofree char *text = NULL;

    if (flags & LIM_RUN_FLAGS_DRY_RUN)
      /* Translators: a tenant alias */
      text = g_strdup_printf (_("Simulating on a copy of %s…"), lim_tenant_item_get_alias (item));
    else
      /* Translators: a tenant alias */
      text = g_strdup_printf (_("Reading %s and planning…"), lim_tenant_item_get_alias (item));
    dismiss_planning_toast (self);
    self->planning_toast = adw_toast_new (text);
    adw_toast_set_timeout (self->planning_toast, 3);
    adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->planning_toast));
  }
  _lim_window_update_actions (self);

  return self->run_dialog;
}

LimRunDialog *
lim_window_get_run_dialog (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  return self->run_dialog;
}

void
_lim_window_select_alias (LimWindow  *self,
                          const char *alias)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tenant_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LIM_IS_TENANT_ROW (child) &&
          g_strcmp0 (lim_tenant_item_get_alias (lim_tenant_row_get_item (LIM_TENANT_ROW (child))), alias) == 0)
        gtk_list_box_select_row (self->tenant_list, GTK_LIST_BOX_ROW (child));
    }
}

void
lim_window_set_demo (LimWindow  *self,
                     const char *demo_root)
{
  g_return_if_fail (LIM_IS_WINDOW (self));

  g_free (self->demo_root);
  self->demo_root = g_strdup (demo_root);
}

gboolean
lim_window_get_demo (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), FALSE);

  return self->demo;
}

void
lim_window_show_toast (LimWindow  *self,
                       const char *text)
{
  g_return_if_fail (LIM_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
lim_window_show_toast_object (LimWindow *self,
                              AdwToast  *toast)
{
  g_return_if_fail (LIM_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void
on_leaflet_notify_cb (LimWindow *self)
{
  gboolean show_back = adw_leaflet_get_folded (self->leaflet) &&
                       adw_leaflet_get_visible_child (self->leaflet) != self->sidebar &&
                       g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "project") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), show_back);
}

static void
on_tenant_selected_cb (LimWindow     *self,
                       GtkListBoxRow *row)
{
  if (self->tenant_page == NULL)  /* disposing */
    return;

  if (row == NULL)
    {
      lim_tenant_page_set_tenant (self->tenant_page, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      _lim_window_update_actions (self);
      return;
    }

  lim_tenant_page_set_tenant (self->tenant_page,
                              lim_tenant_row_get_item (LIM_TENANT_ROW (row)),
                              self->workspace,
                              G_LIST_MODEL (self->tenants));
  gtk_stack_set_visible_child_name (self->content_stack, "tenant");
  _lim_window_update_actions (self);
}

static void
on_tenant_activated_cb (LimWindow     *self,
                        GtkListBoxRow *row)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

static gboolean
lim_window_close_request (GtkWindow *window)
{
  cancel_reads (LIM_WINDOW (window));

  return GTK_WINDOW_CLASS (lim_window_parent_class)->close_request (window);
}

static void
lim_window_constructed (GObject *object)
{
  LimWindow *self = LIM_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (lim_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (LIM_IS_APPLICATION (app) && lim_application_get_settings (LIM_APPLICATION (app)) != NULL)
    {
      self->settings = g_object_ref (lim_application_get_settings (LIM_APPLICATION (app)));
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::recent-projects",
                               G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
    }

  rebuild_recent_menu (self);
}

static void
lim_window_dispose (GObject *object)
{
  LimWindow *self = LIM_WINDOW (object);

  cancel_reads (self);
  if (self->run_dialog != NULL)
    {
      LimRunDialog *dialog = g_steal_pointer (&self->run_dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      g_signal_handlers_disconnect_by_data (lim_run_dialog_get_run (dialog), self);
      gtk_window_destroy (GTK_WINDOW (dialog));
      g_object_unref (dialog);
    }
  g_clear_object (&self->run_item);
  g_clear_object (&self->planning_toast);
  if (self->preferences != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      gtk_window_destroy (self->preferences);
      self->preferences = NULL;
    }

  if (self->tenant_list != NULL)
    gtk_list_box_bind_model (self->tenant_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_WINDOW);

  g_clear_object (&self->tenants);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->demo_root, g_free);

  G_OBJECT_CLASS (lim_window_parent_class)->dispose (object);
}

static void
lim_window_class_init (LimWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lim_window_constructed;
  object_class->dispose = lim_window_dispose;

  window_class->close_request = lim_window_close_request;

  g_type_ensure (LIM_TYPE_TENANT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, tenant_list);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, tenant_page);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tenant_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tenant_activated_cb);

  _lim_window_class_actions_init (widget_class);
}

static void
lim_window_init (LimWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->tenants = g_list_store_new (LIM_TYPE_TENANT_ITEM);
  self->recent_menu = g_menu_new ();
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (self->recent_menu));

  gtk_list_box_bind_model (self->tenant_list, G_LIST_MODEL (self->tenants),
                           create_tenant_row, NULL, NULL);

  _lim_window_update_actions (self);
}

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
  /* A reload in flight is about to swap the project a run would plan with. */
  if (self->run_dialog != NULL || self->workspace == NULL || self->reload_cancellable != NULL)
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
  gboolean idle = self->run_dialog == NULL && self->reload_cancellable == NULL;
  gboolean placed = known && (status->state == LIM_TENANT_STATE_BEHIND ||
                              status->state == LIM_TENANT_STATE_UP_TO_DATE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.upgrade-head",
                                 idle && known && status->state == LIM_TENANT_STATE_BEHIND);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dry-run",
                                 idle && known && status->state == LIM_TENANT_STATE_BEHIND);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rehearse",
                                 idle && known && status->state == LIM_TENANT_STATE_BEHIND &&
                                 g_object_get_data (G_OBJECT (self), "lim-rehearsing") == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.upgrade-to", idle && placed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.downgrade-to", idle && placed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-run", idle && known);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-run", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.adopt",
                                 idle && known && status->state == LIM_TENANT_STATE_NO_MARKER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate-revision",
                                 idle && !self->model_busy && known && status->state == LIM_TENANT_STATE_UP_TO_DATE);
  /* First-day actions on a tenant named by alias (lim-window-actions.c). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enter-secret", idle && has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in", idle && has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-tenant", idle && has_tenants);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.write-model-files", idle && !self->model_busy && has_tenants);
  /* tenants.ini is not rewritten under a run (nor a reload). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.manage-tenants", idle && self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-tenant", idle && self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-revision", item != NULL);
}

static void  on_leaflet_notify_cb (LimWindow *self);
static char *dup_config_signature (const char *config_dir);

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

  /* NULL: the history could not be loaded (the window says why). */
  if (!g_cancellable_is_cancelled (read->cancellable) && status != NULL)
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

/* ------------------------------------------------------------ banner */

/* libadwaita 1.2 has no AdwBanner: a revealer under the header bar. */
static void
show_banner (LimWindow  *self,
             const char *text,
             gboolean    error)
{
  gtk_label_set_text (self->banner_label, text);
  if (error)
    gtk_widget_add_css_class (self->banner_box, "error");
  else
    gtk_widget_remove_css_class (self->banner_box, "error");
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
hide_banner (LimWindow *self)
{
  g_clear_pointer (&self->banner_head, g_free);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
on_banner_dismissed_cb (LimWindow *self)
{
  hide_banner (self);
}

const char *
lim_window_get_banner_text (LimWindow *self)
{
  g_return_val_if_fail (LIM_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

/* "Head moved to 4e2c8a9 — 3 tenants now behind", counted again as the
 * tenants' statuses come in. */
static void
update_head_banner (LimWindow *self)
{
  g_autofree char *sid = NULL;
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tenants));
  guint loading = 0, behind = 0;

  if (self->banner_head == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (G_LIST_MODEL (self->tenants), i);
      const LimTenantStatus *status = lim_tenant_item_get_status (item);

      if (lim_tenant_item_get_loading (item) || status == NULL)
        loading++;
      else if (status->state == LIM_TENANT_STATE_BEHIND)
        behind++;
    }

  sid = lim_run_short_id (self->banner_head);
  if (loading > 0)
    /* Translators: a short revision id; the tenants are being read */
    text = g_strdup_printf (_("Head moved to %s — reading the tenants…"), sid);
  else if (behind == 0)
    /* Translators: a short revision id */
    text = g_strdup_printf (_("Head moved to %s — no tenant is behind"), sid);
  else
    /* Translators: a short revision id, then how many tenants are behind it */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Head moved to %s — %u tenant now behind",
                                         "Head moved to %s — %u tenants now behind", behind),
                            sid, behind);
  show_banner (self, text, FALSE);
}

/* ------------------------------------------------------------ tenants */

static void
on_tenant_item_notify_cb (LimWindow *self)
{
  if (self->tenant_page == NULL)  /* disposing */
    return;

  /* Other tenants' marks on the page follow every status change. */
  lim_tenant_page_update_marks (self->tenant_page);
  _lim_window_update_actions (self);
  update_head_banner (self);
}

static void
on_tenant_item_loading_cb (LimWindow *self)
{
  if (self->tenant_page == NULL)  /* disposing */
    return;

  _lim_window_update_actions (self);
  update_head_banner (self);
}

static GtkWidget *
create_tenant_row (gpointer item,
                   gpointer user_data)
{
  return lim_tenant_row_new (LIM_TENANT_ITEM (item));
}

/* One item per tenant of the workspace's configuration (already loaded);
 * nothing is selected afterwards. */
static void
rebuild_tenants (LimWindow *self)
{
  GPtrArray *tenants;

  cancel_reads (self);
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
                               G_CALLBACK (on_tenant_item_loading_cb), self, G_CONNECT_SWAPPED);
      g_list_store_append (self->tenants, item);
    }

  update_view (self);
}

void
lim_window_reload_tenants (LimWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *selected_alias = NULL;
  LimTenantItem *selected;

  g_return_if_fail (LIM_IS_WINDOW (self));

  if (self->workspace == NULL)
    return;

  selected = lim_window_get_selected_item (self);
  if (selected != NULL)
    selected_alias = g_strdup (lim_tenant_item_get_alias (selected));

  /* What the file monitor would see of tenants.ini and env.py is read now;
   * revision files changed meanwhile are still to be reloaded. */
  g_free (self->config_signature);
  self->config_signature = dup_config_signature (lim_project_get_config_dir (lim_workspace_get_project (
                                                                               self->workspace)));
  if (!lim_workspace_load_tenants (self->workspace, &error))
    {
      _lim_window_show_error (self, error->message);
      return;
    }

  rebuild_tenants (self);
  if (selected_alias != NULL)
    _lim_window_select_alias (self, selected_alias);

  lim_window_refresh (self);
}

/* ------------------------------------------------------------ live project
 *
 * The window watches versions/ and the config folder (tenants.ini,
 * env.py): a change (a git pull, an editor saving a revision) reloads the
 * project by itself after RELOAD_DELAY_MS of quiet, and never during a
 * run (it waits for the run's end).  A signature of the files (names,
 * sizes, modification times) tells real changes from events that change
 * nothing the window reads, or that the window caused itself. */

#define RELOAD_DELAY_MS 300

/* Whether @name is a file the workspace reads, rather than an editor's
 * temporary, backup or lock file. */
static gboolean
is_project_file (const char *name,
                 gboolean    in_versions)
{
  if (name == NULL || name[0] == '.' || name[0] == '#' || g_str_has_suffix (name, "~"))
    return FALSE;
  if (in_versions)
    return g_str_has_suffix (name, ".py") && !g_str_equal (name, "__init__.py");

  return g_str_equal (name, "tenants.ini") || g_str_equal (name, "env.py") || g_str_equal (name, "versions");
}

static void
append_file_stamp (GString    *out,
                   const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    {
      g_string_append_printf (out, "%s -\n", path);
      return;
    }
  g_string_append_printf (out, "%s %" G_GOFFSET_FORMAT " %" G_GUINT64_FORMAT ".%06u\n",
                          path, g_file_info_get_size (info),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                          g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Name, size and time of every revision file: a reload that finds them as
 * they were parses nothing.  Runs in a worker thread (thousands of files). */
static char *
dup_versions_signature (const char *versions_dir)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GDir) dir = g_dir_open (versions_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_project_file (name, TRUE))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (versions_dir, g_ptr_array_index (names, i), NULL);

      append_file_stamp (out, path);
    }

  return g_string_free (out, FALSE);
}

static char *
dup_config_signature (const char *config_dir)
{
  GString *out = g_string_new (NULL);
  g_autofree char *ini = g_build_filename (config_dir, "tenants.ini", NULL);
  g_autofree char *env = g_build_filename (config_dir, "env.py", NULL);

  append_file_stamp (out, ini);
  append_file_stamp (out, env);

  return g_string_free (out, FALSE);
}

typedef struct
{
  char *versions_dir;
  char *config_dir;
  char *versions_signature;
  char *config_signature;
} SignatureRead;

static void
signature_read_free (SignatureRead *read)
{
  g_free (read->versions_dir);
  g_free (read->config_dir);
  g_free (read->versions_signature);
  g_free (read->config_signature);
  g_free (read);
}

static void
signature_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SignatureRead *read = task_data;

  read->versions_signature = dup_versions_signature (read->versions_dir);
  read->config_signature = dup_config_signature (read->config_dir);
  g_task_return_boolean (task, TRUE);
}

static void reload_project (LimWindow *self,
                            gboolean   asked);

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  LimWindow *self = user_data;

  self->reload_source = 0;
  reload_project (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
on_project_file_changed_cb (GFileMonitor     *monitor,
                            GFile            *file,
                            GFile            *other_file,
                            GFileMonitorEvent event,
                            LimWindow        *self)
{
  gboolean in_versions = monitor == self->versions_monitor;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *other_name = other_file != NULL ? g_file_get_basename (other_file) : NULL;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;
  if (!is_project_file (name, in_versions) && !is_project_file (other_name, in_versions))
    return;
  /* The first look at the files may have seen this change already. */
  if (self->signature_cancellable != NULL)
    self->signature_dirty = TRUE;

  /* Quiet for a moment first: a git pull or a save is many events. */
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

static GFileMonitor *
watch_folder (LimWindow  *self,
              const char *path)
{
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GFileMonitor *monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);

  if (monitor == NULL)
    {
      /* F5 still reloads. */
      g_debug ("Not watching %s: %s", path, error->message);
      return NULL;
    }
  g_signal_connect_object (monitor, "changed", G_CALLBACK (on_project_file_changed_cb), self, 0);

  return monitor;
}

static void
unwatch_project (LimWindow *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->versions_monitor != NULL)
    g_file_monitor_cancel (self->versions_monitor);
  if (self->config_monitor != NULL)
    g_file_monitor_cancel (self->config_monitor);
  g_clear_object (&self->versions_monitor);
  g_clear_object (&self->config_monitor);
}

static void
watch_project (LimWindow *self)
{
  LimProject *project = lim_workspace_get_project (self->workspace);

  unwatch_project (self);
  self->versions_monitor = watch_folder (self, lim_project_get_versions_dir (project));
  self->config_monitor = watch_folder (self, lim_project_get_config_dir (project));
}

static GHashTable *
dup_aliases (LimWindow *self)
{
  GHashTable *aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tenants)); i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (G_LIST_MODEL (self->tenants), i);

      g_hash_table_add (aliases, g_strdup (lim_tenant_item_get_alias (item)));
    }

  return aliases;
}

/* "Tenants changed on disk — 1 tenant added, 2 removed", or NULL. */
static char *
describe_tenant_changes (GHashTable *before,
                         GHashTable *after)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  GHashTableIter iter;
  gpointer alias;
  guint added = 0, removed = 0;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &alias, NULL))
    added += !g_hash_table_contains (before, alias);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &alias, NULL))
    removed += !g_hash_table_contains (after, alias);

  if (added > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u tenant added", "%u tenants added",
                                                          added), added));
  if (removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u tenant removed",
                                                          "%u tenants removed", removed), removed));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **) parts->pdata);

  /* Translators: what changed in tenants.ini, e.g. "1 tenant added, 2 tenants removed" */
  return g_strdup_printf (_("Tenants changed on disk — %s"), joined);
}

/* The engine names the file, line and column of a problem with its full
 * path: inside the project, the path from the project folder is enough. */
static void
show_reload_error (LimWindow *self,
                   GError    *error)
{
  g_autofree char *prefix = g_strconcat (lim_project_get_root (lim_window_get_project (self)), "/", NULL);
  g_autoptr(GString) message = g_string_new (error->message);
  g_autofree char *text = NULL;

  g_string_replace (message, prefix, "", 0);
  /* Translators: the error follows on the next line */
  text = g_strdup_printf ("%s\n%s", _("Could not reload the project; it is shown as it was:"), message->str);
  g_clear_pointer (&self->banner_head, g_free);
  show_banner (self, text, TRUE);
}

static void reload_project (LimWindow *self,
                            gboolean   asked);

/* A reload ended (whichever way): one asked for meanwhile starts now. */
static void
reload_done (LimWindow *self)
{
  g_clear_object (&self->reload_cancellable);
  _lim_window_update_actions (self);
  if (self->reload_again)
    {
      gboolean asked = self->reload_again_asked;

      self->reload_again = self->reload_again_asked = FALSE;
      reload_project (self, asked);
    }
}

static void
cancel_reload (LimWindow *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->reload_cancellable != NULL)
    g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_again = self->reload_again_asked = FALSE;
}

/* What the window showed when the reload began, to put back after it. */
typedef struct
{
  GWeakRef    window;     /* a reload keeps no window alive */
  char       *old_head;
  GHashTable *before;
  char       *alias;
  char       *revision;
} Reload;

static void
reload_free (Reload *r)
{
  g_weak_ref_clear (&r->window);
  g_free (r->old_head);
  g_clear_pointer (&r->before, g_hash_table_unref);
  g_free (r->alias);
  g_free (r->revision);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reload, reload_free)

static void
on_project_reloaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Reload) r = user_data;
  g_autoptr(LimWindow) self = g_weak_ref_get (&r->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *changes = NULL;
  gboolean ok = lim_workspace_reload_finish (LIM_WORKSPACE (source), result, &error);
  LimRevision *head;

  /* Another project was opened, or the window is going. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      LIM_WORKSPACE (source) != self->workspace)
    return;

  /* On error the workspace keeps the last good project: say why, and
   * read the tenants against it. */
  if (!ok ||
      (lim_workspace_get_config (self->workspace) == NULL &&
       !lim_workspace_load_tenants (self->workspace, &error)))
    {
      show_reload_error (self, error);
      lim_window_refresh (self);
      reload_done (self);
      return;
    }

  watch_project (self);
  rebuild_tenants (self);
  if (r->alias != NULL)
    _lim_window_select_alias (self, r->alias);
  if (r->revision != NULL && lim_window_get_selected_item (self) != NULL)
    lim_tenant_page_select_revision (self->tenant_page, r->revision);

  head = lim_timeline_get_head (lim_workspace_get_timeline (self->workspace));
  after = dup_aliases (self);
  changes = describe_tenant_changes (r->before, after);
  if (head != NULL && g_strcmp0 (r->old_head, lim_revision_get_id (head)) != 0)
    {
      g_free (self->banner_head);
      self->banner_head = g_strdup (lim_revision_get_id (head));
    }
  else if (changes != NULL)
    {
      g_clear_pointer (&self->banner_head, g_free);
      show_banner (self, changes, FALSE);
    }
  else if (gtk_widget_has_css_class (self->banner_box, "error"))
    {
      hide_banner (self);
    }

  lim_window_refresh (self);
  update_head_banner (self);
  reload_done (self);
}

static void
on_signature_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GWeakRef *window = user_data;
  g_autoptr(LimWindow) self = g_weak_ref_get (window);
  SignatureRead *read = g_task_get_task_data (G_TASK (result));
  Reload *r;
  LimTenantItem *item;
  LimRevision *head;

  g_weak_ref_clear (window);
  g_free (window);

  if (self == NULL || !g_task_propagate_boolean (G_TASK (result), NULL) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  /* No file changed: parsing every revision file again (thousands, in
   * big projects) would change nothing. */
  if (g_strcmp0 (read->versions_signature, self->versions_signature) == 0 &&
      g_strcmp0 (read->config_signature, self->config_signature) == 0)
    {
      reload_done (self);
      return;
    }
  g_free (self->versions_signature);
  self->versions_signature = g_steal_pointer (&read->versions_signature);
  g_free (self->config_signature);
  self->config_signature = g_steal_pointer (&read->config_signature);

  r = g_new0 (Reload, 1);
  g_weak_ref_init (&r->window, self);
  head = lim_timeline_get_head (lim_workspace_get_timeline (self->workspace));
  r->old_head = head != NULL ? g_strdup (lim_revision_get_id (head)) : NULL;
  r->before = dup_aliases (self);
  item = lim_window_get_selected_item (self);
  r->alias = item != NULL ? g_strdup (lim_tenant_item_get_alias (item)) : NULL;
  r->revision = g_strdup (lim_tenant_page_get_selected_revision (self->tenant_page));

  lim_workspace_reload_async (self->workspace, self->reload_cancellable, on_project_reloaded_cb, r);
}

/* @asked: F5 (every status is read again even when no file changed),
 * else a file monitor or the end of a run.  Nothing here blocks: the
 * files are looked at and parsed in worker threads, and runs wait (the
 * run actions are off) until the new project is in place. */
static void
reload_project (LimWindow *self,
                gboolean   asked)
{
  LimProject *project;
  g_autoptr(GTask) task = NULL;
  SignatureRead *read;
  GWeakRef *window;

  if (self->workspace == NULL)
    return;
  g_clear_handle_id (&self->reload_source, g_source_remove);

  /* A run holds the project it planned with: reload once it has ended. */
  if (self->run_dialog != NULL)
    {
      self->reload_pending = TRUE;
      return;
    }
  self->reload_pending = FALSE;

  if (self->reload_cancellable != NULL)
    {
      self->reload_again = TRUE;
      self->reload_again_asked |= asked;
      return;
    }

  /* F5 reads every tenant at once; if files changed, the reload reads
   * them again against the new project. */
  if (asked)
    lim_window_refresh (self);

  project = lim_workspace_get_project (self->workspace);
  read = g_new0 (SignatureRead, 1);
  read->versions_dir = g_strdup (lim_project_get_versions_dir (project));
  read->config_dir = g_strdup (lim_project_get_config_dir (project));
  self->reload_cancellable = g_cancellable_new ();
  _lim_window_update_actions (self);

  window = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window, self);
  task = g_task_new (NULL, self->reload_cancellable, on_signature_read_cb, window);
  g_task_set_source_tag (task, reload_project);
  g_task_set_task_data (task, read, (GDestroyNotify) signature_read_free);
  g_task_run_in_thread (task, signature_thread);
}

void
lim_window_reload_project (LimWindow *self)
{
  g_return_if_fail (LIM_IS_WINDOW (self));

  reload_project (self, TRUE);
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

/* ------------------------------------------------------------ opening
 *
 * A project opens in stages: the tenants (tenants.ini: small) at once,
 * each row reading its status; the history (thousands of revision files)
 * in a worker thread, as a reload in flight (runs wait for it), and the
 * statuses once it is there.  The first look at the files, for the
 * reloads to compare with, is a worker thread's too. */

static void
on_first_signature_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GWeakRef *window = user_data;
  g_autoptr(LimWindow) self = g_weak_ref_get (window);
  SignatureRead *read = g_task_get_task_data (G_TASK (result));

  g_weak_ref_clear (window);
  g_free (window);

  if (self == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->signature_cancellable);

  /* A file changed while they were looked at: no signature, so that the
   * reload this change asks for reads the files again. */
  if (self->signature_dirty)
    return;
  g_free (self->versions_signature);
  self->versions_signature = g_steal_pointer (&read->versions_signature);
}

static void
cancel_first_signature (LimWindow *self)
{
  if (self->signature_cancellable != NULL)
    g_cancellable_cancel (self->signature_cancellable);
  g_clear_object (&self->signature_cancellable);
}

static void
read_first_signature (LimWindow *self)
{
  LimProject *project = lim_workspace_get_project (self->workspace);
  g_autoptr(GTask) task = NULL;
  SignatureRead *read;
  GWeakRef *window;

  cancel_first_signature (self);
  g_clear_pointer (&self->versions_signature, g_free);
  self->signature_dirty = FALSE;
  self->signature_cancellable = g_cancellable_new ();

  read = g_new0 (SignatureRead, 1);
  read->versions_dir = g_strdup (lim_project_get_versions_dir (project));
  read->config_dir = g_strdup (lim_project_get_config_dir (project));
  window = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window, self);
  task = g_task_new (NULL, self->signature_cancellable, on_first_signature_cb, window);
  g_task_set_source_tag (task, read_first_signature);
  g_task_set_task_data (task, read, (GDestroyNotify) signature_read_free);
  g_task_run_in_thread (task, signature_thread);
}

/* The project's history could not be read (a broken revision file): the
 * window shows why instead of the project, as when a project cannot be
 * found. */
static void
fail_open (LimWindow *self,
           GError    *error)
{
  g_autofree char *shown = display_path (lim_project_get_root (lim_workspace_get_project (self->workspace)));

  cancel_reads (self);
  cancel_reload (self);
  cancel_first_signature (self);
  unwatch_project (self);
  hide_banner (self);
  lim_tenant_page_set_tenant (self->tenant_page, NULL, NULL, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  g_list_store_remove_all (self->tenants);
  g_clear_object (&self->workspace);
  show_open_error (self, shown, error);
  update_view (self);
}

static void
on_history_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GWeakRef *window = user_data;
  g_autoptr(LimWindow) self = g_weak_ref_get (window);
  g_autoptr(GError) error = NULL;
  gboolean ok = lim_workspace_load_history_finish (LIM_WORKSPACE (source), result, &error);

  g_weak_ref_clear (window);
  g_free (window);

  /* Another project was opened, or the window is going. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      LIM_WORKSPACE (source) != self->workspace)
    return;

  if (!ok)
    {
      fail_open (self, error);
      return;
    }
  /* The tenant page and the statuses follow the workspace by themselves;
   * a reload asked for meanwhile starts now. */
  reload_done (self);
}

/* The history of a workspace opened with lim_workspace_open_deferred(). */
static void
load_history (LimWindow *self)
{
  GWeakRef *window = g_new0 (GWeakRef, 1);

  g_weak_ref_init (window, self);
  self->reload_cancellable = g_cancellable_new ();
  lim_workspace_load_history_async (self->workspace, self->reload_cancellable, on_history_loaded_cb, window);
  _lim_window_update_actions (self);
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
  /* An `auth = sso` tenant without a session signs in over this window. */
  lim_workspace_set_sign_in (workspace, LIM_SIGN_IN (self->sign_in));
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
  hide_banner (self);
  self->reload_pending = FALSE;
  cancel_reload (self);
  watch_project (self);
  read_first_signature (self);
  lim_window_reload_tenants (self);
  /* The tenants are listed (and read, once the history is there). */
  if (!lim_workspace_get_history_loaded (workspace))
    load_history (self);
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

  /* Finds the project; its history is read by a worker thread. */
  workspace = lim_workspace_open_deferred (path, &local_error);
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

  /* A dry run's result is in its window, and it changed nothing: no
   * "upgraded" toast when that window closes. */
  if (success && !dry_run)
    {
      AdwToast *toast = done_toast (run, item);

      /* The summary stays on screen: the toast (and its Undo) comes when
       * it closes. */
      if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
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

  /* The project changed on disk during the run: reload once whoever
   * closed the run window (Upgrade Now starts the next run) is done. */
  if (self->reload_pending)
    {
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_idle_add (on_reload_timeout_cb, self);
    }
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

gboolean
_lim_window_page_can_go_back (LimWindow *self)
{
  gboolean content_shown = !adw_leaflet_get_folded (self->leaflet) ||
                           adw_leaflet_get_visible_child (self->leaflet) != self->sidebar;

  return content_shown &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "tenant") == 0 &&
         lim_tenant_page_get_can_navigate_back (self->tenant_page);
}

/* One back button, in the header bar: from a folded tenant page's review
 * to its history, then from the tenant to the list (win.back). */
static void
on_leaflet_notify_cb (LimWindow *self)
{
  gboolean project;
  gboolean to_history;
  gboolean to_tenants;
  const char *label;

  if (self->leaflet == NULL || self->content_stack == NULL || self->main_stack == NULL)  /* disposing */
    return;

  project = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "project") == 0;
  to_history = project && self->tenant_page != NULL && _lim_window_page_can_go_back (self);
  to_tenants = project && adw_leaflet_get_folded (self->leaflet) &&
               adw_leaflet_get_visible_child (self->leaflet) != self->sidebar;
  label = to_history ? _("Back to History") : _("Back to Tenants");

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), to_history || to_tenants);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->back_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
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

/* The size the window was left at (GTK keeps the default size up to date
 * as the window is resized), and whether it was maximized. */
static void
save_window_state (LimWindow *self)
{
  int width = 0, height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
restore_window_state (LimWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* The settings are the application's: the "application" property is set
 * after construction (and unset when the window is destroyed, which saves
 * its state). */
static void
on_application_notify_cb (LimWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = LIM_IS_APPLICATION (app) ? lim_application_get_settings (LIM_APPLICATION (app)) : NULL;

  if (settings == self->settings)
    return;

  if (self->settings != NULL)
    {
      save_window_state (self);
      g_signal_handlers_disconnect_by_data (self->settings, self);
      g_clear_object (&self->settings);
    }
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      restore_window_state (self);
      g_signal_connect_object (self->settings, "changed::recent-projects",
                               G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
    }

  rebuild_recent_menu (self);
}

static gboolean
lim_window_close_request (GtkWindow *window)
{
  cancel_reads (LIM_WINDOW (window));
  save_window_state (LIM_WINDOW (window));

  return GTK_WINDOW_CLASS (lim_window_parent_class)->close_request (window);
}

static void
lim_window_dispose (GObject *object)
{
  LimWindow *self = LIM_WINDOW (object);

  cancel_reads (self);
  cancel_reload (self);
  cancel_first_signature (self);
  unwatch_project (self);
  save_window_state (self);
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
  g_clear_object (&self->sign_in);
  g_clear_pointer (&self->demo_root, g_free);
  g_clear_pointer (&self->versions_signature, g_free);
  g_clear_pointer (&self->config_signature, g_free);
  g_clear_pointer (&self->banner_head, g_free);

  G_OBJECT_CLASS (lim_window_parent_class)->dispose (object);
}

static void
lim_window_class_init (LimWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lim_window_dispose;

  window_class->close_request = lim_window_close_request;

  g_type_ensure (LIM_TYPE_TENANT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, LimWindow, banner_label);
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
  gtk_widget_class_bind_template_callback (widget_class, on_banner_dismissed_cb);

  _lim_window_class_actions_init (widget_class);
}

static void
lim_window_init (LimWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->tenants = g_list_store_new (LIM_TYPE_TENANT_ITEM);
  self->sign_in = lim_app_sign_in_new (GTK_WINDOW (self));
  self->recent_menu = g_menu_new ();
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (self->recent_menu));
  rebuild_recent_menu (self);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify_cb), NULL);

  /* The split button's arrow says what it opens. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->open_button));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        {
          GtkWidget *toggle = gtk_widget_get_first_child (child);

          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Recent Projects"), -1);
          if (toggle != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                            _("Recent Projects"), -1);
        }
    }
  g_signal_connect_object (self->tenant_page, "notify::can-navigate-back",
                           G_CALLBACK (on_leaflet_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_stack, "notify::visible-child",
                           G_CALLBACK (on_leaflet_notify_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->tenant_list, G_LIST_MODEL (self->tenants),
                           create_tenant_row, NULL, NULL);

  _lim_window_update_actions (self);
}

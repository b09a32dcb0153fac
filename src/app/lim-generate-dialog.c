/* lim-generate-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-generate.h"
#include "lim-generate-dialog.h"
#include "lim-model-files.h"
#include "lim-remote.h"
#include "lim-tenant-item.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

typedef struct
{
  LimWindow        *window;       /* weak */
  LimWorkspace     *workspace;
  LimTenant        *tenant;
  LimProject       *project;
  LimTimeline      *timeline;
  GtkEditable      *entry;
  char             *description;
  LimClient        *client;
  AdwToast         *toast;
} Generate;

static void
generate_free (Generate *g)
{
  if (g->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (g->window), (gpointer *) &g->window);
  g_object_unref (g->workspace);
  lim_tenant_unref (g->tenant);
  lim_project_unref (g->project);
  lim_timeline_unref (g->timeline);
  g_free (g->description);
  g_clear_object (&g->client);
  g_clear_object (&g->toast);
  g_free (g);
}

static void close_if_open (gpointer data);
static void on_error_closed (GtkWindow *dialog, LimWindow *window);

static void
on_error_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  (void) response;
  (void) data;
  g_weak_ref_init (ref, dialog);
  g_idle_add_once (close_if_open, ref);
}

static void
finish (Generate *g, GError *error, LimGenerated *generated)
{
  /* The "Comparing…" toast times out by itself: dismissing toasts while
   * the overlay animates crashes libadwaita 1.2 (see lim-window.c). */

  if (g->window == NULL)
    {
      generate_free (g);
      return;
    }

  if (generated != NULL)
    {
      g_autofree char *shown = lim_project_relative_path (g->project, generated->path);
      guint n = lim_revision_get_upgrade (generated->revision)->len;
      g_autofree char *text = NULL;
      LimWindow *window = g->window;
      g_autofree char *root = g_strdup (lim_project_get_root (g->project));

      /* Translators: "Wrote versions/1a2b_x.py: 3 operations" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u operation", "Wrote %s: %u operations", n),
                              shown, n);
      g_autofree char *alias = g_strdup (lim_tenant_get_alias (g->tenant));

      generate_free (g);
      /* The history has a new head: read the project again, and keep the
       * tenant selected. */
      lim_window_open_project (window, root, NULL);
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (lim_window_get_tenant_list (window)));
           row != NULL; row = gtk_widget_get_next_sibling (row))
        if (LIM_IS_TENANT_ROW (row) &&
            g_strcmp0 (lim_tenant_item_get_alias (lim_tenant_row_get_item (LIM_TENANT_ROW (row))), alias) == 0)
          gtk_list_box_select_row (lim_window_get_tenant_list (window), GTK_LIST_BOX_ROW (row));
      lim_window_show_toast (window, text);
      return;
    }

  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (g->window),
                                                                           _("Could Not Generate a Revision"),
                                                                           error->message));
    adw_message_dialog_add_response (dialog, "close", _("_Close"));
    gtk_widget_add_css_class (GTK_WIDGET (dialog), "generate-error");
    g_signal_connect (dialog, "response", G_CALLBACK (on_error_response), NULL);
    g_object_set_data (G_OBJECT (g->window), "lim-generate-error", dialog);
    g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_error_closed), g->window, G_CONNECT_DEFAULT);
    gtk_window_present (GTK_WINDOW (dialog));
  }
  generate_free (g);
}

static void
on_error_closed (GtkWindow *dialog, LimWindow *window)
{
  if (g_object_get_data (G_OBJECT (window), "lim-generate-error") == dialog)
    g_object_set_data (G_OBJECT (window), "lim-generate-error", NULL);
}

AdwMessageDialog *
lim_generate_dialog_get_error (LimWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "lim-generate-error");
}

static void
fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Generate *g = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) model = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimGenerated) generated = NULL;
  g_autofree char *model_dir = NULL;
  const char *marker;

  if (model == NULL)
    {
      finish (g, error, NULL);
      return;
    }
  marker = lim_snapshot_get_remote_revision_id (model, &error);
  if (marker == NULL)
    {
      finish (g, error, NULL);
      return;
    }
  model_dir = g_build_filename (lim_project_get_root (g->project), "model", NULL);
  if (!g_file_test (model_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GError) no_model = g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT,
                                                _("This project has no model/ folder to compare the tenant with. Write "
                                                  "one from a tenant with “liminal generate-files %s”, edit it, then "
                                                  "generate a revision."),
                                                lim_tenant_get_alias (g->tenant));
      finish (g, no_model, NULL);
      return;
    }
  desired = lim_model_files_read (model_dir, "model", NULL, &error);
  if (desired == NULL)
    {
      finish (g, error, NULL);
      return;
    }
  lim_snapshot_set_tenant_name (model, lim_tenant_get_tenant_name (g->tenant));
  generated = lim_generate_revision (g->project, g->timeline, model, marker, desired, g->description, &error);
  finish (g, error, generated);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Generate *g = user_data;
  g_autoptr(GError) error = NULL;

  (void) source;
  g->client = lim_workspace_connect_finish (g->workspace, result, &error);
  if (g->client == NULL)
    {
      finish (g, error, NULL);
      return;
    }
  lim_remote_fetch_async (g->client, LIM_FETCH_FULL, NULL, fetched, g);
}

/* A response given programmatically does not close the dialog in
 * libadwaita 1.2; a click does.  Close it if it is still there. */
static void
close_if_open (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GtkWindow) dialog = g_weak_ref_get (ref);

  if (dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (dialog);
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
on_response (AdwMessageDialog *dialog, const char *response, Generate *g)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  /* One answer only: closing the dialog below answers "cancel" again. */
  g_signal_handlers_disconnect_by_func (dialog, on_response, g);
  g_weak_ref_init (ref, dialog);
  g_idle_add_once (close_if_open, ref);
  if (g_strcmp0 (response, "generate") != 0 || g->window == NULL)
    {
      generate_free (g);
      return;
    }
  g->description = g_strstrip (g_strdup (gtk_editable_get_text (g->entry)));
  {
    /* Translators: a tenant alias */
    g_autofree char *text = g_strdup_printf (_("Comparing %s with the model…"), lim_tenant_get_alias (g->tenant));
    g->toast = adw_toast_new (text);
    adw_toast_set_timeout (g->toast, 3);
    lim_window_show_toast_object (g->window, g->toast);
  }
  lim_workspace_connect_async (g->workspace, g->tenant, LIM_TENANT_RESOLVE_DEFAULT, NULL, connected, g);
}

static void
on_entry_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  adw_message_dialog_set_response_enabled (dialog, "generate", text[0] != '\0');
}

AdwMessageDialog *
lim_generate_dialog_present (LimWindow *window, LimTenantItem *item, LimWorkspace *workspace)
{
  Generate *g = g_new0 (Generate, 1);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autofree char *body = NULL;
  LimTenant *tenant = lim_tenant_item_get_tenant (item);

  g->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &g->window);
  g->workspace = g_object_ref (workspace);
  g->tenant = lim_tenant_ref (tenant);
  g->project = lim_project_ref (lim_workspace_get_project (workspace));
  g->timeline = lim_timeline_ref (lim_workspace_get_timeline (workspace));

  /* Translators: a tenant alias */
  body = g_strdup_printf (_("Writes the next revision file with the operations that bring %s to the project's "
                            "model (the model/ folder). %s must be at head."),
                          lim_tenant_get_alias (tenant), lim_tenant_get_alias (tenant));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), _("Generate a Revision"), body));
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "generate-dialog");
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "generate", _("_Generate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "generate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "generate");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "generate", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What the revision does"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Description"), -1);
  gtk_widget_add_css_class (entry, "generate-description");
  adw_message_dialog_set_extra_child (dialog, entry);
  g->entry = GTK_EDITABLE (entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), g);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return dialog;
}

/* lim-generate-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-generate.h"
#include "lim-generate-dialog.h"
#include "lim-marker.h"
#include "lim-model-source.h"
#include "lim-question.h"
#include "lim-remote.h"

typedef struct
{
  GtkWindow       *parent;       /* weak */
  AdwToastOverlay *toasts;       /* weak */
  LimWorkspace    *workspace;
  LimTenant       *tenant;
  LimProject      *project;
  LimTimeline     *timeline;
  GtkEditable     *entry;
  char            *description;
  LimClient       *client;
  gboolean         no_model;      /* failed for want of a model/ folder */
} Generate;

static void
generate_free (Generate *g)
{
  g_clear_weak_pointer (&g->parent);
  g_clear_weak_pointer (&g->toasts);
  g_clear_object (&g->workspace);
  g_clear_pointer (&g->tenant, lim_tenant_unref);
  g_clear_pointer (&g->project, lim_project_unref);
  g_clear_pointer (&g->timeline, lim_timeline_unref);
  g_clear_pointer (&g->description, g_free);
  g_clear_object (&g->client);
  g_free (g);
}

/* Every answer closes the question; "write-model-files" (offered when
 * the project has no model/) goes on to Write Model Files from the tenant. */
static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  const char *alias = g_object_get_data (G_OBJECT (dialog), "lim-alias");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  lim_question_close_soon (dialog);
  if (g_strcmp0 (response, "write-model-files") == 0 && alias != NULL && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.write-model-files", "s", alias);
}

/* Nothing was written: say why, then answer the caller. */
static void
fail (GTask  *task,
      GError *error)
{
  Generate *g = g_task_get_task_data (task);

  if (g->parent != NULL)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (g->parent,
                                                                             _("Could Not Generate a Revision"),
                                                                             error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      if (g->no_model)
        {
          /* No model/ yet: the way on is one click away. */
          adw_message_dialog_add_response (dialog, "write-model-files", _("_Write Model Files…"));
          adw_message_dialog_set_response_appearance (dialog, "write-model-files", ADW_RESPONSE_SUGGESTED);
          adw_message_dialog_set_default_response (dialog, "write-model-files");
          g_object_set_data_full (G_OBJECT (dialog), "lim-alias", g_strdup (lim_tenant_get_alias (g->tenant)), g_free);
        }
      gtk_widget_add_css_class (GTK_WIDGET (dialog), "generate-error");
      g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_task_return_error (task, error);
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Generate *g = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(LimSnapshot) model = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimGenerated) generated = NULL;
  g_autoptr(LimModelSource) source_dir = NULL;
  const char *marker;

  if (model == NULL)
    {
      fail (task, error);
      return;
    }
  marker = lim_marker_get_revision_id (model, &error);
  if (marker == NULL)
    {
      fail (task, error);
      return;
    }
  source_dir = lim_model_source_find (g->project, &error);
  if (source_dir == NULL)
    {
      if (g_error_matches (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_NOT_FOUND))
        {
          g->no_model = TRUE;
          g_clear_error (&error);
          error = g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT,
                               /* Translators: a tenant alias, twice */
                               _("This project has no model to compare the tenant with: neither a model/ folder "
                                 "nor Liminal's Python model classes. Write one from %s with Write Model Files "
                                 "from %s… (or “liminal generate-files”), edit it, then generate a revision."),
                               lim_tenant_get_alias (g->tenant), lim_tenant_get_alias (g->tenant));
        }
      fail (task, error);
      return;
    }
  desired = lim_model_source_read (source_dir, NULL, &error);
  if (desired == NULL)
    {
      fail (task, error);
      return;
    }
  lim_snapshot_set_tenant_name (model, lim_tenant_get_tenant_name (g->tenant));
  generated = lim_generate_revision (g->project, g->timeline, model, marker, desired, g->description, &error);
  if (generated == NULL)
    {
      fail (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (generated->path), g_free);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Generate *g = g_task_get_task_data (task);
  GError *error = NULL;

  g->client = lim_workspace_connect_finish (g->workspace, result, &error);
  if (g->client == NULL)
    {
      fail (task, error);
      return;
    }
  lim_remote_fetch_async (g->client, LIM_FETCH_FULL, g_task_get_cancellable (task),
                          on_fetched_cb, g_object_ref (task));
}

static void
on_answer (GTask      *task,
           const char *response)
{
  Generate *g = g_task_get_task_data (task);

  if (g_strcmp0 (response, "generate") != 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g->description = g_strstrip (g_strdup (gtk_editable_get_text (g->entry)));
  if (g->toasts != NULL)
    {
      /* Translators: a tenant alias */
      g_autofree char *text = g_strdup_printf (_("Comparing %s with the model…"), lim_tenant_get_alias (g->tenant));
      AdwToast *toast = adw_toast_new (text);

      /* It times out by itself: dismissing toasts while the overlay
       * animates crashes libadwaita 1.2. */
      adw_toast_set_timeout (toast, 3);
      adw_toast_overlay_add_toast (g->toasts, toast);
    }
  lim_workspace_connect_async (g->workspace, g->tenant, LIM_TENANT_RESOLVE_DEFAULT, g_task_get_cancellable (task),
                               on_connected_cb, g_object_ref (task));
}

static void
on_entry_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "generate", text[0] != '\0');
}

AdwMessageDialog *
lim_generate_dialog_run_async (GtkWindow          *parent,
                               LimWorkspace       *workspace,
                               LimTenant          *tenant,
                               AdwToastOverlay    *toasts,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  Generate *g;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts), NULL);

  {
    g_autoptr(LimModelSource) source = lim_model_source_find (lim_workspace_get_project (workspace), NULL);
    g_autofree char *where = NULL;

    if (source == NULL)
      where = g_strdup (_("the project's model"));
    else if (source->format == LIM_MODEL_FORMAT_PYTHON)
      /* Translators: a folder of the project, "." for its root */
      where = g_strdup_printf (_("Liminal's Python model in %s"), source->shown);
    else
      /* Translators: a folder of the project */
      where = g_strdup_printf (_("the JSON model in %s"), source->shown);
    /* Translators: a tenant alias; where the model is ("the JSON model in model"); the alias again */
    body = g_strdup_printf (_("Writes the next revision file with the operations that bring %s to %s. %s must be "
                              "at head."),
                            lim_tenant_get_alias (tenant), where, lim_tenant_get_alias (tenant));
  }
  dialog = lim_question_new (parent, _("Generate a Revision"), body, "generate-dialog",
                             "generate", _("_Generate"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "generate", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What the revision does"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Description"), -1);
  gtk_widget_add_css_class (entry, "generate-description");
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed_cb), dialog);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_generate_dialog_run_async);
  g = g_new0 (Generate, 1);
  g_set_weak_pointer (&g->parent, parent);
  g_set_weak_pointer (&g->toasts, toasts);
  g->workspace = g_object_ref (workspace);
  g->tenant = lim_tenant_ref (tenant);
  g->project = lim_project_ref (lim_workspace_get_project (workspace));
  g->timeline = lim_timeline_ref (lim_workspace_get_timeline (workspace));
  g->entry = GTK_EDITABLE (entry);
  g_task_set_task_data (task, g, (GDestroyNotify) generate_free);

  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  lim_question_connect (dialog, task, on_answer);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);

  return dialog;
}

char *
lim_generate_dialog_run_finish (GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_generate_dialog_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

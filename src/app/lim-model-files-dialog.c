/* lim-model-files-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-model-files.h"
#include "lim-model-python-write.h"
#include "lim-model-source.h"
#include "lim-model-files-dialog.h"
#include "lim-question.h"
#include "lim-remote.h"

static const char *const kind_folders[] = { "dropdowns", "entity_schemas" };

typedef struct
{
  GtkWindow        *parent;       /* weak */
  AdwToastOverlay  *toasts;       /* weak */
  AdwMessageDialog *dialog;       /* weak */
  AdwActionRow     *folder_row;   /* weak */
  LimWorkspace     *workspace;
  LimTenant        *tenant;
  LimProject       *project;
  char             *folder;
  gboolean          python;       /* the project keeps Liminal's Python model */
  LimClient        *client;
  guint             n_written;
  guint             n_removed;
} ModelFiles;

static void
model_files_free (ModelFiles *m)
{
  g_clear_weak_pointer (&m->parent);
  g_clear_weak_pointer (&m->toasts);
  if (m->dialog != NULL)
    g_object_set_data (G_OBJECT (m->dialog), "lim-model-files", NULL);
  g_clear_weak_pointer (&m->dialog);
  g_clear_weak_pointer (&m->folder_row);
  g_clear_object (&m->workspace);
  g_clear_pointer (&m->tenant, lim_tenant_unref);
  g_clear_pointer (&m->project, lim_project_unref);
  g_free (m->folder);
  g_clear_object (&m->client);
  g_free (m);
}

/* The files ending in @suffix in @dir, and (@depth) in its folders. */
static guint
count_files (const char *dir,
             const char *suffix,
             guint       depth)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_has_suffix (name, suffix))
        n++;
      else if (depth > 0 && name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files (path, suffix, depth - 1);
    }
  return n;
}

/* The model files already in @folder: JSON files, or Liminal's Python
 * files (entity schemas one folder deeper). */
static guint
count_model_files (const char *folder,
                   gboolean    python)
{
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (kind_folders); k++)
    {
      g_autofree char *dir = g_build_filename (folder, kind_folders[k], NULL);
      n += count_files (dir, python ? ".py" : ".json", python ? 1 : 0);
    }
  return n;
}

/* ------------------------------------------------------------- writing */

typedef struct
{
  char      *folder;
  gboolean   python;
  GPtrArray *files;   /* LimModelFile*, not changed while the thread runs */
  guint      n_written;
  guint      n_removed;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->folder);
  g_ptr_array_unref (job->files);
  g_free (job);
}

/* In the worker thread. */
static void
on_model_file_cb (const char        *path,
                  LimModelFileChange change,
                  gpointer           user_data)
{
  WriteJob *job = user_data;

  if (change == LIM_MODEL_FILE_WRITTEN)
    job->n_written++;
  else if (change == LIM_MODEL_FILE_REMOVED)
    job->n_removed++;
}

/* What the files hold: Liminal's Python model also has the result schemas
 * (read only), as its generate-files writes them; the JSON model has none. */
static LimModelFilesKinds
model_kinds (gboolean python)
{
  return python ? LIM_MODEL_FILES_ALL | LIM_MODEL_FILES_RESULTS_SCHEMAS : LIM_MODEL_FILES_ALL;
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;
  LimModelFilesKinds kinds = job->python ? model_kinds (TRUE) | LIM_MODEL_FILES_PYTHON : model_kinds (FALSE);

  /* What `liminal generate-files --overwrite` does. */
  if (lim_model_files_write (job->folder, job->files, kinds, TRUE, on_model_file_cb, job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* ------------------------------------------------------------ the flow */

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  lim_question_close_soon (dialog);
}

/* Nothing (more) was written: say why, then answer the caller.  Takes
 * @error. */
static void
fail (GTask  *task,
      GError *error)
{
  ModelFiles *m = g_task_get_task_data (task);

  if (m->parent != NULL)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (m->parent,
                                                                             _("Could Not Write the Model Files"),
                                                                             error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_widget_add_css_class (GTK_WIDGET (dialog), "model-files-error");
      g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_task_return_error (task, error);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModelFiles *m = g_task_get_task_data (task);
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  m->n_written = job->n_written;
  m->n_removed = job->n_removed;
  g_task_return_boolean (task, TRUE);
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModelFiles *m = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(LimSnapshot) model = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  g_autoptr(GTask) write = NULL;
  GPtrArray *files;
  WriteJob *job;

  if (model == NULL)
    {
      fail (task, error);
      return;
    }
  lim_snapshot_set_tenant_name (model, lim_tenant_get_tenant_name (m->tenant));
  files = lim_model_files_generate (model, model_kinds (m->python), &error);
  if (files != NULL && m->python)
    {
      g_autoptr(GPtrArray) json_files = files;

      /* Liminal lists a tenant's schemas in the tenant's order. */
      lim_model_python_tenant_order (json_files, model);
      files = lim_model_python_generate (json_files, model_kinds (m->python), &error);
    }
  if (files == NULL)
    {
      /* Translators: a tenant alias; an error message follows */
      g_prefix_error (&error, _("Tenant %s: "), lim_tenant_get_alias (m->tenant));
      fail (task, error);
      return;
    }

  job = g_new0 (WriteJob, 1);
  job->folder = g_strdup (m->folder);
  job->python = m->python;
  job->files = files;
  write = g_task_new (NULL, g_task_get_cancellable (task), on_written_cb, g_object_ref (task));
  g_task_set_source_tag (write, write_thread);
  g_task_set_task_data (write, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (write, write_thread);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModelFiles *m = g_task_get_task_data (task);
  GError *error = NULL;

  m->client = lim_workspace_connect_finish (m->workspace, result, &error);
  if (m->client == NULL)
    {
      fail (task, error);
      return;
    }
  lim_remote_fetch_async (m->client, m->python ? LIM_FETCH_FULL | LIM_FETCH_RESULTS_SCHEMAS : LIM_FETCH_FULL,
                          g_task_get_cancellable (task), on_fetched_cb,
                          g_object_ref (task));
}

static void
on_answer (GTask      *task,
           const char *response)
{
  ModelFiles *m = g_task_get_task_data (task);

  if (g_strcmp0 (response, "write") != 0)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  if (m->toasts != NULL)
    {
      /* Translators: a tenant alias */
      g_autofree char *text = g_strdup_printf (_("Reading %s…"), lim_tenant_get_alias (m->tenant));
      AdwToast *toast = adw_toast_new (text);

      /* It times out by itself: dismissing toasts while the overlay
       * animates crashes libadwaita 1.2. */
      adw_toast_set_timeout (toast, 3);
      adw_toast_overlay_add_toast (m->toasts, toast);
    }
  lim_workspace_connect_async (m->workspace, m->tenant, LIM_TENANT_RESOLVE_DEFAULT, g_task_get_cancellable (task),
                               on_connected_cb, g_object_ref (task));
}

/* The folder row and the answer follow the folder: files already there
 * are replaced, which the answer says. */
static void
show_folder (ModelFiles *m)
{
  g_autofree char *shown = lim_project_relative_path (m->project, m->folder);
  guint n = count_model_files (m->folder, m->python);

  if (m->folder_row != NULL)
    {
      g_autofree char *subtitle = NULL;

      if (n > 0)
        /* Translators: how many files are in the folder now */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Holds %u model file: it is replaced",
                                                 "Holds %u model files: they are replaced", n), n);
      else
        subtitle = g_strdup (_("No model files yet"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->folder_row), shown);
      adw_action_row_set_subtitle (m->folder_row, subtitle);
    }
  if (m->dialog != NULL)
    {
      adw_message_dialog_set_response_label (m->dialog, "write", n > 0 ? _("_Replace") : _("_Write"));
      adw_message_dialog_set_response_appearance (m->dialog, "write",
                                                  n > 0 ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (m->dialog, n > 0 ? "cancel" : "write");
    }
}

void
lim_model_files_dialog_set_folder (AdwMessageDialog *dialog,
                                   const char       *folder)
{
  ModelFiles *m;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  g_return_if_fail (folder != NULL);

  m = g_object_get_data (G_OBJECT (dialog), "lim-model-files");
  g_return_if_fail (m != NULL);
  g_free (m->folder);
  m->folder = g_strdup (folder);
  show_folder (m);
}

static void
on_chooser_response_cb (GtkNativeDialog  *chooser,
                        int               response,
                        AdwMessageDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && g_object_get_data (G_OBJECT (dialog), "lim-model-files") != NULL)
        lim_model_files_dialog_set_folder (dialog, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (dialog);
}

static void
on_choose_clicked_cb (GtkButton        *button,
                      AdwMessageDialog *dialog)
{
  ModelFiles *m = g_object_get_data (G_OBJECT (dialog), "lim-model-files");
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) parent = NULL;
  GtkFileChooserNative *chooser;

  if (m == NULL)
    return;
  folder = g_file_new_for_path (m->folder);
  parent = g_file_get_parent (folder);

  chooser = gtk_file_chooser_native_new (_("Model Folder"), GTK_WINDOW (dialog),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser),
                                       g_file_query_exists (folder, NULL) ? folder : parent, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (dialog));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

AdwMessageDialog *
lim_model_files_dialog_run_async (GtkWindow          *parent,
                                  LimWorkspace       *workspace,
                                  LimTenant          *tenant,
                                  AdwToastOverlay    *toasts,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *folder = NULL;
  gboolean is_python = FALSE;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *choose;
  ModelFiles *m;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts), NULL);

  /* Translators: a tenant alias */
  heading = g_strdup_printf (_("Write Model Files from %s?"), lim_tenant_get_alias (tenant));
  {
    /* The project's own format and folder (lim-model-source.h); JSON
     * in model/ for a project without a model. */
    g_autoptr(LimModelSource) kept = lim_model_source_find (lim_workspace_get_project (workspace), NULL);
    g_autoptr(LimModelSource) where = NULL;
    gboolean python = kept != NULL && kept->format == LIM_MODEL_FORMAT_PYTHON;

    where = lim_model_source_default (lim_workspace_get_project (workspace),
                                      python ? LIM_MODEL_FORMAT_PYTHON : LIM_MODEL_FORMAT_JSON, NULL);
    if (python)
      /* Translators: a tenant alias, twice */
      body = g_strdup_printf (_("Reads %s and writes the project's model as Liminal's Python classes, one file "
                                "for each of its active dropdowns and entity schemas. Files of objects %s does "
                                "not have are removed. Edit the classes, then generate a revision from them."),
                              lim_tenant_get_alias (tenant), lim_tenant_get_alias (tenant));
    else
      /* Translators: a tenant alias, twice */
      body = g_strdup_printf (_("Reads %s and writes one JSON file for each of its active dropdowns and entity "
                                "schemas. Files of objects %s does not have are removed. Edit the files, then "
                                "generate a revision from them."),
                              lim_tenant_get_alias (tenant), lim_tenant_get_alias (tenant));
    folder = where ? g_strdup (where->dir) : NULL;
    is_python = python;
  }
  dialog = lim_question_new (parent, heading, body, "model-files-dialog", "write", _("_Write"),
                             ADW_RESPONSE_SUGGESTED);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_model_files_dialog_run_async);
  m = g_new0 (ModelFiles, 1);
  g_set_weak_pointer (&m->parent, parent);
  g_set_weak_pointer (&m->toasts, toasts);
  g_set_weak_pointer (&m->dialog, dialog);
  m->workspace = g_object_ref (workspace);
  m->tenant = lim_tenant_ref (tenant);
  m->project = lim_project_ref (lim_workspace_get_project (workspace));
  m->folder = folder ? g_steal_pointer (&folder) : g_build_filename (lim_project_get_root (m->project), "model", NULL);
  m->python = is_python;
  g_task_set_task_data (task, m, (GDestroyNotify) model_files_free);
  /* For the Choose… button; unset when the task goes. */
  g_object_set_data (G_OBJECT (dialog), "lim-model-files", m);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "model-folder");
  choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose the Model Folder"), -1);
  g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_clicked_cb), dialog);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_set_weak_pointer (&m->folder_row, ADW_ACTION_ROW (row));
  adw_message_dialog_set_extra_child (dialog, list);
  show_folder (m);

  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  lim_question_connect (dialog, task, on_answer);

  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

gboolean
lim_model_files_dialog_run_finish (GAsyncResult *result,
                                   guint        *n_written,
                                   guint        *n_removed,
                                   char        **folder,
                                   GError      **error)
{
  ModelFiles *m;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_model_files_dialog_run_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  m = g_task_get_task_data (G_TASK (result));
  if (n_written != NULL)
    *n_written = m->n_written;
  if (n_removed != NULL)
    *n_removed = m->n_removed;
  if (folder != NULL)
    *folder = g_strdup (m->folder);
  return TRUE;
}

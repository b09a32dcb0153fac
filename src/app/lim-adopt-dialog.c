/* lim-adopt-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-adopt-dialog.h"
#include "lim-question.h"
#include "lim-run.h"

typedef struct
{
  LimWorkspace  *workspace;
  LimTenantItem *item;
  GtkDropDown   *dropdown;
  char          *revision;
  LimClient     *client;
  LimRunner     *runner;
} Adopt;

static void
adopt_free (Adopt *adopt)
{
  g_clear_object (&adopt->workspace);
  g_clear_object (&adopt->item);
  g_clear_pointer (&adopt->revision, g_free);
  g_clear_object (&adopt->runner);
  g_clear_object (&adopt->client);
  g_free (adopt);
}

static void
on_stamped_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Adopt *adopt = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean changed = FALSE;

  if (!lim_runner_stamp_finish (LIM_RUNNER (source), result, &changed, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (adopt->revision), g_free);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Adopt *adopt = g_task_get_task_data (task);
  GError *error = NULL;
  LimTenant *tenant = lim_tenant_item_get_tenant (adopt->item);

  adopt->client = lim_workspace_connect_finish (adopt->workspace, result, &error);
  if (adopt->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  adopt->runner = lim_workspace_new_runner (adopt->workspace, tenant, adopt->client, FALSE);
  lim_runner_stamp_async (adopt->runner, adopt->revision, g_task_get_cancellable (task),
                          on_stamped_cb, g_object_ref (task));
}

static void
on_answer (GTask      *task,
           const char *response)
{
  Adopt *adopt = g_task_get_task_data (task);
  guint selected = gtk_drop_down_get_selected (adopt->dropdown);

  if (g_strcmp0 (response, "adopt") != 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  adopt->revision = g_strdup (lim_revision_get_id (lim_timeline_get_nth (lim_workspace_get_timeline (adopt->workspace),
                                                                         selected)));
  lim_tenant_item_set_loading (adopt->item, TRUE);
  lim_workspace_connect_async (adopt->workspace, lim_tenant_item_get_tenant (adopt->item),
                               LIM_TENANT_RESOLVE_DEFAULT, g_task_get_cancellable (task),
                               on_connected_cb, g_object_ref (task));
}

AdwMessageDialog *
lim_adopt_dialog_run_async (GtkWindow          *parent,
                            LimWorkspace       *workspace,
                            LimTenantItem      *item,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GTask) task = NULL;
  g_autofree char *heading = NULL;
  LimTimeline *timeline;
  AdwMessageDialog *dialog;
  GtkWidget *dropdown;
  Adopt *adopt;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (item), NULL);

  timeline = lim_workspace_get_timeline (workspace);
  for (guint i = 0; i < lim_timeline_get_n_revisions (timeline); i++)
    {
      LimRevision *rev = lim_timeline_get_nth (timeline, i);
      g_autofree char *label = lim_run_describe_revision (timeline, lim_revision_get_id (rev));

      gtk_string_list_append (strings, label);
    }

  /* Translators: a tenant alias */
  heading = g_strdup_printf (_("Adopt %s?"), lim_tenant_item_get_alias (item));
  dialog = lim_question_new (parent, heading,
                             _("Set the tenant’s revision marker without running any operation. "
                               "Choose the revision the tenant already matches."),
                             "adopt-dialog", "adopt", _("_Adopt"), ADW_RESPONSE_SUGGESTED);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);  /* the base revision */
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Revision the tenant matches"), -1);
  adw_message_dialog_set_extra_child (dialog, dropdown);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_adopt_dialog_run_async);
  adopt = g_new0 (Adopt, 1);
  adopt->workspace = g_object_ref (workspace);
  adopt->item = g_object_ref (item);
  adopt->dropdown = GTK_DROP_DOWN (dropdown);
  g_task_set_task_data (task, adopt, (GDestroyNotify) adopt_free);

  lim_question_connect (dialog, task, on_answer);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

gboolean
lim_adopt_dialog_run_finish (GAsyncResult *result,
                             char        **revision,
                             GError      **error)
{
  g_autofree char *stamped = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_adopt_dialog_run_async, FALSE);

  stamped = g_task_propagate_pointer (G_TASK (result), error);
  if (revision != NULL)
    *revision = g_strdup (stamped);

  return stamped != NULL;
}

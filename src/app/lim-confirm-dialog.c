/* lim-confirm-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-confirm-dialog.h"
#include "lim-question.h"
#include "lim-run.h"

typedef struct
{
  LimTenant        *tenant;
  AdwMessageDialog *dialog;     /* weak */
  gulong            cancelled_id;
} Confirm;

static void
confirm_free (Confirm *confirm)
{
  g_clear_pointer (&confirm->tenant, lim_tenant_unref);
  g_clear_weak_pointer (&confirm->dialog);
  g_free (confirm);
}

static void
on_answer (GTask      *task,
           const char *response)
{
  Confirm *confirm = g_task_get_task_data (task);

  /* Not g_cancellable_disconnect(): this may run inside the handler. */
  if (confirm->cancelled_id != 0)
    g_signal_handler_disconnect (g_task_get_cancellable (task), confirm->cancelled_id);
  confirm->cancelled_id = 0;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, g_strcmp0 (response, "run") == 0);
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 GTask        *task)
{
  Confirm *confirm = g_task_get_task_data (task);

  if (confirm->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (confirm->dialog));
}

static void
on_alias_entry_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  LimTenant *tenant = g_object_get_data (G_OBJECT (entry), "tenant");

  adw_message_dialog_set_response_enabled (dialog, "run",
                                           lim_workspace_typed_confirmation_matches (tenant,
                                                                                     gtk_editable_get_text (entry)));
}

static GtkWidget *
make_wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  return label;
}

static void
add_counts (GtkBox        *box,
            const LimPlan *plan)
{
  /* Translators: numbers of revisions and operations */
  g_autofree char *counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u revision", "%u revisions",
                                                          plan->revisions->len),
                                             plan->revisions->len);
  g_autofree char *ops = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u operation", "%u operations",
                                                       plan->n_operations), plan->n_operations);
  /* Translators: "2 revisions · 7 operations" */
  g_autofree char *line = g_strdup_printf (_("%s · %s"), counts, ops);
  GtkWidget *label = gtk_label_new (line);

  gtk_widget_add_css_class (label, "run-counts");
  gtk_box_append (box, label);

  if (plan->n_destructive > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u destructive operation: it can lose data",
                                                            "%u destructive operations: they can lose data",
                                                            plan->n_destructive), plan->n_destructive);

      label = make_wrapped_label (text);
      gtk_widget_add_css_class (label, "warning");
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "run-destructive");
      gtk_box_append (box, label);
    }
  if (plan->resuming)
    gtk_box_append (box, make_wrapped_label (_("An unfinished run recorded in the journal will be continued.")));
}

static void
add_alias_entry (GtkBox           *box,
                 AdwMessageDialog *dialog,
                 LimTenant        *tenant)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *prompt = NULL;
  GtkWidget *label;

  /* Translators: a tenant alias */
  prompt = g_strdup_printf (_("%s is protected. Type its name to confirm:"), lim_tenant_get_alias (tenant));
  label = make_wrapped_label (prompt);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (box, label);
  g_object_set_data_full (G_OBJECT (entry), "tenant", lim_tenant_ref (tenant), (GDestroyNotify) lim_tenant_unref);
  gtk_widget_add_css_class (entry, "alias-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, prompt, -1);
  gtk_box_append (box, entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_alias_entry_changed_cb), dialog, 0);
  adw_message_dialog_set_response_enabled (dialog, "run", FALSE);
}

AdwMessageDialog *
lim_confirm_dialog_run_async (GtkWindow          *parent,
                              LimWorkspace       *workspace,
                              LimTenant          *tenant,
                              const LimPlan      *plan,
                              LimRunFlags         flags,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  LimTimeline *timeline;
  const char *alias;
  gboolean up;
  g_autoptr(GTask) task = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box;
  Confirm *confirm;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  timeline = lim_workspace_get_timeline (workspace);
  alias = lim_tenant_get_alias (tenant);
  up = plan->direction == LIM_DIRECTION_UP;
  from = lim_run_describe_revision (timeline, plan->from);
  to = lim_run_describe_revision (timeline, plan->to);

  /* Translators: "Upgrade test?" */
  heading = g_strdup_printf (up ? _("Upgrade %s?") : _("Downgrade %s?"), alias);
  /* Translators: from and to revisions, each "short id (description)" */
  body = g_strdup_printf (_("From %s\nto %s"), from, to);
  dialog = lim_question_new (parent, heading, body, "run-confirmation",
                             "run", up ? _("_Upgrade") : _("_Downgrade"), ADW_RESPONSE_DESTRUCTIVE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  add_counts (GTK_BOX (box), plan);
  if (lim_workspace_needs_typed_confirmation (tenant, flags))
    add_alias_entry (GTK_BOX (box), dialog, tenant);
  adw_message_dialog_set_extra_child (dialog, box);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_confirm_dialog_run_async);
  confirm = g_new0 (Confirm, 1);
  confirm->tenant = lim_tenant_ref (tenant);
  g_set_weak_pointer (&confirm->dialog, dialog);
  g_task_set_task_data (task, confirm, (GDestroyNotify) confirm_free);

  lim_question_connect (dialog, task, on_answer);
  if (cancellable != NULL)
    confirm->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), task, NULL);

  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

gboolean
lim_confirm_dialog_run_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_confirm_dialog_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* lim-confirm-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-confirm-dialog.h"
#include "lim-operation.h"
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

/* Enter in the alias entry confirms, once the name matches, and the
 * question goes away as it does for a click on its button. */
static void
on_alias_entry_activate_cb (GtkEntry         *entry,
                            AdwMessageDialog *dialog)
{
  LimTenant *tenant = g_object_get_data (G_OBJECT (entry), "tenant");

  if (!lim_workspace_typed_confirmation_matches (tenant, gtk_editable_get_text (GTK_EDITABLE (entry))))
    return;
  adw_message_dialog_response (dialog, "run");
  lim_question_close_soon (dialog);
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
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_alias_entry_activate_cb), dialog, 0);
  adw_message_dialog_set_response_enabled (dialog, "run", FALSE);
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, css_class);
  return row;
}

static GtkWidget *
make_list (const char *accessible_name)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  return list;
}

static GtkWidget *
make_section_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* Which revisions run, in order, and which of their operations are
 * destructive (worded as the review pane words them), behind an expander. */
static void
add_plan_details (GtkBox        *box,
                  LimTimeline   *timeline,
                  const LimPlan *plan)
{
  GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_Revisions and Operations"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *revisions = make_list (_("Revisions that will run"));
  GtkWidget *destructive = NULL;
  gboolean up = plan->direction == LIM_DIRECTION_UP;

  for (guint r = 0; r < plan->revisions->len; r++)
    {
      LimRevision *rev = g_ptr_array_index (plan->revisions, r);
      GPtrArray *ops = up ? lim_revision_get_upgrade (rev) : lim_revision_get_downgrade (rev);
      g_autofree char *title = lim_run_describe_revision (timeline, lim_revision_get_id (rev));
      g_autofree char *sid = lim_run_unique_short_id (timeline, lim_revision_get_id (rev));
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u operation", "%u operations",
                                                                ops->len), ops->len);

      gtk_list_box_append (GTK_LIST_BOX (revisions), make_row (title, subtitle, "confirm-revision"));
      for (guint o = 0; o < ops->len; o++)
        {
          const LimOperation *op = g_ptr_array_index (ops, o);
          g_autofree char *describe = NULL;
          g_autofree char *where = NULL;

          if (!lim_operation_is_destructive (op))
            continue;
          describe = lim_operation_describe (op);
          /* Translators: a short revision id, then the step number in it */
          where = g_strdup_printf (_("%s · step %u"), sid, o + 1);
          if (destructive == NULL)
            destructive = make_list (_("Destructive operations"));
          gtk_list_box_append (GTK_LIST_BOX (destructive), make_row (describe, where, "confirm-destructive"));
        }
    }

  gtk_box_append (GTK_BOX (inner), make_section_label (_("Revisions")));
  gtk_box_append (GTK_BOX (inner), revisions);
  if (destructive != NULL)
    {
      GtkWidget *label = make_section_label (_("Destructive Operations"));

      gtk_widget_set_margin_top (label, 6);
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (inner), label);
      gtk_box_append (GTK_BOX (inner), destructive);
    }
  gtk_widget_set_margin_top (inner, 6);
  gtk_widget_set_margin_bottom (inner, 6);
  gtk_widget_set_margin_start (inner, 2);
  gtk_widget_set_margin_end (inner, 2);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), inner);
  gtk_expander_set_child (GTK_EXPANDER (expander), scrolled);
  gtk_widget_add_css_class (expander, "run-plan-details");
  gtk_box_append (box, expander);
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
  /* Red only when something destructive runs. */
  dialog = lim_question_new (parent, heading, body, "run-confirmation",
                             "run", up ? _("_Upgrade") : _("_Downgrade"),
                             plan->n_destructive > 0 ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  add_counts (GTK_BOX (box), plan);
  add_plan_details (GTK_BOX (box), timeline, plan);
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

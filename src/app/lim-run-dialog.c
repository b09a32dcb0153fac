/* lim-run-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-operation.h"

#include "lim-confirm-dialog.h"
#include "lim-run.h"
#include "lim-run-dialog.h"

struct _LimRunDialog
{
  AdwWindow          parent_instance;

  /* Borrowed (weak) */
  GtkWindow         *parent;

  /* Owned References */
  LimWorkspace      *workspace;
  LimTenant         *tenant;
  LimTimeline       *timeline;
  LimDirection       direction;
  char              *descriptor;
  LimRunFlags        flags;
  LimClient         *client;
  LimRunner         *runner;
  GCancellable      *cancellable;
  GTimer            *timer;
  guint              elapsed_id;
  char              *error_text;
  char              *target;
  GPtrArray         *op_rows;      /* per revision: GPtrArray of GtkStack (state icons) */
  GBinding          *fraction_binding;
  gulong             request_id;
  guint              n_requests;
  LimRunDialogState  state;
  gboolean           finished;
  gboolean           tried_resume;
  gboolean           question_pending;

  /* Borrowed References */
  AdwMessageDialog  *message_dialog;

  /* Widgets */
  AdwWindowTitle    *window_title;
  GtkLabel          *heading_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *step_label;
  GtkLabel          *message_label;
  GtkLabel          *elapsed_label;
  GtkLabel          *error_label;
  GtkListBox        *op_list;
  GtkScrolledWindow *op_scrolled;
  GtkExpander       *details_expander;
  GtkListBox        *request_list;
  GtkWidget         *cancel_button;
  GtkWidget         *resume_button;
  GtkWidget         *close_button;
};

G_DEFINE_FINAL_TYPE (LimRunDialog, lim_run_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (LimRunDialog      *self,
           LimRunDialogState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void start_prepare (LimRunDialog *self,
                           LimRunFlags   flags);

static const char *
state_names[] = { "pending", "running", "done", "failed", "skipped", "uncertain" };

static const char *
verb_title (LimRunDialog *self)
{
  return self->direction == LIM_DIRECTION_UP ? _("Upgrade") : _("Downgrade");
}

/* ------------------------------------------------------------------ */

static void
finish (LimRunDialog *self,
        gboolean      success)
{
  if (self->finished)
    return;

  self->finished = TRUE;
  g_signal_emit (self, signals[FINISHED], 0, success);
}

static void
close_for_good (LimRunDialog *self,
                gboolean      success)
{
  g_object_ref (self);
  finish (self, success);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
set_error_text (LimRunDialog *self,
                const char   *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
}

static void
stop_elapsed (LimRunDialog *self)
{
  g_clear_handle_id (&self->elapsed_id, g_source_remove);
  if (self->timer != NULL)
    g_timer_stop (self->timer);
}

static gboolean
on_elapsed_tick_cb (gpointer user_data)
{
  LimRunDialog *self = user_data;
  guint seconds = self->timer != NULL ? (guint) g_timer_elapsed (self->timer, NULL) : 0;
  g_autofree char *text = NULL;

  /* Translators: minutes and seconds since the run started */
  text = g_strdup_printf (_("Elapsed %u:%02u"), seconds / 60, seconds % 60);
  gtk_label_set_text (self->elapsed_label, text);

  return G_SOURCE_CONTINUE;
}

static void
set_buttons (LimRunDialog *self)
{
  gboolean running = self->state == LIM_RUN_DIALOG_STATE_RUNNING;
  gboolean ended = self->state == LIM_RUN_DIALOG_STATE_STOPPED || self->state == LIM_RUN_DIALOG_STATE_FAILED;

  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_sensitive (self->cancel_button, running && !g_cancellable_is_cancelled (self->cancellable));
  gtk_widget_set_visible (self->resume_button, ended);
  gtk_widget_set_visible (self->close_button, ended);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), ended);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), ended);
  gtk_window_set_deletable (GTK_WINDOW (self), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label),
                          gtk_label_get_text (self->message_label)[0] != '\0');
  if (self->state == LIM_RUN_DIALOG_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_window_set_default_widget (GTK_WINDOW (self), ended ? self->resume_button : NULL);

  if (ended)
    gtk_widget_grab_focus (self->resume_button);
  else if (running)
    gtk_widget_grab_focus (self->cancel_button);
}

/* ------------------------------------------------------------ operations */

static void
set_op_state (LimRunDialog  *self,
              guint          revision_index,
              guint          operation_index,
              LimOpRunState  state)
{
  GPtrArray *rows;
  GtkStack *stack;

  if (revision_index == 0 || revision_index > self->op_rows->len)
    return;
  rows = g_ptr_array_index (self->op_rows, revision_index - 1);
  if (operation_index == 0 || operation_index > rows->len)
    return;
  stack = g_ptr_array_index (rows, operation_index - 1);
  if ((guint) state < G_N_ELEMENTS (state_names))
    gtk_stack_set_visible_child_name (stack, state_names[state]);
}

static GtkWidget *
make_state_stack (void)
{
  static const struct { const char *name; const char *icon; const char *label; } icons[] = {
    { "pending", "content-loading-symbolic", N_("Pending") },
    { "done", "object-select-symbolic", N_("Done") },
    { "failed", "dialog-error-symbolic", N_("Failed") },
    { "skipped", "media-skip-forward-symbolic", N_("Skipped: already applied") },
    { "uncertain", "dialog-question-symbolic", N_("Uncertain: resume will check") },
  };
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_stack_set_hhomogeneous (GTK_STACK (stack), TRUE);
  gtk_widget_set_valign (stack, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icons[i].icon);

      gtk_widget_set_tooltip_text (image, _(icons[i].label));
      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(icons[i].label), -1);
      gtk_widget_add_css_class (image, "op-state-icon");
      gtk_widget_add_css_class (image, icons[i].name);
      if (g_str_equal (icons[i].name, "done"))
        gtk_widget_add_css_class (image, "success");
      else if (g_str_equal (icons[i].name, "failed"))
        gtk_widget_add_css_class (image, "error");
      else if (g_str_equal (icons[i].name, "uncertain"))
        gtk_widget_add_css_class (image, "warning");
      else
        gtk_widget_add_css_class (image, "dim-label");
      gtk_stack_add_named (GTK_STACK (stack), image, icons[i].name);
    }
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Running"), -1);
  gtk_stack_add_named (GTK_STACK (stack), spinner, "running");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "pending");

  return stack;
}

static void
fill_operations (LimRunDialog  *self,
                 const LimPlan *plan)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->op_list))) != NULL)
    gtk_list_box_remove (self->op_list, child);
  g_ptr_array_set_size (self->op_rows, 0);

  for (guint r = 0; r < plan->revisions->len; r++)
    {
      LimRevision *rev = g_ptr_array_index (plan->revisions, r);
      GPtrArray *ops = plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                           : lim_revision_get_downgrade (rev);
      GPtrArray *rows = g_ptr_array_new ();
      g_autofree char *sid = lim_run_short_id (lim_revision_get_id (rev));

      for (guint o = 0; o < ops->len; o++)
        {
          const LimOperation *op = g_ptr_array_index (ops, o);
          g_autofree char *describe = lim_operation_describe (op);
          g_autofree char *subtitle = NULL;
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *stack = make_state_stack ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), describe);
          /* Translators: a short revision id, then the step number in it */
          subtitle = g_strdup_printf (_("%s · step %u"), sid, o + 1);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), stack);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
          gtk_widget_add_css_class (row, "run-operation");
          if (lim_operation_is_destructive (op))
            {
              GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

              gtk_widget_add_css_class (warning, "warning");
              gtk_widget_set_tooltip_text (warning, _("Destructive: this operation can lose data"));
              gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              _("Destructive: this operation can lose data"), -1);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), warning);
            }
          gtk_list_box_append (self->op_list, row);
          g_ptr_array_add (rows, stack);
        }
      g_ptr_array_add (self->op_rows, rows);
    }
}

char **
lim_run_dialog_dup_operation_states (LimRunDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);

  for (guint r = 0; r < self->op_rows->len; r++)
    {
      GPtrArray *rows = g_ptr_array_index (self->op_rows, r);

      for (guint o = 0; o < rows->len; o++)
        g_strv_builder_add (builder, gtk_stack_get_visible_child_name (g_ptr_array_index (rows, o)));
    }

  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------ progress */

static void
update_step (LimRunDialog *self)
{
  guint rev_index = 0, n_revs = 0, op_index = 0, n_ops = 0;
  g_autofree char *text = NULL;

  if (self->runner == NULL)
    return;

  g_object_get (self->runner,
                "revision-index", &rev_index,
                "n-revisions", &n_revs,
                "operation-index", &op_index,
                "n-operations", &n_ops,
                NULL);
  if (n_revs == 0)
    return;

  if (n_ops > 0 && op_index > 0)
    /* Translators: "Revision 2 of 3 · Step 4 of 7" */
    text = g_strdup_printf (_("Revision %u of %u · Step %u of %u"), rev_index, n_revs, op_index, n_ops);
  else
    text = g_strdup_printf (_("Revision %u of %u"), MAX (rev_index, 1), n_revs);
  gtk_label_set_text (self->step_label, text);
}

static void
on_operation_state_cb (LimRunner    *runner,
                       guint         revision_index,
                       guint         operation_index,
                       LimOpRunState state,
                       const char   *message,
                       LimRunDialog *self)
{
  set_op_state (self, revision_index, operation_index, state);

  if (state == LIM_OP_RUN_RUNNING && revision_index > 0 && revision_index <= self->op_rows->len)
    {
      const LimPlan *plan = lim_runner_get_plan (runner);
      LimRevision *rev = g_ptr_array_index (plan->revisions, revision_index - 1);
      GPtrArray *ops = plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                           : lim_revision_get_downgrade (rev);

      if (operation_index > 0 && operation_index <= ops->len)
        {
          g_autofree char *describe = lim_operation_describe (g_ptr_array_index (ops, operation_index - 1));

          gtk_label_set_text (self->message_label, describe);
          gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
        }
    }
  update_step (self);
}

static void
on_recovering_cb (LimRunner    *runner,
                  const char   *message,
                  LimRunDialog *self)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
}

static void
on_question_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         LimRunDialog     *self)
{
  if (self->message_dialog == dialog)
    self->message_dialog = NULL;
  self->question_pending = FALSE;
  if (self->runner != NULL)
    lim_runner_answer (self->runner, g_strcmp0 (response, "continue") == 0);
}

static void
on_confirm_cb (LimRunner    *runner,
               const char   *question,
               LimRunDialog *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change an Option in Use?"), question);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "continue", _("C_ontinue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_question_response_cb), self, 0);
  self->message_dialog = ADW_MESSAGE_DIALOG (dialog);
  self->question_pending = TRUE;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_request_cb (LimClient    *client,
               const char   *method,
               const char   *path,
               guint         status,
               double        ms,
               LimRunDialog *self)
{
  g_autofree char *bare = g_strndup (path, strcspn (path, "?"));
  g_autofree char *title = g_strdup_printf ("%s %s", method, bare);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Paths only: never a query, a header or a body. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (status == 0)
    /* Translators: a request without an HTTP status; then milliseconds */
    subtitle = g_strdup_printf (_("No response · %.0f ms"), ms);
  else
    /* Translators: an HTTP status, then milliseconds */
    subtitle = g_strdup_printf (_("%u · %.0f ms"), status, ms);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "request-row");
  if (status == 0 || status >= 400)
    gtk_widget_add_css_class (row, "error");
  /* Newest first: the request that failed is on top. */
  gtk_list_box_prepend (self->request_list, row);
  self->n_requests++;
}

/* Scrolls the first failed (or uncertain) operation into view, keeping
 * the focus on Resume. */
static void
show_failed_operation (LimRunDialog *self)
{
  for (guint r = 0; r < self->op_rows->len; r++)
    {
      GPtrArray *rows = g_ptr_array_index (self->op_rows, r);

      for (guint o = 0; o < rows->len; o++)
        {
          GtkStack *stack = g_ptr_array_index (rows, o);
          const char *name = gtk_stack_get_visible_child_name (stack);

          if (g_strcmp0 (name, "failed") == 0 || g_strcmp0 (name, "uncertain") == 0)
            {
              GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (stack), GTK_TYPE_LIST_BOX_ROW);

              graphene_point_t point;

              if (row != NULL &&
                  gtk_widget_compute_point (row, GTK_WIDGET (self->op_list),
                                            &GRAPHENE_POINT_INIT (0, 0), &point))
                {
                  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->op_scrolled);

                  gtk_adjustment_set_value (adjustment, MAX (0, point.y - 24));
                }
              return;
            }
        }
    }
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LimRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  LimRunner *runner = LIM_RUNNER (source);
  gboolean ok = lim_runner_run_finish (runner, result, &error);

  if (self->finished)  /* closed while running */
    return;

  if (ok)
    {
      set_state (self, LIM_RUN_DIALOG_STATE_DONE);
      stop_elapsed (self);
      close_for_good (self, TRUE);
      return;
    }

  stop_elapsed (self);
  if (g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *journal = lim_runner_get_journal_path (runner);
      g_autofree char *text = NULL;

      set_state (self, LIM_RUN_DIALOG_STATE_STOPPED);
      gtk_label_set_text (self->heading_label, _("Stopped"));
      if (journal != NULL)
        /* Translators: a file path */
        text = g_strdup_printf (_("The run stopped between operations. The journal records what was applied: %s"),
                                journal);
      else
        text = g_strdup (_("The run stopped between operations."));
      set_error_text (self, text);
    }
  else
    {
      set_state (self, LIM_RUN_DIALOG_STATE_FAILED);
      gtk_label_set_text (self->heading_label,
                          self->direction == LIM_DIRECTION_UP ? _("Upgrade Failed") : _("Downgrade Failed"));
      set_error_text (self, error->message);
    }
  gtk_label_set_text (self->error_label, self->error_text);
  gtk_label_set_text (self->message_label, "");
  set_buttons (self);
  show_failed_operation (self);
}

static void
start_run (LimRunDialog *self)
{
  const LimPlan *plan = lim_runner_get_plan (self->runner);
  g_autofree char *title = NULL;

  set_state (self, LIM_RUN_DIALOG_STATE_RUNNING);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  fill_operations (self, plan);
  g_clear_pointer (&self->target, g_free);
  self->target = g_strdup (plan->to);

  /* Translators: "Upgrading test" */
  title = g_strdup_printf (self->direction == LIM_DIRECTION_UP ? _("Upgrading %s") : _("Downgrading %s"),
                           lim_tenant_get_alias (self->tenant));
  gtk_label_set_text (self->heading_label, title);
  gtk_label_set_text (self->message_label, plan->resuming ? _("Resuming the unfinished run") : "");
  gtk_label_set_text (self->step_label, "");

  g_clear_pointer (&self->fraction_binding, g_binding_unbind);
  self->fraction_binding = g_object_bind_property (self->runner, "fraction",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->runner, "operation-state", G_CALLBACK (on_operation_state_cb), self, 0);
  g_signal_connect_object (self->runner, "recovering", G_CALLBACK (on_recovering_cb), self, 0);
  g_signal_connect_object (self->runner, "confirm", G_CALLBACK (on_confirm_cb), self, 0);
  g_signal_connect_object (self->runner, "notify::revision-index", G_CALLBACK (update_step), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "notify::operation-index", G_CALLBACK (update_step), self, G_CONNECT_SWAPPED);

  if (self->timer == NULL)
    self->timer = g_timer_new ();
  else
    g_timer_continue (self->timer);
  on_elapsed_tick_cb (self);
  if (self->elapsed_id == 0)
    self->elapsed_id = g_timeout_add_seconds (1, on_elapsed_tick_cb, self);

  set_buttons (self);
  gtk_window_present (GTK_WINDOW (self));

  lim_runner_run_async (self->runner, self->cancellable, on_run_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------ dry run */

static void
on_dry_run_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        LimRunDialog     *self)
{
  if (self->message_dialog == dialog)
    self->message_dialog = NULL;
  close_for_good (self, FALSE);
}

static void
on_dry_run_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LimRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const LimPlan *plan = lim_runner_get_plan (LIM_RUNNER (source));
  GPtrArray *problems;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GtkWidget *dialog;
  gboolean ok;

  ok = lim_runner_run_finish (LIM_RUNNER (source), result, &error);
  if (self->finished)
    return;

  problems = lim_runner_get_problems (LIM_RUNNER (source));
  from = lim_run_describe_revision (self->timeline, plan->from);
  to = lim_run_describe_revision (self->timeline, plan->to);
  /* Translators: tenant alias, then from and to revisions */
  g_string_append_printf (body, _("%s: %s → %s"), lim_tenant_get_alias (self->tenant), from, to);
  g_string_append (body, "\n");
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE, "%u revision, ", "%u revisions, ", plan->revisions->len),
                          plan->revisions->len);
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE, "%u operation (%u destructive)",
                                       "%u operations (%u destructive)", plan->n_operations),
                          plan->n_operations, plan->n_destructive);
  g_string_append (body, "\n");
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_string_append_printf (body, "\n• %s", (const char *) g_ptr_array_index (problems, i));
  if (!ok && (problems == NULL || problems->len == 0) && error != NULL)
    g_string_append_printf (body, "\n%s", error->message);
  g_string_append (body, "\n");
  g_string_append (body, _("Nothing was written to the tenant."));

  dialog = adw_message_dialog_new (self->parent,
                                   ok ? _("Dry Run: No Problems Found") : _("Dry Run Found Problems"),
                                   body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_widget_add_css_class (dialog, "dry-run-result");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dry_run_response_cb), self, 0);
  self->message_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------ confirmation */

static void
on_confirmed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LimRunDialog) self = user_data;
  gboolean accepted = lim_confirm_dialog_run_finish (result, NULL);

  self->message_dialog = NULL;
  if (self->finished)
    return;

  if (accepted)
    start_run (self);
  else
    close_for_good (self, FALSE);
}

static void
show_confirmation (LimRunDialog  *self,
                   const LimPlan *plan)
{
  set_state (self, LIM_RUN_DIALOG_STATE_CONFIRMING);
  self->message_dialog = lim_confirm_dialog_run_async (self->parent, self->workspace, self->tenant, plan,
                                                       self->flags, NULL, on_confirmed_cb, g_object_ref (self));
}

/* ------------------------------------------------------------ prepare */

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LimRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const LimPlan *plan;

  plan = lim_runner_prepare_finish (LIM_RUNNER (source), result, &error);
  if (self->finished)
    return;

  /* An earlier run of this tenant stopped (closed after a stop or a
   * failure): continue it, if it has the same target.  The confirmation
   * says so. */
  if (plan == NULL &&
      self->state == LIM_RUN_DIALOG_STATE_PREPARING &&
      !self->tried_resume &&
      (self->flags & (LIM_RUN_FLAGS_RESUME | LIM_RUN_FLAGS_DRY_RUN)) == 0 &&
      g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_JOURNAL))
    {
      self->tried_resume = TRUE;
      start_prepare (self, self->flags | LIM_RUN_FLAGS_RESUME);
      return;
    }

  if (plan == NULL)
    {
      if (self->state == LIM_RUN_DIALOG_STATE_PREPARING)
        {
          set_error_text (self, error->message);
          close_for_good (self, FALSE);
        }
      else
        {
          /* A resume that could not be planned. */
          set_state (self, LIM_RUN_DIALOG_STATE_FAILED);
          gtk_label_set_text (self->heading_label,
                              self->direction == LIM_DIRECTION_UP ? _("Upgrade Failed") : _("Downgrade Failed"));
          set_error_text (self, error->message);
          gtk_label_set_text (self->error_label, self->error_text);
          set_buttons (self);
        }
      return;
    }

  if (plan->up_to_date)
    {
      g_autofree char *text = g_strdup_printf (_("%s is already up to date"), lim_tenant_get_alias (self->tenant));

      set_error_text (self, text);
      close_for_good (self, FALSE);
      return;
    }

  if (self->flags & LIM_RUN_FLAGS_DRY_RUN)
    lim_runner_run_async (self->runner, self->cancellable, on_dry_run_done_cb, g_object_ref (self));
  else if (self->state == LIM_RUN_DIALOG_STATE_PREPARING)
    show_confirmation (self, plan);
  else
    start_run (self);  /* resuming: confirmed already */
}

static void
start_prepare (LimRunDialog *self,
               LimRunFlags   flags)
{
  g_clear_object (&self->runner);
  self->runner = lim_workspace_new_runner (self->workspace, self->tenant, self->client,
                                           (flags & LIM_RUN_FLAGS_DRY_RUN) == 0);
  lim_runner_prepare_async (self->runner, self->direction, self->descriptor, flags,
                            self->cancellable, on_prepared_cb, g_object_ref (self));
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LimRunDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = lim_workspace_connect_finish (LIM_WORKSPACE (source), result, &error);

  if (self->finished)
    return;

  if (client == NULL)
    {
      set_error_text (self, error->message);
      close_for_good (self, FALSE);
      return;
    }

  self->client = g_steal_pointer (&client);
  self->request_id = g_signal_connect (self->client, "request", G_CALLBACK (on_request_cb), self);
  start_prepare (self, self->flags);
}

void
lim_run_dialog_resume (LimRunDialog *self)
{
  GtkWidget *child;

  g_return_if_fail (LIM_IS_RUN_DIALOG (self));

  if (self->state != LIM_RUN_DIALOG_STATE_STOPPED && self->state != LIM_RUN_DIALOG_STATE_FAILED)
    return;

  set_state (self, LIM_RUN_DIALOG_STATE_RUNNING);
  set_error_text (self, NULL);
  gtk_label_set_text (self->heading_label, _("Resuming…"));
  set_buttons (self);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->request_list))) != NULL)
    gtk_list_box_remove (self->request_list, child);
  self->n_requests = 0;
  g_clear_pointer (&self->fraction_binding, g_binding_unbind);

  start_prepare (self, (self->flags & ~LIM_RUN_FLAGS_DRY_RUN) | LIM_RUN_FLAGS_RESUME);
}

void
lim_run_dialog_cancel (LimRunDialog *self)
{
  g_return_if_fail (LIM_IS_RUN_DIALOG (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->state == LIM_RUN_DIALOG_STATE_RUNNING)
    {
      gtk_label_set_text (self->message_label, _("Stopping after the current operation…"));
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      set_buttons (self);
    }
}

/* ------------------------------------------------------------ accessors */

LimRunDialogState
lim_run_dialog_get_state (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), LIM_RUN_DIALOG_STATE_PREPARING);
  return self->state;
}

LimRunner *
lim_run_dialog_get_runner (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->runner;
}

LimTenant *
lim_run_dialog_get_tenant (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->tenant;
}

AdwMessageDialog *
lim_run_dialog_get_message_dialog (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->message_dialog;
}

const char *
lim_run_dialog_get_error_text (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->error_text;
}

const char *
lim_run_dialog_get_target (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->target;
}

LimDirection
lim_run_dialog_get_direction (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), LIM_DIRECTION_UP);
  return self->direction;
}

guint
lim_run_dialog_get_n_requests (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), 0);
  return self->n_requests;
}

/* ------------------------------------------------------------ class */

static void
on_cancel_clicked_cb (LimRunDialog *self)
{
  lim_run_dialog_cancel (self);
}

static void
on_resume_clicked_cb (LimRunDialog *self)
{
  lim_run_dialog_resume (self);
}

static void
on_close_clicked_cb (LimRunDialog *self)
{
  close_for_good (self, FALSE);
}

static gboolean
lim_run_dialog_close_request (GtkWindow *window)
{
  LimRunDialog *self = LIM_RUN_DIALOG (window);

  if (self->state == LIM_RUN_DIALOG_STATE_RUNNING)
    {
      lim_run_dialog_cancel (self);
      return TRUE;
    }

  finish (self, self->state == LIM_RUN_DIALOG_STATE_DONE);
  return GTK_WINDOW_CLASS (lim_run_dialog_parent_class)->close_request (window);
}

static GtkWidget *
make_label (const char *css_class,
            gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), wrap);
  if (wrap)
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
make_button (const char   *label,
             const char   *css_class,
             GCallback     callback,
             LimRunDialog *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  g_signal_connect_swapped (button, "clicked", callback, self);

  return button;
}

static void
build_ui (LimRunDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *details_scrolled = gtk_scrolled_window_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Run"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  gtk_box_append (GTK_BOX (content), header);

  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (content), body);

  self->heading_label = GTK_LABEL (make_label ("title-3", TRUE));
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->heading_label));

  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overall progress"), -1);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->progress_bar));

  self->step_label = GTK_LABEL (make_label ("heading", FALSE));
  gtk_widget_set_hexpand (GTK_WIDGET (self->step_label), TRUE);
  self->elapsed_label = GTK_LABEL (make_label ("dim-label", FALSE));
  gtk_widget_add_css_class (GTK_WIDGET (self->elapsed_label), "numeric");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->step_label));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->elapsed_label));
  gtk_box_append (GTK_BOX (body), line);

  self->message_label = GTK_LABEL (make_label ("dim-label", TRUE));
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->message_label));

  self->error_label = GTK_LABEL (make_label ("run-error", TRUE));
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->error_label));

  self->op_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->op_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->op_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->op_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Operations"), -1);
  gtk_widget_set_margin_top (GTK_WIDGET (self->op_list), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->op_list), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->op_list), 2);
  gtk_widget_set_margin_end (GTK_WIDGET (self->op_list), 2);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->op_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (body), scrolled);
  self->op_scrolled = GTK_SCROLLED_WINDOW (scrolled);

  self->request_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->request_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->request_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->request_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Requests made"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (details_scrolled), GTK_WIDGET (self->request_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (details_scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (details_scrolled), 160);
  self->details_expander = GTK_EXPANDER (gtk_expander_new_with_mnemonic (_("Show _Details")));
  gtk_expander_set_child (self->details_expander, details_scrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->details_expander), "run-details");
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->details_expander));

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  self->cancel_button = make_button (_("_Cancel"), NULL, G_CALLBACK (on_cancel_clicked_cb), self);
  self->close_button = make_button (_("C_lose"), "close-button", G_CALLBACK (on_close_clicked_cb), self);
  self->resume_button = make_button (_("_Resume"), "suggested-action", G_CALLBACK (on_resume_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->close_button);
  gtk_box_append (GTK_BOX (buttons), self->resume_button);
  gtk_box_append (GTK_BOX (body), buttons);

  adw_window_set_content (ADW_WINDOW (self), content);
}

static void
lim_run_dialog_dispose (GObject *object)
{
  LimRunDialog *self = LIM_RUN_DIALOG (object);

  /* Destroyed from outside (the application quitting): the run ends. */
  if (!self->finished)
    finish (self, FALSE);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->runner != NULL && self->question_pending)
    {
      /* Nobody is left to answer. */
      self->question_pending = FALSE;
      lim_runner_answer (self->runner, FALSE);
    }
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  stop_elapsed (self);
  if (self->message_dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->message_dialog);

      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_clear_pointer (&self->fraction_binding, g_binding_unbind);
  if (self->client != NULL)
    g_clear_signal_handler (&self->request_id, self->client);

  G_OBJECT_CLASS (lim_run_dialog_parent_class)->dispose (object);
}

static void
lim_run_dialog_finalize (GObject *object)
{
  LimRunDialog *self = LIM_RUN_DIALOG (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->tenant, lim_tenant_unref);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_pointer (&self->descriptor, g_free);
  g_clear_object (&self->runner);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->timer, g_timer_destroy);
  g_clear_pointer (&self->error_text, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->op_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lim_run_dialog_parent_class)->finalize (object);
}

static void
lim_run_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LimRunDialog *self = LIM_RUN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_run_dialog_class_init (LimRunDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = lim_run_dialog_get_property;
  /* A LimRunDialogState. */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL,
                                             LIM_RUN_DIALOG_STATE_PREPARING, LIM_RUN_DIALOG_STATE_DONE,
                                             LIM_RUN_DIALOG_STATE_PREPARING,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  object_class->dispose = lim_run_dialog_dispose;
  object_class->finalize = lim_run_dialog_finalize;
  window_class->close_request = lim_run_dialog_close_request;

  /* Escape: cancel while running, close otherwise. */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
lim_run_dialog_init (LimRunDialog *self)
{
  self->op_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 620);
  gtk_widget_add_css_class (GTK_WIDGET (self), "run-dialog");
  build_ui (self);
}

LimRunDialog *
lim_run_dialog_new (GtkWindow    *parent,
                    LimWorkspace *workspace,
                    LimTenant    *tenant,
                    LimDirection  direction,
                    const char   *descriptor,
                    LimRunFlags   flags)
{
  LimRunDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (LIM_TYPE_RUN_DIALOG, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  g_set_weak_pointer (&self->parent, parent);
  self->workspace = g_object_ref (workspace);
  self->tenant = lim_tenant_ref (tenant);
  self->timeline = lim_timeline_ref (lim_workspace_get_timeline (workspace));
  self->direction = direction;
  self->descriptor = g_strdup (descriptor);
  self->flags = flags;
  set_state (self, LIM_RUN_DIALOG_STATE_PREPARING);

  /* Translators: "Upgrade — test" */
  title = g_strdup_printf (_("%s — %s"), verb_title (self), lim_tenant_get_alias (tenant));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  lim_workspace_connect_async (workspace, tenant, LIM_TENANT_RESOLVE_DEFAULT,
                               self->cancellable, on_connected_cb, g_object_ref (self));

  return self;
}

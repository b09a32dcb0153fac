/* lim-run-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-confirm-dialog.h"
#include "lim-operation.h"
#include "lim-question.h"
#include "lim-report-window.h"
#include "lim-run-record.h"
#include "lim-run-dialog.h"

struct _LimRunDialog
{
  AdwWindow parent_instance;

  /* Owned References */
  LimRun    *run;
  GTimer    *timer;
  GPtrArray *op_rows;              /* per revision: GPtrArray of GtkStack (state icons) */
  guint      elapsed_id;
  guint      follow_id;            /* tick: scrolls to follow_row once laid out */
  GtkWidget *follow_row;
  gboolean   finished;

  /* Borrowed References */
  GtkWindow        *parent;        /* weak */
  AdwMessageDialog *message_dialog;

  /* Template Widgets */
  AdwWindowTitle    *window_title;
  GtkLabel          *elapsed_label;
  GtkLabel          *error_label;
  GtkListBox        *op_list;
  GtkScrolledWindow *op_scrolled;
  GtkExpander       *details_expander;
  GtkListBox        *request_list;
  GtkWidget         *cancel_button;
  GtkWidget         *resume_button;
  GtkWidget         *break_lock_button;
  GtkWidget         *close_button;
  GtkLabel          *summary_label;
  GtkEntry          *gate_entry;
  GtkWidget         *copy_report_button;
  GtkWidget         *save_report_button;
  GtkWidget         *override_button;
  GtkWidget         *progress_bar;
  GtkWidget         *step_box;
  GtkLabel          *problems_label;
  GtkScrolledWindow *problems_scrolled;
  GtkListView       *problem_list;
  GtkLabel          *journal_label;
  GtkWidget         *copy_problems_button;
  GtkWidget         *upgrade_now_button;
};

G_DEFINE_FINAL_TYPE (LimRunDialog, lim_run_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------ ending */

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
start_elapsed (LimRunDialog *self)
{
  if (self->timer == NULL)
    self->timer = g_timer_new ();
  else
    g_timer_continue (self->timer);
  on_elapsed_tick_cb (self);
  if (self->elapsed_id == 0)
    self->elapsed_id = g_timeout_add_seconds (1, on_elapsed_tick_cb, self);
}

static void
set_buttons (LimRunDialog *self)
{
  LimRunState state = lim_run_get_state (self->run);
  gboolean running = state == LIM_RUN_STATE_RUNNING;
  gboolean ended = state == LIM_RUN_STATE_STOPPED || state == LIM_RUN_STATE_FAILED;
  gboolean can_resume = ended && lim_run_get_can_resume (self->run);

  gtk_widget_set_visible (self->cancel_button, running);
  /* Resume only where running again can help: not after a failed
   * pre-check, which would fail the same way. */
  gtk_widget_set_visible (self->resume_button, can_resume);
  /* A lock whose lease expired may be broken, after a confirmation. */
  {
    const LimLock *held = lim_run_get_held_lock (self->run);

    gtk_widget_set_visible (self->break_lock_button,
                            ended && held != NULL &&
                            lim_lock_is_expired (held, g_get_real_time () / G_USEC_PER_SEC));
  }
  /* Refused by another run's lock or a closed gate: nothing ran, so
   * nothing to resume. */
  gtk_button_set_label (GTK_BUTTON (self->resume_button),
                        lim_run_get_refused_by_lock (self->run) || lim_run_get_refused_by_gate (self->run)
                          ? _("_Try Again") : _("_Resume"));
  gtk_widget_set_visible (GTK_WIDGET (self->gate_entry), lim_run_get_refused_by_gate (self->run));
  gtk_widget_set_visible (self->override_button, lim_run_get_refused_by_gate (self->run));
  gtk_widget_set_visible (self->close_button, ended);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), ended);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), ended);
  gtk_window_set_deletable (GTK_WINDOW (self), !running);
  if (state == LIM_RUN_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
  if (ended)
    {
      g_autofree char *journal = lim_run_dup_journal_path (self->run);
      g_autofree char *text = NULL;

      /* Translators: a file path */
      text = journal != NULL ? g_strdup_printf (_("Journal: %s"), journal) : NULL;
      gtk_label_set_text (self->journal_label, text ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (self->journal_label), text != NULL);
    }
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 can_resume ? self->resume_button : ended ? self->close_button : NULL);
  if (ended && !can_resume)
    gtk_widget_add_css_class (self->close_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->close_button, "suggested-action");

  if (can_resume)
    gtk_widget_grab_focus (self->resume_button);
  else if (ended)
    gtk_widget_grab_focus (self->close_button);
  else if (running)
    gtk_widget_grab_focus (self->cancel_button);
}

/* ------------------------------------------------------------ operations */

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

static GtkWidget *
make_operation_row (const LimOperation *op,
                    const char         *sid,
                    guint               step,
                    GtkWidget          *stack)
{
  g_autofree char *describe = lim_operation_describe (op);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), describe);
  /* Translators: a short revision id, then the step number in it */
  subtitle = g_strdup_printf (_("%s · step %u"), sid, step);
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

  return row;
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
      g_autofree char *sid = lim_run_unique_short_id (lim_workspace_get_timeline (lim_run_get_workspace (self->run)),
                                                      lim_revision_get_id (rev));

      for (guint o = 0; o < ops->len; o++)
        {
          GtkWidget *stack = make_state_stack ();

          gtk_list_box_append (self->op_list, make_operation_row (g_ptr_array_index (ops, o), sid, o + 1, stack));
          g_ptr_array_add (rows, stack);
        }
      g_ptr_array_add (self->op_rows, rows);
    }
}

/* Scrolls @row of the operation list into view, in the middle of it,
 * unless it is already whole on screen. */
static gboolean
scroll_to_row (LimRunDialog *self,
               GtkWidget    *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->op_scrolled);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  graphene_rect_t bounds;
  double top, bottom;

  if (!gtk_widget_compute_bounds (row, GTK_WIDGET (self->op_list), &bounds) || bounds.size.height <= 0)
    return FALSE;
  top = bounds.origin.y;
  bottom = top + bounds.size.height;
  if (top < value || bottom > value + page)
    gtk_adjustment_set_value (adjustment, top - (page - bounds.size.height) / 2);
  return TRUE;
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  LimRunDialog *self = LIM_RUN_DIALOG (widget);

  self->follow_id = 0;
  if (self->follow_row != NULL && gtk_widget_get_parent (self->follow_row) != NULL)
    scroll_to_row (self, self->follow_row);
  g_clear_object (&self->follow_row);
  return G_SOURCE_REMOVE;
}

/* The list follows the running operation. */
static void
follow_row (LimRunDialog *self,
            GtkWidget    *row)
{
  if (scroll_to_row (self, row))
    return;
  /* Not laid out yet (the list was just filled): on the next frame. */
  g_set_object (&self->follow_row, row);
  if (self->follow_id == 0)
    self->follow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb, NULL, NULL);
}

static void
on_operation_state_cb (LimRunDialog *self,
                       guint         revision_index,
                       guint         operation_index,
                       int           state)
{
  GPtrArray *rows;
  GtkWidget *stack;

  if (revision_index == 0 || revision_index > self->op_rows->len)
    return;
  rows = g_ptr_array_index (self->op_rows, revision_index - 1);
  if (operation_index == 0 || operation_index > rows->len)
    return;
  stack = g_ptr_array_index (rows, operation_index - 1);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), lim_run_operation_state_name (state));
  if (state == LIM_OP_RUN_RUNNING)
    {
      GtkWidget *row = gtk_widget_get_ancestor (stack, GTK_TYPE_LIST_BOX_ROW);

      if (row != NULL)
        follow_row (self, row);
    }
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
          GtkWidget *row;
          graphene_point_t point;

          if (g_strcmp0 (name, "failed") != 0 && g_strcmp0 (name, "uncertain") != 0)
            continue;

          row = gtk_widget_get_ancestor (GTK_WIDGET (stack), GTK_TYPE_LIST_BOX_ROW);
          if (row != NULL &&
              gtk_widget_compute_point (row, GTK_WIDGET (self->op_list), &GRAPHENE_POINT_INIT (0, 0), &point))
            gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->op_scrolled),
                                      MAX (0, point.y - 24));
          return;
        }
    }
}

/* ------------------------------------------------------------ the run's questions */

static void
on_request_cb (LimRunDialog *self,
               const char   *method,
               const char   *path,
               guint         status,
               double        ms)
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
}

static void
on_question_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         LimRunDialog     *self)
{
  if (self->message_dialog == dialog)
    self->message_dialog = NULL;
  lim_run_answer (self->run, g_strcmp0 (response, "continue") == 0);
}

static void
on_question_cb (LimRunDialog *self,
                const char   *question)
{
  AdwMessageDialog *dialog = lim_question_new (GTK_WINDOW (self), _("Change an Option in Use?"), question, NULL,
                                               "continue", _("C_ontinue"), ADW_RESPONSE_DESTRUCTIVE);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_question_response_cb), self, 0);
  self->message_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_confirmed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LimRunDialog) self = user_data;
  gboolean accepted = lim_confirm_dialog_run_finish (result, NULL);

  self->message_dialog = NULL;
  if (!self->finished)
    lim_run_confirm (self->run, accepted);
}

static void
on_confirm_cb (LimRunDialog  *self,
               const LimPlan *plan)
{
  self->message_dialog = lim_confirm_dialog_run_async (self->parent, lim_run_get_workspace (self->run),
                                                       lim_run_get_tenant (self->run), plan,
                                                       lim_run_get_flags (self->run), NULL,
                                                       on_confirmed_cb, g_object_ref (self));
}

/* The problems list recycles its rows (a dry run may find thousands): a
 * flat list of revision headings ("4e2c8a9 (…) — 3 problems") and the
 * problems under each. */
static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, label);
}

static void
bind_problem_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *problem = gtk_list_item_get_item (item);
  gboolean heading = g_object_get_data (problem, "lim-problem-heading") != NULL;

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (GTK_STRING_OBJECT (problem)));
  gtk_widget_set_margin_top (label, heading ? 12 : 8);
  gtk_widget_set_margin_bottom (label, 8);
  if (heading)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "problem-heading");
      gtk_widget_remove_css_class (label, "problem-row");
    }
  else
    {
      gtk_widget_remove_css_class (label, "heading");
      gtk_widget_remove_css_class (label, "problem-heading");
      gtk_widget_add_css_class (label, "problem-row");
    }
}

static void
fill_problems (LimRunDialog *self)
{
  const LimPlan *plan = lim_run_get_plan (self->run);
  guint n = lim_run_get_n_problems (self->run);
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  guint n_revisions = plan != NULL ? plan->revisions->len : 0;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  /* One pass over the problems, bucketed by revision (1-based). */
  for (guint r = 0; r <= n_revisions; r++)
    g_ptr_array_add (rows, g_ptr_array_new_with_free_func (g_object_unref));
  for (guint i = 0; i < n; i++)
    {
      guint revision = 0;

      lim_run_get_problem (self->run, i, &revision);
      if (revision >= 1 && revision <= n_revisions)
        g_ptr_array_add (g_ptr_array_index (rows, revision),
                         gtk_string_object_new (lim_run_get_problem_detail (self->run, i)));
    }

  for (guint r = 1; r <= n_revisions; r++)
    {
      GPtrArray *bucket = g_ptr_array_index (rows, r);
      g_autofree char *heading = NULL;
      g_autoptr(GtkStringObject) header = NULL;

      if (bucket->len == 0)
        continue;
      heading = lim_run_dup_problems_heading (self->run, r);
      header = gtk_string_object_new (heading);
      g_object_set_data (G_OBJECT (header), "lim-problem-heading", GINT_TO_POINTER (TRUE));
      g_list_store_append (store, header);
      g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, bucket->pdata, bucket->len);
    }

  g_signal_connect (factory, "setup", G_CALLBACK (setup_problem_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_problem_cb), NULL);
  gtk_list_view_set_factory (self->problem_list, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&store)));
  gtk_list_view_set_model (self->problem_list, GTK_SELECTION_MODEL (selection));
}

/* A dry run's result, in this window: what it would do, its problems
 * grouped by revision (they scroll, whatever their number), Copy, Close,
 * and after a clean dry run Upgrade Now. */
static void
show_dry_run_result (LimRunDialog *self)
{
  LimRunState state = lim_run_get_state (self->run);
  gboolean clean = state == LIM_RUN_STATE_DONE;
  guint n = lim_run_get_n_problems (self->run);
  g_autofree char *overview = lim_run_dup_dry_run_overview (self->run);
  g_autofree char *count = NULL;

  stop_elapsed (self);
  if (n > 0)
    count = g_strdup_printf ("%s %s", lim_run_get_error_text (self->run), _("Nothing was written to the tenant."));
  else if (clean)
    count = g_strdup_printf ("%s %s", _("Every operation would apply."), _("Nothing was written to the tenant."));
  else
    count = g_strdup (_("Nothing was written to the tenant."));
  /* Copy takes the text: a selectable label would take the focus too. */
  gtk_label_set_selectable (self->summary_label, FALSE);
  gtk_label_set_text (self->summary_label, overview ? overview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), overview != NULL);
  gtk_label_set_text (self->problems_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
  fill_problems (self);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_scrolled), n > 0);

  gtk_widget_set_visible (self->progress_bar, FALSE);
  gtk_widget_set_visible (self->step_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->op_scrolled), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
  /* A dry run that could not finish (the tenant went away) says why. */
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !clean && n == 0);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->resume_button, FALSE);
  gtk_widget_set_visible (self->break_lock_button, FALSE);
  gtk_widget_set_visible (self->override_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->gate_entry), FALSE);
  gtk_widget_set_visible (self->copy_problems_button, TRUE);
  gtk_widget_set_visible (self->close_button, TRUE);
  gtk_widget_set_visible (self->upgrade_now_button, clean);
  gtk_button_set_label (GTK_BUTTON (self->upgrade_now_button),
                        lim_run_get_direction (self->run) == LIM_DIRECTION_UP ? _("_Upgrade Now")
                                                                              : _("_Downgrade Now"));
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), clean ? self->upgrade_now_button : self->close_button);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dry-run-result");
  if (n > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), 640, 640);
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 560, -1);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (clean ? self->upgrade_now_button : self->close_button);
}

static void
on_copy_problems_clicked_cb (LimRunDialog *self)
{
  g_autofree char *report = lim_run_dup_dry_run_report (self->run);

  if (report != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), report);
}

/* After a clean dry run: the real run to the same target, through the
 * window's own action (and so its usual confirmation). */
static void
on_upgrade_now_clicked_cb (LimRunDialog *self)
{
  const LimPlan *plan = lim_run_get_plan (self->run);
  g_autoptr(GtkWidget) parent = self->parent != NULL ? g_object_ref (GTK_WIDGET (self->parent)) : NULL;
  g_autofree char *target = plan != NULL ? g_strdup (plan->to) : NULL;
  const char *action = lim_run_get_direction (self->run) == LIM_DIRECTION_UP ? "win.upgrade-to" : "win.downgrade-to";

  if (parent == NULL || target == NULL || lim_run_get_state (self->run) != LIM_RUN_STATE_DONE)
    return;
  /* This run ends first: the window starts one run at a time. */
  close_for_good (self, FALSE);
  gtk_widget_activate_action (parent, action, "s", target);
}

/* A completed run stays on screen as its summary, with its report. */
static void
show_summary (LimRunDialog *self)
{
  g_autofree char *summary = lim_run_dup_summary (self->run);
  gboolean has_record = lim_run_get_record_path (self->run) != NULL;

  gtk_label_set_text (self->summary_label, summary ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->resume_button, FALSE);
  gtk_widget_set_visible (self->break_lock_button, FALSE);
  gtk_widget_set_visible (self->override_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->gate_entry), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), TRUE);
  gtk_widget_set_visible (self->copy_report_button, has_record);
  gtk_widget_set_visible (self->save_report_button, has_record);
  gtk_widget_set_visible (self->close_button, TRUE);
  gtk_widget_add_css_class (self->close_button, "suggested-action");
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->close_button);
  gtk_widget_grab_focus (self->close_button);
  gtk_widget_add_css_class (GTK_WIDGET (self), "run-summary-shown");
  /* The window learns of the success now (its toast, a fresh reading of
   * the tenant); the summary stays until it is closed. */
  finish (self, TRUE);
}

static JsonObject *
load_record (LimRunDialog *self)
{
  const char *path = lim_run_get_record_path (self->run);
  g_autoptr(GError) error = NULL;
  JsonObject *record = path ? lim_run_record_load (path, &error) : NULL;

  if (error)
    g_warning ("%s", error->message);
  return record;
}

static void
on_copy_report_clicked_cb (LimRunDialog *self)
{
  g_autoptr(JsonObject) record = load_record (self);

  if (record)
    lim_report_copy (GTK_WIDGET (self), record);
}

static void
on_save_report_clicked_cb (LimRunDialog *self)
{
  g_autoptr(JsonObject) record = load_record (self);

  if (record)
    lim_report_save (GTK_WINDOW (self), record);
}

static void
on_gate_entry_changed_cb (LimRunDialog *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->gate_entry))));

  gtk_widget_set_sensitive (self->override_button, *reason != '\0');
}

static void
on_override_clicked_cb (LimRunDialog *self)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->gate_entry));
  GtkWidget *child;

  if (!gtk_widget_get_sensitive (self->override_button))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->request_list))) != NULL)
    gtk_list_box_remove (self->request_list, child);
  lim_run_override_gate (self->run, reason);
}

/* ------------------------------------------------------------ the run's state */

static void
on_started_cb (LimRunDialog *self)
{
  fill_operations (self, lim_run_get_plan (self->run));
  if (!gtk_widget_get_visible (GTK_WIDGET (self->op_scrolled)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->op_scrolled), TRUE);
      gtk_window_set_default_size (GTK_WINDOW (self), 560, 620);
    }
  start_elapsed (self);
  set_buttons (self);
  gtk_window_present (GTK_WINDOW (self));
}

static void
on_state_cb (LimRunDialog *self)
{
  LimRunState state = lim_run_get_state (self->run);
  gboolean dry_run = (lim_run_get_flags (self->run) & LIM_RUN_FLAGS_DRY_RUN) != 0;

  if (self->finished)
    return;

  switch (state)
    {
    case LIM_RUN_STATE_PREPARING:
    case LIM_RUN_STATE_CONFIRMING:
      break;

    case LIM_RUN_STATE_RUNNING:
      set_buttons (self);
      break;

    case LIM_RUN_STATE_STOPPED:
    case LIM_RUN_STATE_FAILED:
      if (dry_run)
        {
          show_dry_run_result (self);
          break;
        }
      stop_elapsed (self);
      set_buttons (self);
      show_failed_operation (self);
      /* Refused before it started (the tenant is locked): not shown yet. */
      if (!gtk_widget_get_visible (GTK_WIDGET (self)))
        {
          /* Nothing planned: no operations or requests to list. */
          gtk_widget_set_visible (GTK_WIDGET (self->op_scrolled), FALSE);
          gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
          gtk_window_set_default_size (GTK_WINDOW (self), 480, -1);
          on_elapsed_tick_cb (self);
          gtk_window_present (GTK_WINDOW (self));
        }
      break;

    case LIM_RUN_STATE_DONE:
      stop_elapsed (self);
      if (dry_run)
        show_dry_run_result (self);
      else
        show_summary (self);
      break;

    case LIM_RUN_STATE_DECLINED:
    case LIM_RUN_STATE_NOT_RUN:
    default:
      close_for_good (self, FALSE);
      break;
    }
}

/* ------------------------------------------------------------ buttons */

static void
on_cancel_clicked_cb (LimRunDialog *self)
{
  lim_run_cancel (self->run);
}

static void
on_resume_clicked_cb (LimRunDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->request_list))) != NULL)
    gtk_list_box_remove (self->request_list, child);
  lim_run_resume (self->run);
}

static void
on_break_lock_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           LimRunDialog     *self)
{
  GtkWidget *child;

  if (self->message_dialog == dialog)
    self->message_dialog = NULL;
  if (g_strcmp0 (response, "break") != 0)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->request_list))) != NULL)
    gtk_list_box_remove (self->request_list, child);
  lim_run_break_lock (self->run);
}

/* Break an expired lock: only once the person has read whose it is. */
static void
on_break_lock_clicked_cb (LimRunDialog *self)
{
  const LimLock *held = lim_run_get_held_lock (self->run);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (held == NULL)
    return;
  since = g_date_time_new_from_unix_local (held->since);
  until = g_date_time_new_from_unix_local (held->until);
  since_text = since ? g_date_time_format (since, "%H:%M") : g_strdup ("?");
  until_text = until ? g_date_time_format (until, "%H:%M") : g_strdup ("?");
  body = g_strdup_printf (_("%s@%s (process %d) has held tenant %s since %s; its lease expired at %s. Break the "
                            "lock only if that run is no longer going: two runs at once can leave the tenant "
                            "inconsistent."),
                          held->holder, held->host, (int) held->pid,
                          lim_tenant_get_alias (lim_run_get_tenant (self->run)), since_text, until_text);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Break the Tenant Lock?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "break", _("_Break Lock"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "break", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_add_css_class (dialog, "break-lock-confirmation");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_break_lock_response_cb), self, 0);
  self->message_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_close_clicked_cb (LimRunDialog *self)
{
  close_for_good (self, FALSE);
}

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* ------------------------------------------------------------ class */

LimRun *
lim_run_dialog_get_run (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->run;
}

AdwMessageDialog *
lim_run_dialog_get_message_dialog (LimRunDialog *self)
{
  g_return_val_if_fail (LIM_IS_RUN_DIALOG (self), NULL);
  return self->message_dialog;
}

/* Escape: the same clean stop as Cancel while running (the window is not
 * deletable then, so "window.close" would do nothing), else close. */
static gboolean
on_escape_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  LimRunDialog *self = LIM_RUN_DIALOG (widget);

  if (lim_run_get_state (self->run) == LIM_RUN_STATE_RUNNING)
    {
      if (lim_run_get_can_cancel (self->run))
        lim_run_cancel (self->run);
      return TRUE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static gboolean
lim_run_dialog_close_request (GtkWindow *window)
{
  LimRunDialog *self = LIM_RUN_DIALOG (window);
  LimRunState state = lim_run_get_state (self->run);

  if (state == LIM_RUN_STATE_RUNNING)
    {
      lim_run_cancel (self->run);
      return TRUE;
    }

  finish (self, state == LIM_RUN_STATE_DONE);
  return GTK_WINDOW_CLASS (lim_run_dialog_parent_class)->close_request (window);
}

static void
lim_run_dialog_dispose (GObject *object)
{
  LimRunDialog *self = LIM_RUN_DIALOG (object);

  /* Destroyed from outside (the application quitting): the run ends. */
  if (!self->finished)
    finish (self, FALSE);
  if (self->run != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run, self);
      lim_run_cancel (self->run);
      /* Nobody is left to answer. */
      lim_run_answer (self->run, FALSE);
    }
  stop_elapsed (self);
  if (self->follow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_id);
  self->follow_id = 0;
  g_clear_object (&self->follow_row);
  if (self->message_dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->message_dialog);

      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_RUN_DIALOG);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (lim_run_dialog_parent_class)->dispose (object);
}

static void
lim_run_dialog_finalize (GObject *object)
{
  LimRunDialog *self = LIM_RUN_DIALOG (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->timer, g_timer_destroy);
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
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_run_dialog_class_init (LimRunDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lim_run_dialog_dispose;
  object_class->finalize = lim_run_dialog_finalize;
  object_class->get_property = lim_run_dialog_get_property;
  window_class->close_request = lim_run_dialog_close_request;

  properties[PROP_RUN] = g_param_spec_object ("run", NULL, NULL, LIM_TYPE_RUN,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (LIM_TYPE_RUN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-run-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, op_list);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, op_scrolled);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, details_expander);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, request_list);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, break_lock_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, gate_entry);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, copy_report_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, save_report_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, override_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, step_box);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, problems_scrolled);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, problem_list);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, journal_label);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, copy_problems_button);
  gtk_widget_class_bind_template_child (widget_class, LimRunDialog, upgrade_now_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_problems_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_upgrade_now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gate_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_override_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_resume_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_break_lock_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, has_text);

  /* Escape: cancel while running, close otherwise. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape_cb, NULL);
}

static void
lim_run_dialog_init (LimRunDialog *self)
{
  self->op_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

LimRunDialog *
lim_run_dialog_new (GtkWindow *parent,
                    LimRun    *run)
{
  LimRunDialog *self;
  g_autofree char *title = NULL;
  const char *verb;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIM_IS_RUN (run), NULL);

  self = g_object_new (LIM_TYPE_RUN_DIALOG, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  /* A summary left open goes with the window. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  g_set_weak_pointer (&self->parent, parent);
  self->run = g_object_ref (run);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);

  if (lim_run_get_flags (run) & LIM_RUN_FLAGS_DRY_RUN)
    verb = _("Dry Run");
  else
    verb = lim_run_get_direction (run) == LIM_DIRECTION_UP ? _("Upgrade") : _("Downgrade");
  /* Translators: "Upgrade — test" */
  title = g_strdup_printf (_("%s — %s"), verb, lim_tenant_get_alias (lim_run_get_tenant (run)));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  g_signal_connect_object (run, "notify::state", G_CALLBACK (on_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "started", G_CALLBACK (on_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "confirm", G_CALLBACK (on_confirm_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "question", G_CALLBACK (on_question_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "operation-state", G_CALLBACK (on_operation_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "request", G_CALLBACK (on_request_cb), self, G_CONNECT_SWAPPED);
  lim_run_start (run);

  return self;
}

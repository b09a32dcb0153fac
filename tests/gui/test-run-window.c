/* test-run-window.c — the run window on a real project (issue 16): a dry
 * run's problems in a scrolling list grouped by revision, Copy and Upgrade
 * Now; the operation list following the running step; Escape stopping a
 * run; a failed pre-check marking its step and offering Close; the
 * confirmation listing the revisions, red only for destructive runs, and
 * Enter confirming a protected tenant's typed name.
 *
 * The demo project (--demo's own code path) with its in-process sandbox
 * tenants; revisions written into its folder, then the demo opened again,
 * give the big plans.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-operation.h"
#include "lim-run-dialog.h"
#include "lim-tenant-item.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

/* Shares its first 7 characters with the demo's head, 4e2c8a9d5b70. */
#define NEAR_HEAD_ID "4e2c8a9f0e11"
#define SECOND_ID    "9a0b1c2d3e4f"

typedef struct _Fixture
{
  LimApplication *app;
  LimWindow      *window;
  void          (*body) (struct _Fixture *fx);
  gboolean        body_ran;
  char           *demo_dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->app = g_object_new (LIM_TYPE_APPLICATION,
                          "application-id", NULL,
                          "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                          "resource-base-path", "/io/github/liminal_desktop/Liminal",
                          NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  LimApplication *app = g_steal_pointer (&fx->app);

  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &app);
  g_object_unref (app);
  g_assert_null (app);
  g_assert_nonnull (fx->demo_dir);
  g_assert_false (g_file_test (fx->demo_dir, G_FILE_TEST_EXISTS));
  g_free (fx->demo_dir);
}

static gboolean
all_read (gpointer data)
{
  Fixture *fx = data;
  GListModel *tenants = lim_window_get_tenants (fx->window);

  if (g_list_model_get_n_items (tenants) == 0)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (tenants); i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (tenants, i);

      if (lim_tenant_item_get_loading (item) || lim_tenant_item_get_status (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

static LimTenantRow *
get_row (Fixture    *fx,
         const char *alias)
{
  GtkListBox *list = lim_window_get_tenant_list (fx->window);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (LIM_IS_TENANT_ROW (child) &&
        g_strcmp0 (lim_tenant_item_get_alias (lim_tenant_row_get_item (LIM_TENANT_ROW (child))), alias) == 0)
      return LIM_TENANT_ROW (child);
  return NULL;
}

static void
select_tenant (Fixture    *fx,
               const char *alias)
{
  LimTenantRow *row = get_row (fx, alias);

  g_assert_nonnull (row);
  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window), GTK_LIST_BOX_ROW (row));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *path = NULL;

  gtk_test_widget_wait_for_draw (widget);
  gui_test_spin (800);
  path = gui_test_screenshot (widget, name);
  if (path != NULL)
    g_test_message ("screenshot: %s", path);
}

static void
on_activate_cb (GApplication *app,
                Fixture      *fx)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  fx->window = lim_application_open_demo (LIM_APPLICATION (app), &error);
  g_assert_no_error (error);
  fx->demo_dir = g_strdup (lim_application_get_demo_dir (LIM_APPLICATION (app)));
  for (const char * const *a = (const char *[]) { "dev", "test", "prod", NULL }; *a != NULL; a++)
    lim_sandbox_set_rate_limit (lim_application_get_demo_sandbox (LIM_APPLICATION (app), *a), 1000, 30);
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1200, 760);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  g_assert_true (gui_test_wait_until (all_read, fx, 30000));

  fx->body (fx);
  fx->body_ran = TRUE;

  window = GTK_WINDOW (fx->window);
  fx->window = NULL;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  gui_test_spin (50);
  g_assert_null (window);
}

static void
run_in_app (Fixture  *fx,
            void    (*body) (Fixture *fx))
{
  char *argv[] = { (char *) "liminal-desktop", NULL };

  fx->body = body;
  g_signal_connect_after (fx->app, "activate", G_CALLBACK (on_activate_cb), fx);
  g_assert_cmpint (g_application_run (G_APPLICATION (fx->app), 1, argv), ==, 0);
  g_assert_true (fx->body_ran);
}

/* ------------------------------------------------------------ the project */

/* Writes a revision file into the demo project's versions folder. */
static void
write_revision (Fixture    *fx,
                const char *id,
                const char *down,
                const char *description,
                const char *ops)
{
  static const char template[] =
    "\n'''\n%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2026-02-01 00:00:00\n'''\n\n"
    "import liminal.external as b\n\n# revision identifiers, used by Liminal.\nrevision = \"%s\"\n"
    "down_revision = \"%s\"\n\n\n"
    "# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
    "def upgrade() -> list[b.BaseOperation]:\n    return [%s]\n\n"
    "# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
    "def downgrade() -> list[b.BaseOperation]:\n    return []\n";
  g_autofree char *text = g_strdup_printf (template, description, id, down, id, down, ops);
  g_autofree char *name = g_strdup_printf ("%s_generated.py", id);
  g_autofree char *path = g_build_filename (fx->demo_dir, "pizzeria", "versions", name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* @n operations: @pattern with each # replaced by the operation's number. */
static char *
operations (const char *pattern,
            guint       n)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "#", -1);
  GString *ops = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *op = g_strjoinv (number, parts);

      if (i > 0)
        g_string_append (ops, ",\n        ");
      g_string_append (ops, op);
    }
  return g_string_free (ops, FALSE);
}

/* The demo opened again: its project (with the revisions written) read
 * anew, its tenants read again. */
static void
reopen_demo (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lim_application_open_demo (fx->app, &error) == fx->window);
  g_assert_no_error (error);
  gui_test_spin (50);
  g_assert_true (gui_test_wait_until (all_read, fx, 30000));
}

/* ------------------------------------------------------------ helpers */

static GtkWidget *
find_one (GtkWidget  *root,
          const char *css_class)
{
  g_autoptr(GPtrArray) found = gui_test_find_by_class (root, css_class);

  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static guint
count_class (GtkWidget  *root,
             const char *css_class)
{
  g_autoptr(GPtrArray) found = gui_test_find_by_class (root, css_class);

  return found->len;
}

static gboolean
has_message_dialog (gpointer data)
{
  Fixture *fx = data;
  LimRunDialog *run = lim_window_get_run_dialog (fx->window);

  return run != NULL && lim_run_dialog_get_message_dialog (run) != NULL;
}

static AdwMessageDialog *
wait_for_message_dialog (Fixture *fx)
{
  g_assert_true (gui_test_wait_until (has_message_dialog, fx, 20000));
  return lim_run_dialog_get_message_dialog (lim_window_get_run_dialog (fx->window));
}

typedef struct
{
  Fixture    *fx;
  LimRunState state;
} StateWait;

static gboolean
run_in_state (gpointer data)
{
  StateWait *wait = data;
  LimRunDialog *run = lim_window_get_run_dialog (wait->fx->window);

  return run != NULL && lim_run_get_state (lim_run_dialog_get_run (run)) == wait->state;
}

static void
wait_for_state (Fixture    *fx,
                LimRunState state)
{
  StateWait wait = { fx, state };

  g_assert_true (gui_test_wait_until (run_in_state, &wait, 60000));
}

static gboolean
run_gone (gpointer data)
{
  Fixture *fx = data;

  return lim_window_get_run_dialog (fx->window) == NULL;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static char *
read_clipboard (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);
  return text;
}

/* Whether @widget lies wholly inside @window's visible area (its content,
 * without the shadow around it). */
static void
assert_inside (GtkWidget *widget,
               GtkWidget *window)
{
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (window));
  graphene_rect_t bounds, area;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_true (gtk_widget_compute_bounds (content, window, &area));
  g_test_message ("%s at %.0f,%.0f %.0f×%.0f in a window's %.0f,%.0f %.0f×%.0f", G_OBJECT_TYPE_NAME (widget),
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                  area.origin.x, area.origin.y, area.size.width, area.size.height);
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_true (graphene_rect_contains_rect (&area, &bounds));
}

static void
assert_fits_screen (GtkWidget *window)
{
  GdkDisplay *display = gtk_widget_get_display (window);
  GdkMonitor *monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  GdkRectangle geometry;

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  g_object_unref (monitor);
  g_test_message ("window %d×%d on a %d×%d screen", gtk_widget_get_width (window), gtk_widget_get_height (window),
                  geometry.width, geometry.height);
  g_assert_cmpint (gtk_widget_get_height (window), <=, geometry.height);
  g_assert_cmpint (gtk_widget_get_width (window), <=, geometry.width);
}

/* Escape, through the window's own key binding. */
static void
press_escape (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean pressed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !pressed; k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != GDK_KEY_Escape ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != 0)
            continue;
          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                       gtk_shortcut_get_arguments (shortcut)));
          pressed = TRUE;
        }
    }
  g_assert_true (pressed);
}

/* The operation rows, in order, and the state each shows. */
static GPtrArray *
operation_rows (LimRunDialog *run)
{
  return gui_test_find_by_class (GTK_WIDGET (run), "run-operation");
}

static const char *
row_state (GtkWidget *row)
{
  g_autoptr(GPtrArray) icons = gui_test_find_by_class (row, "op-state-icon");
  GtkWidget *stack = gtk_widget_get_parent (g_ptr_array_index (icons, 0));

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* ------------------------------------------------------------ 400 problems */

static void
body_dry_run_problems (Fixture *fx)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "test");
  g_autofree char *before = lim_sandbox_get_state_json (sb);
  g_autofree char *after = NULL;
  g_autofree char *first = operations ("b.UpdateDropdownName('Missing Dropdown #', 'Renamed #')", 300);
  g_autofree char *second = operations ("b.UpdateDropdownName('Absent List #', 'Other #')", 100);
  g_autofree char *clipboard = NULL;
  g_autoptr(GPtrArray) headings = g_ptr_array_new_with_free_func (g_free);
  GtkSelectionModel *list;
  LimRunDialog *run;
  LimRun *model;
  GtkWidget *close;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  GuiStallMeter meter = { 0 };

  write_revision (fx, NEAR_HEAD_ID, "4e2c8a9d5b70", "Rename dropdowns that are not there", first);
  write_revision (fx, SECOND_ID, NEAR_HEAD_ID, "Rename more lists that are not there", second);
  reopen_demo (fx);
  g_assert_cmpstr (lim_tenant_row_get_status_text (get_row (fx, "test")), ==, "4 behind");

  select_tenant (fx, "test");
  gui_stall_meter_start (&meter);
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.dry-run", NULL);
  wait_for_state (fx, LIM_RUN_STATE_FAILED);
  run = lim_window_get_run_dialog (fx->window);
  model = lim_run_dialog_get_run (run);
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);
  g_assert_true (gui_test_wait_until (widget_mapped, run, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (run));
  gui_stall_meter_stop (&meter);
  g_test_message ("largest main-loop gap from Dry Run to 400 problems drawn: %.1f ms", meter.max_gap_us / 1e3);
  /* In the run window, not a message dialog. */
  g_assert_null (lim_run_dialog_get_message_dialog (run));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (run), "dry-run-result"));
  g_assert_cmpstr (lim_run_get_heading (model), ==, "Dry Run Found Problems");
  g_assert_cmpuint (lim_run_get_n_problems (model), ==, 400);

  /* One heading per revision with problems, its count in it, then its
   * problems: 402 items, rows made only around what is on screen. */
  list = gtk_list_view_get_model (GTK_LIST_VIEW (find_one (GTK_WIDGET (run), "problem-list")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 402);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_object_get_data (item, "lim-problem-heading") != NULL)
        g_ptr_array_add (headings, g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item))));
      else if (i == 1 || i == 301 || i == 302 || i == 401)
        g_test_message ("%u: %s", i, gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
    }
  g_assert_cmpuint (headings->len, ==, 2);
  /* Unique short ids: the head and the new revision share 7 characters. */
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==, "4e2c8a9f (Rename dropdowns that are not there) — 300 problems");
  g_assert_cmpstr (g_ptr_array_index (headings, 1), ==, "9a0b1c2 (Rename more lists that are not there) — 100 problems");
  {
    g_autoptr(GObject) second = g_list_model_get_item (G_LIST_MODEL (list), 301);

    g_assert_nonnull (g_object_get_data (second, "lim-problem-heading"));
  }
  g_assert_cmpuint (count_class (GTK_WIDGET (run), "problem-heading"), >=, 1);
  g_assert_cmpuint (count_class (GTK_WIDGET (run), "problem-row"), >, 3);
  g_assert_cmpuint (count_class (GTK_WIDGET (run), "problem-row"), <, 400);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_one (GTK_WIDGET (run), "problems-count"))), ==,
                   "The dry run found 400 problems. Nothing was written to the tenant.");

  /* They scroll; the window fits the screen and its Close is inside it. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (run));
  scrolled = GTK_SCROLLED_WINDOW (find_one (GTK_WIDGET (run), "problems-scrolled"));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 10 * gtk_adjustment_get_page_size (adjustment));
  assert_fits_screen (GTK_WIDGET (run));
  close = find_one (GTK_WIDGET (run), "close-button");
  assert_inside (close, GTK_WIDGET (run));
  assert_inside (GTK_WIDGET (scrolled), GTK_WIDGET (run));
  g_assert_true (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "copy-problems-button")));
  g_assert_false (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "upgrade-now-button")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (run)) == close);
  save_screenshot (GTK_WIDGET (run), "dry-run-problems");

  /* Copy: the plain-text report, grouped the same way. */
  g_signal_emit_by_name (find_one (GTK_WIDGET (run), "copy-problems-button"), "clicked");
  clipboard = read_clipboard (GTK_WIDGET (run));
  g_assert_nonnull (clipboard);
  g_assert_nonnull (strstr (clipboard, "The dry run found 400 problems."));
  g_assert_nonnull (strstr (clipboard, "4e2c8a9f (Rename dropdowns that are not there) — 300 problems"));
  g_assert_nonnull (strstr (clipboard, "Missing Dropdown 299"));
  g_assert_nonnull (strstr (clipboard, "Absent List 99"));
  g_assert_nonnull (strstr (clipboard, "Nothing was written to the tenant."));

  /* Close: gone, nothing written. */
  g_signal_emit_by_name (close, "clicked");
  g_assert_true (gui_test_wait_until (run_gone, fx, 5000));
  gui_test_spin (50);
  g_assert_null (run);
  after = lim_sandbox_get_state_json (sb);
  g_assert_cmpstr (before, ==, after);
}

/* ------------------------------------------------------------ Upgrade Now */

static void
body_clean_dry_run (Fixture *fx)
{
  LimTimeline *timeline = lim_window_get_timeline (fx->window);
  LimRunDialog *run;
  AdwMessageDialog *confirm;
  GtkWidget *upgrade_now;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) destructive = NULL;
  const LimPlan *plan;
  guint n_destructive = 0;

  select_tenant (fx, "test");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.dry-run", NULL);
  wait_for_state (fx, LIM_RUN_STATE_DONE);
  run = lim_window_get_run_dialog (fx->window);
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);
  g_assert_true (gui_test_wait_until (widget_mapped, run, 10000));
  g_assert_cmpstr (lim_run_get_heading (lim_run_dialog_get_run (run)), ==, "Dry Run: No Problems Found");
  g_assert_cmpuint (count_class (GTK_WIDGET (run), "problem-row"), ==, 0);
  g_assert_false (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "problems-scrolled")));
  upgrade_now = find_one (GTK_WIDGET (run), "upgrade-now-button");
  g_assert_true (gtk_widget_get_visible (upgrade_now));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (run)) == upgrade_now);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (run));
  assert_inside (find_one (GTK_WIDGET (run), "close-button"), GTK_WIDGET (run));
  save_screenshot (GTK_WIDGET (run), "dry-run-clean");

  /* Upgrade Now: the dry run's window goes, the real run asks first. */
  g_signal_emit_by_name (upgrade_now, "clicked");
  gui_test_spin (50);
  g_assert_null (run);
  confirm = wait_for_message_dialog (fx);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Upgrade test?");
  run = lim_window_get_run_dialog (fx->window);
  g_assert_false ((lim_run_get_flags (lim_run_dialog_get_run (run)) & LIM_RUN_FLAGS_DRY_RUN) != 0);
  plan = lim_runner_get_plan (lim_run_get_runner (lim_run_dialog_get_run (run)));
  g_assert_cmpstr (plan->to, ==, lim_revision_get_id (lim_timeline_get_head (timeline)));

  /* The expander lists the revisions that run and the destructive
   * operations, as the review pane words them. */
  gtk_expander_set_expanded (GTK_EXPANDER (find_one (GTK_WIDGET (confirm), "run-plan-details")), TRUE);
  revisions = gui_test_find_by_class (GTK_WIDGET (confirm), "confirm-revision");
  destructive = gui_test_find_by_class (GTK_WIDGET (confirm), "confirm-destructive");
  g_assert_cmpuint (revisions->len, ==, plan->revisions->len);
  g_assert_cmpuint (revisions->len, ==, 2);
  for (guint r = 0; r < plan->revisions->len; r++)
    {
      LimRevision *rev = g_ptr_array_index (plan->revisions, r);
      GPtrArray *ops = lim_revision_get_upgrade (rev);
      g_autofree char *expected = g_strdup_printf ("%.7s (%s)", lim_revision_get_id (rev),
                                                   lim_revision_get_description (rev));

      g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (revisions, r)), ==, expected);
      for (guint o = 0; o < ops->len; o++)
        if (lim_operation_is_destructive (g_ptr_array_index (ops, o)))
          {
            g_autofree char *describe = lim_operation_describe (g_ptr_array_index (ops, o));

            g_assert_cmpuint (n_destructive, <, destructive->len);
            g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (destructive, n_destructive)), ==,
                             describe);
            n_destructive++;
          }
    }
  g_assert_cmpuint (n_destructive, ==, destructive->len);
  g_assert_cmpuint (n_destructive, ==, plan->n_destructive);
  /* test's two revisions retire a flag, a dropdown and a schema: red. */
  g_assert_cmpuint (n_destructive, >, 0);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "run"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  save_screenshot (GTK_WIDGET (confirm), "run-confirmation-details");

  adw_message_dialog_response (confirm, "cancel");
  g_assert_true (gui_test_wait_until (run_gone, fx, 5000));
}

/* ------------------------------------------------------------ protected: Enter */

static gboolean
confirm_gone (gpointer data)
{
  AdwMessageDialog **confirm = data;

  return *confirm == NULL || !gtk_widget_get_visible (GTK_WIDGET (*confirm));
}

static void
body_protected_enter (Fixture *fx)
{
  AdwMessageDialog *confirm;
  GtkWidget *entry;

  select_tenant (fx, "prod");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = wait_for_message_dialog (fx);
  entry = find_one (GTK_WIDGET (confirm), "alias-entry");

  /* Enter does nothing until the name matches… */
  gtk_editable_set_text (GTK_EDITABLE (entry), "pro");
  g_signal_emit_by_name (entry, "activate");
  gui_test_spin (50);
  g_assert_true (lim_run_dialog_get_message_dialog (lim_window_get_run_dialog (fx->window)) == confirm);
  g_assert_cmpint (lim_run_get_state (lim_run_dialog_get_run (lim_window_get_run_dialog (fx->window))), ==,
                   LIM_RUN_STATE_CONFIRMING);
  /* …then confirms, and the question goes away as for a click. */
  g_object_add_weak_pointer (G_OBJECT (confirm), (gpointer *) &confirm);
  gtk_editable_set_text (GTK_EDITABLE (entry), "prod");
  g_signal_emit_by_name (entry, "activate");
  wait_for_state (fx, LIM_RUN_STATE_RUNNING);
  g_assert_true (gui_test_wait_until (confirm_gone, &confirm, 5000));
  g_assert_true (gui_test_wait_until (run_gone, fx, 60000));
  g_assert_true (gui_test_wait_until (all_read, fx, 30000));
  g_assert_cmpstr (lim_tenant_row_get_status_text (get_row (fx, "prod")), ==, "Up to date");
}

/* ------------------------------------------------------------ following, Escape */

typedef struct
{
  LimRunDialog *run;
  guint         at_least;
} RunningWait;

static gboolean
running_far (gpointer data)
{
  RunningWait *wait = data;
  g_auto(GStrv) states = lim_run_dup_operation_states (lim_run_dialog_get_run (wait->run));

  for (guint i = wait->at_least; states[i] != NULL; i++)
    if (g_str_equal (states[i], "running"))
      return TRUE;
  return FALSE;
}

static void
body_follow_and_escape (Fixture *fx)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "dev");
  g_autofree char *ops = operations ("b.CreateDropdown('Follow Dropdown #', ['One #', 'Two'])", 40);
  g_autofree char *journal = NULL;
  AdwMessageDialog *confirm;
  LimRunDialog *run;
  RunningWait wait;
  GtkAdjustment *adjustment;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *running = NULL;
  graphene_rect_t bounds;
  double value, page;

  write_revision (fx, NEAR_HEAD_ID, "4e2c8a9d5b70", "Forty new dropdowns", ops);
  reopen_demo (fx);
  g_assert_cmpstr (lim_tenant_row_get_status_text (get_row (fx, "dev")), ==, "1 behind");

  select_tenant (fx, "dev");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = wait_for_message_dialog (fx);
  /* Nothing destructive runs: not red. */
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "run"), ==, ADW_RESPONSE_SUGGESTED);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "run");
  gtk_expander_set_expanded (GTK_EXPANDER (find_one (GTK_WIDGET (confirm), "run-plan-details")), TRUE);
  g_assert_cmpuint (count_class (GTK_WIDGET (confirm), "confirm-destructive"), ==, 0);
  g_assert_cmpuint (count_class (GTK_WIDGET (confirm), "confirm-revision"), ==, 1);
  lim_sandbox_set_latency (sb, NULL, 40);
  adw_message_dialog_response (confirm, "run");
  wait_for_state (fx, LIM_RUN_STATE_RUNNING);
  run = lim_window_get_run_dialog (fx->window);
  g_assert_true (gui_test_wait_until (widget_mapped, run, 10000));

  /* Far down the list: it scrolled to keep the running step in view. */
  wait = (RunningWait) { run, 25 };
  g_assert_true (gui_test_wait_until (running_far, &wait, 60000));
  /* A slow tenant from here on: the run is still going when Escape comes. */
  lim_sandbox_set_latency (sb, NULL, 1000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (run));
  rows = operation_rows (run);
  g_assert_cmpuint (rows->len, ==, 40);
  for (guint i = 0; i < rows->len && running == NULL; i++)
    if (g_strcmp0 (row_state (g_ptr_array_index (rows, i)), "running") == 0)
      running = g_ptr_array_index (rows, i);
  g_assert_nonnull (running);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find_one (GTK_WIDGET (run),
                                                                                   "run-operations")));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, page);
  g_assert_cmpfloat (value, >, 0);
  g_assert_true (gtk_widget_compute_bounds (running, gtk_widget_get_parent (running), &bounds));
  g_test_message ("running row at %.0f–%.0f, view %.0f–%.0f", bounds.origin.y,
                  bounds.origin.y + bounds.size.height, value, value + page);
  g_assert_cmpfloat (bounds.origin.y, >=, value - 1);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, value + page + 1);
  assert_fits_screen (GTK_WIDGET (run));
  save_screenshot (GTK_WIDGET (run), "run-following");

  /* Escape: the same clean stop as Cancel. */
  g_assert_cmpint (lim_run_get_state (lim_run_dialog_get_run (run)), ==, LIM_RUN_STATE_RUNNING);
  press_escape (GTK_WIDGET (run));
  lim_sandbox_set_latency (sb, NULL, 0);
  wait_for_state (fx, LIM_RUN_STATE_STOPPED);
  g_assert_true (lim_window_get_run_dialog (fx->window) == run);
  g_assert_true (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "resume-button")));
  /* The journal's path is in Details, not in the message. */
  journal = lim_run_dup_journal_path (lim_run_dialog_get_run (run));
  g_assert_nonnull (journal);
  g_assert_null (strstr (lim_run_get_error_text (lim_run_dialog_get_run (run)), journal));
  g_assert_true (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "run-details")));
  gtk_expander_set_expanded (GTK_EXPANDER (find_one (GTK_WIDGET (run), "run-details")), TRUE);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_one (GTK_WIDGET (run), "run-journal"))), journal));
  g_assert_true (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "run-journal")));
  save_screenshot (GTK_WIDGET (run), "run-stopped-by-escape");
  {
    g_auto(GStrv) states = lim_run_dup_operation_states (lim_run_dialog_get_run (run));

    g_assert_false (g_strv_contains ((const char * const *) states, "running"));
    g_assert_false (g_strv_contains ((const char * const *) states, "uncertain"));
    g_assert_true (g_strv_contains ((const char * const *) states, "pending"));
  }

  /* Escape again closes; the tenant is consistent: the marker moves only
   * when a revision completes, so dev is still one behind. */
  press_escape (GTK_WIDGET (run));
  g_assert_true (gui_test_wait_until (run_gone, fx, 5000));
  g_assert_true (gui_test_wait_until (all_read, fx, 30000));
  g_assert_cmpstr (lim_tenant_row_get_status_text (get_row (fx, "dev")), ==, "1 behind");
}

/* ------------------------------------------------------------ pre-check */

static void
body_precheck_failed (Fixture *fx)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "dev");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AdwMessageDialog *confirm;
  LimRunDialog *run;
  g_autoptr(GPtrArray) rows = NULL;

  write_revision (fx, NEAR_HEAD_ID, "4e2c8a9d5b70", "Add a list, rename one that is not there",
                  "b.CreateDropdown('Fine Dropdown', ['One', 'Two']),\n"
                  "        b.UpdateDropdownName('Missing Dropdown', 'Renamed'),\n"
                  "        b.CreateDropdown('Never Dropdown', ['One'])");
  reopen_demo (fx);
  before = lim_sandbox_get_state_json (sb);

  select_tenant (fx, "dev");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = wait_for_message_dialog (fx);
  adw_message_dialog_response (confirm, "run");
  wait_for_state (fx, LIM_RUN_STATE_FAILED);
  run = lim_window_get_run_dialog (fx->window);
  g_assert_true (gui_test_wait_until (widget_mapped, run, 10000));
  g_test_message ("pre-check: %s", lim_run_get_error_text (lim_run_dialog_get_run (run)));

  /* Step 2 is marked failed; nothing before or after it ran. */
  rows = operation_rows (run);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (row_state (g_ptr_array_index (rows, 0)), ==, "pending");
  g_assert_cmpstr (row_state (g_ptr_array_index (rows, 1)), ==, "failed");
  g_assert_cmpstr (row_state (g_ptr_array_index (rows, 2)), ==, "pending");

  /* Retrying cannot help: Close, not Resume. */
  g_assert_false (lim_run_get_can_resume (lim_run_dialog_get_run (run)));
  g_assert_false (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "resume-button")));
  g_assert_true (gtk_widget_get_visible (find_one (GTK_WIDGET (run), "close-button")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (run)) == find_one (GTK_WIDGET (run), "close-button"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (run));
  assert_inside (find_one (GTK_WIDGET (run), "close-button"), GTK_WIDGET (run));
  save_screenshot (GTK_WIDGET (run), "run-precheck-failed");

  g_signal_emit_by_name (find_one (GTK_WIDGET (run), "close-button"), "clicked");
  g_assert_true (gui_test_wait_until (run_gone, fx, 5000));
  g_assert_true (gui_test_wait_until (all_read, fx, 30000));
  /* Nothing was sent: the schema is as it was. */
  g_assert_cmpstr (lim_tenant_row_get_status_text (get_row (fx, "dev")), ==, "1 behind");
  after = lim_sandbox_get_state_json (sb);
  g_assert_null (strstr (after, "Fine Dropdown"));
}

/* ------------------------------------------------------------ */

static void
test_dry_run_problems (Fixture *fx, gconstpointer data)
{
  run_in_app (fx, body_dry_run_problems);
}

static void
test_clean_dry_run (Fixture *fx, gconstpointer data)
{
  run_in_app (fx, body_clean_dry_run);
}

static void
test_protected_enter (Fixture *fx, gconstpointer data)
{
  run_in_app (fx, body_protected_enter);
}

static void
test_follow_and_escape (Fixture *fx, gconstpointer data)
{
  run_in_app (fx, body_follow_and_escape);
}

static void
test_precheck_failed (Fixture *fx, gconstpointer data)
{
  run_in_app (fx, body_precheck_failed);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  gui_test_require_display ("test-run-window");

  data_home = g_dir_make_tmp ("liminal-gui-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/liminal/run-window/dry-run-problems", Fixture, NULL, fixture_setup, test_dry_run_problems,
              fixture_teardown);
  g_test_add ("/liminal/run-window/clean-dry-run-upgrade-now", Fixture, NULL, fixture_setup, test_clean_dry_run,
              fixture_teardown);
  g_test_add ("/liminal/run-window/protected-enter", Fixture, NULL, fixture_setup, test_protected_enter,
              fixture_teardown);
  g_test_add ("/liminal/run-window/follow-and-escape", Fixture, NULL, fixture_setup, test_follow_and_escape,
              fixture_teardown);
  g_test_add ("/liminal/run-window/precheck-failed", Fixture, NULL, fixture_setup, test_precheck_failed,
              fixture_teardown);

  status = g_test_run ();
  gui_test_remove_tree (data_home);

  return status;
}

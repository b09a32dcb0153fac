/* test-run.c — upgrades from the window: the demo project (--demo's own
 * code path) with its four in-process sandbox tenants, the confirmation,
 * the progress window, failure and resume, cancel, dry run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-operation.h"
#include "lim-revision-view.h"
#include "lim-run-dialog.h"
#include "lim-tenant-item.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
#include "lim-lock.h"
#include "lim-model-files.h"
#include "lim-model-python-write.h"
#include "lim-json.h"
#include "lim-remote.h"
#include "lim-run-record.h"
#include "lim-window.h"

/* How long a screenshot waits after the draw. */
#define SCREENSHOT_SETTLE_MS 800

#define MAX_STALL_US (50 * 1000)
#define TAG_SCHEMA_UPDATE "POST /1/api/tag-schemas/{id}/actions/update"
/* What the sandbox answers for a "status:400" fault, the message of its
 * error body (src/sandbox/lim-sandbox.c: "Injected fault: HTTP %u."). */
#define FAULT_400_MESSAGE "Injected fault: HTTP 400."

typedef struct _Fixture
{
  LimApplication *app;
  LimWindow      *window;
  LimTimeline    *timeline;
  char           *demo_dir;
  LimSandbox     *sandboxes[3];   /* weak */
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->app = gui_test_new_application ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gui_test_free_demo (g_steal_pointer (&fx->app), g_steal_pointer (&fx->demo_dir));
  /* …and the demo's sandboxes with it. */
  for (guint i = 0; i < G_N_ELEMENTS (fx->sandboxes); i++)
    g_assert_null (fx->sandboxes[i]);
}

static LimWindow *
open_demo (GApplication *app,
           gpointer      data)
{
  Fixture *fx = data;
  /* What `liminal-desktop --demo` does. */
  LimWindow *window = gui_test_open_demo (app, NULL);

  fx->demo_dir = g_strdup (lim_application_get_demo_dir (LIM_APPLICATION (app)));
  fx->timeline = lim_window_get_timeline (window);
  for (guint i = 0; i < G_N_ELEMENTS (fx->sandboxes); i++)
    {
      fx->sandboxes[i] = lim_application_get_demo_sandbox (LIM_APPLICATION (app), (const char *[]) { "dev", "test", "prod" }[i]);
      g_assert_nonnull (fx->sandboxes[i]);
      g_object_add_weak_pointer (G_OBJECT (fx->sandboxes[i]), (gpointer *) &fx->sandboxes[i]);
    }

  /* The demo works in a copy, never in the source tree. */
  g_assert_true (g_str_has_prefix (lim_project_get_root (lim_window_get_project (window)), fx->demo_dir));
  g_assert_true (lim_window_get_demo (window));

  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (window, "dev")), ==, "Up to date");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (window, "test")), ==, "2 behind");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (window, "prod")), ==, "4 behind");

  return window;
}

/* Runs @body in the demo's window (which @body may close). */
static void
run_in_app (Fixture  *fx,
            void    (*body) (Fixture *fx))
{
  gui_test_run_in_window (fx->app, &fx->window, open_demo, G_CALLBACK (body), fx);
}

static void
assert_marker_at_head (Fixture    *fx,
                       const char *alias)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, alias);
  const char *head = lim_revision_get_id (lim_timeline_get_head (fx->timeline));
  g_autofree char *state = lim_sandbox_get_state_json (sb);
  LimTenantItem *item = lim_tenant_row_get_item (gui_test_get_row (fx->window, alias));

  /* The marker is the name of the liminal_remote schema's field. */
  g_assert_nonnull (strstr (state, head));
  /* …and a fresh status reading found it. */
  g_assert_cmpstr (lim_tenant_item_get_revision (item), ==, head);
}

static gboolean
response_enabled (AdwMessageDialog *dialog,
                  const char       *response)
{
  return adw_message_dialog_get_response_enabled (dialog, response);
}

/* ------------------------------------------------------------------ */

static void
collect_titles (GtkWidget  *root,
                const char *css_class,
                GPtrArray  *out)
{
  g_autoptr(GPtrArray) rows = gui_test_find_by_class (root, css_class);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (out, g_strdup (adw_preferences_row_get_title (g_ptr_array_index (rows, i))));
}

static gboolean
some_done (gpointer data)
{
  LimRunDialog *run = data;
  g_auto(GStrv) states = lim_run_dup_operation_states (lim_run_dialog_get_run (run));

  return g_strv_contains ((const char * const *) states, "done") &&
         g_strv_contains ((const char * const *) states, "pending");
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

/* The path of the one request to @route that @sb answered with @status,
 * from the sandbox's own request log. */
static char *
sandbox_path_with_status (LimSandbox *sb,
                          const char *route,
                          guint       status)
{
  g_autofree char *log = lim_sandbox_get_request_log_json (sb);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *entries;
  char *path = NULL;

  json_parser_load_from_data (parser, log, -1, &error);
  g_assert_no_error (error);
  entries = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autofree char *key = g_strdup_printf ("%s %s",
                                              json_object_get_string_member (entry, "method"),
                                              json_object_get_string_member (entry, "route"));

      if (g_strcmp0 (key, route) != 0 && g_strcmp0 (json_object_get_string_member (entry, "route"), route) != 0)
        continue;
      if ((guint) json_object_get_int_member (entry, "status") != status)
        continue;
      g_assert_null (path);
      path = g_strdup (json_object_get_string_member (entry, "path"));
    }
  g_assert_nonnull (path);

  return path;
}

static gboolean
both_gone (gpointer data)
{
  gpointer **pointers = data;

  return *pointers[0] == NULL && *pointers[1] == NULL;
}


/* @text with the first @find replaced by @replace. */
static char *
replace_once (const char *text,
              const char *find,
              const char *replace)
{
  const char *at = strstr (text, find);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, replace, at + strlen (find));
}

static gboolean
has_label_in (gpointer data)
{
  gpointer *pair = data;

  return has_label (GTK_WIDGET (pair[0]), pair[1]);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_toplevel_with_class (const char *css_class)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */
  GtkWidget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (gtk_widget_has_css_class (w, css_class) && gtk_widget_get_visible (w))
        found = w;
    }
  return found;
}

static guint
activity_rows (LimTenantPage *page)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (lim_tenant_page_get_activity_list (page)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static gboolean
activity_has_two (gpointer data)
{
  return activity_rows (data) == 2;
}

/* A completed run's summary: what it did, and its report on the
 * clipboard. */
static void
check_summary (Fixture      *fx,
               LimRunDialog *run,
               const char   *prefix,
               const char   *alias,
               const char   *target)
{
  GtkWidget *summary = gui_test_find_one (GTK_WIDGET (run), "run-summary");
  const char *text = gtk_label_get_text (GTK_LABEL (summary));
  g_autofree char *sid = g_strndup (target, 7);
  g_autofree char *clipboard = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *from = lim_run_get_from (lim_run_dialog_get_run (run));

  g_assert_true (gtk_widget_get_visible (summary));
  g_test_message ("summary: %s", text);
  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_nonnull (strstr (text, sid));
  g_assert_nonnull (strstr (text, " operations · "));
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (run), "save-report-button")));
  g_assert_nonnull (lim_run_get_record_path (lim_run_dialog_get_run (run)));
  g_object_set_data_full (G_OBJECT (fx->app), "test-from", g_strdup (from), g_free);

  /* Copy Report: the run's report, as text. */
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (run), "copy-report-button"), "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (run)), NULL, gui_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  clipboard = gdk_clipboard_read_text_finish (gtk_widget_get_clipboard (GTK_WIDGET (run)), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clipboard);
  g_assert_nonnull (strstr (clipboard, alias));
  g_assert_nonnull (strstr (clipboard, target));
  g_assert_nonnull (strstr (clipboard, g_get_user_name ()));
}

static void
close_summary (LimRunDialog **run)
{
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (*run), "close-button"), "clicked");
  gui_test_spin (50);
  g_assert_null (*run);
}

static void
body_upgrade (Fixture *fx)
{
  LimTenantPage *page;
  LimRevisionView *view;
  LimRevision *head = lim_timeline_get_head (fx->timeline);
  guint n = lim_timeline_get_n_revisions (fx->timeline);
  LimRevision *pending = lim_timeline_get_nth (fx->timeline, n - 2);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  AdwMessageDialog *confirm;
  LimRunDialog *run;
  GuiStallMeter meter = { 0 };
  GPtrArray *ops;

  /* The 200 ms of a real tenant: the window must not stall meanwhile. */
  for (const char * const *a = (const char *[]) { "dev", "test", "prod", NULL }; *a != NULL; a++)
    lim_sandbox_set_latency (lim_application_get_demo_sandbox (fx->app, *a), NULL, 200);

  gui_test_select_tenant_page (fx->window, "test");
  page = lim_window_get_tenant_page (fx->window);

  /* Upgrading makes sense, adopting does not. */
  g_assert_true (gtk_widget_is_sensitive (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "adopt-button")));

  /* A pending revision: its review, and only "Upgrade to Here". */
  g_assert_true (lim_tenant_page_select_revision (page, lim_revision_get_id (pending)));
  view = lim_tenant_page_get_revision_view (page);
  g_assert_true (lim_revision_view_get_revision (view) == pending);
  collect_titles (GTK_WIDGET (view), "upgrade-operation", shown);
  ops = lim_revision_get_upgrade (pending);
  g_assert_cmpuint (ops->len, >, 0);
  g_assert_cmpuint (shown->len, ==, ops->len);
  for (guint i = 0; i < ops->len; i++)
    {
      g_autofree char *describe = lim_operation_describe (g_ptr_array_index (ops, i));

      g_assert_true (g_ptr_array_find_with_equal_func (shown, describe, g_str_equal, NULL));
    }
  g_assert_true (gtk_widget_get_visible (lim_revision_view_get_run_button (view, LIM_DIRECTION_UP)));
  g_assert_false (gtk_widget_get_visible (lim_revision_view_get_run_button (view, LIM_DIRECTION_DOWN)));
  /* An applied revision offers the way down only. */
  g_assert_true (lim_tenant_page_select_revision (page, lim_revision_get_id (lim_timeline_get_nth (fx->timeline, 1))));
  g_assert_false (gtk_widget_get_visible (lim_revision_view_get_run_button (view, LIM_DIRECTION_UP)));
  g_assert_true (gtk_widget_get_visible (lim_revision_view_get_run_button (view, LIM_DIRECTION_DOWN)));
  g_assert_true (lim_tenant_page_select_revision (page, lim_revision_get_id (pending)));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "demo-window", SCREENSHOT_SETTLE_MS);

  /* Upgrade to Head: a confirmation first. */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  g_assert_nonnull (lim_window_get_run_dialog (fx->window));
  /* No second run while one is under way. */
  g_assert_false (gtk_widget_is_sensitive (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  confirm = gui_test_wait_for_message_dialog (fx->window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (confirm)) == GTK_WINDOW (fx->window));
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Upgrade test?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), lim_revision_get_description (head)));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "run"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_true (response_enabled (confirm, "run"));  /* test is not protected */
  g_assert_cmpuint (gui_test_count_class (GTK_WIDGET (confirm), "alias-entry"), ==, 0);
  gui_test_save_screenshot (GTK_WIDGET (confirm), "run-confirmation", SCREENSHOT_SETTLE_MS);

  gui_stall_meter_start (&meter);
  adw_message_dialog_response (confirm, "run");
  /* The confirmation answers asynchronously. */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_RUNNING);
  run = lim_window_get_run_dialog (fx->window);
  g_assert_nonnull (run);
  g_assert_cmpint (lim_run_get_state (lim_run_dialog_get_run (run)), ==, LIM_RUN_STATE_RUNNING);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (run)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (run)) == GTK_WINDOW (fx->window));
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);

  /* Mid-run: some operation done, the list shows every operation. */
  {
    g_auto(GStrv) states = NULL;

    g_assert_true (gui_test_wait_until (some_done, run, 60000));
    states = lim_run_dup_operation_states (lim_run_dialog_get_run (run));
    g_assert_cmpuint (g_strv_length (states), ==, lim_runner_get_plan (lim_run_get_runner (lim_run_dialog_get_run (run)))->n_operations);
    /* Rendering and saving a PNG is the test's own stall: not measured. */
    gui_stall_meter_stop (&meter);
    gui_test_save_screenshot (GTK_WIDGET (run), "run-progress", SCREENSHOT_SETTLE_MS);
    gui_stall_meter_resume (&meter);
  }

  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  gui_stall_meter_stop (&meter);
  gui_stall_meter_check (&meter, MAX_STALL_US, "during the upgrade");

  /* The progress window stays, as the run's summary. */
  gui_test_spin (50);
  g_assert_nonnull (run);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run)));
  gui_test_wait_for_row_status (fx->window, "test", "Up to date");
  assert_marker_at_head (fx, "test");
  check_summary (fx, run, "Upgraded test: ", "test", lim_revision_get_id (head));
  gui_test_save_screenshot (GTK_WIDGET (run), "run-summary", SCREENSHOT_SETTLE_MS);
  close_summary (&run);
  {
    g_autofree char *sid = g_strndup (lim_revision_get_id (head), 7);
    g_autofree char *toast = g_strdup_printf ("test upgraded to %s", sid);

    g_assert_cmpstr (toast, ==, "test upgraded to 4e2c8a9");
    g_assert_true (gui_test_wait_until (has_label_in, (gpointer[]) { fx->window, toast }, 5000));
  }
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "demo-after-upgrade", SCREENSHOT_SETTLE_MS);
  /* Up to date: nothing to upgrade any more. */
  g_assert_false (gtk_widget_is_sensitive (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  /* The Activity section lists the run. */
  g_assert_cmpuint (activity_rows (page), ==, 1);

  /* Undo: the toast's button asks the usual confirmation, then downgrades
   * back to where test was. */
  {
    const char *before = lim_tenant_item_get_revision (lim_tenant_row_get_item (gui_test_get_row (fx->window, "test")));
    GtkWidget *undo = find_button (GTK_WIDGET (fx->window), "_Undo");
    g_autofree char *from = g_object_get_data (G_OBJECT (fx->app), "test-from")
                              ? g_strdup (g_object_get_data (G_OBJECT (fx->app), "test-from")) : NULL;

    g_assert_cmpstr (before, ==, lim_revision_get_id (head));
    g_assert_nonnull (undo);
    g_assert_nonnull (from);
    g_signal_emit_by_name (undo, "clicked");
    confirm = gui_test_wait_for_message_dialog (fx->window);
    g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Downgrade test?");
    adw_message_dialog_response (confirm, "run");
    gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_RUNNING);
    run = lim_window_get_run_dialog (fx->window);
    g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);
    g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
    check_summary (fx, run, "Downgraded test: ", "test", from);
    close_summary (&run);
    g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 30000));
    g_assert_cmpstr (lim_tenant_item_get_revision (lim_tenant_row_get_item (gui_test_get_row (fx->window, "test"))), ==, from);
  }
  /* …and the Activity section lists both runs, newest first; a row opens
   * the run's report. */
  g_assert_true (gui_test_wait_until (activity_has_two, page, 10000));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "tenant-activity", SCREENSHOT_SETTLE_MS);
  {
    GtkListBox *list = lim_tenant_page_get_activity_list (page);
    GtkListBoxRow *first = gtk_list_box_get_row_at_index (list, 0);
    GtkListBoxRow *second = gtk_list_box_get_row_at_index (list, 1);
    GtkWidget *report;

    g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), "Downgrade "));
    g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (second)), "Upgrade "));
    g_signal_emit_by_name (list, "row-activated", second);
    report = find_toplevel_with_class ("report-window");
    g_assert_nonnull (report);
    g_assert_true (gui_test_wait_until (gui_test_widget_mapped, report, 5000));
    gui_test_save_screenshot (report, "run-report", SCREENSHOT_SETTLE_MS);
    gtk_window_destroy (GTK_WINDOW (report));
  }
}

static void
body_failure (Fixture *fx)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "prod");
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *confirm;
  g_autoptr(GPtrArray) entries = NULL;
  GtkEditable *entry;
  LimRunDialog *run;

  /* The first tag-schema update takes the tenant lock (a field of
   * liminal_remote), the second is revision 1's marker; the third, an
   * operation of revision 2. */
  lim_sandbox_add_fault (sb, TAG_SCHEMA_UPDATE, 3, "status:400", &error);
  g_assert_no_error (error);

  gui_test_select_tenant_page (fx->window, "prod");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = gui_test_wait_for_message_dialog (fx->window);

  /* prod is protected: its alias must be typed first. */
  entries = gui_test_find_by_class (GTK_WIDGET (confirm), "alias-entry");
  g_assert_cmpuint (entries->len, ==, 1);
  entry = GTK_EDITABLE (g_ptr_array_index (entries, 0));
  g_assert_false (response_enabled (confirm, "run"));
  gtk_editable_set_text (entry, "pro");
  g_assert_false (response_enabled (confirm, "run"));
  gtk_editable_set_text (entry, "Prod");
  g_assert_false (response_enabled (confirm, "run"));
  gtk_editable_set_text (entry, "prod");
  g_assert_true (response_enabled (confirm, "run"));
  g_assert_cmpuint (gui_test_count_class (GTK_WIDGET (confirm), "run-destructive"), ==,
                    lim_runner_get_plan (lim_run_get_runner (lim_run_dialog_get_run (lim_window_get_run_dialog (fx->window))))->n_destructive > 0);
  gui_test_save_screenshot (GTK_WIDGET (confirm), "run-confirmation-protected", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (confirm, "run");

  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_FAILED);
  run = lim_window_get_run_dialog (fx->window);
  g_test_message ("failure: %s", lim_run_get_error_text (lim_run_dialog_get_run (run)));
  g_assert_nonnull (lim_run_get_error_text (lim_run_dialog_get_run (run)));
  g_assert_cmpstr (lim_run_get_error_text (lim_run_dialog_get_run (run)), !=, "");
  g_assert_cmpuint (gui_test_count_class (GTK_WIDGET (run), "run-error"), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (run), "run-error"))), ==,
                   lim_run_get_error_text (lim_run_dialog_get_run (run)));
  /* What the person reads: Benchling's own message, on screen. */
  {
    GtkWidget *label = gui_test_find_one (GTK_WIDGET (run), "run-error");
    const char *shown = gtk_label_get_text (GTK_LABEL (label));

    g_assert_true (gui_test_wait_until (gui_test_widget_mapped, label, 5000));
    if (strstr (shown, FAULT_400_MESSAGE) == NULL)
      g_error ("the failure view says “%s”, without Benchling's message “%s”", shown, FAULT_400_MESSAGE);
  }
  {
    g_auto(GStrv) states = lim_run_dup_operation_states (lim_run_dialog_get_run (run));

    g_assert_true (g_strv_contains ((const char * const *) states, "failed") ||
                   g_strv_contains ((const char * const *) states, "uncertain"));
  }
  /* The requests made: paths only. */
  g_assert_cmpuint (lim_run_get_n_requests (lim_run_dialog_get_run (run)), >, 0);
  {
    g_autoptr(GPtrArray) rows = gui_test_find_by_class (GTK_WIDGET (run), "request-row");

    for (guint i = 0; i < rows->len; i++)
      {
        const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));

        g_assert_null (strchr (title, '?'));
        g_assert_null (strstr (title, LIM_SANDBOX_DEFAULT_CLIENT_SECRET));
      }
    gtk_expander_set_expanded (GTK_EXPANDER (gui_test_find_one (GTK_WIDGET (run), "run-details")), TRUE);
  }
  /* The details list the requests newest first; after the failed request
   * come only the ones that release the tenant lock.  The failed one is
   * the only error: its path is the one the sandbox answered with the
   * fault. */
  {
    g_autofree char *failed_path = sandbox_path_with_status (sb, TAG_SCHEMA_UPDATE, 400);
    g_autofree char *expected = g_strdup_printf ("POST %s", failed_path);
    g_autoptr(GPtrArray) rows = gui_test_find_by_class (GTK_WIDGET (run), "request-row");
    GtkWidget *top = NULL;
    guint n_errors = 0;

    g_assert_true (g_str_has_prefix (failed_path, "/1/api/tag-schemas/"));
    g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (run), "run-details")));
    g_assert_cmpuint (rows->len, >, 0);
    for (guint i = 0; i < rows->len; i++)
      if (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "error"))
        {
          n_errors++;
          if (top == NULL)
            top = g_ptr_array_index (rows, i);
        }
    g_assert_cmpuint (n_errors, ==, 1);
    g_assert_true (gui_test_wait_until (gui_test_widget_mapped, top, 5000));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (top)), ==, expected);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (top)), "400 · "));
    g_assert_true (gtk_widget_has_css_class (top, "error"));
  }
  gui_test_save_screenshot (GTK_WIDGET (run), "run-failure", SCREENSHOT_SETTLE_MS);

  /* Resume once the tenant behaves. */
  lim_sandbox_clear_faults (sb);
  lim_run_resume (lim_run_dialog_get_run (run));
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  gui_test_wait_for_row_status (fx->window, "prod", "Up to date");
  assert_marker_at_head (fx, "prod");
}

static void
on_operation_state_cancel_cb (LimRunner     *runner,
                              guint          revision_index,
                              guint          operation_index,
                              LimOpRunState  state,
                              const char    *message,
                              LimRunDialog  *run)
{
  /* Cancel after the second operation completes. */
  if (state == LIM_OP_RUN_DONE && (revision_index > 1 || operation_index >= 2))
    lim_run_cancel (lim_run_dialog_get_run (run));
}

static void
body_cancel (Fixture *fx)
{
  AdwMessageDialog *confirm;
  LimRunDialog *run;
  g_autofree char *journal = NULL;
  LimRunner *runner;

  gui_test_select_tenant_page (fx->window, "test");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = gui_test_wait_for_message_dialog (fx->window);
  adw_message_dialog_response (confirm, "run");
  /* The confirmation answers asynchronously. */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_RUNNING);
  run = lim_window_get_run_dialog (fx->window);
  runner = lim_run_get_runner (lim_run_dialog_get_run (run));
  g_signal_connect_object (runner, "operation-state", G_CALLBACK (on_operation_state_cancel_cb), run, 0);

  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_STOPPED);
  g_assert_nonnull (strstr (lim_run_get_error_text (lim_run_dialog_get_run (run)), "journal"));
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (run), "run-error")));
  journal = lim_runner_get_journal_path (runner);
  g_assert_nonnull (journal);
  g_assert_true (g_str_has_prefix (journal, fx->demo_dir));
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));
  {
    g_auto(GStrv) states = lim_run_dup_operation_states (lim_run_dialog_get_run (run));

    g_assert_true (g_strv_contains ((const char * const *) states, "done"));
    g_assert_true (g_strv_contains ((const char * const *) states, "pending"));
  }
  gui_test_save_screenshot (GTK_WIDGET (run), "run-stopped", SCREENSHOT_SETTLE_MS);

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fx->app), "resume-after-stop")))
    {
      /* Resume continues from the journal and completes. */
      lim_run_resume (lim_run_dialog_get_run (run));
      g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
      gui_test_wait_for_row_status (fx->window, "test", "Up to date");
      assert_marker_at_head (fx, "test");
      return;
    }

  /* Close: the run is over; the tenant is read again. */
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (run), "close-button"), "clicked");
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 5000));
  g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 30000));
  /* Stopped inside revision 1: the marker moves only when a revision
   * completes, so the tenant is still two behind. */
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "test")), ==, "2 behind");

  /* The tenant page says a run stopped here, and offers to resume it. */
  {
    GtkWidget *box = gui_test_find_one (GTK_WIDGET (lim_window_get_tenant_page (fx->window)), "unfinished-run");
    GtkWidget *resume = gui_test_find_one (box, "resume-run-button");

    g_assert_true (gui_test_wait_until (gui_test_widget_mapped, box, 10000));
    g_assert_true (has_label (box, "A run stopped here on its way up to 4e2c8a9"));
    gui_test_save_screenshot (GTK_WIDGET (fx->window), "tenant-run-stopped", SCREENSHOT_SETTLE_MS);
    g_assert_true (gtk_widget_is_sensitive (resume));
    g_signal_emit_by_name (resume, "clicked");
  }
  /* Resume continues the run the journal recorded. */
  confirm = gui_test_wait_for_message_dialog (fx->window);
  g_assert_true (lim_runner_get_plan (lim_run_get_runner (lim_run_dialog_get_run (lim_window_get_run_dialog (fx->window))))->resuming);
  adw_message_dialog_response (confirm, "run");
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  gui_test_wait_for_row_status (fx->window, "test", "Up to date");
  assert_marker_at_head (fx, "test");
}

static void
body_dry_run (Fixture *fx)
{
  LimRunDialog *result;
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "test");
  g_autofree char *before = lim_sandbox_get_state_json (sb);
  g_autofree char *after = NULL;

  gui_test_select_tenant_page (fx->window, "test");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.dry-run", NULL);
  /* The result shows in the run window (test-run-window covers its
   * problems, Copy and Upgrade Now). */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_DONE);
  result = lim_window_get_run_dialog (fx->window);
  g_assert_true (gui_test_wait_until (gui_test_widget_mapped, result, 10000));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (result), "dry-run-result"));
  g_test_message ("dry run: %s\n%s", lim_run_get_heading (lim_run_dialog_get_run (result)),
                  gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (result), "problems-count"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (result), "problems-count"))),
                            "Nothing was written"));
  gui_test_save_screenshot (GTK_WIDGET (result), "dry-run", SCREENSHOT_SETTLE_MS);
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (result), "close-button"), "clicked");
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 5000));

  /* Read-only. */
  after = lim_sandbox_get_state_json (sb);
  g_assert_cmpstr (before, ==, after);

  /* Opening another project leaves the demo. */
  {
    g_autofree char *other = gui_test_make_project ();

    g_assert_true (lim_window_open_project (fx->window, other, NULL));
    g_assert_false (lim_window_get_demo (fx->window));
    gui_test_remove_tree (other);
  }
}

static char *
find_option_id (LimSandbox *sb,
                const char *name)
{
  g_autofree char *state = lim_sandbox_get_state_json (sb);
  g_autofree char *escaped = g_regex_escape_string (name, -1);
  g_autofree char *pattern = g_strdup_printf ("\"id\"\\s*:\\s*\"(sfso_[^\"]+)\"\\s*,\\s*\"name\"\\s*:\\s*\"%s\"",
                                              escaped);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, state, 0, &match))
    return NULL;

  return g_match_info_fetch (match, 1);
}

static void
body_question (Fixture *fx)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "prod");
  g_autofree char *option = find_option_id (sb, "Parmigiano Reggiano");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  AdwMessageDialog *confirm;
  AdwMessageDialog *question;
  LimRunDialog *run;

  g_assert_nonnull (option);
  lim_sandbox_set_option_in_use (sb, option, 3, &error);
  g_assert_no_error (error);

  gui_test_select_tenant_page (fx->window, "prod");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = gui_test_wait_for_message_dialog (fx->window);
  entries = gui_test_find_by_class (GTK_WIDGET (confirm), "alias-entry");
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "prod");
  adw_message_dialog_response (confirm, "run");
  /* The confirmation answers asynchronously. */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_RUNNING);
  run = lim_window_get_run_dialog (fx->window);

  /* Renaming an option in use: the runner asks, the window forwards. */
  question = gui_test_wait_for_message_dialog (fx->window);
  g_assert_cmpint (lim_run_get_state (lim_run_dialog_get_run (run)), ==, LIM_RUN_STATE_RUNNING);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (run));
  g_test_message ("question: %s", adw_message_dialog_get_body (question));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "Parmigiano"));
  gui_test_save_screenshot (GTK_WIDGET (question), "run-question", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (question, "continue");

  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  gui_test_wait_for_row_status (fx->window, "prod", "Up to date");
  assert_marker_at_head (fx, "prod");
}


/* Write @text as @alias's lock record, as another workstation would. */
static void
write_lock (Fixture *fx, const char *alias, const char *text)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, alias);
  g_autofree char *url = lim_sandbox_get_base_url (sb);
  g_autoptr(LimClient) client = lim_client_new (url, alias);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_lock_write_async (client, text, NULL, gui_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lim_lock_write_finish (result, &error));
  g_assert_no_error (error);
}

static gboolean
lock_shown (gpointer data)
{
  Fixture *fx = data;
  GtkWidget *label = gui_test_find_one (GTK_WIDGET (lim_window_get_tenant_page (fx->window)), "tenant-lock");

  return gui_test_all_read (fx->window) && gtk_widget_get_visible (label);
}

/* Another workstation holds test: the page says who and since when, and
 * an upgrade is refused with the holder's name; nothing is written. */
static void
body_locked (Fixture *fx)
{
  g_autoptr(LimLock) other = lim_lock_new_mine (600);
  g_autofree char *text = NULL;
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "test");
  GtkWidget *label;
  LimRunDialog *run;
  const char *shown;
  guint64 before;

  g_free (other->holder);
  other->holder = g_strdup ("ana");
  g_free (other->host);
  other->host = g_strdup ("ws-3");
  other->action = g_strdup ("upgrade");
  text = lim_lock_format (other);
  write_lock (fx, "test", text);

  gui_test_select_tenant_page (fx->window, "test");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  g_assert_true (gui_test_wait_until (lock_shown, fx, 30000));
  label = gui_test_find_one (GTK_WIDGET (lim_window_get_tenant_page (fx->window)), "tenant-lock");
  g_test_message ("lock: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "upgrading since"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "ana@ws-3"));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "tenant-locked", SCREENSHOT_SETTLE_MS);

  before = lim_sandbox_get_request_count (sb, TAG_SCHEMA_UPDATE);
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  /* Refused while it prepares: no confirmation to answer. */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_FAILED);
  run = lim_window_get_run_dialog (fx->window);
  shown = gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (run), "run-error")));
  g_test_message ("refused: %s", shown);
  g_assert_nonnull (strstr (shown, "ana@ws-3"));
  g_assert_nonnull (strstr (shown, "being upgraded"));
  g_assert_true (lim_run_get_refused_by_lock (lim_run_dialog_get_run (run)));
  g_assert_cmpstr (lim_run_get_heading (lim_run_dialog_get_run (run)), ==, "Tenant Is Locked");
  gui_test_save_screenshot (GTK_WIDGET (run), "run-refused-locked", SCREENSHOT_SETTLE_MS);
  /* Nothing written: no tag-schema update at all. */
  g_assert_cmpuint (lim_sandbox_get_request_count (sb, TAG_SCHEMA_UPDATE), ==, before);
  gtk_window_close (GTK_WINDOW (run));
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 20000));

  /* Freed: the label goes. */
  write_lock (fx, "test", "unlocked");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 30000));
  g_assert_false (gtk_widget_get_visible (label));
}

/* A lock whose lease expired (its workstation went away): the refused run
 * offers Break Lock…, which names the holder and, confirmed, runs. */
static void
body_break_lock (Fixture *fx)
{
  g_autoptr(LimLock) other = lim_lock_new_mine (120);
  g_autofree char *text = NULL;
  AdwMessageDialog *confirm;
  AdwMessageDialog *question;
  LimRunDialog *run;
  GtkWidget *button;

  g_free (other->holder);
  other->holder = g_strdup ("ana");
  g_free (other->host);
  other->host = g_strdup ("ws-3");
  other->action = g_strdup ("downgrade");
  other->since -= 600;
  other->until -= 600;
  text = lim_lock_format (other);
  write_lock (fx, "test", text);

  gui_test_select_tenant_page (fx->window, "test");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 30000));
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_FAILED);
  run = lim_window_get_run_dialog (fx->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run)));
  g_assert_true (lim_run_get_refused_by_lock (lim_run_dialog_get_run (run)));
  button = gui_test_find_one (GTK_WIDGET (run), "break-lock-button");
  g_assert_true (gtk_widget_get_visible (button));
  gtk_widget_activate (button);
  question = gui_test_wait_for_message_dialog (fx->window);
  g_test_message ("break: %s", adw_message_dialog_get_body (question));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "ana@ws-3"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  gui_test_save_screenshot (GTK_WIDGET (question), "break-lock-confirmation", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (question, "break");
  /* Then the run's own confirmation, never seen before the refusal. */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_CONFIRMING);
  confirm = gui_test_wait_for_message_dialog (fx->window);
  g_assert_true (confirm != question);
  adw_message_dialog_response (confirm, "run");

  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  gui_test_wait_for_row_status (fx->window, "test", "Up to date");
  assert_marker_at_head (fx, "test");
}

static void
body_downgrade (Fixture *fx)
{
  LimTenantPage *page;
  LimRevisionView *view;
  guint n = lim_timeline_get_n_revisions (fx->timeline);
  LimRevision *target = lim_timeline_get_nth (fx->timeline, n - 2);
  GtkWidget *button;
  AdwMessageDialog *confirm;

  gui_test_select_tenant_page (fx->window, "dev");
  page = lim_window_get_tenant_page (fx->window);
  g_assert_true (lim_tenant_page_select_revision (page, lim_revision_get_id (target)));
  view = lim_tenant_page_get_revision_view (page);
  button = lim_revision_view_get_run_button (view, LIM_DIRECTION_DOWN);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_visible (lim_revision_view_get_run_button (view, LIM_DIRECTION_UP)));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* A click: the button's own action and target. */
  g_signal_emit_by_name (button, "clicked");
  confirm = gui_test_wait_for_message_dialog (fx->window);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Downgrade dev?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (confirm, "run"), ==, "_Downgrade");
  adw_message_dialog_response (confirm, "run");

  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  gui_test_wait_for_row_status (fx->window, "dev", "1 behind");
  g_assert_cmpstr (lim_tenant_item_get_revision (lim_tenant_row_get_item (gui_test_get_row (fx->window, "dev"))), ==,
                   lim_revision_get_id (target));
  /* Now the head is above the marker again. */
  g_assert_true (lim_tenant_page_select_revision (page, lim_revision_get_id (lim_timeline_get_head (fx->timeline))));
  g_assert_true (gtk_widget_get_visible (lim_revision_view_get_run_button (view, LIM_DIRECTION_UP)));
}

/* Closing the main window in the middle of a run: the run is cancelled
 * and everything is freed (checked by the teardown). */
static void
body_close_while_running (Fixture *fx)
{
  AdwMessageDialog *confirm;
  LimRunDialog *run;
  LimRunner *runner;

  lim_sandbox_set_latency (lim_application_get_demo_sandbox (fx->app, "test"), NULL, 200);
  gui_test_select_tenant_page (fx->window, "test");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  confirm = gui_test_wait_for_message_dialog (fx->window);
  adw_message_dialog_response (confirm, "run");
  /* The confirmation answers asynchronously. */
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_RUNNING);
  run = lim_window_get_run_dialog (fx->window);
  runner = lim_run_get_runner (lim_run_dialog_get_run (run));
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);
  g_object_add_weak_pointer (G_OBJECT (runner), (gpointer *) &runner);
  g_assert_true (gui_test_wait_until (some_done, run, 30000));

  gtk_window_destroy (GTK_WINDOW (fx->window));
  /* The cancelled run lets go of the dialog and the runner soon. */
  g_assert_true (gui_test_wait_until (both_gone, (gpointer[]) { &run, &runner }, 10000));
  fx->window = NULL;
}

static void
test_close_while_running (Fixture       *fx,
                          gconstpointer  data)
{
  run_in_app (fx, body_close_while_running);
}

static void
test_question (Fixture       *fx,
               gconstpointer  data)
{
  run_in_app (fx, body_question);
}

static void
test_locked (Fixture       *fx,
             gconstpointer  data)
{
  run_in_app (fx, body_locked);
}

static void
test_break_lock (Fixture       *fx,
                 gconstpointer  data)
{
  run_in_app (fx, body_break_lock);
}

static void
test_downgrade (Fixture       *fx,
                gconstpointer  data)
{
  run_in_app (fx, body_downgrade);
}

static void
test_upgrade (Fixture       *fx,
              gconstpointer  data)
{
  run_in_app (fx, body_upgrade);
}

static void
test_failure (Fixture       *fx,
              gconstpointer  data)
{
  run_in_app (fx, body_failure);
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  run_in_app (fx, body_cancel);
}

static void
test_stop_resume (Fixture       *fx,
                  gconstpointer  data)
{
  g_object_set_data (G_OBJECT (fx->app), "resume-after-stop", GINT_TO_POINTER (TRUE));
  run_in_app (fx, body_cancel);
}

static void
test_dry_run (Fixture       *fx,
              gconstpointer  data)
{
  run_in_app (fx, body_dry_run);
}

/* A promotion gate: test follows dev (which never recorded a run), so
 * upgrading test is refused, says whom it waits for, and passes with a
 * typed reason that the run record keeps. */
static void
body_gate (Fixture *fx)
{
  const char *config_dir = lim_project_get_config_dir (lim_window_get_project (fx->window));
  g_autofree char *ini = g_build_filename (config_dir, "tenants.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *gated = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  LimTenantPage *page = lim_window_get_tenant_page (fx->window);
  AdwMessageDialog *confirm;
  LimRunDialog *run;
  GtkWidget *label, *entry, *override;
  const char *reason = "Hotfix approved in CR-1234";
  JsonObject *override_member;

  g_assert_true (g_file_get_contents (ini, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "[test]\n"));
  gated = replace_once (text, "[test]\n", "[test]\npromote-after = dev\n");
  g_assert_true (g_file_set_contents (ini, gated, -1, NULL));
  lim_window_reload_tenants (fx->window);
  g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 30000));
  gui_test_select_tenant_page (fx->window, "test");
  label = gui_test_find_one (GTK_WIDGET (page), "tenant-gate");
  g_assert_true (gui_test_wait_until (gui_test_widget_mapped, label, 10000));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Waiting for dev"));

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  gui_test_wait_for_run_state (fx->window, LIM_RUN_STATE_FAILED);
  run = lim_window_get_run_dialog (fx->window);
  g_assert_true (lim_run_get_refused_by_gate (lim_run_dialog_get_run (run)));
  g_assert_cmpstr (lim_run_get_heading (lim_run_dialog_get_run (run)), ==, "Waiting for dev");
  g_assert_nonnull (strstr (lim_run_get_error_text (lim_run_dialog_get_run (run)), "dev has not run revision"));
  entry = gui_test_find_one (GTK_WIDGET (run), "gate-reason");
  override = gui_test_find_one (GTK_WIDGET (run), "override-gate-button");
  g_assert_true (gui_test_wait_until (gui_test_widget_mapped, entry, 10000));
  g_assert_false (gtk_widget_get_sensitive (override));
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (gtk_widget_get_sensitive (override));
  gui_test_save_screenshot (GTK_WIDGET (run), "run-refused-gate", SCREENSHOT_SETTLE_MS);

  g_signal_emit_by_name (override, "clicked");
  confirm = gui_test_wait_for_message_dialog (fx->window);
  adw_message_dialog_response (confirm, "run");
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 60000));
  g_assert_nonnull (run);
  g_assert_cmpint (lim_run_get_state (lim_run_dialog_get_run (run)), ==, LIM_RUN_STATE_DONE);
  record = lim_run_record_load (lim_run_get_record_path (lim_run_dialog_get_run (run)), &error);
  g_assert_no_error (error);
  override_member = lim_json_get_object (record, "override");
  g_assert_nonnull (override_member);
  g_assert_cmpstr (lim_json_get_string (override_member, "reason"), ==, reason);
  g_assert_cmpstr (lim_json_get_string (record, "outcome"), ==, "succeeded");
  close_summary (&run);
  gui_test_wait_for_row_status (fx->window, "test", "Up to date");
}

static void
test_gate (Fixture       *fx,
           gconstpointer  data)
{
  run_in_app (fx, body_gate);
}

/* ------------------------------------------------------------------ */
/* Generate Revision…: the model/ folder against dev (at head). */

/* The model files of the demo's dev tenant, written into the project: our
 * JSON files in model/, or (@python) Liminal's Python classes in the
 * project root, where Liminal's generate-files writes them. */
static void
write_model_files (Fixture *fx,
                   gboolean python)
{
  LimSandbox *sb = lim_application_get_demo_sandbox (fx->app, "dev");
  g_autofree char *url = lim_sandbox_get_base_url (sb);
  g_autoptr(LimClient) client = lim_client_new (url, "dev");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) files = NULL;
  const char *root = lim_project_get_root (lim_window_get_project (fx->window));
  gboolean changed = FALSE;

  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_remote_fetch_async (client, LIM_FETCH_FULL, NULL, gui_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  model = lim_remote_fetch_finish (client, result, &error);
  g_assert_no_error (error);
  files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, NULL);
  g_assert_cmpuint (files->len, >, 0);
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *file = g_ptr_array_index (files, i);
      char *tooltip;

      /* One change for the revision: a tooltip on the first field that has none. */
      if (!changed && g_str_has_prefix (file->name, "entity_schemas/") &&
          (tooltip = strstr (file->contents, "\"tooltip\": null")) != NULL)
        {
          char *edited = g_strdup_printf ("%.*s\"tooltip\": \"Set from the model\"%s",
                                          (int) (tooltip - file->contents), file->contents,
                                          tooltip + strlen ("\"tooltip\": null"));
          g_free (file->contents);
          file->contents = edited;
          changed = TRUE;
        }
    }
  g_assert_true (changed);
  if (python)
    {
      GPtrArray *py = lim_model_python_generate (files, LIM_MODEL_FILES_ALL, &error);

      g_assert_no_error (error);
      g_ptr_array_unref (files);
      files = py;
    }
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (root, python ? "." : "model", file->name, NULL);
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, file->contents, -1, NULL));
    }
}

static gboolean
has_error_dialog (gpointer data)
{
  return gui_test_find_dialog_with_class ("generate-error") != NULL;
}

static gboolean
head_changed (gpointer data)
{
  Fixture *fx = data;
  LimTimeline *timeline = lim_window_get_timeline (fx->window);
  const char *old_head = g_object_get_data (G_OBJECT (fx->app), "old-head");

  return timeline != NULL && g_strcmp0 (lim_revision_get_id (lim_timeline_get_head (timeline)), old_head) != 0;
}

static void
generate (Fixture *fx, const char *description)
{
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.generate-revision", NULL));
  dialog = gui_test_find_dialog_with_class ("generate-dialog");
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "generate"));
  entries = gui_test_find_by_class (GTK_WIDGET (dialog), "generate-description");
  g_assert_cmpuint (entries->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), description);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "generate"));
  gui_test_save_screenshot (GTK_WIDGET (dialog), "generate-dialog", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (dialog, "generate");
}

static void
body_generate (Fixture *fx)
{
  g_autofree char *old_head = g_strdup (lim_revision_get_id (lim_timeline_get_head (fx->timeline)));
  gboolean python = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fx->app), "python"));
  LimTimeline *timeline;
  LimRevision *head;
  const LimOperation *op;

  gui_test_select_tenant_page (fx->window, "dev");

  /* Without model files, nothing is written and the reason is given. */
  generate (fx, "Should not be written");
  g_assert_true (gui_test_wait_until (has_error_dialog, fx, 20000));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (gui_test_find_dialog_with_class ("generate-error")), "model/"));
  adw_message_dialog_response (gui_test_find_dialog_with_class ("generate-error"), "close");
  gui_test_spin (300);
  g_assert_null (gui_test_find_dialog_with_class ("generate-dialog"));
  g_assert_null (gui_test_find_dialog_with_class ("generate-error"));
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_head (lim_window_get_timeline (fx->window))), ==, old_head);

  /* With the model (one tooltip changed), one new revision. */
  write_model_files (fx, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fx->app), "python")));
  g_object_set_data_full (G_OBJECT (fx->app), "old-head", g_strdup (old_head), g_free);
  generate (fx, "Add a tooltip from the model");
  g_assert_true (gui_test_wait_until (head_changed, fx, 20000));
  fx->timeline = timeline = lim_window_get_timeline (fx->window);
  head = lim_timeline_get_head (timeline);
  g_assert_cmpstr (lim_revision_get_down_revision (head), ==, old_head);
  g_assert_cmpstr (lim_revision_get_description (head), ==, "Add a tooltip from the model");
  g_assert_cmpuint (lim_revision_get_upgrade (head)->len, ==, 1);
  op = g_ptr_array_index (lim_revision_get_upgrade (head), 0);
  g_assert_cmpint (op->spec->kind, ==, LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD);
  g_assert_cmpstr (lim_props_get_str (op->args[2].props, LIM_FIELD_TOOLTIP), ==, "Set from the model");

  /* The reopened project reads the tenants again: dev is one behind now. */
  g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 30000));
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "dev")), ==, "1 behind");
  gui_test_save_screenshot (GTK_WIDGET (fx->window), python ? "after-generate-python" : "after-generate",
                            SCREENSHOT_SETTLE_MS);
}

/* @data: the model is Liminal's Python classes, not our JSON files. */
static void
test_generate (Fixture       *fx,
               gconstpointer  data)
{
  g_object_set_data (G_OBJECT (fx->app), "python", (gpointer) data);
  run_in_app (fx, body_generate);
}

/* ------------------------------------------------------------------ */

static gboolean
on_demo_check_cb (gpointer data)
{
  GApplication *app = g_application_get_default ();
  gboolean *ok = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  *ok = windows != NULL && LIM_IS_WINDOW (windows->data) && lim_window_get_demo (windows->data) &&
        lim_window_get_project (windows->data) != NULL &&
        g_list_model_get_n_items (lim_window_get_tenants (windows->data)) == 4;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_command_line_demo (void)
{
  g_autoptr(LimApplication) app = lim_application_new ();
  const char *argv[] = { "liminal-desktop", "--demo", NULL };
  gboolean ok = FALSE;
  int status;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_timeout_add (300, on_demo_check_cb, &ok);
  status = g_application_run (G_APPLICATION (app), 2, (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (ok);
  g_assert_finalize_object (g_steal_pointer (&app));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-run");
  int status;

  g_test_add ("/liminal/run/upgrade", Fixture, NULL, fixture_setup, test_upgrade, fixture_teardown);
  g_test_add ("/liminal/run/failure-resume", Fixture, NULL, fixture_setup, test_failure, fixture_teardown);
  g_test_add ("/liminal/run/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/liminal/run/stop-resume", Fixture, NULL, fixture_setup, test_stop_resume, fixture_teardown);
  g_test_add ("/liminal/run/close-while-running", Fixture, NULL, fixture_setup, test_close_while_running,
              fixture_teardown);
  g_test_add ("/liminal/run/question", Fixture, NULL, fixture_setup, test_question, fixture_teardown);
  g_test_add ("/liminal/run/locked", Fixture, NULL, fixture_setup, test_locked, fixture_teardown);
  g_test_add ("/liminal/run/break-lock", Fixture, NULL, fixture_setup, test_break_lock, fixture_teardown);
  g_test_add ("/liminal/run/downgrade", Fixture, NULL, fixture_setup, test_downgrade, fixture_teardown);
  g_test_add ("/liminal/run/dry-run", Fixture, NULL, fixture_setup, test_dry_run, fixture_teardown);
  g_test_add ("/liminal/run/gate", Fixture, NULL, fixture_setup, test_gate, fixture_teardown);
  g_test_add ("/liminal/run/generate", Fixture, NULL, fixture_setup, test_generate, fixture_teardown);
  g_test_add ("/liminal/run/generate-python", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_generate,
              fixture_teardown);
  g_test_add_func ("/liminal/run/command-line-demo", test_command_line_demo);

  status = g_test_run ();
  gui_test_remove_tree (data_home);

  return status;
}

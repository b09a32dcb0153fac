/* test-rehearse-window.c — Rehearse, beside Dry Run (issue 14): the
 * demo's prod tenant rehearsed on a clone from the window; the result in a
 * message dialog; prod itself only read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-tenant-page.h"
#include "lim-window.h"

typedef struct _Fixture
{
  LimApplication *app;
  LimWindow      *window;
  char           *demo_dir;
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
}

static LimWindow *
open_demo (GApplication *app,
           gpointer      data)
{
  Fixture *fx = data;
  LimWindow *window = gui_test_open_demo (app, NULL);

  fx->demo_dir = g_strdup (lim_application_get_demo_dir (LIM_APPLICATION (app)));
  return window;
}

/* The rehearsal's result dialog, once it is up. */
static AdwMessageDialog *
result_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_has_css_class (w, "rehearsal-result"))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
result_shown (gpointer data)
{
  return result_dialog () != NULL;
}

static void
body_rehearse_prod (Fixture *fx)
{
  LimSandbox *prod = lim_application_get_demo_sandbox (fx->app, "prod");
  g_autofree char *before = lim_sandbox_get_state_json (prod);
  g_autofree char *after = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) entries = NULL;
  LimTenantPage *page;
  AdwMessageDialog *dialog;
  JsonArray *arr;
  const char *text;

  gui_test_wait_for_statuses (fx->window);
  page = gui_test_select_tenant_page (fx->window, "prod");
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "rehearse-button")));
  g_assert_true (gtk_widget_get_sensitive (gui_test_find_one (GTK_WIDGET (page), "rehearse-button")));
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.rehearse", NULL);
  g_assert_true (gui_test_wait_until (result_shown, NULL, 60000));
  dialog = result_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rehearsal Succeeded");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Run on a clone of prod; nothing was written to it.");
  text = gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (dialog), "rehearsal-text")));
  g_assert_nonnull (strstr (text, "Upgrade from 0a8e4c5f1d36 to 4e2c8a9d5b70, 4 revision(s)."));
  /* the tests' demo tenants allow 1000 requests per 30 s */
  g_assert_nonnull (strstr (text, "at 1000 requests per 30 s"));
  g_assert_nonnull (strstr (text, "  dropdown Oven: active → active"));
  g_assert_nonnull (strstr (text, "Rehearsal succeeded. Nothing was written to prod."));
  gui_test_save_screenshot (GTK_WIDGET (dialog), "rehearsal-result", 500);

  /* prod was only read: GET requests and the sign-in */
  after = lim_sandbox_get_state_json (prod);
  g_assert_cmpstr (before, ==, after);
  log = lim_sandbox_get_request_log_json (prod);
  entries = json_from_string (log, NULL);
  arr = json_node_get_array (entries);
  g_assert_cmpuint (json_array_get_length (arr), >, 0);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      const char *route = json_object_get_string_member (json_array_get_object_element (arr, i), "route");
      g_assert_true (g_str_has_prefix (route, "GET ") || g_str_equal (route, "POST /api/v2/token") ||
                     g_str_equal (route, "POST /signin"));
    }
  adw_message_dialog_response (dialog, "close");
}

static void
test_rehearse_prod (Fixture *fx, gconstpointer data)
{
  gui_test_run_in_window (fx->app, &fx->window, open_demo, G_CALLBACK (body_rehearse_prod), fx);
}

/* Extra schemas on prod: a tenant big enough that seeding the clone,
 * reading its state and comparing it after each step takes long. */
#define BIG_N_SCHEMAS 300
#define BIG_N_FIELDS  6
/* the largest main-loop gap allowed while the window rehearses */
#define MAX_STALL_US  (100 * 1000)

static void
add_big_schemas (LimSandbox *sb)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lim_sandbox_set_autosave (sb, FALSE, &error));
  for (guint i = 0; i < BIG_N_SCHEMAS; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *id = NULL;

      g_string_append_printf (body, "{\"name\":\"Bulk %u\",\"prefix\":\"BK%uX\",\"type\":\"custom_entity\","
                              "\"labelingStrategies\":[\"NEW_IDS\"],\"fields\":[", i, i);
      for (guint j = 0; j < BIG_N_FIELDS; j++)
        g_string_append_printf (body, "%s{\"name\":\"Field %u\",\"systemName\":\"field_%u\","
                                "\"fieldType\":\"text\"}", j ? "," : "", j, j);
      g_string_append (body, "]}");
      id = lim_sandbox_create_entity_schema (sb, body->str, &error);
      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  g_assert_true (lim_sandbox_set_autosave (sb, TRUE, &error));
}

/* Rehearsing a big tenant: the clone lives in a thread of its own and the
 * states are compared off the main loop, so the window keeps answering. */
static void
body_rehearse_big (Fixture *fx)
{
  LimSandbox *prod = lim_application_get_demo_sandbox (fx->app, "prod");
  GuiStallMeter meter = { 0 };
  AdwMessageDialog *dialog;
  const char *text;

  gui_test_wait_for_statuses (fx->window);
  add_big_schemas (prod);
  gui_test_select_tenant_page (fx->window, "prod");
  gui_test_spin (100);
  gui_stall_meter_start (&meter);
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.rehearse", NULL);
  g_assert_true (gui_test_wait_until (result_shown, NULL, 120000));
  gui_stall_meter_stop (&meter);
  dialog = result_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rehearsal Succeeded");
  text = gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (dialog), "rehearsal-text")));
  g_assert_nonnull (strstr (text, "Upgrade from 0a8e4c5f1d36 to 4e2c8a9d5b70, 4 revision(s)."));
  g_assert_nonnull (strstr (text, "Round trips: 4 revision(s) went down and up again exactly."));
  gui_stall_meter_check (&meter, MAX_STALL_US, "rehearsing " G_STRINGIFY (BIG_N_SCHEMAS) " extra schemas");
  adw_message_dialog_response (dialog, "close");
}

static void
test_rehearse_big (Fixture *fx, gconstpointer data)
{
  gui_test_run_in_window (fx->app, &fx->window, open_demo, G_CALLBACK (body_rehearse_big), fx);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-rehearse-window");
  int status;

  g_test_add ("/liminal/rehearse-window/prod", Fixture, NULL, fixture_setup, test_rehearse_prod, fixture_teardown);
  g_test_add ("/liminal/rehearse-window/big", Fixture, NULL, fixture_setup, test_rehearse_big, fixture_teardown);
  status = g_test_run ();
  gui_test_remove_tree (data_home);
  return status;
}

/* test-open-big.c — opening a project of 10,000 revisions, cold (no
 * revision cache): the tenants are listed at once, before the history has
 * loaded; a tenant selected meanwhile says its history is being read; the
 * main loop never stalls while the history loads, arrives and the tenants
 * are read; a history that cannot be read says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-revision-item.h"
#include "lim-tenant-item.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

/* The target is 50 ms (test-history's); a loaded CI machine gets twice that. */
#define MAX_STALL_US (100 * 1000)
/* BIG_N revisions, the tenant "big" at BIG_AT. */
#define BIG_N 10000
#define BIG_AT 5000

typedef struct _Fixture
{
  LimApplication *app;
  LimWindow      *window;
  char           *project_dir;
  LimSandbox     *sb_marked;
  LimSandbox     *sb_plain;
  char          **ids;           /* BIG_N ids, base first */
} Fixture;

static const char *env_vars[] = {
  "LIMINAL_BIG_CLIENT_SECRET", "LIMINAL_BIG_ADMIN_PASSWORD",
  "LIMINAL_FRESH_CLIENT_SECRET", "LIMINAL_FRESH_ADMIN_PASSWORD",
};

/* ------------------------------------------------------------------ */
/* The project */

/* BIG_N revision files in versions/, each adding a dropdown (every tenth
 * archives the one before); takes about a second. */
static void
write_versions (Fixture *fx,
                guint    n)
{
  g_autofree char *versions = g_build_filename (fx->project_dir, "versions", NULL);
  GString *text = g_string_new (NULL);

  g_assert_cmpint (g_mkdir_with_parents (versions, 0755), ==, 0);
  fx->ids = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;

      fx->ids[i] = g_strdup_printf ("b1%010x", 0x5eed000u + i * 7919u);
      g_string_printf (text, "'''\n%s %u\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2026-03-01 09:00:00\n'''\n\n"
                       "import liminal.external as b\n\n"
                       "# revision identifiers, used by Liminal.\n"
                       "revision = \"%s\"\n",
                       i % 10 == 0 ? "retire dropdown" : "add dropdown", i, fx->ids[i],
                       i > 0 ? fx->ids[i - 1] : "None", fx->ids[i]);
      if (i == 0)
        g_string_append (text, "down_revision = None\n\n\n"
                               "def upgrade() -> list[b.BaseOperation]:\n    return []\n\n"
                               "def downgrade() -> list[b.BaseOperation]:\n    return []\n");
      else if (i % 10 == 0)
        g_string_append_printf (text, "down_revision = \"%s\"\n\n\n"
                                      "def upgrade() -> list[b.BaseOperation]:\n"
                                      "    return [b.ArchiveDropdown('Dropdown %u')]\n\n"
                                      "def downgrade() -> list[b.BaseOperation]:\n"
                                      "    return [b.UnarchiveDropdown('Dropdown %u')]\n",
                                fx->ids[i - 1], i - 1, i - 1);
      else
        g_string_append_printf (text, "down_revision = \"%s\"\n\n\n"
                                      "def upgrade() -> list[b.BaseOperation]:\n"
                                      "    return [b.CreateDropdown('Dropdown %u', ['Small', 'Large'])]\n\n"
                                      "def downgrade() -> list[b.BaseOperation]:\n"
                                      "    return [b.ArchiveDropdown('Dropdown %u')]\n",
                                fx->ids[i - 1], i, i);
      name = g_strdup_printf ("%s_revision_%u.py", fx->ids[i], i);
      path = g_build_filename (versions, name, NULL);
      g_file_set_contents_full (path, text->str, (gssize) text->len, G_FILE_SET_CONTENTS_NONE, 0644, &error);
      g_assert_no_error (error);
    }
  g_string_free (text, TRUE);
}

/* big: at @marker; fresh: no marker. */
static void
write_tenants (Fixture    *fx,
               const char *marker)
{
  g_autofree char *marked_url = NULL;
  g_autofree char *plain_url = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = NULL;
  g_autoptr(GError) error = NULL;

  fx->sb_marked = gui_test_start_sandbox ();
  fx->sb_plain = gui_test_start_sandbox ();
  gui_test_seed_marker (fx->sb_marked, marker);
  marked_url = lim_sandbox_get_base_url (fx->sb_marked);
  plain_url = lim_sandbox_get_base_url (fx->sb_plain);
  ini = g_strdup_printf ("[big]\ntenant-name = big\nurl = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n\n"
                         "[fresh]\ntenant-name = fresh\nurl = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n",
                         marked_url, plain_url);
  ini_path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_file_set_contents (ini_path, ini, -1, &error);
  g_assert_no_error (error);
  g_setenv ("LIMINAL_BIG_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_BIG_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
  g_setenv ("LIMINAL_FRESH_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_FRESH_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
}

/* ------------------------------------------------------------------ */
/* Helpers */

static gboolean
history_loaded (LimWindow *window)
{
  LimWorkspace *workspace = lim_window_get_workspace (window);

  return workspace != NULL && lim_workspace_get_history_loaded (workspace);
}

static gboolean
history_loaded_cond (gpointer window)
{
  return history_loaded (window);
}

/* Every revision shown by @page (newest first, down to the tenant's
 * current one at BIG_AT) carries its mark. */
static gboolean
all_marked (gpointer page)
{
  GListModel *rows = lim_tenant_page_get_history_rows (page);

  for (guint i = 0; i <= BIG_N - 1 - BIG_AT; i++)
    {
      g_autoptr(LimRevisionItem) item = g_list_model_get_item (rows, i);
      LimRevisionMark expected = i < BIG_N - 1 - BIG_AT ? LIM_REVISION_MARK_PENDING : LIM_REVISION_MARK_CURRENT;

      if (item == NULL || lim_revision_item_get_mark (item) != expected)
        return FALSE;
    }
  return TRUE;
}

static gboolean
view_is_error (gpointer window)
{
  return g_strcmp0 (lim_window_get_view (window), "error") == 0;
}

/* Every tenant of @fx's window is listed, its row says it is being read. */
static void
assert_rows_loading (LimWindow *window)
{
  GListModel *tenants = lim_window_get_tenants (window);

  g_assert_cmpuint (g_list_model_get_n_items (tenants), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (tenants); i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (tenants, i);
      LimTenantRow *row = gui_test_get_row (window, lim_tenant_item_get_alias (item));

      g_assert_nonnull (row);
      g_assert_true (lim_tenant_item_get_loading (item));
      g_assert_null (lim_tenant_item_get_status (item));
    }
}

/* ------------------------------------------------------------------ */
/* 10,000 revisions, cold */

static void
body_loading (Fixture *fx)
{
  GuiStallMeter meter = { 0 };
  LimTenantPage *page;
  GtkWidget *loading;
  gint64 start, listed, loaded, read;

  /* Opening: the tenants are listed before the history has loaded. */
  gui_stall_meter_start (&meter);
  gui_test_spin (20);   /* the meter ticks: opening's own time counts */
  start = g_get_monotonic_time ();
  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  listed = g_get_monotonic_time ();
  g_assert_false (history_loaded (fx->window));
  g_assert_null (lim_window_get_timeline (fx->window));
  assert_rows_loading (fx->window);
  g_test_message ("tenants listed %.1f ms after opening, the history not loaded yet", (listed - start) / 1e3);

  /* Selecting a tenant meanwhile shows its page at once: the header, and
   * a spinner where the history goes. */
  page = gui_test_select_tenant_page (fx->window, "big");
  loading = gui_test_find_one (GTK_WIDGET (page), "history-loading");
  g_assert_true (gtk_widget_get_visible (loading));
  g_assert_false (gtk_widget_is_visible (gui_test_find_one (GTK_WIDGET (page), "history-scrolled")));
  g_assert_cmpuint (g_list_model_get_n_items (lim_tenant_page_get_history_rows (page)), ==, 0);
  /* Nothing runs on a tenant before the history is there. */
  g_assert_false (gtk_widget_is_sensitive (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  g_assert_false (history_loaded (fx->window));

  /* The loading state, drawn once (a frame; the history takes longer), and
   * saved (the test's own drawing is not the window's: the meter is off). */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  gui_stall_meter_stop (&meter);
  gui_stall_meter_check (&meter, MAX_STALL_US, "opening and selecting a tenant");
  g_assert_false (history_loaded (fx->window));
  g_assert_true (gtk_widget_get_mapped (loading));
  g_test_message ("loading state drawn %.1f ms after opening", (g_get_monotonic_time () - start) / 1e3);
  g_free (gui_test_screenshot (GTK_WIDGET (fx->window), "loading-history"));
  g_assert_false (history_loaded (fx->window));

  /* The history arrives, then the tenants' statuses: the page fills in
   * without a stall, and switching tenants stays smooth. */
  gui_stall_meter_start (&meter);
  g_assert_true (gui_test_wait_until (history_loaded_cond, fx->window, 20000));
  loaded = g_get_monotonic_time ();
  g_assert_true (gui_test_wait_until (gui_test_all_read, fx->window, 20000));
  read = g_get_monotonic_time ();
  g_test_message ("history loaded %.0f ms after opening, every tenant read %.0f ms after", (loaded - start) / 1e3,
                  (read - start) / 1e3);
  g_assert_cmpuint (lim_timeline_get_n_revisions (lim_window_get_timeline (fx->window)), ==, BIG_N);
  g_assert_true (gui_test_wait_until (gui_test_widget_mapped, lim_tenant_page_get_history_view (page), 5000));
  g_assert_false (gtk_widget_get_mapped (loading));
  g_assert_cmpstr (gui_test_status_text (fx->window, "big"), ==, "4999 behind");
  g_assert_cmpstr (gui_test_status_text (fx->window, "fresh"), ==, "No marker — adopt?");
  {
    GListModel *rows = lim_tenant_page_get_history_rows (page);
    g_autoptr(LimRevisionItem) newest = NULL;
    g_autoptr(LimRevisionItem) fold = NULL;

    /* As today: the pending revisions, the current one, one row for the rest. */
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, BIG_N - BIG_AT + 1);
    newest = g_list_model_get_item (rows, 0);
    g_assert_cmpstr (lim_revision_get_id (lim_revision_item_get_revision (newest)), ==, fx->ids[BIG_N - 1]);
    fold = g_list_model_get_item (rows, BIG_N - BIG_AT);
    g_assert_true (lim_revision_item_is_fold (fold));
  }
  gui_test_select_tenant_page (fx->window, "fresh");
  gui_test_spin (100);
  page = gui_test_select_tenant_page (fx->window, "big");
  gui_test_spin (200);
  gui_stall_meter_stop (&meter);
  gui_stall_meter_check (&meter, MAX_STALL_US, "as the history and the statuses arrive");

  /* The marks of all 10,000 revisions, set a chunk at a time, are all there. */
  g_assert_true (gui_test_wait_until (all_marked, page, 5000));

  /* Runs wait for the history, then follow the status as today. */
  g_assert_true (gtk_widget_is_sensitive (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
}

static LimWindow *
open_window (GApplication *app,
             gpointer      data)
{
  return gui_test_open_window (app, NULL);
}

static void
test_loading (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fx->project_dir = g_dir_make_tmp ("liminal-open-big-XXXXXX", &error);
  g_assert_no_error (error);
  write_versions (fx, BIG_N);
  write_tenants (fx, fx->ids[BIG_AT]);
  g_test_message ("%u revision files written in %.0f ms", BIG_N, (g_get_monotonic_time () - start) / 1e3);

  gui_test_run_in_window (fx->app, &fx->window, open_window, G_CALLBACK (body_loading), fx);
}

/* ------------------------------------------------------------------ */
/* A history that cannot be read */

static void
body_broken (Fixture *fx)
{
  GtkWidget *error_page;
  const char *description;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  assert_rows_loading (fx->window);

  /* The history fails in its worker thread: the window says why, as for
   * a folder that holds no project, and reads no tenant. */
  g_assert_true (gui_test_wait_until (view_is_error, fx->window, 20000));
  g_assert_null (lim_window_get_workspace (fx->window));
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 0);
  error_page = gui_test_find_one (GTK_WIDGET (fx->window), "open-error");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (error_page));
  g_assert_nonnull (strstr (description, "zz_broken.py:1:"));
  g_assert_null (lim_window_get_project (fx->window));
  gui_test_spin (200);
}

static void
test_broken (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  fx->project_dir = g_dir_make_tmp ("liminal-open-broken-XXXXXX", &error);
  g_assert_no_error (error);
  write_versions (fx, 20);
  write_tenants (fx, fx->ids[10]);
  bad = g_build_filename (fx->project_dir, "versions", "zz_broken.py", NULL);
  g_file_set_contents (bad, "def upgrade(:\n", -1, &error);
  g_assert_no_error (error);

  gui_test_run_in_window (fx->app, &fx->window, open_window, G_CALLBACK (body_broken), fx);
}

/* ------------------------------------------------------------------ */

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
  gui_test_free_application (g_steal_pointer (&fx->app));

  if (fx->sb_marked != NULL)
    gui_test_stop_sandbox (g_steal_pointer (&fx->sb_marked));
  if (fx->sb_plain != NULL)
    gui_test_stop_sandbox (g_steal_pointer (&fx->sb_plain));
  if (fx->project_dir != NULL)
    gui_test_remove_tree (fx->project_dir);
  g_clear_pointer (&fx->project_dir, g_free);
  g_clear_pointer (&fx->ids, g_strfreev);
  for (guint i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_unsetenv (env_vars[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-open-big");
  int status;

  /* Cold: every revision file is parsed (the revision cache is off). */
  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  gui_test_start_keyring ();

  g_test_add ("/liminal/open-big/loading", Fixture, NULL, fixture_setup, test_loading, fixture_teardown);
  g_test_add ("/liminal/open-big/broken-history", Fixture, NULL, fixture_setup, test_broken, fixture_teardown);

  status = g_test_run ();
  gui_test_remove_tree (data_home);

  return status;
}

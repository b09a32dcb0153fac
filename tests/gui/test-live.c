/* test-live.c — the window over a project that changes on disk (file
 * monitors, F5, the banner), the window's settings (size, recent
 * projects), the shortcuts window and the one back button of the narrow
 * layout; driven in-process against in-process Benchling sandboxes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-revision-row.h"
#include "lim-tenant-item.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* How long a screenshot waits after the draw. */
#define SCREENSHOT_SETTLE_MS 300

#define HEAD "4e2c8a9d5b70"
#define BEFORE_HEAD "3d1b7f8c4a69"
/* A revision on top of HEAD, written while the window is open. */
#define NEW_HEAD "5a0b1c2d3e4f"
#define NEW_HEAD_FILE NEW_HEAD "_archive_sauce_base_again.py"
#define REVIEWED "2c0a6e7b3f58"

typedef struct _Fixture
{
  char           *project_dir;
  LimSandbox     *sb_alpha;
  LimSandbox     *sb_beta;
  LimApplication *app;
  LimWindow      *window;
} Fixture;

static const char *env_vars[] = {
  "LIMINAL_ALPHA_CLIENT_SECRET", "LIMINAL_ALPHA_ADMIN_PASSWORD",
  "LIMINAL_BETA_CLIENT_SECRET", "LIMINAL_BETA_ADMIN_PASSWORD",
  "LIMINAL_GAMMA_CLIENT_SECRET", "LIMINAL_GAMMA_ADMIN_PASSWORD",
};

/* A started sandbox with the marker `liminal` leaves at @revision. */
static LimSandbox *
start_sandbox_at (const char *revision)
{
  LimSandbox *sb = gui_test_start_sandbox ();

  gui_test_seed_marker (sb, revision);

  return sb;
}

static char *
tenant_section (const char *alias,
                const char *url)
{
  return g_strdup_printf ("[%s]\n"
                          "tenant-name = %s\n"
                          "url = %s\n"
                          "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                          "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n",
                          alias, alias, url);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *alpha_url = NULL;
  g_autofree char *beta_url = NULL;
  g_autofree char *alpha = NULL;
  g_autofree char *beta = NULL;
  g_autofree char *ini = NULL;

  /* Every test starts from the schema's defaults (the memory backend
   * lives as long as the process). */
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  g_settings_reset (settings, "recent-projects");
  g_settings_reset (settings, "last-project");

  fx->project_dir = gui_test_make_project ();
  /* alpha is at head, beta one revision behind it. */
  fx->sb_alpha = start_sandbox_at (HEAD);
  fx->sb_beta = start_sandbox_at (BEFORE_HEAD);
  alpha_url = lim_sandbox_get_base_url (fx->sb_alpha);
  beta_url = lim_sandbox_get_base_url (fx->sb_beta);
  alpha = tenant_section ("alpha", alpha_url);
  beta = tenant_section ("beta", beta_url);
  ini = g_strconcat ("# tenants of the live-reload test project\n", alpha, "\n", beta, NULL);
  write_file (fx->project_dir, "tenants.ini", ini);

  for (guint i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_setenv (env_vars[i],
              g_str_has_suffix (env_vars[i], "SECRET") ? LIM_SANDBOX_DEFAULT_CLIENT_SECRET
                                                      : LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD,
              TRUE);

  fx->app = gui_test_new_application ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gui_test_free_application (g_steal_pointer (&fx->app));

  gui_test_stop_sandbox (fx->sb_alpha);
  gui_test_stop_sandbox (fx->sb_beta);

  gui_test_remove_tree (fx->project_dir);
  g_free (fx->project_dir);

  for (guint i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_unsetenv (env_vars[i]);
}

static LimWindow *
open_window (GApplication *app,
             gpointer      data)
{
  LimWindow *window = gui_test_get_window (app);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

/* Runs @body inside g_application_run(), in the main window. */
static void
run_in_app (Fixture  *fx,
            void    (*body) (Fixture *fx))
{
  gui_test_run_in_window (fx->app, &fx->window, open_window, G_CALLBACK (body), fx);
}

static const char *
badge (Fixture    *fx,
       const char *alias)
{
  LimTenantRow *row = gui_test_get_row (fx->window, alias);

  return row != NULL ? lim_tenant_row_get_status_text (row) : NULL;
}

static const char *
head_id (Fixture *fx)
{
  return lim_revision_get_id (lim_timeline_get_head (lim_window_get_timeline (fx->window)));
}

/* ------------------------------------------------------------------ */

static gboolean
badges_moved (gpointer data)
{
  Fixture *fx = data;

  return g_strcmp0 (badge (fx, "alpha"), "1 behind") == 0 && g_strcmp0 (badge (fx, "beta"), "2 behind") == 0;
}

static gboolean
banner_final (gpointer data)
{
  Fixture *fx = data;

  return g_strcmp0 (lim_window_get_banner_text (fx->window), "Head moved to 5a0b1c2 — 2 tenants now behind") == 0;
}

static gboolean
banner_is_error (gpointer data)
{
  Fixture *fx = data;
  const char *text = lim_window_get_banner_text (fx->window);

  return text != NULL && g_str_has_prefix (text, "Could not reload the project");
}

static gboolean
banner_hidden (gpointer data)
{
  Fixture *fx = data;

  return lim_window_get_banner_text (fx->window) == NULL;
}

/* A git pull brings a revision on top of HEAD. */
static void
write_new_head (Fixture *fx)
{
  g_autofree char *versions = g_build_filename (fx->project_dir, "versions", NULL);

  write_file (versions, NEW_HEAD_FILE,
              "'''\n"
              "archive sauce base again\n"
              "\n"
              "Revision ID: " NEW_HEAD "\n"
              "Revises: " HEAD "\n"
              "Create Date: 2026-03-02 10:00:00\n"
              "'''\n"
              "\n"
              "import liminal.external as b\n"
              "\n"
              "# revision identifiers, used by Liminal.\n"
              "revision = \"" NEW_HEAD "\"\n"
              "down_revision = \"" HEAD "\"\n"
              "\n"
              "\n"
              "def upgrade() -> list[b.BaseOperation]:\n"
              "    return [b.ArchiveDropdown('Sauce Base')]\n"
              "\n"
              "\n"
              "def downgrade() -> list[b.BaseOperation]:\n"
              "    return [b.UnarchiveDropdown('Sauce Base')]\n");
}

static void
body_file_monitor (Fixture *fx)
{
  g_autofree char *versions = g_build_filename (fx->project_dir, "versions", NULL);
  LimTenantPage *page = lim_window_get_tenant_page (fx->window);
  gint64 start;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpstr (head_id (fx), ==, HEAD);
  g_assert_cmpstr (badge (fx, "alpha"), ==, "Up to date");
  g_assert_cmpstr (badge (fx, "beta"), ==, "1 behind");
  g_assert_null (lim_window_get_banner_text (fx->window));

  /* beta is selected with a revision under review: a reload keeps both. */
  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window), GTK_LIST_BOX_ROW (gui_test_get_row (fx->window, "beta")));
  g_assert_true (lim_tenant_page_select_revision (page, REVIEWED));

  /* An editor's temporary files are not the project: nothing happens. */
  write_file (versions, ".#" NEW_HEAD_FILE, "not python");
  write_file (versions, NEW_HEAD_FILE "~", "not python");
  gui_test_spin (800);
  g_assert_cmpstr (head_id (fx), ==, HEAD);
  g_assert_cmpstr (badge (fx, "alpha"), ==, "Up to date");
  g_assert_null (lim_window_get_banner_text (fx->window));
  {
    g_autofree char *lock = g_build_filename (versions, ".#" NEW_HEAD_FILE, NULL);
    g_autofree char *backup = g_build_filename (versions, NEW_HEAD_FILE "~", NULL);

    g_assert_cmpint (g_unlink (lock), ==, 0);
    g_assert_cmpint (g_unlink (backup), ==, 0);
  }

  /* A git pull brings a revision on top of head: without a key press the
   * window reads the project again and the badges move, within 2 s. */
  start = g_get_monotonic_time ();
  write_new_head (fx);
  g_assert_true (gui_test_wait_until (badges_moved, fx, 2000));
  g_test_message ("badges moved %.0f ms after the revision file was written",
                  (g_get_monotonic_time () - start) / 1e3);
  g_assert_cmpstr (head_id (fx), ==, NEW_HEAD);
  g_assert_true (gui_test_wait_until (banner_final, fx, 2000));

  /* The tenant and the revision under review stay selected. */
  g_assert_nonnull (lim_window_get_selected_item (fx->window));
  g_assert_cmpstr (lim_tenant_item_get_alias (lim_window_get_selected_item (fx->window)), ==, "beta");
  g_assert_true (lim_tenant_page_get_item (page) == lim_window_get_selected_item (fx->window));
  g_assert_cmpstr (lim_tenant_page_get_selected_revision (page), ==, REVIEWED);
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "live-banner", SCREENSHOT_SETTLE_MS);

  /* Dismiss hides it. */
  {
    GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fx->window), LIM_TYPE_WINDOW, "banner_label"));
    GtkWidget *button = gtk_widget_get_next_sibling (label);

    g_assert_true (GTK_IS_BUTTON (button));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Dismiss");
    g_signal_emit_by_name (button, "clicked");
    g_assert_null (lim_window_get_banner_text (fx->window));
  }

  /* A revision file that does not parse: the error, with its file, line
   * and column, and the last good project stays. */
  write_file (versions, "6c1d2e3f4a5b_broken.py",
              "revision = \"6c1d2e3f4a5b\"\n"
              "down_revision = \"" NEW_HEAD "\"\n"
              "def upgrade() -> list[b.BaseOperation]:\n"
              "    return [b.ArchiveDropdown('Sauce Base'\n");
  g_assert_true (gui_test_wait_until (banner_is_error, fx, 3000));
  g_test_message ("banner: %s", lim_window_get_banner_text (fx->window));
  {
    g_autoptr(GRegex) where = g_regex_new ("^versions/6c1d2e3f4a5b_broken\\.py:[0-9]+:[0-9]+: ",
                                           G_REGEX_MULTILINE, 0, NULL);
    GtkWidget *box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fx->window), LIM_TYPE_WINDOW, "banner_box"));

    g_assert_true (g_regex_match (where, lim_window_get_banner_text (fx->window), 0, NULL));
    g_assert_true (gtk_widget_has_css_class (box, "error"));
  }
  g_assert_cmpstr (head_id (fx), ==, NEW_HEAD);
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 2);
  g_assert_cmpstr (lim_window_get_view (fx->window), ==, "project");
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpstr (badge (fx, "alpha"), ==, "1 behind");
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "live-broken", SCREENSHOT_SETTLE_MS);

  /* Mended: the error goes by itself. */
  {
    g_autofree char *broken = g_build_filename (versions, "6c1d2e3f4a5b_broken.py", NULL);

    g_assert_cmpint (g_unlink (broken), ==, 0);
  }
  g_assert_true (gui_test_wait_until (banner_hidden, fx, 3000));
  g_assert_cmpstr (head_id (fx), ==, NEW_HEAD);
  gui_test_wait_for_statuses (fx->window);
}

static void
test_file_monitor (Fixture       *fx,
                   gconstpointer  data)
{
  run_in_app (fx, body_file_monitor);
}

/* ------------------------------------------------------------------ */

static gboolean
at_new_head (gpointer data)
{
  return g_strcmp0 (head_id (data), NEW_HEAD) == 0;
}

/* A run keeps the project it planned with: a change on disk waits for
 * the run's end. */
static void
body_during_run (Fixture *fx)
{
  AdwMessageDialog *confirm;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window), GTK_LIST_BOX_ROW (gui_test_get_row (fx->window, "beta")));
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.upgrade-head", NULL);
  g_assert_true (gui_test_wait_until (gui_test_has_message_dialog, fx->window, 20000));
  confirm = lim_run_dialog_get_message_dialog (lim_window_get_run_dialog (fx->window));

  write_new_head (fx);
  gui_test_spin (1000);
  g_assert_cmpstr (head_id (fx), ==, HEAD);
  g_assert_null (lim_window_get_banner_text (fx->window));

  /* Declined: the run is over, and the project is read again. */
  adw_message_dialog_response (confirm, "cancel");
  g_assert_true (gui_test_wait_until (gui_test_run_gone, fx->window, 10000));
  g_assert_true (gui_test_wait_until (at_new_head, fx, 2000));
  g_assert_true (gui_test_wait_until (badges_moved, fx, 5000));
  g_assert_true (gui_test_wait_until (banner_final, fx, 2000));
}

static void
test_during_run (Fixture       *fx,
                 gconstpointer  data)
{
  run_in_app (fx, body_during_run);
}

/* ------------------------------------------------------------------ */

/* The reload reads the files in a worker thread: a moment after F5. */
static gboolean
three_tenants (gpointer data)
{
  Fixture *fx = data;

  return g_list_model_get_n_items (lim_window_get_tenants (fx->window)) == 3;
}

static void
body_refresh (Fixture *fx)
{
  g_autofree char *ini_path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_autofree char *ini = NULL;
  g_autofree char *gamma = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", gui_test_closed_port ());
  g_autofree char *more = NULL;
  g_autoptr(GError) error = NULL;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 2);
  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window), GTK_LIST_BOX_ROW (gui_test_get_row (fx->window, "alpha")));

  /* A pull adds a tenant: F5 reads tenants.ini again at once (before the
   * file monitor's quiet time is over). */
  g_file_get_contents (ini_path, &ini, NULL, &error);
  g_assert_no_error (error);
  gamma = tenant_section ("gamma", url);
  more = g_strconcat (ini, "\n", gamma, NULL);
  write_file (fx->project_dir, "tenants.ini", more);
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  g_assert_true (gui_test_wait_until (three_tenants, fx, 2000));
  g_assert_nonnull (gui_test_get_row (fx->window, "gamma"));
  g_assert_cmpstr (lim_window_get_banner_text (fx->window), ==, "Tenants changed on disk — 1 tenant added");
  g_assert_cmpstr (lim_tenant_item_get_alias (lim_window_get_selected_item (fx->window)), ==, "alpha");
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpstr (badge (fx, "gamma"), ==, "Unreachable");
  g_assert_cmpstr (badge (fx, "alpha"), ==, "Up to date");

  /* The file monitor saw the same change: it does not reload again. */
  gui_test_spin (600);
  g_assert_true (gui_test_all_read_or_none (fx->window));

  /* A broken tenants.ini: the error, and the tenants stay. */
  write_file (fx->project_dir, "tenants.ini", "[alpha\nurl = \n");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  g_assert_true (gui_test_wait_until (banner_is_error, fx, 2000));
  g_test_message ("banner: %s", lim_window_get_banner_text (fx->window));
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 3);
  gui_test_wait_for_statuses (fx->window);
}

static void
test_refresh (Fixture       *fx,
              gconstpointer  data)
{
  run_in_app (fx, body_refresh);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWait;

/* The window's size on screen: its surface (without a compositor, GTK
 * draws a solid frame of client-side decoration inside it). */
static gboolean
has_size (gpointer data)
{
  SizeWait *wait = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (wait->widget));

  return gtk_widget_get_mapped (wait->widget) && surface != NULL &&
         gdk_surface_get_width (surface) == wait->width &&
         gdk_surface_get_height (surface) == wait->height;
}

/* Resized as a person or the window manager does it: from outside (GTK
 * keeps the default size up to date; that is what is saved). */
static void
resize_from_outside (GtkWindow *window,
                     int        width,
                     int        height)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  if (GDK_IS_X11_DISPLAY (display))
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (display);

      XResizeWindow (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), width, height);
      XFlush (xdisplay);
      return;
    }
#endif
  g_test_message ("not X11: resizing through the default size");
  gtk_window_set_default_size (window, width, height);
}

static void
body_settings (Fixture *fx)
{
  GSettings *settings = lim_application_get_settings (fx->app);
  GtkWidget *open_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fx->window), LIM_TYPE_WINDOW, "open_button"));
  GMenuModel *menu = adw_split_button_get_menu_model (ADW_SPLIT_BUTTON (open_button));
  LimWindow *second;
  int width = 0, height = 0;

  /* The schema's default size, on screen. */
  gtk_window_get_default_size (GTK_WINDOW (fx->window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);
  {
    SizeWait wait = { GTK_WIDGET (fx->window), 1100, 720 };

    g_assert_true (gui_test_wait_until (has_size, &wait, 5000));
  }

  /* The split button and its arrow say what they do. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (open_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Open a Project");
  {
    GtkWidget *arrow = NULL;

    for (GtkWidget *child = gtk_widget_get_first_child (open_button);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_MENU_BUTTON (child))
        arrow = child;
    g_assert_nonnull (arrow);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Recent Projects");
  }

  /* Recent Projects: none yet, then the project opened. */
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_null (g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_ACTION, NULL));
  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  {
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET,
                                                                        G_VARIANT_TYPE_STRING);
    g_autofree char *action = NULL;
    g_autofree char *label = NULL;

    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (action, ==, "win.open-recent");
    g_assert_nonnull (target);
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, lim_project_get_root (lim_window_get_project (fx->window)));
    g_test_message ("recent: %s", label);
  }

  /* Resized, then closed: the size is remembered… */
  resize_from_outside (GTK_WINDOW (fx->window), 900, 600);
  {
    SizeWait wait = { GTK_WIDGET (fx->window), 900, 600 };

    g_assert_true (gui_test_wait_until (has_size, &wait, 5000));
  }
  g_application_hold (G_APPLICATION (fx->app));
  {
    GtkWindow *first = GTK_WINDOW (fx->window);

    g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
    gtk_window_close (first);
    gui_test_spin (50);
    g_assert_null (first);
  }
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* …and a new window opens at it, with the recent project in its menu. */
  second = lim_window_new (fx->app);
  fx->window = second;
  gtk_window_present (GTK_WINDOW (second));
  g_application_release (G_APPLICATION (fx->app));
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  {
    SizeWait wait = { GTK_WIDGET (second), 900, 600 };

    g_assert_true (gui_test_wait_until (has_size, &wait, 5000));
  }
  open_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (second), LIM_TYPE_WINDOW, "open_button"));
  menu = adw_split_button_get_menu_model (ADW_SPLIT_BUTTON (open_button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  {
    g_autofree char *action = NULL;

    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_cmpstr (action, ==, "win.open-recent");
  }
}

static void
test_settings (Fixture       *fx,
               gconstpointer  data)
{
  run_in_app (fx, body_settings);
}

/* ------------------------------------------------------------------ */

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, out);
}

static void
body_shortcuts (Fixture *fx)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  GtkWindow *window = NULL;
  gboolean search = FALSE;

  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "shortcuts", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (w))
        window = w;
    }
  g_assert_nonnull (window);

  collect_shortcuts (GTK_WIDGET (window), shortcuts);
  g_assert_cmpuint (shortcuts->len, >=, 8);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i),
                    "title", &title, "accelerator", &accelerator, "action-name", &action, NULL);
      g_test_message ("%s: %s (%s)", title, accelerator, action != NULL ? action : "-");
      /* Every shortcut shows its keys… */
      g_assert_nonnull (accelerator);
      g_assert_cmpstr (accelerator, !=, "");
      /* …the application's keys for its action. */
      if (action != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fx->app), action);
          g_autofree char *joined = g_strjoinv (" ", accels);

          g_assert_cmpstr (accelerator, ==, joined);
        }
      search |= g_strcmp0 (title, "Search history") == 0 && g_strcmp0 (accelerator, "<Control>f") == 0;
    }
  g_assert_true (search);

  gtk_window_set_default_size (window, 900, 640);
  gui_test_save_screenshot (GTK_WIDGET (window), "shortcuts", SCREENSHOT_SETTLE_MS);
  gtk_window_destroy (window);
}

static void
test_shortcuts (Fixture       *fx,
                gconstpointer  data)
{
  run_in_app (fx, body_shortcuts);
}

/* ------------------------------------------------------------------ */

static void
count_back_buttons (GtkWidget *widget,
                    guint     *n)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "go-previous-symbolic") == 0)
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_back_buttons (child, n);
}

static guint
n_back_buttons (Fixture *fx)
{
  guint n = 0;

  count_back_buttons (GTK_WIDGET (fx->window), &n);
  return n;
}

/* Activates the history's row of revision @id, as a click or Enter does
 * (unfolding the applied revisions first when it is behind the fold). */
static void
activate_revision (LimTenantPage *page,
                   const char    *id)
{
  GtkWidget *view = GTK_WIDGET (lim_tenant_page_get_history_view (page));

  for (int pass = 0; pass < 2; pass++)
    {
      GListModel *rows = lim_tenant_page_get_history_rows (page);
      guint n = g_list_model_get_n_items (rows);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LimRevisionItem) item = g_list_model_get_item (rows, i);

          if (!lim_revision_item_is_fold (item) &&
              g_strcmp0 (lim_revision_get_id (lim_revision_item_get_revision (item)), id) == 0)
            {
              gtk_widget_activate_action (view, "list.activate-item", "u", i);
              return;
            }
        }
      /* Not shown: unfold (the fold row is the last one). */
      g_assert_cmpuint (n, >, 0);
      gtk_widget_activate_action (view, "list.activate-item", "u", n - 1);
    }

  g_error ("no row for revision %s", id);
}

static void
body_narrow (Fixture *fx)
{
  GtkWidget *window = GTK_WIDGET (fx->window);
  GtkWidget *back = GTK_WIDGET (gtk_widget_get_template_child (window, LIM_TYPE_WINDOW, "back_button"));
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (window, LIM_TYPE_WINDOW, "leaflet"));
  LimTenantPage *page = lim_window_get_tenant_page (fx->window);
  GtkWidget *timeline = GTK_WIDGET (lim_tenant_page_get_history_view (page));
  GtkWidget *review = GTK_WIDGET (lim_tenant_page_get_revision_view (page));
  GtkWidget *list = GTK_WIDGET (lim_window_get_tenant_list (fx->window));
  GuiShownWait review_only = { review, timeline };
  GuiShownWait history_only = { timeline, review };
  GuiShownWait list_only = { list, GTK_WIDGET (page) };

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);

  /* Medium: the tenants beside a folded tenant page (the widest window
   * where the page folds), whose review has the one back button (to its
   * history) in the header bar. */
  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window), GTK_LIST_BOX_ROW (gui_test_get_row (fx->window, "beta")));
  {
    int width;

    for (width = 1000; width >= 600; width -= 20)
      {
        gtk_window_set_default_size (GTK_WINDOW (fx->window), width, 720);
        gtk_test_widget_wait_for_draw (window);
        gui_test_spin (100);
        if (!adw_leaflet_get_folded (leaflet) && gui_test_shown_alone (&history_only))
          break;
      }
    g_test_message ("medium: %d px wide", width);
    g_assert_cmpint (width, >=, 600);
  }
  g_assert_cmpuint (n_back_buttons (fx), ==, 0);
  activate_revision (page, REVIEWED);
  g_assert_true (gui_test_wait_until (gui_test_shown_alone, &review_only, 5000));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_cmpuint (n_back_buttons (fx), ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to History");
  gui_test_save_screenshot (window, "medium-review", SCREENSHOT_SETTLE_MS);
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_true (gui_test_wait_until (gui_test_shown_alone, &history_only, 5000));
  g_assert_cmpuint (n_back_buttons (fx), ==, 0);

  /* Narrow. */
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 400, 720);
  g_assert_true (gui_test_wait_until (gui_test_leaflet_folded, leaflet, 5000));
  g_assert_true (gui_test_wait_until (gui_test_shown_alone, &list_only, 5000));
  g_assert_cmpuint (n_back_buttons (fx), ==, 0);

  /* The tenant: one back button, to the tenants. */
  g_signal_emit_by_name (gui_test_get_row (fx->window, "beta"), "activate");
  {
    GuiShownWait page_only = { timeline, list };

    g_assert_true (gui_test_wait_until (gui_test_shown_alone, &page_only, 5000));
  }
  g_assert_cmpuint (n_back_buttons (fx), ==, 1);
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to Tenants");

  /* A revision: still one back button, now to the history. */
  activate_revision (page, REVIEWED);
  g_assert_true (gui_test_wait_until (gui_test_shown_alone, &review_only, 5000));
  g_assert_true (lim_tenant_page_get_can_navigate_back (page));
  g_assert_cmpuint (n_back_buttons (fx), ==, 1);
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to History");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, "Back to History");
  gui_test_save_screenshot (window, "narrow-review", SCREENSHOT_SETTLE_MS);

  /* Back: the history, then the tenants. */
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_true (gui_test_wait_until (gui_test_shown_alone, &history_only, 5000));
  g_assert_false (lim_tenant_page_get_can_navigate_back (page));
  g_assert_cmpuint (n_back_buttons (fx), ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to Tenants");
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_true (gui_test_wait_until (gui_test_shown_alone, &list_only, 5000));
  g_assert_cmpuint (n_back_buttons (fx), ==, 0);
  g_assert_true (lim_tenant_page_get_item (page) == lim_tenant_row_get_item (gui_test_get_row (fx->window, "beta")));
}

static void
test_narrow (Fixture       *fx,
             gconstpointer  data)
{
  run_in_app (fx, body_narrow);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-live");

  /* A private keyring and settings for this run. */
  gui_test_start_keyring ();

  g_test_add ("/liminal/live/file-monitor", Fixture, NULL, fixture_setup, test_file_monitor, fixture_teardown);
  g_test_add ("/liminal/live/during-run", Fixture, NULL, fixture_setup, test_during_run, fixture_teardown);
  g_test_add ("/liminal/live/refresh", Fixture, NULL, fixture_setup, test_refresh, fixture_teardown);
  g_test_add ("/liminal/live/settings", Fixture, NULL, fixture_setup, test_settings, fixture_teardown);
  g_test_add ("/liminal/live/shortcuts", Fixture, NULL, fixture_setup, test_shortcuts, fixture_teardown);
  g_test_add ("/liminal/live/narrow-back", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);

  return g_test_run ();
}

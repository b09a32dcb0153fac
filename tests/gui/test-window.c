/* test-window.c — the main window, the revision review and the
 * preferences, driven in-process against in-process Benchling sandboxes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-keyring.h"
#include "lim-operation.h"
#include "lim-preferences-window.h"
#include "lim-revision-row.h"
#include "lim-tenant-editor.h"
#include "lim-tenant-item.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

/* How long a screenshot waits after the draw. */
#define SCREENSHOT_SETTLE_MS 300

/* A revision with upgrade operations on several subjects. */
#define REVIEW_REVISION "2c0a6e7b3f58"
/* A revision with dropdown operations, one of them destructive. */
#define DROPDOWN_REVISION "1b9f5d6a2e47"
#define MAX_STALL_US (50 * 1000)
/* With MARKERS, alpha stands at ALPHA_AT and beta (whose secret is then
 * right) at BETA_AT. */
#define MARKERS GINT_TO_POINTER (1)
#define ALPHA_AT "1b9f5d6a2e47"
#define BETA_AT "d5b1f6e90c27"

static gboolean have_keyring;

typedef struct _Fixture
{
  char           *project_dir;
  LimSandbox     *sb_ok;
  LimSandbox     *sb_bad_secret;
  LimApplication *app;
  LimWindow      *window;
} Fixture;

static const char *env_vars[] = {
  "LIMINAL_ALPHA_CLIENT_SECRET", "LIMINAL_ALPHA_ADMIN_PASSWORD",
  "LIMINAL_BETA_CLIENT_SECRET", "LIMINAL_BETA_ADMIN_PASSWORD",
  "LIMINAL_GAMMA_CLIENT_SECRET", "LIMINAL_GAMMA_ADMIN_PASSWORD",
};

static LimSandbox *
start_sandbox (void)
{
  LimSandbox *sb = gui_test_start_sandbox ();

  /* Slow tenants: the window must stay responsive while it reads them. */
  lim_sandbox_set_latency (sb, NULL, 200);

  return sb;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ok_url = NULL;
  g_autofree char *bad_url = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = NULL;

  fx->project_dir = gui_test_make_project ();
  fx->sb_ok = start_sandbox ();
  fx->sb_bad_secret = start_sandbox ();
  ok_url = lim_sandbox_get_base_url (fx->sb_ok);
  bad_url = lim_sandbox_get_base_url (fx->sb_bad_secret);

  ini = g_strdup_printf ("# tenants of the GUI test project\n"
                         "[alpha]\n"
                         "tenant-name = alpha\n"
                         "url = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n"
                         "\n"
                         "[beta]\n"
                         "tenant-name = beta\n"
                         "url = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n"
                         "\n"
                         "[gamma]\n"
                         "tenant-name = gamma\n"
                         "url = http://127.0.0.1:%u\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n",
                         ok_url, bad_url, gui_test_closed_port ());
  ini_path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_file_set_contents (ini_path, ini, -1, &error);
  g_assert_no_error (error);

  g_setenv ("LIMINAL_ALPHA_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_ALPHA_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
  if (data == MARKERS)
    {
      gui_test_seed_marker (fx->sb_ok, ALPHA_AT);
      gui_test_seed_marker (fx->sb_bad_secret, BETA_AT);
      /* The schema the revision under review renames, as it is before it. */
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *id = lim_sandbox_create_entity_schema (fx->sb_ok,
                                                                "{\"name\": \"Topping\", \"prefix\": \"TOP\","
                                                                " \"type\": \"custom_entity\","
                                                                " \"labelingStrategies\": [\"NEW_IDS\"],"
                                                                " \"fields\": [{\"name\": \"Supplier\","
                                                                " \"systemName\": \"supplier\", \"fieldType\": \"text\"}]}",
                                                                &error);
        g_assert_no_error (error);
      }
      g_setenv ("LIMINAL_BETA_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
      g_setenv ("LIMINAL_BETA_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
    }
  else
    {
      g_setenv ("LIMINAL_BETA_CLIENT_SECRET", "not-the-secret", TRUE);
      g_setenv ("LIMINAL_BETA_ADMIN_PASSWORD", "not-the-password", TRUE);
    }
  g_setenv ("LIMINAL_GAMMA_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_GAMMA_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);

  fx->app = gui_test_new_application ();
}

/* Runs @body inside g_application_run(), in the main window. */
static void
run_in_app (Fixture  *fx,
            void    (*body) (Fixture *fx))
{
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_window, G_CALLBACK (body), fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gui_test_free_application (g_steal_pointer (&fx->app));

  gui_test_stop_sandbox (fx->sb_ok);
  gui_test_stop_sandbox (fx->sb_bad_secret);

  gui_test_remove_tree (fx->project_dir);
  g_free (fx->project_dir);

  for (guint i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_unsetenv (env_vars[i]);
}

/* ------------------------------------------------------------------ */

static void
body_welcome (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fx->project_dir, "does-not-exist", NULL);
  g_autofree char *empty = NULL;

  g_assert_cmpstr (lim_window_get_view (fx->window), ==, "welcome");
  g_assert_null (lim_window_get_project (fx->window));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "welcome", SCREENSHOT_SETTLE_MS);

  /* The application icon comes from the resources until installed. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          "io.github.liminal_desktop.Liminal"));

  /* The auxiliary windows build without a warning. */
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "shortcuts", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "about", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "preferences", NULL);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (g_object_unref);
    gboolean seen_shortcuts = FALSE, seen_about = FALSE, seen_prefs = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        seen_shortcuts |= GTK_IS_SHORTCUTS_WINDOW (w);
        seen_about |= ADW_IS_ABOUT_WINDOW (w);
        seen_prefs |= LIM_IS_PREFERENCES_WINDOW (w);
        if (w != GTK_WINDOW (fx->window))
          g_ptr_array_add (extra, g_object_ref (w));
      }
    g_assert_true (seen_shortcuts && seen_about && seen_prefs);
    gui_test_spin (100);
    for (guint i = 0; i < extra->len; i++)
      gtk_window_destroy (g_ptr_array_index (extra, i));
  }

  /* A folder with no versions/ anywhere above it. */
  empty = g_dir_make_tmp ("liminal-empty-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_false (lim_window_open_project (fx->window, empty, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (lim_window_get_view (fx->window), ==, "error");
  g_rmdir (empty);
  g_clear_error (&error);

  /* A project without tenants.ini (nor env.py) offers to add a tenant. */
  {
    g_autofree char *bare = gui_test_make_project ();

    g_assert_true (lim_window_open_project (fx->window, bare, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (lim_window_get_view (fx->window), ==, "no-tenants");
    gui_test_save_screenshot (GTK_WIDGET (fx->window), "no-tenants", SCREENSHOT_SETTLE_MS);
    gui_test_remove_tree (bare);
  }
}

static void
body_statuses (Fixture *fx)
{
  GuiStallMeter meter = { 0 };
  gint64 start;

  /* Opening reads the revision files and tenants.ini at once (small,
   * local) and paints the project view once; the tenants are read
   * asynchronously: from there on the main loop must never stall. */
  start = g_get_monotonic_time ();
  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 3);

  /* Every reading runs concurrently, each row with a spinner. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (lim_window_get_tenants (fx->window), i);

      g_assert_true (lim_tenant_item_get_loading (item));
    }

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
  g_test_message ("project opened and painted in %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  gui_stall_meter_start (&meter);


  gui_test_wait_for_statuses (fx->window);
  gui_stall_meter_stop (&meter);
  g_test_message ("statuses read in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  gui_stall_meter_check (&meter, MAX_STALL_US, "reading the statuses");

  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "alpha")), ==, "No marker — adopt?");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "beta")), ==, "Sign-in failed");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "gamma")), ==, "Unreachable");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fx->window)), ==, "pizzeria");

  /* The project is remembered for the recent-projects menu and next start. */
  {
    GSettings *settings = lim_application_get_settings (fx->app);
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-projects");
    g_autofree char *last = g_settings_get_string (settings, "last-project");

    g_assert_nonnull (recent[0]);
    g_assert_cmpstr (recent[0], ==, lim_project_get_root (lim_window_get_project (fx->window)));
    g_assert_cmpstr (last, ==, recent[0]);
  }

  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window),
                           GTK_LIST_BOX_ROW (gui_test_get_row (fx->window, "alpha")));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "main-window", SCREENSHOT_SETTLE_MS);

  /* Narrow: the leaflet folds; activating a tenant shows its page, with
   * a way back. */
  {
    GtkWidget *window = GTK_WIDGET (fx->window);
    AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (window, LIM_TYPE_WINDOW, "leaflet"));
    GtkWidget *sidebar = GTK_WIDGET (gtk_widget_get_template_child (window, LIM_TYPE_WINDOW, "sidebar"));
    GtkWidget *content = GTK_WIDGET (gtk_widget_get_template_child (window, LIM_TYPE_WINDOW, "content_stack"));
    GtkWidget *back = GTK_WIDGET (gtk_widget_get_template_child (window, LIM_TYPE_WINDOW, "back_button"));
    GtkWidget *list = GTK_WIDGET (lim_window_get_tenant_list (fx->window));
    GtkWidget *page = GTK_WIDGET (lim_window_get_tenant_page (fx->window));
    LimTenantItem *beta = lim_tenant_row_get_item (gui_test_get_row (fx->window, "beta"));
    GuiShownWait list_only = { list, page };
    GuiShownWait page_only = { page, list };

    g_assert_true (ADW_IS_LEAFLET (leaflet) && sidebar != NULL && GTK_IS_STACK (content) && GTK_IS_BUTTON (back));

    /* Wide: side by side, no back button. */
    g_assert_false (adw_leaflet_get_folded (leaflet));
    g_assert_false (gtk_widget_get_visible (back));
    g_assert_true (gtk_widget_get_mapped (list) && gtk_widget_get_mapped (page));

    gtk_window_set_default_size (GTK_WINDOW (fx->window), 400, 720);
    g_assert_true (gui_test_wait_until (gui_test_leaflet_folded, leaflet, 5000));
    g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);
    g_assert_true (gui_test_wait_until (gui_test_shown_alone, &list_only, 5000));
    g_assert_false (gtk_widget_get_visible (back));
    g_test_message ("narrow, list: window %d px wide", gtk_widget_get_width (window));
    gui_test_save_screenshot (window, "narrow-list", SCREENSHOT_SETTLE_MS);

    /* Activating a row (click or Enter) selects it and shows its page. */
    g_signal_emit_by_name (gui_test_get_row (fx->window, "beta"), "activate");
    g_assert_true (adw_leaflet_get_folded (leaflet));
    g_assert_true (adw_leaflet_get_visible_child (leaflet) == content);
    g_assert_true (gtk_stack_get_visible_child (GTK_STACK (content)) == page);
    g_assert_true (lim_tenant_page_get_item (LIM_TENANT_PAGE (page)) == beta);
    g_assert_true (gui_test_wait_until (gui_test_shown_alone, &page_only, 5000));
    g_assert_true (gtk_widget_get_visible (back));
    g_assert_true (gtk_widget_get_mapped (back));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to Tenants");
    g_test_message ("narrow, tenant page: window %d px wide", gtk_widget_get_width (window));
    gui_test_save_screenshot (window, "narrow-tenant", SCREENSHOT_SETTLE_MS);

    /* Back: the list again, and the back button goes. */
    gtk_widget_activate_action (window, "win.back", NULL);
    g_assert_true (adw_leaflet_get_folded (leaflet));
    g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);
    g_assert_false (gtk_widget_get_visible (back));
    g_assert_true (gui_test_wait_until (gui_test_shown_alone, &list_only, 5000));
    /* The selection stays: going back is not deselecting. */
    g_assert_true (lim_tenant_page_get_item (LIM_TENANT_PAGE (page)) == beta);
    gui_test_save_screenshot (window, "narrow-back", SCREENSHOT_SETTLE_MS);

    gtk_window_set_default_size (GTK_WINDOW (fx->window), 1200, 760);
    g_assert_true (gui_test_wait_until (gui_test_leaflet_unfolded, leaflet, 5000));
    g_assert_false (gtk_widget_get_visible (back));
  }
}

/* What the review shows, top to bottom, for the operations having
 * @css_class: each group as "# title (description)", then its rows'
 * titles in order. */
static void
collect_groups (GtkWidget  *widget,
                const char *css_class,
                GPtrArray  *out)
{
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      g_autoptr(GPtrArray) rows = gui_test_find_by_class (widget, css_class);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (widget);

      if (rows->len == 0)
        return;
      g_ptr_array_add (out, g_strdup_printf ("# %s (%s)",
                                             adw_preferences_group_get_title (group),
                                             adw_preferences_group_get_description (group)));
      for (guint i = 0; i < rows->len; i++)
        g_ptr_array_add (out, g_strdup (adw_preferences_row_get_title (g_ptr_array_index (rows, i))));
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_groups (child, css_class, out);
}

static void
assert_shown (GtkWidget          *view,
              const char         *css_class,
              const char * const *expected)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);

  collect_groups (view, css_class, shown);
  g_ptr_array_add (shown, NULL);
  g_assert_cmpstrv ((const char * const *) shown->pdata, expected);
}

static const char *
or_none (const char *text)
{
  return text != NULL ? text : "(none)";
}

/* "icon-name “tooltip”" of @image. */
static char *
describe_image (GtkWidget *image)
{
  g_assert_true (GTK_IS_IMAGE (image));
  g_assert_true (gtk_widget_get_visible (image));

  return g_strdup_printf ("%s “%s”",
                          gtk_image_get_icon_name (GTK_IMAGE (image)),
                          or_none (gtk_widget_get_tooltip_text (image)));
}

/* For each operation row having @css_class, in order: its title, then
 * the icons a person sees on it (action icon, destructive mark). */
static void
assert_operation_marks (GtkWidget          *view,
                        const char         *css_class,
                        const char * const *expected)
{
  g_autoptr(GPtrArray) rows = gui_test_find_by_class (view, css_class);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) icons = gui_test_find_by_class (row, "operation-icon");
      g_autoptr(GPtrArray) warnings = gui_test_find_by_class (row, "warning");
      GString *line = g_string_new (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

      g_assert_cmpuint (icons->len, ==, 1);
      for (guint j = 0; j < icons->len; j++)
        {
          g_autofree char *icon = describe_image (g_ptr_array_index (icons, j));

          g_string_append_printf (line, " | %s", icon);
        }
      for (guint j = 0; j < warnings->len; j++)
        {
          g_autofree char *icon = describe_image (g_ptr_array_index (warnings, j));

          g_string_append_printf (line, " | %s", icon);
        }
      /* The row is styled destructive exactly when it bears the mark. */
      g_assert_cmpint (gtk_widget_has_css_class (row, "destructive"), ==, warnings->len > 0);
      g_ptr_array_add (shown, g_string_free (line, FALSE));
    }
  g_ptr_array_add (shown, NULL);
  g_assert_cmpstrv ((const char * const *) shown->pdata, expected);
}

/* "id icon-name “tooltip” [tag “tooltip”]…" of a history row. */
static char *
describe_revision_row (LimRevisionRow *row)
{
  GString *line = g_string_new (lim_revision_get_id (lim_revision_row_get_revision (row)));
  g_autoptr(GPtrArray) tags = gui_test_find_by_class (GTK_WIDGET (row), "tag");
  GtkWidget *image = NULL;

  /* The mark is the row's first image. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (row));
       w != NULL && image == NULL;
       w = gtk_widget_get_first_child (w))
    for (GtkWidget *c = w; c != NULL && image == NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_IMAGE (c))
        image = c;
  g_assert_nonnull (image);
  g_string_append_printf (line, " %s “%s”",
                          gtk_image_get_icon_name (GTK_IMAGE (image)),
                          or_none (gtk_widget_get_tooltip_text (image)));
  for (guint i = 0; i < tags->len; i++)
    {
      GtkWidget *tag = g_ptr_array_index (tags, i);
      const char *tip = gtk_widget_get_tooltip_text (tag);

      g_assert_true (gtk_widget_is_visible (tag));
      g_string_append_printf (line, " [%s", gtk_label_get_text (GTK_LABEL (tag)));
      if (tip != NULL)
        g_string_append_printf (line, " “%s”", tip);
      g_string_append_c (line, ']');
    }

  return g_string_free (line, FALSE);
}

static void
body_review (Fixture *fx)
{
  LimTenantPage *page;
  LimRevisionView *view;
  LimTimeline *timeline;
  LimRevision *revision;
  g_autofree char *file_text = NULL;
  g_autofree char *buffer_text = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);

  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window),
                           GTK_LIST_BOX_ROW (gui_test_get_row (fx->window, "alpha")));
  page = lim_window_get_tenant_page (fx->window);
  g_assert_true (lim_tenant_page_get_item (page) == lim_tenant_row_get_item (gui_test_get_row (fx->window, "alpha")));

  timeline = lim_window_get_timeline (fx->window);
  revision = lim_timeline_lookup (timeline, REVIEW_REVISION);
  g_assert_nonnull (revision);

  /* The whole history is listed, newest first, once the applied
   * revisions folded below alpha's are unfolded. */
  {
    GListModel *rows = lim_tenant_page_get_history_rows (page);
    guint n = g_list_model_get_n_items (rows);
    g_autoptr(LimRevisionItem) last = g_list_model_get_item (rows, n - 1);
    g_autoptr(LimRevisionItem) first = NULL;

    g_assert_true (lim_revision_item_is_fold (last));
    gtk_widget_activate_action (GTK_WIDGET (lim_tenant_page_get_history_view (page)), "list.activate-item", "u", n - 1);
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, lim_timeline_get_n_revisions (timeline));
    first = g_list_model_get_item (rows, 0);
    g_assert_true (lim_revision_item_get_revision (first) == lim_timeline_get_head (timeline));
  }

  /* alpha is 3 behind: the revisions above its marker are pending. */
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "alpha")), ==, "3 behind");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "beta")), ==, "7 behind");
  {
    GListModel *rows = lim_tenant_page_get_history_rows (page);

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(LimRevisionItem) c = g_list_model_get_item (rows, i);
        const char *id = lim_revision_get_id (lim_revision_item_get_revision (c));
        int position = lim_timeline_position (timeline, id);
        int at = lim_timeline_position (timeline, ALPHA_AT);
        LimRevisionMark expected = position > at ? LIM_REVISION_MARK_PENDING
                                   : position == at ? LIM_REVISION_MARK_CURRENT
                                   : LIM_REVISION_MARK_APPLIED;

        g_assert_cmpint (lim_revision_item_get_mark (c), ==, expected);
      }
  }

  g_assert_true (lim_tenant_page_select_revision (page, REVIEW_REVISION));
  view = lim_tenant_page_get_revision_view (page);
  g_assert_true (lim_revision_view_get_revision (view) == revision);
  g_assert_cmpstr (lim_revision_view_get_page (view), ==, "review");

  /* Grouped by schema, in the order of the file (versions/2c0a6e7b3f58_…py),
   * in Liminal's words. */
  {
    static const char * const upgrade[] = {
      "# topping (Entity schema)",
      "topping: Updating schema properties to: name=Pizza Topping, constraint_fields={'supplier', 'supplier_sku'}.",
      "# yeast_strain_plasmid (Entity schema)",
      "yeast_strain_plasmid: Updating schema properties to: constraint_fields=set().",
      "yeast_strain_plasmid: Updating schema properties to: constraint_fields={'bases', 'strain_code'}.",
      "# pizza (Entity schema)",
      "pizza: Updating entity schema field 'bake_time': decimal_places=2.",
      "pizza: Reordering fields.",
      NULL
    };
    static const char * const downgrade[] = {
      "# pizza (Entity schema)",
      "pizza: Reordering fields.",
      "pizza: Updating entity schema field 'bake_time': decimal_places=1.",
      "# yeast_strain_plasmid (Entity schema)",
      "yeast_strain_plasmid: Updating schema properties to: constraint_fields=set().",
      "yeast_strain_plasmid: Updating schema properties to: constraint_fields={'bases'}.",
      "# topping (Entity schema)",
      "topping: Updating schema properties to: name=Topping, constraint_fields=set().",
      NULL
    };

    assert_shown (GTK_WIDGET (view), "upgrade-operation", upgrade);
    assert_shown (GTK_WIDGET (view), "downgrade-operation", downgrade);
    /* Updates of properties and a reorder: nothing destructive. */
    {
      g_autoptr(GPtrArray) destructive = gui_test_find_by_class (GTK_WIDGET (view), "destructive");

      g_assert_cmpuint (destructive->len, ==, 0);
    }
  }

  /* alpha's snapshot is the "before" of this revision (its next one):
   * the schema rename shows what it was and what it becomes. */
  {
    g_autoptr(GPtrArray) changes = gui_test_find_by_class (GTK_WIDGET (view), "change-row");
    gboolean rename_shown = FALSE;

    for (guint i = 0; i < changes->len; i++)
      rename_shown |= g_strcmp0 (adw_action_row_get_subtitle (g_ptr_array_index (changes, i)),
                                 "Topping → Pizza Topping") == 0;
    for (guint i = 0; i < changes->len; i++)
      g_test_message ("change row: %s", adw_action_row_get_subtitle (g_ptr_array_index (changes, i)));
    g_assert_true (rename_shown);
  }

  /* What alpha's history rows show (alpha at 1b9f5d6a2e47, beta at
   * d5b1f6e90c27, gamma unreachable), newest first. */
  {
    static const char * const history[] = {
      "4e2c8a9d5b70 go-up-symbolic “Pending: an upgrade to head would apply this revision” [Pending]",
      "3d1b7f8c4a69 go-up-symbolic “Pending: an upgrade to head would apply this revision” [Pending]",
      "2c0a6e7b3f58 go-up-symbolic “Pending: an upgrade to head would apply this revision” [Pending]",
      "1b9f5d6a2e47 mark-location-symbolic “This tenant is at this revision” [Current]",
      "0a8e4c5f1d36 object-select-symbolic “Applied to this tenant”",
      "f7d3b9c4e025 object-select-symbolic “Applied to this tenant”",
      "e6c2a8b3d914 object-select-symbolic “Applied to this tenant”",
      "d5b1f6e90c27 object-select-symbolic “Applied to this tenant” [beta “Tenant “beta” is at this revision”]",
      "c4e8a7f1b392 object-select-symbolic “Applied to this tenant”",
      "b27d9e41c0a8 object-select-symbolic “Applied to this tenant”",
      "a1f0c3d2e4b5 object-select-symbolic “Applied to this tenant”",
      NULL
    };
    GListModel *rows = lim_tenant_page_get_history_rows (page);
    g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(LimRevisionItem) c = g_list_model_get_item (rows, i);
        LimRevisionRow *row = lim_tenant_page_get_revision_row (page, c);

        g_assert_nonnull (row);
        g_ptr_array_add (shown, describe_revision_row (row));
      }
    g_ptr_array_add (shown, NULL);
    g_assert_cmpstrv ((const char * const *) shown->pdata, history);
  }

  /* A revision on dropdowns (versions/1b9f5d6a2e47_…py): grouped by
   * dropdown, each operation with its action icon, the archive marked
   * destructive. */
  g_assert_true (lim_tenant_page_select_revision (page, DROPDOWN_REVISION));
  g_assert_true (lim_revision_view_get_revision (view) == lim_timeline_lookup (timeline, DROPDOWN_REVISION));
  {
    static const char * const upgrade[] = {
      "# Oven Type (Dropdown)",
      "Oven Type: Renaming dropdown warehouse name to Oven.",
      "# Cheese Type (Dropdown)",
      "Cheese Type: Creating dropdown option 'Burrata' at index 1.",
      "Cheese Type: Renaming dropdown option from 'Parmigiano Reggiano' to 'Parmigiano-Reggiano'.",
      "# Crust Style (Dropdown)",
      "Crust Style: Archiving dropdown option 'Sicilian'.",
      "Crust Style: Reordering dropdown options.",
      NULL
    };
    static const char * const downgrade[] = {
      "# Crust Style (Dropdown)",
      "Crust Style: Reordering dropdown options.",
      "Crust Style: Creating dropdown option 'Sicilian' at index 3.",
      "# Cheese Type (Dropdown)",
      "Cheese Type: Renaming dropdown option from 'Parmigiano-Reggiano' to 'Parmigiano Reggiano'.",
      "Cheese Type: Archiving dropdown option 'Burrata'.",
      "# Oven (Dropdown)",
      "Oven: Renaming dropdown warehouse name to Oven Type.",
      NULL
    };
    static const char * const upgrade_marks[] = {
      "Oven Type: Renaming dropdown warehouse name to Oven. | document-edit-symbolic “Update”",
      "Cheese Type: Creating dropdown option 'Burrata' at index 1. | list-add-symbolic “Create”",
      "Cheese Type: Renaming dropdown option from 'Parmigiano Reggiano' to 'Parmigiano-Reggiano'."
      " | document-edit-symbolic “Update”",
      "Crust Style: Archiving dropdown option 'Sicilian'. | user-trash-symbolic “Archive”"
      " | dialog-warning-symbolic “Destructive: this operation can lose data”",
      "Crust Style: Reordering dropdown options. | view-sort-ascending-symbolic “Reorder”",
      NULL
    };
    static const char * const downgrade_marks[] = {
      "Crust Style: Reordering dropdown options. | view-sort-ascending-symbolic “Reorder”",
      "Crust Style: Creating dropdown option 'Sicilian' at index 3. | list-add-symbolic “Create”",
      "Cheese Type: Renaming dropdown option from 'Parmigiano-Reggiano' to 'Parmigiano Reggiano'."
      " | document-edit-symbolic “Update”",
      "Cheese Type: Archiving dropdown option 'Burrata'. | user-trash-symbolic “Archive”"
      " | dialog-warning-symbolic “Destructive: this operation can lose data”",
      "Oven: Renaming dropdown warehouse name to Oven Type. | document-edit-symbolic “Update”",
      NULL
    };

    assert_shown (GTK_WIDGET (view), "upgrade-operation", upgrade);
    assert_shown (GTK_WIDGET (view), "downgrade-operation", downgrade);
    assert_operation_marks (GTK_WIDGET (view), "upgrade-operation", upgrade_marks);
    assert_operation_marks (GTK_WIDGET (view), "downgrade-operation", downgrade_marks);
    gui_test_save_screenshot (GTK_WIDGET (fx->window), "revision-review-dropdowns", SCREENSHOT_SETTLE_MS);
  }
  g_assert_true (lim_tenant_page_select_revision (page, REVIEW_REVISION));

  /* Expand the first operation for the screenshot. */
  {
    g_autoptr(GPtrArray) rows = gui_test_find_by_class (GTK_WIDGET (view), "upgrade-operation");

    adw_expander_row_set_expanded (g_ptr_array_index (rows, 0), TRUE);
  }
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "revision-review", SCREENSHOT_SETTLE_MS);

  /* The Source tab shows the file as it is. */
  lim_revision_view_set_page (view, "source");
  g_assert_cmpstr (lim_revision_view_get_page (view), ==, "source");
  buffer = lim_revision_view_get_source_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  buffer_text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_file_get_contents (lim_revision_get_file (revision), &file_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (buffer_text, ==, file_text);
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "revision-source", SCREENSHOT_SETTLE_MS);
}

static gboolean
editor_tested (gpointer data)
{
  const char *result = lim_tenant_editor_get_test_result (data);

  return result[0] != '\0' && !g_str_has_suffix (result, "…");
}

static gboolean
editor_gone (gpointer data)
{
  LimTenantEditor **editor = data;

  return *editor == NULL || !lim_tenant_editor_get_busy (*editor);
}

static void
keyring_looked_up_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
keyring_answered (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
four_tenants (gpointer data)
{
  Fixture *fx = data;

  return g_list_model_get_n_items (lim_window_get_tenants (fx->window)) == 4 && gui_test_all_read_or_none (fx->window);
}

static void
body_preferences (Fixture *fx)
{
  LimPreferencesWindow *prefs;
  LimTenantEditor *editor;
  g_autofree char *ini_path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_autofree char *ini = NULL;
  g_auto(GStrv) aliases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenantItem) delta = NULL;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);

  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "preferences", NULL);
  prefs = LIM_PREFERENCES_WINDOW (lim_window_get_preferences (fx->window));
  g_assert_nonnull (prefs);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 720);
  aliases = lim_preferences_window_dup_aliases (prefs);
  g_assert_cmpuint (g_strv_length (aliases), ==, 3);
  gui_test_save_screenshot (GTK_WIDGET (prefs), "preferences", SCREENSHOT_SETTLE_MS);

  editor = lim_preferences_window_edit_tenant (prefs, NULL);
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);

  /* New tenants called prod/production are protected by default. */
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "alias"), "production");
  g_assert_true (gtk_switch_get_active (lim_tenant_editor_get_switch (editor, "protected")));
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "alias"), "delta");
  g_assert_false (gtk_switch_get_active (lim_tenant_editor_get_switch (editor, "protected")));
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "tenant-name"), "delta");
  /* Fills the URL of the app's own sandbox and its credentials. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.use-sandbox", NULL);
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (lim_tenant_editor_get_entry (editor, "url")),
                                   "http://127.0.0.1:"));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test-connection", NULL);
  g_assert_true (gui_test_wait_until (editor_tested, editor, 20000));
  g_test_message ("test connection: %s", lim_tenant_editor_get_test_result (editor));
  g_assert_true (g_str_has_prefix (lim_tenant_editor_get_test_result (editor), "No marker — adopt?"));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 1000);
  gui_test_save_screenshot (GTK_WIDGET (prefs), "tenant-editor", SCREENSHOT_SETTLE_MS);

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_true (gui_test_wait_until (editor_gone, &editor, 10000));

  g_file_get_contents (ini_path, &ini, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("tenants.ini:\n%s", ini);
  g_assert_nonnull (strstr (ini, "[delta]"));
  g_assert_nonnull (strstr (ini, "# tenants of the GUI test project"));
  g_assert_null (strstr (ini, LIM_SANDBOX_DEFAULT_CLIENT_SECRET));
  g_assert_null (strstr (ini, "password ="));
  g_assert_null (strstr (ini, "secret"));

  /* The window reloads the tenants and reads the new one too. */
  g_assert_true (gui_test_wait_until (four_tenants, fx, 30000));
  delta = g_list_model_get_item (lim_window_get_tenants (fx->window), 3);
  g_assert_cmpstr (lim_tenant_item_get_alias (delta), ==, "delta");

  if (have_keyring)
    {
      g_autofree char *secret = NULL;
      g_autofree char *label = lim_tenant_item_dup_status_label (delta);
      g_autoptr(GAsyncResult) lookup = NULL;

      lim_tenant_keyring_lookup (lim_tenant_item_get_tenant (delta), fx->project_dir, LIM_TENANT_SECRET_CLIENT_SECRET,
                                 NULL,
                                 keyring_looked_up_cb, &lookup);
      g_assert_true (gui_test_wait_until (keyring_answered, &lookup, 5000));
      secret = lim_tenant_keyring_lookup_finish (lookup, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (secret, ==, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
      /* …and the reading found the secrets in the keyring. */
      g_assert_cmpstr (label, ==, "No marker — adopt?");
    }
  else
    {
      g_test_message ("no keyring: secrets not checked");
    }

  g_strfreev (aliases);
  aliases = lim_preferences_window_dup_aliases (prefs);
  g_assert_cmpuint (g_strv_length (aliases), ==, 4);
  gui_test_save_screenshot (GTK_WIDGET (prefs), "preferences-after-add", SCREENSHOT_SETTLE_MS);

  /* Editing keeps the group and its neighbours, and writes the change. */
  editor = lim_preferences_window_edit_tenant (prefs, "alpha");
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_cmpstr (gtk_editable_get_text (lim_tenant_editor_get_entry (editor, "client-id")), ==,
                   LIM_SANDBOX_DEFAULT_CLIENT_ID);
  gtk_switch_set_active (lim_tenant_editor_get_switch (editor, "fieldsets"), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_true (gui_test_wait_until (editor_gone, &editor, 10000));
  g_clear_pointer (&ini, g_free);
  g_file_get_contents (ini_path, &ini, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("tenants.ini after the edit:\n%s", ini);
  {
    g_autoptr(GKeyFile) kf = g_key_file_new ();
    g_autofree char *first = NULL;

    g_key_file_load_from_data (kf, ini, -1, G_KEY_FILE_NONE, &error);
    g_assert_no_error (error);
    g_assert_true (g_key_file_get_boolean (kf, "alpha", "fieldsets", &error));
    g_assert_no_error (error);
    g_assert_false (g_key_file_has_key (kf, "beta", "fieldsets", NULL));
    first = g_key_file_get_start_group (kf);
    g_assert_cmpstr (first, ==, "alpha");
  }

  /* Removing asks first, then rewrites tenants.ini without the group. */
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.remove-tenant", "s", "delta");
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    AdwMessageDialog *dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = ADW_MESSAGE_DIALOG (w);
      }
    g_assert_nonnull (dialog);
    g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==, ADW_RESPONSE_DESTRUCTIVE);
    adw_message_dialog_response (dialog, "remove");
  }
  g_clear_pointer (&ini, g_free);
  g_file_get_contents (ini_path, &ini, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (ini, "[delta]"));
  g_assert_nonnull (strstr (ini, "[alpha]"));
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 3);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
body_refresh (Fixture *fx)
{
  GListModel *tenants;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  tenants = lim_window_get_tenants (fx->window);

  /* F5 and Ctrl+R refresh. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fx->app), "win.refresh");

    g_assert_true (g_strv_contains ((const char * const *) accels, "F5"));
    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>r"));
  }

  /* Refresh twice in a row: the first readings are cancelled. */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (tenants); i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (tenants, i);

      g_assert_true (lim_tenant_item_get_loading (item));
    }

  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "alpha")), ==, "No marker — adopt?");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "beta")), ==, "Sign-in failed");
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "gamma")), ==, "Unreachable");

  /* Close while reading: teardown checks that nothing is leaked. */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL);
}

static gboolean
alpha_adopted (gpointer data)
{
  Fixture *fx = data;
  LimTenantRow *row = gui_test_get_row (fx->window, "alpha");
  LimTenantItem *item = lim_tenant_row_get_item (row);
  LimTimeline *timeline = lim_window_get_timeline (fx->window);

  return !lim_tenant_item_get_loading (item) &&
         g_strcmp0 (lim_tenant_item_get_revision (item),
                    lim_revision_get_id (lim_timeline_get_base (timeline))) == 0;
}

static void
body_adopt (Fixture *fx)
{
  LimTenantRow *row;
  LimTenantPage *page;
  g_autoptr(GPtrArray) buttons = NULL;
  AdwMessageDialog *dialog = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  row = gui_test_get_row (fx->window, "alpha");
  g_assert_cmpstr (lim_tenant_row_get_status_text (row), ==, "No marker — adopt?");
  gtk_list_box_select_row (lim_window_get_tenant_list (fx->window), GTK_LIST_BOX_ROW (row));
  page = lim_window_get_tenant_page (fx->window);

  /* No marker: Adopt instead of Upgrade, and upgrading is disabled. */
  buttons = gui_test_find_by_class (GTK_WIDGET (page), "adopt-button");
  g_assert_cmpuint (buttons->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (g_ptr_array_index (buttons, 0)));
  g_assert_true (gtk_widget_is_sensitive (g_ptr_array_index (buttons, 0)));
  g_clear_pointer (&buttons, g_ptr_array_unref);
  buttons = gui_test_find_by_class (GTK_WIDGET (page), "upgrade-head-button");
  g_assert_false (gtk_widget_get_visible (g_ptr_array_index (buttons, 0)));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "tenant-no-marker", SCREENSHOT_SETTLE_MS);

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.adopt", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_has_css_class (GTK_WIDGET (w), "adopt-dialog"))
        dialog = ADW_MESSAGE_DIALOG (w);
    }
  g_assert_nonnull (dialog);
  gui_test_save_screenshot (GTK_WIDGET (dialog), "adopt", SCREENSHOT_SETTLE_MS);
  /* The default is the base revision. */
  adw_message_dialog_response (dialog, "adopt");
  g_assert_true (gui_test_wait_until (alpha_adopted, fx, 30000));
  g_assert_cmpint (lim_tenant_item_get_status (lim_tenant_row_get_item (row))->state, ==, LIM_TENANT_STATE_BEHIND);
}

static void
test_adopt (Fixture       *fx,
            gconstpointer  data)
{
  run_in_app (fx, body_adopt);
}

static void
test_welcome (Fixture       *fx,
        gconstpointer  data)
{
  run_in_app (fx, body_welcome);
}

static void
test_statuses (Fixture       *fx,
         gconstpointer  data)
{
  run_in_app (fx, body_statuses);
}

static void
test_review (Fixture       *fx,
       gconstpointer  data)
{
  run_in_app (fx, body_review);
}

static void
test_preferences (Fixture       *fx,
            gconstpointer  data)
{
  run_in_app (fx, body_preferences);
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
  char *name;
} CommandLineResult;

static gboolean
on_command_line_check_cb (gpointer data)
{
  GApplication *app = g_application_get_default ();
  CommandLineResult *result = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  if (windows != NULL && LIM_IS_WINDOW (windows->data) && lim_window_get_project (windows->data) != NULL)
    result->name = g_strdup (lim_project_get_name (lim_window_get_project (windows->data)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
run_command_line (const char *option,
                  const char *dir)
{
  g_autoptr(LimApplication) app = lim_application_new ();
  CommandLineResult result = { NULL };
  const char *argv[] = { "liminal-desktop", option, dir, NULL };
  int status;

  if (option == NULL)
    {
      argv[1] = dir;
      argv[2] = NULL;
    }

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_timeout_add (200, on_command_line_check_cb, &result);
  status = g_application_run (G_APPLICATION (app), g_strv_length ((char **) argv), (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (result.name, ==, "pizzeria");
  g_free (result.name);
  g_assert_finalize_object (g_steal_pointer (&app));
}

static void
test_command_line (void)
{
  g_autofree char *dir = gui_test_make_project ();
  g_autofree char *versions = g_build_filename (dir, "versions", NULL);

  run_command_line ("--project", dir);
  /* A folder inside the project works too: the project is discovered. */
  run_command_line (NULL, versions);

  gui_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-window");

  /* A private keyring and settings for this run. */
  have_keyring = gui_test_start_keyring ();

  g_test_add ("/liminal/window/welcome", Fixture, NULL, fixture_setup, test_welcome, fixture_teardown);
  g_test_add ("/liminal/window/statuses", Fixture, NULL, fixture_setup, test_statuses, fixture_teardown);
  g_test_add ("/liminal/window/review", Fixture, MARKERS, fixture_setup, test_review, fixture_teardown);
  g_test_add ("/liminal/window/preferences", Fixture, NULL, fixture_setup, test_preferences, fixture_teardown);
  g_test_add ("/liminal/window/adopt", Fixture, NULL, fixture_setup, test_adopt, fixture_teardown);
  g_test_add ("/liminal/window/refresh", Fixture, NULL, fixture_setup, test_refresh, fixture_teardown);
  g_test_add_func ("/liminal/app/command-line", test_command_line);

  return g_test_run ();
}

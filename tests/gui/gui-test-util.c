/* gui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>

#include "gui-test-util.h"
#include "lim-tenant-item.h"
#include "tree-test-util.h"

gboolean
gui_test_have_display (void)
{
  return g_getenv ("DISPLAY") != NULL ||
         g_getenv ("WAYLAND_DISPLAY") != NULL ||
         g_getenv ("BROADWAY_DISPLAY") != NULL;
}

void
gui_test_require_display (const char *program)
{
  const char *ci = g_getenv ("CI");

  if (gui_test_have_display ())
    return;

  if (ci != NULL && g_ascii_strcasecmp (ci, "true") == 0)
    {
      g_print ("# %s could not run: no DISPLAY, WAYLAND_DISPLAY or BROADWAY_DISPLAY, and CI=true\n",
               program);
      g_print ("Bail out! no display: GUI tests need DISPLAY (run under xvfb-run)\n");
      exit (1);
    }

  g_print ("1..0 # SKIP no display\n");
  exit (0);
}

char *
gui_test_init (int         *argc,
               char      ***argv,
               const char  *program)
{
  char *data_home;

  gui_test_require_display (program);

  data_home = g_dir_make_tmp ("liminal-gui-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  return data_home;
}

gboolean
gui_test_start_keyring (void)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "/bin/sh", "-c",
                         "echo '' | gnome-keyring-daemon --unlock --components=secrets >/dev/null",
                         NULL };

  if (daemon == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;

  /* An empty *line* on stdin creates and unlocks a fresh login keyring. */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error))
    return FALSE;

  return g_spawn_check_wait_status (status, NULL);
}

typedef struct
{
  gboolean timed_out;
} WaitData;

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  WaitData *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
gui_test_wait_until (gboolean (*cond) (gpointer data),
                     gpointer   data,
                     guint      timeout_ms)
{
  WaitData wait = { FALSE };
  guint id = g_timeout_add (timeout_ms, on_wait_timeout_cb, &wait);

  while (!cond (data) && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!wait.timed_out)
    g_source_remove (id);

  return cond (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
gui_test_spin (guint ms)
{
  gui_test_wait_until (never, NULL, ms);
}

char *
gui_test_make_project (void)
{
  const char *versions = g_getenv ("LIMINAL_VERSIONS_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dst = NULL;

  g_assert_nonnull (versions);
  tmp = g_dir_make_tmp ("liminal-gui-XXXXXX", &error);
  g_assert_no_error (error);

  /* The project's name is its folder's name. */
  root = g_build_filename (tmp, "pizzeria", NULL);
  dst = g_build_filename (root, "versions", NULL);
  tree_test_copy_dir (versions, dst, NULL);

  return g_steal_pointer (&root);
}

void
gui_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        gui_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

guint
gui_test_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

char *
gui_test_screenshot (GtkWidget  *widget,
                     const char *name)
{
  const char *dir = g_getenv ("LIMINAL_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  char *path;
  int width, height;

  if (dir == NULL || dir[0] == '\0')
    return NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  /* A window that has just been mapped (a message dialog fading in) can
   * render nothing for a few frames: try again for a while. */
  for (guint attempt = 0; node == NULL && attempt < 40; attempt++)
    {
      if (attempt > 0)
        gui_test_spin (50);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return path;
}

static void
find_by_class (GtkWidget  *widget,
               const char *css_class,
               GPtrArray  *out)
{
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_by_class (child, css_class, out);
}

GPtrArray *
gui_test_find_by_class (GtkWidget  *root,
                        const char *css_class)
{
  GPtrArray *out = g_ptr_array_new ();

  find_by_class (root, css_class, out);
  return out;
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_meter_tick_cb (gpointer user_data)
{
  GuiStallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (meter->last != 0)
    {
      if (now - meter->last > 15000 && g_getenv ("GUI_TEST_LOG_GAPS") != NULL)
        g_test_message ("gap of %.1f ms (%.1f ms busy) at tick %u", (now - meter->last) / 1e3,
                        (cpu - meter->last_cpu) / 1e3, meter->ticks);
      meter->max_gap_us = MAX (meter->max_gap_us, now - meter->last);
      meter->max_busy_us = MAX (meter->max_busy_us, cpu - meter->last_cpu);
    }
  meter->last = now;
  meter->last_cpu = cpu;
  meter->ticks++;

  return G_SOURCE_CONTINUE;
}

void
gui_stall_meter_resume (GuiStallMeter *meter)
{
  g_assert_cmpuint (meter->source_id, ==, 0);
  meter->last = 0;
  meter->source_id = g_timeout_add (5, on_meter_tick_cb, meter);
}

void
gui_stall_meter_start (GuiStallMeter *meter)
{
  g_clear_handle_id (&meter->source_id, g_source_remove);
  meter->max_gap_us = 0;
  meter->max_busy_us = 0;
  meter->ticks = 0;
  gui_stall_meter_resume (meter);
}

void
gui_stall_meter_stop (GuiStallMeter *meter)
{
  g_clear_handle_id (&meter->source_id, g_source_remove);
}

/* The calibration work's median on the reference workstation (the one the
 * limits were set on), in microseconds.  tools/ has no copy: the figure is
 * printed by every GUI test that checks a stall ("machine speed"). */
#define CALIBRATION_REFERENCE_US 10500.0
#define CALIBRATION_RUNS 9
#define CALIBRATION_MAX_SCALE 4.0

static gint64
calibration_run_us (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < 40000; i++)
    {
      char *key = g_strdup_printf ("revision-%u-%x", i, i * 2654435761u);

      g_checksum_update (checksum, (const guchar *) key, -1);
      g_hash_table_add (table, key);
    }
  g_assert_cmpuint (g_hash_table_size (table), ==, 40000);
  g_assert_nonnull (g_checksum_get_string (checksum));
  g_clear_pointer (&table, g_hash_table_unref);

  return g_get_monotonic_time () - start;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gint64
gui_stall_limit_us (gint64 base_us)
{
  static double scale = 0;

  if (scale == 0)
    {
      gint64 runs[CALIBRATION_RUNS];

      for (guint i = 0; i < CALIBRATION_RUNS; i++)
        runs[i] = calibration_run_us ();
      qsort (runs, CALIBRATION_RUNS, sizeof runs[0], compare_gint64);
      scale = CLAMP (runs[CALIBRATION_RUNS / 2] / CALIBRATION_REFERENCE_US, 1.0, CALIBRATION_MAX_SCALE);
      g_test_message ("machine speed: calibration median %.1f ms (reference %.1f ms): stall limits x%.2f",
                      runs[CALIBRATION_RUNS / 2] / 1e3, CALIBRATION_REFERENCE_US / 1e3, scale);
    }

  return (gint64) (base_us * scale);
}

void
gui_stall_meter_check (GuiStallMeter *meter,
                       gint64         base_us,
                       const char    *what)
{
  gint64 limit_us = gui_stall_limit_us (base_us);

  g_test_message ("largest main-loop gap %s: %.1f ms, of which the window worked %.1f ms (%u ticks; limit %.1f ms "
                  "of work, %.1f ms in all)",
                  what, meter->max_gap_us / 1e3, meter->max_busy_us / 1e3, meter->ticks, limit_us / 1e3,
                  GUI_STALL_WALL_FACTOR * limit_us / 1e3);
  g_assert_cmpint (meter->max_busy_us, <, limit_us);
  g_assert_cmpint (meter->max_gap_us, <, GUI_STALL_WALL_FACTOR * limit_us);
}

gboolean
gui_test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

gboolean
gui_test_leaflet_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (leaflet);
}

gboolean
gui_test_leaflet_unfolded (gpointer leaflet)
{
  return !adw_leaflet_get_folded (leaflet);
}

gboolean
gui_test_shown_alone (gpointer data)
{
  GuiShownWait *wait = data;

  return gtk_widget_get_mapped (wait->shown) && !gtk_widget_get_mapped (wait->hidden);
}

void
gui_test_store_result (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

void
gui_test_save_screenshot (GtkWidget  *widget,
                          const char *name,
                          guint       settle_ms)
{
  g_autofree char *path = NULL;

  gtk_test_widget_wait_for_draw (widget);
  gui_test_spin (settle_ms);
  path = gui_test_screenshot (widget, name);
  if (path != NULL)
    g_test_message ("screenshot: %s", path);
}

GtkWidget *
gui_test_find_one (GtkWidget  *root,
                   const char *css_class)
{
  g_autoptr(GPtrArray) found = gui_test_find_by_class (root, css_class);

  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

guint
gui_test_count_class (GtkWidget  *root,
                      const char *css_class)
{
  g_autoptr(GPtrArray) found = gui_test_find_by_class (root, css_class);

  return found->len;
}

GtkShortcut *
gui_test_find_shortcut (GtkWidget              *widget,
                        const char             *trigger,
                        GtkShortcutController **controller)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) candidate = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (candidate))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (candidate)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (candidate), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (text, trigger) != 0)
            continue;
          if (controller != NULL)
            *controller = GTK_SHORTCUT_CONTROLLER (candidate);
          return shortcut;   /* the controller keeps it */
        }
    }
  return NULL;
}

AdwMessageDialog *
gui_test_find_dialog_with_class (const char *css_class)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */
  AdwMessageDialog *found = NULL;

  /* The newest one: a dialog that was answered may take a moment to go. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_has_css_class (w, css_class) && gtk_widget_get_visible (w))
        found = ADW_MESSAGE_DIALOG (w);
    }
  return found;
}

LimSandbox *
gui_test_start_sandbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, "empty", &error);

  g_assert_no_error (error);
  lim_sandbox_start (sb, 0, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&sb);
}

void
gui_test_seed_marker (LimSandbox *sb,
                      const char *revision)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;

  json = g_strdup_printf ("{\"name\": \"liminal_remote\", \"prefix\": \"liminal_remote\","
                          " \"type\": \"custom_entity\", \"labelingStrategies\": [\"NEW_IDS\"],"
                          " \"fields\": [{\"name\": \"%s\", \"systemName\": \"revision_id\","
                          " \"fieldType\": \"text\", \"isMulti\": false, \"isRequired\": true,"
                          " \"isParentLink\": false}]}", revision);
  id = lim_sandbox_create_entity_schema (sb, json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

void
gui_test_stop_sandbox (LimSandbox *sb)
{
  lim_sandbox_stop (sb);
  g_assert_finalize_object (sb);
}

LimApplication *
gui_test_new_application (void)
{
  return g_object_new (LIM_TYPE_APPLICATION,
                       "application-id", NULL,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/liminal_desktop/Liminal",
                       NULL);
}

void
gui_test_free_application (LimApplication *app)
{
  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &app);
  g_object_unref (app);
  g_assert_null (app);
}

void
gui_test_free_demo (LimApplication *app,
                    char           *demo_dir)
{
  gui_test_free_application (app);
  /* The demo's temporary folder goes with the application. */
  g_assert_nonnull (demo_dir);
  g_assert_false (g_file_test (demo_dir, G_FILE_TEST_EXISTS));
  g_free (demo_dir);
}

void
gui_test_run_application (LimApplication *app,
                          GCallback       on_activate,
                          gpointer        data)
{
  char *argv[] = { (char *) "liminal-desktop", NULL };
  gulong id = g_signal_connect_after (app, "activate", on_activate, data);
  int status;

  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_signal_handler_disconnect (app, id);
  g_assert_cmpint (status, ==, 0);
}

LimWindow *
gui_test_get_window (GApplication *app)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_nonnull (windows);
  g_assert_true (LIM_IS_WINDOW (windows->data));
  return windows->data;
}

LimWindow *
gui_test_open_window (GApplication *app,
                      gpointer      data)
{
  LimWindow *window = gui_test_get_window (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

LimWindow *
gui_test_open_demo (GApplication *app,
                    gpointer      data)
{
  g_autoptr(GError) error = NULL;
  LimWindow *window;

  window = lim_application_open_demo (LIM_APPLICATION (app), &error);
  g_assert_no_error (error);
  g_assert_nonnull (window);
  for (const char * const *a = (const char *[]) { "dev", "test", "staging", "prod", NULL }; *a != NULL; a++)
    {
      LimSandbox *sb = lim_application_get_demo_sandbox (LIM_APPLICATION (app), *a);

      g_assert_nonnull (sb);
      /* The demo paces like Benchling (60 requests per 30 s); these tests
       * are about the window, not the limiter (test-client covers it). */
      lim_sandbox_set_rate_limit (sb, 1000, 30);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gui_test_wait_until (gui_test_all_read, window, 30000));

  return window;
}

void
gui_test_close_window (LimWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_spin (50);
  g_assert_null (window);
}

typedef struct
{
  LimWindow     **window;
  GuiTestOpenFunc open;
  GCallback       body;
  gpointer        data;
  gboolean        body_ran;
} RunInWindow;

static void
on_run_activate_cb (GApplication *app,
                    RunInWindow  *run)
{
  *run->window = run->open (app, run->data);

  ((void (*) (gpointer)) run->body) (run->data);
  run->body_ran = TRUE;

  if (*run->window == NULL)  /* the body closed it */
    return;

  /* Closing the window (even with readings under way) must free it; then
   * the application has nothing left to do and returns from run(). */
  gui_test_close_window (g_steal_pointer (run->window));
}

void
gui_test_run_in_window (LimApplication  *app,
                        LimWindow      **window,
                        GuiTestOpenFunc  open,
                        GCallback        body,
                        gpointer         data)
{
  RunInWindow run = { window, open, body, data, FALSE };

  gui_test_run_application (app, G_CALLBACK (on_run_activate_cb), &run);
  g_assert_true (run.body_ran);
}

void
gui_test_open_project (LimApplication *app,
                       LimWindow      *window,
                       const char     *dir)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-project", g_variant_new_string (dir));
  g_assert_cmpstr (lim_window_get_view (window), ==, "project");
}

static gboolean
every_tenant_read (LimWindow *window,
                   gboolean   need_one)
{
  GListModel *tenants = lim_window_get_tenants (window);

  if (need_one && g_list_model_get_n_items (tenants) == 0)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (tenants); i++)
    {
      g_autoptr(LimTenantItem) item = g_list_model_get_item (tenants, i);

      if (lim_tenant_item_get_loading (item) || lim_tenant_item_get_status (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
gui_test_all_read (gpointer window)
{
  return every_tenant_read (window, TRUE);
}

gboolean
gui_test_all_read_or_none (gpointer window)
{
  return every_tenant_read (window, FALSE);
}

void
gui_test_wait_for_statuses (LimWindow *window)
{
  g_assert_true (gui_test_wait_until (gui_test_all_read_or_none, window, 30000));
}

LimTenantRow *
gui_test_get_row (LimWindow  *window,
                  const char *alias)
{
  GtkListBox *list = lim_window_get_tenant_list (window);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LIM_IS_TENANT_ROW (child) &&
          g_strcmp0 (lim_tenant_item_get_alias (lim_tenant_row_get_item (LIM_TENANT_ROW (child))), alias) == 0)
        return LIM_TENANT_ROW (child);
    }
  return NULL;
}

const char *
gui_test_status_text (LimWindow  *window,
                      const char *alias)
{
  LimTenantRow *row = gui_test_get_row (window, alias);

  g_assert_nonnull (row);
  return lim_tenant_row_get_status_text (row);
}

typedef struct
{
  LimWindow  *window;
  const char *alias;
  const char *text;
} RowWait;

static gboolean
row_says (gpointer data)
{
  RowWait *wait = data;
  LimTenantRow *row = gui_test_get_row (wait->window, wait->alias);

  return row != NULL && !lim_tenant_item_get_loading (lim_tenant_row_get_item (row)) &&
         g_strcmp0 (lim_tenant_row_get_status_text (row), wait->text) == 0;
}

void
gui_test_wait_for_row_status (LimWindow  *window,
                              const char *alias,
                              const char *text)
{
  RowWait wait = { window, alias, text };

  if (!gui_test_wait_until (row_says, &wait, 30000))
    g_error ("%s says “%s”, not “%s”", alias, gui_test_status_text (window, alias), text);
}

LimTenantRow *
gui_test_select_tenant (LimWindow  *window,
                        const char *alias)
{
  LimTenantRow *row = gui_test_get_row (window, alias);

  g_assert_nonnull (row);
  gtk_list_box_select_row (lim_window_get_tenant_list (window), GTK_LIST_BOX_ROW (row));
  return row;
}

LimTenantPage *
gui_test_select_tenant_page (LimWindow  *window,
                             const char *alias)
{
  LimTenantRow *row = gui_test_select_tenant (window, alias);
  LimTenantPage *page = lim_window_get_tenant_page (window);

  g_assert_true (lim_tenant_page_get_item (page) == lim_tenant_row_get_item (row));
  return page;
}

gboolean
gui_test_has_message_dialog (gpointer window)
{
  LimRunDialog *run = lim_window_get_run_dialog (window);

  return run != NULL && lim_run_dialog_get_message_dialog (run) != NULL;
}

AdwMessageDialog *
gui_test_wait_for_message_dialog (LimWindow *window)
{
  g_assert_true (gui_test_wait_until (gui_test_has_message_dialog, window, 20000));
  return lim_run_dialog_get_message_dialog (lim_window_get_run_dialog (window));
}

typedef struct
{
  LimWindow  *window;
  LimRunState state;
} StateWait;

static gboolean
run_in_state (gpointer data)
{
  StateWait *wait = data;
  LimRunDialog *run = lim_window_get_run_dialog (wait->window);

  return run != NULL && lim_run_get_state (lim_run_dialog_get_run (run)) == wait->state;
}

void
gui_test_wait_for_run_state (LimWindow  *window,
                             LimRunState state)
{
  StateWait wait = { window, state };

  g_assert_true (gui_test_wait_until (run_in_state, &wait, 60000));
}

gboolean
gui_test_run_gone (gpointer window)
{
  return lim_window_get_run_dialog (window) == NULL;
}

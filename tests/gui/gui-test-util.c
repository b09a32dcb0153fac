/* gui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "gui-test-util.h"

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

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  dir = g_dir_open (from, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_test (src, G_FILE_TEST_IS_REGULAR))
        continue;
      g_file_get_contents (src, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (dst, contents, len, &error);
      g_assert_no_error (error);
    }
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
  copy_dir (versions, dst);

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

static gboolean
on_meter_tick_cb (gpointer user_data)
{
  GuiStallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  if (meter->last != 0)
    {
      if (now - meter->last > 15000 && g_getenv ("GUI_TEST_LOG_GAPS") != NULL)
        g_test_message ("gap of %.1f ms at tick %u", (now - meter->last) / 1e3, meter->ticks);
      meter->max_gap_us = MAX (meter->max_gap_us, now - meter->last);
    }
  meter->last = now;
  meter->ticks++;

  return G_SOURCE_CONTINUE;
}

void
gui_stall_meter_start (GuiStallMeter *meter)
{
  meter->last = 0;
  meter->max_gap_us = 0;
  meter->ticks = 0;
  meter->source_id = g_timeout_add (5, on_meter_tick_cb, meter);
}

void
gui_stall_meter_stop (GuiStallMeter *meter)
{
  g_clear_handle_id (&meter->source_id, g_source_remove);
}

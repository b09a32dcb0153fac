/* lim-application.c — the AdwApplication: app actions, command line,
 * settings and the optional in-process sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lim-sandbox.h"

#include "lim-application.h"
#include "lim-window.h"

#include <errno.h>

#define MAX_RECENT_PROJECTS 10

struct _LimApplication
{
  AdwApplication  parent_instance;

  /* Owned References */
  GSettings      *settings;
  LimSandbox     *sandbox;
  GPtrArray      *demo_sandboxes;
  char           *demo_dir;
};

G_DEFINE_FINAL_TYPE (LimApplication, lim_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "project", 'p', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the project in DIR"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo project with local sandbox tenants"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[PROJECT_DIR]") },
  { NULL }
};

LimApplication *
lim_application_new (void)
{
  return g_object_new (LIM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/liminal_desktop/Liminal",
                       NULL);
}

GSettings *
lim_application_get_settings (LimApplication *self)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  return self->settings;
}

char *
lim_application_dup_sandbox_url (LimApplication  *self,
                                 GError         **error)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  if (self->sandbox == NULL)
    {
      g_autoptr(LimSandbox) sandbox = lim_sandbox_new (NULL, "empty", error);

      if (sandbox == NULL)
        return NULL;
      if (!lim_sandbox_start (sandbox, 0, error))
        return NULL;
      self->sandbox = g_steal_pointer (&sandbox);
    }

  return lim_sandbox_get_base_url (self->sandbox);
}

void
lim_application_add_recent (LimApplication *self,
                            const char     *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (LIM_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  if (self->settings == NULL)
    return;

  old = g_settings_get_strv (self->settings, "recent-projects");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_PROJECTS; i++)
    {
      if (g_strcmp0 (old[i], path) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) recent);
  g_settings_set_string (self->settings, "last-project", path);
}

static LimWindow *lim_application_get_window (LimApplication *self,
                                              gboolean       *created);

/* ------------------------------------------------------------ demo */

const char *
lim_application_get_demo_versions_dir (void)
{
  /* A build run from the source tree uses the source tree's history; an
   * installed build its installed copy. */
  if (g_file_test (LIM_DEMO_SOURCE_VERSIONS, G_FILE_TEST_IS_DIR))
    return LIM_DEMO_SOURCE_VERSIONS;

  return LIM_DEMO_INSTALLED_VERSIONS;
}

static gboolean
copy_versions (const char  *from,
               const char  *to,
               GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_mkdir_with_parents (to, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "%s: %s", to, g_strerror (errsv));
      return FALSE;
    }

  dir = g_dir_open (from, 0, error);
  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_test (src, G_FILE_TEST_IS_REGULAR) || !g_str_has_suffix (name, ".py"))
        continue;
      if (!g_file_get_contents (src, &contents, &len, error) ||
          !g_file_set_contents (dst, contents, len, error))
        return FALSE;
    }

  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* The demo's secrets: every sandbox accepts the default credentials.
 * Nothing is read from or written to the keyring for them. */
static const char *
demo_env (const char *name,
          gpointer    user_data)
{
  if (g_str_has_prefix (name, "LIMINAL_") && g_str_has_suffix (name, "_CLIENT_SECRET"))
    return LIM_SANDBOX_DEFAULT_CLIENT_SECRET;
  if (g_str_has_prefix (name, "LIMINAL_") && g_str_has_suffix (name, "_ADMIN_PASSWORD"))
    return LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD;

  return g_getenv (name);
}

LimSandbox *
lim_application_get_demo_sandbox (LimApplication *self,
                                  const char     *alias)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  for (guint i = 0; self->demo_sandboxes != NULL && i < self->demo_sandboxes->len; i++)
    {
      LimSandbox *sb = g_ptr_array_index (self->demo_sandboxes, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (sb), "lim-demo-alias"), alias) == 0)
        return sb;
    }

  return NULL;
}

const char *
lim_application_get_demo_dir (LimApplication *self)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  return self->demo_dir;
}

static void
stop_demo (LimApplication *self)
{
  if (self->demo_sandboxes != NULL)
    for (guint i = 0; i < self->demo_sandboxes->len; i++)
      lim_sandbox_stop (g_ptr_array_index (self->demo_sandboxes, i));
  g_clear_pointer (&self->demo_sandboxes, g_ptr_array_unref);
  if (self->demo_dir != NULL)
    remove_tree (self->demo_dir);
  g_clear_pointer (&self->demo_dir, g_free);
}

static gboolean
start_demo (LimApplication  *self,
            GError         **error)
{
  static const struct { const char *alias; guint behind; gboolean protected; } tenants[] = {
    { "dev", 0, FALSE },
    { "test", 2, FALSE },
    { "prod", 4, TRUE },
  };
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *ini_path = NULL;
  g_autoptr(GString) ini = g_string_new (_("# The demo project: local sandbox tenants\n"));
  g_autoptr(GPtrArray) sandboxes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LimTimeline) timeline = NULL;
  guint n;

  if (self->demo_dir != NULL)
    return TRUE;

  tmp = g_dir_make_tmp ("liminal-demo-XXXXXX", error);
  if (tmp == NULL)
    return FALSE;
  root = g_build_filename (tmp, "pizzeria", NULL);
  versions = g_build_filename (root, "versions", NULL);
  if (!copy_versions (lim_application_get_demo_versions_dir (), versions, error))
    {
      remove_tree (tmp);
      return FALSE;
    }

  timeline = lim_timeline_load_dir (versions, error);
  if (timeline == NULL)
    {
      remove_tree (tmp);
      return FALSE;
    }
  n = lim_timeline_get_n_revisions (timeline);

  for (guint i = 0; i < G_N_ELEMENTS (tenants); i++)
    {
      guint position = n > tenants[i].behind ? n - 1 - tenants[i].behind : 0;
      const char *id = lim_revision_get_id (lim_timeline_get_nth (timeline, position));
      g_autofree char *seed = g_strdup_printf ("demo@%s", id);
      g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, seed, error);
      g_autofree char *url = NULL;

      if (sb == NULL || !lim_sandbox_start (sb, 0, error))
        {
          for (guint j = 0; j < sandboxes->len; j++)
            lim_sandbox_stop (g_ptr_array_index (sandboxes, j));
          remove_tree (tmp);
          return FALSE;
        }
      g_object_set_data_full (G_OBJECT (sb), "lim-demo-alias", g_strdup (tenants[i].alias), g_free);
      url = lim_sandbox_get_base_url (sb);
      g_string_append_printf (ini,
                              "\n[%s]\n"
                              "tenant-name = %s\n"
                              "url = %s\n"
                              "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                              "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n"
                              "protected = %s\n",
                              tenants[i].alias, tenants[i].alias, url,
                              tenants[i].protected ? "true" : "false");
      g_ptr_array_add (sandboxes, g_steal_pointer (&sb));
    }

  ini_path = g_build_filename (root, "tenants.ini", NULL);
  if (!g_file_set_contents (ini_path, ini->str, -1, error))
    {
      for (guint j = 0; j < sandboxes->len; j++)
        lim_sandbox_stop (g_ptr_array_index (sandboxes, j));
      remove_tree (tmp);
      return FALSE;
    }

  self->demo_sandboxes = g_steal_pointer (&sandboxes);
  self->demo_dir = g_steal_pointer (&tmp);

  return TRUE;
}

LimWindow *
lim_application_open_demo (LimApplication  *self,
                           GError         **error)
{
  g_autofree char *root = NULL;
  g_autoptr(LimWorkspace) workspace = NULL;
  LimWindow *window;
  gboolean created;

  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  if (!start_demo (self, error))
    return NULL;

  root = g_build_filename (self->demo_dir, "pizzeria", NULL);
  window = lim_application_get_window (self, &created);
  workspace = lim_workspace_open (root, error);
  if (workspace == NULL)
    return NULL;
  lim_workspace_set_env_func (workspace, demo_env, NULL);
  lim_window_set_demo (window, self->demo_dir);
  lim_window_set_workspace (window, workspace);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* The most recently focused main window, or NULL. */
static GtkWindow *
find_main_window (LimApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (LIM_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static LimWindow *
lim_application_get_window (LimApplication *self,
                            gboolean       *created)
{
  /* The most recently focused main window; the list also holds the
   * shortcuts window and other auxiliary ones. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (LIM_IS_WINDOW (l->data))
        {
          *created = FALSE;
          return LIM_WINDOW (l->data);
        }
    }

  *created = TRUE;
  return lim_window_new (self);
}

static void
lim_application_activate (GApplication *app)
{
  LimApplication *self = LIM_APPLICATION (app);
  gboolean created;
  LimWindow *window = lim_application_get_window (self, &created);

  if (created && self->settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-project");

      if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
        lim_window_open_project (window, last, NULL);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static int
lim_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("liminal-desktop %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
lim_application_command_line (GApplication            *app,
                              GApplicationCommandLine *cmdline)
{
  LimApplication *self = LIM_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *project = NULL;
  g_autofree const char **rest = NULL;
  LimWindow *window;
  gboolean created;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "demo"))
    {
      if (lim_application_open_demo (self, &error) == NULL)
        {
          g_application_command_line_printerr (cmdline, "%s\n", error->message);
          return 1;
        }
      return 0;
    }

  g_variant_dict_lookup (options, "project", "^&ay", &project);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &rest);

  if (project == NULL && rest != NULL && rest[0] != NULL)
    project = rest[0];

  if (project == NULL)
    {
      g_application_activate (app);
      return 0;
    }

  if (rest != NULL && rest[0] != NULL && (rest[1] != NULL || project != rest[0]))
    {
      g_application_command_line_printerr (cmdline, "%s\n",
                                           _("Give at most one project folder"));
      return 2;
    }

  file = g_application_command_line_create_file_for_arg (cmdline, project);
  path = g_file_get_path (file);
  window = lim_application_get_window (self, &created);
  if (!lim_window_open_project (window, path, &error))
    g_application_command_line_printerr (cmdline, "%s\n", error->message);
  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

static LimWindow *
get_active_window (LimApplication *self)
{
  gboolean created;
  LimWindow *window = lim_application_get_window (self, &created);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  LimApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Destroying the windows lets each one save its state. */
  while (windows != NULL)
    {
      gtk_window_destroy (windows->data);
      windows = gtk_application_get_windows (GTK_APPLICATION (self));
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  LimApplication *self = user_data;
  static const char *developers[] = { "Liminal Desktop contributors", NULL };
  GtkWindow *parent = find_main_window (self);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Liminal Desktop"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Review and track Benchling schema migrations written as Liminal revision files."),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  LimApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource ("/io/github/liminal_desktop/Liminal/lim-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window, find_main_window (self));
  gtk_window_set_application (window, GTK_APPLICATION (self));
  gtk_window_present (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  lim_window_show_preferences (get_active_window (user_data));
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  lim_window_choose_project (get_active_window (user_data));
}

static void
open_project_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  LimWindow *window = get_active_window (user_data);
  g_autoptr(GError) error = NULL;

  if (!lim_window_open_project (window, g_variant_get_string (param, NULL), &error))
    g_debug ("Could not open project: %s", error->message);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
  { "preferences", preferences_action },
  { "open", open_action },
  { "open-project", open_project_action, "s" },
};

static void
lim_application_startup (GApplication *app)
{
  LimApplication *self = LIM_APPLICATION (app);
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *refresh_accels[] = { "F5", "<Control>r", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (lim_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

static void
lim_application_dispose (GObject *object)
{
  LimApplication *self = LIM_APPLICATION (object);

  stop_demo (self);
  if (self->sandbox != NULL)
    lim_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lim_application_parent_class)->dispose (object);
}

static void
lim_application_class_init (LimApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lim_application_dispose;

  app_class->activate = lim_application_activate;
  app_class->startup = lim_application_startup;
  app_class->command_line = lim_application_command_line;
  app_class->handle_local_options = lim_application_handle_local_options;
}

static void
lim_application_init (LimApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
}

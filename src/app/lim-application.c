/* lim-application.c — the AdwApplication: app actions, command line,
 * settings and the optional in-process sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-sandbox.h"
#include "lim-words.h"

#include "lim-application.h"
#include "lim-demo.h"
#include "lim-app-sign-in.h"
#include "lim-window.h"

#define MAX_RECENT_PROJECTS 10

struct _LimApplication
{
  AdwApplication parent_instance;

  /* Owned References */
  GSettings  *settings;
  LimSandbox *sandbox;
  LimDemo    *demo;

  /* --sign-in: the command line answered once the window is done */
  GApplicationCommandLine *sign_in_cmdline;
  int                      exit_status;
};

G_DEFINE_FINAL_TYPE (LimApplication, lim_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "project", 'p', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the project in DIR"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo project with local sandbox tenants"), NULL },
  { "sign-in", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Only sign in to the single sign-on tenant ALIAS of the project (--project) and keep the session in the "
       "keyring"), N_("ALIAS") },
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
lim_application_dup_sandbox_url (LimApplication *self,
                                 GError        **error)
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

  g_settings_set_strv (self->settings, "recent-projects", (const char *const *) recent);
  g_settings_set_string (self->settings, "last-project", path);
}

static LimWindow *lim_application_get_window (LimApplication *self,
                                              gboolean       *created);

int
lim_application_get_exit_status (LimApplication *self)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/* ------------------------------------------------------------ --sign-in */

static void
sign_in_mode_done (LimApplication *self,
                   const char     *message,
                   int             status)
{
  if (message != NULL)
    g_application_command_line_printerr (self->sign_in_cmdline, "%s\n", message);
  self->exit_status = status;
  g_application_command_line_set_exit_status (self->sign_in_cmdline, status);
  g_clear_object (&self->sign_in_cmdline);
  g_application_release (G_APPLICATION (self));
}

static void
on_sign_in_mode_signed_in_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(LimApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSession) session = lim_workspace_sign_in_finish (LIM_WORKSPACE (source), result, &error);

  /* The workspace kept the session in the keyring. */
  sign_in_mode_done (self, session == NULL ? error->message : NULL, session == NULL ? 1 : 0);
}

/* liminal-desktop --sign-in ALIAS --project DIR: only the sign-in window
 * (what `liminal login` starts); the session goes to the keyring, the exit
 * status says whether it did. */
static int
sign_in_mode (LimApplication          *self,
              GApplicationCommandLine *cmdline,
              const char              *alias,
              const char              *project)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LimWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimAppSignIn) sign_in = NULL;
  LimTenant *tenant;

  if (project == NULL)
    {
      g_application_command_line_printerr (cmdline, "%s\n", _("--sign-in needs the project folder (--project DIR)"));
      return 2;
    }
  file = g_application_command_line_create_file_for_arg (cmdline, project);
  path = g_file_get_path (file);
  workspace = lim_workspace_open (path, &error);
  tenant = workspace != NULL ? lim_workspace_lookup_tenant (workspace, alias, &error) : NULL;
  if (tenant == NULL)
    {
      g_application_command_line_printerr (cmdline, "%s\n", error->message);
      return 1;
    }
  if (lim_tenant_get_auth (tenant) != LIM_TENANT_AUTH_SSO)
    {
      /* Translators: a tenant alias */
      g_autofree char *message = g_strdup_printf (_("%s does not sign in with single sign-on (auth = sso in "
                                                    "tenants.ini)"), alias);

      g_application_command_line_printerr (cmdline, "%s\n", message);
      return 2;
    }

  self->sign_in_cmdline = g_object_ref (cmdline);
  self->exit_status = 1;
  g_application_hold (G_APPLICATION (self));
  /* A sign-in window of its own (no main window): the workspace asks for
   * it and keeps the session in the keyring. */
  sign_in = lim_app_sign_in_new (NULL);
  lim_workspace_set_sign_in (workspace, LIM_SIGN_IN (sign_in));
  lim_workspace_sign_in_async (workspace, tenant, NULL, on_sign_in_mode_signed_in_cb, g_object_ref (self));

  return 0;
}

/* ------------------------------------------------------------ demo */

LimSandbox *
lim_application_get_demo_sandbox (LimApplication *self,
                                  const char     *alias)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  return self->demo != NULL ? lim_demo_get_sandbox (self->demo, alias) : NULL;
}

const char *
lim_application_get_demo_dir (LimApplication *self)
{
  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  return self->demo != NULL ? lim_demo_get_dir (self->demo) : NULL;
}

LimWindow *
lim_application_open_demo (LimApplication *self,
                           GError        **error)
{
  g_autoptr(LimWorkspace) workspace = NULL;
  LimWindow *window;
  gboolean created;

  g_return_val_if_fail (LIM_IS_APPLICATION (self), NULL);

  if (self->demo == NULL && (self->demo = lim_demo_new (error)) == NULL)
    return NULL;

  window = lim_application_get_window (self, &created);
  workspace = lim_demo_open_workspace (self->demo, error);
  if (workspace == NULL)
    return NULL;
  lim_window_set_demo (window, lim_demo_get_dir (self->demo));
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
  /* A sign-in of its own, whether or not the app is open already. */
  if (g_variant_dict_contains (options, "sign-in"))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

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
  const char *sign_in = NULL;

  if (g_variant_dict_lookup (options, "sign-in", "&s", &sign_in))
    {
      g_variant_dict_lookup (options, "project", "^&ay", &project);
      return sign_in_mode (self, cmdline, sign_in, project);
    }

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
                        "comments", _(
                          "Review and track Benchling schema migrations written as Liminal revision files."),
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

  /* The engine's messages name the window's buttons, not the flags. */
  lim_words_set (LIM_WORDS_WINDOW);
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

  g_clear_pointer (&self->demo, lim_demo_free);
  g_clear_object (&self->sign_in_cmdline);
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

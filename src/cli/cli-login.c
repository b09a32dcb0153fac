/* cli-login.c — `liminal login TENANT`: sign in to a single sign-on tenant
 * (`auth = sso`) through Liminal Desktop's sign-in window, started as a
 * separate process (`liminal-desktop --sign-in ALIAS --project DIR`), which
 * keeps the session in the desktop keyring for the commands after it.
 * Without a display it explains the cookie route instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli-private.h"

/* The app: $LIMINAL_DESKTOP, else the liminal-desktop beside this program
 * (installed in one bindir) or in the build tree (src/cli → src/app). */
static char *
find_desktop (void)
{
  const char *env = g_getenv ("LIMINAL_DESKTOP");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;

  if (env && *env)
    return g_strdup (env);
  if (dir)
    {
      const char *candidates[] = { "liminal-desktop", "../app/liminal-desktop" };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&path);
        }
    }
  return g_find_program_in_path ("liminal-desktop");
}

static gboolean
have_display (void)
{
  const char *x = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x && *x) || (wayland && *wayland);
}

int
cmd_login (Globals *globals,
           int      argc,
           char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimWorkspace) workspace = NULL;
  g_autoptr(LimTenant) tenant = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimTenantStatus) st = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *session_var = NULL;
  g_autofree char *csrf_var = NULL;
  const char *alias;
  int status = EXIT_OK;
  int wait_status = 0;

  if (!parse_options ("login", "TENANT",
                      _("Sign in to a single sign-on tenant (auth = sso) in Liminal Desktop's sign-in window; the "
                        "session is kept in the desktop keyring for the commands that follow."),
                      NULL, &argc, &argv, 1, 1, &status))
    return status;
  workspace = lim_workspace_open (globals->directory, &error);
  if (workspace == NULL)
    return fail (error);
  lim_workspace_set_front_end (workspace, "cli");
  tenant = lim_workspace_lookup_tenant (workspace, argv[1], &error);
  if (tenant == NULL)
    return fail (error);
  alias = lim_tenant_get_alias (tenant);
  if (lim_tenant_get_auth (tenant) != LIM_TENANT_AUTH_SSO)
    {
      g_autofree char *message =
        /* Translators: a tenant alias, its auth setting ("password", "session"), the tenant alias */
        g_strdup_printf (_("Tenant %s signs in with auth = %s: `liminal login` is for single sign-on tenants. Set "
                           "auth = sso in its group [%s] of tenants.ini to sign in through the browser."),
                         alias, lim_tenant_auth_to_string (lim_tenant_get_auth (tenant)), alias);
      print_error (message);
      return EXIT_USER;
    }

  session_var = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_SESSION);
  csrf_var = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CSRF);
  if (!have_display ())
    {
      g_autofree char *message =
        /* Translators: a tenant alias, its URL, two environment variable names */
        g_strdup_printf (_("No display to open the sign-in window for %s (neither DISPLAY nor WAYLAND_DISPLAY is "
                           "set). Sign in to %s in a browser instead, then set %s to the value of its `session` "
                           "cookie and %s to its CSRF token (the x-csrftoken header of its requests, or the "
                           "csrf-token of the page), and run the command again."),
                         alias, lim_tenant_get_base_url (tenant), session_var, csrf_var);
      print_error (message);
      return EXIT_USAGE;
    }

  desktop = find_desktop ();
  if (desktop == NULL)
    {
      g_autofree char *message =
        /* Translators: two environment variable names */
        g_strdup_printf (_("Cannot find Liminal Desktop (liminal-desktop) for its sign-in window: install it, set "
                           "LIMINAL_DESKTOP to it, or sign in in a browser and set %s and %s."),
                         session_var, csrf_var);
      print_error (message);
      return EXIT_USER;
    }
  {
    const char *child_argv[] = { desktop, "--sign-in", alias, "--project",
                                 lim_project_get_root (lim_workspace_get_project (workspace)), NULL };

    if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                       &wait_status, &error))
      return fail (error);
  }
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_autofree char *message =
        /* Translators: a tenant alias */
        g_strdup_printf (_("Signing in to %s was cancelled or failed: no session was kept."), alias);
      print_error (message);
      return EXIT_USER;
    }

  /* The session is in the keyring: read the tenant with it, as the next
   * command will. */
  lim_workspace_read_status_async (workspace, tenant, LIM_WORKSPACE_READ_DEFAULT, NULL, store_result, &result);
  lim_client_wait (&result);
  st = lim_workspace_read_status_finish (workspace, result);
  lim_workspace_settle (workspace);
  if (st == NULL || st->state == LIM_TENANT_STATE_SIGN_IN_NEEDED || st->state == LIM_TENANT_STATE_SIGN_IN_FAILED ||
      st->state == LIM_TENANT_STATE_NOT_CONFIGURED)
    {
      print_error (st && st->message ? st->message : _("The sign-in window closed without a session."));
      return EXIT_USER;
    }
  /* Translators: a tenant alias */
  g_print (_("Signed in to %s.\n"), alias);
  return EXIT_OK;
}

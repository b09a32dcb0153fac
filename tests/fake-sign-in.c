/* fake-sign-in.c — what `liminal login` starts, without a window: stands in
 * for `liminal-desktop --sign-in ALIAS --project DIR` in the CLI tests
 * (tests/test-cli-sso.py).  It walks the sandbox's identity provider over
 * HTTP (tests/sso-browser.c) and keeps the session in the desktop keyring,
 * as the app's sign-in window does.
 *
 *   fake-sign-in --sign-in ALIAS --project DIR   sign in, store; exit 0
 *   fake-sign-in --keyring ALIAS --project DIR   print "present" or "absent"
 *   fake-sign-in --clear ALIAS --project DIR     remove the kept session
 *
 * $FAKE_SIGN_IN_ARGS: a file the arguments are appended to (one line);
 * $FAKE_SIGN_IN_CANCEL=1: the person closes the window (exit 1);
 * $FAKE_SIGN_IN_SECRETS_OUT: a scratch file (outside the project) the
 * cookie and CSRF token are appended to, so that the test can grep every
 * output and file of the project for them.  Never prints a secret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lim-keyring.h"
#include "lim-workspace.h"
#include "sso-browser.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimWorkspace) ws = NULL;
  g_autoptr(LimTenant) tenant = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *args_file = g_getenv ("FAKE_SIGN_IN_ARGS");

  if (args_file)
    {
      g_autofree char *line = g_strjoinv (" ", argv + 1);
      FILE *f = fopen (args_file, "a");

      g_assert_nonnull (f);
      fprintf (f, "%s\n", line);
      fclose (f);
    }
  if (argc != 5 || strcmp (argv[3], "--project") != 0)
    {
      g_printerr ("usage: fake-sign-in --sign-in|--keyring ALIAS --project DIR\n");
      return 2;
    }
  ws = lim_workspace_open (argv[4], &error);
  if (ws)
    tenant = lim_workspace_lookup_tenant (ws, argv[2], &error);
  if (tenant == NULL)
    {
      g_printerr ("fake-sign-in: %s\n", error->message);
      return 1;
    }

  if (strcmp (argv[1], "--keyring") == 0)
    {
      g_autoptr(LimSession) session = NULL;

      lim_tenant_keyring_lookup_session (tenant, NULL, sso_store_result, &result);
      session = lim_tenant_keyring_lookup_session_finish (sso_wait_result (&result), &error);
      g_print ("%s\n", session ? "present" : "absent");
      return 0;
    }
  if (strcmp (argv[1], "--clear") == 0)
    {
      lim_tenant_keyring_clear_session (tenant, NULL, sso_store_result, &result);
      lim_tenant_keyring_clear_session_finish (sso_wait_result (&result), NULL);
      return 0;
    }
  if (g_strcmp0 (g_getenv ("FAKE_SIGN_IN_CANCEL"), "1") == 0)
    return 1;
  {
    g_autoptr(SsoBrowser) browser = sso_browser_new (lim_tenant_get_base_url (tenant));
    g_autoptr(LimSession) session = NULL;
    char *cookie = NULL, *csrf = NULL;
    gint64 expires = 0;

    if (!sso_browser_sign_in (browser, "sso@sandbox.test", "sandbox-sso", NULL, TRUE, &cookie, &csrf, &expires,
                              &error))
      {
        g_printerr ("fake-sign-in: %s\n", error->message);
        return 1;
      }
    if (g_getenv ("FAKE_SIGN_IN_SECRETS_OUT"))
      {
        FILE *f = fopen (g_getenv ("FAKE_SIGN_IN_SECRETS_OUT"), "a");

        g_assert_nonnull (f);
        fprintf (f, "%s\n%s\n", cookie, csrf);
        fclose (f);
      }
    session = lim_session_new (cookie, csrf, expires);
    lim_tenant_secret_free (cookie);
    lim_tenant_secret_free (csrf);
    lim_tenant_keyring_store_session (tenant, session, NULL, sso_store_result, &result);
    if (!lim_tenant_keyring_store_session_finish (sso_wait_result (&result), &error))
      {
        g_printerr ("fake-sign-in: %s\n", error->message);
        return 1;
      }
  }
  return 0;
}

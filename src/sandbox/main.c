/* main.c — liminal-sandbox: run a local Benchling tenant emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "lim-sandbox.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_rate_limit (const char *spec,
                  guint      *requests,
                  guint      *seconds)
{
  g_auto(GStrv) parts = g_strsplit (spec, "/", 2);
  guint64 r, s = 30;

  if (parts[0] == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT32, &r, NULL))
    return FALSE;
  if (parts[1] && !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT32, &s, NULL))
    return FALSE;
  *requests = (guint) r;
  *seconds = (guint) s;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *base = NULL;
  int port = 0;
  int latency = 0;
  int token_lifetime = 900;
  gboolean sso = FALSE;
  gboolean sso_mfa = FALSE;
  g_autofree char *sso_user = NULL;
  g_autofree char *sso_password = NULL;
  g_autofree char *sso_mfa_code = NULL;
  int session_lifetime = 3600;
  int task_polls = 0;
  int task_delay = 0;
  gint64 journal_limit = 0;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "State file (created from the seed if missing)", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed,
      "Seed: empty (default), basic, demo, demo@REVISION, benchling:FILE (Benchling's answers), or a JSON snapshot",
      "SEED" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (0 = any free port)", "N" },
    { "rate-limit", 0, 0, G_OPTION_ARG_STRING, &rate, "Requests per window (default 60/30; 0 disables)", "N/SECONDS" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Added latency for every API response", "MS" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime, "OAuth token lifetime (default 900)", "SECONDS" },
    { "sso", 0, 0, G_OPTION_ARG_NONE, &sso,
      "Behave like an SSO tenant: sign-in goes through the identity provider served under /_idp/", NULL },
    { "sso-user", 0, 0, G_OPTION_ARG_STRING, &sso_user,
      "The identity provider's user (default " LIM_SANDBOX_DEFAULT_SSO_USER ")", "NAME" },
    { "sso-password", 0, 0, G_OPTION_ARG_STRING, &sso_password,
      "The identity provider's password (default " LIM_SANDBOX_DEFAULT_SSO_PASSWORD ")", "PASSWORD" },
    { "sso-mfa", 0, 0, G_OPTION_ARG_NONE, &sso_mfa,
      "The identity provider asks for a 6-digit code after the password", NULL },
    { "sso-mfa-code", 0, 0, G_OPTION_ARG_STRING, &sso_mfa_code,
      "The code --sso-mfa asks for (default " LIM_SANDBOX_DEFAULT_SSO_MFA_CODE ")", "CODE" },
    { "session-lifetime", 0, 0, G_OPTION_ARG_INT, &session_lifetime,
      "How long a signed-in web session is accepted (default 3600)", "SECONDS" },
    { "task-polls", 0, 0, G_OPTION_ARG_INT, &task_polls,
      "Schema update tasks answer RUNNING this many times (default 0)", "N" },
    { "task-delay", 0, 0, G_OPTION_ARG_INT, &task_delay, "Schema update tasks take at least this long (default 0)",
      "MS" },
    { "journal-limit", 0, 0, G_OPTION_ARG_INT64, &journal_limit,
      "Rewrite the state file once its journal would pass this size (default: the state file's size, at least 1 MiB)",
      "BYTES" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- local Benchling tenant emulator");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  guint rl_requests = 60, rl_seconds = 30;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("liminal-sandbox: %s\n", error->message);
      return 2;
    }
  if (state == NULL)
    {
      g_printerr ("liminal-sandbox: --state FILE is required\n");
      return 2;
    }
  if (port < 0 || port > 65535 || latency < 0 || token_lifetime <= 0 || task_polls < 0 || task_delay < 0 ||
      journal_limit < 0 || session_lifetime <= 0)
    {
      g_printerr ("liminal-sandbox: invalid --port, --latency, --token-lifetime, --task-polls, --task-delay, "
                  "--journal-limit or --session-lifetime\n");
      return 2;
    }
  if (rate && !parse_rate_limit (rate, &rl_requests, &rl_seconds))
    {
      g_printerr ("liminal-sandbox: invalid --rate-limit \"%s\" (expected N/SECONDS)\n", rate);
      return 2;
    }

  sandbox = lim_sandbox_new (state, seed, &error);
  if (sandbox == NULL)
    {
      g_printerr ("liminal-sandbox: %s\n", error->message);
      return 1;
    }
  lim_sandbox_set_rate_limit (sandbox, rl_requests, rl_seconds);
  lim_sandbox_set_latency (sandbox, NULL, (guint) latency);
  lim_sandbox_set_token_lifetime (sandbox, (guint) token_lifetime);
  lim_sandbox_set_sso_enabled (sandbox, sso);
  lim_sandbox_set_sso_credentials (sandbox, sso_user, sso_password);
  if (sso_mfa || sso_mfa_code)
    lim_sandbox_set_sso_mfa (sandbox, sso_mfa_code ? sso_mfa_code : LIM_SANDBOX_DEFAULT_SSO_MFA_CODE);
  lim_sandbox_set_session_lifetime (sandbox, (guint) session_lifetime);
  lim_sandbox_set_task_behaviour (sandbox, (guint) task_polls, (guint) task_delay);
  lim_sandbox_set_journal_limit (sandbox, (gsize) journal_limit);
  if (!lim_sandbox_start (sandbox, (guint) port, &error))
    {
      g_printerr ("liminal-sandbox: cannot listen: %s\n", error->message);
      return 1;
    }

  base = lim_sandbox_get_base_url (sandbox);
  printf ("Listening on %s\n", base);
  printf ("client id:      %s\n", LIM_SANDBOX_DEFAULT_CLIENT_ID);
  printf ("client secret:  %s\n", LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  printf ("admin e-mail:   %s\n", LIM_SANDBOX_DEFAULT_ADMIN_EMAIL);
  printf ("admin password: %s\n", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  printf ("registry id:    %s\n", lim_sandbox_get_registry_id (sandbox));
  if (sso)
    printf ("sso user:       %s\nsso password:   %s\n", sso_user ? sso_user : LIM_SANDBOX_DEFAULT_SSO_USER,
            sso_password ? sso_password : LIM_SANDBOX_DEFAULT_SSO_PASSWORD);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  lim_sandbox_stop (sandbox);
  return 0;
}

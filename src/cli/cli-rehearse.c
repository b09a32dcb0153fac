/* cli-rehearse.c — `liminal rehearse TENANT [DESCRIPTOR]` and `liminal
 * rehearse --history`: a migration on a clone of the tenant, the stairway
 * of a whole history (lim-rehearse.h).  Exit EXIT_REHEARSAL_FAILED when
 * the rehearsal found a failing revision or an inexact round trip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli-private.h"
#include "lim-rehearse.h"

static int
rehearse_history (Globals *globals,
                  gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimWorkspace) workspace = lim_workspace_open (globals->directory, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimRehearsal) r = NULL;

  if (workspace == NULL)
    return fail (error);
  if (!json)
    g_print (_("Rehearsing the history on an empty sandbox tenant: base → head, each revision down and up "
               "again, head → base → head...\n"));
  lim_rehearse_history_async (workspace, LIM_REHEARSE_FLAGS_NONE, cli_signals_cancellable (), store_result, &result);
  lim_client_wait (&result);
  r = lim_rehearse_history_finish (result, &error);
  if (r == NULL)
    return cli_signals_exit_status (fail (error));
  if (json)
    {
      g_autoptr(JsonNode) node = lim_rehearsal_to_json (r);
      print_json (node);
    }
  else
    {
      g_autofree char *text = lim_rehearsal_to_text (r);
      g_print ("%s", text);
    }
  return r->succeeded ? EXIT_OK : EXIT_REHEARSAL_FAILED;
}

int
cmd_rehearse (Globals *globals,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
  gboolean json = FALSE, history = FALSE, unpaced = FALSE;
  GOptionEntry entries[] = {
    json_option (&json),
    { "history", 0, 0, G_OPTION_ARG_NONE, &history,
      N_("Rehearse the whole history on an empty sandbox tenant instead: every revision down and up again"), NULL },
    { "unpaced", 0, 0, G_OPTION_ARG_NONE, &unpaced,
      N_("Let the clone answer as fast as it can instead of at the tenant's rate limit"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimRehearsal) r = NULL;
  const char *descriptor;

  if (!parse_options ("rehearse", "TENANT [DESCRIPTOR] | --history",
                      _("Rehearse an upgrade on a clone of the tenant (the tenant is only read), or the whole "
                        "history on an empty sandbox tenant. Exit 7 when the rehearsal fails."),
                      entries, &argc, &argv, 0, 2, &status))
    return status;
  if (history)
    {
      if (argc != 1)
        return usage_error ("rehearse ", _("--history takes no tenant"));
      return rehearse_history (globals, json);
    }
  if (argc < 2)
    return usage_error ("rehearse ", _("Missing arguments"));
  descriptor = argc > 2 ? argv[2] : "head";

  if (!open_tenant (globals, argv[1], &target, &error))
    return fail (error);
  if (!json)
    g_print (_("Rehearsing upgrade %s of %s on a clone of the tenant (the tenant is only read)...\n"), descriptor,
             lim_tenant_get_alias (target.tenant));
  lim_rehearse_tenant_async (target.workspace, target.tenant, target.client, descriptor,
                             unpaced ? LIM_REHEARSE_FLAGS_UNPACED : LIM_REHEARSE_FLAGS_NONE, "cli",
                             cli_signals_cancellable (), store_result, &result);
  lim_client_wait (&result);
  r = lim_rehearse_tenant_finish (result, &error);
  if (r == NULL)
    return cli_signals_exit_status (fail (error));
  if (json)
    {
      g_autoptr(JsonNode) node = lim_rehearsal_to_json (r);
      print_json (node);
    }
  else
    {
      g_autofree char *text = lim_rehearsal_to_text (r);

      g_print ("%s", text);
      if (r->record_id)
        /* Translators: a run id */
        g_printerr (_("Recorded as run %s.\n"), r->record_id);
    }
  return r->succeeded ? EXIT_OK : EXIT_REHEARSAL_FAILED;
}

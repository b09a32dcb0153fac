/* bench-runner.c — what a 100-operation upgrade costs a rate-limited tenant.
 *
 *   ./build/bench/bench-runner [REQUESTS/SECONDS]     (default 60/30)
 *
 * Builds a project with one 100-operation revision (a realistic mix of
 * dropdown, schema and field operations), upgrades a sandbox tenant limited
 * to 60 requests per 30 s, and prints: requests (total, floor, overhead),
 * requests per operation, 429 answers, time, and the ratio of the time to
 * requests × spacing.  BENCH_LOG=1 also lists every request of the run as
 * the sandbox logged it.
 *
 * The floor once assumed one write per operation and one poll per
 * asynchronous one.  Benchling's internal update takes a schema's whole
 * field list, so adjacent changes to one schema's fields need one write
 * and one poll between them (the revision's 20 tooltip updates, 4 per
 * schema, are 5 updates): that floor is printed too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "lim-remote.h"
#include "lim-runner.h"
#include "lim-sandbox.h"

#include "hundred-operations.h"

static void
store (GObject *source, GAsyncResult *result, gpointer data)
{
  (void) source;
  *(GAsyncResult **) data = g_object_ref (result);
}



int
main (int argc, char **argv)
{
  guint limit = 60, window = 30;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("liminal-bench-XXXXXX", &error);
  g_autoptr(GString) ops = g_string_new (NULL);
  guint polling = 0, n_ops;
  g_autoptr(LimSandbox) sandbox = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  g_autoptr(LimRunner) runner = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *result = NULL;
  const LimClientStats *stats;
  guint64 sandbox_total, rate_limited;
  gint64 start;
  double seconds, floor, spacing;

  if (argc > 1 && sscanf (argv[1], "%u/%u", &limit, &window) != 2)
    {
      fprintf (stderr, "usage: %s [REQUESTS/SECONDS]\n", argv[0]);
      return 2;
    }

  n_ops = lim_bench_hundred_operations (ops, &polling);
  lim_bench_write_revision (dir, "0000000000b0", NULL, "Initial init revision", "");
  lim_bench_write_revision (dir, "0000000000b1", "0000000000b0", "a hundred operations", ops->str);
  timeline = lim_timeline_load_dir (dir, &error);
  if (timeline == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  sandbox = lim_sandbox_new (NULL, "empty", &error);
  lim_sandbox_set_rate_limit (sandbox, 0, window);
  lim_sandbox_start (sandbox, 0, &error);
  url = lim_sandbox_get_base_url (sandbox);
  client = lim_client_new (url, "bench");
  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  runner = lim_runner_new (client, timeline, "bench", NULL, 0);

  /* Adopt the tenant at the base (not counted), then limit the tenant. */
  lim_runner_stamp_async (runner, "0000000000b0", NULL, store, &result);
  lim_client_wait (&result);
  g_assert_true (lim_runner_stamp_finish (runner, result, NULL, &error));
  g_clear_object (&result);
  g_clear_object (&runner);
  g_clear_object (&client);

  client = lim_client_new (url, "bench");
  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_client_set_rate_limit (client, limit, window);
  runner = lim_runner_new (client, timeline, "bench", NULL, 0);
  lim_sandbox_set_rate_limit (sandbox, limit, window);
  sandbox_total = lim_sandbox_get_total_requests (sandbox);
  rate_limited = lim_sandbox_get_rate_limited (sandbox);

  start = g_get_monotonic_time ();
  lim_runner_prepare_async (runner, LIM_DIRECTION_UP, "head", 0, NULL, store, &result);
  lim_client_wait (&result);
  if (lim_runner_prepare_finish (runner, result, &error) == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_clear_object (&result);
  lim_runner_run_async (runner, NULL, store, &result);
  lim_client_wait (&result);
  if (!lim_runner_run_finish (runner, result, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_clear_object (&result);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  stats = lim_client_get_stats (client);
  sandbox_total = lim_sandbox_get_total_requests (sandbox) - sandbox_total;
  rate_limited = lim_sandbox_get_rate_limited (sandbox) - rate_limited;
  /* The old floor: one write per operation, the polls Benchling's
   * asynchronous updates need, and the marker's write and poll. */
  floor = n_ops + polling + 2;
  spacing = (double) window / limit;

  printf ("operations: %u (%u of them wait for an asynchronous task)\n", n_ops, polling);
  printf ("requests: %u (sandbox saw %" G_GUINT64_FORMAT "): auth %u, reads %u, writes %u, polls %u, retries %u\n",
          stats->total, sandbox_total, stats->auth, stats->reads, stats->writes, stats->polls, stats->retries);
  printf ("floor, one write per operation: %.0f; overhead: %.0f requests = %.2f per operation\n", floor,
          stats->total - floor, (stats->total - floor) / n_ops);
  /* 15 of the 20 tooltip updates share their schema's update (4 per schema,
   * adjacent): 15 writes and 15 polls fewer. */
  printf ("floor, one update per schema for adjacent field changes: %.0f; overhead: %.0f requests = %.2f per "
          "operation (sign-in, the snapshot, the lock, the check before the marker, re-reads)\n", floor - 30,
          stats->total - (floor - 30), (stats->total - (floor - 30)) / n_ops);
  printf ("requests per operation: %.2f\n", (double) stats->total / n_ops);
  printf ("429 answers: %" G_GUINT64_FORMAT " (client saw %u)\n", rate_limited, stats->rate_limited);
  printf ("time: %.1f s; requests x spacing (%.2f s): %.1f s; ratio %.2f\n", seconds, spacing,
          stats->total * spacing, seconds / (stats->total * spacing));
  printf ("limiter waits: %u, %.1f s in all\n", stats->throttle_waits, stats->throttle_ms / 1000.0);

  if (g_getenv ("BENCH_LOG"))
    {
      g_autofree char *log = lim_sandbox_get_request_log_json (sandbox);
      g_autoptr(JsonNode) root = json_from_string (log, NULL);
      JsonArray *entries = root ? json_node_get_array (root) : NULL;
      guint n = entries ? json_array_get_length (entries) : 0;

      /* The run's requests are the last ones logged. */
      for (guint i = n > sandbox_total ? n - (guint) sandbox_total : 0; i < n; i++)
        {
          JsonObject *e = json_array_get_object_element (entries, i);
          printf ("%3u %3" G_GINT64_FORMAT " %s %s\n", i + 1, json_object_get_int_member (e, "status"),
                  json_object_get_string_member (e, "method"), json_object_get_string_member (e, "path"));
        }
    }
  lim_sandbox_stop (sandbox);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return 0;
}

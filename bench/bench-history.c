/* bench-history.c — the demo history upgraded against a rate-limited tenant.
 *
 *   LIMINAL_SOURCE_ROOT=. ./build/bench/bench-history [REQUESTS/SECONDS [TARGET]]
 *
 * Upgrades a sandbox tenant seeded at the demo history's base (versions/,
 * the first revision) to TARGET (an upgrade descriptor, default head), the
 * tenant limited to REQUESTS per SECONDS (default 10 per 5 s) and the
 * client told nothing: it learns the limit from the x-rate-limit-* headers,
 * as against Benchling.  Prints the operations, the requests, the seconds,
 * requests ÷ rate (the fastest the limit allows) and the ratio of the time
 * to it.  The claim: the ratio stays within 1.3.  BENCH_LOG=1 also lists
 * every request as the sandbox logged it.  Request counts alone:
 * `bench-history 1000/1 e6c2a8b3d914` (19 operations; 45 requests: 57
 * before adjacent field updates of one schema went out as one update,
 * re-reads read the tag schemas alone and the unit list only when used,
 * 67 before the status/lock work of issue 17; test-runner's
 * /runner/requests/plasmid-history asserts it).
 *
 * BENCH_EXTRA=SCHEMASxFIELDS (1000x40) adds that many custom-entity
 * schemas of text fields to the tenant before the run: an upgrade on a big
 * tenant, where every read of all tag schemas is tens of MB.  Prints how
 * many reads listed every tag schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "bench-tenant.h"
#include "lim-runner.h"
#include "lim-sandbox.h"

static void
store (GObject *source, GAsyncResult *result, gpointer data)
{
  (void) source;
  *(GAsyncResult **) data = g_object_ref (result);
}

int
main (int argc, char **argv)
{
  guint limit = 10, window = 5;
  const char *target = argc > 2 ? argv[2] : "head";
  const char *root = g_getenv ("LIMINAL_SOURCE_ROOT") ? g_getenv ("LIMINAL_SOURCE_ROOT") : ".";
  g_autofree char *versions = g_build_filename (root, "versions", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  g_autoptr(LimSandbox) sandbox = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimRunner) runner = NULL;
  g_autofree char *url = NULL;
  g_autofree char *seed = NULL;
  GAsyncResult *result = NULL;
  const LimPlan *plan;
  const LimClientStats *stats;
  const char *base;
  guint64 sandbox_total;
  gint64 start;
  double seconds, rate, floor_s;

  if (argc > 3 || (argc > 1 && (sscanf (argv[1], "%u/%u", &limit, &window) != 2 || limit == 0 || window == 0)))
    {
      fprintf (stderr, "usage: %s [REQUESTS/SECONDS [TARGET]]\n", argv[0]);
      return 2;
    }
  timeline = lim_timeline_load_dir (versions, &error);
  if (timeline == NULL)
    {
      fprintf (stderr, "%s (run from the source root or set LIMINAL_SOURCE_ROOT)\n", error->message);
      return 1;
    }
  base = lim_revision_get_id (lim_timeline_get_base (timeline));
  seed = g_strdup_printf ("demo@%s", base);

  sandbox = lim_sandbox_new (NULL, seed, &error);
  if (sandbox == NULL || !lim_sandbox_start (sandbox, 0, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (g_getenv ("BENCH_EXTRA"))
    {
      guint schemas = 0, fields = 0;

      if (sscanf (g_getenv ("BENCH_EXTRA"), "%ux%u", &schemas, &fields) != 2)
        {
          fprintf (stderr, "BENCH_EXTRA: SCHEMASxFIELDS, as 1000x40\n");
          return 2;
        }
      bench_seed_big_tenant (sandbox, schemas, fields, 0);
      printf ("tenant: %u extra schemas x %u fields\n", schemas, fields);
    }
  lim_sandbox_set_rate_limit (sandbox, limit, window);
  url = lim_sandbox_get_base_url (sandbox);
  client = lim_client_new (url, "bench");
  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  runner = lim_runner_new (client, timeline, "bench", NULL, 0);

  start = g_get_monotonic_time ();
  lim_runner_prepare_async (runner, LIM_DIRECTION_UP, target, 0, NULL, store, &result);
  lim_client_wait (&result);
  plan = lim_runner_prepare_finish (runner, result, &error);
  g_clear_object (&result);
  if (plan == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
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
  sandbox_total = lim_sandbox_get_total_requests (sandbox);
  rate = (double) limit / window;
  floor_s = stats->total / rate;

  printf ("history: %s → %s, %u revisions, %u operations\n", plan->from, plan->to, plan->revisions->len,
          plan->n_operations);
  printf ("rate limit: %u requests per %u s (%.2f per s), learnt from the answers\n", limit, window, rate);
  printf ("requests: %u (sandbox saw %" G_GUINT64_FORMAT "): auth %u, reads %u, writes %u, polls %u, retries %u\n",
          stats->total, sandbox_total, stats->auth, stats->reads, stats->writes, stats->polls, stats->retries);
  printf ("429 answers: %" G_GUINT64_FORMAT " (client saw %u); limiter waits: %u, %.1f s in all\n",
          lim_sandbox_get_rate_limited (sandbox), stats->rate_limited, stats->throttle_waits,
          stats->throttle_ms / 1000.0);
  printf ("seconds: %.2f; requests ÷ rate: %.1f s; ratio %.2f (claim: ≤ 1.30)\n", seconds, floor_s,
          seconds / floor_s);

  {
    g_autofree char *log = lim_sandbox_get_request_log_json (sandbox);
    g_autoptr(JsonNode) root = json_from_string (log, NULL);
    JsonArray *entries = root ? json_node_get_array (root) : NULL;
    guint all = 0;

    for (guint i = 0; entries && i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        const char *path = json_object_get_string_member (e, "path");

        if (g_strcmp0 (path, "/1/api/tag-schemas/") == 0)
          all++;
        /* BENCH_LOG=1: every request the sandbox logged, in order. */
        if (g_getenv ("BENCH_LOG"))
          printf ("%3u %3" G_GINT64_FORMAT " %s %s\n", i + 1, json_object_get_int_member (e, "status"),
                  json_object_get_string_member (e, "method"), path);
      }
    printf ("reads of every tag schema: %u\n", all);
  }
  lim_sandbox_stop (sandbox);
  return 0;
}

/* bench-status.c — reading ten tenants at once costs about one tenant's time.
 *
 *   ./build/bench/bench-status [N] [LATENCY_MS [SCHEMASxFIELDS]]   (default 10 tenants, 200 ms)
 *
 * With SCHEMASxFIELDS (1000x40), tenant0 is a big tenant of that many
 * custom-entity schemas × text fields, and liminal_remote at head;
 * BENCH_STATE_OUT=FILE also writes that tenant as a `liminal-sandbox
 * --seed` file, to time `liminal status` end to end.
 *
 * Starts N sandbox tenants that answer every request after LATENCY_MS.
 * First what one tenant's status costs, read three times from fresh clients
 * (three `liminal status` processes): requests as the sandbox logged them
 * and seconds; the first reading reads every tag schema and remembers where
 * liminal_remote is, the next ones read only that schema (lim-status.h).
 * Then, with LIMINAL_NO_CACHE=1, one tenant alone against all N
 * concurrently, and the ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "bench-tenant.h"
#include "lim-remote.h"
#include "lim-status.h"
#include "lim-sandbox.h"

static const char *
env_lookup (const char *name, gpointer data)
{
  (void) data;
  if (g_str_has_suffix (name, "_CLIENT_SECRET"))
    return LIM_SANDBOX_DEFAULT_CLIENT_SECRET;
  if (g_str_has_suffix (name, "_ADMIN_PASSWORD"))
    return LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD;
  return NULL;
}

typedef struct
{
  guint  pending;
  guint  ok;
  double slowest;
} Wait;

static void
read_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;
  g_autoptr(LimTenantStatus) status = lim_tenant_status_read_finish (result);

  (void) source;
  if (status->state == LIM_TENANT_STATE_UP_TO_DATE || status->state == LIM_TENANT_STATE_BEHIND)
    w->ok++;
  else
    fprintf (stderr, "%s: %s\n", status->alias, status->message ? status->message : "?");
  w->slowest = MAX (w->slowest, status->seconds);
  w->pending--;
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer data)
{
  (void) source;
  *(GAsyncResult **) data = g_object_ref (result);
}

/* A client for @tenant, from the sandbox's secrets (nothing is sent yet). */
static LimClient *
connect_tenant (LimTenant *tenant)
{
  const LimSecretsScope scope = { NULL, env_lookup, NULL, LIM_TENANT_RESOLVE_NO_KEYRING };
  g_autoptr(GAsyncResult) result = NULL;

  lim_remote_connect_async (tenant, &scope, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return lim_remote_connect_finish (result, NULL);
}

/* @schemas custom-entity schemas of @fields text fields, and liminal_remote
 * at @head (seeded before the sandbox starts: no HTTP, no persistence). */
static void
seed_big (LimSandbox *sandbox,
          guint       schemas,
          guint       fields,
          const char *head)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;

  bench_seed_big_tenant (sandbox, schemas, fields, 0);
  remote = g_strdup_printf ("{\"name\":\"liminal_remote\",\"prefix\":\"liminal_remote\",\"type\":\"custom_entity\","
                            "\"labelingStrategies\":[\"NEW_IDS\"],\"fields\":[{\"name\":\"%s\",\"systemName\":"
                            "\"revision_id\",\"fieldType\":\"text\",\"isRequired\":true}]}", head);
  g_free (lim_sandbox_create_entity_schema (sandbox, remote, &error));
  if (error)
    g_error ("%s", error->message);
  /* For timing `liminal status` against `liminal-sandbox --seed FILE`. */
  if (g_getenv ("BENCH_STATE_OUT"))
    {
      g_autofree char *state = lim_sandbox_get_state_json (sandbox);
      if (!g_file_set_contents (g_getenv ("BENCH_STATE_OUT"), state, -1, &error))
        g_error ("%s", error->message);
    }
}

static double
read_all (GPtrArray *tenants, guint n, LimTimeline *timeline, guint *ok)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  Wait w = { 0 };
  gint64 start;

  /* Connecting sends nothing: fresh clients, so every read signs in. */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (clients, connect_tenant (g_ptr_array_index (tenants, i)));
  start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      w.pending++;
      lim_tenant_status_read_async (g_ptr_array_index (tenants, i), g_ptr_array_index (clients, i), timeline, NULL,
                                    read_done, &w);
    }
  while (w.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  *ok = w.ok;
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10;
  guint latency = argc > 2 ? (guint) atoi (argv[2]) : 200;
  guint big_schemas = 0, big_fields = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT") ? g_getenv ("LIMINAL_SOURCE_ROOT")
                                                                                  : ".", "versions", NULL);
  g_autoptr(LimTimeline) timeline = lim_timeline_load_dir (versions, &error);
  g_autoptr(GPtrArray) sandboxes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) tenants = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  double one, all;
  guint ok_one, ok_all;

  if (timeline == NULL)
    {
      fprintf (stderr, "%s (run from the source root or set LIMINAL_SOURCE_ROOT)\n", error->message);
      return 1;
    }
  if (argc > 3 && sscanf (argv[3], "%ux%u", &big_schemas, &big_fields) != 2)
    {
      fprintf (stderr, "usage: %s [N [LATENCY_MS [SCHEMASxFIELDS]]]\n", argv[0]);
      return 2;
    }
  if (big_schemas)
    printf ("tenant0: %u schemas x %u fields and liminal_remote at %s\n", big_schemas, big_fields,
            lim_revision_get_id (lim_timeline_get_head (timeline)));
  for (guint i = 0; i < n; i++)
    {
      LimSandbox *sandbox = lim_sandbox_new (NULL, i == 0 && big_schemas ? "empty" : "demo", &error);
      g_autofree char *alias = g_strdup_printf ("tenant%u", i);
      g_autofree char *url = NULL;
      LimTenant *tenant;

      if (sandbox && i == 0 && big_schemas)
        seed_big (sandbox, big_schemas, big_fields, lim_revision_get_id (lim_timeline_get_head (timeline)));
      if (sandbox == NULL || !lim_sandbox_start (sandbox, 0, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      lim_sandbox_set_latency (sandbox, NULL, latency);
      url = lim_sandbox_get_base_url (sandbox);
      tenant = lim_tenant_new (alias, alias);
      lim_tenant_set_url_override (tenant, url);
      lim_tenant_set_client_id (tenant, LIM_SANDBOX_DEFAULT_CLIENT_ID);
      lim_tenant_set_admin_email (tenant, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL);
      g_ptr_array_add (sandboxes, sandbox);
      g_ptr_array_add (tenants, tenant);
    }

  /* What one tenant's status costs, as the sandbox counts it: the first
   * reading (nothing cached) and the next ones (each from a fresh client,
   * as a new `liminal status` process would). */
  {
    LimSandbox *sandbox = g_ptr_array_index (sandboxes, 0);
    g_autofree char *cache = g_dir_make_tmp ("liminal-bench-cache-XXXXXX", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    for (guint i = 0; i < 3; i++)
      {
        guint64 before = lim_sandbox_get_total_requests (sandbox);
        double t = read_all (tenants, 1, timeline, &ok_one);

        g_autofree char *log = lim_sandbox_get_request_log_json (sandbox);
        g_autoptr(JsonNode) root = json_from_string (log, NULL);
        JsonArray *entries = root ? json_node_get_array (root) : NULL;
        guint64 spent = lim_sandbox_get_total_requests (sandbox) - before;
        g_autoptr(GString) routes = g_string_new (NULL);

        /* The sandbox's own log: the last @spent requests it received. */
        for (guint j = entries && json_array_get_length (entries) > spent ? json_array_get_length (entries) - spent
                                                                          : 0;
             entries && j < json_array_get_length (entries); j++)
          g_string_append_printf (routes, "%s%s", routes->len ? ", " : "",
                                  json_object_get_string_member (json_array_get_object_element (entries, j), "route"));
        printf ("status read %u of tenant0: %" G_GUINT64_FORMAT " requests (sandbox log: %s), %.3f s%s\n", i + 1,
                spent, routes->str, t, i == 0 ? " (first: nothing cached)" : "");
      }
  }
  /* The concurrency comparison reads everything, every time, as before. */
  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  one = read_all (tenants, 1, timeline, &ok_one);
  all = read_all (tenants, n, timeline, &ok_all);
  printf ("latency per request: %u ms\n", latency);
  printf ("one tenant: %.2f s (%u read)\n", one, ok_one);
  printf ("%u tenants concurrently: %.2f s (%u read)\n", n, all, ok_all);
  printf ("ratio: %.2f (budget: well under 2)\n", all / one);
  for (guint i = 0; i < sandboxes->len; i++)
    lim_sandbox_stop (g_ptr_array_index (sandboxes, i));
  return ok_all == n ? 0 : 1;
}

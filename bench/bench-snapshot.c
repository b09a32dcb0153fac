/* bench-snapshot.c — what reading a big tenant costs: the HTTP exchange and
 * building the snapshot model.
 *
 *   ./build/bench/bench-snapshot [SCHEMAS] [FIELDS] [DROPDOWNS] [STATE]   (default 1000 40 300)
 *
 * With STATE, also writes the seeded sandbox state there, for
 * `liminal-sandbox --state STATE` and the CLI (`liminal diff`, see
 * bench/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-tenant.h"
#include "lim-remote.h"
#include "lim-sandbox.h"
#include "lim-snapshot-stream.h"

#define RUNS 5

static void
store (GObject *source, GAsyncResult *result, gpointer data)
{
  (void) source;
  *(GAsyncResult **) data = g_object_ref (result);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The tag-schema text to a snapshot, json-glib's parser (@stream FALSE) or
 * the streaming reader: milliseconds. */
static double
read_tags (const char *text, gsize len, JsonNode *registries, JsonNode *selectors, JsonNode *units,
           gboolean stream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) tags = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  if (stream)
    tags = lim_json_stream_parse_tag_schemas (text, len, "bench", &error);
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (json_parser_load_from_data (parser, text, (gssize) len, &error))
        tags = json_node_ref (json_parser_get_root (parser));
    }
  if (tags == NULL)
    g_error ("%s", error->message);
  model = lim_snapshot_new_from_json_full (registries, tags, selectors, units, LIM_SNAPSHOT_LOAD_CONSUME, &error);
  if (model == NULL)
    g_error ("%s", error->message);
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  return ms;
}

static JsonNode *
get (LimClient *client, LimClientRealm realm, const char *path)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  lim_client_send_async (client, realm, "GET", path, NULL, 0, NULL, store, &result);
  lim_client_wait (&result);
  node = lim_client_send_finish (client, result, NULL, &error);
  g_object_unref (result);
  if (node == NULL)
    g_error ("%s", error->message);
  return node;
}

int
main (int argc, char **argv)
{
  guint n_schemas = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  guint n_fields = argc > 2 ? (guint) atoi (argv[2]) : 40;
  guint n_dropdowns = argc > 3 ? (guint) atoi (argv[3]) : 300;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, "empty", &error);
  g_autoptr(LimClient) client = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(LimSnapshot) copy = NULL;
  gint64 t0;
  double fetch_ms, build_ms, copy_ms, dom_ms = 0, stream_ms = 0, text_mb = 0;

  lim_sandbox_set_rate_limit (sb, 0, 30);
  bench_seed_big_tenant (sb, n_schemas, n_fields, n_dropdowns);
  if (argc > 4)
    {
      g_autofree char *state = lim_sandbox_get_state_json (sb);
      if (!g_file_set_contents (argv[4], state, -1, &error))
        g_error ("%s", error->message);
    }
  lim_sandbox_start (sb, 0, &error);
  url = lim_sandbox_get_base_url (sb);
  client = lim_client_new (url, "bench");
  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_client_set_timeout (client, 120);

  /* Warm up the sign-in. */
  json_node_unref (get (client, LIM_CLIENT_REALM_PUBLIC, "/api/v2/registries"));

  t0 = g_get_monotonic_time ();
  lim_remote_fetch_async (client, LIM_FETCH_FULL, NULL, store, &result);
  lim_client_wait (&result);
  model = lim_remote_fetch_finish (client, result, &error);
  fetch_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_object_unref (result);
  if (model == NULL)
    g_error ("%s", error->message);

  /* The first copy may pay for the allocator's clean-up; keep the best. */
  copy_ms = G_MAXDOUBLE;
  for (guint i = 0; i < 5; i++)
    {
      t0 = g_get_monotonic_time ();
      g_clear_pointer (&copy, lim_snapshot_unref);
      copy = lim_snapshot_copy (model);
      copy_ms = MIN (copy_ms, (g_get_monotonic_time () - t0) / 1000.0);
    }

  {
    g_autoptr(JsonNode) registries = get (client, LIM_CLIENT_REALM_PUBLIC, "/api/v2/registries");
    g_autoptr(JsonNode) tags = get (client, LIM_CLIENT_REALM_INTERNAL, "/1/api/tag-schemas/");
    g_autofree char *sel_path = g_strdup_printf ("/1/api/schema-field-selectors/?registryId=%s",
                                                 lim_sandbox_get_registry_id (sb));
    g_autoptr(JsonNode) selectors = get (client, LIM_CLIENT_REALM_INTERNAL, sel_path);
    g_autoptr(JsonNode) units = get (client, LIM_CLIENT_REALM_PUBLIC, "/api/v2-alpha/unit-types?pageSize=100");
    g_autoptr(LimSnapshot) rebuilt = NULL;

    t0 = g_get_monotonic_time ();
    rebuilt = lim_snapshot_new_from_json (registries, tags, selectors, units, &error);
    build_ms = (g_get_monotonic_time () - t0) / 1000.0;
    if (rebuilt == NULL)
      g_error ("%s", error->message);

    /* The text to a snapshot, both readers, in alternation (paired runs). */
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      gsize len = 0;
      g_autofree char *text = NULL;
      double dom[RUNS], streamed[RUNS];

      json_generator_set_root (gen, tags);
      text = json_generator_to_data (gen, &len);
      for (guint i = 0; i < RUNS; i++)
        {
          dom[i] = read_tags (text, len, registries, selectors, units, FALSE);
          streamed[i] = read_tags (text, len, registries, selectors, units, TRUE);
        }
      qsort (dom, RUNS, sizeof (double), cmp_double);
      qsort (streamed, RUNS, sizeof (double), cmp_double);
      dom_ms = dom[RUNS / 2];
      stream_ms = streamed[RUNS / 2];
      text_mb = len / 1e6;
    }
  }

  printf ("tenant: %u schemas x %u fields, %u dropdowns\n", n_schemas, n_fields, n_dropdowns);
  printf ("full snapshot (HTTP + model): %.0f ms\n", fetch_ms);
  printf ("model from JSON alone: %.0f ms\n", build_ms);
  printf ("copy for a dry run: %.2f ms\n", copy_ms);
  printf ("tag-schema text (%.1f MB) to snapshot, median of %d paired runs: json-glib %.0f ms, "
          "streaming %.0f ms (%.2fx)\n", text_mb, RUNS, dom_ms, stream_ms, dom_ms / stream_ms);
  lim_sandbox_stop (sb);
  return 0;
}

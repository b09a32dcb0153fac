/* test-sandbox-realism.c — rate limit, faults, latency, control, persistence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-test-util.h"

static void
test_rate_limit (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) limited = NULL;
  g_autoptr(SbResp) after = NULL;
  JsonObject *err;

  lim_sandbox_set_rate_limit (fx->sandbox, 5, 1);
  sb_get_token (fx);                                        /* 1 */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/registries", NULL);   /* 2, 3 */
      sb_assert_status (r, 200);
    }
  {
    /* the internal realm counts against the same budget */
    g_autoptr(SbResp) r = sb_request (fx, "GET", "/signin", NULL, NULL, 0, NULL);  /* 4 */
    g_autoptr(SbResp) r2 = sb_request (fx, "GET", "/ext/saml/signin:begin", NULL, NULL, 0, NULL); /* 5 */
    sb_assert_status (r, 200);
    g_assert_cmpstr (sb_header (r2, "x-rate-limit-remaining"), ==, "0");
  }
  limited = sb_public (fx, "GET", "/api/v2/registries", NULL);
  sb_assert_status (limited, 429);
  err = json_object_get_object_member (sb_obj (limited), "error");
  g_assert_nonnull (json_object_get_string_member (err, "message"));
  g_assert_nonnull (json_object_get_string_member (err, "userMessage"));
  g_assert_cmpstr (sb_header (limited, "x-rate-limit-limit"), ==, "5");
  g_assert_cmpstr (sb_header (limited, "x-rate-limit-remaining"), ==, "0");
  g_assert_nonnull (sb_header (limited, "x-rate-limit-reset"));
  g_assert_nonnull (sb_header (limited, "Retry-After"));
  g_assert_cmpuint (lim_sandbox_get_rate_limited (fx->sandbox), ==, 1);
  {
    /* control endpoints are neither limited nor counted */
    g_autoptr(SbResp) st = sb_request (fx, "GET", "/_sandbox/stats", NULL, NULL, 0, NULL);
    sb_assert_status (st, 200);
    g_assert_cmpint (json_object_get_int_member (sb_obj (st), "rate_limited"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sb_obj (st), "total"), ==, 6);
  }
  sb_wait_ms (1050);
  after = sb_public (fx, "GET", "/api/v2/registries", NULL);
  sb_assert_status (after, 200);
  g_assert_cmpstr (sb_header (after, "x-rate-limit-remaining"), ==, "4");
}

static void
test_fault_status (SbFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  lim_sandbox_add_fault (fx->sandbox, "GET /api/v2/registries", 2, "status:503", &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/registries", NULL);
      sb_assert_status (r, i == 2 ? 503 : 200);
      if (i == 2)
        g_assert_nonnull (json_object_get_object_member (sb_obj (r), "error"));
    }
  g_assert_cmpuint (lim_sandbox_get_request_count (fx->sandbox, "GET /api/v2/registries"), ==, 3);
  /* invalid rules are refused */
  g_assert_false (lim_sandbox_add_fault (fx->sandbox, "GET /nope", 1, "drop", &error));
  g_clear_error (&error);
  g_assert_false (lim_sandbox_add_fault (fx->sandbox, "GET /api/v2/registries", 1, "explode", &error));
  g_clear_error (&error);
}

static void
test_fault_drop (SbFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbResp) r = NULL;
  g_autoptr(SbResp) r2 = NULL;
  g_autofree char *auth = NULL;

  sb_get_token (fx);
  auth = g_strconcat ("Bearer ", fx->token, NULL);
  lim_sandbox_add_fault (fx->sandbox, "GET /api/v2/dropdowns", 1, "drop", &error);
  g_assert_no_error (error);
  r = sb_request (fx, "GET", "/api/v2/dropdowns", NULL, NULL, SOUP_MESSAGE_NEW_CONNECTION,
                  "Authorization", auth, NULL);
  g_assert_nonnull (r->error);
  r2 = sb_public (fx, "GET", "/api/v2/dropdowns", NULL);
  sb_assert_status (r2, 200);
}

static void
test_fault_malformed (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(SbResp) ctl = sb_request (fx, "POST", "/_sandbox/faults", "application/json",
                                      "[{\"route\":\"GET /1/api/tag-schemas/\",\"nth\":1,\"action\":\"malformed\"}]", 0, NULL);

  sb_assert_status (ctl, 200);
  r = sb_internal (fx, "GET", "/1/api/tag-schemas/", NULL);
  sb_assert_status (r, 200);
  g_assert_false (json_parser_load_from_data (p, sb_body_str (r), -1, NULL));
  {
    g_autoptr(SbResp) bad = sb_request (fx, "POST", "/_sandbox/faults", "application/json",
                                        "[{\"route\":\"GET /x\",\"nth\":1,\"action\":\"drop\"}]", 0, NULL);
    sb_assert_status (bad, 400);
  }
}

static void
test_fault_stall_and_latency (SbFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 t0, t1, t2;

  sb_get_token (fx);
  lim_sandbox_add_fault (fx->sandbox, "GET /api/v2/registries", 1, "stall:300", &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/registries", NULL);
    sb_assert_status (r, 200);
  }
  t1 = g_get_monotonic_time ();
  g_assert_cmpint (t1 - t0, >=, 300 * 1000);
  lim_sandbox_set_latency (fx->sandbox, "GET /api/v2/dropdowns", 150);
  {
    g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/dropdowns", NULL);
    sb_assert_status (r, 200);
  }
  t2 = g_get_monotonic_time ();
  g_assert_cmpint (t2 - t1, >=, 150 * 1000);
}

static void
test_control (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) st = NULL;
  g_autoptr(SbResp) state = NULL;
  g_autoptr(SbResp) reset = NULL;
  g_autoptr(SbResp) st2 = NULL;
  g_autoptr(SbResp) dd = NULL;
  JsonObject *routes;

  dd = sb_public (fx, "POST", "/api/v2/dropdowns", "{\"name\":\"Temp\",\"options\":[]}");
  sb_assert_status (dd, 200);
  {
    g_autoptr(SbResp) u = sb_internal (fx, "GET", "/1/api/tag-schemas/", NULL);
    g_autoptr(SbResp) nf = sb_public (fx, "GET", "/api/v2/nothing-here", NULL);
    sb_assert_status (nf, 404);
  }
  st = sb_request (fx, "GET", "/_sandbox/stats", NULL, NULL, 0, NULL);
  sb_assert_status (st, 200);
  routes = json_object_get_object_member (sb_obj (st), "routes");
  g_assert_cmpint (json_object_get_int_member (routes, "POST /api/v2/dropdowns"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (routes, "POST /api/v2/token"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (routes, "GET /1/api/tag-schemas/"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (routes, "GET (unmatched)"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (sb_obj (st), "total"), ==, 6); /* token, dd, signin×2, tags, 404 */

  state = sb_request (fx, "GET", "/_sandbox/state", NULL, NULL, 0, NULL);
  sb_assert_status (state, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sb_obj (state), "selectors")), ==, 4);
  g_assert_nonnull (strstr (sb_body_str (state), "\"Temp\""));

  {
    g_autoptr(SbResp) log = sb_request (fx, "GET", "/_sandbox/requests", NULL, NULL, 0, NULL);
    sb_assert_status (log, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (sb_json (log))), ==, 6);
  }

  reset = sb_request (fx, "POST", "/_sandbox/reset", NULL, NULL, 0, NULL);
  sb_assert_status (reset, 200);
  st2 = sb_request (fx, "GET", "/_sandbox/stats", NULL, NULL, 0, NULL);
  g_assert_cmpint (json_object_get_int_member (sb_obj (st2), "total"), ==, 0);
  {
    g_autofree char *s = lim_sandbox_get_state_json (fx->sandbox);
    g_assert_null (strstr (s, "\"Temp\""));
  }
  {
    /* same seed → same deterministic ids */
    g_autoptr(GError) error = NULL;
    g_autoptr(LimSandbox) other = lim_sandbox_new (NULL, "basic", &error);
    g_autofree char *a = lim_sandbox_get_state_json (fx->sandbox);
    g_autofree char *b = NULL;
    g_autofree char *ida = NULL;
    g_autofree char *idb = NULL;
    const char *opts[] = { "x", NULL };
    g_assert_no_error (error);
    b = lim_sandbox_get_state_json (other);
    g_assert_cmpstr (lim_sandbox_get_registry_id (fx->sandbox), ==, lim_sandbox_get_registry_id (other));
    ida = lim_sandbox_create_dropdown (fx->sandbox, "Same", opts, &error);
    idb = lim_sandbox_create_dropdown (other, "Same", opts, &error);
    g_assert_cmpstr (ida, ==, idb);
  }
}

static void
test_persistence (SbFixture *fx, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *snap = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(SbResp) r = NULL;

  r = sb_public (fx, "POST", "/api/v2/dropdowns", "{\"name\":\"Persisted\",\"options\":[{\"name\":\"one\"}]}");
  sb_assert_status (r, 200);
  id = g_strdup (json_object_get_string_member (sb_obj (r), "id"));
  g_clear_pointer (&r, sb_resp_free);

  /* durable at once: the state file parses, and with its journal it has
   * the dropdown */
  g_file_get_contents (fx->state_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (p, contents, -1, NULL));
  g_clear_pointer (&contents, g_free);
  contents = lim_sandbox_load_state_file (fx->state_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, id));

  /* restart on the same file with another seed: the saved state wins */
  sb_fixture_stop (fx);
  sb_fixture_start (fx, fx->state_path, "empty");
  r = sb_public (fx, "GET", "/api/v2/dropdowns", NULL);
  sb_assert_status (r, 200);
  g_assert_nonnull (strstr (sb_body_str (r), id));
  g_assert_nonnull (strstr (sb_body_str (r), "Oven Type"));   /* basic seed content */
  g_clear_pointer (&r, sb_resp_free);

  /* a snapshot works as a seed */
  snap = g_build_filename (fx->tmpdir, "snapshot.json", NULL);
  {
    g_autofree char *s = lim_sandbox_get_state_json (fx->sandbox);
    g_autofree char *other = g_build_filename (fx->tmpdir, "other.json", NULL);
    g_autoptr(LimSandbox) sb2 = NULL;
    g_autofree char *s2 = NULL;

    g_file_set_contents (snap, s, -1, &error);
    g_assert_no_error (error);
    sb2 = lim_sandbox_new (other, snap, &error);
    g_assert_no_error (error);
    s2 = lim_sandbox_get_state_json (sb2);
    g_assert_nonnull (strstr (s2, id));
    g_unlink (other);
  }
  g_unlink (snap);
  {
    g_autoptr(LimSandbox) bad = lim_sandbox_new (NULL, "/nonexistent/seed.json", &error);
    g_assert_null (bad);
    g_assert_nonnull (error);
  }
}

/* The journal: writes append to it, a reset to an unchanged seed drops it
 * (the snapshot on disk is that tenant already), a restart replays it. */
static void
test_journal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("sandbox-journal-XXXXXX", &error);
  g_autofree char *state = g_build_filename (tmpdir, "state.json", NULL);
  g_autofree char *journal = g_build_filename (tmpdir, "state.json.journal", NULL);
  g_autofree char *seeded = NULL;
  g_autofree char *served = NULL;
  g_autofree char *stored = NULL;
  const char *opts[] = { "a", "b", NULL };
  LimSandbox *sb;
  char *id;

  g_assert_no_error (error);
  sb = lim_sandbox_new (state, "empty", &error);
  g_assert_no_error (error);
  seeded = lim_sandbox_get_state_json (sb);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  id = lim_sandbox_create_dropdown (sb, "Journalled", opts, &error);
  g_assert_no_error (error);
  g_free (id);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  stored = lim_sandbox_load_state_file (state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stored, "Journalled"));
  g_clear_pointer (&stored, g_free);

  /* the empty seed again: the same bytes as the snapshot on disk */
  g_assert_true (lim_sandbox_reset (sb, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  stored = lim_sandbox_load_state_file (state, &error);
  g_assert_cmpstr (stored, ==, seeded);
  g_clear_pointer (&stored, g_free);

  /* a write after the reset, then a restart without a clean exit */
  id = lim_sandbox_create_dropdown (sb, "After reset", opts, &error);
  g_assert_no_error (error);
  g_free (id);
  served = lim_sandbox_get_state_json (sb);
  stored = lim_sandbox_load_state_file (state, &error);
  g_assert_cmpstr (stored, ==, served);
  g_clear_pointer (&stored, g_free);
  {
    g_autoptr(LimSandbox) again = lim_sandbox_new (state, "empty", &error);
    g_autofree char *s = NULL;

    g_assert_no_error (error);
    s = lim_sandbox_get_state_json (again);
    g_assert_cmpstr (s, ==, served);
  }
  /* both objects exited cleanly: the state file alone holds it all */
  g_object_unref (sb);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_file_get_contents (state, &stored, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, served);
  g_unlink (state);
  g_rmdir (tmpdir);
}

/* "demo" replays the repository's versions/ history */
static void
test_demo_seed (void)
{
  static const char * const revs[] = {
    "a1f0c3d2e4b5", "b27d9e41c0a8", "c4e8a7f1b392", "d5b1f6e90c27", "e6c2a8b3d914", "f7d3b9c4e025",
    "0a8e4c5f1d36", "1b9f5d6a2e47", "2c0a6e7b3f58", "3d1b7f8c4a69", "4e2c8a9d5b70",
  };

  for (guint i = 0; i < G_N_ELEMENTS (revs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *seed = g_strdup_printf ("demo@%s", revs[i]);
      g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, seed, &error);
      g_autofree char *state = NULL;
      g_autoptr(JsonParser) p = json_parser_new ();
      JsonArray *schemas;
      gboolean found = FALSE;

      g_assert_no_error (error);
      state = lim_sandbox_get_state_json (sb);
      g_assert_true (json_parser_load_from_data (p, state, -1, NULL));
      schemas = json_object_get_array_member (json_node_get_object (json_parser_get_root (p)), "tagSchemas");
      for (guint j = 0; j < json_array_get_length (schemas); j++)
        {
          JsonObject *t = json_array_get_object_element (schemas, j);
          if (g_strcmp0 (json_object_get_string_member (t, "sqlIdentifier"), "liminal_remote") == 0)
            {
              JsonArray *f = json_object_get_array_member (t, "fields");
              g_assert_cmpuint (json_array_get_length (f), ==, 1);
              g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (f, 0), "name"), ==, revs[i]);
              found = TRUE;
            }
        }
      g_assert_true (found);
      if (i == 9)   /* 3d1b…: sourdough flag, sauce base and pizza sauce retired */
        {
          g_assert_nonnull (strstr (state, "\"name\":\"Sauce Base\",\"registryId\""));
          g_assert_nonnull (strstr (state, "\"sqlIdentifier\":\"pizza_sauce\""));
        }
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LimSandbox) head = lim_sandbox_new (NULL, "demo", &error);
    g_autoptr(LimSandbox) same = lim_sandbox_new (NULL, "demo@4e2c", &error);
    g_autoptr(LimSandbox) bad = NULL;
    g_autofree char *a = lim_sandbox_get_state_json (head);
    g_autofree char *b = lim_sandbox_get_state_json (same);
    g_autoptr(JsonParser) pa = json_parser_new ();
    g_autoptr(JsonParser) pb = json_parser_new ();

    g_assert_no_error (error);
    g_assert_nonnull (strstr (a, "\"name\":\"Pizza Topping\""));
    g_assert_nonnull (strstr (a, "\"name\":\"Oven\""));
    g_assert_nonnull (strstr (a, "Parmigiano-Reggiano"));
    bad = lim_sandbox_new (NULL, "demo@ffffffffffff", &error);
    g_assert_null (bad);
    g_assert_nonnull (error);
    /* "demo" is the head revision: same tenant, same deterministic ids */
    g_assert_true (json_parser_load_from_data (pa, a, -1, NULL));
    g_assert_true (json_parser_load_from_data (pb, b, -1, NULL));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_node_get_object (json_parser_get_root (pa)), "registry"), "id"), ==,
                     json_object_get_string_member (json_object_get_object_member (
                       json_node_get_object (json_parser_get_root (pb)), "registry"), "id"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (pa)), "tagSchemas")),
                      ==, 6);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, SbFixture, "basic", sb_fixture_setup, func, sb_fixture_teardown)
  ADD ("/sandbox/realism/rate-limit", test_rate_limit);
  ADD ("/sandbox/realism/faults/status", test_fault_status);
  ADD ("/sandbox/realism/faults/drop", test_fault_drop);
  ADD ("/sandbox/realism/faults/malformed", test_fault_malformed);
  ADD ("/sandbox/realism/faults/stall-and-latency", test_fault_stall_and_latency);
  ADD ("/sandbox/realism/control", test_control);
  ADD ("/sandbox/realism/persistence", test_persistence);
  g_test_add_func ("/sandbox/realism/journal", test_journal);
  g_test_add_func ("/sandbox/realism/demo-seed", test_demo_seed);
  return g_test_run ();
}

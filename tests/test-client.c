/* test-client.c — the Benchling client against an in-process sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-client.h"
#include "lim-sandbox.h"

typedef struct
{
  LimSandbox *sandbox;
  LimClient  *client;
  char       *base_url;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->sandbox = lim_sandbox_new (NULL, "empty", &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (fx->sandbox, 0, 30);
  g_assert_true (lim_sandbox_start (fx->sandbox, 0, &error));
  g_assert_no_error (error);
  fx->base_url = lim_sandbox_get_base_url (fx->sandbox);
  fx->client = lim_client_new (fx->base_url, "sandbox");
  lim_client_set_client_credentials (fx->client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (fx->client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_client_set_time_scale (fx->client, 0.01);
  (void) data;
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  /* Let cancelled exchanges unwind before checking for leaks. */
  for (guint i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_assert_finalize_object (fx->client);
  lim_sandbox_stop (fx->sandbox);
  g_assert_finalize_object (fx->sandbox);
  g_free (fx->base_url);
  (void) data;
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;
  (void) source;
  *out = g_object_ref (result);
}

static JsonNode *
send (Fixture *fx, LimClientRealm realm, const char *method, const char *path, const char *body, LimClientFlags flags,
      guint *status, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body_node = body ? json_from_string (body, NULL) : NULL;

  lim_client_send_async (fx->client, realm, method, path, body_node, flags, NULL, store_result, &result);
  lim_client_wait (&result);
  return lim_client_send_finish (fx->client, result, status, error);
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, LIM_SANDBOX_DEFAULT_CLIENT_SECRET));
  g_assert_null (strstr (text, "password=sandbox"));
  g_assert_null (strstr (text, "Bearer"));
  g_assert_null (strstr (text, "session="));
}

static guint64
count (Fixture *fx, const char *route)
{
  return lim_sandbox_get_request_count (fx->sandbox, route);
}

static void
test_token_and_pagination (Fixture *fx, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) all = NULL;
  guint before;

  g_assert_true (lim_sandbox_set_autosave (fx->sandbox, FALSE, NULL));
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dropdown %03u", i);
      const char *options[] = { "A", "B", NULL };
      g_autofree char *id = lim_sandbox_create_dropdown (fx->sandbox, name, options, &error);
      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  {
    g_autoptr(GAsyncResult) r0 = NULL;
    g_autoptr(JsonArray) seeded = NULL;
    (void) r0;
    (void) seeded;
  }

  before = (guint) count (fx, "GET /api/v2/dropdowns");
  lim_client_get_all_async (fx->client, "/api/v2/dropdowns", "dropdowns", NULL, store_result, &result);
  lim_client_wait (&result);
  all = lim_client_get_all_finish (fx->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (all), >=, 130);
  /* 100 per page: two pages for 130–200 dropdowns; one token. */
  g_assert_cmpuint (count (fx, "GET /api/v2/dropdowns") - before, ==, (json_array_get_length (all) + 99) / 100);
  g_assert_cmpuint (count (fx, "POST /api/v2/token"), ==, 1);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->auth, ==, 1);
  (void) data;
}

static void
test_bad_credentials (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  lim_client_set_client_credentials (fx->client, "sandbox", "wrong-secret-123");
  node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (error->message, "wrong-secret-123"));
  g_assert_nonnull (strstr (error->message, "sandbox"));
  assert_no_secret (error->message);
  (void) data;
}

static void
test_bad_password (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  lim_client_set_password_login (fx->client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, "hunter2-wrong");
  node = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (error->message, "hunter2-wrong"));
  g_assert_nonnull (strstr (error->message, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL));
  (void) data;
}

static void
test_internal_sign_in (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint status = 0;
  g_autoptr(JsonNode) node = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, &status,
                                   &error);
  g_autoptr(JsonNode) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_has_member (json_node_get_object (node), "data"));
  g_assert_cmpuint (count (fx, "GET /signin"), ==, 1);
  g_assert_cmpuint (count (fx, "POST /signin"), ==, 1);
  /* The session is reused. */
  again = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (fx, "POST /signin"), ==, 1);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->auth, ==, 2);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->reads, ==, 2);
  (void) data;
}

static void
test_sso (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(LimClient) no_password = lim_client_new (fx->base_url, "sso-tenant");

  lim_sandbox_set_sso_enabled (fx->sandbox, TRUE);
  node = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SSO);
  g_assert_nonnull (strstr (error->message, "single sign-on"));
  g_clear_error (&error);

  /* No password at all: the SSO probe decides which message to give. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    lim_client_send_async (no_password, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL,
                           store_result, &result);
    lim_client_wait (&result);
    g_assert_null (lim_client_send_finish (no_password, result, NULL, &error));
    g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SSO);
    g_clear_error (&error);
  }
  lim_sandbox_set_sso_enabled (fx->sandbox, FALSE);
  {
    g_autoptr(GAsyncResult) result = NULL;
    lim_client_send_async (no_password, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL,
                           store_result, &result);
    lim_client_wait (&result);
    g_assert_null (lim_client_send_finish (no_password, result, NULL, &error));
    g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, "single sign-on is off"));
  }
  (void) data;
}

static void
test_given_session (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) bad = lim_client_new (fx->base_url, "session-tenant");
  g_autoptr(GAsyncResult) result = NULL;

  lim_client_set_session (bad, "not-a-real-session", "not-a-token");
  lim_client_send_async (bad, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL, store_result,
                         &result);
  lim_client_wait (&result);
  g_assert_null (lim_client_send_finish (bad, result, NULL, &error));
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (error->message, "not-a-real-session"));
  g_assert_null (strstr (error->message, "not-a-token"));
  (void) data;
}

static void
test_token_refresh (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  lim_sandbox_set_token_lifetime (fx->sandbox, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
      if (i == 0)
        g_usleep (1200 * 1000);
    }
  g_assert_cmpuint (count (fx, "POST /api/v2/token"), ==, 2);
  g_assert_cmpuint (count (fx, "GET /api/v2/registries"), ==, 2);
  (void) data;
}

static void
test_read_retries (Fixture *fx, gconstpointer data)
{
  static const char *actions[] = { "status:503", "status:502", "drop", "malformed", "status:429" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      guint64 before = count (fx, "GET /api/v2/registries");

      g_assert_true (lim_sandbox_add_fault (fx->sandbox, "GET /api/v2/registries", 1, actions[i], &error));
      node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
      g_assert_cmpuint (count (fx, "GET /api/v2/registries") - before, ==, 2);
    }
  g_assert_cmpuint (lim_client_get_stats (fx->client)->retries, ==, G_N_ELEMENTS (actions));
  (void) data;
}

static void
test_write_never_blindly_resent (Fixture *fx, gconstpointer data)
{
  static const char *actions[] = { "status:503", "drop", "malformed" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Sauce %u\", \"options\": [{\"name\": \"Red\"}], "
                                               "\"registryId\": \"%s\"}",
                                               i, lim_sandbox_get_registry_id (fx->sandbox));
      guint64 before = count (fx, "POST /api/v2/dropdowns");

      g_assert_true (lim_sandbox_add_fault (fx->sandbox, "POST /api/v2/dropdowns", 1, actions[i], &error));
      node = send (fx, LIM_CLIENT_REALM_PUBLIC, "POST", "/api/v2/dropdowns", body, LIM_CLIENT_FLAGS_WRITE, NULL,
                   &error);
      g_assert_null (node);
      g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_UNCERTAIN);
      g_assert_cmpuint (count (fx, "POST /api/v2/dropdowns") - before, ==, 1);
    }
  (void) data;
}

static void
test_write_resent_after_429 (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Crust\", \"options\": [{\"name\": \"Thin\"}], "
                                           "\"registryId\": \"%s\"}", lim_sandbox_get_registry_id (fx->sandbox));

  g_assert_true (lim_sandbox_add_fault (fx->sandbox, "POST /api/v2/dropdowns", 1, "status:429", &error));
  node = send (fx, LIM_CLIENT_REALM_PUBLIC, "POST", "/api/v2/dropdowns", body, LIM_CLIENT_FLAGS_WRITE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (count (fx, "POST /api/v2/dropdowns"), ==, 2);
  (void) data;
}

static void
test_http_error_message (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = g_strdup_printf ("{\"name\": \"\", \"options\": [], \"registryId\": \"%s\"}",
                                           lim_sandbox_get_registry_id (fx->sandbox));

  node = send (fx, LIM_CLIENT_REALM_PUBLIC, "POST", "/api/v2/dropdowns", body, LIM_CLIENT_FLAGS_WRITE, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_assert_nonnull (strstr (error->message, "POST /api/v2/dropdowns"));
  g_clear_error (&error);

  node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/dropdowns/sfs_doesnotexist", NULL, 0, NULL, &error);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_NOT_FOUND);
  (void) data;
}

static char *
create_schema (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  char *id = lim_sandbox_create_entity_schema (fx->sandbox,
                                               "{\"name\": \"Pizza\", \"prefix\": \"PZ\", \"type\": \"custom_entity\","
                                               " \"labelingStrategies\": [\"NEW_IDS\"], \"fields\": ["
                                               "{\"name\": \"Dough\", \"systemName\": \"dough\", \"fieldType\": \"text\","
                                               " \"isMulti\": false, \"isRequired\": false, \"isParentLink\": false}]}",
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static JsonNode *
update_and_poll (Fixture *fx, const char *schema_id, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/update", schema_id);
  g_autoptr(JsonNode) answer = send (fx, LIM_CLIENT_REALM_INTERNAL, "POST", path, "{\"name\": \"Pizza Pie\"}",
                                     LIM_CLIENT_FLAGS_WRITE, NULL, error);
  g_autoptr(GAsyncResult) result = NULL;
  const char *status_url;

  if (answer == NULL)
    return NULL;
  status_url = json_object_get_string_member (json_node_get_object (answer), "status_url");
  g_assert_nonnull (status_url);
  lim_client_poll_async (fx->client, status_url, NULL, store_result, &result);
  lim_client_wait (&result);
  return lim_client_poll_finish (fx->client, result, error);
}

static void
test_poll (Fixture *fx, gconstpointer data)
{
  g_autofree char *id = create_schema (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) failed = NULL;
  guint64 polls_before;

  lim_sandbox_set_task_behaviour (fx->sandbox, 2, 0);
  polls_before = lim_client_get_stats (fx->client)->polls;
  done = update_and_poll (fx, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (done), "status"), ==, "SUCCESS");
  g_assert_cmpuint (lim_client_get_stats (fx->client)->polls - polls_before, ==, 3);

  g_assert_true (lim_sandbox_add_fault (fx->sandbox, "POST /1/api/tag-schemas/{id}/actions/update", 1,
                                        "task-failed", &error));
  failed = update_and_poll (fx, id, &error);
  g_assert_null (failed);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TASK_FAILED);
  (void) data;
}

static void
test_poll_patience (Fixture *fx, gconstpointer data)
{
  g_autofree char *id = create_schema (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  lim_sandbox_set_task_behaviour (fx->sandbox, 1000, 0);
  lim_client_set_poll_patience (fx->client, 1);
  lim_client_set_time_scale (fx->client, 1.0);
  node = update_and_poll (fx, id, &error);
  g_assert_null (node);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TIMEOUT);
  (void) data;
}

static void
cancel_soon (GCancellable *cancellable)
{
  g_timeout_add_once (150, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;

  g_assert_true (lim_sandbox_add_fault (fx->sandbox, "GET /api/v2/registries", 1, "stall:1500", &error));
  start = g_get_monotonic_time ();
  cancel_soon (cancellable);
  lim_client_send_async (fx->client, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, cancellable,
                         store_result, &result);
  lim_client_wait (&result);
  g_assert_null (lim_client_send_finish (fx->client, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  /* Let the sandbox finish its stalled answer. */
  while (g_get_monotonic_time () - start < 1700 * 1000)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  (void) data;
}

static void
test_rate_limit_pacing (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n = 14;

  /* 5 requests per 1 s window; the client learns the limit from the first
   * answer and spaces the rest instead of collecting 429s. */
  lim_sandbox_set_rate_limit (fx->sandbox, 5, 1);
  lim_client_set_rate_limit (fx->client, 5, 1);
  lim_client_set_time_scale (fx->client, 1.0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL,
                                       &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
  g_test_message ("rate limited answers: %" G_GUINT64_FORMAT ", limiter waits: %u (%" G_GINT64_FORMAT " ms)",
                  lim_sandbox_get_rate_limited (fx->sandbox), lim_client_get_stats (fx->client)->throttle_waits,
                  lim_client_get_stats (fx->client)->throttle_ms);
  g_assert_cmpuint (lim_sandbox_get_rate_limited (fx->sandbox), ==, 0);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->throttle_waits, >, 0);
  (void) data;
}

/* The limit a client paces itself by: the default, then the tenant's own
 * (learned from its x-rate-limit-* headers); rehearsals report it. */
static void
test_rate_limit_learned_getter (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) fresh = lim_client_new (lim_client_get_base_url (fx->client), "fresh");
  g_autoptr(JsonNode) node = NULL;
  guint requests = 0, window = 0;

  lim_client_set_client_credentials (fresh, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_get_rate_limit (fresh, &requests, &window);
  g_assert_cmpuint (requests, ==, 60);
  g_assert_cmpuint (window, ==, 30);
  lim_sandbox_set_rate_limit (fx->sandbox, 40, 20);
  node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    GAsyncResult *result = NULL;
    g_autoptr(JsonNode) answer = NULL;

    lim_client_send_async (fresh, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL,
                           store_result, &result);
    lim_client_wait (&result);
    answer = lim_client_send_finish (fresh, result, NULL, &error);
    g_object_unref (result);
    g_assert_no_error (error);
  }
  lim_client_get_rate_limit (fresh, &requests, &window);
  g_assert_cmpuint (requests, ==, 40);
  g_assert_cmpuint (window, ==, 20);
  (void) data;
}

/* ---- README claims (README.md, "Where we deliberately differ") ---- */

static void
on_poll_progress (LimClient *client, const char *url, double elapsed, const char *status, gpointer user_data)
{
  (void) client;
  (void) url;
  (void) status;
  *(double *) user_data = elapsed;
}

static void
test_readme_poll_patience_default (Fixture *fx, gconstpointer data)
{
  /* README: "Status polls wait up to 120 s for Benchling's asynchronous
   * updates".  The patience is left at its default (no
   * lim_client_set_poll_patience); the task never finishes; the client runs
   * at time scale 0.01 (lim-client.h: every wait is scaled), so 120 s of
   * client time are 1.2 s here.  It must give up with TIMEOUT after at
   * least 120 s and before 300 s of scaled time (the last poll interval
   * is at most 2 s).  A guard cancels after 10 s real (1000 s scaled). */
  const double scale = 0.01;
  g_autofree char *id = create_schema (fx);
  g_autofree char *path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/update", id);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) guard = g_cancellable_new ();
  double last_progress = -1;
  gint64 start;
  double scaled;
  guint timer;
  gulong handler;

  lim_sandbox_set_task_behaviour (fx->sandbox, G_MAXUINT, 0);
  lim_client_set_time_scale (fx->client, scale);
  answer = send (fx, LIM_CLIENT_REALM_INTERNAL, "POST", path, "{\"name\": \"Pizza Pie\"}", LIM_CLIENT_FLAGS_WRITE,
                 NULL, &error);
  g_assert_no_error (error);
  handler = g_signal_connect (fx->client, "poll-progress", G_CALLBACK (on_poll_progress), &last_progress);
  timer = g_timeout_add_once (10000, (GSourceOnceFunc) g_cancellable_cancel, guard);
  start = g_get_monotonic_time ();
  lim_client_poll_async (fx->client,
                         json_object_get_string_member (json_node_get_object (answer), "status_url"),
                         guard, store_result, &result);
  lim_client_wait (&result);
  done = lim_client_poll_finish (fx->client, result, &error);
  scaled = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC / scale;
  if (!g_cancellable_is_cancelled (guard))
    g_source_remove (timer);
  g_signal_handler_disconnect (fx->client, handler);
  g_test_message ("gave up after %.1f s of scaled time (%.2f s real; last poll-progress elapsed %.2f s)%s%s",
                  scaled, scaled * scale, last_progress, error ? ": " : "", error ? error->message : "");
  g_assert_null (done);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpfloat (scaled, >=, 120.0);
  g_assert_cmpfloat (scaled, <, 300.0);
  (void) data;
}

static void
test_readme_rate_limit_learned (Fixture *fx, gconstpointer data)
{
  /* README: "a client-side limiter fed by Benchling's x-rate-limit-*
   * headers slows down instead of collecting 429s".  The tenant allows 5
   * requests per 2 s; the client is told nothing (no
   * lim_client_set_rate_limit: it assumes 60 per 30 s until the headers say
   * otherwise).  Sequential requests, well over the limit: not one 429 in
   * the sandbox's own log, and the client did wait. */
  const guint limit = 5, n = 8;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_json = NULL;
  g_autoptr(JsonNode) log = NULL;
  guint logged_429 = 0, logged = 0;
  gint64 start = g_get_monotonic_time ();

  lim_sandbox_set_rate_limit (fx->sandbox, limit, 2);
  lim_client_set_time_scale (fx->client, 1.0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL,
                                       &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
  log_json = lim_sandbox_get_request_log_json (fx->sandbox);
  log = json_from_string (log_json, NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (log)); i++)
    {
      JsonObject *e = json_array_get_object_element (json_node_get_array (log), i);
      logged++;
      if (json_object_get_int_member (e, "status") == 429)
        logged_429++;
    }
  g_test_message ("%u requests (limit %u per 2 s) in %.1f s; 429 answers: %u; limiter waits: %u (%" G_GINT64_FORMAT " ms)",
                  logged, limit, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, logged_429,
                  lim_client_get_stats (fx->client)->throttle_waits, lim_client_get_stats (fx->client)->throttle_ms);
  /* The token request and the reads: more than one window's worth. */
  g_assert_cmpuint (logged, ==, n + 1);
  g_assert_cmpuint (logged, >, limit);
  g_assert_cmpuint (logged_429, ==, 0);
  g_assert_cmpuint (lim_sandbox_get_rate_limited (fx->sandbox), ==, 0);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->rate_limited, ==, 0);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->throttle_waits, >, 0);
  (void) data;
}

/* ---- sign-in under faults ---- */

static gboolean
sign_in (Fixture *fx, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lim_client_sign_in_async (fx->client, NULL, store_result, &result);
  lim_client_wait (&result);
  return lim_client_sign_in_finish (fx->client, result, error);
}

static void
add_faults (Fixture *fx, const char *route, const char * const *actions)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; actions[i]; i++)
    {
      g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, i + 1, actions[i], &error));
      g_assert_no_error (error);
    }
}

/* The sandbox's request log, oldest first. */
static JsonArray *
request_log (Fixture *fx)
{
  g_autofree char *text = lim_sandbox_get_request_log_json (fx->sandbox);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_array_ref (json_node_get_array (node));
}

static guint
logged_with_status (JsonArray *log, const char *route, gint64 status)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *e = json_array_get_object_element (log, i);
      if (g_strcmp0 (json_object_get_string_member (e, "route"), route) == 0 &&
          json_object_get_int_member (e, "status") == status)
        n++;
    }
  return n;
}

static void
test_sign_in_retries (Fixture *fx, gconstpointer data)
{
  /* Every sign-in exchange meets a 429, a dropped connection and (for the
   * two POSTs) a 503 before it goes through: sign-in still succeeds. */
  static const char * const token_faults[] = { "status:429", "drop", "status:503", NULL };
  static const char * const page_faults[] = { "status:429", "drop", NULL };
  static const char * const form_faults[] = { "status:429", "drop", "status:503", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) log = NULL;
  g_autoptr(JsonNode) node = NULL;

  add_faults (fx, "POST /api/v2/token", token_faults);
  add_faults (fx, "GET /signin", page_faults);
  add_faults (fx, "POST /signin", form_faults);
  g_assert_true (sign_in (fx, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count (fx, "POST /api/v2/token"), ==, 4);
  g_assert_cmpuint (count (fx, "GET /signin"), ==, 3);
  g_assert_cmpuint (count (fx, "POST /signin"), ==, 4);
  log = request_log (fx);
  g_assert_cmpuint (logged_with_status (log, "POST /api/v2/token", 429), ==, 1);
  g_assert_cmpuint (logged_with_status (log, "POST /api/v2/token", 200), ==, 1);
  g_assert_cmpuint (logged_with_status (log, "GET /signin", 429), ==, 1);
  g_assert_cmpuint (logged_with_status (log, "GET /signin", 200), ==, 1);
  g_assert_cmpuint (logged_with_status (log, "POST /signin", 429), ==, 1);
  g_assert_cmpuint (logged_with_status (log, "POST /signin", 503), ==, 1);
  /* libsoup may re-send the dropped GET by itself: it counts in the total. */
  g_assert_cmpuint (lim_client_get_stats (fx->client)->total, ==, 11);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->retries, ==, 8);
  g_assert_cmpuint (lim_client_get_stats (fx->client)->rate_limited, ==, 3);

  /* Both realms work with what the retried sign-in got. */
  node = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = send (fx, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (fx, "POST /api/v2/token"), ==, 4);
  g_assert_cmpuint (count (fx, "POST /signin"), ==, 4);
  (void) data;
}

static void
test_sign_in_rate_limited (Fixture *fx, gconstpointer data)
{
  /* A 429 that outlasts the retries is a rate limit, not a bad password or
   * bad client credentials. */
  static const char * const always_429[] = { "status:429", "status:429", "status:429", NULL };
  struct
  {
    const char *route;
    const char *other;   /* the route signed in before it, unfaulted */
  } cases[] = {
    { "POST /signin", "GET /signin" },
    { "GET /signin", NULL },
    { "POST /api/v2/token", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LimClient) client = lim_client_new (fx->base_url, "rate-tenant");
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      guint64 before = count (fx, cases[i].route);

      lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
      lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, "sandbox-pw-429");
      lim_client_set_time_scale (client, 0.01);
      lim_client_set_max_retries (client, 2);
      add_faults (fx, cases[i].route, always_429);
      lim_client_sign_in_async (client, NULL, store_result, &result);
      lim_client_wait (&result);
      g_assert_false (lim_client_sign_in_finish (client, result, &error));
      g_test_message ("%s: %s", cases[i].route, error->message);
      g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_RATE_LIMITED);
      g_assert_nonnull (strstr (error->message, "rate limiting"));
      g_assert_nonnull (strstr (error->message, "Wait "));
      g_assert_null (strstr (error->message, "password"));
      g_assert_null (strstr (error->message, "correct"));
      g_assert_null (strstr (error->message, "credentials"));
      g_assert_null (strstr (error->message, "sandbox-pw-429"));
      assert_no_secret (error->message);
      /* One attempt and two retries. */
      g_assert_cmpuint (count (fx, cases[i].route) - before, ==, 3);
      lim_sandbox_clear_faults (fx->sandbox);
    }
  (void) data;
}

static void
test_sign_in_retry_after (Fixture *fx, gconstpointer data)
{
  /* The tenant's window is 1 s, so x-rate-limit-reset says at most 1 s;
   * its 429 asks for 20 s with Retry-After.  At time scale 0.05 the client
   * must stay away for 20 × 0.05 = 1 s real: the sandbox's own clock shows
   * the gap between the 429 and the next attempt. */
  const double scale = 0.05, retry_after_s = 20;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) log = NULL;
  g_autoptr(GDateTime) rejected = NULL;
  g_autoptr(GDateTime) retried = NULL;
  double gap_s;

  lim_sandbox_set_rate_limit (fx->sandbox, 1000, 1);
  lim_client_set_time_scale (fx->client, scale);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, "GET /signin", 1, "retry-after:20", &error));
  g_assert_true (sign_in (fx, &error));
  g_assert_no_error (error);

  log = request_log (fx);
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *e = json_array_get_object_element (log, i);
      const char *time = json_object_get_string_member (e, "time");

      if (g_strcmp0 (json_object_get_string_member (e, "route"), "GET /signin") != 0)
        continue;
      if (json_object_get_int_member (e, "status") == 429 && rejected == NULL)
        rejected = g_date_time_new_from_iso8601 (time, NULL);
      else if (rejected != NULL && retried == NULL)
        retried = g_date_time_new_from_iso8601 (time, NULL);
    }
  g_assert_nonnull (rejected);
  g_assert_nonnull (retried);
  gap_s = g_date_time_difference (retried, rejected) / (double) G_USEC_PER_SEC;
  g_test_message ("Retry-After %.0f s at scale %.2f: the next attempt came %.2f s later", retry_after_s, scale,
                  gap_s);
  g_assert_cmpfloat (gap_s, >=, retry_after_s * scale);
  g_assert_cmpfloat (gap_s, <, retry_after_s * scale * 5);
  g_assert_cmpuint (count (fx, "GET /signin"), ==, 2);
  (void) data;
}

/* A read flagged BIG goes through the streaming reader: the same tree, the
 * same retry on a malformed answer, and at last an error that names the
 * tenant, the request and the byte. */
static void
test_big_answer (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) big = NULL;
  g_autoptr(JsonNode) retried = NULL;
  g_autoptr(JsonNode) failed = NULL;
  const char *path = "/1/api/tag-schemas/";
  const char *route = "GET /1/api/tag-schemas/";
  guint64 before;

  plain = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  big = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (plain, big));

  before = count (fx, route);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 1, "malformed", &error));
  retried = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (plain, retried));
  g_assert_cmpuint (count (fx, route) - before, ==, 2);

  /* Other faults, as for any read: a dropped connection is retried, a 500
   * is not and its message is kept. */
  before = count (fx, route);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 1, "drop", &error));
  {
    g_autoptr(JsonNode) again = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG, NULL,
                                      &error);
    g_assert_no_error (error);
    g_assert_true (json_node_equal (plain, again));
  }
  g_assert_cmpuint (count (fx, route) - before, ==, 2);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 1, "status:500", &error));
  {
    g_autoptr(JsonNode) none = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG, NULL,
                                     &error);
    g_assert_null (none);
    g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP);
    g_assert_nonnull (strstr (error->message, "HTTP 500"));
    g_clear_error (&error);
  }

  lim_client_set_max_retries (fx->client, 1);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 1, "malformed", &error));
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 2, "malformed", &error));
  failed = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "Benchling tenant sandbox, GET /1/api/tag-schemas/: malformed JSON at byte "));
  (void) data;
}

/* A long answer read whole (not streamed) is parsed by a worker thread:
 * the same JSON as the streaming reader's, the same retry on a malformed
 * answer, and the same error when the retries run out. */
static void
test_long_answer (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) big = NULL;
  g_autoptr(JsonNode) retried = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autofree char *text = NULL;
  const char *path = "/1/api/tag-schemas/";
  const char *route = "GET /1/api/tag-schemas/";
  guint64 before;

  g_assert_true (lim_sandbox_set_autosave (fx->sandbox, FALSE, &error));
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *id = NULL;

      g_string_append_printf (body, "{\"name\":\"Long %u\",\"prefix\":\"LG%uX\",\"type\":\"custom_entity\","
                              "\"labelingStrategies\":[\"NEW_IDS\"],\"fields\":[", i, i);
      for (guint j = 0; j < 8; j++)
        g_string_append_printf (body, "%s{\"name\":\"Field %u\",\"systemName\":\"field_%u\",\"fieldType\":\"text\"}",
                                j ? "," : "", j, j);
      g_string_append (body, "]}");
      id = lim_sandbox_create_entity_schema (fx->sandbox, body->str, &error);
      g_assert_no_error (error);
    }
  g_assert_true (lim_sandbox_set_autosave (fx->sandbox, TRUE, &error));

  plain = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  text = json_to_string (plain, FALSE);
  g_test_message ("answer: %zu bytes", strlen (text));
  g_assert_cmpuint (strlen (text), >, 256 * 1024);   /* over the client's threshold */
  big = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (plain, big));

  before = count (fx, route);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 1, "malformed", &error));
  retried = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (plain, retried));
  g_assert_cmpuint (count (fx, route) - before, ==, 2);

  lim_client_set_max_retries (fx->client, 1);
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 1, "malformed", &error));
  g_assert_true (lim_sandbox_add_fault (fx->sandbox, route, 2, "malformed", &error));
  failed = send (fx, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, 0, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "Benchling tenant sandbox answered GET /1/api/tag-schemas/ with something "
                                            "that is not JSON"));
  (void) data;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/client/token-and-pagination", test_token_and_pagination);
  ADD ("/client/bad-credentials", test_bad_credentials);
  ADD ("/client/bad-password", test_bad_password);
  ADD ("/client/internal-sign-in", test_internal_sign_in);
  ADD ("/client/sso", test_sso);
  ADD ("/client/given-session", test_given_session);
  ADD ("/client/token-refresh", test_token_refresh);
  ADD ("/client/read-retries", test_read_retries);
  ADD ("/client/write-never-blindly-resent", test_write_never_blindly_resent);
  ADD ("/client/write-resent-after-429", test_write_resent_after_429);
  ADD ("/client/http-error-message", test_http_error_message);
  ADD ("/client/poll", test_poll);
  ADD ("/client/poll-patience", test_poll_patience);
  ADD ("/client/cancel", test_cancel);
  ADD ("/client/rate-limit-pacing", test_rate_limit_pacing);
  ADD ("/client/rate-limit-learned-getter", test_rate_limit_learned_getter);
  ADD ("/client/readme/rate-limit-learned", test_readme_rate_limit_learned);
  ADD ("/client/readme/poll-patience-default", test_readme_poll_patience_default);
  ADD ("/client/sign-in-retries", test_sign_in_retries);
  ADD ("/client/sign-in-rate-limited", test_sign_in_rate_limited);
  ADD ("/client/sign-in-retry-after", test_sign_in_retry_after);
  ADD ("/client/big-answer", test_big_answer);
  ADD ("/client/long-answer", test_long_answer);
#undef ADD

  return g_test_run ();
}

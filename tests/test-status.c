/* test-status.c — a tenant's status through the cached liminal_remote
 * shortcut (Benchling's public GET /api/v2/entity-schemas/{id}) gives what
 * Liminal's way (every tag schema, the registry's liminal_remote, its one
 * active revision_id field) gives, costs at most two requests after the
 * first reading, and reads everything again when the schema is gone or no
 * longer provably the marker.
 *
 * Each reading uses a fresh client, as a new `liminal status` process
 * would; request counts are the sandbox's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lim-lock.h"
#include "lim-marker.h"
#include "lim-remote.h"
#include "lim-sandbox.h"
#include "lim-status.h"

#define ROUTE_ALL_TAG_SCHEMAS "GET /1/api/tag-schemas/"
#define ROUTE_ONE_SCHEMA      "GET /api/v2/entity-schemas/{id}"

typedef struct
{
  LimSandbox  *sandbox;
  LimTenant   *tenant;
  LimTimeline *timeline;
} Tenant;

static const char *
env_lookup (const char *name,
            gpointer    data)
{
  (void) data;
  if (g_str_has_suffix (name, "_CLIENT_SECRET"))
    return LIM_SANDBOX_DEFAULT_CLIENT_SECRET;
  if (g_str_has_suffix (name, "_ADMIN_PASSWORD"))
    return LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD;
  return NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  (void) source;
  *(GAsyncResult **) data = g_object_ref (result);
}

/* A new user: nothing cached. */
static void
forget_cache (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "liminal", "markers.ini", NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
tenant_open (Tenant     *t,
             const char *seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT"), "versions", NULL);
  g_autofree char *url = NULL;

  forget_cache ();
  t->timeline = lim_timeline_load_dir (versions, &error);
  g_assert_no_error (error);
  t->sandbox = lim_sandbox_new (NULL, seed, &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (t->sandbox, 0, 30);
  g_assert_true (lim_sandbox_start (t->sandbox, 0, &error));
  url = lim_sandbox_get_base_url (t->sandbox);
  t->tenant = lim_tenant_new ("dev", "pizza-dev");
  lim_tenant_set_url_override (t->tenant, url);
  lim_tenant_set_client_id (t->tenant, LIM_SANDBOX_DEFAULT_CLIENT_ID);
  lim_tenant_set_admin_email (t->tenant, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL);
}

static void
tenant_close (Tenant *t)
{
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  lim_sandbox_stop (t->sandbox);
  g_assert_finalize_object (t->sandbox);
  lim_tenant_unref (t->tenant);
  lim_timeline_unref (t->timeline);
}

/* A client with the sandbox's secrets; nothing is sent yet. */
static LimClient *
connect_client (Tenant *t)
{
  const LimSecretsScope scope = { NULL, env_lookup, NULL, LIM_TENANT_RESOLVE_NO_KEYRING };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LimClient *client;

  lim_remote_connect_async (t->tenant, &scope, NULL, store_result, &result);
  lim_client_wait (&result);
  client = lim_remote_connect_finish (result, &error);
  g_assert_no_error (error);
  lim_client_set_time_scale (client, 0.01);
  return client;
}

typedef struct
{
  guint64 total;
  guint64 all_tag_schemas;
  guint64 one_schema;
} Counts;

static void
counts_take (Tenant *t,
             Counts *c)
{
  c->total = lim_sandbox_get_total_requests (t->sandbox);
  c->all_tag_schemas = lim_sandbox_get_request_count (t->sandbox, ROUTE_ALL_TAG_SCHEMAS);
  c->one_schema = lim_sandbox_get_request_count (t->sandbox, ROUTE_ONE_SCHEMA);
}

/* One status reading from a fresh client; @spent: what it cost the sandbox. */
static LimTenantStatus *
read_status (Tenant  *t,
             Counts  *spent)
{
  g_autoptr(LimClient) client = connect_client (t);
  g_autoptr(GAsyncResult) result = NULL;
  Counts before, after;
  LimTenantStatus *status;

  counts_take (t, &before);
  lim_tenant_status_read_async (t->tenant, client, t->timeline, NULL, store_result, &result);
  lim_client_wait (&result);
  status = lim_tenant_status_read_finish (result);
  counts_take (t, &after);
  spent->total = after.total - before.total;
  spent->all_tag_schemas = after.all_tag_schemas - before.all_tag_schemas;
  spent->one_schema = after.one_schema - before.one_schema;
  g_assert_cmpuint (status->requests, ==, spent->total);
  return status;
}

/* Liminal's way: every tag schema, nothing cached, nothing remembered. */
static LimTenantStatus *
read_liminal_way (Tenant *t)
{
  Counts spent;
  LimTenantStatus *status;

  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  status = read_status (t, &spent);
  g_unsetenv ("LIMINAL_NO_CACHE");
  g_assert_cmpuint (spent.all_tag_schemas, ==, 1);
  g_assert_cmpuint (spent.one_schema, ==, 0);
  return status;
}

static char *
lock_text (const LimTenantStatus *status)
{
  return status->lock ? lim_lock_format (status->lock) : g_strdup ("(free)");
}

/* The shortcut's answer is Liminal's. */
static void
assert_same (const LimTenantStatus *a,
             const LimTenantStatus *b)
{
  g_autofree char *lock_a = lock_text (a);
  g_autofree char *lock_b = lock_text (b);

  g_assert_cmpstr (lim_tenant_state_to_string (a->state), ==, lim_tenant_state_to_string (b->state));
  g_assert_cmpstr (a->revision, ==, b->revision);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpint (a->behind, ==, b->behind);
  g_assert_cmpstr (lock_a, ==, lock_b);
}

/* Reads through the shortcut (asserted: ≤ 2 requests, no tag-schema list)
 * and compares with Liminal's way. */
static void
assert_shortcut_agrees (Tenant *t)
{
  g_autoptr(LimTenantStatus) liminal = read_liminal_way (t);
  g_autoptr(LimTenantStatus) status = NULL;
  Counts spent;

  status = read_status (t, &spent);
  g_test_message ("%s at %s: %" G_GUINT64_FORMAT " requests", status->alias,
                  status->revision ? status->revision : "-", spent.total);
  g_assert_cmpuint (spent.all_tag_schemas, ==, 0);
  g_assert_cmpuint (spent.one_schema, ==, 1);
  g_assert_cmpuint (spent.total, <=, 2);
  g_assert_null (status->model);
  assert_same (status, liminal);
}

/* Reads, expecting a fallback to every tag schema, and compares. */
static void
assert_falls_back (Tenant *t)
{
  g_autoptr(LimTenantStatus) liminal = read_liminal_way (t);
  g_autoptr(LimTenantStatus) status = NULL;
  Counts spent;

  status = read_status (t, &spent);
  g_test_message ("fallback: %s (%s)", lim_tenant_state_to_string (status->state),
                  status->message ? status->message : "");
  /* The shortcut's try, and (with an active marker found) the new one
   * remembered. */
  g_assert_cmpuint (spent.one_schema, >=, 1);
  g_assert_cmpuint (spent.one_schema, <=, 2);
  g_assert_cmpuint (spent.all_tag_schemas, ==, 1);
  assert_same (status, liminal);
}

/* The first reading: everything, then the one schema, remembered. */
static void
first_reading (Tenant *t)
{
  g_autoptr(LimTenantStatus) liminal = read_liminal_way (t);
  g_autoptr(LimTenantStatus) status = NULL;
  Counts spent;

  status = read_status (t, &spent);
  g_assert_cmpuint (spent.all_tag_schemas, ==, 1);
  g_assert_cmpuint (spent.one_schema, ==, 1);
  assert_same (status, liminal);
}

/* Sends @op's requests (built on a fresh snapshot) through a fresh client. */
static void
apply_op (Tenant       *t,
          LimOperation *op,
          LimApplyFlags flags)
{
  g_autoptr(LimClient) client = connect_client (t);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  lim_remote_fetch_async (client, LIM_FETCH_FULL, NULL, store_result, &result);
  lim_client_wait (&result);
  snapshot = lim_remote_fetch_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  requests = lim_apply_build_requests (op, snapshot, flags, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr(JsonNode) answer = NULL;

      lim_remote_execute_async (client, g_ptr_array_index (requests, i), NULL, store_result, &result);
      lim_client_wait (&result);
      answer = lim_remote_execute_finish (client, result, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }
}

/* Moves the marker to @revision, as `stamp` would. */
static void
move_marker (Tenant     *t,
             const char *revision)
{
  g_autoptr(LimClient) client = connect_client (t);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  lim_remote_fetch_async (client, LIM_FETCH_MARKER_ONLY, NULL, store_result, &result);
  lim_client_wait (&result);
  snapshot = lim_remote_fetch_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  requests = lim_marker_build_requests (snapshot, revision, LIM_APPLY_FLAGS_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr(JsonNode) answer = NULL;

      lim_remote_execute_async (client, g_ptr_array_index (requests, i), NULL, store_result, &result);
      lim_client_wait (&result);
      answer = lim_remote_execute_finish (client, result, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }
}

static void
write_lock (Tenant     *t,
            const char *text)
{
  g_autoptr(LimClient) client = connect_client (t);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lim_lock_write_async (client, text, NULL, store_result, &result);
  lim_client_wait (&result);
  g_assert_true (lim_lock_write_finish (result, &error));
  g_assert_no_error (error);
}

/* Several tenants and markers: the shortcut answers as Liminal does,
 * while the marker and the lock move under it. */
static void
test_same_marker (void)
{
  static const char *const seeds[] = { "demo", "demo@b27d9e41c0a8", "demo@d5b1f6e90c27", NULL };

  for (guint i = 0; seeds[i]; i++)
    {
      Tenant t = { NULL };
      g_autoptr(LimLock) mine = lim_lock_new_mine (LIM_LOCK_LEASE_SECONDS);
      g_autofree char *record = NULL;

      tenant_open (&t, seeds[i]);
      first_reading (&t);
      assert_shortcut_agrees (&t);
      assert_shortcut_agrees (&t);

      /* A lock taken (the lock field is created), then released. */
      mine->action = g_strdup ("upgrade");
      record = lim_lock_format (mine);
      write_lock (&t, record);
      assert_falls_back (&t);         /* a new field: read everything once */
      assert_shortcut_agrees (&t);
      write_lock (&t, "unlocked");
      assert_shortcut_agrees (&t);

      /* The marker moves (as an upgrade or a stamp moves it). */
      move_marker (&t, "c4e8a7f1b392");
      assert_shortcut_agrees (&t);
      move_marker (&t, "0123456789ab");   /* not in the history */
      assert_shortcut_agrees (&t);
      move_marker (&t, "e6c2a8b3d914");
      assert_shortcut_agrees (&t);
      tenant_close (&t);
    }
}

/* The cached id is gone (404): read everything, remember the new one. */
static void
test_fallback_gone (void)
{
  Tenant t = { NULL };
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "liminal", "markers.ini", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  tenant_open (&t, "demo");
  first_reading (&t);
  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (kf, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  g_key_file_set_string (kf, groups[0], "schema-id", "ts_gone0000");
  g_assert_true (g_key_file_save_to_file (kf, path, NULL));
  assert_falls_back (&t);
  assert_shortcut_agrees (&t);

  /* A damaged cache file, or a schema id that is not one: read
   * everything (nothing goes into a path), then remember again. */
  g_assert_true (g_file_set_contents (path, "[tenant\n\x01garbage", -1, NULL));
  first_reading (&t);
  assert_shortcut_agrees (&t);
  g_clear_pointer (&groups, g_strfreev);
  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (kf, NULL);
  g_key_file_set_string (kf, groups[0], "schema-id", "../../1/api/tag-schemas/");
  g_assert_true (g_key_file_save_to_file (kf, path, NULL));
  first_reading (&t);
  assert_shortcut_agrees (&t);
  tenant_close (&t);
}

/* liminal_remote archived, renamed (display name), or given another
 * warehouse name (which the public answer does not show: only its
 * modifiedAt moves): never the shortcut's answer. */
static void
test_fallback_changed (gconstpointer data)
{
  const char *change = data;
  Tenant t = { NULL };
  g_autoptr(LimOperation) op = NULL;
  LimApplyFlags flags = LIM_APPLY_FLAGS_NONE;

  tenant_open (&t, "demo");
  first_reading (&t);
  assert_shortcut_agrees (&t);
  if (g_str_equal (change, "archive"))
    {
      op = lim_operation_new (LIM_OP_ARCHIVE_ENTITY_SCHEMA);
      op->args[0].s = g_strdup (LIM_SNAPSHOT_REMOTE_SCHEMA);
    }
  else
    {
      LimProps *props = lim_props_new (LIM_PROPS_SCHEMA);

      op = lim_operation_new (LIM_OP_UPDATE_ENTITY_SCHEMA);
      op->args[0].s = g_strdup (LIM_SNAPSHOT_REMOTE_SCHEMA);
      if (g_str_equal (change, "rename"))
        lim_props_set_str (props, LIM_SCHEMA_NAME, "Liminal remote (old)");
      else
        {
          lim_props_set_str (props, LIM_SCHEMA_WAREHOUSE_NAME, "liminal_remote_old");
          flags |= LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME;
        }
      op->args[1].props = props;
    }
  apply_op (&t, op, flags);
  assert_falls_back (&t);
  if (g_str_equal (change, "warehouse-rename"))
    {
      g_autoptr(LimTenantStatus) status = read_liminal_way (&t);
      g_assert_cmpint (status->state, ==, LIM_TENANT_STATE_NO_MARKER);
    }
  tenant_close (&t);
}

/* With a session bus and a keyring: the token of one reading is kept
 * there (never in the cache file) and the next reading is one request,
 * one round trip.  Skipped without a session bus (run the suite under
 * dbus-run-session with gnome-keyring, as tools/run-tests.sh does). */
static void
test_kept_token (void)
{
  Tenant t = { NULL };
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "liminal", "markers.ini", NULL);
  g_autofree char *cache = NULL;
  g_autofree char *token = NULL;
  g_autoptr(LimTenantStatus) status = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Counts spent;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus");
      return;
    }
  tenant_open (&t, "demo");
  first_reading (&t);
  /* The next reading finds the token (when the keyring answers). */
  client = connect_client (&t);
  lim_tenant_status_read_async (t.tenant, client, t.timeline, NULL, store_result, &result);
  lim_client_wait (&result);
  status = lim_tenant_status_read_finish (result);
  token = lim_client_dup_access_token (client, NULL);
  g_assert_nonnull (token);
  g_assert_true (g_file_get_contents (path, &cache, NULL, NULL));
  g_assert_null (strstr (cache, token));
  if (status->requests == 2)
    {
      g_test_skip ("the keyring did not keep the token (no secret service?)");
      tenant_close (&t);
      return;
    }
  g_assert_cmpuint (status->requests, ==, 1);
  g_clear_pointer (&status, lim_tenant_status_free);
  status = read_status (&t, &spent);
  g_assert_cmpuint (spent.total, ==, 1);
  g_assert_cmpuint (spent.one_schema, ==, 1);
  tenant_close (&t);
}

/* LIMINAL_NO_CACHE=1: every reading is Liminal's, nothing is written. */
static void
test_no_cache (void)
{
  Tenant t = { NULL };
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "liminal", "markers.ini", NULL);

  tenant_open (&t, "demo");
  lim_tenant_status_free (read_liminal_way (&t));
  lim_tenant_status_free (read_liminal_way (&t));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  tenant_close (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("liminal-test-status-XXXXXX", NULL);
  int status;

  /* Before anything asks GLib for the user cache dir (it keeps the first
   * answer): the marker cache goes there. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/shortcut/same-marker", test_same_marker);
  g_test_add_func ("/status/shortcut/gone", test_fallback_gone);
  g_test_add_data_func ("/status/shortcut/archived", "archive", test_fallback_changed);
  g_test_add_data_func ("/status/shortcut/renamed", "rename", test_fallback_changed);
  g_test_add_data_func ("/status/shortcut/warehouse-renamed", "warehouse-rename", test_fallback_changed);
  g_test_add_func ("/status/shortcut/no-cache", test_no_cache);
  g_test_add_func ("/status/shortcut/kept-token", test_kept_token);
  status = g_test_run ();
  forget_cache ();
  g_rmdir (cache);
  return status;
}

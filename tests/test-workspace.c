/* test-workspace.c — the one front door: opening a project, its tenants,
 * concurrent status reads, the facts both front ends derive from it (journal
 * folder, apply flags, keyring scope) and the protected-tenant rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lim-sandbox.h"
#include "lim-workspace.h"
#include "tree-test-util.h"

typedef struct
{
  LimSandbox *head;   /* demo history at head */
  LimSandbox *empty;  /* no marker */
  char       *root;   /* a copy of the demo project */
} Fixture;

static const char *
fake_env (const char *name,
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
write_ini (Fixture    *fx,
           const char *extra)
{
  g_autofree char *head_url = lim_sandbox_get_base_url (fx->head);
  g_autofree char *empty_url = lim_sandbox_get_base_url (fx->empty);
  g_autofree char *path = g_build_filename (fx->root, "tenants.ini", NULL);
  g_autofree char *text = g_strdup_printf ("[dev]\ntenant-name=pizza-dev\nurl=%s\nclient-id=sandbox\n"
                                           "admin-email=admin@sandbox.test\nfieldsets=true\n\n"
                                           "[prod]\ntenant-name=pizza-prod\nurl=%s\nclient-id=sandbox\n"
                                           "admin-email=admin@sandbox.test\n"
                                           "schemas-enable-change-warehouse-name=true\n\n"
                                           "[gone]\ntenant-name=pizza-gone\nurl=http://127.0.0.1:9\n"
                                           "client-id=sandbox\nadmin-email=admin@sandbox.test\n%s",
                                           head_url, empty_url, extra ? extra : "");

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT"), "versions", NULL);
  g_autofree char *copy = NULL;

  fx->head = lim_sandbox_new (NULL, "demo", &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (fx->head, 0, 30);
  g_assert_true (lim_sandbox_start (fx->head, 0, &error));
  fx->empty = lim_sandbox_new (NULL, "empty", &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (fx->empty, 0, 30);
  g_assert_true (lim_sandbox_start (fx->empty, 0, &error));

  fx->root = g_dir_make_tmp ("liminal-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (fx->root, "versions", NULL);
  tree_test_copy_dir (versions, copy, NULL);
  write_ini (fx, NULL);
  (void) data;
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  tree_test_remove_tree (fx->root);
  g_free (fx->root);
  lim_sandbox_stop (fx->head);
  lim_sandbox_stop (fx->empty);
  g_assert_finalize_object (fx->head);
  g_assert_finalize_object (fx->empty);
  (void) data;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  (void) source;
  *out = g_object_ref (result);
}

static LimWorkspace *
open_workspace (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  LimWorkspace *ws = lim_workspace_open (fx->root, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ws);
  lim_workspace_set_env_func (ws, fake_env, NULL);
  return ws;
}

static void
test_open_and_facts (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(LimWorkspace) ws = open_workspace (fx);
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = lim_workspace_dup_journal_dir (ws);
  g_autofree char *expected_journal = g_build_filename (fx->root, ".liminal", "journal", NULL);
  g_autoptr(LimTenant) dev = NULL;
  g_autoptr(LimTenant) prod = NULL;
  LimTenant *gone;
  GPtrArray *tenants;

  g_assert_cmpstr (journal, ==, expected_journal);
  g_assert_cmpstr (lim_workspace_get_secrets_dir (ws), ==, fx->root);
  g_assert_null (lim_workspace_get_config (ws));  /* tenants are read on demand */

  tenants = lim_workspace_get_tenants (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tenants->len, ==, 3);

  dev = lim_workspace_lookup_tenant (ws, "dev", &error);
  g_assert_no_error (error);
  prod = lim_workspace_lookup_tenant (ws, "pizza-prod", &error);  /* by tenant name too */
  g_assert_no_error (error);
  gone = lim_workspace_lookup_tenant (ws, "nobody", &error);
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);

  g_assert_cmpint (lim_workspace_apply_flags_for (dev), ==, LIM_APPLY_FLAG_FIELDSETS);
  g_assert_cmpint (lim_workspace_apply_flags_for (prod), ==, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);

  /* The protected-tenant rule: prod is protected by default; a dry run
   * never needs the typed alias; only the exact alias confirms. */
  g_assert_false (lim_workspace_needs_typed_confirmation (dev, LIM_RUN_FLAGS_NONE));
  g_assert_true (lim_workspace_needs_typed_confirmation (prod, LIM_RUN_FLAGS_NONE));
  g_assert_true (lim_workspace_needs_typed_confirmation (prod, LIM_RUN_FLAGS_RESUME | LIM_RUN_FLAGS_YES));
  g_assert_false (lim_workspace_needs_typed_confirmation (prod, LIM_RUN_FLAGS_DRY_RUN));
  g_assert_true (lim_workspace_typed_confirmation_matches (prod, "prod"));
  g_assert_false (lim_workspace_typed_confirmation_matches (prod, "Prod"));
  g_assert_false (lim_workspace_typed_confirmation_matches (prod, "pizza-prod"));
  g_assert_false (lim_workspace_typed_confirmation_matches (prod, NULL));

  (void) data;
}

static void
test_broken_config_keeps_history (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autoptr(LimWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) statuses = NULL;

  write_ini (fx, "colour=blue\n");
  ws = open_workspace (fx);  /* the history opens */
  g_assert_nonnull (lim_timeline_get_head (lim_workspace_get_timeline (ws)));

  g_assert_false (lim_workspace_load_tenants (ws, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "tenants.ini"));
  g_clear_error (&error);

  lim_workspace_read_all_async (ws, LIM_WORKSPACE_READ_DEFAULT, NULL, store_result, &result);
  lim_client_wait (&result);
  statuses = lim_workspace_read_all_finish (ws, result, &error);
  g_assert_null (statuses);
  g_assert_nonnull (error);
  (void) data;
}

static void
check_statuses (Fixture   *fx,
                GPtrArray *statuses)
{
  LimTenantStatus *st;

  g_assert_cmpuint (statuses->len, ==, 3);
  st = g_ptr_array_index (statuses, 0);
  g_assert_cmpstr (st->alias, ==, "dev");
  g_assert_cmpint (st->state, ==, LIM_TENANT_STATE_UP_TO_DATE);
  g_assert_cmpstr (st->revision, ==, st->head);
  st = g_ptr_array_index (statuses, 1);
  g_assert_cmpstr (st->alias, ==, "prod");
  g_assert_cmpint (st->state, ==, LIM_TENANT_STATE_NO_MARKER);
  st = g_ptr_array_index (statuses, 2);
  g_assert_cmpstr (st->alias, ==, "gone");
  g_assert_cmpint (st->state, ==, LIM_TENANT_STATE_UNREACHABLE);
  (void) fx;
}

static void
test_read_all (Fixture       *fx,
               gconstpointer  data)
{
  LimWorkspaceReadFlags flags = GPOINTER_TO_INT (data);
  g_autoptr(LimWorkspace) ws = open_workspace (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) statuses = NULL;

  lim_workspace_read_all_async (ws, flags, NULL, store_result, &result);
  lim_client_wait (&result);
  statuses = lim_workspace_read_all_finish (ws, result, &error);
  g_assert_no_error (error);
  check_statuses (fx, statuses);
}

/* lim_workspace_reload, or its asynchronous twin when @async. */
static gboolean
reload (LimWorkspace *ws,
        gboolean      async,
        GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (!async)
    return lim_workspace_reload (ws, error);
  lim_workspace_reload_async (ws, NULL, store_result, &result);
  lim_client_wait (&result);
  return lim_workspace_reload_finish (ws, result, error);
}

static void
test_reload (Fixture       *fx,
             gconstpointer  data)
{
  gboolean async = GPOINTER_TO_INT (data);
  g_autoptr(LimWorkspace) ws = open_workspace (fx);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = g_build_filename (fx->root, "versions", "zz_broken.py", NULL);
  g_autofree char *ini = g_build_filename (fx->root, "tenants.ini", NULL);
  LimTimeline *before = lim_workspace_get_timeline (ws);
  guint n_before = lim_timeline_get_n_revisions (before);

  g_assert_nonnull (lim_workspace_get_tenants (ws, &error));
  g_assert_no_error (error);

  /* A broken revision file: the reload fails and nothing changes. */
  g_assert_true (g_file_set_contents (bad, "def upgrade(:\n", -1, NULL));
  g_assert_false (reload (ws, async, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "zz_broken.py:1:"));
  g_clear_error (&error);
  g_assert_true (lim_workspace_get_timeline (ws) == before);

  /* Fixed, and one tenant fewer: both are read again. */
  g_unlink (bad);
  g_assert_true (g_file_set_contents (ini, "[solo]\ntenant-name=solo\nclient-id=sandbox\n", -1, NULL));
  g_assert_true (reload (ws, async, &error));
  g_assert_no_error (error);
  g_assert_true (lim_workspace_get_timeline (ws) != before);
  g_assert_cmpuint (lim_timeline_get_n_revisions (lim_workspace_get_timeline (ws)), ==, n_before);
  g_assert_cmpuint (lim_workspace_get_tenants (ws, NULL)->len, ==, 1);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (void) object;
  (void) pspec;
  (*count)++;
}

static LimWorkspace *
open_deferred (Fixture *fx,
               guint   *notified)
{
  g_autoptr(GError) error = NULL;
  LimWorkspace *ws = lim_workspace_open_deferred (fx->root, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ws);
  lim_workspace_set_env_func (ws, fake_env, NULL);
  g_signal_connect (ws, "notify::history-loaded", G_CALLBACK (count_notify), notified);
  return ws;
}

/* Opening in two stages: the tenants at once, the history from a worker
 * thread; a status read started before it arrives waits for it, loads
 * share one parse, a cancelled wait ends alone. */
static void
test_deferred (Fixture       *fx,
               gconstpointer  data)
{
  guint notified = 0;
  g_autoptr(LimWorkspace) ws = open_deferred (fx, &notified);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(LimTenant) dev = NULL;
  GPtrArray *tenants;
  LimTenantStatus *status;
  gboolean flag = TRUE;

  g_assert_false (lim_workspace_get_history_loaded (ws));
  g_assert_null (lim_workspace_get_timeline (ws));
  g_object_get (ws, "history-loaded", &flag, NULL);
  g_assert_false (flag);

  /* The tenants need no history. */
  tenants = lim_workspace_get_tenants (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tenants->len, ==, 3);
  dev = lim_workspace_lookup_tenant (ws, "dev", &error);
  g_assert_no_error (error);

  /* A reading first (it starts the load), then two waits for it. */
  lim_workspace_read_status_async (ws, dev, LIM_WORKSPACE_READ_DEFAULT, NULL, store_result, &read);
  lim_workspace_load_history_async (ws, NULL, store_result, &loaded);
  lim_workspace_load_history_async (ws, cancellable, store_result, &cancelled);
  g_assert_false (lim_workspace_get_history_loaded (ws));  /* swapped in on this thread only */
  g_cancellable_cancel (cancellable);
  lim_client_wait (&cancelled);
  g_assert_false (lim_workspace_load_history_finish (ws, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  lim_client_wait (&loaded);
  g_assert_true (lim_workspace_load_history_finish (ws, loaded, &error));
  g_assert_no_error (error);
  g_assert_true (lim_workspace_get_history_loaded (ws));
  g_assert_nonnull (lim_timeline_get_head (lim_workspace_get_timeline (ws)));
  g_assert_cmpuint (notified, ==, 1);

  /* The reading waited for the history: it knows the head. */
  lim_client_wait (&read);
  status = lim_workspace_read_status_finish (ws, read);
  g_assert_nonnull (status);
  g_assert_cmpstr (status->alias, ==, "dev");
  g_assert_cmpint (status->state, ==, LIM_TENANT_STATE_UP_TO_DATE);
  g_assert_cmpstr (status->head, ==, lim_revision_get_id (lim_timeline_get_head (lim_workspace_get_timeline (ws))));
  lim_tenant_status_free (status);

  /* Loaded: a load completes at once, nothing is notified again. */
  lim_workspace_load_history_async (ws, NULL, store_result, &again);
  lim_client_wait (&again);
  g_assert_true (lim_workspace_load_history_finish (ws, again, &error));
  g_assert_cmpuint (notified, ==, 1);
  (void) data;
}

/* A broken revision file: the load fails, the readings that waited fail
 * with it (read_all says why), and the next load tries again. */
static void
test_deferred_broken (Fixture       *fx,
                      gconstpointer  data)
{
  guint notified = 0;
  g_autofree char *bad = g_build_filename (fx->root, "versions", "zz_broken.py", NULL);
  g_autoptr(LimWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) all = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GPtrArray) statuses = NULL;

  g_assert_true (g_file_set_contents (bad, "def upgrade(:\n", -1, NULL));
  ws = open_deferred (fx, &notified);

  lim_workspace_read_all_async (ws, LIM_WORKSPACE_READ_DEFAULT, NULL, store_result, &all);
  lim_workspace_load_history_async (ws, NULL, store_result, &loaded);
  lim_client_wait (&loaded);
  g_assert_false (lim_workspace_load_history_finish (ws, loaded, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "zz_broken.py:1:"));
  g_clear_error (&error);
  g_assert_false (lim_workspace_get_history_loaded (ws));
  g_assert_cmpuint (notified, ==, 0);

  lim_client_wait (&all);
  statuses = lim_workspace_read_all_finish (ws, all, &error);
  g_assert_null (statuses);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "zz_broken.py:1:"));
  g_clear_error (&error);

  g_unlink (bad);
  lim_workspace_load_history_async (ws, NULL, store_result, &again);
  lim_client_wait (&again);
  g_assert_true (lim_workspace_load_history_finish (ws, again, &error));
  g_assert_no_error (error);
  g_assert_true (lim_workspace_get_history_loaded (ws));
  g_assert_cmpuint (notified, ==, 1);
  (void) data;
}

/* A reload brings a deferred workspace's history too. */
static void
test_deferred_reload (Fixture       *fx,
                      gconstpointer  data)
{
  gboolean async = GPOINTER_TO_INT (data);
  guint notified = 0;
  g_autoptr(LimWorkspace) ws = open_deferred (fx, &notified);
  g_autoptr(GError) error = NULL;

  g_assert_true (reload (ws, async, &error));
  g_assert_no_error (error);
  g_assert_true (lim_workspace_get_history_loaded (ws));
  g_assert_cmpuint (notified, ==, 1);
  /* The load it made unnecessary (none was started) changes nothing. */
  g_assert_true (reload (ws, async, &error));
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_runner (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(LimWorkspace) ws = open_workspace (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimTenant) dev = lim_workspace_lookup_tenant (ws, "dev", &error);
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimRunner) runner = NULL;

  g_assert_no_error (error);
  lim_workspace_connect_async (ws, dev, LIM_TENANT_RESOLVE_NO_KEYRING, NULL, store_result, &result);
  lim_client_wait (&result);
  client = lim_workspace_connect_finish (ws, result, &error);
  g_assert_no_error (error);
  g_assert_true (LIM_IS_CLIENT (client));

  runner = lim_workspace_new_runner (ws, dev, client, TRUE);
  g_assert_true (LIM_IS_RUNNER (runner));
  (void) data;
}

/* A status reading never fails, even cancelled after connecting: it
 * returns its status (the window cancels readings on F5 and on reloads). */
static void
test_read_cancelled (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(LimWorkspace) ws = open_workspace (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(LimTenant) dev = lim_workspace_lookup_tenant (ws, "dev", &error);
  g_autoptr(LimClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LimTenantStatus *status;

  g_assert_no_error (error);
  lim_workspace_connect_async (ws, dev, LIM_TENANT_RESOLVE_NO_KEYRING, NULL, store_result, &result);
  lim_client_wait (&result);
  client = lim_workspace_connect_finish (ws, result, &error);
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  lim_tenant_status_read_async (dev, client, lim_workspace_get_timeline (ws), cancellable, store_result, &read);
  lim_client_wait (&read);
  status = lim_tenant_status_read_finish (read);
  g_assert_nonnull (status);
  g_assert_cmpstr (status->alias, ==, "dev");
  g_test_message ("cancelled: %s (%s)", lim_tenant_state_to_string (status->state), status->message);
  lim_tenant_status_free (status);
  (void) data;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn, data) \
  g_test_add (path, Fixture, data, fixture_setup, fn, fixture_teardown)
  ADD ("/workspace/open-and-facts", test_open_and_facts, NULL);
  ADD ("/workspace/broken-config-keeps-history", test_broken_config_keeps_history, NULL);
  ADD ("/workspace/read-all", test_read_all, GINT_TO_POINTER (LIM_WORKSPACE_READ_DEFAULT));
  ADD ("/workspace/read-all-interactive", test_read_all, GINT_TO_POINTER (LIM_WORKSPACE_READ_INTERACTIVE));
  ADD ("/workspace/reload", test_reload, GINT_TO_POINTER (FALSE));
  ADD ("/workspace/reload-async", test_reload, GINT_TO_POINTER (TRUE));
  ADD ("/workspace/runner", test_runner, NULL);
  ADD ("/workspace/read-cancelled", test_read_cancelled, NULL);
  ADD ("/workspace/deferred", test_deferred, NULL);
  ADD ("/workspace/deferred-broken", test_deferred_broken, NULL);
  ADD ("/workspace/deferred-reload", test_deferred_reload, GINT_TO_POINTER (FALSE));
  ADD ("/workspace/deferred-reload-async", test_deferred_reload, GINT_TO_POINTER (TRUE));
#undef ADD

  return g_test_run ();
}

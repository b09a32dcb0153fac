/* test-sso.c — single sign-on through the engine, against an in-process
 * SSO sandbox tenant: a test LimSignIn walks the identity provider over
 * HTTP (tests/sso-browser.c) as the app's web view would.
 *
 *   /sso/status/sign-in-needed   no session: "Sign-in needed", nobody asked
 *   /sso/connect-signs-in        connecting for a run asks the LimSignIn
 *                                (NEEDED) and keeps the session in the keyring
 *   /sso/run/expired-mid-run     the tenant rejects the session mid-run: the
 *                                run waits for a sign-in (EXPIRED), re-sends
 *                                the refused request, and every operation is
 *                                applied exactly once
 *   /sso/run/expiring-before-op  a session about to run out is renewed at an
 *                                operation boundary, before any refusal
 *   /sso/run/no-sign-in          without a LimSignIn the run stops naming
 *                                tenant and operation; resume finishes it
 *   /sso/keyring/rejected-removed  a session Benchling rejects is removed
 *                                from the keyring (status reads never prompt)
 *   /sso/env-session             LIMINAL_<ALIAS>_SESSION/_CSRF still work
 *   /sso/run/cancelled-mid-run   the person cancels the sign-in a run asks
 *                                for: the run stops once, naming tenant and
 *                                operation, nobody is asked again to free
 *                                the lock (its lease is left), no warning;
 *                                resume signs in and applies the rest once
 *   /sso/run/stop-while-signing-in  Stop during that sign-in cancels the
 *                                sign-in's cancellable and stops the run
 *
 * The session never reaches a log line, the journal or a run record: every
 * test greps the project folder and the captured log for the cookies.
 * Needs a secret service (run through tests/run-with-keyring.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lim-keyring.h"
#include "lim-lock.h"
#include "lim-remote.h"
#include "lim-sandbox.h"
#include "lim-workspace.h"
#include "tree-test-util.h"
#include "sso-browser.h"

/* Everything logged, to grep for secrets. */
static GString *captured_log;
/* Warnings and criticals logged (fatal under g_test anyway). */
static guint n_warnings;
/* Every cookie and CSRF token the tests obtained. */
static GPtrArray *secrets_seen;

/* ---------------------------------------------------------------- a test LimSignIn */

#define TEST_TYPE_SIGN_IN (test_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (TestSignIn, test_sign_in, TEST, SIGN_IN, GObject)

struct _TestSignIn
{
  GObject     parent_instance;
  char       *base;
  GArray     *reasons;         /* LimSignInReason of each call */
  guint       n_short;         /* the first sessions claim to expire in 5 s */
  gboolean    refuse;          /* the person gives up */
  gboolean    hold;            /* the sign-in never ends by itself: only its cancellable ends it */
  GCancellable *held;          /* the cancellable of a held sign-in */
  gulong      held_id;         /* its "cancelled" handler */
  GCancellable *cancel_on_ask; /* cancelled once a held sign-in is asked (a run's Stop) */
  LimSandbox *sandbox;         /* writes applied when asked, per call */
  GArray     *writes_at_call;
};

static void test_sign_in_iface_init (LimSignInInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSignIn, test_sign_in, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIM_TYPE_SIGN_IN, test_sign_in_iface_init))

static void
walked (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestSignIn *self = g_task_get_source_object (task);
  SsoBrowser *browser = g_task_get_task_data (task);
  g_autofree char *cookie = NULL;
  g_autofree char *csrf = NULL;
  gint64 expires = 0;
  GError *error = NULL;

  (void) source;
  if (!sso_browser_sign_in_finish (browser, result, &cookie, &csrf, &expires, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_assert_cmpint (expires, >, g_get_real_time () / G_USEC_PER_SEC);
  g_ptr_array_add (secrets_seen, g_strdup (cookie));
  g_ptr_array_add (secrets_seen, g_strdup (csrf));
  if (self->n_short > 0)
    {
      self->n_short--;
      expires = g_get_real_time () / G_USEC_PER_SEC + 5;
    }
  g_task_return_pointer (task, lim_session_new (cookie, csrf, expires), (GDestroyNotify) lim_session_free);
}

static gboolean
held_return (gpointer data)
{
  GTask *task = data;
  TestSignIn *self = g_task_get_source_object (task);

  g_assert_true (g_task_return_error_if_cancelled (task));
  /* the handler holds the task, which holds the cancellable */
  g_cancellable_disconnect (self->held, self->held_id);
  self->held_id = 0;
  return G_SOURCE_REMOVE;
}

/* Not from the handler itself: the cancellable's lock is held there. */
static void
held_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  (void) cancellable;
  g_idle_add_full (G_PRIORITY_DEFAULT, held_return, g_object_ref (task), g_object_unref);
}

static gboolean
cancel_idle (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_sign_in_sign_in_async (LimSignIn          *sign_in,
                            LimTenant          *tenant,
                            LimSignInReason     reason,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  TestSignIn *self = TEST_SIGN_IN (sign_in);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  guint64 writes = self->sandbox ? lim_sandbox_get_write_count (self->sandbox) : 0;
  SsoBrowser *browser;

  g_assert_cmpstr (lim_tenant_get_alias (tenant), ==, "staging");
  g_array_append_val (self->reasons, reason);
  g_array_append_val (self->writes_at_call, writes);
  if (self->hold)
    {
      /* a window the person leaves open: only Stop (the cancellable) ends it */
      g_assert_nonnull (cancellable);
      g_set_object (&self->held, cancellable);
      self->held_id = g_cancellable_connect (cancellable, G_CALLBACK (held_cancelled_cb), task, g_object_unref);
      if (self->cancel_on_ask)
        g_timeout_add_full (G_PRIORITY_DEFAULT, 100, cancel_idle, g_object_ref (self->cancel_on_ask), g_object_unref);
      return;
    }
  if (self->refuse)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The person closed the sign-in window");
      g_object_unref (task);
      return;
    }
  /* a browser that remembers nothing: every sign-in goes through the form */
  browser = sso_browser_new (self->base);
  g_task_set_task_data (task, browser, (GDestroyNotify) sso_browser_free);
  sso_browser_sign_in_async (browser, LIM_SANDBOX_DEFAULT_SSO_USER, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL, FALSE,
                             cancellable, walked, task);
}

static LimSession *
test_sign_in_sign_in_finish (LimSignIn    *sign_in,
                             GAsyncResult *result,
                             GError      **error)
{
  (void) sign_in;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_sign_in_iface_init (LimSignInInterface *iface)
{
  iface->sign_in_async = test_sign_in_sign_in_async;
  iface->sign_in_finish = test_sign_in_sign_in_finish;
}

static void
test_sign_in_finalize (GObject *object)
{
  TestSignIn *self = TEST_SIGN_IN (object);

  g_free (self->base);
  g_clear_object (&self->held);
  g_clear_object (&self->cancel_on_ask);
  g_array_unref (self->reasons);
  g_array_unref (self->writes_at_call);
  G_OBJECT_CLASS (test_sign_in_parent_class)->finalize (object);
}

static void
test_sign_in_class_init (TestSignInClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_sign_in_finalize;
}

static void
test_sign_in_init (TestSignIn *self)
{
  self->reasons = g_array_new (FALSE, FALSE, sizeof (LimSignInReason));
  self->writes_at_call = g_array_new (FALSE, FALSE, sizeof (guint64));
}

/* ---------------------------------------------------------------- fixture */

typedef struct
{
  LimSandbox   *sandbox;
  char         *base;
  char         *root;
  LimWorkspace *ws;
  LimTenant    *tenant;
  TestSignIn   *sign_in;
} Fixture;

static const char *
fake_env (const char *name,
          gpointer    data)
{
  GHashTable *extra = data;

  if (extra && g_hash_table_contains (extra, name))
    return g_hash_table_lookup (extra, name);
  if (g_str_has_suffix (name, "_CLIENT_SECRET"))
    return LIM_SANDBOX_DEFAULT_CLIENT_SECRET;
  return NULL;
}

static LimSession *
keyring_session (LimTenant *tenant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LimSession *session;

  lim_tenant_keyring_lookup_session (tenant, NULL, sso_store_result, &result);
  session = lim_tenant_keyring_lookup_session_finish (sso_wait_result (&result), &error);
  g_assert_no_error (error);
  return session;
}

static void
keyring_clear (LimTenant *tenant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lim_tenant_keyring_clear_session (tenant, NULL, sso_store_result, &result);
  lim_tenant_keyring_clear_session_finish (sso_wait_result (&result), &error);
  g_assert_no_error (error);
}

static void
keyring_store (LimTenant        *tenant,
               const LimSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lim_tenant_keyring_store_session (tenant, session, NULL, sso_store_result, &result);
  if (!lim_tenant_keyring_store_session_finish (sso_wait_result (&result), &error))
    g_error ("These tests need a secret service (run them through tests/run-with-keyring.sh, or under "
             "dbus-run-session with gnome-keyring-daemon --unlock): %s", error->message);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT"), "versions", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = NULL;
  g_autofree char *seed = g_strdup_printf ("demo@%s", data ? (const char *) data : "b27d9e41c0a8");

  fx->sandbox = lim_sandbox_new (NULL, seed, &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (fx->sandbox, 0, 30);
  lim_sandbox_set_sso_enabled (fx->sandbox, TRUE);
  g_assert_true (lim_sandbox_start (fx->sandbox, 0, &error));
  fx->base = lim_sandbox_get_base_url (fx->sandbox);

  fx->root = g_dir_make_tmp ("liminal-sso-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (fx->root, "versions", NULL);
  tree_test_copy_dir (versions, copy, NULL);
  ini = g_strdup_printf ("[staging]\ntenant-name=pizza-staging\nurl=%s\nclient-id=sandbox\nauth=sso\n", fx->base);
  ini_path = g_build_filename (fx->root, "tenants.ini", NULL);
  g_assert_true (g_file_set_contents (ini_path, ini, -1, NULL));

  fx->ws = lim_workspace_open (fx->root, &error);
  g_assert_no_error (error);
  lim_workspace_set_env_func (fx->ws, fake_env, NULL);
  lim_workspace_set_front_end (fx->ws, "cli");
  fx->tenant = lim_workspace_lookup_tenant (fx->ws, "staging", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lim_tenant_get_auth (fx->tenant), ==, LIM_TENANT_AUTH_SSO);
  keyring_clear (fx->tenant);   /* a sandbox URL is new, but be sure */

  fx->sign_in = g_object_new (TEST_TYPE_SIGN_IN, NULL);
  fx->sign_in->base = g_strdup (fx->base);
  fx->sign_in->sandbox = fx->sandbox;
}

/* No cookie or CSRF token seen in any file of the project (journal, run
 * records, tenants.ini, the revision cache) or in the log. */
static void
assert_no_secret_in (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *text = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      for (guint i = 0; i < secrets_seen->len; i++)
        if (g_strstr_len (text, (gssize) len, g_ptr_array_index (secrets_seen, i)))
          g_error ("a session secret was written to %s", path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      assert_no_secret_in (child);
    }
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  (void) data;
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  assert_no_secret_in (fx->root);
  for (guint i = 0; i < secrets_seen->len; i++)
    g_assert_null (strstr (captured_log->str, g_ptr_array_index (secrets_seen, i)));
  keyring_clear (fx->tenant);
  g_clear_pointer (&fx->tenant, lim_tenant_unref);
  g_assert_finalize_object (fx->ws);
  g_assert_finalize_object (fx->sign_in);
  tree_test_remove_tree (fx->root);
  g_free (fx->root);
  g_free (fx->base);
  lim_sandbox_stop (fx->sandbox);
  g_assert_finalize_object (fx->sandbox);
}

static LimClient *
connect (Fixture              *fx,
         LimTenantResolveFlags flags,
         GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lim_workspace_connect_async (fx->ws, fx->tenant, flags, NULL, sso_store_result, &result);
  return lim_workspace_connect_finish (fx->ws, sso_wait_result (&result), error);
}

static LimTenantStatus *
read_status (Fixture *fx)
{
  g_autoptr(GAsyncResult) result = NULL;

  lim_workspace_read_status_async (fx->ws, fx->tenant, LIM_WORKSPACE_READ_INTERACTIVE, NULL, sso_store_result, &result);
  return lim_workspace_read_status_finish (fx->ws, sso_wait_result (&result));
}

/* ---------------------------------------------------------------- counting what the tenant saw */

typedef struct
{
  guint ok_writes;     /* 2xx answers to POST/PATCH/PUT/DELETE */
  guint refused_401;
  guint other_4xx;
} Seen;

static Seen
seen_requests (Fixture *fx)
{
  g_autofree char *log = lim_sandbox_get_request_log_json (fx->sandbox);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *entries;
  Seen seen = { 0 };

  json_parser_load_from_data (parser, log, -1, &error);
  g_assert_no_error (error);
  entries = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (entries), <, 1000);  /* the log kept them all */
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      const char *method = json_object_get_string_member (e, "method");
      gint64 status = json_object_get_int_member (e, "status");
      gboolean write = g_strcmp0 (method, "GET") != 0;

      if (status == 401)
        seen.refused_401++;
      else if (status >= 400 && status < 500 && !g_str_has_prefix (json_object_get_string_member (e, "path"), "/_"))
        seen.other_4xx++;
      else if (write && status >= 200 && status < 300 &&
               !g_str_has_prefix (json_object_get_string_member (e, "path"), "/api/v2/token"))
        seen.ok_writes++;
    }
  return seen;
}

/* ---------------------------------------------------------------- runs */

typedef struct
{
  Fixture  *fx;
  guint     expire_after_done;    /* expire every session once this many operations are done (0: never) */
  guint     done;
  guint     waiting_notifies;     /* "waiting-for-sign-in" changes */
  gboolean  waited;               /* it was TRUE at some point */
} RunWatch;

static void
op_state_cb (LimRunner  *runner,
             guint       revision_index,
             guint       operation_index,
             int         state,
             const char *message,
             RunWatch   *w)
{
  (void) runner;
  (void) revision_index;
  (void) operation_index;
  (void) message;
  if (state != LIM_OP_RUN_DONE)
    return;
  if (++w->done == w->expire_after_done)
    g_assert_cmpuint (lim_sandbox_expire_sessions (w->fx->sandbox), >=, 1);
}

static void
waiting_cb (LimRunner  *runner,
            GParamSpec *pspec,
            RunWatch   *w)
{
  (void) pspec;
  w->waiting_notifies++;
  if (lim_runner_get_waiting_for_sign_in (runner))
    w->waited = TRUE;
}

/* Prepares and runs `upgrade head` through @client, with the tenant lock
 * when @locking, stopped by @stop; returns whether it finished, with the
 * run's error in @error. */
static gboolean
upgrade_full (Fixture      *fx,
              LimClient    *client,
              RunWatch     *w,
              LimRunFlags   flags,
              gboolean      locking,
              GCancellable *stop,
              GError      **error)
{
  g_autoptr(LimRunner) runner = lim_workspace_new_runner (fx->ws, fx->tenant, client, TRUE);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) ran = NULL;
  const LimPlan *plan;

  lim_runner_set_locking (runner, locking);

  g_signal_connect (runner, "operation-state", G_CALLBACK (op_state_cb), w);
  g_signal_connect (runner, "notify::waiting-for-sign-in", G_CALLBACK (waiting_cb), w);
  lim_runner_prepare_async (runner, LIM_DIRECTION_UP, "head", flags, NULL, sso_store_result, &prepared);
  plan = lim_runner_prepare_finish (runner, sso_wait_result (&prepared), error);
  if (plan == NULL)
    return FALSE;
  g_assert_cmpuint (plan->n_operations, >, 0);
  lim_runner_run_async (runner, stop, sso_store_result, &ran);
  return lim_runner_run_finish (runner, sso_wait_result (&ran), error);
}

/* Writes are compared with a clean run's: the lock's own would blur that. */
static gboolean
upgrade (Fixture     *fx,
         LimClient   *client,
         RunWatch    *w,
         LimRunFlags  flags,
         GError     **error)
{
  return upgrade_full (fx, client, w, flags, FALSE, NULL, error);
}

static char *
marker (Fixture *fx)
{
  g_autoptr(LimTenantStatus) status = read_status (fx);

  return g_strdup (status->revision);
}

/* What a clean `upgrade head` of the same tenant applies, measured once on
 * a password sandbox. */
static guint clean_writes;

static void
measure_clean_run (const char *revision)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = g_strdup_printf ("demo@%s", revision);
  g_autoptr(LimSandbox) sandbox = lim_sandbox_new (NULL, seed, &error);
  g_autofree char *base = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autofree char *versions = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT"), "versions", NULL);
  g_autoptr(LimProject) project = NULL;
  LimTimeline *timeline;   /* the project's */
  g_autoptr(LimRunner) runner = NULL;
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) ran = NULL;
  g_autofree char *journal = g_dir_make_tmp ("liminal-sso-clean-XXXXXX", NULL);

  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (sandbox, 0, 30);
  g_assert_true (lim_sandbox_start (sandbox, 0, &error));
  base = lim_sandbox_get_base_url (sandbox);
  client = lim_client_new (base, "staging");
  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  project = lim_project_discover (versions, &error);
  g_assert_no_error (error);
  timeline = lim_project_load_timeline (project, &error);
  g_assert_no_error (error);
  runner = lim_runner_new (client, timeline, "staging", journal, LIM_APPLY_FLAGS_NONE);
  lim_runner_set_locking (runner, FALSE);
  lim_runner_prepare_async (runner, LIM_DIRECTION_UP, "head", LIM_RUN_FLAGS_NONE, NULL, sso_store_result, &prepared);
  g_assert_nonnull (lim_runner_prepare_finish (runner, sso_wait_result (&prepared), &error));
  g_assert_no_error (error);
  lim_runner_run_async (runner, NULL, sso_store_result, &ran);
  g_assert_true (lim_runner_run_finish (runner, sso_wait_result (&ran), &error));
  g_assert_no_error (error);
  clean_writes = (guint) lim_sandbox_get_write_count (sandbox);
  g_assert_cmpuint (clean_writes, >, 10);
  lim_sandbox_stop (sandbox);
  {
    g_autofree char *file = g_build_filename (journal, "staging.json", NULL);
    g_unlink (file);
    g_rmdir (journal);
  }
}

/* ---------------------------------------------------------------- tests */

static void
test_status_sign_in_needed (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(LimTenantStatus) status = NULL;
  g_autofree char *label = NULL;

  (void) data;
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  status = read_status (fx);
  g_assert_cmpint (status->state, ==, LIM_TENANT_STATE_SIGN_IN_NEEDED);
  g_assert_cmpstr (lim_tenant_state_to_string (status->state), ==, "sign-in-needed");
  label = lim_tenant_status_label (status);
  g_assert_cmpstr (label, ==, "Sign-in needed");
  g_assert_nonnull (strstr (status->message, "single sign-on"));
  g_assert_nonnull (strstr (status->message, "liminal login staging"));
  g_assert_nonnull (strstr (status->message, "LIMINAL_STAGING_SESSION"));
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 0);   /* status reads never prompt */

  /* without a LimSignIn, connecting for a run says the same */
  lim_workspace_set_sign_in (fx->ws, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LimClient) client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);

    g_assert_null (client);
    g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED);
  }
}

static void
test_connect_signs_in (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimSession) kept = NULL;
  g_autoptr(LimTenantStatus) status = NULL;

  (void) data;
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 1);
  g_assert_cmpint (g_array_index (fx->sign_in->reasons, LimSignInReason, 0), ==, LIM_SIGN_IN_REASON_NEEDED);
  g_assert_true (lim_client_get_can_sign_in (client));
  /* the cookie's expiry: the sandbox's default lifetime, an hour */
  g_assert_cmpint (lim_client_get_session_expiry (client), >, g_get_real_time () / G_USEC_PER_SEC + 3000);

  kept = keyring_session (fx->tenant);
  if (kept == NULL)
    g_error ("These tests need a secret service (run them through tests/run-with-keyring.sh, or under "
             "dbus-run-session with gnome-keyring-daemon --unlock)");
  g_assert_cmpstr (kept->cookie, ==, g_ptr_array_index (secrets_seen, secrets_seen->len - 2));
  g_assert_cmpstr (kept->csrf_token, ==, g_ptr_array_index (secrets_seen, secrets_seen->len - 1));
  g_assert_cmpint (kept->expires_at, ==, lim_client_get_session_expiry (client));

  /* the next status read uses the kept session, without asking */
  status = read_status (fx);
  g_assert_cmpint (status->state, ==, LIM_TENANT_STATE_BEHIND);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 1);

  /* an explicit sign-in (the app's Sign In…) replaces it */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(LimSession) fresh = NULL;
    g_autoptr(LimSession) again = NULL;

    lim_workspace_sign_in_async (fx->ws, fx->tenant, NULL, sso_store_result, &result);
    fresh = lim_workspace_sign_in_finish (fx->ws, sso_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fresh->cookie, !=, kept->cookie);
    again = keyring_session (fx->tenant);
    g_assert_nonnull (again);
    g_assert_cmpstr (again->cookie, ==, fresh->cookie);
  }
}

/* The acceptance proof at the engine's level. */
static void
test_expired_mid_run (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimSession) kept = NULL;
  g_autofree char *head = NULL;
  RunWatch w = { fx, 5, 0, 0, FALSE };
  Seen seen;
  guint64 writes_before;

  (void) data;
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  writes_before = lim_sandbox_get_write_count (fx->sandbox);
  g_assert_cmpuint (writes_before, ==, 0);

  g_assert_true (upgrade (fx, client, &w, LIM_RUN_FLAGS_NONE, &error));
  g_assert_no_error (error);

  /* it paused once, asked again (EXPIRED) after the 5th operation */
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 2);
  g_assert_cmpint (g_array_index (fx->sign_in->reasons, LimSignInReason, 1), ==, LIM_SIGN_IN_REASON_EXPIRED);
  g_assert_cmpuint (g_array_index (fx->sign_in->writes_at_call, guint64, 1), >, 0);
  g_assert_true (w.waited);
  g_assert_cmpuint (w.waiting_notifies, ==, 2);
  g_assert_false (lim_client_get_signing_in (client));

  /* every operation applied exactly once: the writes of a clean run, one
   * refused request (re-sent), nothing else refused */
  seen = seen_requests (fx);
  g_assert_cmpuint (seen.refused_401, ==, 1);
  g_assert_cmpuint (seen.other_4xx, ==, 0);
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sandbox), ==, clean_writes);
  g_assert_cmpuint (seen.ok_writes, ==, lim_sandbox_get_write_count (fx->sandbox));
  head = marker (fx);
  g_assert_cmpstr (head, ==, "4e2c8a9d5b70");

  /* the refused session left the keyring; the new one is there */
  kept = keyring_session (fx->tenant);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->cookie, ==, g_ptr_array_index (secrets_seen, secrets_seen->len - 2));
}

static void
test_expiring_before_op (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = NULL;
  RunWatch w = { fx, 0, 0, 0, FALSE };
  Seen seen;

  (void) data;
  fx->sign_in->n_short = 1;   /* the first session claims to run out in 5 s */
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (lim_client_session_expires_within (client, LIM_RUNNER_SESSION_MARGIN_S));

  g_assert_true (upgrade (fx, client, &w, LIM_RUN_FLAGS_NONE, &error));
  g_assert_no_error (error);
  /* renewed at the first operation's boundary, before any operation's
   * write (only the lock was taken), and never refused */
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 2);
  g_assert_cmpint (g_array_index (fx->sign_in->reasons, LimSignInReason, 1), ==, LIM_SIGN_IN_REASON_EXPIRED);
  g_assert_cmpuint (g_array_index (fx->sign_in->writes_at_call, guint64, 1), ==, 0);
  g_assert_true (w.waited);
  seen = seen_requests (fx);
  g_assert_cmpuint (seen.refused_401, ==, 0);
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sandbox), ==, clean_writes);
  g_assert_false (lim_client_session_expires_within (client, LIM_RUNNER_SESSION_MARGIN_S));
}

/* Without a LimSignIn (the command line): the run stops at the refusal,
 * naming tenant and operation; nothing was applied twice and a resume
 * after a new sign-in finishes the run. */
static void
test_no_sign_in (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimClient) again = NULL;
  g_autoptr(LimSession) kept = NULL;
  g_autofree char *head = NULL;
  RunWatch w = { fx, 3, 0, 0, FALSE };
  RunWatch w2 = { fx, 0, 0, 0, FALSE };
  Seen seen;

  (void) data;
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  client = connect (fx, LIM_TENANT_RESOLVE_NO_SIGN_IN, &error);   /* as a status read: never asks */
  g_assert_null (client);
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED);
  g_clear_error (&error);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 0);

  /* signed in elsewhere (`liminal login`): the session is in the keyring */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(LimSession) s = NULL;

    lim_workspace_sign_in_async (fx->ws, fx->tenant, NULL, sso_store_result, &result);
    s = lim_workspace_sign_in_finish (fx->ws, sso_wait_result (&result), &error);
    g_assert_no_error (error);
  }
  lim_workspace_set_sign_in (fx->ws, NULL);
  client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (lim_client_get_can_sign_in (client));

  g_assert_false (upgrade (fx, client, &w, LIM_RUN_FLAGS_NONE, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == LIM_RUNNER_ERROR);   /* FAILED, or UNCERTAIN when a status poll was refused */
  g_assert_nonnull (strstr (error->message, "staging"));
  g_assert_nonnull (strstr (error->message, "step"));
  g_assert_nonnull (strstr (error->message, "liminal login staging"));
  g_assert_false (w.waited);
  g_clear_error (&error);

  /* the refused session is removed from the keyring */
  lim_workspace_settle (fx->ws);
  kept = keyring_session (fx->tenant);
  g_assert_null (kept);

  /* status: sign-in needed (nobody to ask) */
  {
    g_autoptr(LimTenantStatus) status = read_status (fx);
    g_assert_cmpint (status->state, ==, LIM_TENANT_STATE_SIGN_IN_NEEDED);
  }

  /* sign in again, resume: every operation applied once */
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  again = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (upgrade (fx, again, &w2, LIM_RUN_FLAGS_RESUME, &error));
  g_assert_no_error (error);
  seen = seen_requests (fx);
  g_assert_cmpuint (seen.refused_401, ==, 1);
  g_assert_cmpuint (seen.other_4xx, ==, 0);
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sandbox), ==, clean_writes);
  head = marker (fx);
  g_assert_cmpstr (head, ==, "4e2c8a9d5b70");
}

/* A session Benchling rejects is removed from the keyring, by a status
 * read too (which never asks for a new one). */
static void
test_rejected_removed (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(SsoBrowser) browser = sso_browser_new (fx->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSession) session = NULL;
  g_autoptr(LimSession) kept = NULL;
  g_autoptr(LimTenantStatus) ok = NULL;
  g_autoptr(LimTenantStatus) refused = NULL;
  char *cookie = NULL, *csrf = NULL;
  gint64 expires = 0;

  (void) data;
  g_assert_true (sso_browser_sign_in (browser, LIM_SANDBOX_DEFAULT_SSO_USER, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL,
                                      FALSE, &cookie, &csrf, &expires, &error));
  g_assert_no_error (error);
  g_ptr_array_add (secrets_seen, g_strdup (cookie));
  g_ptr_array_add (secrets_seen, g_strdup (csrf));
  session = lim_session_new (cookie, csrf, expires);
  lim_tenant_secret_free (cookie);
  lim_tenant_secret_free (csrf);
  keyring_store (fx->tenant, session);

  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  ok = read_status (fx);
  g_assert_cmpint (ok->state, ==, LIM_TENANT_STATE_BEHIND);

  lim_sandbox_expire_sessions (fx->sandbox);
  refused = read_status (fx);
  g_assert_cmpint (refused->state, ==, LIM_TENANT_STATE_SIGN_IN_NEEDED);
  g_assert_nonnull (strstr (refused->message, "liminal login staging"));
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 0);
  lim_workspace_settle (fx->ws);
  kept = keyring_session (fx->tenant);
  g_assert_null (kept);

  /* an expired entry is not used (and nobody is asked during a status read) */
  {
    g_autoptr(LimSession) old = lim_session_new ("c00kie-old", "csrf-old", g_get_real_time () / G_USEC_PER_SEC - 10);
    g_autoptr(LimTenantStatus) st = NULL;

    g_ptr_array_add (secrets_seen, g_strdup ("c00kie-old"));
    keyring_store (fx->tenant, old);
    st = read_status (fx);
    g_assert_cmpint (st->state, ==, LIM_TENANT_STATE_SIGN_IN_NEEDED);
    g_assert_cmpuint (seen_requests (fx).refused_401, ==, 1);   /* not even sent */
  }
}

/* The cookie route of today still works for an `auth = sso` tenant. */
static void
test_env_session (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(SsoBrowser) browser = sso_browser_new (fx->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) extra = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(LimTenantStatus) status = NULL;
  char *cookie = NULL, *csrf = NULL;

  (void) data;
  g_assert_true (sso_browser_sign_in (browser, LIM_SANDBOX_DEFAULT_SSO_USER, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL,
                                      FALSE, &cookie, &csrf, NULL, &error));
  g_ptr_array_add (secrets_seen, g_strdup (cookie));
  g_ptr_array_add (secrets_seen, g_strdup (csrf));
  g_hash_table_insert (extra, (char *) "LIMINAL_STAGING_SESSION", cookie);
  g_hash_table_insert (extra, (char *) "LIMINAL_STAGING_CSRF", csrf);
  lim_workspace_set_env_func (fx->ws, fake_env, extra);
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  status = read_status (fx);
  g_assert_cmpint (status->state, ==, LIM_TENANT_STATE_BEHIND);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 0);
  lim_workspace_set_env_func (fx->ws, fake_env, NULL);
}

/* The lock recorded on the tenant now, read with a session of its own
 * (not the workspace's: nothing asked, nothing kept). */
static LimLock *
tenant_lock (Fixture *fx)
{
  g_autoptr(LimClient) client = lim_client_new (fx->base, "staging");
  g_autoptr(SsoBrowser) browser = sso_browser_new (fx->base);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  char *cookie = NULL, *csrf = NULL;

  g_assert_true (sso_browser_sign_in (browser, LIM_SANDBOX_DEFAULT_SSO_USER, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL,
                                      FALSE, &cookie, &csrf, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (secrets_seen, g_strdup (cookie));
  g_ptr_array_add (secrets_seen, g_strdup (csrf));
  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_session (client, cookie, csrf);
  lim_tenant_secret_free (cookie);
  lim_tenant_secret_free (csrf);
  lim_remote_fetch_async (client, LIM_FETCH_MARKER_ONLY, NULL, sso_store_result, &result);
  snapshot = lim_remote_fetch_finish (client, sso_wait_result (&result), &error);
  g_assert_no_error (error);
  return lim_lock_from_snapshot (snapshot);
}

/* The person closes the sign-in window a run asked for (the app's
 * /sign-in/app/cancelled-mid-run at the engine's level). */
static void
test_cancelled_mid_run (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(LimClient) again = NULL;
  g_autoptr(LimLock) left = NULL;
  g_autoptr(LimLock) after = NULL;
  g_autofree char *head = NULL;
  RunWatch w = { fx, 5, 0, 0, FALSE };
  RunWatch w2 = { fx, 0, 0, 0, FALSE };
  guint64 writes_stopped;
  Seen seen;

  (void) data;
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 1);
  fx->sign_in->refuse = TRUE;

  g_assert_false (upgrade_full (fx, client, &w, LIM_RUN_FLAGS_NONE, TRUE, NULL, &error));
  g_test_message ("the run: %s", error->message);
  g_assert_error (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_SIGN_IN_CANCELLED);
  g_assert_nonnull (strstr (error->message, "Signing in to Benchling tenant staging was cancelled"));
  g_assert_nonnull (strstr (error->message, "Stopped before step "));
  g_assert_nonnull (strstr (error->message, "--resume"));
  /* the lock was not freed without a session, and the run says so */
  g_assert_nonnull (strstr (error->message, "lock on tenant staging was left in place"));
  g_clear_error (&error);
  /* asked once mid-run (EXPIRED), and not again to free the lock */
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 2);
  g_assert_cmpint (g_array_index (fx->sign_in->reasons, LimSignInReason, 1), ==, LIM_SIGN_IN_REASON_EXPIRED);
  g_assert_cmpuint (w.done, >=, 5);   /* (an operation through the public API may follow) */
  g_assert_false (lim_client_get_signing_in (client));
  g_assert_cmpuint (n_warnings, ==, 0);
  left = tenant_lock (fx);
  g_assert_nonnull (left);
  g_assert_cmpint (left->pid, ==, getpid ());
  g_assert_cmpint (left->until, >, g_get_real_time () / G_USEC_PER_SEC);
  writes_stopped = lim_sandbox_get_write_count (fx->sandbox);
  g_assert_cmpuint (writes_stopped, <, clean_writes);

  /* resume, signing in again: takes over the lock this process left,
   * applies the rest, each operation once, and frees the lock */
  fx->sign_in->refuse = FALSE;
  again = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 3);
  upgrade_full (fx, again, &w2, LIM_RUN_FLAGS_RESUME, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 3);
  seen = seen_requests (fx);
  g_assert_cmpuint (seen.refused_401, ==, 1);
  g_assert_cmpuint (seen.other_4xx, ==, 0);
  /* a clean run's writes plus the lock's own two: taken by each run (the
   * resume frees it with its last marker write) */
  g_test_message ("writes: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " before the cancel), a clean run %u",
                  lim_sandbox_get_write_count (fx->sandbox), writes_stopped, clean_writes);
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sandbox), ==, clean_writes + 2);
  head = marker (fx);
  g_assert_cmpstr (head, ==, "4e2c8a9d5b70");
  after = tenant_lock (fx);
  g_assert_null (after);
  g_assert_cmpuint (n_warnings, ==, 0);
}

/* Stop while the run waits for a sign-in: the sign-in's cancellable is
 * cancelled (the app closes its window), and the run stops, as asked. */
static void
test_stop_while_signing_in (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = NULL;
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  RunWatch w = { fx, 3, 0, 0, FALSE };

  (void) data;
  lim_workspace_set_sign_in (fx->ws, LIM_SIGN_IN (fx->sign_in));
  client = connect (fx, LIM_TENANT_RESOLVE_DEFAULT, &error);
  g_assert_no_error (error);
  fx->sign_in->hold = TRUE;
  fx->sign_in->cancel_on_ask = g_object_ref (stop);

  g_assert_false (upgrade_full (fx, client, &w, LIM_RUN_FLAGS_NONE, TRUE, stop, &error));
  g_test_message ("the run: %s", error->message);
  g_assert_error (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "as asked"));
  g_assert_nonnull (strstr (error->message, "staging"));
  g_assert_nonnull (strstr (error->message, "Stopped before step "));
  g_assert_true (w.waited);
  g_assert_false (lim_client_get_signing_in (client));
  /* the held sign-in was asked once and ended by its cancellable */
  g_assert_cmpuint (fx->sign_in->reasons->len, ==, 2);
  g_assert_nonnull (fx->sign_in->held);
  g_assert_true (g_cancellable_is_cancelled (fx->sign_in->held));
  g_assert_cmpuint (seen_requests (fx).refused_401, ==, 1);
  g_assert_cmpuint (n_warnings, ==, 0);
  /* the held sign-in's task goes with the run's cancellable */
  g_clear_object (&fx->sign_in->held);
  g_clear_object (&fx->sign_in->cancel_on_ask);
}

/* ---------------------------------------------------------------- main */

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  (void) user_data;
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      {
        g_string_append_len (captured_log, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value) : fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    n_warnings++;
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);   /* debug lines are grepped too */
  captured_log = g_string_new (NULL);
  secrets_seen = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_log, NULL, NULL);
  measure_clean_run ("b27d9e41c0a8");

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/sso/status/sign-in-needed", test_status_sign_in_needed);
  ADD ("/sso/connect-signs-in", test_connect_signs_in);
  ADD ("/sso/run/expired-mid-run", test_expired_mid_run);
  ADD ("/sso/run/expiring-before-op", test_expiring_before_op);
  ADD ("/sso/run/no-sign-in", test_no_sign_in);
  ADD ("/sso/keyring/rejected-removed", test_rejected_removed);
  ADD ("/sso/env-session", test_env_session);
  ADD ("/sso/run/cancelled-mid-run", test_cancelled_mid_run);
  ADD ("/sso/run/stop-while-signing-in", test_stop_while_signing_in);
#undef ADD
  return g_test_run ();
}

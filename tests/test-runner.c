/* test-runner.c — upgrades and downgrades against an in-process sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lim-marker.h"
#include "lim-remote.h"
#include "lim-runner.h"
#include "lim-sandbox.h"

typedef struct
{
  LimSandbox  *sandbox;
  LimClient   *client;
  LimTimeline *timeline;
  char        *journal_dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *versions = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT"), "versions", NULL);

  fx->sandbox = lim_sandbox_new (NULL, "empty", &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (fx->sandbox, 0, 30);
  g_assert_true (lim_sandbox_start (fx->sandbox, 0, &error));
  base_url = lim_sandbox_get_base_url (fx->sandbox);
  fx->client = lim_client_new (base_url, "dev");
  lim_client_set_client_credentials (fx->client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (fx->client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_client_set_time_scale (fx->client, 0.01);
  fx->timeline = lim_timeline_load_dir (versions, &error);
  g_assert_no_error (error);
  fx->journal_dir = g_dir_make_tmp ("liminal-journal-XXXXXX", &error);
  g_assert_no_error (error);
  (void) data;
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autofree char *journal = g_build_filename (fx->journal_dir, "dev.json", NULL);

  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_unlink (journal);
  g_rmdir (fx->journal_dir);
  g_free (fx->journal_dir);
  lim_timeline_unref (fx->timeline);
  g_assert_finalize_object (fx->client);
  lim_sandbox_stop (fx->sandbox);
  g_assert_finalize_object (fx->sandbox);
  (void) data;
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;
  (void) source;
  *out = g_object_ref (result);
}

static LimRunner *
runner_new (Fixture *fx)
{
  return lim_runner_new (fx->client, fx->timeline, "dev", fx->journal_dir, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
}

static void
stamp (Fixture *fx, const char *revision)
{
  g_autoptr(LimRunner) runner = runner_new (fx);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  lim_runner_stamp_async (runner, revision, NULL, store_result, &result);
  lim_client_wait (&result);
  g_assert_true (lim_runner_stamp_finish (runner, result, &changed, &error));
  g_assert_no_error (error);
}

static gboolean
migrate (Fixture *fx, LimDirection direction, const char *descriptor, LimRunFlags flags, GError **error)
{
  g_autoptr(LimRunner) runner = runner_new (fx);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) ran = NULL;

  lim_runner_prepare_async (runner, direction, descriptor, flags, NULL, store_result, &prepared);
  lim_client_wait (&prepared);
  if (lim_runner_prepare_finish (runner, prepared, error) == NULL)
    return FALSE;
  lim_runner_run_async (runner, NULL, store_result, &ran);
  lim_client_wait (&ran);
  return lim_runner_run_finish (runner, ran, error);
}

static char *
marker (Fixture *fx)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) model = NULL;

  lim_remote_fetch_async (fx->client, LIM_FETCH_MARKER_ONLY, NULL, store_result, &result);
  lim_client_wait (&result);
  model = lim_remote_fetch_finish (fx->client, result, &error);
  g_assert_no_error (error);
  return g_strdup (lim_marker_get_revision_id (model, NULL));
}

static const char *
nth_id (Fixture *fx, int n)
{
  if (n < 0)
    n += (int) lim_timeline_get_n_revisions (fx->timeline);
  return lim_revision_get_id (lim_timeline_get_nth (fx->timeline, (guint) n));
}

static void
test_no_marker (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (migrate (fx, LIM_DIRECTION_UP, "head", 0, &error));
  g_assert_error (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_NO_MARKER);
  g_assert_nonnull (strstr (error->message, "liminal stamp dev"));
  (void) data;
}

static void
test_upgrade_demo_history (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *m = NULL;

  stamp (fx, nth_id (fx, 0));
  m = marker (fx);
  g_assert_cmpstr (m, ==, nth_id (fx, 0));

  if (!migrate (fx, LIM_DIRECTION_UP, "head", 0, &error))
    g_test_message ("upgrade head: %s", error->message);
  g_assert_no_error (error);
  g_free (m);
  m = marker (fx);
  g_assert_cmpstr (m, ==, nth_id (fx, -1));

  /* Already at head: up to date, nothing sent. */
  g_assert_true (migrate (fx, LIM_DIRECTION_UP, "head", 0, &error));
  g_assert_no_error (error);

  g_assert_true (migrate (fx, LIM_DIRECTION_DOWN, "-2", 0, &error));
  g_assert_no_error (error);
  g_free (m);
  m = marker (fx);
  g_assert_cmpstr (m, ==, nth_id (fx, -3));

  g_assert_true (migrate (fx, LIM_DIRECTION_UP, "+1", 0, &error));
  g_assert_no_error (error);
  g_assert_true (migrate (fx, LIM_DIRECTION_UP, nth_id (fx, -1), 0, &error));
  g_assert_no_error (error);
  g_free (m);
  m = marker (fx);
  g_assert_cmpstr (m, ==, nth_id (fx, -1));

  /* All the way down and up again. */
  g_assert_true (migrate (fx, LIM_DIRECTION_DOWN, nth_id (fx, 0), 0, &error));
  g_assert_no_error (error);
  g_free (m);
  m = marker (fx);
  g_assert_cmpstr (m, ==, nth_id (fx, 0));

  /* As in Liminal, re-creating a dropdown whose archived options differ
   * from the file is refused; the revision is simulated first, so nothing
   * is sent and the marker stays. */
  g_assert_false (migrate (fx, LIM_DIRECTION_UP, "head", 0, &error));
  g_assert_error (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is different in code versus Benchling"));
  g_free (m);
  m = marker (fx);
  g_assert_cmpstr (m, ==, nth_id (fx, 0));
  (void) data;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/runner/no-marker", test_no_marker);
  ADD ("/runner/upgrade-demo-history", test_upgrade_demo_history);
#undef ADD

  return g_test_run ();
}

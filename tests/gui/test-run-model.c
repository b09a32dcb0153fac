/* test-run-model.c — LimRun without widgets: a tenant two revisions behind
 * (an in-process sandbox) through connect → confirm → run → done; a
 * refused confirmation; a dry run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gui-test-util.h"
#include "lim-app-enums.h"
#include "lim-demo.h"
#include "lim-run.h"

typedef struct
{
  char         *root;
  LimSandbox   *sandbox;
  char         *sandbox_before;   /* its state before the run */
  LimWorkspace *workspace;
  LimTenant    *tenant;
  GPtrArray    *states;       /* the "state" values seen, as enum nicks */
  guint         n_confirms;
  gboolean      accept;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *url = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = NULL;
  guint n;

  fx->root = gui_test_make_project ();
  versions = g_build_filename (fx->root, "versions", NULL);
  timeline = lim_timeline_load_dir (versions, &error);
  g_assert_no_error (error);
  n = lim_timeline_get_n_revisions (timeline);
  g_assert_cmpuint (n, >, 2);

  /* Two revisions behind, as the demo's "test". */
  seed = g_strdup_printf ("demo@%s", lim_revision_get_id (lim_timeline_get_nth (timeline, n - 3)));
  fx->sandbox = lim_sandbox_new (NULL, seed, &error);
  g_assert_no_error (error);
  g_assert_true (lim_sandbox_start (fx->sandbox, 0, &error));
  g_assert_no_error (error);
  url = lim_sandbox_get_base_url (fx->sandbox);
  ini = g_strdup_printf ("[test]\n"
                         "tenant-name = test\n"
                         "url = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n",
                         url);
  ini_path = g_build_filename (fx->root, "tenants.ini", NULL);
  g_assert_true (g_file_set_contents (ini_path, ini, -1, NULL));

  fx->workspace = lim_workspace_open (fx->root, &error);
  g_assert_no_error (error);
  lim_workspace_set_env_func (fx->workspace, lim_demo_env, NULL);
  fx->tenant = lim_workspace_lookup_tenant (fx->workspace, "test", &error);
  g_assert_no_error (error);
  fx->states = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *tmp = g_path_get_dirname (fx->root);

  g_clear_pointer (&fx->tenant, lim_tenant_unref);
  g_assert_finalize_object (g_steal_pointer (&fx->workspace));
  lim_sandbox_stop (fx->sandbox);
  g_clear_object (&fx->sandbox);
  g_clear_pointer (&fx->states, g_ptr_array_unref);
  g_clear_pointer (&fx->sandbox_before, g_free);
  gui_test_remove_tree (tmp);
  g_free (fx->root);
}

static void
on_state_cb (LimRun     *run,
             GParamSpec *pspec,
             Fixture    *fx)
{
  GEnumClass *klass = g_type_class_ref (LIM_TYPE_RUN_STATE);

  g_ptr_array_add (fx->states, g_strdup (g_enum_get_value (klass, lim_run_get_state (run))->value_nick));
  g_type_class_unref (klass);
}

static void
on_confirm_cb (LimRun        *run,
               const LimPlan *plan,
               Fixture       *fx)
{
  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_CONFIRMING);
  g_assert_true (plan == lim_run_get_plan (run));
  g_assert_cmpuint (plan->revisions->len, ==, 2);
  g_assert_false (plan->resuming);
  fx->n_confirms++;
  lim_run_confirm (run, fx->accept);
}

static gboolean
run_settled (gpointer data)
{
  LimRunState state = lim_run_get_state (data);

  return lim_run_is_over (data) || state == LIM_RUN_STATE_STOPPED || state == LIM_RUN_STATE_FAILED;
}

static LimRun *
run_tenant (Fixture     *fx,
            LimRunFlags  flags)
{
  LimRun *run = lim_run_new (fx->workspace, fx->tenant, LIM_DIRECTION_UP, "head", flags);

  g_signal_connect (run, "notify::state", G_CALLBACK (on_state_cb), fx);
  g_signal_connect (run, "confirm", G_CALLBACK (on_confirm_cb), fx);
  fx->sandbox_before = lim_sandbox_get_state_json (fx->sandbox);
  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_PREPARING);
  lim_run_start (run);
  g_assert_true (gui_test_wait_until (run_settled, run, 60000));

  return run;
}

/* Nothing was written to the tenant. */
static void
assert_sandbox_unchanged (Fixture *fx)
{
  g_autofree char *after = lim_sandbox_get_state_json (fx->sandbox);

  g_assert_cmpstr (fx->sandbox_before, ==, after);
}

static char *
joined_states (Fixture *fx)
{
  g_ptr_array_add (fx->states, NULL);
  return g_strjoinv (" ", (char **) g_ptr_array_steal (fx->states, NULL));
}

static void
test_upgrade (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(LimRun) run = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *sandbox_state = NULL;
  g_auto(GStrv) ops = NULL;
  const char *head = lim_revision_get_id (lim_timeline_get_head (lim_workspace_get_timeline (fx->workspace)));

  fx->accept = TRUE;
  run = run_tenant (fx, LIM_RUN_FLAGS_NONE);

  g_test_message ("error: %s", lim_run_get_error_text (run));
  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_DONE);
  g_assert_cmpuint (fx->n_confirms, ==, 1);
  g_assert_true (lim_run_has_started (run));
  seen = joined_states (fx);
  g_assert_cmpstr (seen, ==, "confirming running done");
  g_assert_null (lim_run_get_error_text (run));
  g_assert_cmpfloat (lim_run_get_fraction (run), ==, 1.0);
  g_assert_cmpstr (lim_run_get_target (run), ==, head);
  g_assert_cmpstr (lim_run_get_heading (run), ==, "Upgrade Complete");
  g_assert_cmpuint (lim_run_get_n_requests (run), >, 0);
  /* What the run window's summary says, and the run's record. */
  {
    g_autofree char *summary = lim_run_dup_summary (run);
    g_autofree char *from = g_strndup (lim_run_get_from (run), 7);
    g_autofree char *to = g_strndup (head, 7);
    g_autofree char *expected = g_strdup_printf ("Upgraded test: %s → %s · %u operations · ", from, to,
                                                 lim_run_get_plan (run)->n_operations);

    g_assert_true (g_str_has_prefix (summary, expected));
    g_assert_nonnull (lim_run_get_record_path (run));
    g_assert_true (g_file_test (lim_run_get_record_path (run), G_FILE_TEST_IS_REGULAR));
  }
  ops = lim_run_dup_operation_states (run);
  g_assert_cmpuint (g_strv_length (ops), ==, lim_run_get_plan (run)->n_operations);
  for (guint i = 0; ops[i] != NULL; i++)
    g_assert_true (g_str_equal (ops[i], "done") || g_str_equal (ops[i], "skipped"));

  /* The marker moved to the head. */
  sandbox_state = lim_sandbox_get_state_json (fx->sandbox);
  g_assert_nonnull (strstr (sandbox_state, head));
}

static void
test_declined (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(LimRun) run = NULL;
  g_autofree char *seen = NULL;

  fx->accept = FALSE;
  run = run_tenant (fx, LIM_RUN_FLAGS_NONE);

  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_DECLINED);
  g_assert_true (lim_run_is_over (run));
  g_assert_false (lim_run_has_started (run));
  g_assert_cmpuint (fx->n_confirms, ==, 1);
  seen = joined_states (fx);
  g_assert_cmpstr (seen, ==, "confirming declined");
  g_assert_null (lim_run_get_error_text (run));
  /* A late answer changes nothing. */
  lim_run_confirm (run, TRUE);
  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_DECLINED);
  assert_sandbox_unchanged (fx);
}

static void
test_dry_run (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(LimRun) run = NULL;
  g_autofree char *report = NULL;

  run = run_tenant (fx, LIM_RUN_FLAGS_DRY_RUN);

  /* Never confirmed: it writes nothing. */
  g_assert_cmpuint (fx->n_confirms, ==, 0);
  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_DONE);
  report = lim_run_dup_dry_run_report (run);
  g_assert_nonnull (strstr (report, "Nothing was written to the tenant."));
  assert_sandbox_unchanged (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/liminal/run-model/upgrade", Fixture, NULL, fixture_setup, test_upgrade, fixture_teardown);
  g_test_add ("/liminal/run-model/declined", Fixture, NULL, fixture_setup, test_declined, fixture_teardown);
  g_test_add ("/liminal/run-model/dry-run", Fixture, NULL, fixture_setup, test_dry_run, fixture_teardown);

  return g_test_run ();
}

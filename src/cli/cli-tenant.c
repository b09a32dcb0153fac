/* cli-tenant.c — the commands over one tenant or all of them: status,
 * current, stamp, upgrade and downgrade.
 *
 * The project, its tenants, the connection, the runner's journal and apply
 * flags and the concurrent status reads all come from LimWorkspace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lim-revision.h"

#include "cli-private.h"

void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;
  (void) source;
  *out = g_object_ref (result);
}

void
target_clear (Target *target)
{
  g_clear_object (&target->client);
  g_clear_pointer (&target->tenant, lim_tenant_unref);
  if (target->workspace)
    lim_workspace_settle (target->workspace);
  g_clear_object (&target->workspace);
}

/* The project of -C DIR, its tenant named @name and a client for it, into
 * @target (zeroed).  On failure @target holds what was opened so far. */
gboolean
open_tenant (Globals    *globals,
             const char *name,
             Target     *target,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  target->workspace = lim_workspace_open (globals->directory, error);
  if (target->workspace == NULL)
    return FALSE;
  lim_workspace_set_front_end (target->workspace, "cli");
  target->tenant = lim_workspace_lookup_tenant (target->workspace, name, error);
  if (target->tenant == NULL)
    return FALSE;
  lim_workspace_connect_async (target->workspace, target->tenant, LIM_TENANT_RESOLVE_DEFAULT, NULL, store_result,
                               &result);
  lim_client_wait (&result);
  target->client = lim_workspace_connect_finish (target->workspace, result, error);
  return target->client != NULL;
}

/* Set @tenant's revision marker to @id; @changed: whether it was not. */
gboolean
stamp_tenant (LimWorkspace *workspace,
              LimTenant    *tenant,
              LimClient    *client,
              const char   *id,
              gboolean      break_lock,
              gboolean     *changed,
              GError      **error)
{
  g_autoptr(LimRunner) runner = lim_workspace_new_runner (workspace, tenant, client, FALSE);
  g_autoptr(GAsyncResult) result = NULL;

  lim_runner_set_break_lock (runner, break_lock);
  lim_runner_stamp_async (runner, id, NULL, store_result, &result);
  lim_client_wait (&result);
  return lim_runner_stamp_finish (runner, result, changed, error);
}

/* The workspace's protected-tenant rule for a change of @flags to @tenant.
 * @yes and @confirm_tenant: --yes and --confirm-tenant NAME.  A matching
 * NAME with --yes confirms anywhere; otherwise a terminal is asked for the
 * alias, and without one the change is refused.  Returns EXIT_OK to go on,
 * or the exit status after saying why not. */
static int
confirm_protected (LimTenant  *tenant,
                   LimRunFlags flags,
                   gboolean    yes,
                   const char *confirm_tenant)
{
  const char *alias = lim_tenant_get_alias (tenant);
  char line[256];

  if (!lim_workspace_needs_typed_confirmation (tenant, flags))
    return EXIT_OK;
  if (confirm_tenant != NULL)
    {
      if (!lim_workspace_typed_confirmation_matches (tenant, confirm_tenant))
        {
          /* Translators: what was given, then a tenant alias */
          g_printerr (_("liminal: “%s” does not match the tenant %s: nothing was changed.\n"), confirm_tenant, alias);
          return EXIT_USER;
        }
      if (yes)
        return EXIT_OK;
    }
  if (!isatty (STDIN_FILENO))
    {
      /* Translators: a tenant alias, twice */
      g_printerr (_("liminal: %s is protected: without a terminal, confirm the change with both --yes and "
                    "--confirm-tenant %s.\n"), alias, alias);
      return EXIT_USAGE;
    }
  /* Translators: a tenant alias */
  g_printerr (_("%s is protected. Type its name to confirm:"), alias);
  g_printerr (" ");
  fflush (stderr);
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  g_strchomp (line);
  if (!lim_workspace_typed_confirmation_matches (tenant, line))
    {
      g_printerr (_("liminal: “%s” does not match the tenant %s: nothing was changed.\n"), line, alias);
      return EXIT_USER;
    }
  return EXIT_OK;
}

#define BREAK_LOCK_HELP \
  N_("Take over the tenant lock of another run once its lease has expired")
#define CONFIRM_TENANT_HELP \
  N_("Confirm a change of the protected tenant NAME (without a terminal, together with --yes)")

/* ---------------------------------------------------------------- status */

/* "lock": {holder, host, action, since, until (unix seconds), stale,
 * expired}, or null. */
static void
add_lock_member (JsonBuilder           *b,
                 const LimTenantStatus *st)
{
  json_builder_set_member_name (b, "lock");
  if (st->lock == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "holder");
  json_builder_add_string_value (b, st->lock->holder);
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, st->lock->host);
  json_builder_set_member_name (b, "since");
  json_builder_add_int_value (b, st->lock->since);
  json_builder_set_member_name (b, "until");
  json_builder_add_int_value (b, st->lock->until);
  json_builder_set_member_name (b, "action");
  if (st->lock->action)
    json_builder_add_string_value (b, st->lock->action);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "stale");
  json_builder_add_boolean_value (b, lim_lock_is_stale (st->lock));
  json_builder_set_member_name (b, "expired");
  json_builder_add_boolean_value (b, lim_lock_is_expired (st->lock, g_get_real_time () / G_USEC_PER_SEC));
  json_builder_end_object (b);
}

/* Whether the tenant @alias of @workspace is protected. */
static gboolean
alias_is_protected (LimWorkspace *workspace,
                    const char   *alias)
{
  g_autoptr(LimTenant) tenant = lim_workspace_lookup_tenant (workspace, alias, NULL);

  return tenant != NULL && lim_tenant_get_protected (tenant);
}

/* Whether @state is a reading of the tenant's marker, rather than a reason
 * it could not be read. */
static gboolean
state_is_read (LimTenantState state)
{
  return state == LIM_TENANT_STATE_UP_TO_DATE || state == LIM_TENANT_STATE_BEHIND ||
         state == LIM_TENANT_STATE_NO_MARKER || state == LIM_TENANT_STATE_UNKNOWN_REVISION;
}

int
cmd_status (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimWorkspace) workspace = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = { json_option (&json), { NULL } };
  int status = EXIT_OK;

  if (!parse_options ("status", "", _("Show every configured tenant: its revision, how far behind head it is, or why "
                                      "it could not be read. Tenants are read concurrently. Exit status 4 when a "
                                      "tenant could not be read."),
                      entries, &argc, &argv, 0, 0, &status))
    return status;
  workspace = lim_workspace_open (globals->directory, &error);
  if (workspace == NULL)
    return fail (error);
  lim_workspace_read_all_async (workspace, LIM_WORKSPACE_READ_DEFAULT, NULL, store_result, &result);
  lim_client_wait (&result);
  statuses = lim_workspace_read_all_finish (workspace, result, &error);
  lim_workspace_settle (workspace);   /* refused sessions leave the keyring */
  if (statuses == NULL)
    return fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      json_builder_begin_array (b);
      for (guint i = 0; i < statuses->len; i++)
        {
          LimTenantStatus *st = g_ptr_array_index (statuses, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "tenant");
          json_builder_add_string_value (b, st->alias);
          json_builder_set_member_name (b, "protected");
          json_builder_add_boolean_value (b, alias_is_protected (workspace, st->alias));
          json_builder_set_member_name (b, "revision");
          if (st->revision)
            json_builder_add_string_value (b, st->revision);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "description");
          if (st->description)
            json_builder_add_string_value (b, st->description);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "head");
          json_builder_add_string_value (b, st->head);
          json_builder_set_member_name (b, "behind");
          if (st->state == LIM_TENANT_STATE_BEHIND || st->state == LIM_TENANT_STATE_UP_TO_DATE)
            json_builder_add_int_value (b, st->behind);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, lim_tenant_state_to_string (st->state));
          json_builder_set_member_name (b, "message");
          if (st->message)
            json_builder_add_string_value (b, st->message);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "seconds");
          json_builder_add_double_value (b, st->seconds);
          add_lock_member (b, st);
          json_builder_set_member_name (b, "waiting_for");
          if (st->waiting_for)
            json_builder_add_string_value (b, st->waiting_for);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      for (guint i = 0; i < statuses->len; i++)
        {
          LimTenantStatus *st = g_ptr_array_index (statuses, i);
          g_autofree char *label = lim_tenant_status_label (st);
          /* Translators: the marker of a protected tenant in `liminal status` */
          const char *marker = alias_is_protected (workspace, st->alias) ? _("protected") : "";
          g_autofree char *lock = lim_tenant_status_describe_lock (st);
          g_print ("%-12s %-10s %-14s %-18s %s\n", st->alias, marker, st->revision ? st->revision : "-", label,
                   st->description ? st->description : (st->message ? st->message : ""));
          if (lock)
            g_print ("%-12s %s\n", "", lock);
          if (st->waiting_for)
            {
              /* Translators: gate tenants (promote-after) a tenant behind head waits for */
              g_autofree char *waiting = g_strdup_printf (_("waiting for %s"), st->waiting_for);
              g_print ("%-12s %s\n", "", waiting);
            }
        }
      if (statuses->len == 0)
        g_print (_("No tenants are configured: add them to %s/tenants.ini.\n"),
                 lim_project_get_config_dir (lim_workspace_get_project (workspace)));
    }
  for (guint i = 0; i < statuses->len; i++)
    if (!state_is_read (((LimTenantStatus *) g_ptr_array_index (statuses, i))->state))
      return EXIT_UNREADABLE;
  return EXIT_OK;
}

/* ---------------------------------------------------------------- current */

int
cmd_current (Globals *globals,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
  gboolean json = FALSE;
  GOptionEntry entries[] = { json_option (&json), { NULL } };
  int status = EXIT_OK;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimTenantStatus) st = NULL;

  if (!parse_options ("current", "TENANT", _("Print the revision a tenant is at."), entries, &argc, &argv, 1, 1,
                      &status))
    return status;
  if (!open_tenant (globals, argv[1], &target, &error))
    return fail (error);
  lim_tenant_status_read_async (target.tenant, target.client, lim_workspace_get_timeline (target.workspace), NULL,
                                store_result, &result);
  lim_client_wait (&result);
  st = lim_tenant_status_read_finish (result);

  if (st->revision == NULL)
    {
      print_error (st->message);
      return EXIT_USER;
    }
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "tenant");
      json_builder_add_string_value (b, st->alias);
      json_builder_set_member_name (b, "revision");
      json_builder_add_string_value (b, st->revision);
      json_builder_set_member_name (b, "description");
      if (st->description)
        json_builder_add_string_value (b, st->description);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, lim_tenant_state_to_string (st->state));
      json_builder_set_member_name (b, "behind");
      json_builder_add_int_value (b, st->behind);
      add_lock_member (b, st);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_autofree char *lock = lim_tenant_status_describe_lock (st);
      g_print (_("Current remote revision_id: %s.\n"), st->revision);
      if (st->description)
        g_print ("%s\n", st->description);
      if (lock)
        g_print ("%s\n", lock);
      if (st->state == LIM_TENANT_STATE_UNKNOWN_REVISION)
        print_error (st->message);
    }
  return st->state == LIM_TENANT_STATE_UNKNOWN_REVISION ? EXIT_USER : EXIT_OK;
}

/* ---------------------------------------------------------------- stamp */

int
cmd_stamp (Globals *globals,
           int      argc,
           char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
  int status = EXIT_OK;
  LimRevision *rev;
  gboolean changed = FALSE;
  gboolean yes = FALSE, break_lock = FALSE;
  g_autofree char *confirm_tenant = NULL;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Confirm the change (with --confirm-tenant for a protected "
                                                 "tenant without a terminal)"), NULL },
    { "confirm-tenant", 0, 0, G_OPTION_ARG_STRING, &confirm_tenant, CONFIRM_TENANT_HELP, N_("NAME") },
    { "break-lock", 0, 0, G_OPTION_ARG_NONE, &break_lock, BREAK_LOCK_HELP, NULL },
    { NULL }
  };

  if (!parse_options ("stamp", "TENANT REVISION", _("Set a tenant's revision marker without running operations: "
                                                    "how a tenant that already matches a revision is adopted."),
                      entries, &argc, &argv, 2, 2, &status))
    return status;
  if (!open_tenant (globals, argv[1], &target, &error))
    return fail (error);
  rev = lim_timeline_find (lim_workspace_get_timeline (target.workspace), argv[2], &error);
  if (rev == NULL)
    return fail (error);
  status = confirm_protected (target.tenant, 0, yes, confirm_tenant);
  if (status != EXIT_OK)
    return status;
  if (!stamp_tenant (target.workspace, target.tenant, target.client, lim_revision_get_id (rev), break_lock, &changed,
                     &error))
    return fail (error);
  if (changed)
    g_print (_("Set revision_id to %s within 'liminal_remote' schema.\n"), lim_revision_get_id (rev));
  else
    g_print (_("Tenant %s is already stamped with %s.\n"), lim_tenant_get_alias (target.tenant),
             lim_revision_get_id (rev));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- upgrade, downgrade */

/* GOption takes "-1" for an option: move descriptor-like arguments behind
 * "--" first. */
static char **
protect_descriptors (int   *argc,
                     char **argv)
{
  GPtrArray *out = g_ptr_array_new ();
  GPtrArray *tail = g_ptr_array_new ();

  for (int i = 0; i < *argc; i++)
    {
      const char *a = argv[i];
      gboolean numeric = (a[0] == '-' || a[0] == '+') && a[1] != '\0' &&
                         strspn (a + 1, "0123456789 ") == strlen (a + 1);
      if (i > 0 && numeric)
        g_ptr_array_add (tail, argv[i]);
      else
        g_ptr_array_add (out, argv[i]);
    }
  if (tail->len > 0)
    {
      g_ptr_array_add (out, (gpointer) "--");
      for (guint i = 0; i < tail->len; i++)
        g_ptr_array_add (out, g_ptr_array_index (tail, i));
    }
  g_ptr_array_free (tail, TRUE);
  *argc = out->len;
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static int
cmd_migrate (Globals     *globals,
             int          argc,
             char       **argv,
             LimDirection direction)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
  gboolean dry_run = FALSE, resume = FALSE, yes = FALSE, json = FALSE, break_lock = FALSE;
  g_autofree char *confirm_tenant = NULL;
  g_autofree char *override_gate = NULL;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Simulate on a copy of the tenant and report every problem; "
                                                       "write nothing"), NULL },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, N_("Continue a run that stopped, from the first operation not "
                                                     "known to be applied"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Confirm every change of a dropdown option in use"), NULL },
    { "confirm-tenant", 0, 0, G_OPTION_ARG_STRING, &confirm_tenant, CONFIRM_TENANT_HELP, N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a stream of JSON events"), NULL },
    { "break-lock", 0, 0, G_OPTION_ARG_NONE, &break_lock, BREAK_LOCK_HELP, NULL },
    { "override-gate", 0, 0, G_OPTION_ARG_STRING, &override_gate,
      N_("Upgrade although a promotion gate (promote-after) is closed; REASON is recorded in the run record"),
      N_("REASON") },
    { NULL }
  };
  const char *command = direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade";
  g_autofree char *help_command = g_strdup_printf ("%s ", command);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimRunner) runner = NULL;
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) ran = NULL;
  const LimPlan *plan;
  Printer printer = { 0 };
  LimRunFlags flags = 0;
  gboolean ok;

  {
    char **protected = protect_descriptors (&argc, argv);
    /* GOption rearranges the vector; keep our own copy of the pointers. */
    args = g_strdupv (protected);
    g_free (protected);
  }
  argv = args;
  {
    g_autoptr(GOptionContext) context = g_option_context_new (direction == LIM_DIRECTION_UP ? "TENANT DESCRIPTOR"
                                                                                             : "TENANT DESCRIPTOR");
    g_autoptr(GError) opt_error = NULL;
    g_option_context_set_summary (context, direction == LIM_DIRECTION_UP
                                             ? _("Upgrade a tenant. DESCRIPTOR: “head”, “+n”, or a revision id.")
                                             : _("Downgrade a tenant. DESCRIPTOR: “-n” or a revision id."));
    g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
    /* parse_strv frees what it removes: give it a vector it owns. */
    if (!g_option_context_parse_strv (context, &args, &opt_error))
      return usage_error (help_command, opt_error->message);
    /* Drop the "--" protect_descriptors() added, if GOption left it. */
    for (guint i = 1; args[i]; i++)
      if (strcmp (args[i], "--") == 0)
        {
          g_free (args[i]);
          memmove (&args[i], &args[i + 1], (g_strv_length (args) - i) * sizeof (char *));
          break;
        }
    argv = args;
    argc = g_strv_length (args);
  }
  if (argc != 3)
    return usage_error (help_command, argc < 3 ? _("Missing arguments") : _("Too many arguments"));
  if (dry_run && resume)
    return usage_error (help_command, _("--dry-run and --resume cannot be used together"));
  if (override_gate && direction != LIM_DIRECTION_UP)
    return usage_error (help_command, _("--override-gate is for upgrades: downgrades are not gated"));
  if (override_gate && *g_strstrip (override_gate) == '\0')
    return usage_error (help_command, _("--override-gate needs a written reason"));
  /* `liminal upgrade prod "remove dough column"`: a description where a
   * descriptor belongs — the person wants a new revision. */
  if (direction == LIM_DIRECTION_UP && strpbrk (argv[2], " \t") != NULL
      && argv[2][strspn (argv[2], " \t")] != '+')
    {
      g_printerr (_("liminal: Error with upgrade descriptor %s. Must be 'head', '+n', or a valid revision id.\n"),
                  argv[2]);
      g_printerr (_("liminal: To write a new revision described as “%s”, run: liminal revision %s \"%s\"\n"),
                  argv[2], argv[1], argv[2]);
      return EXIT_USER;
    }

  if (!open_tenant (globals, argv[1], &target, &error))
    return fail (error);
  flags = (dry_run ? LIM_RUN_FLAGS_DRY_RUN : 0) | (resume ? LIM_RUN_FLAGS_RESUME : 0) | (yes ? LIM_RUN_FLAGS_YES : 0) |
          (break_lock ? LIM_RUN_FLAGS_BREAK_LOCK : 0);
  runner = lim_workspace_new_runner (target.workspace, target.tenant, target.client, TRUE);
  lim_runner_set_override (runner, override_gate);

  lim_runner_prepare_async (runner, direction, argv[2], flags, NULL, store_result, &prepared);
  lim_client_wait (&prepared);
  plan = lim_runner_prepare_finish (runner, prepared, &error);
  if (plan == NULL && json && g_error_matches (error, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD))
    {
      /* Another run holds the tenant: refused before anything was sent. */
      emit_json_event ("done", "sresult", "failed", "smessage", error->message, NULL);
      return EXIT_LOCKED;
    }
  if (plan == NULL && json && g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_GATED))
    {
      emit_json_event ("done", "sresult", "gated", "smessage", error->message, NULL);
      return EXIT_GATED;
    }
  if (plan == NULL)
    return fail (error);

  printer.json = json;
  printer.tty = !json && isatty (STDERR_FILENO);
  printer.runner = runner;
  g_signal_connect (runner, "revision-started", G_CALLBACK (on_revision_started), &printer);
  g_signal_connect (runner, "operation-state", G_CALLBACK (on_operation_state), &printer);
  g_signal_connect (runner, "recovering", G_CALLBACK (on_recovering), &printer);
  if (!yes && !json && isatty (STDIN_FILENO))
    g_signal_connect (runner, "confirm", G_CALLBACK (on_confirm), &printer);

  if (json)
    emit_json_event ("plan", "stenant", lim_tenant_get_alias (target.tenant), "sdirection", command, "sfrom",
                     plan->from, "sto", plan->to, "irevisions", (int) plan->revisions->len, "ioperations",
                     (int) plan->n_operations, "idestructive", (int) plan->n_destructive, "sdry_run",
                     dry_run ? "true" : NULL, NULL);
  if (plan->up_to_date)
    {
      /* Only frees a lock a dead run of this host left behind. */
      if (!dry_run)
        {
          lim_runner_run_async (runner, NULL, store_result, &ran);
          lim_client_wait (&ran);
          lim_runner_run_finish (runner, ran, NULL);
        }
      if (json)
        emit_json_event ("done", "sresult", "up-to-date", NULL);
      else
        g_print (_("Tenant %s is already at head (%s): nothing to do.\n"), lim_tenant_get_alias (target.tenant),
                 plan->to);
      return EXIT_OK;
    }
  if (!json)
    {
      if (direction == LIM_DIRECTION_UP)
        g_print (_("Upgrading from %s to %s. %u revision file(s) away...\n"), plan->from, plan->to,
                 plan->revisions->len);
      else
        g_print (_("Downgrading from %s to %s. %u revision file(s) away...\n"), plan->from, plan->to,
                 plan->revisions->len);
      if (dry_run)
        g_print (_("Dry run: simulating on a copy of the tenant; nothing will be written.\n"));
      if (plan->resuming)
        g_print (_("Resuming the unfinished run recorded in the journal.\n"));
      if (lim_runner_get_gate_missing (runner))
        {
          g_autofree char *gates = g_strjoinv (", ", (char **) lim_runner_get_gate_waiting (runner));
          /* Translators: gate tenants, then the reason given */
          g_print (_("Overriding the promotion gate (waiting for %s): “%s”\n"), gates, override_gate);
        }
    }
  {
    int refused = confirm_protected (target.tenant, flags, yes, confirm_tenant);
    if (refused != EXIT_OK)
      {
        if (json)
          emit_json_event ("done", "sresult", "refused", NULL);
        return refused;
      }
  }

  lim_runner_run_async (runner, dry_run ? NULL : cli_signals_cancellable (), store_result, &ran);
  lim_client_wait (&ran);
  ok = lim_runner_run_finish (runner, ran, &error);

  if (dry_run)
    {
      GPtrArray *problems = lim_runner_get_problems (runner);
      for (guint i = 0; i < problems->len; i++)
        {
          if (json)
            emit_json_event ("problem", "smessage", g_ptr_array_index (problems, i), NULL);
          else
            g_print (_("Problem: %s\n"), (char *) g_ptr_array_index (problems, i));
        }
    }
  {
    const LimClientStats *stats = lim_client_get_stats (target.client);
    if (json)
      emit_json_event ("done", "sresult", ok ? "complete" : "failed", "smessage", error ? error->message : NULL,
                       "irequests", (int) stats->total, "irate_limited", (int) stats->rate_limited, "srun",
                       lim_runner_get_record_id (runner), NULL);
    else if (ok)
      g_print (dry_run ? _("Dry run complete: no problems found.\n") : _("Migration complete\n"));
    if (!json && lim_runner_get_record_id (runner))
      /* Translators: a run id, twice */
      g_printerr (_("Recorded as run %s (liminal report %s).\n"), lim_runner_get_record_id (runner),
                  lim_runner_get_record_id (runner));
  }
  if (!ok)
    {
      if (!json)
        print_error (error->message);
      if (g_error_matches (error, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD))
        return EXIT_LOCKED;
      return cli_signals_exit_status (EXIT_USER);
    }
  return EXIT_OK;
}

int
cmd_upgrade (Globals *globals,
             int      argc,
             char   **argv)
{
  return cmd_migrate (globals, argc, argv, LIM_DIRECTION_UP);
}

int
cmd_downgrade (Globals *globals,
               int      argc,
               char   **argv)
{
  return cmd_migrate (globals, argc, argv, LIM_DIRECTION_DOWN);
}

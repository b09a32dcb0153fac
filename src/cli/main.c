/* main.c — the `liminal` command.
 *
 * Exit status: 0 success, 1 a user error (bad input, bad descriptor, an
 * invalid project), 2 a usage error, 3 `diff`: the tenant is not in sync
 * with the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "lim-compare.h"
#include "lim-model-files.h"
#include "lim-generate.h"
#include "lim-marker.h"
#include "lim-operation.h"
#include "lim-project.h"
#include "lim-remote.h"
#include "lim-revision.h"
#include "lim-runner.h"
#include "lim-status.h"
#include "lim-tenant-config.h"
#include "lim-timeline.h"

enum {
  EXIT_OK = 0,
  EXIT_USER = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  const char *directory;   /* -C DIR */
} Globals;

typedef int (*CommandFunc) (Globals *globals, int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *args;     /* synopsis of the arguments */
  const char  *summary;
  CommandFunc  func;
} Command;

static void
print_error (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] != '\0')
      g_printerr ("liminal: %s\n", lines[i]);
}

static int
fail (GError *error)
{
  print_error (error->message);
  return EXIT_USER;
}

static int
usage_error (const char *command, const char *message)
{
  g_printerr ("liminal: %s\n", message);
  g_printerr (_("Try “liminal %s--help” for more information.\n"), command ? command : "");
  return EXIT_USAGE;
}

/* Parse per-command options; returns FALSE after printing a usage error or
 * help (the exit code goes to @status). */
static gboolean
parse_options (const char   *command,
               const char   *parameter_string,
               const char   *summary,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv,
               guint         min_args,
               guint         max_args,
               int          *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *help_command = g_strdup_printf ("%s ", command);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (help_command, error->message);
      return FALSE;
    }
  /* (*argv)[0] is the command name. */
  if ((guint) (*argc - 1) < min_args || (guint) (*argc - 1) > max_args)
    {
      *status = usage_error (help_command, (guint) (*argc - 1) < min_args ? _("Missing arguments")
                                                                            : _("Too many arguments"));
      return FALSE;
    }
  return TRUE;
}

static LimProject *
open_project (Globals *globals, GError **error)
{
  return lim_project_discover (globals->directory, error);
}

static LimTimeline *
open_timeline (Globals *globals, LimProject **project_out, GError **error)
{
  g_autoptr(LimProject) project = open_project (globals, error);
  LimTimeline *timeline;

  if (project == NULL)
    return NULL;
  timeline = lim_project_load_timeline (project, error);
  if (timeline == NULL)
    return NULL;
  lim_timeline_ref (timeline);
  if (project_out)
    *project_out = g_steal_pointer (&project);
  return timeline;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* ---------------------------------------------------------------- init */

static int
cmd_init (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autofree char *init_file = NULL;
  int status = EXIT_OK;

  if (!parse_options ("init", "", _("Start a Liminal project in the current folder (or -C DIR): "
                                     "liminal/versions/ with an initial revision, and liminal/tenants.ini."),
                      NULL, &argc, &argv, 0, 0, &status))
    return status;

  project = lim_project_init (globals->directory, &init_file, &error);
  if (project == NULL)
    return fail (error);
  g_print (_("Initialized Liminal CLI. Init revision file generated at %s\n"), init_file);
  return EXIT_OK;
}

/* ---------------------------------------------------------------- head */

static int
cmd_head (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  int status = EXIT_OK;

  if (!parse_options ("head", "", _("Print the id of the newest revision."), NULL, &argc, &argv, 0, 0, &status))
    return status;
  timeline = open_timeline (globals, NULL, &error);
  if (timeline == NULL)
    return fail (error);
  g_print ("%s (head)\n", lim_revision_get_id (lim_timeline_get_head (timeline)));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- history */

static int
cmd_history (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  guint n;

  if (!parse_options ("history", "", _("List the revisions from the base to the head."), entries, &argc, &argv, 0,
                      0, &status))
    return status;
  timeline = open_timeline (globals, &project, &error);
  if (timeline == NULL)
    return fail (error);

  n = lim_timeline_get_n_revisions (timeline);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          LimRevision *rev = lim_timeline_get_nth (timeline, i);
          g_autofree char *file = lim_project_relative_path (project, lim_revision_get_file (rev));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, lim_revision_get_id (rev));
          json_builder_set_member_name (builder, "down_revision");
          if (lim_revision_get_down_revision (rev))
            json_builder_add_string_value (builder, lim_revision_get_down_revision (rev));
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, lim_revision_get_description (rev));
          json_builder_set_member_name (builder, "file");
          json_builder_add_string_value (builder, file);
          json_builder_set_member_name (builder, "upgrade_count");
          json_builder_add_int_value (builder, lim_revision_get_upgrade (rev)->len);
          json_builder_set_member_name (builder, "downgrade_count");
          json_builder_add_int_value (builder, lim_revision_get_downgrade (rev)->len);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
      return EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      LimRevision *rev = lim_timeline_get_nth (timeline, i);
      const char *down = lim_revision_get_down_revision (rev);

      g_print ("%s -> %s%s, %s\n", down ? down : "<base>", lim_revision_get_id (rev),
               i + 1 == n ? " (head)" : "", lim_revision_get_description (rev));
    }
  return EXIT_OK;
}

/* ---------------------------------------------------------------- show */

static JsonNode *
operations_json (GPtrArray *ops)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < ops->len; i++)
    json_array_add_element (arr, lim_operation_to_json (g_ptr_array_index (ops, i)));
  node = json_node_init_array (json_node_alloc (), arr);
  json_array_unref (arr);
  return node;
}

static void
print_operations (const char *title, GPtrArray *ops)
{
  g_print ("\n%s\n", title);
  if (ops->len == 0)
    g_print ("  %s\n", _("(none)"));
  for (guint i = 0; i < ops->len; i++)
    {
      g_autofree char *text = lim_operation_describe (g_ptr_array_index (ops, i));
      g_print ("  %u. %s\n", i + 1, text);
    }
}

static int
cmd_show (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  gboolean json = FALSE, python = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "python", 0, 0, G_OPTION_ARG_NONE, &python, N_("Print the canonical revision file"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  LimRevision *rev;
  g_autofree char *file = NULL;

  if (!parse_options ("show", "REVISION", _("Show one revision: its id, parent, description and operations. "
                                            "REVISION is an id, a unique prefix of 4 or more characters, "
                                            "“head” or “base”."),
                      entries, &argc, &argv, 1, 1, &status))
    return status;
  if (json && python)
    return usage_error ("show ", _("--json and --python cannot be used together"));

  timeline = open_timeline (globals, &project, &error);
  if (timeline == NULL)
    return fail (error);
  rev = lim_timeline_find (timeline, argv[1], &error);
  if (rev == NULL)
    return fail (error);
  file = lim_project_relative_path (project, lim_revision_get_file (rev));

  if (python)
    {
      g_autofree char *text = lim_revision_to_python (rev);
      fputs (text, stdout);
      return EXIT_OK;
    }
  if (json)
    {
      JsonObject *obj = json_object_new ();
      g_autoptr(JsonNode) root = NULL;

      json_object_set_string_member (obj, "id", lim_revision_get_id (rev));
      if (lim_revision_get_down_revision (rev))
        json_object_set_string_member (obj, "down_revision", lim_revision_get_down_revision (rev));
      else
        json_object_set_null_member (obj, "down_revision");
      json_object_set_string_member (obj, "description", lim_revision_get_description (rev));
      if (lim_revision_get_create_date (rev))
        json_object_set_string_member (obj, "create_date", lim_revision_get_create_date (rev));
      else
        json_object_set_null_member (obj, "create_date");
      json_object_set_string_member (obj, "file", file);
      json_object_set_member (obj, "upgrade", operations_json (lim_revision_get_upgrade (rev)));
      json_object_set_member (obj, "downgrade", operations_json (lim_revision_get_downgrade (rev)));
      root = json_node_init_object (json_node_alloc (), obj);
      json_object_unref (obj);
      print_json (root);
      return EXIT_OK;
    }

  g_print ("%s %s%s\n", _("Revision:"), lim_revision_get_id (rev),
           rev == lim_timeline_get_head (timeline) ? " (head)" : "");
  g_print ("%s %s\n", _("Parent:"), lim_revision_get_down_revision (rev) ? lim_revision_get_down_revision (rev)
                                                                          : _("none (base)"));
  g_print ("%s %s\n", _("Description:"), lim_revision_get_description (rev));
  if (lim_revision_get_create_date (rev))
    g_print ("%s %s\n", _("Created:"), lim_revision_get_create_date (rev));
  g_print ("%s %s\n", _("File:"), file);
  print_operations (_("Upgrade operations:"), lim_revision_get_upgrade (rev));
  print_operations (_("Downgrade operations:"), lim_revision_get_downgrade (rev));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- check */

static int
cmd_check (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimTimeline) timeline = NULL;
  int status = EXIT_OK;

  if (!parse_options ("check", "", _("Check every revision file and the history; exit 0 only if all is well."),
                      NULL, &argc, &argv, 0, 0, &status))
    return status;
  project = open_project (globals, &error);
  if (project == NULL)
    return fail (error);

  if (!lim_timeline_check_dir (lim_project_get_versions_dir (project), problems))
    {
      for (guint i = 0; i < problems->len; i++)
        print_error (g_ptr_array_index (problems, i));
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u problem found.\n", "%u problems found.\n", problems->len),
                  problems->len);
      return EXIT_USER;
    }

  timeline = lim_timeline_load_dir (lim_project_get_versions_dir (project), &error);
  if (timeline == NULL)
    return fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "OK: %u revision, head %s\n", "OK: %u revisions, head %s\n",
                        lim_timeline_get_n_revisions (timeline)),
           lim_timeline_get_n_revisions (timeline), lim_revision_get_id (lim_timeline_get_head (timeline)));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- format */

static int
cmd_format (Globals *globals, int argc, char **argv)
{
  gboolean check = FALSE, write = FALSE;
  GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Only report files that are not in canonical form"), NULL },
    { "write", 'w', 0, G_OPTION_ARG_NONE, &write, N_("Rewrite the files in place"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (!parse_options ("format", "FILE…", _("Rewrite revision files in Liminal's canonical layout. Without "
                                          "--check or --write, prints the canonical text of one file."),
                      entries, &argc, &argv, 1, G_MAXINT, &status))
    return status;
  if (check && write)
    return usage_error ("format ", _("--check and --write cannot be used together"));
  if (!check && !write && argc != 2)
    return usage_error ("format ", _("Give one file, or use --check or --write"));

  /* Parse everything first: on any error nothing is written. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimRevision) rev = lim_revision_load (argv[i], &error);

      if (rev == NULL)
        {
          print_error (error->message);
          status = EXIT_USER;
          continue;
        }
      g_ptr_array_add (texts, lim_revision_to_python (rev));
    }
  if (status != EXIT_OK)
    return status;

  for (int i = 1; i < argc; i++)
    {
      const char *text = g_ptr_array_index (texts, i - 1);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;

      if (!check && !write)
        {
          fputs (text, stdout);
          continue;
        }
      if (!g_file_get_contents (argv[i], &contents, NULL, &error))
        return fail (error);
      if (g_strcmp0 (contents, text) == 0)
        continue;
      if (check)
        {
          g_print (_("%s is not in canonical form\n"), argv[i]);
          status = EXIT_USER;
        }
      else if (!lim_write_file_atomic (argv[i], text, -1, &error))
        return fail (error);
      else
        g_print (_("Rewrote %s\n"), argv[i]);
    }
  return status;
}

/* ---------------------------------------------------------------- tenants */

typedef struct
{
  LimProject   *project;
  LimTimeline  *timeline;
  LimTenant    *tenant;
  LimClient    *client;
} Session;

static void
session_clear (Session *s)
{
  g_clear_pointer (&s->project, lim_project_unref);
  g_clear_pointer (&s->timeline, lim_timeline_unref);
  g_clear_pointer (&s->tenant, lim_tenant_unref);
  g_clear_object (&s->client);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;
  (void) source;
  *out = g_object_ref (result);
}

static LimApplyFlags
apply_flags_for (LimTenant *tenant)
{
  LimApplyFlags flags = LIM_APPLY_FLAGS_NONE;
  if (lim_tenant_get_schemas_enable_change_warehouse_name (tenant))
    flags |= LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME;
  if (lim_tenant_get_fieldsets (tenant))
    flags |= LIM_APPLY_FLAG_FIELDSETS;
  return flags;
}

/* Open the project, its history, the tenant named @name and a client. */
static gboolean
session_open (Globals *globals, const char *name, Session *s, GError **error)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  s->timeline = open_timeline (globals, &s->project, error);
  if (s->timeline == NULL)
    return FALSE;
  config = lim_tenant_config_load (lim_project_get_config_dir (s->project), NULL, NULL, error);
  if (config == NULL)
    return FALSE;
  s->tenant = lim_tenant_config_lookup (config, name, error);
  if (s->tenant == NULL)
    return FALSE;
  lim_remote_connect_async (s->tenant, lim_project_get_root (s->project), NULL, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL,
                            store_result, &result);
  lim_client_wait (&result);
  s->client = lim_remote_connect_finish (result, error);
  return s->client != NULL;
}

static char *
journal_dir (LimProject *project)
{
  return g_build_filename (lim_project_get_root (project), ".liminal", "journal", NULL);
}

static int
cmd_current (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Session s = { NULL };
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimTenantStatus) st = NULL;

  if (!parse_options ("current", "TENANT", _("Print the revision a tenant is at."), entries, &argc, &argv, 1, 1,
                      &status))
    return status;
  if (!session_open (globals, argv[1], &s, &error))
    {
      session_clear (&s);
      return fail (error);
    }
  lim_tenant_status_read_async (s.tenant, s.client, s.timeline, NULL, NULL, NULL, 0, NULL, store_result, &result);
  lim_client_wait (&result);
  st = lim_tenant_status_read_finish (result);
  session_clear (&s);

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
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_print (_("Current remote revision_id: %s.\n"), st->revision);
      if (st->description)
        g_print ("%s\n", st->description);
      if (st->state == LIM_TENANT_STATE_UNKNOWN_REVISION)
        print_error (st->message);
    }
  return st->state == LIM_TENANT_STATE_UNKNOWN_REVISION ? EXIT_USER : EXIT_OK;
}

static int
cmd_stamp (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Session s = { NULL };
  int status = EXIT_OK;
  LimRevision *rev;
  g_autoptr(LimRunner) runner = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean changed = FALSE;

  if (!parse_options ("stamp", "TENANT REVISION", _("Set a tenant's revision marker without running operations: "
                                                     "how a tenant that already matches a revision is adopted."),
                      NULL, &argc, &argv, 2, 2, &status))
    return status;
  if (!session_open (globals, argv[1], &s, &error))
    {
      session_clear (&s);
      return fail (error);
    }
  rev = lim_timeline_find (s.timeline, argv[2], &error);
  if (rev == NULL)
    {
      session_clear (&s);
      return fail (error);
    }
  runner = lim_runner_new (s.client, s.timeline, lim_tenant_get_alias (s.tenant), NULL, apply_flags_for (s.tenant));
  lim_runner_stamp_async (runner, lim_revision_get_id (rev), NULL, store_result, &result);
  lim_client_wait (&result);
  if (!lim_runner_stamp_finish (runner, result, &changed, &error))
    {
      session_clear (&s);
      return fail (error);
    }
  if (changed)
    g_print (_("Set revision_id to %s within 'liminal_remote' schema.\n"), lim_revision_get_id (rev));
  else
    g_print (_("Tenant %s is already stamped with %s.\n"), lim_tenant_get_alias (s.tenant), lim_revision_get_id (rev));
  session_clear (&s);
  return EXIT_OK;
}

typedef struct
{
  gboolean   json;
  gboolean   tty;
  LimRunner *runner;
  GPtrArray *ops_of_revision;
} Printer;

static void
emit_json_event (const char *event, ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  va_list args;
  const char *key;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  va_start (args, event);
  while ((key = va_arg (args, const char *)))
    {
      char type = *key++;
      json_builder_set_member_name (b, key);
      if (type == 's')
        {
          const char *v = va_arg (args, const char *);
          if (v)
            json_builder_add_string_value (b, v);
          else
            json_builder_add_null_value (b);
        }
      else if (type == 'i')
        json_builder_add_int_value (b, va_arg (args, int));
      else if (type == 'd')
        json_builder_add_double_value (b, va_arg (args, double));
    }
  va_end (args);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
  fflush (stdout);
}

static void
on_revision_started (LimRunner *runner, guint index, const char *id, Printer *p)
{
  const LimPlan *plan = lim_runner_get_plan (runner);
  LimRevision *rev = g_ptr_array_index (plan->revisions, index - 1);

  p->ops_of_revision = plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                           : lim_revision_get_downgrade (rev);
  if (p->json)
    emit_json_event ("revision", "iindex", (int) index, "itotal", (int) plan->revisions->len, "sid", id,
                     "sdescription", lim_revision_get_description (rev), NULL);
  else
    g_print (_("Revision id: %s... (%u/%u)\n"), id, index, plan->revisions->len);
}

static void
on_operation_state (LimRunner *runner, guint rev, guint op, int state, const char *message, Printer *p)
{
  g_autofree char *describe = NULL;

  (void) runner;
  if (p->ops_of_revision == NULL || op == 0 || op > p->ops_of_revision->len)
    return;
  describe = lim_operation_describe (g_ptr_array_index (p->ops_of_revision, op - 1));
  if (p->json)
    {
      emit_json_event ("operation", "irevision", (int) rev, "iindex", (int) op, "sstate",
                       lim_op_run_state_to_string (state), "sdescribe", describe, "smessage", message, NULL);
      return;
    }
  if (state == LIM_OP_RUN_RUNNING)
    {
      if (p->tty)
        g_printerr ("\r\033[K  %u. %s …", op, describe);
      return;
    }
  if (p->tty)
    g_printerr ("\r\033[K");
  if (state == LIM_OP_RUN_DONE)
    g_print ("%u. %s\n", op, describe);
  else if (state == LIM_OP_RUN_SKIPPED)
    g_print (_("%u. %s (already applied, skipped)\n"), op, describe);
  else if (state == LIM_OP_RUN_FAILED || state == LIM_OP_RUN_UNCERTAIN)
    g_print (_("Error at step %u executing operation %s: %s\n"), op, describe, message ? message : "");
}

static void
on_recovering (LimRunner *runner, const char *message, Printer *p)
{
  (void) runner;
  if (p->json)
    emit_json_event ("recovering", "smessage", message, NULL);
  else
    g_printerr ("%s\n", message);
}

static void
on_confirm (LimRunner *runner, const char *question, Printer *p)
{
  char line[64];

  (void) p;
  /* Only connected when standard input is a terminal. */
  g_print ("%s\n", question);
  for (;;)
    {
      g_print (_("Type c to continue or q to quit: "));
      fflush (stdout);
      if (fgets (line, sizeof line, stdin) == NULL)
        {
          lim_runner_answer (runner, FALSE);
          return;
        }
      g_strstrip (line);
      if (g_strcmp0 (line, "c") == 0 || g_strcmp0 (line, "q") == 0)
        {
          lim_runner_answer (runner, line[0] == 'c');
          return;
        }
    }
}

/* GOption takes "-1" for an option: move descriptor-like arguments behind
 * "--" first. */
static char **
protect_descriptors (int *argc, char **argv)
{
  GPtrArray *out = g_ptr_array_new ();
  GPtrArray *tail = g_ptr_array_new ();

  for (int i = 0; i < *argc; i++)
    {
      const char *a = argv[i];
      gboolean numeric = (a[0] == '-' || a[0] == '+') && a[1] != '\0' && strspn (a + 1, "0123456789 ") == strlen (a + 1);
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
cmd_migrate (Globals *globals, int argc, char **argv, LimDirection direction)
{
  g_autoptr(GError) error = NULL;
  Session s = { NULL };
  gboolean dry_run = FALSE, resume = FALSE, yes = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Simulate on a copy of the tenant and report every problem; "
                                                        "write nothing"), NULL },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, N_("Continue a run that stopped, from the first operation not "
                                                      "known to be applied"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Confirm every change of a dropdown option in use"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a stream of JSON events"), NULL },
    { NULL }
  };
  const char *command = direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade";
  g_autofree char *help_command = g_strdup_printf ("%s ", command);
  g_auto(GStrv) args = NULL;
  g_autofree char *jdir = NULL;
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

  if (!session_open (globals, argv[1], &s, &error))
    {
      session_clear (&s);
      return fail (error);
    }
  flags = (dry_run ? LIM_RUN_FLAGS_DRY_RUN : 0) | (resume ? LIM_RUN_FLAGS_RESUME : 0) | (yes ? LIM_RUN_FLAGS_YES : 0);
  jdir = journal_dir (s.project);
  runner = lim_runner_new (s.client, s.timeline, lim_tenant_get_alias (s.tenant), jdir, apply_flags_for (s.tenant));

  lim_runner_prepare_async (runner, direction, argv[2], flags, NULL, store_result, &prepared);
  lim_client_wait (&prepared);
  plan = lim_runner_prepare_finish (runner, prepared, &error);
  if (plan == NULL)
    {
      session_clear (&s);
      return fail (error);
    }

  printer.json = json;
  printer.tty = !json && isatty (STDERR_FILENO);
  printer.runner = runner;
  g_signal_connect (runner, "revision-started", G_CALLBACK (on_revision_started), &printer);
  g_signal_connect (runner, "operation-state", G_CALLBACK (on_operation_state), &printer);
  g_signal_connect (runner, "recovering", G_CALLBACK (on_recovering), &printer);
  if (!yes && !json && isatty (STDIN_FILENO))
    g_signal_connect (runner, "confirm", G_CALLBACK (on_confirm), &printer);

  if (json)
    emit_json_event ("plan", "stenant", lim_tenant_get_alias (s.tenant), "sdirection", command, "sfrom", plan->from,
                     "sto", plan->to, "irevisions", (int) plan->revisions->len, "ioperations",
                     (int) plan->n_operations, "idestructive", (int) plan->n_destructive, "sdry_run",
                     dry_run ? "true" : NULL, NULL);
  if (plan->up_to_date)
    {
      if (json)
        emit_json_event ("done", "sresult", "up-to-date", NULL);
      else
        g_print (_("Tenant %s is already at head (%s): nothing to do.\n"), lim_tenant_get_alias (s.tenant),
                 plan->to);
      session_clear (&s);
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
    }

  lim_runner_run_async (runner, NULL, store_result, &ran);
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
    const LimClientStats *stats = lim_client_get_stats (s.client);
    if (json)
      emit_json_event ("done", "sresult", ok ? "complete" : "failed", "smessage", error ? error->message : NULL,
                       "irequests", (int) stats->total, "irate_limited", (int) stats->rate_limited, NULL);
    else if (ok)
      g_print (dry_run ? _("Dry run complete: no problems found.\n") : _("Migration complete\n"));
  }
  session_clear (&s);
  if (!ok)
    {
      if (!json)
        print_error (error->message);
      return EXIT_USER;
    }
  return EXIT_OK;
}

static int
cmd_upgrade (Globals *globals, int argc, char **argv)
{
  return cmd_migrate (globals, argc, argv, LIM_DIRECTION_UP);
}

static int
cmd_downgrade (Globals *globals, int argc, char **argv)
{
  return cmd_migrate (globals, argc, argv, LIM_DIRECTION_DOWN);
}

typedef struct
{
  guint       pending;
  GPtrArray  *statuses;
} StatusAll;

typedef struct
{
  StatusAll *all;
  guint      index;
} StatusSlot;

static void
status_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StatusSlot *slot = user_data;

  (void) source;
  g_ptr_array_index (slot->all->statuses, slot->index) = lim_tenant_status_read_finish (result);
  slot->all->pending--;
  g_free (slot);
}

static int
cmd_status (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  g_autoptr(LimTenantConfig) config = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  GPtrArray *tenants;
  StatusAll all = { 0 };

  if (!parse_options ("status", "", _("Show every configured tenant: its revision, how far behind head it is, or why "
                                      "it could not be read. Tenants are read concurrently."),
                      entries, &argc, &argv, 0, 0, &status))
    return status;
  timeline = open_timeline (globals, &project, &error);
  if (timeline == NULL)
    return fail (error);
  config = lim_tenant_config_load (lim_project_get_config_dir (project), NULL, NULL, &error);
  if (config == NULL)
    return fail (error);
  tenants = lim_tenant_config_get_tenants (config);
  all.statuses = g_ptr_array_new_full (tenants->len, (GDestroyNotify) lim_tenant_status_free);
  g_ptr_array_set_size (all.statuses, tenants->len);
  for (guint i = 0; i < tenants->len; i++)
    {
      StatusSlot *slot = g_new0 (StatusSlot, 1);
      slot->all = &all;
      slot->index = i;
      all.pending++;
      lim_tenant_status_read_async (g_ptr_array_index (tenants, i), NULL, timeline, lim_project_get_root (project),
                                    NULL, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL, status_read, slot);
    }
  while (all.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      json_builder_begin_array (b);
      for (guint i = 0; i < all.statuses->len; i++)
        {
          LimTenantStatus *st = g_ptr_array_index (all.statuses, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "tenant");
          json_builder_add_string_value (b, st->alias);
          json_builder_set_member_name (b, "revision");
          if (st->revision) json_builder_add_string_value (b, st->revision); else json_builder_add_null_value (b);
          json_builder_set_member_name (b, "description");
          if (st->description) json_builder_add_string_value (b, st->description); else json_builder_add_null_value (b);
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
          if (st->message) json_builder_add_string_value (b, st->message); else json_builder_add_null_value (b);
          json_builder_set_member_name (b, "seconds");
          json_builder_add_double_value (b, st->seconds);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      for (guint i = 0; i < all.statuses->len; i++)
        {
          LimTenantStatus *st = g_ptr_array_index (all.statuses, i);
          g_autofree char *label = lim_tenant_status_label (st);
          g_print ("%-12s %-14s %-18s %s\n", st->alias, st->revision ? st->revision : "-", label,
                   st->description ? st->description : (st->message ? st->message : ""));
        }
      if (all.statuses->len == 0)
        g_print (_("No tenants are configured: add them to %s/tenants.ini.\n"), lim_project_get_config_dir (project));
    }
  g_ptr_array_unref (all.statuses);
  return EXIT_OK;
}

/* ---------------------------------------------------------------- model files */

enum {
  EXIT_NOT_IN_SYNC = 3,
};

static LimSnapshot *
session_fetch (Session *s, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  LimSnapshot *model;

  lim_remote_fetch_async (s->client, LIM_FETCH_FULL, NULL, store_result, &result);
  lim_client_wait (&result);
  model = lim_remote_fetch_finish (s->client, result, error);
  if (model)
    lim_snapshot_set_tenant_name (model, lim_tenant_get_tenant_name (s->tenant));
  return model;
}

static char *
model_dir_for (LimProject *project)
{
  return g_build_filename (lim_project_get_root (project), "model", NULL);
}

static LimDesired *
read_model (LimProject *project, GError **error)
{
  g_autofree char *dir = model_dir_for (project);
  g_autofree char *shown = lim_project_relative_path (project, dir);
  return lim_model_files_read (dir, shown, NULL, error);
}

static void
print_hints (GPtrArray *hints)
{
  for (guint i = 0; i < hints->len; i++)
    g_print (_("Hint: %s\n"), (char *) g_ptr_array_index (hints, i));
}

static gboolean
has_dropdown_ops (GPtrArray *ops, gboolean dropdown)
{
  for (guint i = 0; i < ops->len; i++)
    if (((LimOperation *) g_ptr_array_index (ops, i))->spec->on_dropdown == dropdown)
      return TRUE;
  return FALSE;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Write one kind of model file into @out_dir/@sub (§8.2 rules). */
static gboolean
write_model_kind (const char *out_dir, const char *sub, const char *label, GPtrArray *files, gboolean overwrite,
                  GError **error)
{
  g_autofree char *dir = g_build_filename (out_dir, sub, NULL);
  g_autofree char *prefix = g_strdup_printf ("%s/", sub);
  guint written = 0, kept = 0;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("Cannot create %s: %s"), dir,
                   g_strerror (errno));
      return FALSE;
    }
  if (overwrite)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, error);
      g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (d == NULL)
        return FALSE;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *rel = g_strdup_printf ("%s%s", prefix, name);
          gboolean wanted = FALSE;
          if (!g_str_has_suffix (name, ".json"))
            continue;
          for (guint i = 0; i < files->len && !wanted; i++)
            wanted = strcmp (((LimModelFile *) g_ptr_array_index (files, i))->name, rel) == 0;
          if (!wanted)
            g_ptr_array_add (stale, g_build_filename (dir, name, NULL));
        }
      g_ptr_array_sort (stale, compare_paths);
      for (guint i = 0; i < stale->len; i++)
        {
          const char *path = g_ptr_array_index (stale, i);
          if (g_unlink (path) != 0)
            {
              g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("Cannot remove %s: %s"), path,
                           g_strerror (errno));
              return FALSE;
            }
          g_print (_("Removed %s\n"), path);
        }
    }
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;
      g_autofree char *old = NULL;

      if (!g_str_has_prefix (file->name, prefix))
        continue;
      path = g_build_filename (out_dir, file->name, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          if (!overwrite || (g_file_get_contents (path, &old, NULL, NULL) && strcmp (old, file->contents) == 0))
            {
              kept++;
              continue;
            }
        }
      if (!lim_write_file_atomic (path, file->contents, -1, error))
        return FALSE;
      g_print (_("Wrote %s\n"), path);
      written++;
    }
  if (written == 0 && kept > 0 && !overwrite)
    g_print (_("No new %s files to be written. If you want to overwrite existing files, run with -o flag.\n"), label);
  else if (written == 0 && kept > 0)
    g_print (_("The %s files are up to date.\n"), label);
  else if (written == 0)
    g_print (_("The tenant has no active %s.\n"), label);
  return TRUE;
}

static int
cmd_generate_files (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Session s = { NULL };
  char *write_path = NULL;
  gboolean dropdowns = FALSE, schemas = FALSE, overwrite = FALSE;
  GOptionEntry entries[] = {
    { "write-path", 'p', 0, G_OPTION_ARG_FILENAME, &write_path, N_("Write the model into PATH instead of the "
                                                                  "project's model/ folder"), "PATH" },
    { "dropdowns", 'd', 0, G_OPTION_ARG_NONE, &dropdowns, N_("Write dropdown files"), NULL },
    { "entity-schemas", 0, 0, G_OPTION_ARG_NONE, &schemas, N_("Write entity schema files (also -es)"), NULL },
    { "overwrite", 'o', 0, G_OPTION_ARG_NONE, &overwrite, N_("Overwrite existing files and remove files of "
                                                              "objects the tenant no longer has"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autofree char **args = g_new0 (char *, argc + 1);
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *out_dir = NULL;
  LimModelFilesKinds kinds = 0;

  /* Liminal's two-letter short option. */
  for (int i = 0; i < argc; i++)
    args[i] = strcmp (argv[i], "-es") == 0 ? (char *) "--entity-schemas" : argv[i];
  argv = args;
  if (!parse_options ("generate-files", "TENANT", _("Write the model files (model/dropdowns/*.json, "
                                                     "model/entity_schemas/*.json) from a tenant's active objects."),
                      entries, &argc, &argv, 1, 1, &status))
    {
      g_free (write_path);
      return status;
    }
  if (dropdowns)
    kinds |= LIM_MODEL_FILES_DROPDOWNS;
  if (schemas)
    kinds |= LIM_MODEL_FILES_ENTITY_SCHEMAS;
  if (kinds == 0)
    kinds = LIM_MODEL_FILES_ALL;

  if (!session_open (globals, argv[1], &s, &error) || (model = session_fetch (&s, &error)) == NULL)
    {
      session_clear (&s);
      g_free (write_path);
      return fail (error);
    }
  out_dir = write_path ? g_strdup (write_path) : model_dir_for (s.project);
  g_free (write_path);
  session_clear (&s);

  files = lim_model_files_generate (model, kinds);
  if (!g_file_test (out_dir, G_FILE_TEST_IS_DIR))
    {
      if (g_mkdir_with_parents (out_dir, 0755) != 0)
        {
          g_printerr (_("liminal: Cannot create %s: %s\n"), out_dir, g_strerror (errno));
          return EXIT_USER;
        }
      g_print (_("Created directory: %s\n"), out_dir);
    }
  if ((kinds & LIM_MODEL_FILES_DROPDOWNS)
      && !write_model_kind (out_dir, "dropdowns", _("dropdown"), files, overwrite, &error))
    return fail (error);
  if ((kinds & LIM_MODEL_FILES_ENTITY_SCHEMAS)
      && !write_model_kind (out_dir, "entity_schemas", _("entity schema"), files, overwrite, &error))
    return fail (error);
  return EXIT_OK;
}

static int
cmd_diff (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Session s = { NULL };
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) downgrade = NULL;
  g_autoptr(GPtrArray) hints = NULL;
  g_autofree char *alias = NULL;

  if (!parse_options ("diff", "TENANT", _("The operations that would bring a tenant to the project's model, "
                                           "without writing a file. Exit status 0 when in sync, 3 when not."),
                      entries, &argc, &argv, 1, 1, &status))
    return status;
  if (!session_open (globals, argv[1], &s, &error) || (desired = read_model (s.project, &error)) == NULL
      || (model = session_fetch (&s, &error)) == NULL)
    {
      session_clear (&s);
      return fail (error);
    }
  alias = g_strdup (lim_tenant_get_alias (s.tenant));
  session_clear (&s);
  if (!lim_compare (desired, model, &upgrade, &downgrade, &error))
    return fail (error);
  hints = lim_compare_rename_hints (upgrade, model);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "tenant");
      json_builder_add_string_value (b, alias);
      json_builder_set_member_name (b, "in_sync");
      json_builder_add_boolean_value (b, upgrade->len == 0);
      json_builder_set_member_name (b, "upgrade");
      json_builder_add_value (b, operations_json (upgrade));
      json_builder_set_member_name (b, "downgrade");
      json_builder_add_value (b, operations_json (downgrade));
      json_builder_set_member_name (b, "hints");
      json_builder_begin_array (b);
      for (guint i = 0; i < hints->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (hints, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else if (upgrade->len == 0)
    g_print (_("Tenant %s is in sync with the model.\n"), alias);
  else
    {
      g_print (_("Tenant %s differs from the model: %u operation(s) would bring it in line.\n"), alias, upgrade->len);
      print_operations (_("Upgrade operations:"), upgrade);
      if (hints->len > 0)
        g_print ("\n");
      print_hints (hints);
    }
  return upgrade->len == 0 ? EXIT_OK : EXIT_NOT_IN_SYNC;
}

static int
cmd_revision (Globals *globals, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Session s = { NULL };
  gboolean empty = FALSE;
  GOptionEntry entries[] = {
    { "empty", 0, 0, G_OPTION_ARG_NONE, &empty, N_("Write a revision with no operations, for editing by hand"),
      NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) hints = NULL;
  g_autoptr(LimGenerated) generated = NULL;
  g_autofree char *current = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *tenant_name = NULL;
  LimRevision *head;
  const char *command = argv[0];

  if (!parse_options (command, "TENANT DESCRIPTION", _("Write a new revision file with the operations that bring "
                                                        "the tenant to the project's model. The tenant must be at "
                                                        "head."),
                      entries, &argc, &argv, 2, 2, &status))
    return status;
  if (!session_open (globals, argv[1], &s, &error))
    {
      session_clear (&s);
      return fail (error);
    }
  /* Read the model first: a model with problems writes nothing, anywhere. */
  if (!empty && (desired = read_model (s.project, &error)) == NULL)
    {
      session_clear (&s);
      return fail (error);
    }
  tenant_name = g_strdup (lim_tenant_get_tenant_name (s.tenant));
  head = lim_timeline_get_head (s.timeline);
  if (lim_timeline_get_n_revisions (s.timeline) == 1
      && g_strcmp0 (lim_revision_get_description (head), "Initial init revision") == 0)
    {
      /* Liminal upserts the marker to the init revision (§1.2). */
      g_autoptr(LimRunner) runner = lim_runner_new (s.client, s.timeline, lim_tenant_get_alias (s.tenant), NULL,
                                                    apply_flags_for (s.tenant));
      g_autoptr(GAsyncResult) result = NULL;
      gboolean changed = FALSE;

      lim_runner_stamp_async (runner, lim_revision_get_id (head), NULL, store_result, &result);
      lim_client_wait (&result);
      if (!lim_runner_stamp_finish (runner, result, &changed, &error))
        {
          session_clear (&s);
          return fail (error);
        }
      if (changed)
        g_print (_("Set revision_id to %s within 'liminal_remote' schema.\n"), lim_revision_get_id (head));
      current = g_strdup (lim_revision_get_id (head));
      model = session_fetch (&s, &error);
    }
  else if ((model = session_fetch (&s, &error)) != NULL)
    {
      const char *marker = lim_snapshot_get_remote_revision_id (model, &error);
      current = g_strdup (marker);
    }
  if (model == NULL || current == NULL)
    {
      session_clear (&s);
      return fail (error);
    }
  generated = lim_generate_revision (s.project, s.timeline, model, current, empty ? NULL : desired, argv[2], &error);
  if (generated == NULL)
    {
      session_clear (&s);
      return fail (error);
    }
  upgrade = g_ptr_array_ref (lim_revision_get_upgrade (generated->revision));
  hints = g_ptr_array_ref (generated->hints);
  shown = lim_project_relative_path (s.project, generated->path);
  session_clear (&s);
  if (!empty)
    {
      if (has_dropdown_ops (upgrade, TRUE))
        g_print (_("Dropdowns are out of sync for %s tenant.\n"), tenant_name);
      else
        g_print (_("Dropdowns are in sync for %s tenant!\n"), tenant_name);
      if (has_dropdown_ops (upgrade, FALSE))
        g_print (_("Entity schemas are out of sync for %s tenant.\n"), tenant_name);
      else
        g_print (_("Entity schemas are in sync for %s tenant!\n"), tenant_name);
    }
  g_print (_("Revision file generated at %s\n"), shown);
  print_operations (_("Upgrade operations:"), upgrade);
  if (hints->len > 0)
    g_print ("\n");
  print_hints (hints);
  return EXIT_OK;
}

/* ---------------------------------------------------------------- main */

static const Command commands[] = {
  { "init", "", N_("Start a project: liminal/versions/ and an initial revision"), cmd_init },
  { "head", "", N_("Print the newest revision"), cmd_head },
  { "history", "[--json]", N_("List the revisions from base to head"), cmd_history },
  { "show", "REVISION [--json|--python]", N_("Show a revision and its operations"), cmd_show },
  { "check", "", N_("Validate every revision file and the history"), cmd_check },
  { "format", "[--check|--write] FILE…", N_("Rewrite revision files in canonical form"), cmd_format },
  { "status", "[--json]", N_("Every tenant: its revision and how far behind head"), cmd_status },
  { "current", "TENANT [--json]", N_("The revision a tenant is at"), cmd_current },
  { "stamp", "TENANT REVISION", N_("Set a tenant's revision marker (adopt a tenant)"), cmd_stamp },
  { "upgrade", "TENANT DESCRIPTOR [--dry-run] [--resume] [--yes] [--json]", N_("Upgrade a tenant"), cmd_upgrade },
  { "downgrade", "TENANT DESCRIPTOR [--dry-run] [--resume] [--yes] [--json]", N_("Downgrade a tenant"), cmd_downgrade },
  { "generate-files", "TENANT [-p PATH] [-d] [-es] [-o]", N_("Write the model files (model/) from a tenant"),
    cmd_generate_files },
  { "revision", "TENANT DESCRIPTION [--empty]", N_("Write a revision that brings the tenant to the model"),
    cmd_revision },
  { "autogenerate", "TENANT DESCRIPTION [--empty]", N_("Same as revision"), cmd_revision },
  { "diff", "TENANT [--json]", N_("What would bring the tenant to the model (exit 3 when not in sync)"), cmd_diff },
};

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: liminal [-C DIR] COMMAND [ARGUMENTS…]"));
  fprintf (out, "%s\n\n", _("Manage Benchling schema migrations written as Liminal revision files."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      fprintf (out, "  %-36s %s\n", left, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-36s %s\n", "-C DIR", _("Use the project in DIR instead of the current folder"));
  fprintf (out, "  %-36s %s\n", "-h, --help", _("Show this help"));
  fprintf (out, "  %-36s %s\n", "--version", _("Show the version"));
  fprintf (out, "\n%s\n", _("Run “liminal COMMAND --help” for a command's options."));
}

int
main (int argc, char **argv)
{
  Globals globals = { NULL };
  int i = 1;

  setlocale (LC_ALL, "");
  /* LIMINAL_LOCALEDIR: catalogs from a build tree (tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LIMINAL_LOCALEDIR") ? g_getenv ("LIMINAL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("liminal");

  /* Global options come before the command. */
  while (i < argc && argv[i][0] == '-')
    {
      const char *arg = argv[i];

      if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0)
        {
          print_help (stdout);
          return EXIT_OK;
        }
      else if (strcmp (arg, "--version") == 0)
        {
          g_print ("liminal %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else if (strcmp (arg, "-C") == 0)
        {
          if (i + 1 >= argc)
            return usage_error (NULL, _("-C needs a folder"));
          globals.directory = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (arg, "-C"))
        {
          globals.directory = arg + 2;
          i += 1;
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option %s"), arg);
          return usage_error (NULL, message);
        }
    }

  if (i >= argc)
    {
      print_help (stderr);
      return EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (strcmp (commands[c].name, argv[i]) == 0)
      return commands[c].func (&globals, argc - i, argv + i);

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), argv[i]);
    return usage_error (NULL, message);
  }
}

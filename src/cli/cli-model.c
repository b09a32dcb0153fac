/* cli-model.c — the commands over the model files (model/): generate-files,
 * revision (autogenerate) and diff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lim-compare.h"
#include "lim-generate.h"
#include "lim-marker.h"
#include "lim-model-files.h"
#include "lim-model-python-write.h"
#include "lim-model-source.h"
#include "lim-operation.h"
#include "lim-remote.h"
#include "lim-revision.h"
#include "lim-tenant-compare.h"

#include "cli-private.h"

/* Everything @tenant has, through @client. */
static LimSnapshot *
tenant_fetch (LimTenant    *tenant,
              LimClient    *client,
              LimFetchFlags flags,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  LimSnapshot *model;

  lim_remote_fetch_async (client, LIM_FETCH_FULL | flags, NULL, store_result, &result);
  lim_client_wait (&result);
  model = lim_remote_fetch_finish (client, result, error);
  if (model)
    lim_snapshot_set_tenant_name (model, lim_tenant_get_tenant_name (tenant));
  return model;
}

/* The model the project keeps (lim-model-source.h), read. */
static LimDesired *
read_model (LimProject *project,
            GError    **error)
{
  g_autoptr(LimModelSource) source = lim_model_source_find (project, error);

  return source ? lim_model_source_read (source, NULL, error) : NULL;
}

static gboolean
has_dropdown_ops (GPtrArray *ops,
                  gboolean   dropdown)
{
  for (guint i = 0; i < ops->len; i++)
    if (((LimOperation *) g_ptr_array_index (ops, i))->spec->on_dropdown == dropdown)
      return TRUE;
  return FALSE;
}

typedef struct
{
  guint written;
  guint kept;
} WriteCounts;

static void
on_model_file_cb (const char        *path,
                  LimModelFileChange change,
                  gpointer           user_data)
{
  WriteCounts *counts = user_data;

  switch (change)
    {
    case LIM_MODEL_FILE_REMOVED:
      g_print (_("Removed %s\n"), path);
      break;
    case LIM_MODEL_FILE_WRITTEN:
      g_print (_("Wrote %s\n"), path);
      counts->written++;
      break;
    case LIM_MODEL_FILE_KEPT:
    default:
      counts->kept++;
      break;
    }
}

/* Write one kind of model file into @out_dir (§8.2 rules), then say how it went. */
static gboolean
write_model_kind (const char        *out_dir,
                  LimModelFilesKinds kind,
                  LimModelFilesKinds python,
                  const char        *label,
                  GPtrArray         *files,
                  gboolean           overwrite,
                  GError           **error)
{
  WriteCounts counts = { 0, 0 };

  if (!lim_model_files_write (out_dir, files, kind | python, overwrite, on_model_file_cb, &counts, error))
    return FALSE;
  if (counts.written == 0 && counts.kept > 0 && !overwrite)
    g_print (_("No new %s files to be written. If you want to overwrite existing files, run with -o flag.\n"), label);
  else if (counts.written == 0 && counts.kept > 0)
    g_print (_("The %s files are up to date.\n"), label);
  else if (counts.written == 0)
    g_print (_("The tenant has no active %s.\n"), label);
  return TRUE;
}

int
cmd_generate_files (Globals *globals,
                    int      argc,
                    char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
  g_autofree char *write_path = NULL;
  gboolean dropdowns = FALSE, schemas = FALSE, results = FALSE, overwrite = FALSE, python = FALSE;
  gboolean json_format = FALSE;
  GOptionEntry entries[] = {
    { "write-path", 'p', 0, G_OPTION_ARG_FILENAME, &write_path, N_("Write the model into PATH instead of the "
                                                                   "project's model folder"), "PATH" },
    { "dropdowns", 'd', 0, G_OPTION_ARG_NONE, &dropdowns, N_("Write dropdown files"), NULL },
    { "entity-schemas", 0, 0, G_OPTION_ARG_NONE, &schemas, N_("Write entity schema files (also -es)"), NULL },
    { "results-schemas", 0, 0, G_OPTION_ARG_NONE, &results, N_("Write Liminal's result schema classes "
                                                               "(results_schemas/*.py; also -rs)"), NULL },
    { "overwrite", 'o', 0, G_OPTION_ARG_NONE, &overwrite, N_("Overwrite existing files and remove files of "
                                                             "objects the tenant no longer has"), NULL },
    { "python", 0, 0, G_OPTION_ARG_NONE, &python, N_("Write Liminal's Python model files (dropdowns/*.py, "
                                                     "entity_schemas/*/*.py) instead of JSON ones"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_format, N_("Write our JSON model files even when the project keeps "
                                                        "Liminal's Python model"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autofree char **args = g_new0 (char *, argc + 1);
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *out_dir = NULL;
  LimModelFilesKinds kinds = 0, python_kind;
  gboolean every_kind;

  /* Liminal's two-letter short options. */
  for (int i = 0; i < argc; i++)
    args[i] = strcmp (argv[i], "-es") == 0 ? (char *) "--entity-schemas"
              : strcmp (argv[i], "-rs") == 0 ? (char *) "--results-schemas" : argv[i];
  argv = args;
  if (!parse_options ("generate-files", "TENANT", _("Write the model files (model/dropdowns/*.json, "
                                                    "model/entity_schemas/*.json, or with --python Liminal's "
                                                    "Python files) from a tenant's active objects."),
                      entries, &argc, &argv, 1, 1, &status))
    return status;
  if (dropdowns)
    kinds |= LIM_MODEL_FILES_DROPDOWNS;
  if (schemas)
    kinds |= LIM_MODEL_FILES_ENTITY_SCHEMAS;
  if (results)
    kinds |= LIM_MODEL_FILES_RESULTS_SCHEMAS;
  every_kind = kinds == 0;
  if (every_kind)
    kinds = LIM_MODEL_FILES_ALL;
  if (python && json_format)
    return usage_error ("generate-files ", _("Give --python or --json, not both"));
  python_kind = python ? LIM_MODEL_FILES_PYTHON : 0;

  if (results && json_format)
    return usage_error ("generate-files ", _("-rs writes Liminal's Python result schema classes; the JSON model has "
                                             "no result schemas: give -rs without --json"));

  if (!open_tenant (globals, argv[1], &target, &error))
    return fail (error);
  {
    /* The project's own format unless told; its folder for that format
     * unless given one. */
    LimProject *project = lim_workspace_get_project (target.workspace);
    g_autoptr(LimModelSource) kept = NULL;
    g_autoptr(LimModelSource) where = NULL;

    if (!python && !json_format)
      {
        kept = lim_model_source_find (project, &error);
        if (kept == NULL && !g_error_matches (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_NOT_FOUND))
          return fail (error);
        g_clear_error (&error);
        python = kept != NULL && kept->format == LIM_MODEL_FORMAT_PYTHON;
        python_kind = python ? LIM_MODEL_FILES_PYTHON : 0;
      }
    if (every_kind && python)
      {
        /* As Liminal's generate-files without a flag: all three kinds. */
        results = TRUE;
        kinds |= LIM_MODEL_FILES_RESULTS_SCHEMAS;
      }
    if (results && !python)
      {
        /* Result schemas are read only: only Liminal's classes hold them. */
        g_printerr (_("liminal: This project keeps the JSON model (model/), which has no result schemas; -rs writes "
                      "Liminal's Python result schema classes: give --python too (nothing was written)\n"));
        return EXIT_USER;
      }
    if (write_path == NULL)
      {
        where = lim_model_source_default (project, python ? LIM_MODEL_FORMAT_PYTHON : LIM_MODEL_FORMAT_JSON, &error);
        if (where == NULL)
          return fail (error);
      }
    out_dir = write_path ? g_strdup (write_path) : g_strdup (where->dir);
  }
  if ((model = tenant_fetch (target.tenant, target.client, results ? LIM_FETCH_RESULTS_SCHEMAS : 0, &error)) == NULL)
    return fail (error);

  /* The Python files of one kind name the other's classes: the model is
   * checked whole. */
  files = lim_model_files_generate (model, python ? LIM_MODEL_FILES_ALL | (kinds & LIM_MODEL_FILES_RESULTS_SCHEMAS)
                                    : kinds, &error);
  if (files != NULL && python)
    {
      g_autoptr(GPtrArray) json_files = g_steal_pointer (&files);

      /* Liminal lists a tenant's schemas in the tenant's order. */
      lim_model_python_tenant_order (json_files, model);
      files = lim_model_python_generate (json_files, kinds, &error);
    }
  if (files == NULL)
    {
      /* Before anything is created or written. */
      g_prefix_error (&error, _("Tenant %s: "), argv[1]);
      return fail (error);
    }
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
      && !write_model_kind (out_dir, LIM_MODEL_FILES_DROPDOWNS, python_kind, _("dropdown"), files, overwrite, &error))
    return fail (error);
  if ((kinds & LIM_MODEL_FILES_ENTITY_SCHEMAS)
      && !write_model_kind (out_dir, LIM_MODEL_FILES_ENTITY_SCHEMAS, python_kind, _("entity schema"), files, overwrite,
                            &error))
    return fail (error);
  if ((kinds & LIM_MODEL_FILES_RESULTS_SCHEMAS)
      && !write_model_kind (out_dir, LIM_MODEL_FILES_RESULTS_SCHEMAS, python_kind, _("results schema"), files,
                            overwrite, &error))
    return fail (error);
  return EXIT_OK;
}

/* "c4e8a7f1b392", or "no marker". */
static const char *
revision_or_none (const char *revision)
{
  return revision ? revision : _("no marker");
}

/* `diff TENANT --against OTHER`: the operations that bring TENANT to what
 * OTHER has, both tenants read at once. */
static int
diff_against (Globals    *globals,
              const char *name,
              const char *other_name,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimWorkspace) workspace = NULL;
  g_autoptr(LimTenant) tenant = NULL;
  g_autoptr(LimTenant) other = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimTenantComparison) cmp = NULL;

  workspace = lim_workspace_open (globals->directory, &error);
  if (workspace == NULL)
    return fail (error);
  lim_workspace_set_front_end (workspace, "cli");
  if ((tenant = lim_workspace_lookup_tenant (workspace, name, &error)) == NULL
      || (other = lim_workspace_lookup_tenant (workspace, other_name, &error)) == NULL)
    return fail (error);
  lim_tenant_compare_async (workspace, tenant, other, cli_signals_cancellable (), store_result, &result);
  lim_client_wait (&result);
  cmp = lim_tenant_compare_finish (workspace, result, &error);
  if (cmp == NULL)
    return cli_signals_exit_status (fail (error));

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "tenant");
      json_builder_add_string_value (b, cmp->tenant);
      json_builder_set_member_name (b, "against");
      json_builder_add_string_value (b, cmp->other);
      json_builder_set_member_name (b, "tenant_revision");
      json_builder_add_string_value (b, cmp->tenant_revision);
      json_builder_set_member_name (b, "against_revision");
      json_builder_add_string_value (b, cmp->other_revision);
      json_builder_set_member_name (b, "in_sync");
      json_builder_add_boolean_value (b, cmp->upgrade->len == 0);
      json_builder_set_member_name (b, "upgrade");
      json_builder_add_value (b, operations_json (cmp->upgrade));
      json_builder_set_member_name (b, "downgrade");
      json_builder_add_value (b, operations_json (cmp->downgrade));
      json_builder_set_member_name (b, "hints");
      json_builder_begin_array (b);
      for (guint i = 0; i < cmp->hints->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (cmp->hints, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      /* Translators: two tenant aliases, each with its revision marker or "no marker" */
      g_print (_("%s is at %s, %s at %s (the revision marker is not compared).\n"), cmp->tenant,
               revision_or_none (cmp->tenant_revision), cmp->other, revision_or_none (cmp->other_revision));
      if (cmp->upgrade->len == 0)
        g_print (_("%s has what %s has: no operation would change it.\n"), cmp->tenant, cmp->other);
      else
        {
          g_print (g_dngettext (GETTEXT_PACKAGE, "%s lacks what %s has: %u operation would bring it in line.\n",
                                "%s lacks what %s has: %u operations would bring it in line.\n", cmp->upgrade->len),
                   cmp->tenant, cmp->other, cmp->upgrade->len);
          print_operations (_("Upgrade operations:"), cmp->upgrade);
          if (cmp->hints->len > 0)
            g_print ("\n");
          print_hints (cmp->hints);
        }
    }
  return cmp->upgrade->len == 0 ? EXIT_OK : EXIT_NOT_IN_SYNC;
}

int
cmd_diff (Globals *globals,
          int      argc,
          char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
  gboolean json = FALSE;
  g_autofree char *against = NULL;
  GOptionEntry entries[] = {
    json_option (&json),
    { "against", 0, 0, G_OPTION_ARG_STRING, &against, N_("Compare with the tenant OTHER instead of the model: the "
                                                         "operations that would bring TENANT to what OTHER has"),
      "OTHER" },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) downgrade = NULL;
  g_autoptr(GPtrArray) hints = NULL;
  const char *alias;

  if (!parse_options ("diff", "TENANT", _("The operations that would bring a tenant to the project's model (or, "
                                          "with --against OTHER, to what another tenant has), without writing a "
                                          "file. Exit status 0 when in sync, 3 when not."),
                      entries, &argc, &argv, 1, 1, &status))
    return status;
  if (against != NULL)
    return diff_against (globals, argv[1], against, json);
  if (!open_tenant (globals, argv[1], &target, &error)
      || (desired = read_model (lim_workspace_get_project (target.workspace), &error)) == NULL
      || (model = tenant_fetch (target.tenant, target.client, 0, &error)) == NULL)
    return fail (error);
  alias = lim_tenant_get_alias (target.tenant);
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

int
cmd_revision (Globals *globals,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Target) target = { NULL };
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
  const char *tenant_name;
  LimProject *project;
  LimTimeline *timeline;
  LimRevision *head;
  const char *command = argv[0];

  if (!parse_options (command, "TENANT DESCRIPTION", _("Write a new revision file with the operations that bring "
                                                       "the tenant to the project's model. The tenant must be at "
                                                       "head."),
                      entries, &argc, &argv, 2, 2, &status))
    return status;
  if (!open_tenant (globals, argv[1], &target, &error))
    return fail (error);
  project = lim_workspace_get_project (target.workspace);
  timeline = lim_workspace_get_timeline (target.workspace);
  /* Read the model first: a model with problems writes nothing, anywhere. */
  if (!empty && (desired = read_model (project, &error)) == NULL)
    return fail (error);
  tenant_name = lim_tenant_get_tenant_name (target.tenant);
  head = lim_timeline_get_head (timeline);
  if (lim_timeline_get_n_revisions (timeline) == 1
      && g_strcmp0 (lim_revision_get_description (head), "Initial init revision") == 0)
    {
      /* Liminal upserts the marker to the init revision (§1.2). */
      gboolean changed = FALSE;

      if (!stamp_tenant (target.workspace, target.tenant, target.client, lim_revision_get_id (head), FALSE, &changed,
                         &error))
        return fail (error);
      if (changed)
        g_print (_("Set revision_id to %s within 'liminal_remote' schema.\n"), lim_revision_get_id (head));
      current = g_strdup (lim_revision_get_id (head));
      model = tenant_fetch (target.tenant, target.client, 0, &error);
    }
  else if ((model = tenant_fetch (target.tenant, target.client, 0, &error)) != NULL)
    {
      const char *marker = lim_marker_get_revision_id (model, &error);
      current = g_strdup (marker);
    }
  if (model == NULL || current == NULL)
    return fail (error);
  generated = lim_generate_revision (project, timeline, model, current, empty ? NULL : desired, argv[2], &error);
  if (generated == NULL)
    return fail (error);
  upgrade = g_ptr_array_ref (lim_revision_get_upgrade (generated->revision));
  hints = g_ptr_array_ref (generated->hints);
  shown = lim_project_relative_path (project, generated->path);
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

/* test-round-trip.c — exact round trips (issue 14) against an in-process
 * sandbox: a generated revision's downgrade puts archived fields and
 * options back where they were, and re-applying a create on the schema its
 * own downgrade archived unarchives it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lim-generate.h"
#include "lim-marker.h"
#include "lim-model-files.h"
#include "lim-remote.h"
#include "lim-runner.h"
#include "lim-sandbox.h"

typedef struct
{
  LimSandbox *sandbox;
  LimClient  *client;
  char       *dir;          /* the project: versions/ */
  char       *journal_dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *versions = NULL;

  fx->sandbox = lim_sandbox_new (NULL, data, &error);
  g_assert_no_error (error);
  lim_sandbox_set_rate_limit (fx->sandbox, 0, 30);
  g_assert_true (lim_sandbox_start (fx->sandbox, 0, &error));
  base_url = lim_sandbox_get_base_url (fx->sandbox);
  fx->client = lim_client_new (base_url, "dev");
  lim_client_set_client_credentials (fx->client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (fx->client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  lim_client_set_time_scale (fx->client, 0.01);
  fx->dir = g_dir_make_tmp ("liminal-round-trip-XXXXXX", &error);
  g_assert_no_error (error);
  versions = g_build_filename (fx->dir, "versions", NULL);
  g_assert_cmpint (g_mkdir (versions, 0700), ==, 0);
  fx->journal_dir = g_dir_make_tmp ("liminal-journal-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  remove_tree (fx->journal_dir);
  remove_tree (fx->dir);
  g_free (fx->journal_dir);
  g_free (fx->dir);
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

static LimTimeline *
timeline (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = g_build_filename (fx->dir, "versions", NULL);
  LimTimeline *t = lim_timeline_load_dir (versions, &error);

  g_assert_no_error (error);
  return t;
}

static void
stamp (Fixture *fx, const char *revision)
{
  g_autoptr(LimTimeline) t = timeline (fx);
  g_autoptr(LimRunner) runner = lim_runner_new (fx->client, t, "dev", fx->journal_dir,
                                                LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  lim_runner_stamp_async (runner, revision, NULL, store_result, &result);
  lim_client_wait (&result);
  g_assert_true (lim_runner_stamp_finish (runner, result, &changed, &error));
  g_assert_no_error (error);
}

/* Runs the project's history as it is on disk now. */
static gboolean
migrate (Fixture *fx, LimDirection direction, const char *descriptor, GError **error)
{
  g_autoptr(LimTimeline) t = timeline (fx);
  g_autoptr(LimRunner) runner = lim_runner_new (fx->client, t, "dev", fx->journal_dir,
                                                LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) ran = NULL;

  lim_runner_prepare_async (runner, direction, descriptor, 0, NULL, store_result, &prepared);
  lim_client_wait (&prepared);
  if (lim_runner_prepare_finish (runner, prepared, error) == NULL)
    return FALSE;
  lim_runner_run_async (runner, NULL, store_result, &ran);
  lim_client_wait (&ran);
  return lim_runner_run_finish (runner, ran, error);
}

static void
migrate_ok (Fixture *fx, LimDirection direction, const char *descriptor)
{
  g_autoptr(GError) error = NULL;

  if (!migrate (fx, direction, descriptor, &error))
    g_test_message ("%s %s: %s", direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade", descriptor,
                    error->message);
  g_assert_no_error (error);
}

static LimSnapshot *
fetch (Fixture *fx)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LimSnapshot *model;

  lim_remote_fetch_async (fx->client, LIM_FETCH_FULL, NULL, store_result, &result);
  lim_client_wait (&result);
  model = lim_remote_fetch_finish (fx->client, result, &error);
  g_assert_no_error (error);
  return model;
}

static void
write_revision (Fixture    *fx,
                const char *id,
                const char *down,
                const char *upgrade,
                const char *downgrade)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *down_line = down ? g_strdup_printf ("\"%s\"", down) : g_strdup ("None");
  g_autofree char *text = g_strdup_printf ("\n'''\nrevision %s\n\nRevision ID: %s\nRevises: %s\n"
                                           "Create Date: 2026-01-05 09:00:00\n'''\n\n"
                                           "import liminal.external as b\n\n"
                                           "revision = \"%s\"\ndown_revision = %s\n\n\n"
                                           "def upgrade() -> list[b.BaseOperation]:\n    return [%s]\n\n"
                                           "def downgrade() -> list[b.BaseOperation]:\n    return [%s]\n",
                                           id, id, down ? down : "None", id, down_line, upgrade, downgrade);
  g_autofree char *name = g_strdup_printf ("%s_revision.py", id);
  g_autofree char *path = g_build_filename (fx->dir, "versions", name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------- re-applying a create */

#define INIT "a00000000001"
#define R1   "b00000000002"
#define R2   "c00000000003"

/* The first two fields as `liminal revision` writes a create (tooltip,
 * entity_link and unit left unset); the third as a hand-written file may:
 * `required`,
 * `is_multi`, `parent_link` unset (Benchling stores false). */
#define CREATE_ANTIBODY(DATASHEET_EXTRA) \
  "b.CreateEntitySchema(b.BaseSchemaProperties(name='Antibody', warehouse_name='antibody', prefix='AB', " \
  "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}, " \
  "use_registry_id_as_label=False, include_registry_id_in_chips=False, constraint_fields=set(), " \
  "show_bases_in_expanded_view=False), [" \
  "b.BaseFieldProperties(name='Clone', warehouse_name='clone', type=b.BenchlingFieldType.TEXT, required=True, " \
  "is_multi=False, parent_link=False, dropdown_link=None, decimal_places=None), " \
  "b.BaseFieldProperties(name='Titer', warehouse_name='titer', type=b.BenchlingFieldType.DECIMAL, required=False, " \
  "is_multi=False, parent_link=False, dropdown_link=None, decimal_places=2), " \
  "b.BaseFieldProperties(name='Datasheet', warehouse_name='datasheet', type=b.BenchlingFieldType.BLOB_LINK" \
  DATASHEET_EXTRA ")]), " \
  "b.UpdateEntitySchemaField('antibody', 'clone', b.BaseFieldProperties(tooltip='Clone identifier'))"
#define ARCHIVE_ANTIBODY \
  "b.UpdateEntitySchemaField('antibody', 'clone', b.BaseFieldProperties(tooltip=None)), " \
  "b.ArchiveEntitySchema('antibody')"

static void
write_history (Fixture *fx, const char *create)
{
  write_revision (fx, INIT, NULL, "", "");
  write_revision (fx, R1, INIT, create, ARCHIVE_ANTIBODY);
  write_revision (fx, R2, R1, "b.CreateDropdown('Isotype', ['IgG', 'IgM'])", "b.ArchiveDropdown('Isotype')");
}

static const LimSnapshotSchema *
only_schema (LimSnapshot *model, const char *name)
{
  const LimSnapshotSchema *found = NULL;

  for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (model, i);

      if (g_strcmp0 (lim_snapshot_schema_get_name (s), name) == 0)
        {
          g_assert_null (found);
          found = s;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
test_recreate_unarchives (Fixture *fx, gconstpointer data)
{
  g_autoptr(LimSnapshot) model = NULL;

  write_history (fx, CREATE_ANTIBODY (""));
  stamp (fx, INIT);
  migrate_ok (fx, LIM_DIRECTION_UP, "head");
  /* The later revision creates a schema that this downgrade archives. */
  migrate_ok (fx, LIM_DIRECTION_DOWN, "-2");
  model = fetch (fx);
  g_assert_true (lim_snapshot_schema_is_archived (only_schema (model, "Antibody")));
  g_clear_pointer (&model, lim_snapshot_unref);
  migrate_ok (fx, LIM_DIRECTION_UP, "+1");
  migrate_ok (fx, LIM_DIRECTION_UP, "head");

  /* Unarchived, not created again; the tooltip is back. */
  model = fetch (fx);
  {
    const LimSnapshotSchema *s = only_schema (model, "Antibody");
    const LimSnapshotField *clone = lim_snapshot_schema_lookup_field (s, "clone");

    g_assert_false (lim_snapshot_schema_is_archived (s));
    g_assert_cmpstr (lim_props_get_str (clone->props, LIM_FIELD_TOOLTIP), ==, "Clone identifier");
    g_assert_cmpstr (lim_marker_get_revision_id (model, NULL), ==, R2);
  }
  (void) data;
}

/* Keys the revision sets must still match, and a key it leaves unset must
 * hold Benchling's default: otherwise Liminal's refusal stands. */
static void
test_recreate_refuses_what_differs (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  write_history (fx, CREATE_ANTIBODY (", is_multi=True"));
  stamp (fx, INIT);
  migrate_ok (fx, LIM_DIRECTION_UP, "head");
  migrate_ok (fx, LIM_DIRECTION_DOWN, "-2");

  /* is_multi left unset: Benchling's default is false, the archived field
   * holds true. */
  write_history (fx, CREATE_ANTIBODY (""));
  g_assert_false (migrate (fx, LIM_DIRECTION_UP, "+1", &error));
  g_assert_nonnull (strstr (error->message, "Entity schema antibody is different in code versus Benchling. "
                                            "Cannot unarchive."));
  g_clear_error (&error);

  /* A key the revision sets, different from Benchling's. */
  write_history (fx, CREATE_ANTIBODY (", is_multi=True, required=True"));
  g_assert_false (migrate (fx, LIM_DIRECTION_UP, "+1", &error));
  g_assert_nonnull (strstr (error->message, "is different in code versus Benchling"));
  g_clear_error (&error);

  /* What it made: unarchived. */
  write_history (fx, CREATE_ANTIBODY (", is_multi=True"));
  migrate_ok (fx, LIM_DIRECTION_UP, "+1");
  (void) data;
}

/* ---------------------------------------------------------------- a generated downgrade */

static void
copy_demo_history (Fixture *fx)
{
  g_autofree char *from = g_build_filename (g_getenv ("LIMINAL_SOURCE_ROOT"), "versions", NULL);
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (fx->dir, "versions", name, NULL);
      g_autofree char *text = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".py"))
        continue;
      g_assert_true (g_file_get_contents (src, &text, &len, NULL));
      g_assert_true (g_file_set_contents (dst, text, (gssize) len, NULL));
    }
}

/* @files with @name's JSON changed by @edit. */
static void
edit_file (GPtrArray *files, const char *name, void (*edit)(JsonObject *))
{
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *file = g_ptr_array_index (files, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (file->name, name) != 0)
        continue;
      g_assert_true (json_parser_load_from_data (parser, file->contents, -1, &error));
      edit (json_node_get_object (json_parser_get_root (parser)));
      g_free (file->contents);
      file->contents = json_to_string (json_parser_get_root (parser), TRUE);
      return;
    }
  g_assert_not_reached ();
}

/* pizza: archive oven_type and baked_at, add a field in front. */
static void
edit_pizza (JsonObject *pizza)
{
  JsonArray *fields = json_object_get_array_member (pizza, "fields");
  JsonArray *kept = json_array_new ();
  JsonObject *crust = json_object_new ();

  json_object_set_string_member (crust, "name", "Crust Char");
  json_object_set_string_member (crust, "warehouse_name", "crust_char");
  json_object_set_string_member (crust, "type", "text");
  json_object_set_boolean_member (crust, "required", FALSE);
  json_array_add_object_element (kept, crust);
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      const char *wh = json_object_get_string_member (f, "warehouse_name");

      if (g_strcmp0 (wh, "oven_type") == 0 || g_strcmp0 (wh, "baked_at") == 0)
        continue;
      if (g_strcmp0 (wh, "tasting_notes") == 0)
        json_object_set_string_member (f, "tooltip", "One line per tasting");
      json_array_add_object_element (kept, json_object_ref (f));
    }
  json_object_set_array_member (pizza, "fields", kept);
}

/* Crust Style: a new first option, the second archived, no reorder. */
static void
edit_crust_style (JsonObject *dropdown)
{
  JsonArray *options = json_array_new ();

  json_array_add_string_element (options, "Roman");
  json_array_add_string_element (options, "Detroit");
  json_array_add_string_element (options, "New York");
  json_object_set_array_member (dropdown, "options", options);
}

/* Cheese Type: reordered. */
static void
edit_cheese_type (JsonObject *dropdown)
{
  JsonArray *old = json_object_get_array_member (dropdown, "options");
  JsonArray *options = json_array_new ();

  for (guint i = json_array_get_length (old); i > 0; i--)
    json_array_add_string_element (options, json_array_get_string_element (old, i - 1));
  json_object_set_array_member (dropdown, "options", options);
}

static guint
n_differences (LimDesired *desired, LimSnapshot *model)
{
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) downgrade = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lim_compare (desired, model, &upgrade, &downgrade, &error));
  for (guint i = 0; i < upgrade->len; i++)
    {
      g_autofree char *text = lim_operation_to_python (g_ptr_array_index (upgrade, i));
      g_test_message ("differs: %s", text);
    }
  return upgrade->len;
}

static void
test_generated_downgrade_restores_positions (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) model = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) original = NULL;
  g_autoptr(LimDesired) edited = NULL;
  g_autoptr(LimProject) project = NULL;
  LimTimeline *t;   /* the project's */
  g_autoptr(LimGenerated) generated = NULL;
  GPtrArray *down;
  guint positioned = 0;

  copy_demo_history (fx);
  model = fetch (fx);
  files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, &error);
  g_assert_no_error (error);
  original = lim_model_files_parse (files, problems);
  g_assert_nonnull (original);
  g_assert_cmpuint (n_differences (original, model), ==, 0);
  edit_file (files, "entity_schemas/pizza.json", edit_pizza);
  edit_file (files, "dropdowns/crust_style.json", edit_crust_style);
  edit_file (files, "dropdowns/cheese_type.json", edit_cheese_type);
  edited = lim_model_files_parse (files, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (edited);

  project = lim_project_discover (fx->dir, &error);
  g_assert_no_error (error);
  t = lim_project_load_timeline (project, &error);
  g_assert_no_error (error);
  generated = lim_generate_revision (project, t, model, lim_marker_get_revision_id (model, NULL), edited,
                                     "Exact round trip", &error);
  g_assert_no_error (error);

  /* Every unarchive in the downgrade says where. */
  down = lim_revision_get_downgrade (generated->revision);
  for (guint i = 0; i < down->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (down, i);

      if (op->spec->kind == LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD || op->spec->kind == LIM_OP_CREATE_DROPDOWN_OPTION)
        {
          g_assert_true (op->args[2].has_index);
          positioned++;
        }
    }
  g_assert_cmpuint (positioned, ==, 3);

  migrate_ok (fx, LIM_DIRECTION_UP, "head");
  g_clear_pointer (&model, lim_snapshot_unref);
  model = fetch (fx);
  g_assert_cmpuint (n_differences (edited, model), ==, 0);

  migrate_ok (fx, LIM_DIRECTION_DOWN, "-1");
  g_clear_pointer (&model, lim_snapshot_unref);
  model = fetch (fx);
  g_assert_cmpuint (n_differences (original, model), ==, 0);
  (void) data;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/round-trip/recreate-unarchives", Fixture, "empty", fixture_setup, test_recreate_unarchives,
              fixture_teardown);
  g_test_add ("/round-trip/recreate-refuses-what-differs", Fixture, "empty", fixture_setup,
              test_recreate_refuses_what_differs, fixture_teardown);
  g_test_add ("/round-trip/generated-downgrade-restores-positions", Fixture, "demo", fixture_setup,
              test_generated_downgrade_restores_positions, fixture_teardown);
  return g_test_run ();
}

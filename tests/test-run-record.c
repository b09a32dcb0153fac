/* test-run-record.c — run records: what the writer appends, how a record
 * is folded back, and what the reader does with torn, foreign or broken
 * files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "lim-json.h"
#include "lim-revision.h"
#include "lim-run-record.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = g_dir_make_tmp ("liminal-run-record-XXXXXX", NULL);
  g_assert_nonnull (fx->dir);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

/* A revision read from a file of @dir, so that it has a hash. */
static LimRevision *
revision_in (const char *dir)
{
  static const char text[] =
    "\"\"\"Add the oven\n\nRevision ID: 1a2b3c4d5e6f\nRevises: \n\"\"\"\n"
    "import liminal.external as b\n\n"
    "revision = \"1a2b3c4d5e6f\"\ndown_revision = None\n\n\n"
    "def upgrade() -> list[b.BaseOperation]:\n"
    "    return [b.CreateDropdown('Oven', ['gas', 'wood'])]\n\n\n"
    "def downgrade() -> list[b.BaseOperation]:\n"
    "    return [b.ArchiveDropdown('oven')]\n";
  g_autofree char *path = g_build_filename (dir, "1a2b3c4d5e6f_add_the_oven.py", NULL);
  g_autoptr(GError) error = NULL;
  LimRevision *rev;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  rev = lim_revision_load (path, &error);
  g_assert_no_error (error);
  return rev;
}

static void
test_write_and_fold (Fixture       *fx,
                     gconstpointer  data)
{
  const char *runs = fx->dir;
  g_autoptr(LimTenant) tenant = lim_tenant_new ("test", "pizzahouse-test");
  g_autoptr(LimClient) client = lim_client_new ("http://127.0.0.1:9", "test");
  g_autoptr(LimRevision) rev = revision_in (fx->dir);
  g_autoptr(GPtrArray) revs = g_ptr_array_new ();
  g_autoptr(LimRunRecord) record = NULL;
  g_autoptr(JsonObject) folded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = lim_run_record_file_sha256 (lim_revision_get_file (rev));
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *r, *op;
  const char * const gates[] = { "dev", NULL };

  lim_client_set_client_credentials (client, "client-abc", "s3cret-never-written");
  lim_client_set_password_login (client, "ana@lab.example", "pa55-never-written");
  g_ptr_array_add (revs, rev);
  record = lim_run_record_new (runs, tenant, client, "test");
  lim_run_record_set_override (record, "approved in CR-7", gates);
  g_assert_false (lim_run_record_is_begun (record));
  lim_run_record_begin (record, "upgrade", "head", LIM_DIRECTION_UP, "000000000000", "1a2b3c4d5e6f", revs, FALSE,
                        FALSE, NULL);
  g_assert_true (lim_run_record_is_begun (record));
  g_assert_true (g_str_has_suffix (lim_run_record_get_path (record), ".jsonl"));
  g_assert_nonnull (strstr (lim_run_record_get_id (record), "-test-"));

  /* Before its end the run's own process lives: "running". */
  folded = lim_run_record_load (lim_run_record_get_path (record), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_json_get_string (folded, "outcome"), ==, "running");
  g_clear_pointer (&folded, json_object_unref);

  lim_run_record_operation (record, "1a2b3c4d5e6f", 1, "running", NULL, NULL);
  lim_run_record_operation (record, "1a2b3c4d5e6f", 1, "done", NULL, "https://t.example/api/v2/tasks/task_42?x=1");
  lim_run_record_revision (record, "1a2b3c4d5e6f");
  lim_run_record_end (record, "succeeded", NULL, "1a2b3c4d5e6f");
  /* Nothing after the end. */
  lim_run_record_operation (record, "1a2b3c4d5e6f", 1, "failed", "late", NULL);

  g_assert_true (g_file_get_contents (lim_run_record_get_path (record), &contents, NULL, NULL));
  g_assert_null (strstr (contents, "never-written"));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);   /* 5 lines and the last newline */

  folded = lim_run_record_load (lim_run_record_get_path (record), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_json_get_string (folded, "outcome"), ==, "succeeded");
  g_assert_cmpstr (lim_json_get_string (folded, "command"), ==, "upgrade");
  g_assert_cmpstr (lim_json_get_string (folded, "from"), ==, "000000000000");
  g_assert_cmpstr (lim_json_get_string (folded, "marker"), ==, "1a2b3c4d5e6f");
  g_assert_cmpstr (lim_json_get_string (lim_json_get_object (folded, "identity"), "client_id"), ==, "client-abc");
  g_assert_cmpstr (lim_json_get_string (lim_json_get_object (folded, "identity"), "user"), ==, "ana@lab.example");
  g_assert_cmpstr (lim_json_get_string (lim_json_get_object (folded, "tenant"), "name"), ==, "pizzahouse-test");
  g_assert_cmpstr (lim_json_get_string (lim_json_get_object (folded, "override"), "reason"), ==, "approved in CR-7");
  g_assert_nonnull (lim_json_get_string (folded, "ended"));
  g_assert_cmpint (json_object_get_int_member (folded, "duration_ms"), >=, 0);
  r = json_array_get_object_element (lim_json_get_array (folded, "revisions"), 0);
  g_assert_cmpstr (lim_json_get_string (r, "state"), ==, "done");
  g_assert_cmpstr (lim_json_get_string (r, "sha256"), ==, sha);
  g_assert_cmpstr (lim_json_get_string (r, "file"), ==, "1a2b3c4d5e6f_add_the_oven.py");
  op = json_array_get_object_element (lim_json_get_array (r, "operations"), 0);
  g_assert_cmpstr (lim_json_get_string (op, "op"), ==, "CreateDropdown");
  g_assert_cmpstr (lim_json_get_string (op, "outcome"), ==, "done");
  g_assert_cmpstr (json_array_get_string_element (lim_json_get_array (op, "tasks"), 0), ==, "task_42");
  g_assert_nonnull (lim_json_get_string (op, "started"));
  g_assert_nonnull (lim_json_get_string (op, "ended"));
}

/* A rehearsal is recorded with its kind; a run without one has none. */
static void
test_kind (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(LimTenant) tenant = lim_tenant_new ("prod", "pizzahouse-prod");
  g_autoptr(LimClient) client = lim_client_new ("http://127.0.0.1:9", "prod");
  g_autoptr(LimRunRecord) rehearsal = lim_run_record_new (fx->dir, tenant, client, "cli");
  g_autoptr(LimRunRecord) run = lim_run_record_new (fx->dir, tenant, client, "cli");
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(GError) error = NULL;

  lim_run_record_set_kind (rehearsal, "rehearsal");
  lim_run_record_begin (rehearsal, "rehearse", "head", LIM_DIRECTION_UP, "aaa", "bbb", NULL, TRUE, FALSE, NULL);
  lim_run_record_end (rehearsal, "succeeded", NULL, "aaa");
  lim_run_record_begin (run, "upgrade", "head", LIM_DIRECTION_UP, "aaa", "bbb", NULL, FALSE, FALSE, NULL);
  lim_run_record_end (run, "succeeded", NULL, "bbb");
  a = lim_run_record_load (lim_run_record_get_path (rehearsal), &error);
  g_assert_no_error (error);
  b = lim_run_record_load (lim_run_record_get_path (run), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_json_get_string (a, "kind"), ==, "rehearsal");
  g_assert_cmpstr (lim_json_get_string (a, "command"), ==, "rehearse");
  g_assert_true (json_object_get_boolean_member (a, "dry_run"));
  g_assert_false (json_object_has_member (b, "kind"));
}

static char *
write_file (Fixture    *fx,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (fx->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

#define START(run, host, pid) \
  "{\"event\":\"start\",\"record\":\"liminal-run\",\"version\":1,\"run\":\"" run "\",\"at\":\"2026-12-05T04:31:00.000Z\"," \
  "\"command\":\"upgrade\",\"host\":\"" host "\",\"pid\":" pid ",\"tenant\":{\"alias\":\"prod\"}," \
  "\"revisions\":[{\"id\":\"aaa\",\"operations\":[{\"index\":1,\"describe\":\"x\"},{\"index\":2}]}]}\n"

/* Killed: a torn last line, no end; its process (on this host) is gone. */
static void
test_interrupted (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *start = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) folded = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *op;

  start = g_strdup_printf ("{\"event\":\"start\",\"record\":\"liminal-run\",\"version\":1,\"run\":\"r1\","
                           "\"at\":\"2026-12-05T04:31:00.000Z\",\"command\":\"upgrade\",\"host\":\"%s\","
                           "\"pid\":2147483000,\"tenant\":{\"alias\":\"prod\"},\"revisions\":[{\"id\":\"aaa\","
                           "\"operations\":[{\"index\":1,\"describe\":\"x\"},{\"index\":2}]}]}\n",
                           g_get_host_name ());
  text = g_strconcat (start,
                      "{\"event\":\"operation\",\"revision\":\"aaa\",\"index\":1,\"state\":\"running\",\"at\":\"t1\"}\n",
                      "{\"event\":\"operation\",\"revision\":\"aaa\",\"index\":9,\"state\":\"done\"}\n",
                      "{\"event\":\"someday\",\"x\":[1,2]}\n",
                      "not json at all\n",
                      "{\"event\":\"operation\",\"revision\":\"aaa\",\"index\":2,\"sta", NULL);
  path = write_file (fx, "r1.jsonl", text);
  folded = lim_run_record_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_json_get_string (folded, "outcome"), ==, "interrupted");
  g_assert_true (json_object_get_null_member (folded, "ended"));
  op = json_array_get_object_element (lim_json_get_array (json_array_get_object_element (lim_json_get_array (folded,
                                                                                                              "revisions"),
                                                                                         0), "operations"), 0);
  /* The operation under way when it was killed may or may not have applied. */
  g_assert_cmpstr (lim_json_get_string (op, "outcome"), ==, "uncertain");
}

static void
test_not_a_record (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *empty = write_file (fx, "empty.jsonl", "");
  g_autofree char *other = write_file (fx, "other.jsonl", "\n{\"event\":\"operation\"}\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;

  g_assert_null (lim_run_record_load (empty, &error));
  g_assert_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (lim_run_record_load (other, &error));
  g_assert_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_INVALID);
  /* FILE:LINE of the offending line. */
  g_assert_nonnull (strstr (error->message, "other.jsonl:2:"));
  g_clear_error (&error);

  /* Listing skips them, saying so. */
  records = lim_run_record_list (fx->dir, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_find (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *a = write_file (fx, "a.jsonl", START ("20261205T043100Z-prod-aaaaaa", "elsewhere", "1"));
  g_autofree char *b = write_file (fx, "b.jsonl", START ("20261205T043100Z-prod-bbbbbb", "elsewhere", "1"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(GPtrArray) records = NULL;

  found = lim_run_record_find (fx->dir, "20261205T043100Z-prod-b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_json_get_string (found, "run"), ==, "20261205T043100Z-prod-bbbbbb");
  /* Another host's run without an end: interrupted, never "running". */
  g_assert_cmpstr (lim_json_get_string (found, "outcome"), ==, "interrupted");
  g_assert_null (lim_run_record_find (fx->dir, "20261205T", &error));
  g_assert_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_AMBIGUOUS);
  g_clear_error (&error);
  g_assert_null (lim_run_record_find (fx->dir, "nope", &error));
  g_assert_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  records = lim_run_record_list (fx->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  /* Newest first; same start time: by id, descending. */
  g_assert_cmpstr (lim_json_get_string (g_ptr_array_index (records, 0), "run"), ==, "20261205T043100Z-prod-bbbbbb");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/run-record/write-and-fold", Fixture, NULL, fixture_setup, test_write_and_fold, fixture_teardown);
  g_test_add ("/run-record/kind", Fixture, NULL, fixture_setup, test_kind, fixture_teardown);
  g_test_add ("/run-record/interrupted", Fixture, NULL, fixture_setup, test_interrupted, fixture_teardown);
  g_test_add ("/run-record/not-a-record", Fixture, NULL, fixture_setup, test_not_a_record, fixture_teardown);
  g_test_add ("/run-record/find", Fixture, NULL, fixture_setup, test_find, fixture_teardown);

  return g_test_run ();
}

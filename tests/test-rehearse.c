/* test-rehearse.c — what counts as the same tenant after a round trip
 * (lim_rehearse_scrub, lim_rehearse_first_difference): ids, numbers,
 * timestamps, the lock and archived leftovers do not count; active fields
 * in order, names, types and references do.  A rehearsal's clone runs in a
 * thread of its own, stopped and joined before the rehearsal completes,
 * also when it is cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "lim-rehearse-private.h"
#include "lim-rehearse.h"

/* A sandbox state with one dropdown and the schemas @schemas (JSON). */
static char *
state (const char *counter,
       const char *dropdown_id,
       const char *schemas)
{
  return g_strdup_printf ("{\"format\":\"liminal-sandbox-state/1\",\"counter\":%s,\"fieldCounter\":7,"
                          "\"registry\":{\"id\":\"src_R\",\"name\":\"Reg\",\"modifiedAt\":\"2024\"},"
                          "\"unitTypes\":[],\"selectors\":[{\"id\":\"%s\",\"name\":\"Crust\",\"archiveRecord\":null,"
                          "\"allSchemaFieldSelectorOptions\":[{\"id\":\"sfso_%s1\",\"name\":\"Thin\","
                          "\"archiveRecord\":null,\"numLinkedTags\":3}],\"schemaFieldSelectorOptions\":[]}],"
                          "\"tagSchemas\":[%s],\"schemaModifiedAt\":{}}",
                          counter, dropdown_id, dropdown_id, schemas);
}

static char *
field (const char *api_id,
       int         db_id,
       const char *system_name,
       const char *type,
       const char *selector,
       gboolean    archived)
{
  return g_strdup_printf ("{\"id\":%d,\"dbId\":%d,\"apiId\":\"%s\",\"systemName\":\"%s\",\"name\":\"%s\","
                          "\"fieldType\":\"%s\",\"schemaFieldSelectorId\":%s%s%s,\"archiveRecord\":%s}",
                          db_id, db_id, api_id, system_name, system_name, type, selector ? "\"" : "",
                          selector ? selector : "null", selector ? "\"" : "",
                          archived ? "{\"purpose\":\"Made in error\"}" : "null");
}

static char *
schema (const char *id,
        const char *sql,
        const char *constraint,
        const char *all_fields,
        const char *fields)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"sqlIdentifier\":\"%s\",\"name\":\"%s\",\"registryId\":\"src_R\","
                          "\"archiveRecord\":null,\"constraint\":%s,\"allFields\":[%s],\"fields\":[%s]}",
                          id, sql, sql, constraint, all_fields, fields);
}

static char *
difference (const char *a,
            const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sa = lim_rehearse_scrub (a, &error);
  g_autoptr(JsonNode) sb = NULL;

  g_assert_no_error (error);
  sb = lim_rehearse_scrub (b, &error);
  g_assert_no_error (error);
  return lim_rehearse_first_difference (sa, sb);
}

static void
test_same_tenant (void)
{
  g_autofree char *f1 = field ("tsf_a1", 1, "size", "ft_selector", "sfs_A", FALSE);
  g_autofree char *f2 = field ("tsf_a2", 2, "name", "ft_text", NULL, FALSE);
  g_autofree char *g1 = field ("tsf_b1", 11, "size", "ft_selector", "sfs_B", FALSE);
  g_autofree char *g2 = field ("tsf_b2", 12, "name", "ft_text", NULL, FALSE);
  g_autofree char *left = field ("tsf_b3", 13, "gone", "ft_text", NULL, TRUE);
  g_autofree char *lock = field ("tsf_b4", 14, "lock", "ft_text", NULL, FALSE);
  g_autofree char *rev = field ("tsf_b5", 15, "revision_id", "ft_text", NULL, FALSE);
  g_autofree char *rev_a = field ("tsf_a5", 5, "revision_id", "ft_text", NULL, FALSE);
  g_autofree char *all_a = g_strdup_printf ("%s,%s", f1, f2);
  g_autofree char *all_b = g_strdup_printf ("%s,%s,%s", g1, left, g2);
  g_autofree char *active_b = g_strdup_printf ("%s,%s", g1, g2);
  g_autofree char *remote_all_b = g_strdup_printf ("%s,%s", rev, lock);
  g_autofree char *pizza_a = schema ("ts_A", "pizza", "null", all_a, all_a);
  g_autofree char *pizza_b = schema ("ts_B", "pizza", "{\"fields\":[],\"uniqueResidues\":false}", all_b, active_b);
  g_autofree char *remote_a = schema ("ts_RA", "liminal_remote", "null", rev_a, rev_a);
  g_autofree char *remote_b = schema ("ts_RB", "liminal_remote", "null", remote_all_b, remote_all_b);
  g_autofree char *schemas_a = g_strdup_printf ("%s,%s", pizza_a, remote_a);
  g_autofree char *schemas_b = g_strdup_printf ("%s,%s", remote_b, pizza_b);   /* another order */
  g_autofree char *a = state ("5", "sfs_A", schemas_a);
  g_autofree char *b = state ("99", "sfs_B", schemas_b);
  g_autofree char *d = difference (a, b);

  /* other ids and numbers, an archived field left behind, the lock, an
   * empty constraint, another order of schemas: the same tenant */
  g_assert_null (d);
}

static void
test_differences (void)
{
  g_autofree char *f1 = field ("tsf_a1", 1, "size", "ft_selector", "sfs_A", FALSE);
  g_autofree char *f2 = field ("tsf_a2", 2, "name", "ft_text", NULL, FALSE);
  g_autofree char *f2_int = field ("tsf_a2", 2, "name", "ft_integer", NULL, FALSE);
  g_autofree char *f1_unlinked = field ("tsf_a1", 1, "size", "ft_selector", "sfs_Other", FALSE);
  g_autofree char *ab = g_strdup_printf ("%s,%s", f1, f2);
  g_autofree char *ba = g_strdup_printf ("%s,%s", f2, f1);
  g_autofree char *ab_int = g_strdup_printf ("%s,%s", f1, f2_int);
  g_autofree char *ab_unlinked = g_strdup_printf ("%s,%s", f1_unlinked, f2);
  g_autofree char *s_ab = schema ("ts_A", "pizza", "null", ab, ab);
  g_autofree char *s_ba = schema ("ts_A", "pizza", "null", ba, ba);
  g_autofree char *s_int = schema ("ts_A", "pizza", "null", ab_int, ab_int);
  g_autofree char *s_unlinked = schema ("ts_A", "pizza", "null", ab_unlinked, ab_unlinked);
  g_autofree char *a = state ("1", "sfs_A", s_ab);
  g_autofree char *reordered = state ("1", "sfs_A", s_ba);
  g_autofree char *retyped = state ("1", "sfs_A", s_int);
  g_autofree char *relinked = state ("1", "sfs_A", s_unlinked);
  g_autofree char *extra_schema = NULL;
  g_autofree char *d1 = difference (a, reordered);
  g_autofree char *d2 = difference (a, retyped);
  g_autofree char *d3 = difference (a, relinked);
  g_autofree char *d4 = NULL;

  /* active fields count in order */
  g_assert_nonnull (d1);
  g_assert_true (strstr (d1, "tagSchemas[pizza].allFields") || strstr (d1, "tagSchemas[pizza].fields"));
  g_assert_nonnull (strstr (d1, "[size, name], now [name, size]"));
  /* a type */
  g_assert_nonnull (d2);
  g_assert_nonnull (strstr (d2, "tagSchemas[pizza]"));
  g_assert_nonnull (strstr (d2, "fieldType (\"ft_text\", now \"ft_integer\")"));
  /* a reference to another dropdown (named, not by id) */
  g_assert_nonnull (d3);
  g_assert_nonnull (strstr (d3, "schemaFieldSelectorId"));
  /* an active schema more */
  {
    g_autofree char *other = schema ("ts_X", "oven", "null", "", "");
    g_autofree char *both = g_strdup_printf ("%s,%s", s_ab, other);
    extra_schema = state ("1", "sfs_A", both);
  }
  d4 = difference (a, extra_schema);
  g_assert_nonnull (d4);
  g_assert_nonnull (strstr (d4, "tagSchemas ([pizza], now [oven, pizza])"));
}

static void
test_not_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) n = lim_rehearse_scrub ("[1,", &error);

  g_assert_null (n);
  g_assert_nonnull (error);
  g_clear_error (&error);
  n = lim_rehearse_scrub ("[]", &error);
  g_assert_null (n);
  g_assert_error (error, LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE);
}

/* ---- the clone's thread ---- */

/* A project holding a copy of the repository's demo history. */
static char *
demo_project (void)
{
  g_autoptr(GError) error = NULL;
  const char *root = g_getenv ("LIMINAL_SOURCE_ROOT");
  g_autofree char *from = g_build_filename (root ? root : ".", "versions", NULL);
  char *dir = g_dir_make_tmp ("liminal-rehearse-test-XXXXXX", &error);
  g_autofree char *to = g_build_filename (dir, "versions", NULL);
  g_autoptr(GDir) d = g_dir_open (from, 0, &error);
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (to, 0700), ==, 0);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *text = NULL;
      gsize len = 0;

      if (!g_str_has_suffix (name, ".py"))
        continue;
      g_assert_true (g_file_get_contents (src, &text, &len, &error));
      g_assert_true (g_file_set_contents (dst, text, (gssize) len, &error));
    }
  return dir;
}

static void
remove_project (const char *dir)
{
  g_autofree char *versions = g_build_filename (dir, "versions", NULL);
  g_autoptr(GDir) d = g_dir_open (versions, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (versions, name, NULL);
      g_unlink (path);
    }
  g_rmdir (versions);
  g_rmdir (dir);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;       /* cancel this long after the clone's thread started */
  gint64        seen_at;        /* when it was first seen */
  gboolean      saw_thread;
  GAsyncResult *result;
  guint         threads_at_end; /* clone threads not joined when the callback ran */
} Watch;

static gboolean
watch_clone (gpointer data)
{
  Watch *w = data;

  if (w->result)
    return G_SOURCE_REMOVE;
  if (!w->saw_thread && _lim_rehearse_get_n_clone_threads () > 0)
    {
      w->saw_thread = TRUE;
      w->seen_at = g_get_monotonic_time ();
    }
  if (w->cancellable && w->saw_thread && g_get_monotonic_time () - w->seen_at >= w->delay_ms * (gint64) 1000)
    {
      g_cancellable_cancel (w->cancellable);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
rehearsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Watch *w = user_data;

  w->threads_at_end = _lim_rehearse_get_n_clone_threads ();
  w->result = g_object_ref (result);
}

/* Rehearses the demo history, cancelling @delay_ms after the clone's
 * thread started (G_MAXUINT: never). */
static LimRehearsal *
rehearse_history (guint     delay_ms,
                  GError  **error)
{
  g_autofree char *dir = demo_project ();
  g_autoptr(GError) open_error = NULL;
  g_autoptr(LimWorkspace) workspace = lim_workspace_open (dir, &open_error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watch w = { .cancellable = delay_ms == G_MAXUINT ? NULL : cancellable, .delay_ms = delay_ms };
  LimRehearsal *r;
  GSource *watch = g_timeout_source_new (1);

  g_assert_no_error (open_error);
  g_assert_cmpuint (_lim_rehearse_get_n_clone_threads (), ==, 0);
  g_source_set_callback (watch, watch_clone, &w, NULL);
  g_source_attach (watch, NULL);
  lim_rehearse_history_async (workspace, LIM_REHEARSE_FLAGS_NONE, cancellable, rehearsed, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (watch);
  g_source_unref (watch);
  g_assert_true (w.saw_thread);
  /* the clone's thread is joined before the rehearsal completes */
  g_assert_cmpuint (w.threads_at_end, ==, 0);
  g_assert_cmpuint (_lim_rehearse_get_n_clone_threads (), ==, 0);
  r = lim_rehearse_history_finish (w.result, error);
  g_object_unref (w.result);
  /* whatever the clone's thread left on the main context */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_project (dir);
  return r;
}

static void
test_clone_thread_joined (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRehearsal) r = rehearse_history (G_MAXUINT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_true (r->succeeded);
  g_assert_cmpuint (r->n_round_trips, ==, r->n_revisions);
}

static void
test_cancelled_while_seeding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRehearsal) r = rehearse_history (0, &error);

  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_cancelled_on_the_stairway (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRehearsal) r = rehearse_history (150, &error);

  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rehearse/scrub/same-tenant", test_same_tenant);
  g_test_add_func ("/rehearse/scrub/differences", test_differences);
  g_test_add_func ("/rehearse/scrub/not-json", test_not_json);
  g_test_add_func ("/rehearse/clone/thread-joined", test_clone_thread_joined);
  g_test_add_func ("/rehearse/clone/cancelled-while-seeding", test_cancelled_while_seeding);
  g_test_add_func ("/rehearse/clone/cancelled-on-the-stairway", test_cancelled_on_the_stairway);
  return g_test_run ();
}

/* test-revision-cache.c — a revision served by the revision cache is the
 * revision parsing gives; a damaged or foreign cache is ignored and
 * rewritten; a file with an error never comes from the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "lim-operation.h"
#include "lim-revision-cache.h"
#include "lim-revision-private.h"
#include "lim-timeline.h"
#include "tree-test-util.h"

typedef struct
{
  char *tmp;      /* removed at the end */
  char *versions; /* tmp/versions: the history under test */
} Fixture;

/* Files changed in the last seconds are not cached; these are "old". */
static void
age_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  struct utimbuf old = { .actime = time (NULL) - 3600, .modtime = time (NULL) - 3600 };

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_assert_cmpint (g_utime (path, &old), ==, 0);
    }
}

static void
fixture_set_up (Fixture      *fx,
                gconstpointer data)
{
  const char *what = data;
  const char *root = g_getenv ("LIMINAL_SOURCE_ROOT");

  g_assert_nonnull (root);
  fx->tmp = g_dir_make_tmp ("test-revision-cache-XXXXXX", NULL);
  fx->versions = g_build_filename (fx->tmp, "versions", NULL);
  if (g_str_equal (what, "demo"))
    {
      g_autofree char *demo = g_build_filename (root, "versions", NULL);
      tree_test_copy_dir (demo, fx->versions, ".py");
    }
  else
    {
      g_autofree char *gen = g_build_filename (root, "bench", "gen-revisions.py", NULL);
      const char *argv[] = { "python3", gen, fx->versions, "150", NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  age_files (fx->versions);
  g_unsetenv ("LIMINAL_NO_CACHE");
}

static void
fixture_tear_down (Fixture      *fx,
                   gconstpointer data)
{
  g_autoptr(LimRevisionCache) cache = lim_revision_cache_open (fx->versions);

  g_unlink (lim_revision_cache_get_path (cache));
  tree_test_remove_tree (fx->tmp);
  g_free (fx->versions);
  g_free (fx->tmp);
  g_unsetenv ("LIMINAL_NO_CACHE");
}

static char *
operations_text (GPtrArray *ops)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ops->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (ops, i);

      g_string_append_printf (out, "%u:%u ", op->line, op->column);
      lim_operation_append_python (op, out);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Every field of every revision, operations included. */
static void
assert_same_timeline (LimTimeline *a,
                      LimTimeline *b)
{
  g_assert_cmpuint (lim_timeline_get_n_revisions (a), ==, lim_timeline_get_n_revisions (b));
  for (guint i = 0; i < lim_timeline_get_n_revisions (a); i++)
    {
      LimRevision *x = lim_timeline_get_nth (a, i);
      LimRevision *y = lim_timeline_get_nth (b, i);
      GPtrArray *wx = lim_revision_get_warnings (x), *wy = lim_revision_get_warnings (y);
      g_autofree char *ux = NULL, *uy = NULL, *dx = NULL, *dy = NULL, *px = NULL, *py = NULL;

      g_assert_cmpstr (lim_revision_get_id (x), ==, lim_revision_get_id (y));
      g_assert_cmpstr (lim_revision_get_down_revision (x), ==, lim_revision_get_down_revision (y));
      g_assert_cmpstr (lim_revision_get_description (x), ==, lim_revision_get_description (y));
      g_assert_cmpstr (lim_revision_get_create_date (x), ==, lim_revision_get_create_date (y));
      g_assert_cmpstr (lim_revision_get_file (x), ==, lim_revision_get_file (y));
      g_assert_cmpuint (lim_revision_get_line (x), ==, lim_revision_get_line (y));
      g_assert_cmpuint (lim_revision_get_n_upgrade (x), ==, lim_revision_get_n_upgrade (y));
      g_assert_cmpuint (lim_revision_get_n_downgrade (x), ==, lim_revision_get_n_downgrade (y));
      g_assert_cmpuint (wx->len, ==, wy->len);
      for (guint j = 0; j < wx->len; j++)
        g_assert_cmpstr (g_ptr_array_index (wx, j), ==, g_ptr_array_index (wy, j));
      ux = operations_text (lim_revision_get_upgrade (x));
      uy = operations_text (lim_revision_get_upgrade (y));
      g_assert_cmpstr (ux, ==, uy);
      dx = operations_text (lim_revision_get_downgrade (x));
      dy = operations_text (lim_revision_get_downgrade (y));
      g_assert_cmpstr (dx, ==, dy);
      g_assert_cmpuint (lim_revision_get_upgrade (x)->len, ==, lim_revision_get_n_upgrade (y));
      g_assert_cmpuint (lim_revision_get_downgrade (x)->len, ==, lim_revision_get_n_downgrade (y));
      px = lim_revision_to_python (x);
      py = lim_revision_to_python (y);
      g_assert_cmpstr (px, ==, py);
    }
}

static LimTimeline *
load_uncached (const char *versions)
{
  g_autoptr(GError) error = NULL;
  LimTimeline *t;

  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  t = lim_timeline_load_dir (versions, &error);
  g_unsetenv ("LIMINAL_NO_CACHE");
  g_assert_no_error (error);
  return t;
}

static LimTimeline *
load (const char *versions)
{
  g_autoptr(GError) error = NULL;
  LimTimeline *t = lim_timeline_load_dir (versions, &error);

  g_assert_no_error (error);
  return t;
}

/* TRUE when every revision came from the cache (its operations not parsed
 * yet), FALSE when none did. */
static gboolean
all_cached (LimTimeline *t)
{
  guint n_cached = 0;

  for (guint i = 0; i < lim_timeline_get_n_revisions (t); i++)
    n_cached += !_lim_revision_has_operations (lim_timeline_get_nth (t, i));
  g_assert_true (n_cached == 0 || n_cached == lim_timeline_get_n_revisions (t));
  return n_cached > 0;
}

static void
test_same_revisions (Fixture      *fx,
                     gconstpointer data)
{
  g_autoptr(LimTimeline) plain = load_uncached (fx->versions);
  g_autoptr(LimTimeline) filling = NULL;
  g_autoptr(LimTimeline) cached = NULL;
  g_autoptr(LimTimeline) checked = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimRevisionCache) cache = lim_revision_cache_open (fx->versions);

  g_assert_false (g_file_test (lim_revision_cache_get_path (cache), G_FILE_TEST_EXISTS));
  g_assert_false (all_cached (plain));

  filling = load (fx->versions);
  g_assert_false (all_cached (filling));
  g_assert_true (g_file_test (lim_revision_cache_get_path (cache), G_FILE_TEST_EXISTS));

  cached = load (fx->versions);
  g_assert_true (all_cached (cached));
  assert_same_timeline (plain, cached);
  assert_same_timeline (plain, filling);

  /* `check` reads once, from the cache too, and gives the same timeline. */
  g_assert_true (lim_timeline_check_dir_full (fx->versions, problems, &checked));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (all_cached (checked));
  assert_same_timeline (plain, checked);

  /* LIMINAL_NO_CACHE=1: nothing from the cache. */
  g_clear_pointer (&cached, lim_timeline_unref);
  cached = load_uncached (fx->versions);
  g_assert_false (all_cached (cached));
}

static void
damage (const char *path,
        const char *how)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  if (g_str_equal (how, "truncate"))
    len = len / 2;
  else if (g_str_equal (how, "garbage"))
    memset (text + len / 3, 0x5a, len / 3);
  else if (g_str_equal (how, "version"))
    {
      /* The version string follows magic, format and byte-order mark. */
      g_assert_cmpuint (len, >, 20);
      text[20] ^= 0x1;
    }
  else if (g_str_equal (how, "empty"))
    len = 0;
  g_assert_true (g_file_set_contents (path, text, len, NULL));
}

static void
test_damaged_cache (Fixture      *fx,
                    gconstpointer data)
{
  static const char *const hows[] = { "truncate", "garbage", "version", "empty" };
  g_autoptr(LimTimeline) plain = load_uncached (fx->versions);
  g_autoptr(LimRevisionCache) cache = lim_revision_cache_open (fx->versions);
  const char *path = lim_revision_cache_get_path (cache);

  g_clear_pointer (&plain, lim_timeline_unref);
  plain = load (fx->versions); /* fills the cache */
  for (guint i = 0; i < G_N_ELEMENTS (hows); i++)
    {
      g_autoptr(LimTimeline) after = NULL;
      g_autoptr(LimTimeline) again = NULL;

      g_test_message ("damage: %s", hows[i]);
      damage (path, hows[i]);
      after = load (fx->versions);
      assert_same_timeline (plain, after);
      /* … and the cache was rewritten whole. */
      again = load (fx->versions);
      g_assert_true (all_cached (again));
      assert_same_timeline (plain, again);
    }
}

/* Any cut of a cache file reads without a crash and serves either nothing
 * or entries that parse to what they say. */
static void
test_truncations (Fixture      *fx,
                  gconstpointer data)
{
  g_autoptr(LimTimeline) plain = load (fx->versions);
  g_autoptr(LimRevisionCache) cache = lim_revision_cache_open (fx->versions);
  g_autofree char *text = NULL;
  gsize len = 0;

  g_clear_pointer (&plain, lim_timeline_unref);
  g_assert_true (g_file_get_contents (lim_revision_cache_get_path (cache), &text, &len, NULL));
  for (gsize cut = 0; cut <= len; cut += 1 + cut / 8)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (text, cut);
      g_autoptr(GPtrArray) names = NULL;

      lim_revision_cache_load_bytes (cache, bytes);
      names = lim_revision_cache_get_names (cache);
      for (guint i = 0; i < names->len; i++)
        {
          g_autoptr(LimRevision) r = lim_revision_cache_lookup (cache, g_ptr_array_index (names, i), "x.py", NULL);

          if (r != NULL)
            g_assert_cmpuint (lim_revision_get_upgrade (r)->len, ==, lim_revision_get_n_upgrade (r));
        }
    }
}

/* A file rewritten with an error, its size and modification time kept,
 * gives the parser's own message, FILE:LINE:COLUMN. */
static void
test_error_never_cached (Fixture      *fx,
                         gconstpointer data)
{
  g_autoptr(LimTimeline) plain = load (fx->versions);
  g_autoptr(GDir) dir = g_dir_open (fx->versions, 0, NULL);
  g_autoptr(GError) cached_error = NULL;
  g_autoptr(GError) plain_error = NULL;
  g_autoptr(LimTimeline) t = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  const char *name;
  char *revision;
  gsize len = 0;
  GStatBuf st;
  struct utimbuf times;

  g_clear_pointer (&plain, lim_timeline_unref);
  plain = load (fx->versions);
  g_assert_true (all_cached (plain));

  while ((name = g_dir_read_name (dir)) != NULL && !g_str_has_suffix (name, ".py"))
    ;
  g_assert_nonnull (name);
  path = g_build_filename (fx->versions, name, NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  revision = strstr (text, "\nrevision = ");
  g_assert_nonnull (revision);
  revision[1] = '(';  /* same size: "(evision = …" is a syntax error */
  g_assert_true (g_file_set_contents (path, text, len, NULL));
  times.actime = st.st_atime;
  times.modtime = st.st_mtime;
  g_assert_cmpint (g_utime (path, &times), ==, 0);

  t = lim_timeline_load_dir (fx->versions, &cached_error);
  g_assert_null (t);
  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  t = lim_timeline_load_dir (fx->versions, &plain_error);
  g_unsetenv ("LIMINAL_NO_CACHE");
  g_assert_null (t);
  g_assert_nonnull (cached_error);
  g_assert_nonnull (plain_error);
  g_assert_cmpstr (cached_error->message, ==, plain_error->message);
  quoted = g_strdup_printf ("%s:", path);
  g_assert_true (g_str_has_prefix (cached_error->message, quoted));

  g_assert_false (lim_timeline_check_dir_full (fx->versions, problems, &t));
  g_assert_null (t);
  /* The file's own message first; the broken chain follows. */
  g_assert_cmpuint (problems->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, plain_error->message);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/revision-cache/same-revisions/demo", Fixture, "demo", fixture_set_up, test_same_revisions,
              fixture_tear_down);
  g_test_add ("/revision-cache/same-revisions/generated", Fixture, "generated", fixture_set_up, test_same_revisions,
              fixture_tear_down);
  g_test_add ("/revision-cache/damaged", Fixture, "demo", fixture_set_up, test_damaged_cache, fixture_tear_down);
  g_test_add ("/revision-cache/truncations", Fixture, "demo", fixture_set_up, test_truncations, fixture_tear_down);
  g_test_add ("/revision-cache/error-never-cached", Fixture, "demo", fixture_set_up, test_error_never_cached,
              fixture_tear_down);
  return g_test_run ();
}

/* test-timeline.c — the revision timeline: validation (§2.6), navigation
 * (§2.7), descriptors (§1.3) and loading a versions directory (§2.5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lim-revision.h"
#include "lim-timeline.h"

/* A valid chain of five, base A … head E. */
#define A "a1a1a1a1a1a1"
#define B "b2b2b2b2b2b2"
#define C "c3c3c3c3c3c3"
#define D "d4d4d4d4d4d4"
#define E "e5e5e5e5e5e5"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* Triples of (id, down_revision, file), ended by a NULL id. */
static GPtrArray *
revisions_new (const char *first_id,
               ...)
{
  GPtrArray *revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_revision_unref);
  const char *id = first_id;
  va_list args;

  va_start (args, first_id);
  while (id != NULL)
    {
      const char *down = va_arg (args, const char *);
      const char *file = va_arg (args, const char *);

      g_ptr_array_add (revisions, lim_revision_new (id, down, "", file));
      id = va_arg (args, const char *);
    }
  va_end (args);

  return revisions;
}

/* The chain A…E, given out of order. */
static LimTimeline *
chain_new (void)
{
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  LimTimeline *timeline;

  revisions = revisions_new (C, B, "versions/" C "_c.py",
                             A, NULL, "versions/" A "_init.py",
                             E, D, "versions/" E "_e.py",
                             B, A, "versions/" B "_b.py",
                             D, C, "versions/" D "_d.py",
                             NULL);
  timeline = lim_timeline_new (revisions, &error);
  g_assert_no_error (error);
  g_assert_nonnull (timeline);
  return timeline;
}

static void
assert_new_fails (GPtrArray  *revisions,
                  gint        code,
                  const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;

  timeline = lim_timeline_new (revisions, &error);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_resolves (LimTimeline  *timeline,
                 LimDirection  direction,
                 const char   *current,
                 const char   *descriptor,
                 const char   *expected_id)
{
  g_autoptr(GError) error = NULL;
  gboolean up_to_date = TRUE;
  LimRevision *target;

  target = lim_timeline_resolve (timeline, direction, current, descriptor, &up_to_date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (target);
  g_assert_cmpstr (lim_revision_get_id (target), ==, expected_id);
  g_assert_false (up_to_date);
}

static void
assert_resolve_fails (LimTimeline  *timeline,
                      LimDirection  direction,
                      const char   *current,
                      const char   *descriptor,
                      gint          code,
                      const char   *message)
{
  g_autoptr(GError) error = NULL;
  gboolean up_to_date = TRUE;
  LimRevision *target;

  target = lim_timeline_resolve (timeline, direction, current, descriptor, &up_to_date, &error);
  g_assert_null (target);
  g_assert_error (error, LIM_TIMELINE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_false (up_to_date);
}

static void
assert_path (GPtrArray  *path,
             const char *first_id,
             ...)
{
  const char *id = first_id;
  guint i = 0;
  va_list args;

  g_assert_nonnull (path);
  va_start (args, first_id);
  for (; id != NULL; id = va_arg (args, const char *), i++)
    {
      g_assert_cmpuint (i, <, path->len);
      g_assert_cmpstr (lim_revision_get_id (g_ptr_array_index (path, i)), ==, id);
    }
  va_end (args);
  g_assert_cmpuint (i, ==, path->len);
}

/* ---------------------------------------------------------------------- */
/* Validation, §2.6                                                        */
/* ---------------------------------------------------------------------- */

static void
test_valid_chain (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  const char *order[] = { A, B, C, D, E };

  g_assert_cmpuint (lim_timeline_get_n_revisions (timeline), ==, 5);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_base (timeline)), ==, A);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_head (timeline)), ==, E);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_nth (timeline, i)), ==, order[i]);
      g_assert_cmpint (lim_timeline_position (timeline, order[i]), ==, (int) i);
      g_assert_true (lim_timeline_lookup (timeline, order[i]) ==
                     lim_timeline_get_nth (timeline, i));
    }
  g_assert_null (lim_timeline_get_nth (timeline, 5));
  g_assert_null (lim_timeline_lookup (timeline, "ffffffffffff"));
  g_assert_null (lim_timeline_lookup (timeline, "b2b2"));  /* lookup is exact */
  g_assert_null (lim_timeline_lookup (timeline, NULL));
  g_assert_cmpint (lim_timeline_position (timeline, "ffffffffffff"), ==, -1);
  g_assert_cmpint (lim_timeline_distance (timeline, B, E), ==, 3);
  g_assert_cmpint (lim_timeline_distance (timeline, E, B), ==, -3);
  g_assert_cmpint (lim_timeline_distance (timeline, C, C), ==, 0);
}

static void
test_single_revision (void)
{
  g_autoptr(GPtrArray) revisions = revisions_new (A, NULL, "versions/init.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = lim_timeline_new (revisions, &error);

  g_assert_no_error (error);
  g_assert_true (lim_timeline_get_head (timeline) == lim_timeline_get_base (timeline));
  g_assert_cmpuint (lim_timeline_get_n_revisions (timeline), ==, 1);
}

static void
test_refcount (void)
{
  LimTimeline *timeline = chain_new ();
  g_autoptr(GPtrArray) revisions = revisions_new (A, NULL, NULL, NULL);
  LimRevision *revision = g_ptr_array_index (revisions, 0);
  LimTimeline *other;

  /* The timeline holds its own refs: the input may go away. */
  other = lim_timeline_new (revisions, NULL);
  g_clear_pointer (&revisions, g_ptr_array_unref);
  g_assert_true (lim_timeline_get_head (other) == revision);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_head (other)), ==, A);
  lim_timeline_unref (other);

  g_assert_true (lim_timeline_ref (timeline) == timeline);
  lim_timeline_unref (timeline);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_head (timeline)), ==, E);
  lim_timeline_unref (timeline);
}

static void
test_error_empty (void)
{
  g_autoptr(GPtrArray) revisions = g_ptr_array_new ();

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_EMPTY,
                    "Latest revision not found. There should be one revision where "
                    "up_revision_id == None.");
}

static void
test_error_duplicate (void)
{
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, "versions/" A "_init.py",
                   B, A, "versions/" B "_x.py",
                   B, A, "versions/" B "_y.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_DUPLICATE,
                    "Revision ids are not unique. Please ensure all revision ids are unique. "
                    "Found duplicate revision ids: {'" B "'} "
                    "(versions/" B "_x.py, versions/" B "_y.py)");
}

static void
test_error_duplicate_several (void)
{
  /* Duplicates are reported before a missing base. */
  g_autoptr(GPtrArray) revisions =
    revisions_new (C, B, "c1.py",
                   A, B, "a1.py",
                   C, B, "c2.py",
                   A, B, "a2.py",
                   A, B, "a3.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_DUPLICATE,
                    "Revision ids are not unique. Please ensure all revision ids are unique. "
                    "Found duplicate revision ids: {'" C "', '" A "'} "
                    "('" C "': c1.py, c2.py; '" A "': a1.py, a2.py, a3.py)");
}

static void
test_error_no_base_dangling (void)
{
  /* The init file was deleted: B names an id no file has. */
  g_autoptr(GPtrArray) revisions =
    revisions_new (C, B, "versions/" C "_c.py",
                   B, A, "versions/" B "_b.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_NO_BASE,
                    "No base revision found. There should be one revision where "
                    "down_revision_id == None. versions/" B "_b.py has down_revision = '" A "', "
                    "which is not the id of any revision.");
}

static void
test_error_no_base_loop (void)
{
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, C, "a.py",
                   B, A, "b.py",
                   C, B, "c.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_NO_BASE,
                    "No base revision found. There should be one revision where "
                    "down_revision_id == None. a.py, c.py, b.py form a loop of down_revision "
                    "links.");
}

static void
test_error_multiple_bases (void)
{
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, "versions/" A "_init.py",
                   B, A, "versions/" B "_b.py",
                   C, NULL, "versions/" C "_init.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_MULTIPLE_BASES,
                    "Multiple revisions found with down_revision_id == None. There should be "
                    "only one revision with this condition. Please investigate the revisions: "
                    "['" A "', '" C "'] (versions/" A "_init.py, versions/" C "_init.py)");
}

static void
test_error_broken_link_dangling (void)
{
  /* D names a missing C; E hangs off D.  The walk stops at B. */
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, "versions/a.py",
                   B, A, "versions/b.py",
                   D, C, "versions/d.py",
                   E, D, "versions/e.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_BROKEN_LINK,
                    "No revisions found that include " B " as their down_revision_id. "
                    "Please ensure all revisions have valid links. " B " is defined in "
                    "versions/b.py. Not reached from the base revision: versions/d.py, "
                    "versions/e.py. versions/d.py has down_revision = '" C "', which is not "
                    "the id of any revision.");
}

static void
test_error_broken_link_loop (void)
{
  /* Liminal's own loop check cannot trigger (see lim-timeline.c): a loop
   * is never reachable from the base, so it surfaces as a broken link.
   * We name the files in the loop, and a file that revises itself. */
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, "a.py",
                   B, A, "b.py",
                   C, D, "c.py",
                   D, C, "d.py",
                   E, E, "e.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_BROKEN_LINK,
                    "No revisions found that include " B " as their down_revision_id. "
                    "Please ensure all revisions have valid links. " B " is defined in b.py. "
                    "Not reached from the base revision: c.py, d.py, e.py. "
                    "c.py, d.py form a loop of down_revision links. "
                    "e.py names its own id as its down_revision.");
}

static void
test_error_branch (void)
{
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, "versions/a.py",
                   B, A, "versions/b.py",
                   D, B, "versions/d.py",
                   C, B, "versions/c.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_BRANCH,
                    "Multiple revisions found that include " B " as their down_revision_id. "
                    "Each revision should be the down_revision for only one other revision. "
                    "Please investigate the revisions: ['" D "', '" C "'] "
                    "(versions/d.py, versions/c.py)");
}

static void
test_error_order (void)
{
  /* Multiple bases are reported before a branch further up. */
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, "a.py",
                   B, A, "b.py",
                   C, A, "c.py",
                   D, NULL, "d.py",
                   NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = lim_timeline_new (revisions, &error);

  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_MULTIPLE_BASES);
}

static void
test_error_context_without_file (void)
{
  /* Revisions not read from a file are named by id. */
  g_autoptr(GPtrArray) revisions =
    revisions_new (A, NULL, NULL,
                   B, A, NULL,
                   B, A, NULL,
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_DUPLICATE,
                    "Revision ids are not unique. Please ensure all revision ids are unique. "
                    "Found duplicate revision ids: {'" B "'} "
                    "(revision '" B "', revision '" B "')");
}

static void
test_error_python_repr (void)
{
  /* Hand-edited ids are printed the way Python's repr() prints them. */
  g_autoptr(GPtrArray) revisions =
    revisions_new ("it's", NULL, "a.py",
                   "it's", NULL, "b.py",
                   NULL);

  assert_new_fails (revisions, LIM_TIMELINE_ERROR_DUPLICATE,
                    "Revision ids are not unique. Please ensure all revision ids are unique. "
                    "Found duplicate revision ids: {\"it's\"} (a.py, b.py)");
}

static void
test_large (void)
{
  const guint n = 2000;
  g_autoptr(GPtrArray) revisions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) lim_revision_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *head_id = g_strdup_printf ("%012x", n - 1);
  g_autofree char *mid_id = g_strdup_printf ("%012x", n / 2);
  g_autoptr(GPtrArray) path = NULL;
  gint64 start, elapsed;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%012x", i);
      g_autofree char *down = i > 0 ? g_strdup_printf ("%012x", i - 1) : NULL;
      g_autofree char *file = g_strdup_printf ("versions/%s_step.py", id);

      g_ptr_array_add (revisions, lim_revision_new (id, down, "", file));
    }
  /* Shuffle, so the walk cannot profit from the input order. */
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
      gpointer tmp = revisions->pdata[i];

      revisions->pdata[i] = revisions->pdata[j];
      revisions->pdata[j] = tmp;
    }

  start = g_get_monotonic_time ();
  timeline = lim_timeline_new (revisions, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_test_message ("lim_timeline_new: %u revisions in %" G_GINT64_FORMAT " us", n, elapsed);
  /* A few ms normally; the bound leaves room for sanitizers and slow CI. */
  g_assert_cmpint (elapsed, <, 500000);

  g_assert_cmpuint (lim_timeline_get_n_revisions (timeline), ==, n);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_head (timeline)), ==, head_id);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_base (timeline)), ==, "000000000000");
  assert_resolves (timeline, LIM_DIRECTION_UP, "000000000000", "+1999", head_id);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, head_id, "-1999", "000000000000");
  assert_resolves (timeline, LIM_DIRECTION_UP, "000000000000", "head", head_id);

  path = lim_timeline_path (timeline, mid_id, head_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (path->len, ==, n - 1 - n / 2);
}

static void
test_large_broken_link (void)
{
  const guint n = 2000;
  g_autoptr(GPtrArray) revisions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) lim_revision_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  gint64 start, elapsed;

  /* Revision 1000 names a missing id: 1000 files are not reached. */
  for (guint i = n; i-- > 0;)
    {
      g_autofree char *id = g_strdup_printf ("%012x", i);
      g_autofree char *down = i == 1000 ? g_strdup ("ffffffffffff")
                              : i > 0   ? g_strdup_printf ("%012x", i - 1)
                                        : NULL;
      g_autofree char *file = g_strdup_printf ("v/%u.py", i);

      g_ptr_array_add (revisions, lim_revision_new (id, down, "", file));
    }

  start = g_get_monotonic_time ();
  timeline = lim_timeline_new (revisions, &error);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("lim_timeline_new (broken link): %u revisions in %" G_GINT64_FORMAT " us", n,
                  elapsed);
  g_assert_cmpint (elapsed, <, 500000);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_BROKEN_LINK);
  g_assert_cmpstr (error->message, ==,
                   "No revisions found that include 0000000003e7 as their down_revision_id. "
                   "Please ensure all revisions have valid links. 0000000003e7 is defined in "
                   "v/999.py. Not reached from the base revision: v/1999.py, v/1998.py, "
                   "v/1997.py, v/1996.py, v/1995.py, v/1994.py, v/1993.py, v/1992.py, "
                   "v/1991.py, v/1990.py and 990 more. v/1000.py has down_revision = "
                   "'ffffffffffff', which is not the id of any revision.");
}

/* ---------------------------------------------------------------------- */
/* find                                                                    */
/* ---------------------------------------------------------------------- */

static LimTimeline *
prefix_chain_new (void)
{
  g_autoptr(GPtrArray) revisions =
    revisions_new ("abcd00000001", NULL, "versions/1.py",
                   "abcd00000002", "abcd00000001", "versions/2.py",
                   "abce00000003", "abcd00000002", "versions/3.py",
                   NULL);
  g_autoptr(GError) error = NULL;
  LimTimeline *timeline = lim_timeline_new (revisions, &error);

  g_assert_no_error (error);
  return timeline;
}

static void
test_find (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(LimTimeline) prefixed = prefix_chain_new ();
  g_autoptr(GError) error = NULL;
  LimRevision *r;

  r = lim_timeline_find (timeline, C, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_revision_get_id (r), ==, C);

  r = lim_timeline_find (timeline, "head", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_revision_get_id (r), ==, E);

  r = lim_timeline_find (timeline, "base", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_revision_get_id (r), ==, A);

  r = lim_timeline_find (timeline, "d4d4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_revision_get_id (r), ==, D);

  r = lim_timeline_find (prefixed, "abce", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lim_revision_get_id (r), ==, "abce00000003");

  r = lim_timeline_find (prefixed, "abcd0000000", &error);
  g_assert_null (r);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION);
  g_assert_cmpstr (error->message, ==,
                   "Revision id prefix abcd0000000 is ambiguous. It matches 2 revisions: "
                   "abcd00000001 (versions/1.py), abcd00000002 (versions/2.py). "
                   "Give more characters of the id.");
  g_clear_error (&error);

  /* Three characters are too few, even when only one id matches. */
  r = lim_timeline_find (timeline, "d4d", &error);
  g_assert_null (r);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION);
  g_assert_cmpstr (error->message, ==, "No revision found with id d4d.");
  g_clear_error (&error);

  r = lim_timeline_find (timeline, "ffffffffffff", &error);
  g_assert_null (r);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION);
  g_assert_cmpstr (error->message, ==, "No revision found with id ffffffffffff.");
  g_clear_error (&error);

  r = lim_timeline_find (timeline, "", &error);
  g_assert_null (r);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION);
  g_assert_cmpstr (error->message, ==, "No revision id provided.");
}

/* Short ids: 7 characters, more where another revision shares them. */
static void
test_short_id (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(LimTimeline) prefixed = prefix_chain_new ();
  g_autoptr(GPtrArray) revisions =
    revisions_new ("1234567890ab", NULL, "versions/1.py",
                   "1234567891cd", "1234567890ab", "versions/2.py",
                   "12345", "1234567891cd", "versions/3.py",
                   NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) close = lim_timeline_new (revisions, &error);
  g_autofree char *c = lim_timeline_short_id (timeline, C);
  g_autofree char *one = lim_timeline_short_id (prefixed, "abcd00000001");
  g_autofree char *three = lim_timeline_short_id (prefixed, "abce00000003");
  g_autofree char *ab = NULL;
  g_autofree char *cd = NULL;
  g_autofree char *shorter = NULL;
  g_autofree char *unknown = NULL;

  g_assert_no_error (error);
  ab = lim_timeline_short_id (close, "1234567890ab");
  cd = lim_timeline_short_id (close, "1234567891cd");
  shorter = lim_timeline_short_id (close, "12345");
  unknown = lim_timeline_short_id (close, "12345678ffff");
  g_assert_cmpstr (c, ==, "c3c3c3c");
  /* abcd0000000 is shared by two ids: the whole id tells them apart. */
  g_assert_cmpstr (one, ==, "abcd00000001");
  g_assert_cmpstr (three, ==, "abce000");
  g_assert_cmpstr (ab, ==, "1234567890");
  g_assert_cmpstr (cd, ==, "1234567891");
  g_assert_cmpstr (shorter, ==, "12345");
  /* Not in the timeline: still unique against every revision in it. */
  g_assert_cmpstr (unknown, ==, "12345678f");
}

/* ---------------------------------------------------------------------- */
/* Upgrade descriptors, §1.3                                               */
/* ---------------------------------------------------------------------- */

static void
test_upgrade_head (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_UP, B, "head", E);
  assert_resolves (timeline, LIM_DIRECTION_UP, A, "head", E);
}

static void
test_upgrade_head_up_to_date (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(GError) error = NULL;
  gboolean up_to_date = FALSE;
  LimRevision *target;

  /* Our deviation: already at head is not an error. */
  target = lim_timeline_resolve (timeline, LIM_DIRECTION_UP, E, "head", &up_to_date, &error);
  g_assert_no_error (error);
  g_assert_true (up_to_date);
  g_assert_cmpstr (lim_revision_get_id (target), ==, E);

  /* Without @up_to_date the caller gets Liminal's behaviour. */
  target = lim_timeline_resolve (timeline, LIM_DIRECTION_UP, E, "head", NULL, &error);
  g_assert_null (target);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR);
  g_assert_cmpstr (error->message, ==,
                   "Error with upgrade descriptor head: Distance between " E " and " E " is 0. "
                   "No upgrade operations found.");
}

static void
test_upgrade_plus_n (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_UP, B, "+1", C);
  assert_resolves (timeline, LIM_DIRECTION_UP, B, "+2", D);
  /* Python int() leniency: whitespace, a second sign, underscores. */
  assert_resolves (timeline, LIM_DIRECTION_UP, B, "+ 2 ", D);
  assert_resolves (timeline, LIM_DIRECTION_UP, B, "+\t2\n", D);
  assert_resolves (timeline, LIM_DIRECTION_UP, B, "++2", D);
  assert_resolves (timeline, LIM_DIRECTION_UP, B, "+02", D);
  assert_resolves (timeline, LIM_DIRECTION_UP, A, "+0_3", D);
}

static void
test_upgrade_plus_n_to_head (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_UP, B, "+3", E);
  assert_resolves (timeline, LIM_DIRECTION_UP, A, "+4", E);
  assert_resolves (timeline, LIM_DIRECTION_UP, D, "+1", E);
}

static void
test_upgrade_plus_n_invalid (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  const char *bad[] = { "+0", "+-1", "+", "+ ", "+x", "+2.0", "+1e1", "+0x2", "+_1", "+1_",
                        "+1__0", "+-0", "+--1", "+ + 1", "+1 2" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message =
        g_strdup_printf ("Error with upgrade descriptor %s. Use '+n' where n is a positive "
                         "number.",
                         bad[i]);

      assert_resolve_fails (timeline, LIM_DIRECTION_UP, B, bad[i],
                            LIM_TIMELINE_ERROR_DESCRIPTOR, message);
    }
}

static void
test_upgrade_beyond_head (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_UP, B, "+4", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Error with upgrade descriptor +4. Attempting to upgrade +4 steps from "
                        B " when there are 3 possible upgrade revisions left before reaching the "
                        "latest revision.");
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, E, "+1", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Error with upgrade descriptor +1. Attempting to upgrade +1 steps from "
                        E " when there are 0 possible upgrade revisions left before reaching the "
                        "latest revision.");
  /* Python has big ints: a huge n is merely beyond the head. */
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, A, "+99999999999999999999999",
                        LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Error with upgrade descriptor +99999999999999999999999. Attempting to "
                        "upgrade +99999999999999999999999 steps from " A " when there are 4 "
                        "possible upgrade revisions left before reaching the latest revision.");
}

static void
test_upgrade_id (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_UP, B, D, D);
  assert_resolves (timeline, LIM_DIRECTION_UP, B, E, E);
  assert_resolves (timeline, LIM_DIRECTION_UP, A, B, B);
}

static void
test_upgrade_id_current (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_UP, C, C, LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Distance between " C " and " C " is 0. No upgrade operations found.");
  /* The head by id is Liminal's error too (only the word "head" differs). */
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, E, E, LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Distance between " E " and " E " is 0. No upgrade operations found.");
}

static void
test_upgrade_id_below (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_UP, C, A, LIM_TIMELINE_ERROR_DESCRIPTOR,
                        A " is not a valid up revision from " C ".");
}

static void
test_upgrade_unknown (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  const char *bad[] = { "ffffffffffff", "-1", "base", "HEAD", "", " head" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message =
        g_strdup_printf ("Error with upgrade descriptor %s. Must be 'head', '+n', or a valid "
                         "revision id.",
                         bad[i]);

      assert_resolve_fails (timeline, LIM_DIRECTION_UP, B, bad[i],
                            LIM_TIMELINE_ERROR_DESCRIPTOR, message);
    }
}

static void
test_upgrade_prefix (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(LimTimeline) prefixed = prefix_chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_UP, B, "d4d4", D);
  assert_resolves (timeline, LIM_DIRECTION_UP, B, "e5e5e5e5e5e", E);
  assert_resolves (prefixed, LIM_DIRECTION_UP, "abcd00000001", "abce", "abce00000003");

  /* The checks then run on the full id. */
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, C, "a1a1", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        A " is not a valid up revision from " C ".");
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, C, "c3c3c", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Distance between " C " and " C " is 0. No upgrade operations found.");
}

static void
test_upgrade_prefix_ambiguous (void)
{
  g_autoptr(LimTimeline) prefixed = prefix_chain_new ();

  assert_resolve_fails (prefixed, LIM_DIRECTION_UP, "abcd00000001", "abcd",
                        LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Revision id prefix abcd is ambiguous. It matches 2 revisions: "
                        "abcd00000001 (versions/1.py), abcd00000002 (versions/2.py). "
                        "Give more characters of the id.");
}

static void
test_upgrade_prefix_too_short (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_UP, B, "d4d", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Error with upgrade descriptor d4d. Must be 'head', '+n', or a valid "
                        "revision id.");
}

static void
test_current_unknown (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_UP, "ffffffffffff", "head",
                        LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                        "current remote revision_id (ffffffffffff) is invalid and not found in "
                        "any of the revision file names.");
  assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, "ffffffffffff", "-1",
                        LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                        "current remote revision_id (ffffffffffff) is invalid and not found in "
                        "any of the revision file names.");
  /* Checked before the descriptor, and never by prefix. */
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, "b2b2", "nonsense",
                        LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                        "current remote revision_id (b2b2) is invalid and not found in "
                        "any of the revision file names.");
  assert_resolve_fails (timeline, LIM_DIRECTION_UP, NULL, "head",
                        LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                        "current remote revision_id (None) is invalid and not found in "
                        "any of the revision file names.");
}

/* ---------------------------------------------------------------------- */
/* Downgrade descriptors, §1.3                                             */
/* ---------------------------------------------------------------------- */

static void
test_downgrade_minus_n (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_DOWN, D, "-1", C);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, D, "-2", B);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, E, "- 2 ", C);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, E, "-+2", C);
}

static void
test_downgrade_minus_n_to_base (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_DOWN, D, "-3", A);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, E, "-4", A);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, B, "-1", A);
}

static void
test_downgrade_minus_n_invalid (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  const char *bad[] = { "-0", "--1", "-", "-x", "-1.0", "-+0" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message =
        g_strdup_printf ("Error with downgrade descriptor %s. Use '-n' where n is a positive "
                         "number.",
                         bad[i]);

      assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, D, bad[i],
                            LIM_TIMELINE_ERROR_DESCRIPTOR, message);
    }
}

static void
test_downgrade_below_base (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  /* From D (index 1 of N = 5) only 3 steps are possible; Liminal says 4. */
  assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, D, "-4", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Error with downgrade descriptor -4. Attempting to downgrade -4 steps "
                        "from " D " when there are 4 possible downgrade revisions left before "
                        "reaching the earliest revision.");
  /* At the base, 0 steps are possible; Liminal says 1. */
  assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, A, "-1", LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Error with downgrade descriptor -1. Attempting to downgrade -1 steps "
                        "from " A " when there are 1 possible downgrade revisions left before "
                        "reaching the earliest revision.");
}

static void
test_downgrade_id (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolves (timeline, LIM_DIRECTION_DOWN, D, B, B);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, E, A, A);
  assert_resolves (timeline, LIM_DIRECTION_DOWN, E, "b2b2", B);
}

static void
test_downgrade_id_current (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, D, D, LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Distance between " D " and " D " is 0. No downgrade operations found.");
}

static void
test_downgrade_id_above (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();

  assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, C, E, LIM_TIMELINE_ERROR_DESCRIPTOR,
                        E " is not a valid down revision from " C ".");
}

static void
test_downgrade_unknown (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  const char *bad[] = { "head", "+1", "base", "ffffffffffff", "d4d", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message =
        g_strdup_printf ("Error with downgrade descriptor %s. Must be '-n', or a valid "
                         "revision id.",
                         bad[i]);

      assert_resolve_fails (timeline, LIM_DIRECTION_DOWN, D, bad[i],
                            LIM_TIMELINE_ERROR_DESCRIPTOR, message);
    }
}

static void
test_downgrade_prefix_ambiguous (void)
{
  g_autoptr(LimTimeline) prefixed = prefix_chain_new ();

  assert_resolve_fails (prefixed, LIM_DIRECTION_DOWN, "abce00000003", "abcd",
                        LIM_TIMELINE_ERROR_DESCRIPTOR,
                        "Revision id prefix abcd is ambiguous. It matches 2 revisions: "
                        "abcd00000001 (versions/1.py), abcd00000002 (versions/2.py). "
                        "Give more characters of the id.");
}

/* ---------------------------------------------------------------------- */
/* Paths, §2.7                                                             */
/* ---------------------------------------------------------------------- */

static void
test_path_up (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(GPtrArray) inferred = NULL;
  g_autoptr(GError) error = NULL;
  LimDirection direction = LIM_DIRECTION_UP;

  /* After @from, up to and including @to. */
  path = lim_timeline_path (timeline, B, E, &direction, &error);
  g_assert_no_error (error);
  assert_path (path, C, D, E, NULL);
  g_assert_cmpint (direction, ==, LIM_DIRECTION_UP);

  inferred = lim_timeline_path (timeline, A, B, NULL, &error);
  g_assert_no_error (error);
  assert_path (inferred, B, NULL);
}

static void
test_path_down (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(GPtrArray) inferred = NULL;
  g_autoptr(GError) error = NULL;
  LimDirection direction = LIM_DIRECTION_DOWN;

  /* From @from down to, but excluding, @to. */
  path = lim_timeline_path (timeline, E, B, &direction, &error);
  g_assert_no_error (error);
  assert_path (path, E, D, C, NULL);

  inferred = lim_timeline_path (timeline, E, A, NULL, &error);
  g_assert_no_error (error);
  assert_path (inferred, E, D, C, B, NULL);
}

static void
test_path_outlives_timeline (void)
{
  LimTimeline *timeline = chain_new ();
  g_autoptr(GPtrArray) path = lim_timeline_path (timeline, A, C, NULL, NULL);

  lim_timeline_unref (timeline);
  assert_path (path, B, C, NULL);
}

static void
test_path_errors (void)
{
  g_autoptr(LimTimeline) timeline = chain_new ();
  g_autoptr(GError) error = NULL;
  LimDirection up = LIM_DIRECTION_UP;
  LimDirection down = LIM_DIRECTION_DOWN;

  g_assert_null (lim_timeline_path (timeline, E, B, &up, &error));
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR);
  g_assert_cmpstr (error->message, ==, B " is not a valid up revision from " E ".");
  g_clear_error (&error);

  g_assert_null (lim_timeline_path (timeline, B, E, &down, &error));
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR);
  g_assert_cmpstr (error->message, ==, E " is not a valid down revision from " B ".");
  g_clear_error (&error);

  g_assert_null (lim_timeline_path (timeline, C, C, &down, &error));
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR);
  g_assert_cmpstr (error->message, ==,
                   "Distance between " C " and " C " is 0. No downgrade operations found.");
  g_clear_error (&error);

  g_assert_null (lim_timeline_path (timeline, C, C, NULL, &error));
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR);
  g_assert_cmpstr (error->message, ==,
                   "Distance between " C " and " C " is 0. No upgrade operations found.");
  g_clear_error (&error);

  g_assert_null (lim_timeline_path (timeline, C, "ffffffffffff", NULL, &error));
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION);
  g_assert_cmpstr (error->message, ==, "No revision found with id ffffffffffff.");
}

/* ---------------------------------------------------------------------- */
/* Loading a versions directory, §2.5                                      */
/* ---------------------------------------------------------------------- */

/* A file in Liminal's canonical layout (§2.2): `revision =` is line 13. */
static char *
write_revision (const char *dir,
                const char *name,
                const char *id,
                const char *down,
                const char *description)
{
  g_autofree char *down_text = down != NULL ? g_strdup_printf ("\"%s\"", down) : g_strdup ("None");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  text = g_strdup_printf ("\n"
                          "'''\n"
                          "%s\n"
                          "\n"
                          "Revision ID: %s\n"
                          "Revises: %s\n"
                          "Create Date: 2026-01-15 10:00:00\n"
                          "'''\n"
                          "\n"
                          "import liminal.external as b\n"
                          "\n"
                          "# revision identifiers, used by Liminal.\n"
                          "revision = \"%s\"\n"
                          "down_revision = %s\n"
                          "\n"
                          "\n"
                          "# ### commands auto generated by Liminal - please review (and adjust "
                          "if needed)! ###\n"
                          "def upgrade() -> list[b.BaseOperation]:\n"
                          "    return []\n"
                          "\n"
                          "# ### commands auto generated by Liminal - please review (and adjust "
                          "if needed)! ###\n"
                          "def downgrade() -> list[b.BaseOperation]:\n"
                          "    return []\n",
                          description, id, down != NULL ? down : "None", id, down_text);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A .py file that is not a revision file: no `revision` variable. */
static char *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-timeline-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
test_load_dir_missing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "versions", NULL);
  g_autofree char *message =
    g_strdup_printf ("No %s directory found in working directory. Make sure a versions/ "
                     "directory exists.",
                     missing);
  g_autofree char *file = write_file (fixture->dir, "plain", "");
  g_autofree char *file_message =
    g_strdup_printf ("No %s directory found in working directory. Make sure a versions/ "
                     "directory exists.",
                     file);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;

  timeline = lim_timeline_load_dir (missing, &error);
  g_assert_null (timeline);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  timeline = lim_timeline_load_dir (file, &error);
  g_assert_null (timeline);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_cmpstr (error->message, ==, file_message);

  g_assert_false (lim_timeline_check_dir (missing, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, message);
}

static void
test_load_dir (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_initial_init_revision.py", A, NULL,
                                          "Initial init revision");
  g_autofree char *second = write_revision (fixture->dir, B "_add_dough.py", B, A, "Add dough");
  g_autofree char *third = write_revision (fixture->dir, C "_add_cheese.py", C, B, "Add cheese");
  /* Not revision files: skipped. */
  g_autofree char *init = write_file (fixture->dir, "__init__.py", "x = 1\n");
  g_autofree char *dot = write_file (fixture->dir, ".py", "x = 1\n");
  g_autofree char *text = write_file (fixture->dir, "notes.txt", "x = 1\n");
  g_autofree char *pyc = write_file (fixture->dir, "a.pyc", "x = 1\n");
  g_autofree char *subdir = g_build_filename (fixture->dir, "sub", NULL);
  g_autofree char *nested = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  LimRevision *head;

  /* A sub-directory is not read (one named *.py is an error: not-files). */
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  nested = write_revision (subdir, "ffffffffffff_nested.py", "ffffffffffff", NULL, "Nested");

  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (timeline);
  g_assert_cmpuint (lim_timeline_get_n_revisions (timeline), ==, 3);
  head = lim_timeline_get_head (timeline);
  g_assert_cmpstr (lim_revision_get_id (head), ==, C);
  g_assert_cmpstr (lim_revision_get_file (head), ==, third);
  g_assert_cmpuint (lim_revision_get_line (head), ==, 13);
  g_assert_cmpstr (lim_revision_get_id (lim_timeline_get_base (timeline)), ==, A);

  g_assert_true (lim_timeline_check_dir (fixture->dir, problems));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A versions/ entry named *.py that is no readable regular file is an error
 * naming it, never silently skipped (a dangling link: an unmounted share). */
static void
test_load_dir_not_files (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *link = g_build_filename (fixture->dir, B "_on_share.py", NULL);
  g_autofree char *subdir = g_build_filename (fixture->dir, C "_dir.py", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (symlink ("/nonexistent-share/revision.py", link), ==, 0);
  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE);
  expected = g_strdup_printf ("%s: a symbolic link to “/nonexistent-share/revision.py”, which cannot be "
                              "reached (No such file or directory); is a share not mounted?", link);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE);
  g_assert_true (g_str_has_prefix (error->message, subdir));
  g_assert_nonnull (strstr (error->message, "a directory, not a revision file"));
  g_clear_error (&error);

  /* check collects both. */
  g_assert_cmpint (symlink ("/nonexistent-share/revision.py", link), ==, 0);
  g_assert_false (lim_timeline_check_dir (fixture->dir, problems));
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, expected);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 1), subdir));
}

static void
test_load_dir_timeline_error (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *x = write_revision (fixture->dir, B "_x.py", B, A, "X");
  g_autofree char *y = write_revision (fixture->dir, B "_y.py", B, A, "Y");
  g_autofree char *message =
    g_strdup_printf ("Revision ids are not unique. Please ensure all revision ids are unique. "
                     "Found duplicate revision ids: {'" B "'} (%s:13, %s:13)",
                     x, y);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;

  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_load_dir_broken_link (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *b = write_revision (fixture->dir, B "_b.py", B, A, "B");
  g_autofree char *d = write_revision (fixture->dir, D "_d.py", D, C, "D");
  g_autofree char *message =
    g_strdup_printf ("No revisions found that include " B " as their down_revision_id. "
                     "Please ensure all revisions have valid links. " B " is defined in %s:13. "
                     "Not reached from the base revision: %s:13. %s:13 has down_revision = "
                     "'" C "', which is not the id of any revision.",
                     b, d, d);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;

  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_BROKEN_LINK);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_load_dir_parse_error (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *bad = write_file (fixture->dir, "broken.py", "'''\nBroken\n'''\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;

  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_null (timeline);
  g_assert_nonnull (error);
  g_assert_true (error->domain == LIM_REVISION_ERROR);
  g_assert_nonnull (strstr (error->message, bad));
  g_assert_nonnull (strstr (error->message, "No revision variable found"));
}

static void
test_check_dir_all_problems (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *bad1 = write_file (fixture->dir, "0_broken.py", "'''\nBroken\n'''\n");
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *x = write_revision (fixture->dir, B "_x.py", B, A, "X");
  g_autofree char *y = write_revision (fixture->dir, B "_y.py", B, A, "Y");
  g_autofree char *other = write_revision (fixture->dir, C "_init.py", C, NULL, "Initial");
  g_autofree char *bad2 = write_file (fixture->dir, "z_broken.py", "'''\nAlso broken\n'''\n");
  g_autofree char *duplicate =
    g_strdup_printf ("Revision ids are not unique. Please ensure all revision ids are unique. "
                     "Found duplicate revision ids: {'" B "'} (%s:13, %s:13)",
                     x, y);
  g_autofree char *bases =
    g_strdup_printf ("Multiple revisions found with down_revision_id == None. There should be "
                     "only one revision with this condition. Please investigate the revisions: "
                     "['" A "', '" C "'] (%s:13, %s:13)",
                     base, other);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_false (lim_timeline_check_dir (fixture->dir, problems));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 4);
  /* Files in name order, then the timeline on the files that parsed. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), bad1));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "No revision variable found"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 1), bad2));
  g_assert_cmpstr (g_ptr_array_index (problems, 2), ==, duplicate);
  g_assert_cmpstr (g_ptr_array_index (problems, 3), ==, bases);
}

static void
test_check_dir_empty (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  const char *message = "Latest revision not found. There should be one revision where "
                        "up_revision_id == None.";

  timeline = lim_timeline_load_dir (fixture->dir, &error);
  g_assert_null (timeline);
  g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, message);

  g_assert_false (lim_timeline_check_dir (fixture->dir, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, message);
}

static void
test_check_dir_only_broken (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *bad = write_file (fixture->dir, "broken.py", "'''\nBroken\n'''\n");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  /* "no revisions" would only repeat the parse failure. */
  g_assert_false (lim_timeline_check_dir (fixture->dir, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), bad));
}

/* lim_timeline_load_dir_headers() gives what lim_timeline_load_dir() gives
 * (LIMINAL_NO_CACHE: the headers are scanned, not parsed). */
static void
assert_same_timelines (LimTimeline *headers,
                       LimTimeline *full)
{
  g_assert_cmpuint (lim_timeline_get_n_revisions (headers), ==, lim_timeline_get_n_revisions (full));
  for (guint i = 0; i < lim_timeline_get_n_revisions (full); i++)
    {
      LimRevision *h = lim_timeline_get_nth (headers, i);
      LimRevision *f = lim_timeline_get_nth (full, i);
      GPtrArray *hw = lim_revision_get_warnings (h);
      GPtrArray *fw = lim_revision_get_warnings (f);

      g_assert_cmpstr (lim_revision_get_id (h), ==, lim_revision_get_id (f));
      g_assert_cmpstr (lim_revision_get_down_revision (h), ==, lim_revision_get_down_revision (f));
      g_assert_cmpstr (lim_revision_get_description (h), ==, lim_revision_get_description (f));
      g_assert_cmpstr (lim_revision_get_create_date (h), ==, lim_revision_get_create_date (f));
      g_assert_cmpstr (lim_revision_get_file (h), ==, lim_revision_get_file (f));
      g_assert_cmpuint (lim_revision_get_line (h), ==, lim_revision_get_line (f));
      g_assert_cmpuint (lim_revision_get_n_upgrade (h), ==, lim_revision_get_n_upgrade (f));
      g_assert_cmpuint (lim_revision_get_n_downgrade (h), ==, lim_revision_get_n_downgrade (f));
      g_assert_cmpuint (hw->len, ==, fw->len);
      for (guint w = 0; w < fw->len; w++)
        g_assert_cmpstr (g_ptr_array_index (hw, w), ==, g_ptr_array_index (fw, w));
    }
  /* Asked for, the operations are read from the files. */
  for (guint i = 0; i < lim_timeline_get_n_revisions (full); i++)
    {
      g_autofree char *h = lim_revision_to_python (lim_timeline_get_nth (headers, i));
      g_autofree char *f = lim_revision_to_python (lim_timeline_get_nth (full, i));

      g_assert_cmpstr (h, ==, f);
    }
}

static void
assert_headers_load_same (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) full = NULL;
  g_autoptr(LimTimeline) headers = NULL;

  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  full = lim_timeline_load_dir (dir, &error);
  g_assert_no_error (error);
  headers = lim_timeline_load_dir_headers (dir, &error);
  g_assert_no_error (error);
  g_unsetenv ("LIMINAL_NO_CACHE");
  assert_same_timelines (headers, full);
}

static void
test_load_dir_headers_demo (void)
{
  const char *root = g_getenv ("LIMINAL_SOURCE_ROOT");
  g_autofree char *versions = g_build_filename (root != NULL ? root : "..", "versions", NULL);

  assert_headers_load_same (versions);
}

/* A 40-file chain (read by several threads) in tricky layouts: some the
 * scan reads, some it leaves to the parser (a warning, escapes, \r\n). */
static void
test_load_dir_headers (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const bodies[] = {
    /* docstring with quotes */
    "\n'''\nIt's \"@D@\" ''quoted''\n\nRevision ID: @I@\nRevises: x\nCreate Date: 2026-01-15\n'''\n"
    "import liminal.external as b\n\n# revision identifiers, used by Liminal.\nrevision = \"@I@\"\n"
    "down_revision = @P@\n\n\n"
    "def upgrade() -> list[b.BaseOperation]:\n    return [b.CreateDropdown('d, ]', ['a', \"b'\"]),\n"
    "        b.ArchiveDropdown('e')]  # two\n\n"
    "def downgrade() -> list[b.BaseOperation]:\n    return [b.UnarchiveDropdown('e'),\n"
    "        b.ArchiveDropdown('d, ]'),]\n",
    /* comments and line continuations, defs first */
    "# @D@ @I@\nfrom liminal import external as b\n"
    "def upgrade() -> list[b.BaseOperation]:\n    # nothing yet\n    return [  # [\n"
    "        b.ArchiveDropdown(\\\n            'x'),\n    ]\n"
    "def downgrade() -> list[BaseOperation]:\n    return []\n"
    "revision = '@I@'  # id\ndown_revision = @P@\n",
    /* a module-level statement: warned about, so parsed */
    "'''@D@'''\nimport liminal.external as b\nrevision = '@I@'\ndown_revision = @P@\nX = 1\n"
    "def upgrade() -> list[b.BaseOperation]:\n    return []\n"
    "def downgrade() -> list[b.BaseOperation]:\n    return []\n",
    /* an escape in the docstring: parsed */
    "'''@D@\\tescaped\n\nRevision ID: @I@'''\nimport liminal.external as b\nrevision = '@I@'\ndown_revision = @P@\n"
    "def upgrade() -> list[b.BaseOperation]:\n    return [b.ArchiveDropdown('q')]\n"
    "def downgrade() -> list[b.BaseOperation]:\n    return []\n",
    /* \r\n line endings: parsed */
    "'''@D@\r\nRevision ID: @I@'''\r\nimport liminal.external as b\r\nrevision = '@I@'\r\ndown_revision = @P@\r\n"
    "def upgrade() -> list[b.BaseOperation]:\r\n    return [b.ArchiveDropdown('q')]\r\n"
    "def downgrade() -> list[b.BaseOperation]:\r\n    return []\r\n",
  };
  g_autofree char *previous = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("abcd%08u", i);
      g_autofree char *name = g_strdup_printf ("%s_step.py", id);
      g_autofree char *description = g_strdup_printf ("Step %u", i);
      g_autofree char *down = previous != NULL ? g_strdup_printf ("'%s'", previous) : g_strdup ("None");
      GString *text = g_string_new (bodies[i % G_N_ELEMENTS (bodies)]);
      g_autofree char *path = NULL;

      g_string_replace (text, "@D@", description, 0);
      g_string_replace (text, "@I@", id, 0);
      g_string_replace (text, "@P@", down, 0);
      path = write_file (fixture->dir, name, text->str);
      g_string_free (text, TRUE);
      g_free (previous);
      previous = g_steal_pointer (&id);
    }
  assert_headers_load_same (fixture->dir);
}

/* Errors in a header are the parser's, as lim_timeline_load_dir() gives
 * them; an operation that is not one is not looked at. */
static void
test_load_dir_headers_errors (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *merge =
    write_file (fixture->dir, B "_merge.py",
                "import liminal.external as b\nrevision = '" B "'\ndown_revision = ('" A "', '" C "')\n"
                "def upgrade() -> list[b.BaseOperation]:\n    return []\n"
                "def downgrade() -> list[b.BaseOperation]:\n    return []\n");
  g_autoptr(GError) full_error = NULL;
  g_autoptr(GError) headers_error = NULL;
  g_autoptr(LimTimeline) full = NULL;
  g_autoptr(LimTimeline) headers = NULL;

  g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
  full = lim_timeline_load_dir (fixture->dir, &full_error);
  headers = lim_timeline_load_dir_headers (fixture->dir, &headers_error);
  g_assert_null (full);
  g_assert_null (headers);
  g_assert_nonnull (full_error);
  g_assert_error (headers_error, full_error->domain, full_error->code);
  g_assert_cmpstr (headers_error->message, ==, full_error->message);
  g_assert_nonnull (strstr (full_error->message, merge));
  g_clear_error (&full_error);
  g_clear_error (&headers_error);

  g_unlink (merge);
  g_free (write_file (fixture->dir, B "_bad.py",
                      "import liminal.external as b\nrevision = '" B "'\ndown_revision = '" A "'\n"
                      "def upgrade() -> list[b.BaseOperation]:\n    return [b.NotAnOperation()]\n"
                      "def downgrade() -> list[b.BaseOperation]:\n    return []\n"));
  full = lim_timeline_load_dir (fixture->dir, &full_error);
  g_assert_null (full);
  g_assert_nonnull (strstr (full_error->message, B "_bad.py:5:"));
  g_clear_error (&full_error);
  headers = lim_timeline_load_dir_headers (fixture->dir, &headers_error);
  g_assert_no_error (headers_error);
  g_assert_cmpuint (lim_timeline_get_n_revisions (headers), ==, 2);
  g_assert_cmpuint (lim_revision_get_n_upgrade (lim_timeline_get_head (headers)), ==, 1);
  g_clear_pointer (&headers, lim_timeline_unref);
  g_unsetenv ("LIMINAL_NO_CACHE");

  /* With the cache (the tests' own folder): the same, twice, and the file
   * is never served from the cache to a load that needs operations. */
  for (guint round = 0; round < 2; round++)
    {
      headers = lim_timeline_load_dir_headers (fixture->dir, &headers_error);
      g_assert_no_error (headers_error);
      g_assert_cmpuint (lim_timeline_get_n_revisions (headers), ==, 2);
      g_assert_cmpuint (lim_revision_get_n_upgrade (lim_timeline_get_head (headers)), ==, 1);
      g_clear_pointer (&headers, lim_timeline_unref);
      full = lim_timeline_load_dir (fixture->dir, &full_error);
      g_assert_null (full);
      g_assert_nonnull (strstr (full_error->message, B "_bad.py:5:"));
      g_clear_error (&full_error);
    }
}

/* A file that cannot be read: the same error from every load, with or
 * without the cache (its open checks access).  Root reads every file
 * whatever its mode, so there a symbolic link to itself is the file that
 * cannot be opened (ELOOP). */
static void
test_load_dir_unreadable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *base = write_revision (fixture->dir, A "_init.py", A, NULL, "Initial");
  g_autofree char *second = write_revision (fixture->dir, B "_b.py", B, A, "B");
  LimTimeline *(*loads[]) (const char *, GError **) = { lim_timeline_load_dir, lim_timeline_load_dir_headers };

  int expected = EACCES;

  if (geteuid () == 0)
    {
      expected = ELOOP;
      g_assert_cmpint (g_unlink (second), ==, 0);
      g_assert_cmpint (symlink (second, second), ==, 0);
    }
  else
    g_assert_cmpint (g_chmod (second, 0), ==, 0);
  for (guint cached = 0; cached < 2; cached++)
    for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LimTimeline) timeline = NULL;
        g_autofree char *message = expected == ELOOP
                                 ? g_strdup_printf ("%s: a symbolic link to “%s”, which cannot be reached (%s); is a share "
                                                    "not mounted?", second, second, g_strerror (ELOOP))
                                 : g_strdup_printf ("%s: cannot be read (%s)", second, g_strerror (EACCES));

        if (!cached)
          g_setenv ("LIMINAL_NO_CACHE", "1", TRUE);
        timeline = loads[i] (fixture->dir, &error);
        g_unsetenv ("LIMINAL_NO_CACHE");
        g_assert_null (timeline);
        g_assert_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE);
        g_assert_cmpstr (error->message, ==, message);
      }
  if (expected == EACCES)
    g_chmod (second, 0644);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/new/valid", test_valid_chain);
  g_test_add_func ("/timeline/new/single", test_single_revision);
  g_test_add_func ("/timeline/new/refcount", test_refcount);
  g_test_add_func ("/timeline/new/large", test_large);
  g_test_add_func ("/timeline/short-id", test_short_id);
  g_test_add_func ("/timeline/error/large-broken-link", test_large_broken_link);
  g_test_add_func ("/timeline/error/empty", test_error_empty);
  g_test_add_func ("/timeline/error/duplicate", test_error_duplicate);
  g_test_add_func ("/timeline/error/duplicate-several", test_error_duplicate_several);
  g_test_add_func ("/timeline/error/no-base-dangling", test_error_no_base_dangling);
  g_test_add_func ("/timeline/error/no-base-loop", test_error_no_base_loop);
  g_test_add_func ("/timeline/error/multiple-bases", test_error_multiple_bases);
  g_test_add_func ("/timeline/error/broken-link-dangling", test_error_broken_link_dangling);
  g_test_add_func ("/timeline/error/broken-link-loop", test_error_broken_link_loop);
  g_test_add_func ("/timeline/error/branch", test_error_branch);
  g_test_add_func ("/timeline/error/order", test_error_order);
  g_test_add_func ("/timeline/error/context-without-file", test_error_context_without_file);
  g_test_add_func ("/timeline/error/python-repr", test_error_python_repr);

  g_test_add_func ("/timeline/find", test_find);

  g_test_add_func ("/timeline/upgrade/head", test_upgrade_head);
  g_test_add_func ("/timeline/upgrade/head-up-to-date", test_upgrade_head_up_to_date);
  g_test_add_func ("/timeline/upgrade/plus-n", test_upgrade_plus_n);
  g_test_add_func ("/timeline/upgrade/plus-n-to-head", test_upgrade_plus_n_to_head);
  g_test_add_func ("/timeline/upgrade/plus-n-invalid", test_upgrade_plus_n_invalid);
  g_test_add_func ("/timeline/upgrade/beyond-head", test_upgrade_beyond_head);
  g_test_add_func ("/timeline/upgrade/id", test_upgrade_id);
  g_test_add_func ("/timeline/upgrade/id-current", test_upgrade_id_current);
  g_test_add_func ("/timeline/upgrade/id-below", test_upgrade_id_below);
  g_test_add_func ("/timeline/upgrade/unknown", test_upgrade_unknown);
  g_test_add_func ("/timeline/upgrade/prefix", test_upgrade_prefix);
  g_test_add_func ("/timeline/upgrade/prefix-ambiguous", test_upgrade_prefix_ambiguous);
  g_test_add_func ("/timeline/upgrade/prefix-too-short", test_upgrade_prefix_too_short);
  g_test_add_func ("/timeline/resolve/current-unknown", test_current_unknown);

  g_test_add_func ("/timeline/downgrade/minus-n", test_downgrade_minus_n);
  g_test_add_func ("/timeline/downgrade/minus-n-to-base", test_downgrade_minus_n_to_base);
  g_test_add_func ("/timeline/downgrade/minus-n-invalid", test_downgrade_minus_n_invalid);
  g_test_add_func ("/timeline/downgrade/below-base", test_downgrade_below_base);
  g_test_add_func ("/timeline/downgrade/id", test_downgrade_id);
  g_test_add_func ("/timeline/downgrade/id-current", test_downgrade_id_current);
  g_test_add_func ("/timeline/downgrade/id-above", test_downgrade_id_above);
  g_test_add_func ("/timeline/downgrade/unknown", test_downgrade_unknown);
  g_test_add_func ("/timeline/downgrade/prefix-ambiguous", test_downgrade_prefix_ambiguous);

  g_test_add_func ("/timeline/path/up", test_path_up);
  g_test_add_func ("/timeline/path/down", test_path_down);
  g_test_add_func ("/timeline/path/outlives-timeline", test_path_outlives_timeline);
  g_test_add_func ("/timeline/path/errors", test_path_errors);

  g_test_add ("/timeline/dir/missing", Fixture, NULL,
              fixture_set_up, test_load_dir_missing, fixture_tear_down);
  g_test_add ("/timeline/dir/load", Fixture, NULL,
              fixture_set_up, test_load_dir, fixture_tear_down);
  g_test_add ("/timeline/dir/not-files", Fixture, NULL,
              fixture_set_up, test_load_dir_not_files, fixture_tear_down);
  g_test_add ("/timeline/dir/timeline-error", Fixture, NULL,
              fixture_set_up, test_load_dir_timeline_error, fixture_tear_down);
  g_test_add ("/timeline/dir/broken-link", Fixture, NULL,
              fixture_set_up, test_load_dir_broken_link, fixture_tear_down);
  g_test_add ("/timeline/dir/parse-error", Fixture, NULL,
              fixture_set_up, test_load_dir_parse_error, fixture_tear_down);
  g_test_add ("/timeline/dir/check-all-problems", Fixture, NULL,
              fixture_set_up, test_check_dir_all_problems, fixture_tear_down);
  g_test_add ("/timeline/dir/check-empty", Fixture, NULL,
              fixture_set_up, test_check_dir_empty, fixture_tear_down);
  g_test_add ("/timeline/dir/check-only-broken", Fixture, NULL,
              fixture_set_up, test_check_dir_only_broken, fixture_tear_down);
  g_test_add_func ("/timeline/dir/headers-demo", test_load_dir_headers_demo);
  g_test_add ("/timeline/dir/headers", Fixture, NULL,
              fixture_set_up, test_load_dir_headers, fixture_tear_down);
  g_test_add ("/timeline/dir/headers-errors", Fixture, NULL,
              fixture_set_up, test_load_dir_headers_errors, fixture_tear_down);
  g_test_add ("/timeline/dir/unreadable", Fixture, NULL,
              fixture_set_up, test_load_dir_unreadable, fixture_tear_down);

  return g_test_run ();
}

/* bench-load.c — how long reading and validating a history takes: the
 * whole files (every command that runs operations) and only their headers
 * (`history`), in paired rounds, without the revision cache unless
 * LIMINAL_NO_CACHE is set in the environment (to "0" to measure it).
 *
 *   python3 bench/gen-revisions.py /tmp/revs 2000
 *   ./build/bench/bench-load /tmp/revs [ROUNDS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "lim-timeline.h"

typedef LimTimeline *(*LoadFunc) (const char *versions_dir, GError **error);

static double
load_once (LoadFunc     load,
           const char  *dir,
           guint       *n_revisions,
           guint       *n_ops)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LimTimeline) timeline = load (dir, &error);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  if (timeline == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  *n_revisions = lim_timeline_get_n_revisions (timeline);
  *n_ops = 0;
  for (guint i = 0; i < *n_revisions; i++)
    {
      LimRevision *rev = lim_timeline_get_nth (timeline, i);

      *n_ops += lim_revision_get_n_upgrade (rev) + lim_revision_get_n_downgrade (rev);
    }
  return ms;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

int
main (int argc, char **argv)
{
  int rounds = argc > 2 ? atoi (argv[2]) : 5;
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_revisions = 0, n_ops = 0, n_revisions_h = 0, n_ops_h = 0;
  goffset bytes = 0;
  double full_ms, headers_ms;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (argc < 2 || rounds < 1)
    {
      fprintf (stderr, "usage: %s VERSIONS_DIR [ROUNDS]\n", argv[0]);
      return 2;
    }
  g_setenv ("LIMINAL_NO_CACHE", "1", FALSE);

  dir = g_dir_open (argv[1], 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      GStatBuf st;

      if (g_str_has_suffix (name, ".py") && g_stat (path, &st) == 0)
        bytes += st.st_size;
    }

  for (int r = 0; r < rounds; r++)
    {
      double ms = load_once (lim_timeline_load_dir, argv[1], &n_revisions, &n_ops);

      g_array_append_val (full, ms);
      ms = load_once (lim_timeline_load_dir_headers, argv[1], &n_revisions_h, &n_ops_h);
      g_array_append_val (headers, ms);
    }
  if (n_revisions_h != n_revisions || n_ops_h != n_ops)
    {
      fprintf (stderr, "the loads differ: %u revisions and %u operations, %u and %u from the headers\n",
               n_revisions, n_ops, n_revisions_h, n_ops_h);
      return 1;
    }
  full_ms = median (full);
  headers_ms = median (headers);

  printf ("revisions: %u, operations: %u, bytes: %" G_GOFFSET_FORMAT " (LIMINAL_NO_CACHE=%s)\n", n_revisions, n_ops,
          bytes, g_getenv ("LIMINAL_NO_CACHE"));
  printf ("%-8s %10s %10s %10s\n", "load", "median ms", "µs/rev", "MB/s");
  printf ("%-8s %10.1f %10.1f %10.1f\n", "whole", full_ms, full_ms * 1000.0 / MAX (n_revisions, 1),
          bytes / 1e6 / (full_ms / 1000.0));
  printf ("%-8s %10.1f %10.1f %10.1f\n", "headers", headers_ms, headers_ms * 1000.0 / MAX (n_revisions, 1),
          bytes / 1e6 / (headers_ms / 1000.0));
  printf ("whole ÷ headers: %.1f× (medians of %d paired rounds); whole against the 1 s budget: %.3f\n",
          full_ms / headers_ms, rounds, full_ms / 1000.0);
  return 0;
}

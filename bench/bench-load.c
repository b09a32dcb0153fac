/* bench-load.c — how long reading and validating a history takes.
 *
 *   python3 bench/gen-revisions.py /tmp/revs 2000
 *   ./build/bench/bench-load /tmp/revs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "lim-timeline.h"

int
main (int argc, char **argv)
{
  int rounds = argc > 2 ? atoi (argv[2]) : 5;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_revisions = 0, n_ops = 0;
  double best = G_MAXDOUBLE, total = 0;
  goffset bytes = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s VERSIONS_DIR [ROUNDS]\n", argv[0]);
      return 2;
    }

  for (int r = 0; r < rounds; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LimTimeline) timeline = lim_timeline_load_dir (argv[1], &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (timeline == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      n_revisions = lim_timeline_get_n_revisions (timeline);
      n_ops = 0;
      bytes = 0;
      for (guint i = 0; i < n_revisions; i++)
        {
          LimRevision *rev = lim_timeline_get_nth (timeline, i);
          g_autoptr(GFile) file = g_file_new_for_path (lim_revision_get_file (rev));
          g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
          n_ops += lim_revision_get_upgrade (rev)->len + lim_revision_get_downgrade (rev)->len;
          if (info)
            bytes += g_file_info_get_size (info);
        }
      g_array_append_val (times, ms);
      best = MIN (best, ms);
      total += ms;
    }

  printf ("revisions: %u, operations: %u, bytes: %" G_GOFFSET_FORMAT "\n", n_revisions, n_ops, bytes);
  printf ("load+validate: best %.1f ms, mean %.1f ms over %d rounds\n", best, total / rounds, rounds);
  printf ("per revision: %.1f µs; throughput %.1f MB/s\n", best * 1000.0 / MAX (n_revisions, 1),
          bytes / 1e6 / (best / 1000.0));
  printf ("ratio to the 1 s budget: %.3f\n", best / 1000.0);
  return 0;
}

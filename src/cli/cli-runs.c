/* cli-runs.c — the commands over the project's run records: log and report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "lim-json.h"
#include "lim-report.h"
#include "lim-run-record.h"

#include "cli-private.h"

/* The run records folder of the project of -C DIR. */
static char *
dup_runs_dir (Globals *globals,
              GError **error)
{
  g_autoptr(LimWorkspace) workspace = lim_workspace_open (globals->directory, error);

  return workspace ? lim_workspace_dup_runs_dir (workspace) : NULL;
}

/* The project's records (newest first), those of @tenant only when given. */
static GPtrArray *
load_records (Globals    *globals,
              const char *tenant,
              GError    **error)
{
  g_autofree char *runs_dir = dup_runs_dir (globals, error);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (runs_dir == NULL)
    return NULL;
  records = lim_run_record_list (runs_dir, problems, error);
  if (records == NULL)
    return NULL;
  for (guint i = 0; i < problems->len; i++)
    print_error (g_ptr_array_index (problems, i));
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);

      if (tenant == NULL || g_strcmp0 (lim_run_record_get_alias (record), tenant) == 0)
        g_ptr_array_add (out, json_object_ref (record));
    }
  return g_steal_pointer (&out);
}

int
cmd_log (Globals *globals,
         int      argc,
         char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gboolean json = FALSE;
  int limit = 0;
  GOptionEntry entries[] = {
    json_option (&json),
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N runs"), N_("N") },
    { NULL }
  };
  int status = EXIT_OK;
  guint n;

  if (!parse_options ("log", "[TENANT]", _("List the runs recorded in the project (runs/ beside versions/), newest "
                                           "first: when, who, tenant, from → to, outcome, duration."),
                      entries, &argc, &argv, 0, 1, &status))
    return status;
  if (limit < 0)
    return usage_error ("log ", _("--limit needs a positive number"));
  records = load_records (globals, argc > 1 ? argv[1] : NULL, &error);
  if (records == NULL)
    return fail (error);
  n = limit > 0 ? MIN ((guint) limit, records->len) : records->len;
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (records, i)));
      json_node_take_array (root, array);
      print_json (root);
      return EXIT_OK;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      g_autofree char *line = lim_report_summary_line (record);

      g_print ("%s  %s\n", lim_json_get_string (record, "run"), line);
    }
  if (records->len == 0)
    g_print (_("No runs are recorded yet.\n"));
  return EXIT_OK;
}

/* "2026-12-05" (or a full ISO 8601 time) as records write times, to
 * compare as strings; @end: the last millisecond of that second. */
static char *
parse_date (const char *text,
            gboolean    end)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *full = NULL;
  g_autofree char *seconds = NULL;

  if (strlen (text) == 10)
    full = g_strdup_printf ("%sT%s", text, end ? "23:59:59Z" : "00:00:00Z");
  dt = g_date_time_new_from_iso8601 (full ? full : text, utc);
  if (dt == NULL)
    return NULL;
  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strconcat (seconds, end ? ".999Z" : ".000Z", NULL);
}

int
cmd_report (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *output = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *since_iso = NULL;
  g_autofree char *until_iso = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to FILE (default: print it)"),
      N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("md, html or pdf (default: from FILE's extension, or md)"),
      N_("FORMAT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Report every run started on or after DATE (YYYY-MM-DD)"),
      N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("…and on or before DATE"), N_("DATE") },
    { NULL }
  };
  LimReportFormat format = LIM_REPORT_FORMAT_MARKDOWN;
  int status = EXIT_OK;

  if (!parse_options ("report", "RUN | --since DATE [--until DATE] [TENANT]",
                      _("Write the change-control report of a run (its id, or the start of it, as `liminal log` "
                        "shows), or of every run in a date range: the tenant, the people, the revisions with their "
                        "file hashes, every operation with its outcome, and the totals."),
                      entries, &argc, &argv, 0, 1, &status))
    return status;
  if (format_name && !lim_report_format_from_string (format_name, &format))
    return usage_error ("report ", _("--format must be md, html or pdf"));
  if (format_name == NULL && output && !lim_report_format_from_path (output, &format))
    format = LIM_REPORT_FORMAT_MARKDOWN;
  if (format == LIM_REPORT_FORMAT_PDF && output == NULL)
    return usage_error ("report ", _("a PDF report needs -o FILE"));
  if (since == NULL && until == NULL && argc != 2)
    return usage_error ("report ", _("Name a run, or a date range with --since"));
  if (since && (since_iso = parse_date (since, FALSE)) == NULL)
    return usage_error ("report ", _("--since: expected a date, YYYY-MM-DD"));
  if (until && (until_iso = parse_date (until, TRUE)) == NULL)
    return usage_error ("report ", _("--until: expected a date, YYYY-MM-DD"));

  if (since == NULL && until == NULL)
    {
      g_autofree char *runs_dir = dup_runs_dir (globals, &error);
      JsonObject *record;

      if (runs_dir == NULL)
        return fail (error);
      record = lim_run_record_find (runs_dir, argv[1], &error);
      if (record == NULL)
        return fail (error);
      g_ptr_array_add (chosen, record);
    }
  else
    {
      records = load_records (globals, argc > 1 ? argv[1] : NULL, &error);
      if (records == NULL)
        return fail (error);
      /* Oldest first: a report reads in the order things happened. */
      for (guint i = records->len; i-- > 0;)
        {
          JsonObject *record = g_ptr_array_index (records, i);
          const char *started = lim_json_get_string (record, "started");

          if (started == NULL || (since_iso && strcmp (started, since_iso) < 0) ||
              (until_iso && strcmp (started, until_iso) > 0))
            continue;
          g_ptr_array_add (chosen, json_object_ref (record));
        }
      if (chosen->len == 0)
        {
          print_error (_("No recorded run in that range."));
          return EXIT_USER;
        }
    }

  if (output)
    {
      if (!lim_report_write (chosen, format, output, &error))
        return fail (error);
      return EXIT_OK;
    }
  {
    g_autofree char *text = lim_report_to_text (chosen, format);
    fputs (text, stdout);
  }
  return EXIT_OK;
}

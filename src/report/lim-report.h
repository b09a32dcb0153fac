/* lim-report.h — the change-control report of run records: one or more
 * folded run records (lim_run_record_load(), the form `liminal log --json`
 * prints and data/schemas/run-record.schema.json describes) as Markdown,
 * as a standalone HTML page, or as a PDF drawn with Pango and Cairo.
 *
 * The three formats carry the same content: a title; an index of the runs
 * when there are several; then per run the tenant, the command, the run id,
 * the outcome, when it started and ended, who ran it (OS user and host, the
 * Benchling identity, the tool and its front end), a gate override, from →
 * to, the revisions (id, file, SHA-256, state), each revision's operations
 * (index, description, outcome, requests, task ids, message) and the totals.
 * Any member of a record may be missing or null (older or interrupted
 * records): it shows as "—".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  LIM_REPORT_FORMAT_MARKDOWN,
  LIM_REPORT_FORMAT_HTML,
  LIM_REPORT_FORMAT_PDF,
} LimReportFormat;

#define LIM_REPORT_ERROR (lim_report_error_quark ())
GQuark lim_report_error_quark (void);

typedef enum {
  LIM_REPORT_ERROR_FORMAT,   /* not a report format, or the PDF cannot be made */
  LIM_REPORT_ERROR_IO,       /* the file cannot be written */
} LimReportError;

/* "md"/"markdown", "html", "pdf" (case-insensitive). */
gboolean  lim_report_format_from_string (const char      *text,
                                         LimReportFormat *format);
/* From the file name's extension (.md, .markdown, .html, .htm, .pdf, in any
 * case); FALSE otherwise. */
gboolean  lim_report_format_from_path   (const char      *path,
                                         LimReportFormat *format);

/* @records: element-type JsonObject* (folded run records), in the order to
 * report.  Markdown or HTML text (UTF-8); the PDF is not text. */
char     *lim_report_to_text            (GPtrArray       *records,
                                         LimReportFormat  format);
/* Writes the report to @path atomically (a temporary file renamed over
 * it).  Errors name the path. */
gboolean  lim_report_write              (GPtrArray       *records,
                                         LimReportFormat  format,
                                         const char      *path,
                                         GError         **error);
/* The PDF in memory: A4 portrait, text that pdftotext extracts. */
GBytes   *lim_report_to_pdf             (GPtrArray       *records,
                                         GError         **error);

/* One line for a run, as `liminal log` and the window list runs:
 * "2026-12-05 04:31 UTC · ana@ws-3 · prod · 2c0a6e7 → 4e2c8a9 · succeeded · 4.3 s"
 * (with " · dry run" after the outcome for a dry run). */
char     *lim_report_summary_line       (JsonObject      *record);
/* "850 ms", "4.3 s", "2 min 5 s", "1 h 2 min" from milliseconds; "—" when
 * negative. */
char     *lim_report_format_duration    (gint64           ms);

G_END_DECLS

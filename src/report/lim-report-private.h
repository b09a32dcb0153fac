/* lim-report-private.h — the report as a document of blocks, made once from
 * the records (lim-report.c) and written by each format: Markdown and HTML
 * in lim-report.c, the PDF in lim-report-pdf.c.  So the formats cannot
 * drift apart in what they say.
 *
 * Every string in a document is valid UTF-8 without control characters
 * other than newlines; "nothing" is "—", except table cells, where NULL
 * means empty (shown as "—"; a cell the PDF puts on a line under its row is
 * left out unless its column says otherwise).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-report.h"

G_BEGIN_DECLS

#define LIM_REPORT_NOTHING "—"

typedef enum {
  LIM_REPORT_BLOCK_TITLE,     /* text */
  LIM_REPORT_BLOCK_HEADING,   /* level, text, anchor, new_page */
  LIM_REPORT_BLOCK_TEXT,      /* text: a paragraph */
  LIM_REPORT_BLOCK_LIST,      /* items: LimReportItem* */
  LIM_REPORT_BLOCK_FIELDS,    /* items: LimReportField* */
  LIM_REPORT_BLOCK_TABLE,     /* columns, items: rows of one cell per column (char *, NULL = empty) */
} LimReportBlockKind;

typedef struct
{
  char *text;
  char *anchor;   /* the heading it links to, or NULL */
} LimReportItem;

typedef struct
{
  char    *label;
  char    *value;
  gboolean mono;     /* an id or a hash */
  gboolean strong;   /* the outcome */
} LimReportField;

typedef struct
{
  char    *header;
  gboolean mono;
  gboolean numeric;     /* right-aligned */
  double   pdf_width;   /* points, 0 for a share of what is left */
  int      pdf_order;   /* the PDF's columns left to right by this */
  gboolean pdf_below;   /* the PDF puts it on a line of its own under the row */
  gboolean pdf_empty;   /* and shows it there when empty too */
} LimReportColumn;

typedef struct
{
  LimReportBlockKind kind;
  int                level;      /* headings: 1 a run, 2 a section, 3 a revision */
  char              *text;
  char              *anchor;     /* headings: an id for links, or NULL */
  gboolean           new_page;   /* headings: the PDF starts a page */
  GPtrArray         *items;
  GArray            *columns;    /* LimReportColumn */
} LimReportBlock;

typedef struct
{
  char      *title;
  GPtrArray *blocks;   /* LimReportBlock* */
} LimReportDoc;

LimReportDoc *lim_report_doc_new  (GPtrArray    *records);
void          lim_report_doc_free (LimReportDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimReportDoc, lim_report_doc_free)

G_END_DECLS

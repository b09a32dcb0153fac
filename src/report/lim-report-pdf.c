/* lim-report-pdf.c — the report as a PDF, drawn with Pango and Cairo (no
 * browser): A4 portrait, 50 pt margins, a sans font with monospace for
 * ids and hashes, headings, tables as aligned columns with what does not
 * fit a column (a SHA-256, task ids, messages) on lines of their own under
 * the row, and "Page N" at the foot of every page.
 *
 * Text is laid out line by line, so a block that does not fit the page
 * goes on the next one and nothing is cut; headings keep with what
 * follows, and a table row (with its lines under it) stays on one page
 * unless it is taller than a page.  Cairo writes the text as text, so
 * pdftotext reads it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "lim-report-private.h"
#include "lim-report.h"

#define PAGE_WIDTH    595.0
#define PAGE_HEIGHT   842.0
#define MARGIN        50.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define CONTENT_TOP   MARGIN
#define CONTENT_END   (PAGE_HEIGHT - MARGIN)
#define CELL_PAD_X    4.0
#define CELL_PAD_Y    3.0
#define MAX_COLUMNS   16

typedef struct
{
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *title;
  PangoFontDescription *heading[4];
  PangoFontDescription *body;
  PangoFontDescription *body_bold;
  PangoFontDescription *mono;
  PangoFontDescription *small;
  PangoFontDescription *small_bold;
  PangoFontDescription *small_mono;
  PangoFontDescription *label;
  PangoFontDescription *footer;
  const char           *footer_title;
  double                label_width;   /* of label: value lines, the same in every block */
  double                y;
  int                   page;
  gboolean              blank;   /* nothing drawn on this page yet */
} Pdf;

/* ------------------------------------------------------------- layouts */

/* Text in several fonts: a layout's text and its attributes. */
typedef struct
{
  GString       *text;
  PangoAttrList *attrs;
} Runs;

static void
runs_init (Runs *runs)
{
  runs->text = g_string_new (NULL);
  runs->attrs = pango_attr_list_new ();
}

static void
runs_clear (Runs *runs)
{
  g_string_free (runs->text, TRUE);
  pango_attr_list_unref (runs->attrs);
}

static void
runs_add (Runs                       *runs,
          const char                 *text,
          const PangoFontDescription *font,
          double                      gray)
{
  guint start = runs->text->len;
  PangoAttribute *attr;

  g_string_append (runs->text, text);
  attr = pango_attr_font_desc_new (font);
  attr->start_index = start;
  attr->end_index = runs->text->len;
  pango_attr_list_insert (runs->attrs, attr);
  if (gray > 0)
    {
      guint16 level = (guint16) (gray * 65535);

      attr = pango_attr_foreground_new (level, level, level);
      attr->start_index = start;
      attr->end_index = runs->text->len;
      pango_attr_list_insert (runs->attrs, attr);
    }
}

/* A layout @width wide (0: one line, as wide as it takes), wrapping at
 * words, or inside a word that is wider than the line. */
static PangoLayout *
layout_new (Pdf                        *pdf,
            const char                 *text,
            const PangoFontDescription *font,
            double                      width,
            PangoAlignment              alignment)
{
  PangoLayout *layout = pango_layout_new (pdf->context);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static PangoLayout *
layout_new_runs (Pdf                        *pdf,
                 Runs                       *runs,
                 const PangoFontDescription *font,
                 double                      width)
{
  PangoLayout *layout = layout_new (pdf, runs->text->str, font, width, PANGO_ALIGN_LEFT);

  pango_layout_set_attributes (layout, runs->attrs);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.height);
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.width);
}

static double
layout_baseline (PangoLayout *layout)
{
  return pango_units_to_double (pango_layout_get_baseline (layout));
}

static double
first_line_height (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;

  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  return pango_units_to_double (logical.y + logical.height);
}

/* --------------------------------------------------------------- pages */

static void
set_gray (Pdf   *pdf,
          double level)
{
  cairo_set_source_rgb (pdf->cr, level, level, level);
}

static void
draw_layout (Pdf         *pdf,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
  pdf->blank = FALSE;
}

static void
hline (Pdf   *pdf,
       double y,
       double width,
       double gray)
{
  cairo_save (pdf->cr);
  set_gray (pdf, gray);
  cairo_set_line_width (pdf->cr, width);
  cairo_move_to (pdf->cr, MARGIN, y);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN, y);
  cairo_stroke (pdf->cr);
  cairo_restore (pdf->cr);
}

static void
draw_footer (Pdf *pdf)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  double y = PAGE_HEIGHT - MARGIN + 16;

  /* Translators: the foot of each page of the PDF report. */
  number = g_strdup_printf (_("Page %d"), pdf->page);
  left = layout_new (pdf, pdf->footer_title, pdf->footer, 0, PANGO_ALIGN_LEFT);
  right = layout_new (pdf, number, pdf->footer, 0, PANGO_ALIGN_LEFT);
  hline (pdf, y - 5, 0.5, 0.7);
  set_gray (pdf, 0.4);
  draw_layout (pdf, left, MARGIN, y);
  draw_layout (pdf, right, PAGE_WIDTH - MARGIN - layout_width (right), y);
  set_gray (pdf, 0);
}

static void
new_page (Pdf *pdf)
{
  draw_footer (pdf);
  cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = CONTENT_TOP;
  pdf->blank = TRUE;
}

/* Room for @height more on this page, or a new page. */
static void
ensure (Pdf   *pdf,
        double height)
{
  if (!pdf->blank && pdf->y + height > CONTENT_END)
    new_page (pdf);
}

/* Space, except at the top of a page. */
static void
space (Pdf   *pdf,
       double height)
{
  if (!pdf->blank)
    pdf->y += height;
}

/* Draws @layout at @x line by line from the cursor, going on on the next
 * page where a line does not fit. */
static void
draw_lines (Pdf         *pdf,
            PangoLayout *layout,
            double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double top = pdf->y;   /* where the layout's top is on this page */

  do
    {
      PangoRectangle logical;
      double line_top, line_height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_top = pango_units_to_double (logical.y);
      line_height = pango_units_to_double (logical.height);
      if (!pdf->blank && top + line_top + line_height > CONTENT_END)
        {
          new_page (pdf);
          top = pdf->y - line_top;
        }
      cairo_move_to (pdf->cr, x + pango_units_to_double (logical.x),
                     top + pango_units_to_double (pango_layout_iter_get_baseline (iter)));
      pango_cairo_show_layout_line (pdf->cr, pango_layout_iter_get_line_readonly (iter));
      pdf->blank = FALSE;
      pdf->y = top + line_top + line_height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* -------------------------------------------------------------- blocks */

static void
draw_title (Pdf            *pdf,
            LimReportBlock *block)
{
  g_autoptr(PangoLayout) layout = layout_new (pdf, block->text, pdf->title, CONTENT_WIDTH, PANGO_ALIGN_LEFT);

  draw_lines (pdf, layout, MARGIN);
  pdf->y += 6;
  hline (pdf, pdf->y, 1.5, 0.2);
  pdf->y += 14;
}

static void
draw_heading (Pdf            *pdf,
              LimReportBlock *block)
{
  int level = CLAMP (block->level, 1, 3);
  g_autoptr(PangoLayout) layout = layout_new (pdf, block->text, pdf->heading[level], CONTENT_WIDTH,
                                              PANGO_ALIGN_LEFT);
  static const double before[] = { 0, 16, 14, 10 };
  static const double after[] = { 0, 10, 5, 4 };

  if (block->new_page && !pdf->blank)
    new_page (pdf);
  space (pdf, before[level]);
  /* Keep with the first lines of what follows. */
  ensure (pdf, layout_height (layout) + after[level] + 48);
  if (level == 3)
    set_gray (pdf, 0.15);
  draw_lines (pdf, layout, MARGIN);
  set_gray (pdf, 0);
  if (level == 1)
    {
      pdf->y += 3;
      hline (pdf, pdf->y, 0.75, 0.45);
    }
  pdf->y += after[level];
}

static void
draw_text (Pdf            *pdf,
           LimReportBlock *block)
{
  g_autoptr(PangoLayout) layout = layout_new (pdf, block->text, pdf->body, CONTENT_WIDTH, PANGO_ALIGN_LEFT);

  draw_lines (pdf, layout, MARGIN);
  pdf->y += 6;
}

static void
draw_list (Pdf            *pdf,
           LimReportBlock *block)
{
  for (guint i = 0; i < block->items->len; i++)
    {
      LimReportItem *item = g_ptr_array_index (block->items, i);
      g_autoptr(PangoLayout) bullet = layout_new (pdf, "•", pdf->small, 0, PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) text = layout_new (pdf, item->text, pdf->small, CONTENT_WIDTH - 14, PANGO_ALIGN_LEFT);

      ensure (pdf, first_line_height (text));
      draw_layout (pdf, bullet, MARGIN + 3, pdf->y);
      draw_lines (pdf, text, MARGIN + 14);
      pdf->y += 2;
    }
  pdf->y += 6;
}

static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

/* The column of labels, wide enough for every label of @doc. */
static double
fields_label_width (Pdf          *pdf,
                    LimReportDoc *doc)
{
  double width = 0;

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      LimReportBlock *block = g_ptr_array_index (doc->blocks, b);

      for (guint i = 0; block->kind == LIM_REPORT_BLOCK_FIELDS && i < block->items->len; i++)
        {
          LimReportField *field = g_ptr_array_index (block->items, i);
          g_autoptr(PangoLayout) label = layout_new (pdf, field->label, pdf->label, 0, PANGO_ALIGN_LEFT);

          width = MAX (width, layout_width (label));
        }
    }
  return CLAMP (width + 14, 96, 180);
}

/* Label: value lines, the labels in a column; a value in monospace that is
 * one word wider than its column (a hash) goes under its label. */
static void
draw_fields (Pdf            *pdf,
             LimReportBlock *block)
{
  double label_width = pdf->label_width;
  double value_x, value_width;

  value_x = MARGIN + label_width;
  value_width = CONTENT_WIDTH - label_width;

  for (guint i = 0; i < block->items->len; i++)
    {
      LimReportField *field = g_ptr_array_index (block->items, i);
      const PangoFontDescription *font = field->mono ? pdf->mono : field->strong ? pdf->body_bold : pdf->body;
      g_autoptr(PangoLayout) label = layout_new (pdf, field->label, pdf->label, label_width - 10, PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) value = layout_new (pdf, field->value, font, value_width, PANGO_ALIGN_LEFT);
      double x = value_x;

      if (field->mono && !has_space (field->value) && pango_layout_get_line_count (value) > 1)
        {
          /* Under the label, across the page. */
          g_clear_object (&value);
          value = layout_new (pdf, field->value, font, CONTENT_WIDTH - 12, PANGO_ALIGN_LEFT);
          ensure (pdf, layout_height (label) + first_line_height (value));
          set_gray (pdf, 0.3);
          draw_lines (pdf, label, MARGIN);
          set_gray (pdf, 0);
          x = MARGIN + 12;
        }
      else
        {
          double line = MAX (first_line_height (value), layout_height (label));

          ensure (pdf, line);
          set_gray (pdf, 0.3);
          draw_layout (pdf, label, MARGIN, pdf->y + layout_baseline (value) - layout_baseline (label));
          set_gray (pdf, 0);
        }
      draw_lines (pdf, value, x);
      pdf->y += 3.5;
    }
  pdf->y += 4;
}

/* A table's columns as the PDF draws them. */
typedef struct
{
  guint                  column; /* index in the block's columns */
  double                 x;
  double                 width;
  const LimReportColumn *spec;
} PdfColumn;

static gint
compare_order (gconstpointer a,
               gconstpointer b)
{
  const PdfColumn *ca = a;
  const PdfColumn *cb = b;

  return ca->spec->pdf_order - cb->spec->pdf_order;
}

typedef struct
{
  PangoLayout *cells[MAX_COLUMNS];
  PangoLayout *below[MAX_COLUMNS];
  double       cells_height;
  double       height;
} PdfRow;

static void
pdf_row_clear (PdfRow *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (row->cells); i++)
    {
      g_clear_object (&row->cells[i]);
      g_clear_object (&row->below[i]);
    }
}

static void
draw_table_header (Pdf    *pdf,
                   GArray *side,
                   double  height)
{
  cairo_save (pdf->cr);
  set_gray (pdf, 0.9);
  cairo_rectangle (pdf->cr, MARGIN, pdf->y, CONTENT_WIDTH, height);
  cairo_fill (pdf->cr);
  cairo_restore (pdf->cr);
  for (guint c = 0; c < side->len; c++)
    {
      const PdfColumn *column = &g_array_index (side, PdfColumn, c);
      g_autoptr(PangoLayout) layout = layout_new (pdf, column->spec->header, pdf->small_bold,
                                                  column->width - 2 * CELL_PAD_X,
                                                  column->spec->numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      draw_layout (pdf, layout, column->x + CELL_PAD_X, pdf->y + CELL_PAD_Y);
    }
  pdf->y += height;
  hline (pdf, pdf->y, 0.6, 0.55);
}

static double
table_header_height (Pdf    *pdf,
                     GArray *side)
{
  double height = 0;

  for (guint c = 0; c < side->len; c++)
    {
      const PdfColumn *column = &g_array_index (side, PdfColumn, c);
      g_autoptr(PangoLayout) layout = layout_new (pdf, column->spec->header, pdf->small_bold,
                                                  column->width - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT);

      height = MAX (height, layout_height (layout));
    }
  return height + 2 * CELL_PAD_Y;
}

/* The widest a column's header or cells would be on one line. */
static double
natural_width (Pdf                   *pdf,
               LimReportBlock        *block,
               guint                  column,
               const LimReportColumn *spec)
{
  g_autoptr(PangoLayout) header = layout_new (pdf, spec->header, pdf->small_bold, 0, PANGO_ALIGN_LEFT);
  double width = layout_width (header);

  for (guint r = 0; r < block->items->len; r++)
    {
      const char *text = ((char **) g_ptr_array_index (block->items, r))[column];
      g_autoptr(PangoLayout) cell = NULL;

      cell = layout_new (pdf, text ? text : LIM_REPORT_NOTHING, spec->mono && text ? pdf->small_mono : pdf->small, 0,
                         PANGO_ALIGN_LEFT);
      width = MAX (width, layout_width (cell));
    }
  return width + 2 * CELL_PAD_X + 1;
}

/* The columns side by side, and the ones that go under the row.  A column
 * of a given width grows (up to twice that) to keep its cells on one line:
 * numbers of three digits, longer words of a translation. */
static void
table_columns (Pdf            *pdf,
               LimReportBlock *block,
               GArray         *side,
               GArray         *below)
{
  double fixed = 0, x = MARGIN;
  guint flexible = 0;

  for (guint c = 0; c < block->columns->len && c < MAX_COLUMNS; c++)
    {
      PdfColumn column = { c, 0, 0, &g_array_index (block->columns, LimReportColumn, c) };

      if (column.spec->pdf_below)
        g_array_append_val (below, column);
      else
        {
          if (column.spec->pdf_width > 0)
            column.width = CLAMP (natural_width (pdf, block, c, column.spec), column.spec->pdf_width,
                                  2 * column.spec->pdf_width);
          g_array_append_val (side, column);
          fixed += column.width;
          flexible += column.width > 0 ? 0 : 1;
        }
    }
  g_array_sort (side, compare_order);
  g_array_sort (below, compare_order);
  for (guint c = 0; c < side->len; c++)
    {
      PdfColumn *column = &g_array_index (side, PdfColumn, c);

      if (column->width <= 0)
        column->width = MAX (CONTENT_WIDTH - fixed, 60) / MAX (flexible, 1);
      column->x = x;
      x += column->width;
    }
}

static void
layout_row (Pdf    *pdf,
            GArray *side,
            GArray *below,
            char  **cells,
            double  below_x,
            PdfRow *row)
{
  row->cells_height = 0;
  for (guint c = 0; c < side->len; c++)
    {
      const PdfColumn *column = &g_array_index (side, PdfColumn, c);
      const char *text = cells[column->column];

      row->cells[c] = layout_new (pdf, text ? text : LIM_REPORT_NOTHING,
                                  column->spec->mono && text ? pdf->small_mono : pdf->small,
                                  column->width - 2 * CELL_PAD_X,
                                  column->spec->numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      row->cells_height = MAX (row->cells_height, layout_height (row->cells[c]));
    }
  row->cells_height += 2 * CELL_PAD_Y;
  row->height = row->cells_height;
  for (guint c = 0; c < below->len; c++)
    {
      const PdfColumn *column = &g_array_index (below, PdfColumn, c);
      const char *text = cells[column->column];
      g_autofree char *label = NULL;
      Runs runs;

      if (text == NULL && !column->spec->pdf_empty)
        continue;
      /* Translators: a label before its value in the PDF, "Tasks: …". */
      label = g_strdup_printf (_("%s: "), column->spec->header);
      runs_init (&runs);
      runs_add (&runs, label, pdf->small_bold, 0.3);
      runs_add (&runs, text ? text : LIM_REPORT_NOTHING, column->spec->mono && text ? pdf->small_mono : pdf->small, 0);
      row->below[c] = layout_new_runs (pdf, &runs, pdf->small, PAGE_WIDTH - MARGIN - below_x - CELL_PAD_X);
      runs_clear (&runs);
      row->height += layout_height (row->below[c]) + 1.5;
    }
  row->height += row->height > row->cells_height ? CELL_PAD_Y : 0;
}

static void
draw_row_cells (Pdf    *pdf,
                GArray *side,
                PdfRow *row)
{
  for (guint c = 0; c < side->len; c++)
    {
      const PdfColumn *column = &g_array_index (side, PdfColumn, c);

      draw_layout (pdf, row->cells[c], column->x + CELL_PAD_X, pdf->y + CELL_PAD_Y);
    }
  pdf->y += row->cells_height;
}

static void
draw_table (Pdf            *pdf,
            LimReportBlock *block)
{
  g_autoptr(GArray) side = g_array_new (FALSE, TRUE, sizeof (PdfColumn));
  g_autoptr(GArray) below = g_array_new (FALSE, TRUE, sizeof (PdfColumn));
  double header_height, below_x;

  table_columns (pdf, block, side, below);
  header_height = table_header_height (pdf, side);
  below_x = side->len > 1 ? g_array_index (side, PdfColumn, 1).x + CELL_PAD_X : MARGIN + 16;

  for (guint r = 0; r < block->items->len; r++)
    {
      PdfRow row = { 0 };

      layout_row (pdf, side, below, g_ptr_array_index (block->items, r), below_x, &row);
      if (r == 0)
        {
          ensure (pdf, header_height + MIN (row.height, 60));
          draw_table_header (pdf, side, header_height);
        }
      if (pdf->y + row.height > CONTENT_END && row.height <= CONTENT_END - CONTENT_TOP - header_height)
        {
          new_page (pdf);
          draw_table_header (pdf, side, header_height);
        }

      if (pdf->y + row.height <= CONTENT_END && r % 2 == 1)
        {
          cairo_save (pdf->cr);
          set_gray (pdf, 0.965);
          cairo_rectangle (pdf->cr, MARGIN, pdf->y, CONTENT_WIDTH, row.height);
          cairo_fill (pdf->cr);
          cairo_restore (pdf->cr);
        }
      /* A row taller than a page: its cells here, the lines under it
       * across pages. */
      ensure (pdf, row.cells_height);
      draw_row_cells (pdf, side, &row);
      for (guint c = 0; c < below->len; c++)
        {
          if (row.below[c] == NULL)
            continue;
          draw_lines (pdf, row.below[c], below_x);
          pdf->y += 1.5;
        }
      if (row.height > row.cells_height)
        pdf->y += CELL_PAD_Y;
      hline (pdf, pdf->y, 0.4, 0.8);
      pdf_row_clear (&row);
    }
  pdf->y += 8;
}

/* ---------------------------------------------------------------- PDF */

static cairo_status_t
write_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_init (Pdf     *pdf,
          cairo_t *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  pdf->cr = cr;
  pdf->context = pango_cairo_create_context (cr);
  /* Points are Cairo's units in a PDF: a 10 pt font is 10 units high. */
  pango_cairo_context_set_resolution (pdf->context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pdf->context, FALSE);

  pdf->title = pango_font_description_from_string ("Sans Bold 20");
  pdf->heading[0] = pango_font_description_from_string ("Sans Bold 15");
  pdf->heading[1] = pango_font_description_from_string ("Sans Bold 15");
  pdf->heading[2] = pango_font_description_from_string ("Sans Bold 12");
  pdf->heading[3] = pango_font_description_from_string ("Sans Bold 10.5");
  pdf->body = pango_font_description_from_string ("Sans 10");
  pdf->body_bold = pango_font_description_from_string ("Sans Bold 10");
  pdf->mono = pango_font_description_from_string ("Monospace 9");
  pdf->small = pango_font_description_from_string ("Sans 9");
  pdf->small_bold = pango_font_description_from_string ("Sans Bold 9");
  pdf->small_mono = pango_font_description_from_string ("Monospace 8.5");
  pdf->label = pango_font_description_from_string ("Sans Bold 9");
  pdf->footer = pango_font_description_from_string ("Sans 8");
  pdf->y = CONTENT_TOP;
  pdf->page = 1;
  pdf->blank = TRUE;
}

static void
pdf_clear (Pdf *pdf)
{
  PangoFontDescription **fonts[] = {
    &pdf->title, &pdf->heading[0], &pdf->heading[1], &pdf->heading[2], &pdf->heading[3], &pdf->body,
    &pdf->body_bold, &pdf->mono, &pdf->small, &pdf->small_bold, &pdf->small_mono, &pdf->label, &pdf->footer,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fonts); i++)
    g_clear_pointer (fonts[i], pango_font_description_free);
  g_clear_object (&pdf->context);
}

GBytes *
lim_report_to_pdf (GPtrArray *records,
                   GError   **error)
{
  g_autoptr(LimReportDoc) doc = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pdf pdf = { 0 };

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = lim_report_doc_new (records);
  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (write_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
  pdf_init (&pdf, cairo_create (surface));
  pdf.footer_title = doc->title;
  pdf.label_width = fields_label_width (&pdf, doc);

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      LimReportBlock *block = g_ptr_array_index (doc->blocks, b);

      switch (block->kind)
        {
        case LIM_REPORT_BLOCK_TITLE:
          draw_title (&pdf, block);
          break;
        case LIM_REPORT_BLOCK_HEADING:
          draw_heading (&pdf, block);
          break;
        case LIM_REPORT_BLOCK_TEXT:
          draw_text (&pdf, block);
          break;
        case LIM_REPORT_BLOCK_LIST:
          draw_list (&pdf, block);
          break;
        case LIM_REPORT_BLOCK_FIELDS:
          draw_fields (&pdf, block);
          break;
        case LIM_REPORT_BLOCK_TABLE:
          draw_table (&pdf, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  draw_footer (&pdf);
  cairo_show_page (pdf.cr);

  status = cairo_status (pdf.cr);
  cairo_destroy (pdf.cr);
  pdf_clear (&pdf);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LIM_REPORT_ERROR, LIM_REPORT_ERROR_FORMAT, _("Cannot make the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* lim-report.c — the change-control report of run records: the document
 * made from the records (lim-report-private.h), its Markdown and HTML
 * text, the formats' names and writing a report to a file.  The PDF is
 * drawn in lim-report-pdf.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lim-json.h"
#include "lim-report-private.h"
#include "lim-report.h"

G_DEFINE_QUARK (lim-report-error-quark, lim_report_error)

/* ------------------------------------------------------------ records */

/* Members of any type or none: a wrong type reads as missing. */
static JsonNode *
get_value (JsonObject *obj,
           const char *key)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}


static gboolean
get_int (JsonObject *obj,
         const char *key,
         gint64     *value)
{
  JsonNode *node = get_value (obj, key);

  if (node && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (node && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* Within ±2^63, where the conversion is defined. */
      if (d > -9.2e18 && d < 9.2e18)
        {
          *value = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
get_true (JsonObject *obj,
          const char *key)
{
  JsonNode *node = get_value (obj, key);

  return node && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}



static JsonObject *
array_object (JsonArray *array,
              guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The strings of an array joined by ", "; NULL when there are none. */
static char *
join_strings (JsonArray *array)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, json_node_get_string (node));
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* Valid UTF-8 without control characters: tabs become spaces, "\r\n"
 * becomes "\n", other control characters go.  NULL stays NULL. */
static char *
clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t')
        g_string_append_c (out, ' ');
      else if (c == '\n')
        g_string_append_c (out, '\n');
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        continue;
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

static char *
int_text (JsonObject *obj,
          const char *key)
{
  gint64 value;

  if (!get_int (obj, key, &value))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* "2026-12-05 04:31:00 UTC" (or without seconds) from ISO 8601; the text
 * as it is when it is not a time; NULL for NULL. */
static char *
format_time (const char *iso,
             gboolean    seconds)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (iso == NULL)
    return NULL;
  time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return clean_text (iso);
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, seconds ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d %H:%M UTC");
}

/* The words for a run's outcome, a revision's state and an operation's
 * outcome; NULL for a word we do not know. */
static const char *
state_label (const char *state)
{
  if (state == NULL)
    return NULL;
  if (g_str_equal (state, "succeeded"))
    return _("Succeeded");
  if (g_str_equal (state, "failed"))
    return _("Failed");
  if (g_str_equal (state, "cancelled"))
    return _("Cancelled");
  if (g_str_equal (state, "uncertain"))
    return _("Uncertain");
  if (g_str_equal (state, "interrupted"))
    return _("Interrupted");
  if (g_str_equal (state, "running"))
    return _("Running");
  if (g_str_equal (state, "pending"))
    return _("Pending");
  if (g_str_equal (state, "done"))
    return _("Done");
  if (g_str_equal (state, "skipped"))
    return _("Skipped");
  return NULL;
}

static char *
state_text (const char *state)
{
  const char *label = state_label (state);

  return label ? g_strdup (label) : clean_text (state);
}

/* The outcome in the lower-case words of `liminal log`. */
static const char *
outcome_word (const char *outcome)
{
  if (outcome == NULL)
    return LIM_REPORT_NOTHING;
  if (g_str_equal (outcome, "succeeded"))
    return C_("run outcome", "succeeded");
  if (g_str_equal (outcome, "failed"))
    return C_("run outcome", "failed");
  if (g_str_equal (outcome, "cancelled"))
    return C_("run outcome", "cancelled");
  if (g_str_equal (outcome, "uncertain"))
    return C_("run outcome", "uncertain");
  if (g_str_equal (outcome, "interrupted"))
    return C_("run outcome", "interrupted");
  if (g_str_equal (outcome, "running"))
    return C_("run outcome", "running");
  return outcome;
}

static char *
short_id (const char *id)
{
  return id ? g_strndup (id, 7) : g_strdup (LIM_REPORT_NOTHING);
}

/* "ana@ws-3" */
static char *
user_at_host (JsonObject *record)
{
  const char *user = lim_json_get_string (record, "user");
  const char *host = lim_json_get_string (record, "host");

  if (user == NULL && host == NULL)
    return NULL;
  return g_strdup_printf ("%s@%s", user ? user : LIM_REPORT_NOTHING, host ? host : LIM_REPORT_NOTHING);
}

/* "upgrade head (dry run)", "downgrade -1 (resume of RUNID)" (without
 * what it resumes unless @resumes_too). */
static char *
command_text (JsonObject *record,
              gboolean    resumes_too)
{
  const char *command = lim_json_get_string (record, "command");
  const char *descriptor = lim_json_get_string (record, "descriptor");
  const char *resumes = lim_json_get_string (record, "resumes");
  GString *out = g_string_new (command ? command : LIM_REPORT_NOTHING);

  if (descriptor)
    g_string_append_printf (out, " %s", descriptor);
  if (get_true (record, "dry_run"))
    g_string_append_printf (out, " %s", _("(dry run)"));
  if (!resumes_too)
    return g_string_free (out, FALSE);
  if (resumes)
    {
      g_string_append_c (out, ' ');
      /* Translators: %s is the id of the run this run resumes. */
      g_string_append_printf (out, _("(resume of %s)"), resumes);
    }
  else if (get_true (record, "resume"))
    g_string_append_printf (out, " %s", _("(resume)"));
  return g_string_free (out, FALSE);
}

/* "prod (pizzeria, https://pizzeria.benchling.com)" */
static char *
tenant_text (JsonObject *record)
{
  JsonObject *tenant = lim_json_get_object (record, "tenant");
  const char *alias = lim_json_get_string (tenant, "alias");
  const char *name = lim_json_get_string (tenant, "name");
  const char *url = lim_json_get_string (tenant, "url");
  GString *out = g_string_new (alias ? alias : LIM_REPORT_NOTHING);

  if (name && url)
    g_string_append_printf (out, " (%s, %s)", name, url);
  else if (name || url)
    g_string_append_printf (out, " (%s)", name ? name : url);
  return g_string_free (out, FALSE);
}

static char *
duration_text (JsonObject *obj,
               const char *key)
{
  gint64 ms;

  return get_int (obj, key, &ms) ? lim_report_format_duration (ms) : NULL;
}

/* ---------------------------------------------------------- document */

static void
item_free (gpointer data)
{
  LimReportItem *item = data;

  g_free (item->text);
  g_free (item->anchor);
  g_free (item);
}

static void
field_free (gpointer data)
{
  LimReportField *field = data;

  g_free (field->label);
  g_free (field->value);
  g_free (field);
}

static void
column_clear (gpointer data)
{
  LimReportColumn *column = data;

  g_free (column->header);
}

static void
block_free (gpointer data)
{
  LimReportBlock *block = data;

  /* A row's cells may be NULL anywhere: not a GStrv to g_strfreev(). */
  for (guint r = 0; block->kind == LIM_REPORT_BLOCK_TABLE && r < block->items->len; r++)
    {
      char **cells = g_ptr_array_index (block->items, r);

      for (guint c = 0; c < block->columns->len; c++)
        g_free (cells[c]);
      g_free (cells);
    }
  g_free (block->text);
  g_free (block->anchor);
  g_clear_pointer (&block->items, g_ptr_array_unref);
  g_clear_pointer (&block->columns, g_array_unref);
  g_free (block);
}

void
lim_report_doc_free (LimReportDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

static LimReportBlock *
add_block (LimReportDoc      *doc,
           LimReportBlockKind kind)
{
  LimReportBlock *block = g_new0 (LimReportBlock, 1);

  block->kind = kind;
  switch (kind)
    {
    case LIM_REPORT_BLOCK_LIST:
      block->items = g_ptr_array_new_with_free_func (item_free);
      break;
    case LIM_REPORT_BLOCK_FIELDS:
      block->items = g_ptr_array_new_with_free_func (field_free);
      break;
    case LIM_REPORT_BLOCK_TABLE:
      block->items = g_ptr_array_new ();   /* freed by block_free() */
      block->columns = g_array_new (FALSE, TRUE, sizeof (LimReportColumn));
      g_array_set_clear_func (block->columns, column_clear);
      break;
    case LIM_REPORT_BLOCK_TITLE:
    case LIM_REPORT_BLOCK_HEADING:
    case LIM_REPORT_BLOCK_TEXT:
    default:
      break;
    }
  g_ptr_array_add (doc->blocks, block);
  return block;
}

/* Takes @text. */
static void
add_heading (LimReportDoc *doc,
             int           level,
             char         *text,
             const char   *anchor,
             gboolean      new_page)
{
  LimReportBlock *block = add_block (doc, LIM_REPORT_BLOCK_HEADING);

  block->level = level;
  block->text = text;
  block->anchor = clean_text (anchor);
  block->new_page = new_page;
}

static void
add_text (LimReportDoc *doc,
          const char   *text)
{
  add_block (doc, LIM_REPORT_BLOCK_TEXT)->text = clean_text (text);
}

/* Takes @value; NULL shows as "—". */
static void
field_take (LimReportBlock *block,
            const char     *label,
            char           *value,
            gboolean        mono)
{
  LimReportField *field = g_new0 (LimReportField, 1);

  field->label = g_strdup (label);
  field->value = value ? value : g_strdup (LIM_REPORT_NOTHING);
  field->mono = mono && value != NULL;
  g_ptr_array_add (block->items, field);
}

static void
field_add (LimReportBlock *block,
           const char     *label,
           const char     *value,
           gboolean        mono)
{
  field_take (block, label, clean_text (value), mono);
}

static void
add_column (LimReportBlock *block,
            const char     *header,
            gboolean        mono,
            gboolean        numeric,
            double          pdf_width,
            int             pdf_order,
            gboolean        pdf_below,
            gboolean        pdf_empty)
{
  LimReportColumn column = {
    .header = g_strdup (header),
    .mono = mono,
    .numeric = numeric,
    .pdf_width = pdf_width,
    .pdf_order = pdf_order,
    .pdf_below = pdf_below,
    .pdf_empty = pdf_empty,
  };

  g_array_append_val (block->columns, column);
}

/* Takes the cells, one per column, each cleaned text or NULL. */
static void
add_row (LimReportBlock *block,
         char          **cells)
{
  g_ptr_array_add (block->items, cells);
}


/* The run: what, where, when and how it ended. */
static void
add_run_facts (LimReportDoc *doc,
               JsonObject   *record)
{
  LimReportBlock *fields = add_block (doc, LIM_REPORT_BLOCK_FIELDS);
  const char *message = lim_json_get_string (record, "message");
  const char *from = lim_json_get_string (record, "from");
  const char *to = lim_json_get_string (record, "to");
  g_autofree char *tenant = tenant_text (record);
  g_autofree char *command = command_text (record, TRUE);
  g_autofree char *from_to = g_strdup_printf ("%s → %s", from ? from : LIM_REPORT_NOTHING,
                                              to ? to : LIM_REPORT_NOTHING);
  LimReportField *outcome;

  field_add (fields, _("Tenant"), tenant, FALSE);
  field_add (fields, _("Command"), command, FALSE);
  field_add (fields, _("Run"), lim_json_get_string (record, "run"), TRUE);
  field_take (fields, _("Outcome"), state_text (lim_json_get_string (record, "outcome")), FALSE);
  outcome = g_ptr_array_index (fields->items, fields->items->len - 1);
  outcome->strong = TRUE;
  if (message)
    field_add (fields, _("Message"), message, FALSE);
  field_take (fields, _("Started"), format_time (lim_json_get_string (record, "started"), TRUE), FALSE);
  field_take (fields, _("Ended"), format_time (lim_json_get_string (record, "ended"), TRUE), FALSE);
  field_take (fields, _("Duration"), duration_text (record, "duration_ms"), FALSE);
  field_add (fields, _("From → to"), from_to, TRUE);
  field_add (fields, _("Marker after the run"), lim_json_get_string (record, "marker"), TRUE);
  field_add (fields, _("Record file"), lim_json_get_string (record, "file"), FALSE);
}

/* "liminal-desktop 0.4.0, command line" */
static char *
tool_text (JsonObject *tool)
{
  const char *name = lim_json_get_string (tool, "name");
  const char *version = lim_json_get_string (tool, "version");
  const char *front_end = lim_json_get_string (tool, "front_end");
  GString *out;

  if (name == NULL && version == NULL && front_end == NULL)
    return NULL;
  out = g_string_new (name ? name : LIM_REPORT_NOTHING);
  if (version)
    g_string_append_printf (out, " %s", version);
  if (g_strcmp0 (front_end, "cli") == 0)
    g_string_append_printf (out, ", %s", _("command line"));
  else if (g_strcmp0 (front_end, "app") == 0)
    g_string_append_printf (out, ", %s", _("desktop app"));
  else if (front_end)
    g_string_append_printf (out, ", %s", front_end);
  return g_string_free (out, FALSE);
}

/* Who ran it, as whom Benchling saw it, with what, and a gate override. */
static void
add_people (LimReportDoc *doc,
            JsonObject   *record)
{
  JsonObject *identity = lim_json_get_object (record, "identity");
  JsonObject *override = lim_json_get_object (record, "override");
  g_autofree char *who = user_at_host (record);
  g_autofree char *run_by = NULL;
  g_autofree char *tool = tool_text (lim_json_get_object (record, "tool"));
  LimReportBlock *fields;
  gint64 pid;

  add_heading (doc, 2, g_strdup (_("People and tools")), NULL, FALSE);
  fields = add_block (doc, LIM_REPORT_BLOCK_FIELDS);
  if (who && get_int (record, "pid", &pid))
    {
      g_autofree char *pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, pid);

      /* Translators: "ana@ws-3, process 1234": the OS user and host, and
       * the process id. */
      run_by = g_strdup_printf (_("%s, process %s"), who, pid_text);
    }
  field_add (fields, _("Run by"), run_by ? run_by : who, FALSE);
  field_add (fields, _("Benchling client id"), lim_json_get_string (identity, "client_id"), TRUE);
  field_add (fields, _("Benchling user (internal API)"), lim_json_get_string (identity, "user"), FALSE);
  field_add (fields, _("Tool"), tool, FALSE);
  if (override)
    {
      const char *reason = lim_json_get_string (override, "reason");
      g_autofree char *gates = join_strings (lim_json_get_array (override, "gates"));
      g_autofree char *text = NULL;

      if (gates)
        /* Translators: a gate override: the reason given, and the gate
         * tenants it passed, e.g. "hotfix approved by QA (gates: test)". */
        text = g_strdup_printf (_("%s (gates: %s)"), reason ? reason : LIM_REPORT_NOTHING, gates);
      else
        text = g_strdup (reason ? reason : LIM_REPORT_NOTHING);
      field_add (fields, _("Gate override"), text, FALSE);
    }
}

static void
add_operations (LimReportDoc *doc,
                JsonArray    *operations)
{
  guint n = operations ? json_array_get_length (operations) : 0;
  LimReportBlock *table;

  if (n == 0)
    {
      add_text (doc, _("No operations."));
      return;
    }
  table = add_block (doc, LIM_REPORT_BLOCK_TABLE);
  /* Translators: the column of operation numbers. */
  add_column (table, _("#"), FALSE, TRUE, 24, 0, FALSE, FALSE);
  add_column (table, _("Operation"), FALSE, FALSE, 0, 3, FALSE, FALSE);
  add_column (table, _("Outcome"), FALSE, FALSE, 68, 1, FALSE, FALSE);
  add_column (table, _("Requests"), FALSE, TRUE, 56, 2, FALSE, FALSE);
  add_column (table, _("Tasks"), TRUE, FALSE, 0, 4, TRUE, FALSE);
  add_column (table, _("Message"), FALSE, FALSE, 0, 5, TRUE, FALSE);
  for (guint k = 0; k < n; k++)
    {
      JsonObject *op = array_object (operations, k);
      const char *describe = lim_json_get_string (op, "describe");
      g_autofree char *tasks = join_strings (lim_json_get_array (op, "tasks"));
      char **cells = g_new0 (char *, table->columns->len);

      cells[0] = int_text (op, "index");
      cells[1] = clean_text (describe ? describe : lim_json_get_string (op, "op"));
      cells[2] = state_text (lim_json_get_string (op, "outcome"));
      cells[3] = int_text (op, "requests");
      cells[4] = clean_text (tasks);
      cells[5] = clean_text (lim_json_get_string (op, "message"));
      add_row (table, cells);
    }
}

/* The revisions in a table, then each one's operations. */
static void
add_revisions (LimReportDoc *doc,
               JsonObject   *record)
{
  JsonArray *revisions = lim_json_get_array (record, "revisions");
  guint n = revisions ? json_array_get_length (revisions) : 0;
  LimReportBlock *table;

  add_heading (doc, 2, g_strdup (_("Revisions")), NULL, FALSE);
  if (n == 0)
    {
      add_text (doc, _("No revisions."));
      return;
    }
  table = add_block (doc, LIM_REPORT_BLOCK_TABLE);
  add_column (table, _("ID"), TRUE, FALSE, 84, 0, FALSE, FALSE);
  add_column (table, _("File"), FALSE, FALSE, 0, 2, FALSE, FALSE);
  add_column (table, _("SHA-256"), TRUE, FALSE, 0, 3, TRUE, TRUE);
  add_column (table, _("State"), FALSE, FALSE, 72, 1, FALSE, FALSE);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *rev = array_object (revisions, i);
      char **cells = g_new0 (char *, table->columns->len);

      cells[0] = clean_text (lim_json_get_string (rev, "id"));
      cells[1] = clean_text (lim_json_get_string (rev, "file"));
      cells[2] = clean_text (lim_json_get_string (rev, "sha256"));
      cells[3] = state_text (lim_json_get_string (rev, "state"));
      add_row (table, cells);
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *rev = array_object (revisions, i);
      const char *id = lim_json_get_string (rev, "id");
      const char *description = lim_json_get_string (rev, "description");
      g_autofree char *heading = NULL;

      if (description && *description)
        /* Translators: a revision's id and its description. */
        heading = g_strdup_printf (_("Revision %s · %s"), id ? id : LIM_REPORT_NOTHING, description);
      else
        heading = g_strdup_printf (_("Revision %s"), id ? id : LIM_REPORT_NOTHING);
      add_heading (doc, 3, clean_text (heading), NULL, FALSE);
      add_operations (doc, lim_json_get_array (rev, "operations"));
    }
}

static void
add_totals (LimReportDoc *doc,
            JsonObject   *record)
{
  JsonObject *totals = lim_json_get_object (record, "totals");
  LimReportBlock *fields;

  add_heading (doc, 2, g_strdup (_("Totals")), NULL, FALSE);
  fields = add_block (doc, LIM_REPORT_BLOCK_FIELDS);
  field_take (fields, _("Requests"), int_text (totals, "requests"), FALSE);
  field_take (fields, _("Rate limited (HTTP 429)"), int_text (totals, "rate_limited"), FALSE);
  field_take (fields, _("Limiter waits"), int_text (totals, "throttle_waits"), FALSE);
  field_take (fields, _("Time waited"), duration_text (totals, "throttle_ms"), FALSE);
  field_take (fields, _("Duration"), duration_text (record, "duration_ms"), FALSE);
}

/* lim_report_summary_line() for any record, NULL too. */
static char *
summary_line (JsonObject *record)
{
  g_autofree char *started = format_time (lim_json_get_string (record, "started"), FALSE);
  g_autofree char *who = user_at_host (record);
  const char *alias = lim_json_get_string (lim_json_get_object (record, "tenant"), "alias");
  g_autofree char *from = short_id (lim_json_get_string (record, "from"));
  g_autofree char *to = short_id (lim_json_get_string (record, "to"));
  g_autofree char *duration = duration_text (record, "duration_ms");
  g_autofree char *line = NULL;

  line = g_strdup_printf ("%s · %s · %s · %s → %s · %s · %s%s%s",
                          started ? started : LIM_REPORT_NOTHING,
                          who ? who : LIM_REPORT_NOTHING,
                          alias ? alias : LIM_REPORT_NOTHING,
                          from, to,
                          outcome_word (lim_json_get_string (record, "outcome")),
                          duration ? duration : LIM_REPORT_NOTHING,
                          get_true (record, "dry_run") ? " · " : "",
                          !get_true (record, "dry_run") ? ""
                          : g_strcmp0 (lim_json_get_string (record, "kind"), "rehearsal") == 0
                          /* Translators: a run made on a clone of the tenant (liminal rehearse) */
                          ? _("rehearsal (nothing written)") : _("dry run"));
  return clean_text (line);
}

LimReportDoc *
lim_report_doc_new (GPtrArray *records)
{
  LimReportDoc *doc = g_new0 (LimReportDoc, 1);
  guint n = records ? records->len : 0;

  doc->title = g_strdup (_("Liminal change report"));
  doc->blocks = g_ptr_array_new_with_free_func (block_free);
  add_block (doc, LIM_REPORT_BLOCK_TITLE)->text = g_strdup (doc->title);
  if (n == 0)
    add_text (doc, _("No runs."));
  else if (n > 1)
    {
      g_autofree char *intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run in this report:",
                                                             "%u runs in this report:", n), n);
      LimReportBlock *list;

      add_text (doc, intro);
      list = add_block (doc, LIM_REPORT_BLOCK_LIST);
      for (guint i = 0; i < n; i++)
        {
          LimReportItem *item = g_new0 (LimReportItem, 1);

          item->text = summary_line (g_ptr_array_index (records, i));
          item->anchor = g_strdup_printf ("run-%u", i + 1);
          g_ptr_array_add (list->items, item);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *alias = lim_json_get_string (lim_json_get_object (record, "tenant"), "alias");
      g_autofree char *command = command_text (record, FALSE);
      g_autofree char *anchor = g_strdup_printf ("run-%u", i + 1);
      g_autofree char *heading = g_strdup_printf ("%s · %s", alias ? alias : LIM_REPORT_NOTHING, command);

      add_heading (doc, 1, clean_text (heading), anchor, i > 0);
      add_run_facts (doc, record);
      add_people (doc, record);
      add_revisions (doc, record);
      add_totals (doc, record);
    }
  return doc;
}

/* ----------------------------------------------------------- Markdown */

typedef enum {
  MD_INLINE,      /* a heading: one line */
  MD_ITEM,        /* a list item: lines continue indented */
  MD_PARAGRAPH,
  MD_CELL,        /* a table cell: one line, pipes escaped */
} MdPlace;

static void
md_append (GString    *out,
           const char *text,
           gboolean    mono,
           MdPlace     place)
{
  if (mono && *text && strpbrk (text, "`\n") == NULL)
    {
      g_string_append_c (out, '`');
      for (const char *p = text; *p; p++)
        {
          if (*p == '|' && place == MD_CELL)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '`');
      return;
    }
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '\n':
          if (place == MD_CELL)
            g_string_append (out, "<br>");
          else if (place == MD_ITEM)
            g_string_append (out, "\\\n  ");
          else if (place == MD_PARAGRAPH)
            g_string_append (out, "\\\n");
          else
            g_string_append_c (out, ' ');
          break;
        case '\\':
        case '`':
        case '*':
        case '<':
        case '|':
        case '~':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '&':
          /* Only where it could start an entity: "&amp;", "&#38;". */
          if (g_ascii_isalpha (p[1]) || p[1] == '#')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

static void
md_table (GString        *out,
          LimReportBlock *block)
{
  guint n = block->columns->len;

  g_string_append_c (out, '|');
  for (guint c = 0; c < n; c++)
    {
      g_string_append_c (out, ' ');
      md_append (out, g_array_index (block->columns, LimReportColumn, c).header, FALSE, MD_CELL);
      g_string_append (out, " |");
    }
  g_string_append (out, "\n|");
  for (guint c = 0; c < n; c++)
    g_string_append (out, g_array_index (block->columns, LimReportColumn, c).numeric ? " ---: |" : " --- |");
  g_string_append_c (out, '\n');
  for (guint r = 0; r < block->items->len; r++)
    {
      char **cells = g_ptr_array_index (block->items, r);

      g_string_append_c (out, '|');
      for (guint c = 0; c < n; c++)
        {
          const LimReportColumn *column = &g_array_index (block->columns, LimReportColumn, c);

          g_string_append_c (out, ' ');
          if (cells[c])
            md_append (out, cells[c], column->mono, MD_CELL);
          else
            g_string_append (out, LIM_REPORT_NOTHING);
          g_string_append (out, " |");
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
}

static char *
to_markdown (LimReportDoc *doc)
{
  GString *out = g_string_new (NULL);

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      LimReportBlock *block = g_ptr_array_index (doc->blocks, b);

      switch (block->kind)
        {
        case LIM_REPORT_BLOCK_TITLE:
          g_string_append (out, "# ");
          md_append (out, block->text, FALSE, MD_INLINE);
          g_string_append (out, "\n\n");
          break;
        case LIM_REPORT_BLOCK_HEADING:
          for (int i = 0; i <= block->level; i++)
            g_string_append_c (out, '#');
          g_string_append_c (out, ' ');
          md_append (out, block->text, FALSE, MD_INLINE);
          g_string_append (out, "\n\n");
          break;
        case LIM_REPORT_BLOCK_TEXT:
          md_append (out, block->text, FALSE, MD_PARAGRAPH);
          g_string_append (out, "\n\n");
          break;
        case LIM_REPORT_BLOCK_LIST:
          for (guint i = 0; i < block->items->len; i++)
            {
              LimReportItem *item = g_ptr_array_index (block->items, i);

              g_string_append (out, "- ");
              md_append (out, item->text, FALSE, MD_ITEM);
              g_string_append_c (out, '\n');
            }
          g_string_append_c (out, '\n');
          break;
        case LIM_REPORT_BLOCK_FIELDS:
          for (guint i = 0; i < block->items->len; i++)
            {
              LimReportField *field = g_ptr_array_index (block->items, i);

              g_string_append (out, "- **");
              md_append (out, field->label, FALSE, MD_INLINE);
              g_string_append (out, ":** ");
              if (field->strong)
                g_string_append (out, "**");
              md_append (out, field->value, field->mono, MD_ITEM);
              if (field->strong)
                g_string_append (out, "**");
              g_string_append_c (out, '\n');
            }
          g_string_append_c (out, '\n');
          break;
        case LIM_REPORT_BLOCK_TABLE:
          md_table (out, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  /* One newline at the end. */
  while (out->len > 1 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* --------------------------------------------------------------- HTML */

static const char html_style[] =
  "body { font-family: \"Cantarell\", \"Noto Sans\", \"DejaVu Sans\", sans-serif; font-size: 14px;\n"
  "       line-height: 1.45; color: #1d1d1d; max-width: 64em; margin: 2em auto; padding: 0 1.5em; }\n"
  "h1 { font-size: 1.9em; border-bottom: 2px solid #3d3d3d; padding-bottom: .25em; }\n"
  "h2 { font-size: 1.45em; margin-top: 2.2em; border-bottom: 1px solid #b8b8b8; padding-bottom: .15em; }\n"
  "h3 { font-size: 1.15em; margin-top: 1.6em; }\n"
  "h4 { font-size: 1em; margin-top: 1.3em; }\n"
  "table { border-collapse: collapse; margin: .4em 0 1em; width: 100%; }\n"
  "th, td { border: 1px solid #cfcfcf; padding: .25em .55em; text-align: left; vertical-align: top; }\n"
  "thead th { background: #ececec; }\n"
  "table.fields th { width: 15em; background: #f6f6f6; font-weight: 600; }\n"
  ".num { text-align: right; }\n"
  "code { font-family: \"DejaVu Sans Mono\", monospace; font-size: .92em; overflow-wrap: anywhere; }\n"
  "ul.index { padding-left: 1.2em; }\n"
  "@media print { body { margin: 0; max-width: none; } h2.run { break-before: page; }\n"
  "               h2.run.first { break-before: auto; } tr { break-inside: avoid; } }\n";

static void
html_append (GString    *out,
             const char *text,
             gboolean    mono)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (mono)
    g_string_append (out, "<code>");
  for (const char *p = escaped; *p; p++)
    {
      if (*p == '\n')
        g_string_append (out, "<br>\n");
      else
        g_string_append_c (out, *p);
    }
  if (mono)
    g_string_append (out, "</code>");
}

static void
html_table (GString        *out,
            LimReportBlock *block)
{
  guint n = block->columns->len;

  g_string_append (out, "<table>\n<thead><tr>");
  for (guint c = 0; c < n; c++)
    {
      const LimReportColumn *column = &g_array_index (block->columns, LimReportColumn, c);

      g_string_append (out, column->numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
      html_append (out, column->header, FALSE);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < block->items->len; r++)
    {
      char **cells = g_ptr_array_index (block->items, r);

      g_string_append (out, "<tr>");
      for (guint c = 0; c < n; c++)
        {
          const LimReportColumn *column = &g_array_index (block->columns, LimReportColumn, c);

          g_string_append (out, column->numeric ? "<td class=\"num\">" : "<td>");
          html_append (out, cells[c] ? cells[c] : LIM_REPORT_NOTHING, column->mono && cells[c]);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n");
}

static char *
to_html (LimReportDoc *doc)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n");
  gboolean first_run = TRUE;

  g_string_append (out, "<html lang=\"");
  /* Translators: the language code of this translation, for the HTML
   * report's lang attribute ("de", "fr", "pt-BR"). */
  html_append (out, C_("HTML lang attribute", "en"), FALSE);
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"" PACKAGE_NAME " " PACKAGE_VERSION "\">\n<title>");
  html_append (out, doc->title, FALSE);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, html_style);
  g_string_append (out, "</style>\n</head>\n<body>\n");

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      LimReportBlock *block = g_ptr_array_index (doc->blocks, b);

      switch (block->kind)
        {
        case LIM_REPORT_BLOCK_TITLE:
          g_string_append (out, "<h1>");
          html_append (out, block->text, FALSE);
          g_string_append (out, "</h1>\n");
          break;
        case LIM_REPORT_BLOCK_HEADING:
          g_string_append_printf (out, "<h%d", block->level + 1);
          if (block->level == 1)
            {
              g_string_append (out, first_run ? " class=\"run first\"" : " class=\"run\"");
              first_run = FALSE;
            }
          if (block->anchor)
            {
              g_string_append (out, " id=\"");
              html_append (out, block->anchor, FALSE);
              g_string_append_c (out, '"');
            }
          g_string_append_c (out, '>');
          html_append (out, block->text, FALSE);
          g_string_append_printf (out, "</h%d>\n", block->level + 1);
          break;
        case LIM_REPORT_BLOCK_TEXT:
          g_string_append (out, "<p>");
          html_append (out, block->text, FALSE);
          g_string_append (out, "</p>\n");
          break;
        case LIM_REPORT_BLOCK_LIST:
          g_string_append (out, "<ul class=\"index\">\n");
          for (guint i = 0; i < block->items->len; i++)
            {
              LimReportItem *item = g_ptr_array_index (block->items, i);

              g_string_append (out, "<li>");
              if (item->anchor)
                {
                  g_string_append (out, "<a href=\"#");
                  html_append (out, item->anchor, FALSE);
                  g_string_append (out, "\">");
                }
              html_append (out, item->text, FALSE);
              if (item->anchor)
                g_string_append (out, "</a>");
              g_string_append (out, "</li>\n");
            }
          g_string_append (out, "</ul>\n");
          break;
        case LIM_REPORT_BLOCK_FIELDS:
          g_string_append (out, "<table class=\"fields\">\n<tbody>\n");
          for (guint i = 0; i < block->items->len; i++)
            {
              LimReportField *field = g_ptr_array_index (block->items, i);

              g_string_append (out, "<tr><th scope=\"row\">");
              html_append (out, field->label, FALSE);
              g_string_append (out, "</th><td>");
              if (field->strong)
                g_string_append (out, "<strong>");
              html_append (out, field->value, field->mono);
              if (field->strong)
                g_string_append (out, "</strong>");
              g_string_append (out, "</td></tr>\n");
            }
          g_string_append (out, "</tbody>\n</table>\n");
          break;
        case LIM_REPORT_BLOCK_TABLE:
          html_table (out, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- API */

gboolean
lim_report_format_from_string (const char      *text,
                               LimReportFormat *format)
{
  LimReportFormat found;

  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "md") == 0 || g_ascii_strcasecmp (text, "markdown") == 0)
    found = LIM_REPORT_FORMAT_MARKDOWN;
  else if (g_ascii_strcasecmp (text, "html") == 0)
    found = LIM_REPORT_FORMAT_HTML;
  else if (g_ascii_strcasecmp (text, "pdf") == 0)
    found = LIM_REPORT_FORMAT_PDF;
  else
    return FALSE;
  if (format)
    *format = found;
  return TRUE;
}

gboolean
lim_report_format_from_path (const char      *path,
                             LimReportFormat *format)
{
  const char *dot = path ? strrchr (path, '.') : NULL;

  if (dot == NULL || strchr (dot, '/') != NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".htm") == 0)
    dot = ".html";
  return lim_report_format_from_string (dot + 1, format);
}

char *
lim_report_to_text (GPtrArray      *records,
                    LimReportFormat format)
{
  g_autoptr(LimReportDoc) doc = NULL;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (format == LIM_REPORT_FORMAT_MARKDOWN || format == LIM_REPORT_FORMAT_HTML, NULL);

  doc = lim_report_doc_new (records);
  return format == LIM_REPORT_FORMAT_HTML ? to_html (doc) : to_markdown (doc);
}

gboolean
lim_report_write (GPtrArray      *records,
                  LimReportFormat format,
                  const char     *path,
                  GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (format)
    {
    case LIM_REPORT_FORMAT_MARKDOWN:
    case LIM_REPORT_FORMAT_HTML:
      text = lim_report_to_text (records, format);
      data = text;
      size = strlen (text);
      break;
    case LIM_REPORT_FORMAT_PDF:
      bytes = lim_report_to_pdf (records, &local_error);
      if (bytes == NULL)
        {
          g_set_error (error, LIM_REPORT_ERROR, LIM_REPORT_ERROR_FORMAT, _("Cannot make the report %s: %s"), path,
                       local_error->message);
          return FALSE;
        }
      data = g_bytes_get_data (bytes, &size);
      break;
    default:
      g_set_error (error, LIM_REPORT_ERROR, LIM_REPORT_ERROR_FORMAT, _("Cannot make the report %s: unknown format"),
                   path);
      return FALSE;
    }

  /* g_file_set_contents() writes a temporary file and renames it. */
  if (!g_file_set_contents (path, data, (gssize) size, &local_error))
    {
      g_set_error (error, LIM_REPORT_ERROR, LIM_REPORT_ERROR_IO, _("Cannot write the report %s: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
lim_report_summary_line (JsonObject *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return summary_line (record);
}

char *
lim_report_format_duration (gint64 ms)
{
  gint64 seconds, minutes;

  if (ms < 0)
    return g_strdup (LIM_REPORT_NOTHING);
  if (ms < 1000)
    /* Translators: a duration in milliseconds. */
    return g_strdup_printf (_("%d ms"), (int) ms);
  if ((ms + 50) / 100 < 600)
    /* Translators: a duration in seconds, with one decimal: "4.3 s". */
    return g_strdup_printf (_("%.1f s"), (double) ((ms + 50) / 100) / 10.0);
  seconds = (ms + 500) / 1000;
  minutes = seconds / 60;
  if (seconds < 3600)
    {
      if (seconds % 60 == 0)
        /* Translators: a duration in whole minutes: "2 min". */
        return g_strdup_printf (_("%d min"), (int) minutes);
      /* Translators: a duration in minutes and seconds: "2 min 5 s". */
      return g_strdup_printf (_("%d min %d s"), (int) minutes, (int) (seconds % 60));
    }
  if (minutes % 60 == 0)
    /* Translators: a duration in whole hours: "3 h". */
    return g_strdup_printf (_("%d h"), (int) MIN (minutes / 60, G_MAXINT));
  /* Translators: a duration in hours and minutes: "1 h 2 min". */
  return g_strdup_printf (_("%d h %d min"), (int) MIN (minutes / 60, G_MAXINT), (int) (minutes % 60));
}

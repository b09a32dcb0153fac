/* test-report.c — the change-control report of run records (src/report):
 * Markdown, HTML and PDF made from the folded records in
 * data/run-records/, the PDF read back with pdftotext and pdfinfo
 * (poppler-utils), page 1 drawn to report-page1.png in the build folder
 * for a look.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lim-report.h"

#define SUCCEEDED   "succeeded-upgrade.json"
#define FAILED      "failed-downgrade.json"
#define INTERRUPTED "interrupted-dry-run.json"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static JsonObject *
load_record (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "run-records", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The fixtures named, NULL-terminated. */
static GPtrArray *
records_new (const char *first,
             ...)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *name = first;
  va_list args;

  va_start (args, first);
  while (name != NULL)
    {
      g_ptr_array_add (records, load_record (name));
      name = va_arg (args, const char *);
    }
  va_end (args);
  return records;
}

/* Runs a program (found in PATH) and returns what it printed; it must
 * exist and succeed. */
static char *
run_tool (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_printerr ("%s: %s\n", argv[0], err);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static char *
pdf_text (const char *path,
          gboolean    layout)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", layout ? "-layout" : "-raw", path, "-", NULL };

  return run_tool (argv);
}

static int
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return atoi (pages + strlen ("\nPages:"));
}

/* Runs of white space as one space. */
static char *
flatten (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean in_space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p) || *p == '\f')
        in_space = TRUE;
      else
        {
          if (in_space && out->len > 0)
            g_string_append_c (out, ' ');
          in_space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static JsonObject *
member_object (JsonObject *obj,
               const char *key)
{
  return json_object_get_object_member (obj, key);
}

static const char *
member_string (JsonObject *obj,
               const char *key)
{
  return json_object_get_string_member_with_default (obj, key, NULL);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("«%s» is not in the report:\n%s", needle, haystack);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-report-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* What every format says about @record: the tenant, the people, every
 * revision with its hash, every operation.  @text is flattened when
 * @flat, and so are the needles. */
static void
assert_record_content (const char *text,
                       const char *flat,
                       JsonObject *record,
                       gboolean    with_pipes_escaped)
{
  JsonObject *tenant = member_object (record, "tenant");
  JsonObject *identity = member_object (record, "identity");
  JsonArray *revisions = json_object_get_array_member (record, "revisions");
  g_autofree char *who = g_strdup_printf ("%s@%s", member_string (record, "user"), member_string (record, "host"));

  assert_contains (flat, member_string (tenant, "alias"));
  assert_contains (flat, member_string (tenant, "name"));
  assert_contains (flat, who);
  assert_contains (flat, member_string (record, "run"));
  if (member_string (identity, "user"))
    assert_contains (flat, member_string (identity, "user"));
  if (member_string (identity, "client_id"))
    assert_contains (flat, member_string (identity, "client_id"));
  for (guint i = 0; i < json_array_get_length (revisions); i++)
    {
      JsonObject *rev = json_array_get_object_element (revisions, i);
      JsonArray *ops = json_object_get_array_member (rev, "operations");

      assert_contains (flat, member_string (rev, "id"));
      /* The hash whole, on one line. */
      if (member_string (rev, "sha256"))
        assert_contains (text, member_string (rev, "sha256"));
      for (guint k = 0; k < json_array_get_length (ops); k++)
        {
          JsonObject *op = json_array_get_object_element (ops, k);
          g_autofree char *describe = flatten (member_string (op, "describe"));
          g_auto(GStrv) parts = g_strsplit (describe, "|", -1);
          g_autofree char *escaped = g_strjoinv ("\\|", parts);

          assert_contains (flat, with_pipes_escaped ? escaped : describe);
        }
    }
}

/* Start and end tags balance (void elements aside), and every "<" starts
 * a tag: the page is well-formed enough. */
static void
assert_html_balanced (const char *html)
{
  static const char *const void_elements[] = { "meta", "br", "hr", "img", "link", "input", NULL };
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_free);
  const char *p = html;

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n"));
  p += strlen ("<!DOCTYPE html>\n");
  while ((p = strchr (p, '<')) != NULL)
    {
      gboolean closing = p[1] == '/';
      const char *name = p + (closing ? 2 : 1);
      gsize len = strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789");
      g_autofree char *tag = g_strndup (name, len);
      const char *end = strchr (name, '>');

      g_assert_cmpuint (len, >, 0);
      g_assert_nonnull (end);
      g_assert_null (memchr (name, '<', end - name));
      if (closing)
        {
          g_assert_cmpuint (open->len, >, 0);
          g_assert_cmpstr (g_ptr_array_index (open, open->len - 1), ==, tag);
          g_ptr_array_remove_index (open, open->len - 1);
        }
      else if (!g_strv_contains (void_elements, tag))
        g_ptr_array_add (open, g_steal_pointer (&tag));
      p = end + 1;
    }
  g_assert_cmpuint (open->len, ==, 0);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */
/* ---------------------------------------------------------------------- */

static void
test_format_names (void)
{
  LimReportFormat format = LIM_REPORT_FORMAT_PDF;

  g_assert_true (lim_report_format_from_string ("md", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_MARKDOWN);
  g_assert_true (lim_report_format_from_string ("HTML", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_HTML);
  g_assert_true (lim_report_format_from_string ("Markdown", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_MARKDOWN);
  g_assert_true (lim_report_format_from_string ("pdf", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_PDF);
  g_assert_false (lim_report_format_from_string ("docx", &format));
  g_assert_false (lim_report_format_from_string ("", &format));
  g_assert_false (lim_report_format_from_string (NULL, &format));

  g_assert_true (lim_report_format_from_path ("/tmp/r.md", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_MARKDOWN);
  g_assert_true (lim_report_format_from_path ("r.markdown", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_MARKDOWN);
  g_assert_true (lim_report_format_from_path ("a.b/REPORT.HTM", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_HTML);
  g_assert_true (lim_report_format_from_path ("report.html", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_HTML);
  g_assert_true (lim_report_format_from_path ("report.Pdf", &format));
  g_assert_cmpint (format, ==, LIM_REPORT_FORMAT_PDF);
  g_assert_false (lim_report_format_from_path ("report", &format));
  g_assert_false (lim_report_format_from_path ("dir.pdf/report", &format));
  g_assert_false (lim_report_format_from_path ("report.txt", &format));
  g_assert_false (lim_report_format_from_path ("report.", &format));
}

static void
test_duration (void)
{
  const struct
  {
    gint64      ms;
    const char *text;
  } cases[] = {
    { -1, "—" },
    { 0, "0 ms" },
    { 850, "850 ms" },
    { 1000, "1.0 s" },
    { 4333, "4.3 s" },
    { 59940, "59.9 s" },
    { 59960, "1 min" },
    { 120000, "2 min" },
    { 125250, "2 min 5 s" },
    { 3599400, "59 min 59 s" },
    { 3600000, "1 h" },
    { 3720000, "1 h 2 min" },
    { 90061000, "25 h 1 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lim_report_format_duration (cases[i].ms);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_summary_line (void)
{
  g_autoptr(GPtrArray) records = records_new (SUCCEEDED, FAILED, INTERRUPTED, NULL);
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autofree char *up = lim_report_summary_line (g_ptr_array_index (records, 0));
  g_autofree char *failed = lim_report_summary_line (g_ptr_array_index (records, 1));
  g_autofree char *interrupted = lim_report_summary_line (g_ptr_array_index (records, 2));
  g_autofree char *nothing = lim_report_summary_line (empty);

  g_assert_cmpstr (up, ==, "2026-12-05 04:31 UTC · ana@ws-3 · prod · 2c0a6e7 → 4e2c8a9 · succeeded · 4.3 s");
  g_assert_cmpstr (failed, ==, "2026-12-06 10:15 UTC · jo@lab-laptop · test · 4e2c8a9 → 9b1d4f7 · failed · 2 min 5 s");
  g_assert_cmpstr (interrupted, ==,
                   "2026-12-07 09:00 UTC · ana@ws-3 · dev · — → 9b1d4f7 · interrupted · — · dry run");
  g_assert_cmpstr (nothing, ==, "— · — · — · — → — · — · —");

  /* a rehearsal (liminal rehearse) says so instead of "dry run" */
  json_object_set_string_member (g_ptr_array_index (records, 2), "kind", "rehearsal");
  {
    g_autofree char *rehearsal = lim_report_summary_line (g_ptr_array_index (records, 2));
    g_assert_cmpstr (rehearsal, ==,
                     "2026-12-07 09:00 UTC · ana@ws-3 · dev · — → 9b1d4f7 · interrupted · — · rehearsal (nothing written)");
  }
}

static void
test_markdown (void)
{
  g_autoptr(GPtrArray) records = records_new (SUCCEEDED, NULL);
  JsonObject *record = g_ptr_array_index (records, 0);
  g_autofree char *md = lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);

  g_test_message ("%s", md);
  g_assert_true (g_str_has_prefix (md, "# Liminal change report\n\n"));
  g_assert_true (g_str_has_suffix (md, "\n"));
  g_assert_false (g_str_has_suffix (md, "\n\n"));
  assert_record_content (md, md, record, TRUE);
  assert_contains (md, "https://pizzeria.benchling.com");
  assert_contains (md, "upgrade head");
  assert_contains (md, "**Succeeded**");
  assert_contains (md, "2026-12-05 04:31:00 UTC");
  assert_contains (md, "2026-12-05 04:31:04 UTC");
  assert_contains (md, "4.3 s");
  assert_contains (md, "hotfix approved by QA, CR-1234 (gates: test)");
  assert_contains (md, "liminal-desktop 0.4.0, command line");
  assert_contains (md, "`2c0a6e7b3f58 → 4e2c8a9d1f03`");
  assert_contains (md, "`task_7Hq2Lk9Xw`");
  assert_contains (md, "| Skipped |");
  assert_contains (md, "The option Basil is already there");
  assert_contains (md, "250 ms");
  /* A pipe in a cell is escaped, so the row keeps its columns. */
  assert_contains (md, "light_chain \\| isotype");
  g_assert_null (strstr (md, "light_chain | isotype"));
  /* One record: no index. */
  g_assert_null (strstr (md, "in this report"));
}

static void
test_markdown_escapes (void)
{
  g_autoptr(GPtrArray) records = records_new (FAILED, NULL);
  g_autofree char *md = lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);

  g_test_message ("%s", md);
  assert_record_content (md, md, g_ptr_array_index (records, 0), TRUE);
  assert_contains (md, "**Failed**");
  assert_contains (md, "downgrade -1 (resume of 20261206T100000Z-test-1a2b3c)");
  /* No HTML gets through: "<" is escaped, "&" before a space need not be. */
  assert_contains (md, "Feld \"Größe\" \\<Größe> & weitere Felder");
  g_assert_null (strstr (md, " <Größe>"));
  assert_contains (md, "`task_Zz81, task_Zz82`");
  assert_contains (md, "desktop app");
}

static void
test_html (void)
{
  g_autoptr(GPtrArray) records = records_new (FAILED, NULL);
  g_autofree char *html = lim_report_to_text (records, LIM_REPORT_FORMAT_HTML);

  g_test_message ("%s", html);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
  assert_contains (html, "<meta charset=\"utf-8\">");
  assert_contains (html, "<style>");
  assert_contains (html, "<title>Liminal change report</title>");
  assert_contains (html, "Feld &quot;Größe&quot; &lt;Größe&gt; &amp; weitere Felder");
  g_assert_null (strstr (html, "<Größe>"));
  g_assert_null (strstr (html, "& weitere"));
  assert_contains (html, "<strong>Failed</strong>");
  assert_contains (html, "jo@lab-laptop");
  assert_contains (html, "jo@lab.example");
  assert_contains (html, "Archive entity schema antibody");
  assert_html_balanced (html);
}

static void
test_several (void)
{
  g_autoptr(GPtrArray) records = records_new (SUCCEEDED, FAILED, INTERRUPTED, NULL);
  g_autofree char *md = lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);
  g_autofree char *html = lim_report_to_text (records, LIM_REPORT_FORMAT_HTML);
  const char *first, *second, *third;

  g_test_message ("%s", md);
  assert_contains (md, "3 runs in this report:");
  assert_contains (md, "- 2026-12-05 04:31 UTC · ana@ws-3 · prod · 2c0a6e7 → 4e2c8a9 · succeeded · 4.3 s\n");
  assert_contains (md, "- 2026-12-07 09:00 UTC · ana@ws-3 · dev · — → 9b1d4f7 · interrupted · — · dry run\n");
  for (guint i = 0; i < records->len; i++)
    assert_record_content (md, md, g_ptr_array_index (records, i), TRUE);
  /* In order. */
  first = strstr (md, "## prod · upgrade head");
  second = strstr (md, "## test · downgrade -1");
  third = strstr (md, "## dev · upgrade +1 (dry run)");
  g_assert_nonnull (first);
  g_assert_true (first < second && second < third);
  /* The interrupted run: what is not known is "—". */
  assert_contains (third, "- **Ended:** —\n");
  assert_contains (third, "- **Duration:** —\n");
  assert_contains (third, "**Interrupted**");
  assert_contains (third, "| `9b1d4f7a2e60` | — | — | Interrupted |");
  assert_contains (third, "| Uncertain |");

  assert_contains (html, "<a href=\"#run-2\">");
  assert_contains (html, "id=\"run-2\"");
  assert_html_balanced (html);
}

static void
check_pdf (const char *path,
           GPtrArray  *records)
{
  g_autofree char *contents = NULL;
  g_autofree char *raw = pdf_text (path, FALSE);
  g_autofree char *layout = pdf_text (path, TRUE);
  g_autofree char *flat_raw = flatten (raw);
  g_autofree char *flat_layout = flatten (layout);
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 5);
  g_assert_true (memcmp (contents, "%PDF-", 5) == 0);
  g_test_message ("%s", layout);

  for (guint i = 0; i < records->len; i++)
    {
      assert_record_content (raw, flat_raw, g_ptr_array_index (records, i), FALSE);
      assert_record_content (layout, flat_layout, g_ptr_array_index (records, i), FALSE);
    }
  assert_contains (flat_raw, "Liminal change report");
  assert_contains (flat_raw, "Page 1");
}

static void
test_pdf (void)
{
  g_autoptr(GPtrArray) records = records_new (SUCCEEDED, FAILED, INTERRUPTED, NULL);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "report-page1", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *out = NULL;
  g_autofree char *raw = NULL;
  const char *ppm[] = { "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", path, png, NULL };

  g_assert_true (lim_report_write (records, LIM_REPORT_FORMAT_PDF, path, &error));
  g_assert_no_error (error);
  check_pdf (path, records);
  raw = pdf_text (path, FALSE);
  flat = flatten (raw);
  assert_contains (flat, "hotfix approved by QA, CR-1234 (gates: test)");
  assert_contains (flat, "Feld \"Größe\" <Größe> & weitere Felder");
  assert_contains (flat, "task_Zz81, task_Zz82");
  /* Each run on a page of its own. */
  g_assert_cmpint (pdf_pages (path), >=, 3);

  out = run_tool (ppm);
  g_test_message ("page 1: %s.png", png);
  remove_tmp_dir (dir);
}

static void
test_pdf_in_memory (void)
{
  g_autoptr(GPtrArray) records = records_new (FAILED, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = lim_report_to_pdf (records, &error);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "memory.pdf", NULL);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  g_assert_true (g_file_set_contents (path, data, size, NULL));
  check_pdf (path, records);
  g_assert_cmpint (pdf_pages (path), ==, 1);
  remove_tmp_dir (dir);
}

/* A run of 120 operations, some with messages and one with a message
 * longer than a page. */
static JsonObject *
long_record_new (void)
{
  g_autoptr(GPtrArray) base = records_new (SUCCEEDED, NULL);
  JsonObject *record = json_object_ref (g_ptr_array_index (base, 0));
  JsonArray *revisions = json_object_get_array_member (record, "revisions");
  JsonObject *rev = json_array_get_object_element (revisions, 1);
  JsonArray *ops = json_array_new ();
  g_autoptr(GString) huge = g_string_new (NULL);

  for (guint i = 0; i < 700; i++)
    g_string_append_printf (huge, "word%u ", i);
  g_string_append (huge, "THE-END");
  for (guint i = 1; i <= 120; i++)
    {
      JsonObject *op = json_object_new ();
      JsonArray *tasks = json_array_new ();
      g_autofree char *describe = NULL;

      if (i % 7 == 0)
        describe = g_strdup_printf ("Create field f%03u (Field number %u, with a long display name that has to "
                                    "wrap in its column) on entity schema antibody", i, i);
      else
        describe = g_strdup_printf ("Create field f%03u on entity schema antibody", i);
      json_object_set_int_member (op, "index", i);
      json_object_set_string_member (op, "op", "CreateEntitySchemaField");
      json_object_set_string_member (op, "describe", describe);
      json_object_set_string_member (op, "outcome", i % 11 == 0 ? "skipped" : "done");
      json_object_set_null_member (op, "started");
      json_object_set_null_member (op, "ended");
      json_object_set_int_member (op, "requests", i % 4);
      if (i % 10 == 0)
        json_array_add_string_element (tasks, "task_0123456789abcdef0123456789abcdef");
      json_object_set_array_member (op, "tasks", tasks);
      if (i == 60)
        json_object_set_string_member (op, "message", huge->str);
      else if (i % 11 == 0)
        json_object_set_string_member (op, "message", "Already there");
      else
        json_object_set_null_member (op, "message");
      json_array_add_object_element (ops, op);
    }
  json_object_set_array_member (rev, "operations", ops);
  return record;
}

static void
test_pdf_long (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *md = NULL;
  int pages;

  g_ptr_array_add (records, long_record_new ());
  g_assert_true (lim_report_write (records, LIM_REPORT_FORMAT_PDF, path, &error));
  g_assert_no_error (error);
  check_pdf (path, records);
  pages = pdf_pages (path);
  g_test_message ("%d pages", pages);
  g_assert_cmpint (pages, >, 2);
  raw = pdf_text (path, FALSE);
  flat = flatten (raw);
  for (int i = 1; i <= pages; i++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %d", i);
      assert_contains (flat, footer);
    }
  assert_contains (flat, "word0 word1 word2");
  assert_contains (flat, "word698 word699 THE-END");
  assert_contains (raw, "task_0123456789abcdef0123456789abcdef");

  md = lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);
  assert_contains (md, "| 120 | Create field f120 on entity schema antibody | Done | 0 |");
  remove_tmp_dir (dir);
}

/* Records with members missing, null or of the wrong type. */
static void
test_robust (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *md = NULL;
  g_autofree char *html = NULL;
  g_autofree char *empty_md = NULL;
  g_autofree char *empty_html = NULL;
  g_autoptr(GBytes) empty_pdf = NULL;

  json_parser_load_from_data (parser,
                              "{\"run\": 5, \"tenant\": \"prod\", \"user\": null, \"host\": [1], \"pid\": \"x\","
                              " \"tool\": {\"version\": 3}, \"identity\": null, \"override\": {\"gates\": [1, \"a\"]},"
                              " \"started\": \"yesterday\", \"ended\": 7, \"duration_ms\": 1.5e3,"
                              " \"outcome\": \"exploded\", \"message\": \"tab\\there\\u0001 bell\\r\\nline 2\","
                              " \"totals\": [], \"revisions\": [null, 3, {\"id\": null, \"operations\": "
                              "[null, {\"index\": \"one\", \"tasks\": [2, null], \"requests\": 1e300}]},"
                              " {\"operations\": {}}]}", -1, &error);
  g_assert_no_error (error);
  g_ptr_array_add (records, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
  g_ptr_array_add (records, json_object_new ());

  md = lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);
  g_test_message ("%s", md);
  assert_contains (md, "- **Run:** —\n");
  assert_contains (md, "- **Outcome:** **exploded**\n");
  assert_contains (md, "- **Started:** yesterday\n");
  assert_contains (md, "- **Duration:** 1.5 s\n");
  assert_contains (md, "- **Message:** tab here bell\\\n  line 2\n");
  assert_contains (md, "- **Gate override:** — (gates: a)\n");
  assert_contains (md, "No revisions.");
  g_assert_null (strchr (md, '\r'));
  g_assert_null (strchr (md, '\t'));
  g_assert_null (strchr (md, '\001'));

  html = lim_report_to_text (records, LIM_REPORT_FORMAT_HTML);
  assert_html_balanced (html);
  assert_contains (html, "tab here bell<br>\nline 2");

  pdf = lim_report_to_pdf (records, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);

  empty_md = lim_report_to_text (none, LIM_REPORT_FORMAT_MARKDOWN);
  g_assert_cmpstr (empty_md, ==, "# Liminal change report\n\nNo runs.\n");
  empty_html = lim_report_to_text (none, LIM_REPORT_FORMAT_HTML);
  assert_html_balanced (empty_html);
  empty_pdf = lim_report_to_pdf (none, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty_pdf);
}

static void
test_write (void)
{
  g_autoptr(GPtrArray) records = records_new (SUCCEEDED, FAILED, NULL);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *md_path = g_build_filename (dir, "report.md", NULL);
  g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *bad = g_build_filename (dir, "no-such-folder", "report.pdf", NULL);
  g_autofree char *md = lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);
  g_autofree char *html = lim_report_to_text (records, LIM_REPORT_FORMAT_HTML);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lim_report_write (records, LIM_REPORT_FORMAT_MARKDOWN, md_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (md_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, md);
  g_clear_pointer (&contents, g_free);

  g_assert_true (lim_report_write (records, LIM_REPORT_FORMAT_HTML, html_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (html_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, html);

  g_assert_false (lim_report_write (records, LIM_REPORT_FORMAT_PDF, bad, &error));
  g_assert_error (error, LIM_REPORT_ERROR, LIM_REPORT_ERROR_IO);
  assert_contains (error->message, bad);
  g_clear_error (&error);
  g_assert_false (lim_report_write (records, LIM_REPORT_FORMAT_MARKDOWN, bad, &error));
  g_assert_error (error, LIM_REPORT_ERROR, LIM_REPORT_ERROR_IO);
  assert_contains (error->message, bad);
  remove_tmp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/format-names", test_format_names);
  g_test_add_func ("/report/duration", test_duration);
  g_test_add_func ("/report/summary-line", test_summary_line);
  g_test_add_func ("/report/markdown", test_markdown);
  g_test_add_func ("/report/markdown/escapes", test_markdown_escapes);
  g_test_add_func ("/report/html", test_html);
  g_test_add_func ("/report/several", test_several);
  g_test_add_func ("/report/pdf", test_pdf);
  g_test_add_func ("/report/pdf/in-memory", test_pdf_in_memory);
  g_test_add_func ("/report/pdf/long", test_pdf_long);
  g_test_add_func ("/report/robust", test_robust);
  g_test_add_func ("/report/write", test_write);

  return g_test_run ();
}

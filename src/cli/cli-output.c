/* cli-output.c — what the `liminal` command prints: errors and their exit
 * codes, JSON, operations, and the text or JSON events of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "lim-operation.h"
#include "lim-revision.h"

#include "cli-private.h"

/* ------------------------------------------------- control characters */

/* @text with every C0 control but '\n' and '\t', DEL and every C1 control
 * (U+0080…U+009F) written out as "\x1b" / "\u009b": a revision file or a
 * tenant can hold terminal escape sequences (in a docstring, a name, a
 * description) that would otherwise recolour, retitle or rewrite the
 * user's terminal. */
char *
escape_controls (const char *text)
{
  GString *out = NULL;
  const guchar *p = (const guchar *) text;

  for (; *p; p++)
    {
      gboolean c0 = (*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f;
      gboolean c1 = *p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;

      if (!c0 && !c1)
        {
          if (out != NULL)
            g_string_append_c (out, *p);
          continue;
        }
      if (out == NULL)
        out = g_string_new_len (text, (const char *) p - text);
      if (c0)
        g_string_append_printf (out, "\\x%02x", *p);
      else
        g_string_append_printf (out, "\\u%04x", *++p);
    }
  return out != NULL ? g_string_free (out, FALSE) : g_strdup (text);
}

/* What GLib's own handler does (console charset, "?" for the rest), after
 * escape_controls(). */
static void
print_escaped (FILE       *stream,
               const char *string)
{
  g_autofree char *escaped = escape_controls (string);
  g_autofree char *converted = NULL;
  const char *charset;

  if (!g_get_console_charset (&charset))
    converted = g_convert_with_fallback (escaped, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
  fputs (converted != NULL ? converted : escaped, stream);
  fflush (stream);
}

static void
print_stdout (const char *string)
{
  print_escaped (stdout, string);
}

static void
print_stderr (const char *string)
{
  print_escaped (stderr, string);
}

/* Everything g_print() and g_printerr() print goes through
 * escape_controls(); JSON is unchanged (json-glib already writes "\u001b").
 * The one sequence the CLI writes on purpose, clearing the progress line on
 * a terminal, goes to stderr directly (clear_progress_line()). */
void
install_output_escaping (void)
{
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);
}

/* Python source (show --python, format): byte for byte into a pipe or a
 * file, escaped like everything else on a terminal. */
void
print_source (const char *text)
{
  if (isatty (fileno (stdout)))
    g_print ("%s", text);
  else
    {
      fputs (text, stdout);
      fflush (stdout);
    }
}

static void
clear_progress_line (void)
{
  fputs ("\r\033[K", stderr);
}

/* ---------------------------------------------------------------- errors */

void
print_error (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] != '\0')
      g_printerr ("liminal: %s\n", lines[i]);
}

int
fail (GError *error)
{
  print_error (error->message);
  /* Another run holds the tenant's lock: its own status (README). */
  if (g_error_matches (error, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD))
    return EXIT_LOCKED;
  if (g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_GATED))
    {
      g_printerr (_("liminal: to upgrade anyway, give the reason: --override-gate \"REASON\" (it is recorded).\n"));
      return EXIT_GATED;
    }
  return EXIT_USER;
}

int
usage_error (const char *command,
             const char *message)
{
  g_printerr ("liminal: %s\n", message);
  g_printerr (_("Try “liminal %s--help” for more information.\n"), command ? command : "");
  return EXIT_USAGE;
}

/* The --json option of the commands that print a result, into @json. */
GOptionEntry
json_option (gboolean *json)
{
  GOptionEntry entry = { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print JSON"), NULL };

  return entry;
}

void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

JsonNode *
operations_json (GPtrArray *ops)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < ops->len; i++)
    json_array_add_element (arr, lim_operation_to_json (g_ptr_array_index (ops, i)));
  node = json_node_init_array (json_node_alloc (), arr);
  json_array_unref (arr);
  return node;
}

void
print_operations (const char *title,
                  GPtrArray  *ops)
{
  g_print ("\n%s\n", title);
  if (ops->len == 0)
    g_print ("  %s\n", _("(none)"));
  for (guint i = 0; i < ops->len; i++)
    {
      g_autofree char *text = lim_operation_describe (g_ptr_array_index (ops, i));
      g_print ("  %u. %s\n", i + 1, text);
    }
}

void
print_hints (GPtrArray *hints)
{
  for (guint i = 0; i < hints->len; i++)
    g_print (_("Hint: %s\n"), (char *) g_ptr_array_index (hints, i));
}

/* One line of JSON: {"event": @event, …}.  The variable arguments are
 * pairs of a key, whose first character gives the value's type ('s' a
 * string or NULL, 'i' an int, 'd' a double), and the value; then NULL. */
void
emit_json_event (const char *event,
                 ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  va_list args;
  const char *key;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  va_start (args, event);
  while ((key = va_arg (args, const char *)))
    {
      char type = *key++;
      json_builder_set_member_name (b, key);
      if (type == 's')
        {
          const char *v = va_arg (args, const char *);
          if (v)
            json_builder_add_string_value (b, v);
          else
            json_builder_add_null_value (b);
        }
      else if (type == 'i')
        json_builder_add_int_value (b, va_arg (args, int));
      else if (type == 'd')
        json_builder_add_double_value (b, va_arg (args, double));
    }
  va_end (args);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
  fflush (stdout);
}

/* ---------------------------------------------------------------- a run */

void
on_revision_started (LimRunner  *runner,
                     guint       index,
                     const char *id,
                     Printer    *p)
{
  const LimPlan *plan = lim_runner_get_plan (runner);
  LimRevision *rev = g_ptr_array_index (plan->revisions, index - 1);

  p->ops_of_revision = plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                           : lim_revision_get_downgrade (rev);
  if (p->json)
    emit_json_event ("revision", "iindex", (int) index, "itotal", (int) plan->revisions->len, "sid", id,
                     "sdescription", lim_revision_get_description (rev), NULL);
  else
    g_print (_("Revision id: %s... (%u/%u)\n"), id, index, plan->revisions->len);
}

void
on_operation_state (LimRunner  *runner,
                    guint       rev,
                    guint       op,
                    int         state,
                    const char *message,
                    Printer    *p)
{
  g_autofree char *describe = NULL;

  (void) runner;
  if (p->ops_of_revision == NULL || op == 0 || op > p->ops_of_revision->len)
    return;
  describe = lim_operation_describe (g_ptr_array_index (p->ops_of_revision, op - 1));
  if (p->json)
    {
      emit_json_event ("operation", "irevision", (int) rev, "iindex", (int) op, "sstate",
                       lim_op_run_state_to_string (state), "sdescribe", describe, "smessage", message, NULL);
      return;
    }
  if (state == LIM_OP_RUN_RUNNING)
    {
      if (p->tty)
        {
          clear_progress_line ();
          g_printerr ("  %u. %s …", op, describe);
        }
      return;
    }
  if (p->tty)
    clear_progress_line ();
  if (state == LIM_OP_RUN_DONE)
    g_print ("%u. %s\n", op, describe);
  else if (state == LIM_OP_RUN_SKIPPED)
    g_print (_("%u. %s (already applied, skipped)\n"), op, describe);
  else if (state == LIM_OP_RUN_FAILED || state == LIM_OP_RUN_UNCERTAIN)
    g_print (_("Error at step %u executing operation %s: %s\n"), op, describe, message ? message : "");
}

void
on_recovering (LimRunner  *runner,
               const char *message,
               Printer    *p)
{
  (void) runner;
  if (p->json)
    emit_json_event ("recovering", "smessage", message, NULL);
  else
    g_printerr ("%s\n", message);
}

void
on_confirm (LimRunner  *runner,
            const char *question,
            Printer    *p)
{
  char line[64];

  (void) p;
  /* Only connected when standard input is a terminal. */
  g_print ("%s\n", question);
  for (;;)
    {
      g_print (_("Type c to continue or q to quit: "));
      fflush (stdout);
      if (fgets (line, sizeof line, stdin) == NULL)
        {
          lim_runner_answer (runner, FALSE);
          return;
        }
      g_strstrip (line);
      if (g_strcmp0 (line, "c") == 0 || g_strcmp0 (line, "q") == 0)
        {
          lim_runner_answer (runner, line[0] == 'c');
          return;
        }
    }
}

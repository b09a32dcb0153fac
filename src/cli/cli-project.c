/* cli-project.c — the commands over the project's history: init, head,
 * history, show, check and format.
 *
 * They need no tenant, so they open the project (LimProject) and its
 * history directly: `check` must read a project whose history does not load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "lim-project.h"
#include "lim-revision.h"
#include "lim-tenant-config.h"
#include "lim-timeline.h"

#include "cli-private.h"

static LimProject *
open_project (Globals *globals,
              GError **error)
{
  return lim_project_discover (globals->directory, error);
}

static LimTimeline *
open_timeline (Globals     *globals,
               LimProject **project_out,
               GError     **error)
{
  g_autoptr(LimProject) project = open_project (globals, error);
  LimTimeline *timeline;

  if (project == NULL)
    return NULL;
  timeline = lim_project_load_timeline (project, error);
  if (timeline == NULL)
    return NULL;
  lim_timeline_ref (timeline);
  if (project_out)
    *project_out = g_steal_pointer (&project);
  return timeline;
}

/* ---------------------------------------------------------------- init */

int
cmd_init (Globals *globals,
          int      argc,
          char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autofree char *init_file = NULL;
  int status = EXIT_OK;

  if (!parse_options ("init", "", _("Start a Liminal project in the current folder (or -C DIR): "
                                    "liminal/versions/ with an initial revision, and liminal/tenants.ini."),
                      NULL, &argc, &argv, 0, 0, &status))
    return status;

  project = lim_project_init (globals->directory, &init_file, &error);
  if (project == NULL)
    return fail (error);
  g_print (_("Initialized Liminal CLI. Init revision file generated at %s\n"), init_file);
  return EXIT_OK;
}

/* ---------------------------------------------------------------- head */

int
cmd_head (Globals *globals,
          int      argc,
          char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  int status = EXIT_OK;

  if (!parse_options ("head", "", _("Print the id of the newest revision."), NULL, &argc, &argv, 0, 0, &status))
    return status;
  timeline = open_timeline (globals, NULL, &error);
  if (timeline == NULL)
    return fail (error);
  g_print ("%s (head)\n", lim_revision_get_id (lim_timeline_get_head (timeline)));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- history */

/* @s as json-glib writes a string value: a plain one (printable ASCII but
 * for '"' and '\\') as it is between quotes, any other through json-glib
 * itself, so that the text is the one print_json() gave. */
static void
append_json_string (GString    *out,
                    const char *s)
{
  const guchar *p = (const guchar *) s;

  while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
    p++;
  if (*p == '\0')
    {
      g_string_append_c (out, '"');
      g_string_append_len (out, s, (const char *) p - s);
      g_string_append_c (out, '"');
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), s);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      g_string_append (out, text);
    }
}

/* The files' paths as people read them: the versions folder's relative
 * path once, then each name (lim_project_relative_path() for a file
 * elsewhere). */
typedef struct
{
  LimProject *project;
  const char *versions_dir;
  char       *relative_dir; /* NULL when the folder has none */
} RelativeFiles;

static char *
relative_file (RelativeFiles *rel,
               const char    *file)
{
  const char *slash = strrchr (file, G_DIR_SEPARATOR);

  if (rel->relative_dir != NULL && slash != NULL)
    {
      g_autofree char *rebuilt = g_build_filename (rel->versions_dir, slash + 1, NULL);

      if (strcmp (rebuilt, file) == 0)
        return g_build_filename (rel->relative_dir, slash + 1, NULL);
    }
  return lim_project_relative_path (rel->project, file);
}

/* What print_json() of the array of objects cmd_history() used to build
 * with a JsonBuilder wrote, byte for byte, without the 14,000 nodes. */
static void
print_history_json (LimProject  *project,
                    LimTimeline *timeline)
{
  guint n = lim_timeline_get_n_revisions (timeline);
  GString *out = g_string_sized_new (256 * (gsize) n + 16);
  RelativeFiles rel = { project, lim_project_get_versions_dir (project), NULL };
  g_autofree char *probe = g_build_filename (rel.versions_dir, "x.py", NULL);
  g_autofree char *relative_probe = lim_project_relative_path (project, probe);

  /* The folder's relative path, if its files have one. */
  if (g_str_has_suffix (relative_probe, G_DIR_SEPARATOR_S "x.py") && !g_path_is_absolute (relative_probe))
    rel.relative_dir = g_strndup (relative_probe, strlen (relative_probe) - strlen (G_DIR_SEPARATOR_S "x.py"));

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      LimRevision *rev = lim_timeline_get_nth (timeline, i);
      g_autofree char *file = relative_file (&rel, lim_revision_get_file (rev));

      g_string_append (out, i == 0 ? "\n  {\n    \"id\" : " : ",\n  {\n    \"id\" : ");
      append_json_string (out, lim_revision_get_id (rev));
      g_string_append (out, ",\n    \"down_revision\" : ");
      if (lim_revision_get_down_revision (rev))
        append_json_string (out, lim_revision_get_down_revision (rev));
      else
        g_string_append (out, "null");
      g_string_append (out, ",\n    \"description\" : ");
      append_json_string (out, lim_revision_get_description (rev));
      g_string_append (out, ",\n    \"file\" : ");
      append_json_string (out, file);
      g_string_append_printf (out, ",\n    \"upgrade_count\" : %u,\n    \"downgrade_count\" : %u\n  }",
                              lim_revision_get_n_upgrade (rev), lim_revision_get_n_downgrade (rev));
    }
  g_string_append (out, n > 0 ? "\n]" : "]");
  g_print ("%s\n", out->str);
  g_string_free (out, TRUE);
  g_free (rel.relative_dir);
}

int
cmd_history (Globals *globals,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = { json_option (&json), { NULL } };
  int status = EXIT_OK;
  guint n;

  if (!parse_options ("history", "", _("List the revisions from the base to the head."), entries, &argc, &argv, 0,
                      0, &status))
    return status;
  /* Only the headers: history prints no operation. */
  project = open_project (globals, &error);
  if (project == NULL)
    return fail (error);
  timeline = lim_timeline_load_dir_headers (lim_project_get_versions_dir (project), &error);
  if (timeline == NULL)
    return fail (error);

  n = lim_timeline_get_n_revisions (timeline);
  if (json)
    {
      print_history_json (project, timeline);
      return EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      LimRevision *rev = lim_timeline_get_nth (timeline, i);
      const char *down = lim_revision_get_down_revision (rev);

      g_print ("%s -> %s%s, %s\n", down ? down : "<base>", lim_revision_get_id (rev),
               i + 1 == n ? " (head)" : "", lim_revision_get_description (rev));
    }
  return EXIT_OK;
}

/* ---------------------------------------------------------------- show */

int
cmd_show (Globals *globals,
          int      argc,
          char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(LimTimeline) timeline = NULL;
  gboolean json = FALSE, python = FALSE;
  GOptionEntry entries[] = {
    json_option (&json),
    { "python", 0, 0, G_OPTION_ARG_NONE, &python, N_("Print the canonical revision file"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  LimRevision *rev;
  g_autofree char *file = NULL;

  if (!parse_options ("show", "REVISION", _("Show one revision: its id, parent, description and operations. "
                                            "REVISION is an id, a unique prefix of 4 or more characters, "
                                            "“head” or “base”."),
                      entries, &argc, &argv, 1, 1, &status))
    return status;
  if (json && python)
    return usage_error ("show ", _("--json and --python cannot be used together"));

  timeline = open_timeline (globals, &project, &error);
  if (timeline == NULL)
    return fail (error);
  rev = lim_timeline_find (timeline, argv[1], &error);
  if (rev == NULL)
    return fail (error);
  file = lim_project_relative_path (project, lim_revision_get_file (rev));

  if (python)
    {
      g_autofree char *text = lim_revision_to_python (rev);
      print_source (text);
      return EXIT_OK;
    }
  if (json)
    {
      JsonObject *obj = json_object_new ();
      g_autoptr(JsonNode) root = NULL;

      json_object_set_string_member (obj, "id", lim_revision_get_id (rev));
      if (lim_revision_get_down_revision (rev))
        json_object_set_string_member (obj, "down_revision", lim_revision_get_down_revision (rev));
      else
        json_object_set_null_member (obj, "down_revision");
      json_object_set_string_member (obj, "description", lim_revision_get_description (rev));
      if (lim_revision_get_create_date (rev))
        json_object_set_string_member (obj, "create_date", lim_revision_get_create_date (rev));
      else
        json_object_set_null_member (obj, "create_date");
      json_object_set_string_member (obj, "file", file);
      json_object_set_member (obj, "upgrade", operations_json (lim_revision_get_upgrade (rev)));
      json_object_set_member (obj, "downgrade", operations_json (lim_revision_get_downgrade (rev)));
      root = json_node_init_object (json_node_alloc (), obj);
      json_object_unref (obj);
      print_json (root);
      return EXIT_OK;
    }

  g_print ("%s %s%s\n", _("Revision:"), lim_revision_get_id (rev),
           rev == lim_timeline_get_head (timeline) ? " (head)" : "");
  g_print ("%s %s\n", _("Parent:"), lim_revision_get_down_revision (rev) ? lim_revision_get_down_revision (rev)
                                                                          : _("none (base)"));
  g_print ("%s %s\n", _("Description:"), lim_revision_get_description (rev));
  if (lim_revision_get_create_date (rev))
    g_print ("%s %s\n", _("Created:"), lim_revision_get_create_date (rev));
  g_print ("%s %s\n", _("File:"), file);
  print_operations (_("Upgrade operations:"), lim_revision_get_upgrade (rev));
  print_operations (_("Downgrade operations:"), lim_revision_get_downgrade (rev));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- check */

int
cmd_check (Globals *globals,
           int      argc,
           char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimTimeline) timeline = NULL;
  g_autoptr(LimTenantConfig) config = NULL;
  int status = EXIT_OK;

  if (!parse_options ("check", "", _("Check every revision file and the history; exit 0 only if all is well."),
                      NULL, &argc, &argv, 0, 0, &status))
    return status;
  project = open_project (globals, &error);
  if (project == NULL)
    return fail (error);

  /* The tenants' warnings (literal secrets in env.py); a configuration that
   * does not load is for the tenant commands to report. */
  config = lim_tenant_config_load (lim_project_get_config_dir (project), NULL, NULL, NULL);
  for (guint i = 0; config != NULL && i < lim_tenant_config_get_warnings (config)->len; i++)
    g_printerr (_("liminal: warning: %s\n"),
                (const char *) g_ptr_array_index (lim_tenant_config_get_warnings (config), i));

  /* One pass: the files are read and parsed once, for the problems and the
   * timeline alike. */
  if (!lim_timeline_check_dir_full (lim_project_get_versions_dir (project), problems, &timeline))
    {
      for (guint i = 0; i < problems->len; i++)
        print_error (g_ptr_array_index (problems, i));
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u problem found.\n", "%u problems found.\n", problems->len),
                  problems->len);
      return EXIT_USER;
    }
  /* Warnings do not change the exit status. */
  for (guint i = 0; i < lim_timeline_get_n_revisions (timeline); i++)
    {
      GPtrArray *warnings = lim_revision_get_warnings (lim_timeline_get_nth (timeline, i));

      for (guint j = 0; j < warnings->len; j++)
        g_printerr (_("liminal: warning: %s\n"), (const char *) g_ptr_array_index (warnings, j));
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "OK: %u revision, head %s\n", "OK: %u revisions, head %s\n",
                        lim_timeline_get_n_revisions (timeline)),
           lim_timeline_get_n_revisions (timeline), lim_revision_get_id (lim_timeline_get_head (timeline)));
  return EXIT_OK;
}

/* ---------------------------------------------------------------- format */

int
cmd_format (Globals *globals,
            int      argc,
            char   **argv)
{
  gboolean check = FALSE, write = FALSE;
  GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Only report files that are not in canonical form"), NULL },
    { "write", 'w', 0, G_OPTION_ARG_NONE, &write, N_("Rewrite the files in place"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (!parse_options ("format", "FILE…", _("Rewrite revision files in Liminal's canonical layout. Without "
                                           "--check or --write, prints the canonical text of one file."),
                      entries, &argc, &argv, 1, G_MAXINT, &status))
    return status;
  if (check && write)
    return usage_error ("format ", _("--check and --write cannot be used together"));
  if (!check && !write && argc != 2)
    return usage_error ("format ", _("Give one file, or use --check or --write"));

  /* Parse everything first: on any error nothing is written. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimRevision) rev = lim_revision_load (argv[i], &error);

      if (rev == NULL)
        {
          print_error (error->message);
          status = EXIT_USER;
          continue;
        }
      g_ptr_array_add (texts, lim_revision_to_python (rev));
    }
  if (status != EXIT_OK)
    return status;

  /* The rewrite keeps only Liminal's own comments: refuse to lose others. */
  for (int i = 1; write && i < argc; i++)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;
      guint line;

      if (!g_file_get_contents (argv[i], &contents, &len, NULL))
        continue;
      line = lim_revision_find_lost_comment (contents, len, g_ptr_array_index (texts, i - 1));
      if (line > 0)
        {
          g_printerr (_("liminal: %s:%u: the rewrite would lose this comment; move it into the docstring or "
                        "remove it (nothing was written)\n"), argv[i], line);
          status = EXIT_USER;
        }
    }
  if (status != EXIT_OK)
    return status;

  for (int i = 1; i < argc; i++)
    {
      const char *text = g_ptr_array_index (texts, i - 1);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;

      if (!check && !write)
        {
          print_source (text);
          continue;
        }
      if (!g_file_get_contents (argv[i], &contents, NULL, &error))
        return fail (error);
      if (g_strcmp0 (contents, text) == 0)
        continue;
      if (check)
        {
          g_print (_("%s is not in canonical form\n"), argv[i]);
          status = EXIT_USER;
        }
      else if (!lim_write_file_atomic (argv[i], text, -1, &error))
        return fail (error);
      else
        g_print (_("Rewrote %s\n"), argv[i]);
    }
  return status;
}

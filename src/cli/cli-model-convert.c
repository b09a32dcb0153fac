/* cli-model-convert.c — `liminal model convert --to json|python`: the
 * project's model from one format into the other, losslessly, and the
 * choice recorded in project.ini.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lim-model-source.h"
#include "lim-project.h"

#include "cli-private.h"

static void
on_written_cb (const char        *path,
               LimModelFileChange change,
               gpointer           user_data)
{
  guint *counts = user_data;

  if (change == LIM_MODEL_FILE_WRITTEN)
    {
      g_print (_("Wrote %s\n"), path);
      counts[0]++;
    }
  else if (change == LIM_MODEL_FILE_REMOVED)
    {
      g_print (_("Removed %s\n"), path);
      counts[1]++;
    }
  else
    counts[2]++;
}

static int
convert (Globals       *globals,
         LimModelFormat to,
         const char    *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimProject) project = lim_project_discover (globals->directory, &error);
  g_autoptr(LimModelSource) from = NULL;
  g_autoptr(LimModelSource) target = NULL;
  g_autoptr(GPtrArray) json_files = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(LimDesired) desired = NULL;
  guint counts[3] = { 0, 0, 0 };
  LimModelFilesKinds kinds = LIM_MODEL_FILES_ALL;

  if (project == NULL || (from = lim_model_source_find (project, &error)) == NULL)
    return fail (error);
  if (from->format == to)
    {
      g_printerr (_("liminal: The project already keeps its model as %s (%s); nothing to convert.\n"),
                  lim_model_format_to_string (to), from->shown);
      return EXIT_USER;
    }
  /* Read and check everything before a file is written. */
  json_files = lim_model_source_load (from, &error);
  if (json_files == NULL)
    return fail (error);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  desired = lim_model_files_parse (json_files, problems);
  if (desired == NULL)
    {
      g_autoptr(GString) message = g_string_new (NULL);
      g_string_append_printf (message, _("The model in %s has problems; nothing was written:"), from->shown);
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *line = lim_model_problem_to_string (g_ptr_array_index (problems, i));
          g_string_append_printf (message, "\n%s", line);
        }
      print_error (message->str);
      return EXIT_USER;
    }
  files = lim_model_source_render (to, json_files, LIM_MODEL_FILES_ALL, &error);
  if (files == NULL)
    return fail (error);

  if (path != NULL)
    {
      g_autofree char *abs = g_canonicalize_filename (path, NULL);
      target = g_new0 (LimModelSource, 1);
      target->format = to;
      target->dir = g_steal_pointer (&abs);
      target->shown = lim_project_relative_path (project, target->dir);
      target->chosen = TRUE;
    }
  else if ((target = lim_model_source_default (project, to, &error)) == NULL)
    return fail (error);
  if (g_strcmp0 (target->dir, from->dir) == 0)
    {
      /* Liminal's classes beside our JSON files in one folder would be two
       * models nobody can tell apart. */
      g_printerr (_("liminal: %s already holds the %s model; give another folder with -p.\n"), target->shown,
                  lim_model_format_to_string (from->format));
      return EXIT_USER;
    }
  if (!g_file_test (target->dir, G_FILE_TEST_IS_DIR))
    {
      if (g_mkdir_with_parents (target->dir, 0755) != 0)
        {
          g_printerr (_("liminal: Cannot create %s: %s\n"), target->shown, g_strerror (errno));
          return EXIT_USER;
        }
      g_print (_("Created directory: %s\n"), target->shown);
    }
  if (to == LIM_MODEL_FORMAT_PYTHON)
    kinds |= LIM_MODEL_FILES_PYTHON;
  if (!lim_model_files_write (target->dir, files, kinds, TRUE, on_written_cb, counts, &error))
    return fail (error);
  if (!lim_model_source_choose (project, target, &error))
    return fail (error);
  if (to == LIM_MODEL_FORMAT_JSON)
    {
      guint n_results = 0;

      for (guint i = 0; i < json_files->len; i++)
        n_results += g_str_has_prefix (((LimModelFile *) g_ptr_array_index (json_files, i))->name, "results_schemas/");
      if (n_results > 0)
        /* Translators: a count; a folder */
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u result schema class (%s/results_schemas/) is not converted: the "
                              "JSON model keeps no result schemas, which are read only.\n",
                              "%u result schema classes (%s/results_schemas/) are not converted: the JSON model "
                              "keeps no result schemas, which are read only.\n", n_results), n_results, from->shown);
    }
  /* Translators: "json" or "python"; a folder; the other format; its folder */
  g_print (_("The project keeps its model as %s in %s/ now (project.ini). The %s model in %s/ was left as it was: "
             "remove it when you no longer need it.\n"),
           lim_model_format_to_string (to), target->shown, lim_model_format_to_string (from->format), from->shown);
  return EXIT_OK;
}

int
cmd_model (Globals *globals,
           int      argc,
           char   **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *path = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The format to convert to: json or python"), "FORMAT" },
    { "write-path", 'p', 0, G_OPTION_ARG_FILENAME, &path, N_("Write the converted model into PATH"), "PATH" },
    { NULL }
  };
  int status = EXIT_OK;
  LimModelFormat format;

  if (!parse_options ("model", "convert --to FORMAT",
                      _("Convert the project's model between our JSON files (model/) and Liminal's Python classes, "
                        "losslessly, and record the choice in project.ini."),
                      entries, &argc, &argv, 1, 1, &status))
    return status;
  if (strcmp (argv[1], "convert") != 0)
    return usage_error ("model ", _("The only model command is “convert”"));
  if (to == NULL || !lim_model_format_from_string (to, &format))
    return usage_error ("model ", _("Give --to json or --to python"));
  return convert (globals, format, path);
}

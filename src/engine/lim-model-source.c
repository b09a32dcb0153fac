/* lim-model-source.c — which model a project keeps: JSON or Python.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lim-model-python-read.h"
#include "lim-model-python-write.h"
#include "lim-model-source.h"

G_DEFINE_QUARK (lim-model-source-error-quark, lim_model_source_error)

#define PROJECT_INI "project.ini"
#define JSON_DIR    "model"

const char *
lim_model_format_to_string (LimModelFormat format)
{
  return format == LIM_MODEL_FORMAT_PYTHON ? "python" : "json";
}

gboolean
lim_model_format_from_string (const char     *text,
                              LimModelFormat *format)
{
  if (g_strcmp0 (text, "json") == 0)
    *format = LIM_MODEL_FORMAT_JSON;
  else if (g_strcmp0 (text, "python") == 0)
    *format = LIM_MODEL_FORMAT_PYTHON;
  else
    return FALSE;
  return TRUE;
}

void
lim_model_source_free (LimModelSource *source)
{
  if (source == NULL)
    return;
  g_free (source->dir);
  g_free (source->shown);
  g_free (source);
}

static LimModelSource *
source_new (LimProject    *project,
            LimModelFormat format,
            const char    *dir,
            gboolean       chosen)
{
  LimModelSource *source = g_new0 (LimModelSource, 1);
  g_autofree char *shown = NULL;

  source->format = format;
  source->dir = g_canonicalize_filename (dir, lim_project_get_root (project));
  shown = lim_project_relative_path (project, source->dir);
  source->shown = g_strcmp0 (shown, lim_project_get_root (project)) == 0 ? g_strdup (".") : g_steal_pointer (&shown);
  source->chosen = chosen;
  return source;
}

/* ---------------------------------------------------------------- what is on disk */

/* @dir holds a file ending in @suffix, looking @depth folders down. */
static gboolean
holds_files (const char *dir,
             const char *suffix,
             guint       depth)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_str_has_suffix (name, suffix) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
      if (depth > 0 && name[0] != '.' &&
          g_file_test (path, G_FILE_TEST_IS_DIR) && holds_files (path, suffix, depth - 1))
        return TRUE;
    }
  return FALSE;
}

/* @dir holds a model of @suffix (".json", ".py"): dropdowns/ or
 * entity_schemas/ (a Python model's schemas sit one folder deeper). */
static gboolean
holds_model (const char *dir,
             const char *suffix)
{
  g_autofree char *dropdowns = g_build_filename (dir, "dropdowns", NULL);
  g_autofree char *schemas = g_build_filename (dir, "entity_schemas", NULL);
  guint depth = g_str_equal (suffix, ".py") ? 1 : 0;

  return holds_files (dropdowns, suffix, 0) || holds_files (schemas, suffix, depth);
}

/* The modules env.py imports, as dotted names, in file order.  A line scan:
 * Liminal runs env.py, so its imports are plain `from X import …` and
 * `import X` lines. */
static GPtrArray *
env_py_imports (LimProject *project)
{
  g_autofree char *path = g_build_filename (lim_project_get_config_dir (project), "env.py", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *modules = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return modules;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *s = lines[i];
      const char *start, *end;

      while (*s == ' ' || *s == '\t')
        s++;
      if (g_str_has_prefix (s, "from "))
        s += 5;
      else if (g_str_has_prefix (s, "import "))
        s += 7;
      else
        continue;
      while (*s == ' ' || *s == '\t')
        s++;
      start = s;
      while (g_ascii_isalnum (*s) || *s == '_' || *s == '.')
        s++;
      end = s;
      if (end > start && *start != '.')
        g_ptr_array_add (modules, g_strndup (start, end - start));
    }
  return modules;
}

static void
add_unique (GPtrArray  *dirs,
            const char *dir)
{
  for (guint i = 0; i < dirs->len; i++)
    if (g_str_equal (g_ptr_array_index (dirs, i), dir))
      return;
  g_ptr_array_add (dirs, g_strdup (dir));
}

/* Folders that hold a Python model: the root, and the packages env.py
 * imports (a module `lab.dropdowns` names `lab/`; `lab` names `lab/`). */
static GPtrArray *
python_dirs (LimProject *project)
{
  const char *root = lim_project_get_root (project);
  g_autoptr(GPtrArray) modules = env_py_imports (project);
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);

  if (holds_model (root, ".py"))
    add_unique (dirs, root);
  for (guint i = 0; i < modules->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (modules, i), ".", -1);
      g_autoptr(GString) dir = g_string_new (root);

      if (g_str_equal (parts[0], "liminal") || g_str_equal (parts[0], "os"))
        continue;
      for (guint k = 0; parts[k]; k++)
        {
          if (g_str_equal (parts[k], "dropdowns") || g_str_equal (parts[k], "entity_schemas")
              || g_str_equal (parts[k], "results_schemas"))
            break;
          g_string_append_c (dir, G_DIR_SEPARATOR);
          g_string_append (dir, parts[k]);
          if (holds_model (dir->str, ".py"))
            {
              add_unique (dirs, dir->str);
              break;
            }
        }
    }
  return dirs;
}

/* ---------------------------------------------------------------- project.ini */

typedef struct
{
  gboolean       present;
  LimModelFormat format;
  char          *path;      /* NULL when not given */
} Choice;

/* The 1-based line of "key" in group [model] of @text, or of "[model]"
 * when @key is NULL; 0 when absent. */
static guint
ini_line (const char *text,
          const char *group,
          const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_group = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *s = g_strstrip (g_strdup (lines[i]));
      if (s[0] == '[')
        {
          g_autofree char *want = g_strdup_printf ("[%s]", group);
          in_group = g_str_equal (s, want);
          if (in_group && key == NULL)
            return i + 1;
        }
      else if (in_group && key && g_str_has_prefix (s, key))
        {
          const char *rest = s + strlen (key);
          while (*rest == ' ' || *rest == '\t')
            rest++;
          if (*rest == '=')
            return i + 1;
        }
    }
  return 0;
}

static gboolean
read_choice (LimProject *project,
             Choice     *choice,
             GError    **error)
{
  g_autofree char *path = g_build_filename (lim_project_get_config_dir (project), PROJECT_INI, NULL);
  g_autofree char *shown = lim_project_relative_path (project, path);
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *format = NULL;

  memset (choice, 0, sizeof *choice);
  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID, "%s: %s", shown, local->message);
      return FALSE;
    }
  if (!g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID, "%s: %s", shown, local->message);
      return FALSE;
    }
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    if (!g_str_equal (groups[i], "model"))
      {
        g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID,
                     "%s:%u: unknown group [%s]; the only group is [model]", shown,
                     ini_line (text, groups[i], NULL), groups[i]);
        return FALSE;
      }
  if (!g_key_file_has_group (kf, "model"))
    return TRUE;
  keys = g_key_file_get_keys (kf, "model", NULL, NULL);
  for (guint i = 0; keys[i]; i++)
    if (!g_str_equal (keys[i], "format") && !g_str_equal (keys[i], "path"))
      {
        g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID,
                     "%s:%u: [model] %s: unknown key; the keys are format (json or python) and path", shown,
                     ini_line (text, "model", keys[i]), keys[i]);
        return FALSE;
      }
  format = g_key_file_get_string (kf, "model", "format", NULL);
  if (format == NULL)
    {
      g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID,
                   "%s:%u: [model] needs format = json or format = python", shown, ini_line (text, "model", NULL));
      return FALSE;
    }
  g_strstrip (format);
  if (!lim_model_format_from_string (format, &choice->format))
    {
      g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID,
                   "%s:%u: [model] format: “%s” is neither json nor python", shown,
                   ini_line (text, "model", "format"), format);
      return FALSE;
    }
  choice->path = g_key_file_get_string (kf, "model", "path", NULL);
  if (choice->path)
    {
      g_strstrip (choice->path);
      if (choice->path[0] == '\0' || g_path_is_absolute (choice->path))
        {
          g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_INVALID,
                       "%s:%u: [model] path: give a folder relative to the project root", shown,
                       ini_line (text, "model", "path"));
          g_clear_pointer (&choice->path, g_free);
          return FALSE;
        }
    }
  choice->present = TRUE;
  return TRUE;
}

/* ---------------------------------------------------------------- finding */

LimModelSource *
lim_model_source_default (LimProject    *project,
                          LimModelFormat format,
                          GError       **error)
{
  Choice choice;
  LimModelSource *source;

  if (!read_choice (project, &choice, error))
    return NULL;
  if (choice.present && choice.format == format && choice.path)
    source = source_new (project, format, choice.path, TRUE);
  else if (format == LIM_MODEL_FORMAT_JSON)
    source = source_new (project, format, JSON_DIR, choice.present && choice.format == format);
  else
    {
      g_autoptr(GPtrArray) dirs = python_dirs (project);
      source = source_new (project, format, dirs->len > 0 ? g_ptr_array_index (dirs, 0) : ".",
                           choice.present && choice.format == format);
    }
  g_free (choice.path);
  return source;
}

LimModelSource *
lim_model_source_find (LimProject *project,
                       GError    **error)
{
  g_autofree char *json_dir = g_build_filename (lim_project_get_root (project), JSON_DIR, NULL);
  g_autoptr(GPtrArray) py = NULL;
  Choice choice;
  gboolean json;

  if (!read_choice (project, &choice, error))
    return NULL;
  if (choice.present)
    {
      LimModelSource *source = lim_model_source_default (project, choice.format, error);
      g_free (choice.path);
      return source;
    }

  json = holds_model (json_dir, ".json");
  py = python_dirs (project);
  if (json && py->len == 0)
    return source_new (project, LIM_MODEL_FORMAT_JSON, JSON_DIR, FALSE);
  if (!json && py->len == 1)
    return source_new (project, LIM_MODEL_FORMAT_PYTHON, g_ptr_array_index (py, 0), FALSE);
  if (!json && py->len == 0)
    {
      g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_NOT_FOUND,
                   _("This project has no model: neither a model/ folder of JSON files nor Liminal's Python model "
                     "classes (dropdowns/, entity_schemas/). Write one from a tenant with generate-files."));
      return NULL;
    }

  {
    g_autoptr(GString) where = g_string_new (NULL);
    if (json)
      g_string_append (where, JSON_DIR "/ (JSON)");
    for (guint i = 0; i < py->len; i++)
      {
        g_autofree char *rel = lim_project_relative_path (project, g_ptr_array_index (py, i));
        if (where->len)
          g_string_append (where, ", ");
        g_string_append_printf (where, "%s (Python)",
                                g_strcmp0 (rel, lim_project_get_root (project)) == 0 ? "." : rel);
      }
    g_set_error (error, LIM_MODEL_SOURCE_ERROR, LIM_MODEL_SOURCE_ERROR_AMBIGUOUS,
                 _("This project has more than one model: %s. Say which one in %s:\n"
                   "  [model]\n  format = json   (or python, with path = FOLDER)"),
                 where->str, PROJECT_INI);
  }
  return NULL;
}

/* ---------------------------------------------------------------- reading, rendering */

GPtrArray *
lim_model_source_load (const LimModelSource *source,
                       GError              **error)
{
  if (source->format == LIM_MODEL_FORMAT_JSON)
    return lim_model_files_load_dir (source->dir, error);
  return lim_model_python_read_dir (source->dir, source->shown, error);
}

LimDesired *
lim_model_source_read (const LimModelSource *source,
                       GPtrArray            *problems,
                       GError              **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) own = NULL;
  GString *message;
  LimDesired *desired;

  if (source->format == LIM_MODEL_FORMAT_JSON)
    return lim_model_files_read (source->dir, source->shown, problems, error);

  files = lim_model_source_load (source, error);
  if (files == NULL)
    return NULL;
  own = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  desired = lim_model_files_parse (files, own);
  if (desired)
    return desired;

  /* A rule across files (an entity link to a schema the model lacks): say
   * which class it is about, in the model's own words. */
  message = g_string_new (NULL);
  g_string_append_printf (message, "The model has %u problem%s; nothing was written:", own->len,
                          own->len == 1 ? "" : "s");
  for (guint i = 0; i < own->len; i++)
    {
      LimModelProblem *p = g_ptr_array_index (own, i);
      g_string_append_printf (message, "\n%s/%s (as read): %s: %s", source->shown, p->file, p->path, p->message);
    }
  g_set_error_literal (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_INVALID, message->str);
  g_string_free (message, TRUE);
  if (problems)
    for (guint i = 0; i < own->len; i++)
      g_ptr_array_add (problems, g_steal_pointer (&g_ptr_array_index (own, i)));
  return NULL;
}

GPtrArray *
lim_model_source_render (LimModelFormat     format,
                         GPtrArray         *json_files,
                         LimModelFilesKinds kinds,
                         GError           **error)
{
  if (format == LIM_MODEL_FORMAT_PYTHON)
    return lim_model_python_generate (json_files, kinds, error);
  return g_ptr_array_ref (json_files);
}

gboolean
lim_model_source_choose (LimProject           *project,
                         const LimModelSource *source,
                         GError              **error)
{
  g_autofree char *path = g_build_filename (lim_project_get_config_dir (project), PROJECT_INI, NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *rel = lim_project_relative_path (project, source->dir);
  const char *root = lim_project_get_root (project);
  gsize len;

  if (g_file_test (path, G_FILE_TEST_EXISTS)
      && !g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, error))
    return FALSE;
  if (!g_key_file_has_group (kf, "model"))
    {
      g_key_file_set_comment (kf, NULL, NULL,
                              " Which model this project keeps: json (model/) or python (Liminal's classes).", NULL);
    }
  g_key_file_set_string (kf, "model", "format", lim_model_format_to_string (source->format));
  if (g_strcmp0 (source->dir, root) == 0)
    g_key_file_set_string (kf, "model", "path", ".");
  else
    g_key_file_set_string (kf, "model", "path", rel);
  data = g_key_file_to_data (kf, &len, NULL);
  return lim_write_file_atomic (path, data, len, error);
}

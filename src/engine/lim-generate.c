/* lim-generate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lim-generate.h"
#include "lim-operation.h"

G_DEFINE_QUARK (lim-generate-error-quark, lim_generate_error)

void
lim_generated_free (LimGenerated *generated)
{
  if (generated == NULL)
    return;
  g_clear_pointer (&generated->revision, lim_revision_unref);
  g_free (generated->path);
  g_clear_pointer (&generated->hints, g_ptr_array_unref);
  g_free (generated);
}

LimGenerated *
lim_generate_revision (LimProject  *project,
                       LimTimeline *timeline,
                       LimSnapshot *model,
                       const char  *current,
                       LimDesired  *desired,
                       const char  *description,
                       GError     **error)
{
  LimRevision *head = lim_timeline_get_head (timeline);
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) downgrade = NULL;
  g_autoptr(LimGenerated) generated = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *id = lim_revision_new_id ();
  g_autofree char *file_name = NULL;
  g_autofree char *text = NULL;

  if (lim_timeline_lookup (timeline, current) == NULL)
    {
      g_set_error (error, LIM_GENERATE_ERROR, LIM_GENERATE_ERROR_UNKNOWN_REVISION,
                   _("Your target Benchling tenant is currently at revision_id %s. This does not exist within your "
                     "revision timeline in any of your revision files. Please make sure your local revision files "
                     "are up to date. The current local head revision is %s"),
                   current, lim_revision_get_id (head));
      return NULL;
    }
  if (g_strcmp0 (current, lim_revision_get_id (head)) != 0)
    {
      g_set_error (error, LIM_GENERATE_ERROR, LIM_GENERATE_ERROR_NOT_AT_HEAD,
                   _("Your target Benchling tenant is currently at revision_id %s, which is not up to date with the "
                     "local head revision (%s). Please upgrade your tenant to the latest revision before generating "
                     "a new revision."), current, lim_revision_get_id (head));
      return NULL;
    }

  if (desired == NULL)
    {
      upgrade = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_operation_free);
      downgrade = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_operation_free);
    }
  else if (!lim_compare (desired, model, &upgrade, &downgrade, error))
    return NULL;

  generated = g_new0 (LimGenerated, 1);
  generated->hints = desired != NULL ? lim_compare_rename_hints (upgrade, model)
                                     : g_ptr_array_new_with_free_func (g_free);
  generated->revision = lim_revision_new (id, lim_revision_get_id (head), description, NULL);
  lim_revision_set_create_date (generated->revision, date);
  for (guint i = 0; i < upgrade->len; i++)
    g_ptr_array_add (lim_revision_get_upgrade (generated->revision),
                     lim_operation_copy (g_ptr_array_index (upgrade, i)));
  for (guint i = 0; i < downgrade->len; i++)
    g_ptr_array_add (lim_revision_get_downgrade (generated->revision),
                     lim_operation_copy (g_ptr_array_index (downgrade, i)));

  file_name = lim_revision_file_name (generated->revision);
  generated->path = g_build_filename (lim_project_get_versions_dir (project), file_name, NULL);
  if (g_file_test (generated->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = lim_project_relative_path (project, generated->path);
      g_set_error (error, LIM_GENERATE_ERROR, LIM_GENERATE_ERROR_EXISTS, _("%s already exists; nothing was written."),
                   shown);
      return NULL;
    }
  text = lim_revision_to_python (generated->revision);
  if (!lim_write_file_atomic (generated->path, text, -1, error))
    return NULL;
  return g_steal_pointer (&generated);
}

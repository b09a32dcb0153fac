/* lim-generate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lim-generate.h"
#include "lim-apply.h"
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

/* ---------------------------------------------------------------- restoring positions */

/* The downgrade's unarchives (UnarchiveEntitySchemaField, the reverse of
 * compare's E2 archive, and CreateDropdownOption, the reverse of D3's
 * option archive) put the field or option back where the tenant has it now.
 * Liminal writes index None for fields (the field goes to the end) and the
 * option's old index for options, which is off as soon as the same
 * revision creates or reorders.  Here the upgrade is simulated on a copy of
 * the tenant, then the downgrade up to each unarchive, and the index is the
 * one that puts the item right after its nearest predecessor (in the
 * tenant's current order) that is in place by then: every field or option
 * except those still waiting for their own unarchive.  The upgrade's
 * archive gets the same index (Liminal ignores it there). */

static gboolean
restores_position (const LimOperation *op)
{
  return op->spec->kind == LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD || op->spec->kind == LIM_OP_CREATE_DROPDOWN_OPTION;
}

static char *
position_key (const LimOperation *op,
              const char         *item)
{
  /* A schema and a dropdown may share a name. */
  return g_strdup_printf ("%d\x1f%s\x1f%s", op->spec->kind, op->args[0].s, item);
}

/* The names of @op's schema fields or dropdown options in @model, without
 * the first @item.  @active_only: the active ones in Benchling's order (all
 * options of an archived dropdown: compare's D2); otherwise all of them as
 * the operation lists them (allFields; options active first). */
static GPtrArray *
position_names (LimSnapshot        *model,
                const LimOperation *op,
                const char         *item,
                gboolean            active_only)
{
  GPtrArray *names = g_ptr_array_new ();
  gboolean skipped = item == NULL;

  if (op->spec->kind == LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD)
    {
      const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);

      for (guint i = 0; s != NULL && i < s->fields->len; i++)
        {
          const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
          const char *wh = lim_props_get_str (f->props, LIM_FIELD_WAREHOUSE_NAME);

          if (active_only && f->props->archived)
            continue;
          if (!skipped && g_strcmp0 (wh, item) == 0)
            skipped = TRUE;
          else
            g_ptr_array_add (names, (gpointer) wh);
        }
      return names;
    }
  {
    const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);

    /* The remote order: Benchling's; the operation's: active first. */
    for (int pass = 0; d != NULL && pass < (active_only ? 1 : 2); pass++)
      for (guint i = 0; i < d->options->len; i++)
        {
          const LimSnapshotOption *o = g_ptr_array_index (d->options, i);

          if (active_only ? (o->archived && !d->archived) : o->archived != (pass == 1))
            continue;
          if (!skipped && g_strcmp0 (o->name, item) == 0)
            skipped = TRUE;
          else
            g_ptr_array_add (names, o->name);
        }
  }
  return names;
}

static gint
name_index (GPtrArray  *names,
            const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
      return (gint) i;
  return -1;
}

static void
restore_positions (LimSnapshot *remote,
                   GPtrArray   *upgrade,
                   GPtrArray   *downgrade)
{
  const LimApplyFlags flags = LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME | LIM_APPLY_FLAG_FIELDSETS;
  g_autoptr(LimSnapshot) sim = lim_snapshot_copy (remote);
  g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean simulate = TRUE;

  for (guint i = 0; i < downgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (downgrade, i);

      if (restores_position (op))
        g_hash_table_add (pending, position_key (op, op->args[1].s));
    }
  if (g_hash_table_size (pending) == 0)
    return;
  for (guint i = 0; simulate && i < upgrade->len; i++)
    simulate = lim_apply (g_ptr_array_index (upgrade, i), sim, flags, NULL);
  if (!simulate)
    {
      /* Cannot simulate: place against the tenant as it is now. */
      g_clear_pointer (&sim, lim_snapshot_unref);
      sim = lim_snapshot_copy (remote);
    }

  for (guint i = 0; i < downgrade->len; i++)
    {
      LimOperation *op = g_ptr_array_index (downgrade, i);

      if (restores_position (op))
        {
          const char *item = op->args[1].s;
          g_autofree char *key = position_key (op, item);
          g_autoptr(GPtrArray) order = position_names (remote, op, NULL, TRUE);
          /* Fields: an index counts active fields (lim-apply-fields.c);
           * options: the operation's list, active ones first. */
          g_autoptr(GPtrArray) now = position_names (sim, op, item,
                                                     op->spec->kind == LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD);
          gint k = name_index (order, item);

          g_hash_table_remove (pending, key);
          if (k >= 0)
            {
              gint64 index = 0;

              for (gint j = k - 1; j >= 0; j--)
                {
                  const char *before = g_ptr_array_index (order, j);
                  g_autofree char *before_key = position_key (op, before);
                  gint at;

                  if (g_hash_table_contains (pending, before_key) || (at = name_index (now, before)) < 0)
                    continue;
                  index = at + 1;
                  break;
                }
              op->args[2].has_index = TRUE;
              op->args[2].index = index;
              for (guint u = 0; u < upgrade->len; u++)
                {
                  LimOperation *archive = g_ptr_array_index (upgrade, u);

                  if ((archive->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD ||
                       archive->spec->kind == LIM_OP_ARCHIVE_DROPDOWN_OPTION) &&
                      (archive->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD) ==
                      (op->spec->kind == LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD) &&
                      g_strcmp0 (archive->args[0].s, op->args[0].s) == 0 && g_strcmp0 (archive->args[1].s, item) == 0)
                    {
                      archive->args[2].has_index = TRUE;
                      archive->args[2].index = index;
                    }
                }
            }
        }
      if (simulate)
        simulate = lim_apply (op, sim, flags, NULL);
    }
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
  else
    restore_positions (model, upgrade, downgrade);

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

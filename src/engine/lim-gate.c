/* lim-gate.c — promotion gates over the project's run records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lim-gate.h"
#include "lim-json.h"
#include "lim-revision.h"
#include "lim-run-record.h"

/* "REVISION SHA256" of every revision @alias completed going up. */
static GHashTable *
ran_by (GPtrArray  *records,
        const char *alias)
{
  GHashTable *ran = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      JsonArray *revs = lim_json_get_array (record, "revisions");

      if (g_strcmp0 (lim_run_record_get_alias (record), alias) != 0 ||
          json_object_get_boolean_member_with_default (record, "dry_run", FALSE) ||
          g_strcmp0 (lim_json_get_string (record, "command"), "upgrade") != 0)
        continue;
      for (guint k = 0; revs && k < json_array_get_length (revs); k++)
        {
          JsonObject *rev = json_array_get_object_element (revs, k);
          const char *sha = rev ? lim_json_get_string (rev, "sha256") : NULL;

          if (sha && g_strcmp0 (lim_json_get_string (rev, "state"), "done") == 0)
            g_hash_table_add (ran, g_strdup_printf ("%s %s", lim_json_get_string (rev, "id"), sha));
        }
    }
  return ran;
}

/* Whether @alias ran @id from any file at all. */
static gboolean
ran_any (GHashTable *ran,
         const char *id)
{
  GHashTableIter iter;
  const char *key;
  g_autofree char *prefix = g_strconcat (id, " ", NULL);

  g_hash_table_iter_init (&iter, ran);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      return TRUE;
  return FALSE;
}

GPtrArray *
lim_gate_check (const char *runs_dir,
                LimTenant  *tenant,
                GPtrArray  *revisions,
                GStrv      *waiting_for,
                GError    **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) waiting = g_strv_builder_new ();
  g_autoptr(GPtrArray) records = NULL;
  const char *const *gates = lim_tenant_get_promote_after (tenant);

  if (waiting_for)
    *waiting_for = NULL;
  if (gates == NULL || revisions == NULL || revisions->len == 0)
    return g_steal_pointer (&missing);
  records = lim_run_record_list (runs_dir, NULL, error);
  if (records == NULL)
    return NULL;
  for (guint g = 0; gates[g]; g++)
    {
      g_autoptr(GHashTable) ran = ran_by (records, gates[g]);
      guint before = missing->len;

      for (guint i = 0; i < revisions->len; i++)
        {
          LimRevision *rev = g_ptr_array_index (revisions, i);
          const char *id = lim_revision_get_id (rev);
          g_autofree char *sha = lim_run_record_file_sha256 (lim_revision_get_file (rev));
          g_autofree char *key = g_strdup_printf ("%s %s", id, sha ? sha : "");

          if (sha && g_hash_table_contains (ran, key))
            continue;
          if (sha && ran_any (ran, id))
            g_ptr_array_add (missing, g_strdup_printf (_("%s ran revision %s from a different file: %s changed since "
                                                         "(its SHA-256 is now %.12s…)"),
                                                       gates[g], id, lim_revision_get_file (rev), sha));
          else
            g_ptr_array_add (missing, g_strdup_printf (_("%s has not run revision %s"), gates[g], id));
        }
      if (missing->len > before)
        g_strv_builder_add (waiting, gates[g]);
    }
  if (waiting_for)
    *waiting_for = g_strv_builder_end (waiting);
  return g_steal_pointer (&missing);
}

/* lim-journal.c — the runner's journal (the format is in
 * lim-journal-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "lim-journal-private.h"
#include "lim-json.h"
#include "lim-operation.h"
#include "lim-project.h"
#include "lim-revision.h"

G_DEFINE_QUARK (lim-journal-error-quark, lim_journal_error)

char *
lim_journal_dup_path (const char *journal_dir,
                      const char *alias)
{
  g_autofree char *name = NULL;

  if (journal_dir == NULL)
    return NULL;
  name = g_strdup_printf ("%s.json", alias);
  return g_build_filename (journal_dir, name, NULL);
}

JsonObject *
lim_journal_load (const char *journal_dir,
                  const char *alias,
                  GError    **error)
{
  g_autofree char *path = lim_journal_dup_path (journal_dir, alias);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, LIM_JOURNAL_ERROR, LIM_JOURNAL_ERROR_FAILED, "The journal %s cannot be read: %s", path,
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LIM_JOURNAL_ERROR, LIM_JOURNAL_ERROR_FAILED, "The journal %s is not a JSON object", path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

gboolean
lim_journal_save (const char *journal_dir,
                  const char *alias,
                  JsonObject *journal,
                  GError    **error)
{
  g_autofree char *path = lim_journal_dup_path (journal_dir, alias);
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *text = NULL;

  if (path == NULL)
    return TRUE;
  if (g_mkdir_with_parents (journal_dir, 0755) != 0)
    {
      g_set_error (error, LIM_JOURNAL_ERROR, LIM_JOURNAL_ERROR_FAILED, "Cannot create %s", journal_dir);
      return FALSE;
    }
  json_object_set_string_member (journal, "updated", stamp);
  root = json_node_init_object (json_node_alloc (), journal);
  gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  return lim_write_file_atomic (path, text, -1, error);
}

JsonObject *
lim_journal_new (const char  *alias,
                 LimDirection direction,
                 const char  *from,
                 const char  *to,
                 GPtrArray   *revisions)
{
  JsonObject *journal = json_object_new ();
  JsonArray *entries = json_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  json_object_set_int_member (journal, "version", 1);
  json_object_set_string_member (journal, "tenant", alias);
  json_object_set_string_member (journal, "direction", direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade");
  json_object_set_string_member (journal, "from", from);
  json_object_set_string_member (journal, "to", to);
  json_object_set_string_member (journal, "started", stamp);
  json_object_set_string_member (journal, "state", "running");
  for (guint i = 0; i < revisions->len; i++)
    {
      LimRevision *rev = g_ptr_array_index (revisions, i);
      GPtrArray *ops = direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                     : lim_revision_get_downgrade (rev);
      JsonObject *entry = json_object_new ();
      JsonArray *op_entries = json_array_new ();

      json_object_set_string_member (entry, "id", lim_revision_get_id (rev));
      json_object_set_string_member (entry, "state", "pending");
      for (guint k = 0; k < ops->len; k++)
        {
          JsonObject *op_entry = json_object_new ();
          g_autofree char *describe = lim_operation_describe (g_ptr_array_index (ops, k));
          json_object_set_int_member (op_entry, "index", k + 1);
          json_object_set_string_member (op_entry, "op",
                                         ((LimOperation *) g_ptr_array_index (ops, k))->spec->class_name);
          json_object_set_string_member (op_entry, "describe", describe);
          json_object_set_string_member (op_entry, "state", "pending");
          json_array_add_object_element (op_entries, op_entry);
        }
      json_object_set_array_member (entry, "operations", op_entries);
      json_array_add_object_element (entries, entry);
    }
  json_object_set_array_member (journal, "revisions", entries);
  return journal;
}

void
lim_journal_carry_over (JsonObject *old,
                        JsonObject *fresh)
{
  JsonArray *revisions = json_object_get_array_member (fresh, "revisions");
  JsonObject *first;
  JsonArray *ops;
  const char *id;

  if (old == NULL || json_array_get_length (revisions) == 0)
    return;
  first = json_array_get_object_element (revisions, 0);
  ops = json_object_get_array_member (first, "operations");
  id = lim_json_get_string (first, "id");
  for (guint k = 0; k < json_array_get_length (ops); k++)
    {
      const char *state = lim_journal_get_op_state (old, id, k);
      JsonArray *old_ops = lim_journal_get_operations (old, id);
      const char *status_url = old_ops && k < json_array_get_length (old_ops)
                                 ? lim_json_get_string (json_array_get_object_element (old_ops, k), "status_url")
                                 : NULL;
      if (state)
        json_object_set_string_member (json_array_get_object_element (ops, k), "state", state);
      if (status_url)
        json_object_set_string_member (json_array_get_object_element (ops, k), "status_url", status_url);
      if (old_ops && k < json_array_get_length (old_ops))
        {
          JsonObject *old_op = json_array_get_object_element (old_ops, k);
          if (json_object_has_member (old_op, "uncertain_since"))
            lim_journal_op_set_uncertain (json_array_get_object_element (ops, k),
                                          json_object_get_int_member (old_op, "uncertain_since"),
                                          json_object_get_int_member_with_default (old_op, "grace_ms", 60000));
        }
    }
}

const char *
lim_journal_get_state (JsonObject *journal)
{
  return journal ? lim_json_get_string (journal, "state") : NULL;
}

gboolean
lim_journal_is_unfinished (JsonObject *journal)
{
  const char *state = lim_journal_get_state (journal);
  return state != NULL && g_strcmp0 (state, "complete") != 0 && g_strcmp0 (state, "refused") != 0;
}

gboolean
lim_journal_is_open_at (JsonObject *journal,
                        const char *marker)
{
  /* A journal whose target the tenant has reached some other way (a stamp,
   * another tool) has nothing left to say. */
  return lim_journal_is_unfinished (journal) && g_strcmp0 (lim_json_get_string (journal, "to"), marker) != 0;
}

JsonArray *
lim_journal_get_operations (JsonObject *journal,
                            const char *id)
{
  JsonArray *revisions;

  if (journal == NULL || !json_object_has_member (journal, "revisions"))
    return NULL;
  revisions = json_object_get_array_member (journal, "revisions");
  for (guint i = 0; revisions && i < json_array_get_length (revisions); i++)
    {
      JsonObject *rev = json_array_get_object_element (revisions, i);
      if (rev && g_strcmp0 (lim_json_get_string (rev, "id"), id) == 0 && json_object_has_member (rev, "operations"))
        return json_object_get_array_member (rev, "operations");
    }
  return NULL;
}

const char *
lim_journal_get_op_state (JsonObject *journal,
                          const char *id,
                          guint       index)
{
  JsonArray *ops = lim_journal_get_operations (journal, id);

  if (ops == NULL || index >= json_array_get_length (ops))
    return NULL;
  return lim_json_get_string (json_array_get_object_element (ops, index), "state");
}

JsonObject *
lim_journal_get_revision (JsonObject *journal,
                          guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (journal, "revisions"), index);
}

JsonObject *
lim_journal_revision_get_op (JsonObject *revision,
                             guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (revision, "operations"), index);
}

void
lim_journal_set_stopped (JsonObject *journal,
                         JsonObject *revision,
                         const char *state)
{
  json_object_set_string_member (journal, "state", state);
  if (revision && g_strcmp0 (lim_json_get_string (revision, "state"), "done") != 0)
    json_object_set_string_member (revision, "state", state);
}

void
lim_journal_op_set_state (JsonObject *op,
                          const char *state,
                          const char *message)
{
  json_object_set_string_member (op, "state", state);
  if (message)
    json_object_set_string_member (op, "error", message);
  else if (json_object_has_member (op, "error"))
    json_object_remove_member (op, "error");
}

void
lim_journal_op_set_uncertain (JsonObject *op,
                              gint64      since_ms,
                              gint64      grace_ms)
{
  json_object_set_int_member (op, "uncertain_since", since_ms);
  json_object_set_int_member (op, "grace_ms", grace_ms);
}

gboolean
lim_journal_op_take_uncertain (JsonObject *op,
                               gint64     *until_ms)
{
  if (!json_object_has_member (op, "uncertain_since"))
    return FALSE;
  *until_ms = json_object_get_int_member (op, "uncertain_since") +
              json_object_get_int_member_with_default (op, "grace_ms", 60000);
  json_object_remove_member (op, "uncertain_since");
  json_object_remove_member (op, "grace_ms");
  return TRUE;
}

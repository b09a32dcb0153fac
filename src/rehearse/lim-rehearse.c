/* lim-rehearse.c — a migration rehearsed on a clone of the tenant; the
 * stairway round trip of a history.  See lim-rehearse.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lim-rehearse.h"
#include "lim-rehearse-private.h"

#include "lim-remote.h"
#include "lim-run-record.h"
#include "lim-sandbox.h"

G_DEFINE_QUARK (lim-rehearse-error-quark, lim_rehearse_error)

/* Benchling's rate-limit window (60 requests per 30 s, §7.6). */
#define LIM_REHEARSE_DEFAULT_WINDOW_S 30

/* ------------------------------------------------------------------ */
/* The result                                                          */

static void
change_free (LimRehearsalChange *change)
{
  g_free (change->kind);
  g_free (change->name);
  g_free (change->before);
  g_free (change->after);
  g_ptr_array_unref (change->details);
  g_free (change);
}

static LimRehearsalChange *
change_new (const char *kind,
            const char *name,
            const char *before,
            const char *after)
{
  LimRehearsalChange *change = g_new0 (LimRehearsalChange, 1);

  change->kind = g_strdup (kind);
  change->name = g_strdup (name);
  change->before = g_strdup (before);
  change->after = g_strdup (after);
  change->details = g_ptr_array_new_with_free_func (g_free);
  return change;
}

void
lim_rehearsal_free (LimRehearsal *r)
{
  if (r == NULL)
    return;
  g_free (r->tenant);
  g_free (r->from);
  g_free (r->to);
  g_free (r->failed_step);
  g_free (r->failed_revision);
  g_free (r->failed_describe);
  g_free (r->message);
  g_ptr_array_unref (r->changes);
  g_free (r->record_id);
  g_free (r);
}

static LimRehearsal *
rehearsal_new (void)
{
  LimRehearsal *r = g_new0 (LimRehearsal, 1);

  r->succeeded = TRUE;
  r->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return r;
}

static void
set_nullable (JsonBuilder *b,
              const char  *key,
              const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
lim_rehearsal_to_json (const LimRehearsal *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "result");
  json_builder_add_string_value (b, r->succeeded ? "succeeded" : "failed");
  set_nullable (b, "tenant", r->tenant);
  set_nullable (b, "from", r->from);
  set_nullable (b, "to", r->to);
  json_builder_set_member_name (b, "revisions");
  json_builder_add_int_value (b, r->n_revisions);
  json_builder_set_member_name (b, "up_to_date");
  json_builder_add_boolean_value (b, r->up_to_date);
  if (r->tenant)
    {
      json_builder_set_member_name (b, "requests");
      json_builder_add_int_value (b, r->requests);
      json_builder_set_member_name (b, "rate_limit");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "requests");
      json_builder_add_int_value (b, r->rate_requests);
      json_builder_set_member_name (b, "window_s");
      json_builder_add_int_value (b, r->rate_window);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_int_value (b, r->seconds);
    }
  json_builder_set_member_name (b, "steps");
  json_builder_add_int_value (b, r->n_steps);
  json_builder_set_member_name (b, "round_trips");
  json_builder_add_int_value (b, r->n_round_trips);
  json_builder_set_member_name (b, "failure");
  if (r->succeeded)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      set_nullable (b, "step", r->failed_step);
      set_nullable (b, "revision", r->failed_revision);
      json_builder_set_member_name (b, "operation");
      if (r->failed_operation)
        json_builder_add_int_value (b, r->failed_operation);
      else
        json_builder_add_null_value (b);
      set_nullable (b, "describe", r->failed_describe);
      set_nullable (b, "message", r->message);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->changes->len; i++)
    {
      LimRehearsalChange *c = g_ptr_array_index (r->changes, i);

      json_builder_begin_object (b);
      set_nullable (b, "kind", c->kind);
      set_nullable (b, "name", c->name);
      set_nullable (b, "before", c->before);
      set_nullable (b, "after", c->after);
      json_builder_set_member_name (b, "details");
      json_builder_begin_array (b);
      for (guint j = 0; j < c->details->len; j++)
        json_builder_add_string_value (b, g_ptr_array_index (c->details, j));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  set_nullable (b, "run", r->record_id);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
append_failure (GString            *out,
                const LimRehearsal *r)
{
  if (r->failed_operation)
    /* Translators: revision id, step number, the operation, the step of the rehearsal, the message */
    g_string_append_printf (out, _("Rehearsal failed: revision %s, operation %u (%s), during %s: %s\n"),
                            r->failed_revision, r->failed_operation, r->failed_describe ? r->failed_describe : "",
                            r->failed_step, r->message ? r->message : "");
  else
    /* Translators: revision id, the step of the rehearsal, the message */
    g_string_append_printf (out, _("Rehearsal failed: revision %s, during %s: %s\n"),
                            r->failed_revision ? r->failed_revision : "?", r->failed_step ? r->failed_step : "?",
                            r->message ? r->message : "");
}

static void
append_changes (GString            *out,
                const LimRehearsal *r)
{
  if (r->changes->len == 0)
    {
      g_string_append (out, _("No schema or dropdown changes.\n"));
      return;
    }
  g_string_append (out, _("What the tenant will look like (before → after):\n"));
  for (guint i = 0; i < r->changes->len; i++)
    {
      LimRehearsalChange *c = g_ptr_array_index (r->changes, i);

      g_string_append_printf (out, "  %s %s: %s → %s\n", c->kind, c->name, c->before, c->after);
      for (guint j = 0; j < c->details->len; j++)
        g_string_append_printf (out, "      %s\n", (char *) g_ptr_array_index (c->details, j));
    }
}

char *
lim_rehearsal_to_text (const LimRehearsal *r)
{
  GString *out = g_string_new (NULL);

  if (r->tenant == NULL)
    {
      if (r->succeeded)
        g_string_append_printf (out, _("History rehearsal succeeded: %u revision(s) from %s to %s, each went down "
                                       "and up again exactly (%u runs on the sandbox).\n"), r->n_round_trips,
                                r->from, r->to, r->n_steps);
      else
        append_failure (out, r);
      return g_string_free (out, FALSE);
    }
  if (r->up_to_date)
    g_string_append_printf (out, _("Tenant %s is already at %s: nothing to rehearse.\n"), r->tenant, r->to);
  else
    g_string_append_printf (out, _("Upgrade from %s to %s, %u revision(s).\n"), r->from, r->to, r->n_revisions);
  if (r->requests)
    /* Translators: requests, seconds, the rate limit: requests per seconds */
    g_string_append_printf (out, _("The real run: %u requests, about %u s at %u requests per %u s.\n"), r->requests,
                            r->seconds, r->rate_requests, r->rate_window);
  if (r->succeeded)
    {
      if (!r->up_to_date)
        append_changes (out, r);
      if (r->n_round_trips)
        g_string_append_printf (out, _("Round trips: %u revision(s) went down and up again exactly.\n"),
                                r->n_round_trips);
      g_string_append_printf (out, _("Rehearsal succeeded. Nothing was written to %s.\n"), r->tenant);
    }
  else
    {
      append_failure (out, r);
      g_string_append_printf (out, _("Nothing was written to %s.\n"), r->tenant);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Comparing states                                                    */

static const char *const id_prefixes[] = { "ts_", "tsf_", "sfs_", "sfso_", "unit_", "unitt_", "src_", "ent_" };

static gboolean
looks_like_id (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (id_prefixes); i++)
    if (g_str_has_prefix (s, id_prefixes[i]))
      return TRUE;
  return FALSE;
}

static const char *
obj_str (JsonObject *o,
         const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n)
                                                                                          : NULL;
}

static JsonArray *
obj_arr (JsonObject *o,
         const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static void
name_ids (GHashTable *names,
          JsonArray  *arr,
          const char *id_key,
          const char *name_key,
          const char *what)
{
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      const char *id = obj_str (o, id_key), *name = obj_str (o, name_key);

      if (id && name)
        g_hash_table_insert (names, g_strdup (id), g_strdup_printf ("%s:%s", what, name));
    }
}

/* What each id names, from the state itself. */
static GHashTable *
id_names (JsonObject *root)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *schemas = obj_arr (root, "tagSchemas");
  JsonArray *selectors = obj_arr (root, "selectors");
  JsonArray *units = obj_arr (root, "unitTypes");

  name_ids (names, schemas, "id", "sqlIdentifier", "schema");
  for (guint i = 0; schemas && i < json_array_get_length (schemas); i++)
    name_ids (names, obj_arr (json_array_get_object_element (schemas, i), "allFields"), "apiId", "systemName",
              "field");
  name_ids (names, selectors, "id", "name", "dropdown");
  for (guint i = 0; selectors && i < json_array_get_length (selectors); i++)
    name_ids (names, obj_arr (json_array_get_object_element (selectors, i), "allSchemaFieldSelectorOptions"), "id",
              "name", "option");
  name_ids (names, units, "id", "name", "unit-type");
  for (guint i = 0; units && i < json_array_get_length (units); i++)
    name_ids (names, obj_arr (json_array_get_object_element (units, i), "units"), "id", "name", "unit");
  return names;
}

static gboolean
dropped_key (const char *key)
{
  static const char *const dropped[] = { "id", "apiId", "dbId", "counter", "fieldCounter", "schemaModifiedAt",
                                         "numLinkedTags" };

  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    if (strcmp (key, dropped[i]) == 0)
      return TRUE;
  return g_str_has_suffix (key, "At");
}

/* The key an unordered list's elements are sorted by. */
static const char *
sort_key (JsonNode *n)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
  const char *k = obj_str (o, "sqlIdentifier");

  if (k == NULL)
    k = obj_str (o, "systemName");
  if (k == NULL)
    k = obj_str (o, "name");
  return k ? k : "";
}

static gint
by_sort_key (gconstpointer a,
             gconstpointer b)
{
  return strcmp (sort_key (*(JsonNode **) a), sort_key (*(JsonNode **) b));
}

static JsonNode *scrub_node (JsonNode   *node,
                             GHashTable *names,
                             gboolean    unordered,
                             gboolean    in_remote);

static gboolean
empty_constraint (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);
  JsonArray *fields = obj_arr (o, "fields");

  return (fields == NULL || json_array_get_length (fields) == 0) &&
         !json_object_get_boolean_member_with_default (o, "uniqueResidues", FALSE) &&
         !json_object_get_boolean_member_with_default (o, "uniqueCanonicalSmiles", FALSE);
}

static JsonNode *
scrub_array (JsonArray  *arr,
             GHashTable *names,
             gboolean    unordered,
             gboolean    in_remote)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonArray *out = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *item = json_array_get_element (arr, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;

      /* the tenant lock is a lease beside the marker, not the tenant's schema */
      if (in_remote && g_strcmp0 (obj_str (o, "systemName"), "lock") == 0)
        continue;
      /* Benchling never deletes: what a revision made stays archived after
       * its downgrade, so the archived part of a list is left out */
      if (unordered && o && json_object_has_member (o, "archiveRecord") &&
          !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "archiveRecord")))
        continue;
      g_ptr_array_add (items, scrub_node (item, names, FALSE, in_remote));
    }
  if (unordered)
    g_ptr_array_sort (items, by_sort_key);
  for (guint i = 0; i < items->len; i++)
    json_array_add_element (out, json_node_ref (g_ptr_array_index (items, i)));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, out);
  return node;
}

static JsonNode *
scrub_node (JsonNode   *node,
            GHashTable *names,
            gboolean    unordered,
            gboolean    in_remote)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (o);
      gboolean remote = in_remote || g_strcmp0 (obj_str (o, "sqlIdentifier"), "liminal_remote") == 0;
      JsonNode *result;

      for (GList *l = members; l; l = l->next)
        {
          const char *key = l->data;
          JsonNode *value = json_object_get_member (o, key);

          if (dropped_key (key))
            continue;
          /* a uniqueness constraint of no fields is none */
          if (strcmp (key, "constraint") == 0 && JSON_NODE_HOLDS_OBJECT (value) && empty_constraint (value))
            {
              json_object_set_null_member (out, key);
              continue;
            }
          if (strcmp (key, "archiveRecord") == 0)
            {
              json_object_set_boolean_member (out, "archived", !JSON_NODE_HOLDS_NULL (value));
              continue;
            }
          /* lists Benchling shows in no order of their own: archived
           * fields and options among the rest, schemas, dropdowns */
          json_object_set_member (out, key,
                                  scrub_node (value, names,
                                              strcmp (key, "allFields") == 0 ||
                                              strcmp (key, "allSchemaFieldSelectorOptions") == 0 ||
                                              strcmp (key, "tagSchemas") == 0 ||
                                              strcmp (key, "selectors") == 0 ||
                                              strcmp (key, "resultSchemas") == 0,
                                              remote && strcmp (key, "requiredLink") != 0));
        }
      result = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (result, out);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    return scrub_array (json_node_get_array (node), names, unordered, in_remote);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      const char *name = g_hash_table_lookup (names, s);

      if (name || looks_like_id (s))
        return json_node_init_string (json_node_alloc (), name ? name : "<id>");
    }
  return json_node_copy (node);
}

JsonNode *
lim_rehearse_scrub (const char *state_json,
                    GError    **error)
{
  g_autoptr(JsonNode) root = json_from_string (state_json, error);
  g_autoptr(GHashTable) names = NULL;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE, "not a sandbox state");
      return NULL;
    }
  names = id_names (json_node_get_object (root));
  return scrub_node (root, names, FALSE, FALSE);
}

/* An element's name in a path: its warehouse name or name, else its index. */
static char *
element_label (JsonNode *n,
               guint     i)
{
  const char *k = sort_key (n);

  return *k ? g_strdup (k) : g_strdup_printf ("%u", i);
}

static char *
difference_at (JsonNode   *a,
               JsonNode   *b,
               const char *path)
{
  if (a == NULL || b == NULL)
    return a == b ? NULL : g_strdup_printf ("%s (%s)", *path ? path : "/", a ? "gone" : "new");
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    {
      g_autofree char *va = json_to_string (a, FALSE);
      g_autofree char *vb = json_to_string (b, FALSE);
      return g_strdup_printf ("%s (%s, now %s)", *path ? path : "/", va, vb);
    }
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
      g_autoptr(GList) ka = json_object_get_members (oa);
      g_autoptr(GList) kb = json_object_get_members (ob);

      for (GList *l = ka; l; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s%s%s", path, *path ? "." : "", (char *) l->data);
          char *d = difference_at (json_object_get_member (oa, l->data), json_object_get_member (ob, l->data), sub);
          if (d)
            return d;
        }
      for (GList *l = kb; l; l = l->next)
        if (!json_object_has_member (oa, l->data))
          return g_strdup_printf ("%s%s%s (new)", path, *path ? "." : "", (char *) l->data);
      return NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);
      guint n = MAX (json_array_get_length (aa), json_array_get_length (ab));
      g_autoptr(GString) la = g_string_new (NULL);
      g_autoptr(GString) lb = g_string_new (NULL);

      /* elements that come, go or move: name them all */
      for (guint i = 0; i < json_array_get_length (aa); i++)
        g_string_append_printf (la, "%s%s", i ? ", " : "", sort_key (json_array_get_element (aa, i)));
      for (guint i = 0; i < json_array_get_length (ab); i++)
        g_string_append_printf (lb, "%s%s", i ? ", " : "", sort_key (json_array_get_element (ab, i)));
      if (strcmp (la->str, lb->str) != 0)
        return g_strdup_printf ("%s ([%s], now [%s])", *path ? path : "/", la->str, lb->str);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *ea = i < json_array_get_length (aa) ? json_array_get_element (aa, i) : NULL;
          JsonNode *eb = i < json_array_get_length (ab) ? json_array_get_element (ab, i) : NULL;
          g_autofree char *label = element_label (ea ? ea : eb, i);
          g_autofree char *sub = g_strdup_printf ("%s[%s]", path, label);
          char *d = difference_at (ea, eb, sub);

          if (d)
            return d;
        }
      return NULL;
    }
  if (json_node_equal (a, b))
    return NULL;
  {
    g_autofree char *va = json_to_string (a, FALSE);
    g_autofree char *vb = json_to_string (b, FALSE);
    return g_strdup_printf ("%s (%s, now %s)", *path ? path : "/", va, vb);
  }
}

char *
lim_rehearse_first_difference (JsonNode *a,
                               JsonNode *b)
{
  return difference_at (a, b, "");
}

/* ------------------------------------------------------------------ */
/* Before → after                                                      */

static const char *
state_word (gboolean present,
            gboolean archived)
{
  return !present ? "absent" : archived ? "archived" : "active";
}

/* Adds to @details what changed on one field; TRUE when it came or went
 * (added, removed, archived, unarchived). */
static gboolean
describe_field_change (GPtrArray              *details,
                       const LimSnapshotField *before,
                       const LimSnapshotField *after)
{
  const char *wh = lim_snapshot_field_get_warehouse_name (after ? after : before);
  const char *name = lim_snapshot_field_get_name (after ? after : before);
  gboolean was = before && !lim_snapshot_field_is_archived (before);
  gboolean is = after && !lim_snapshot_field_is_archived (after);
  g_autoptr(GString) changed = g_string_new (NULL);
  guint n = 0;
  const LimPropSpec *specs = lim_props_specs (LIM_PROPS_FIELD, &n);

  if (before == NULL)
    {
      g_ptr_array_add (details, g_strdup_printf (_("field %s (%s) added"), name, wh));
      return TRUE;
    }
  if (after == NULL)
    {
      g_ptr_array_add (details, g_strdup_printf (_("field %s (%s) removed"), name, wh));
      return TRUE;
    }
  if (was && !is)
    g_ptr_array_add (details, g_strdup_printf (_("field %s (%s) archived"), name, wh));
  else if (!was && is)
    g_ptr_array_add (details, g_strdup_printf (_("field %s (%s) unarchived"), name, wh));
  for (guint k = 0; k < n; k++)
    {
      if (lim_props_value_equal (before->props, after->props, k))
        continue;
      if (changed->len)
        g_string_append (changed, ", ");
      if ((specs[k].type == LIM_PROP_STR || specs[k].type == LIM_PROP_ENUM) &&
          lim_props_is_set (before->props, k) && lim_props_is_set (after->props, k))
        {
          const char *x = lim_props_is_none (before->props, k) ? "None" : lim_props_get_str (before->props, k);
          const char *y = lim_props_is_none (after->props, k) ? "None" : lim_props_get_str (after->props, k);
          g_string_append_printf (changed, "%s %s → %s", specs[k].label, x ? x : "None", y ? y : "None");
        }
      else
        g_string_append (changed, specs[k].label);
    }
  if (changed->len)
    g_ptr_array_add (details, g_strdup_printf (_("field %s (%s): %s"), name, wh, changed->str));
  return was != is;
}

/* The active fields' warehouse names, in order. */
static char *
active_order (const LimSnapshotSchema *schema)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      if (!lim_snapshot_field_is_archived (f))
        g_string_append_printf (s, "%s,", lim_snapshot_field_get_warehouse_name (f));
    }
  return g_string_free (s, FALSE);
}

static const LimSnapshotField *
field_by_api_id (const LimSnapshotSchema *schema,
                 const char              *api_id)
{
  for (guint i = 0; schema && i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      if (g_strcmp0 (lim_snapshot_field_get_api_id (f), api_id) == 0)
        return f;
    }
  return NULL;
}

static void
schema_change (GPtrArray               *changes,
               const LimSnapshotSchema *before,
               const LimSnapshotSchema *after)
{
  const LimSnapshotSchema *either = after ? after : before;
  g_autofree char *name = NULL;
  LimRehearsalChange *c;
  guint n = 0;
  const LimPropSpec *specs = lim_props_specs (LIM_PROPS_SCHEMA, &n);
  g_autoptr(GString) changed = g_string_new (NULL);

  if (g_strcmp0 (lim_snapshot_schema_get_warehouse_name (either), LIM_SNAPSHOT_REMOTE_SCHEMA) == 0)
    return; /* the marker: shown as from → to */
  name = g_strdup_printf ("%s (%s)", lim_snapshot_schema_get_name (either),
                          lim_snapshot_schema_get_warehouse_name (either));
  c = change_new ("schema", name, state_word (before != NULL, before && lim_snapshot_schema_is_archived (before)),
                  state_word (after != NULL, after && lim_snapshot_schema_is_archived (after)));
  if (before && after)
    {
      g_autofree char *order_before = active_order (before);
      g_autofree char *order_after = active_order (after);
      guint moved = 0;

      for (guint k = 0; k < n; k++)
        if (!lim_props_value_equal (before->props, after->props, k))
          {
            if (changed->len)
              g_string_append (changed, ", ");
            if ((specs[k].type == LIM_PROP_STR || specs[k].type == LIM_PROP_ENUM) &&
                lim_props_is_set (before->props, k) && lim_props_is_set (after->props, k) &&
                !lim_props_is_none (before->props, k) && !lim_props_is_none (after->props, k))
              g_string_append_printf (changed, "%s %s → %s", specs[k].label, lim_props_get_str (before->props, k),
                                      lim_props_get_str (after->props, k));
            else
              g_string_append (changed, specs[k].label);
          }
      if (changed->len)
        g_ptr_array_add (c->details, g_strdup_printf (_("schema: %s"), changed->str));
      for (guint i = 0; i < after->fields->len; i++)
        {
          const LimSnapshotField *f = g_ptr_array_index (after->fields, i);
          moved += describe_field_change (c->details, field_by_api_id (before, lim_snapshot_field_get_api_id (f)), f);
        }
      for (guint i = 0; i < before->fields->len; i++)
        {
          const LimSnapshotField *f = g_ptr_array_index (before->fields, i);
          if (field_by_api_id (after, lim_snapshot_field_get_api_id (f)) == NULL)
            moved += describe_field_change (c->details, f, NULL);
        }
      /* a reorder that is more than fields coming and going (decided on
       * the changes, never on their translated wording) */
      if (g_strcmp0 (order_before, order_after) != 0 && moved == 0)
        g_ptr_array_add (c->details, g_strdup (_("fields reordered")));
    }
  else if (after)
    {
      guint active = 0;
      for (guint i = 0; i < after->fields->len; i++)
        if (!lim_snapshot_field_is_archived (g_ptr_array_index (after->fields, i)))
          active++;
      g_ptr_array_add (c->details, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field", "%u fields", active),
                                                    active));
    }
  if (g_strcmp0 (c->before, c->after) == 0 && c->details->len == 0)
    {
      change_free (c);
      return;
    }
  g_ptr_array_add (changes, c);
}

static const LimSnapshotOption *
option_by_id (const LimSnapshotDropdown *d,
              const char                *id)
{
  for (guint i = 0; d && i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      if (g_strcmp0 (o->id, id) == 0)
        return o;
    }
  return NULL;
}

static char *
active_options (const LimSnapshotDropdown *d)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      if (!o->archived)
        g_string_append_printf (s, "%s%s", s->len ? ", " : "", o->name);
    }
  return g_string_free (s, FALSE);
}

static void
dropdown_change (GPtrArray                 *changes,
                 const LimSnapshotDropdown *before,
                 const LimSnapshotDropdown *after)
{
  const LimSnapshotDropdown *either = after ? after : before;
  LimRehearsalChange *c = change_new ("dropdown", either->name, state_word (before != NULL, before && before->archived),
                                      state_word (after != NULL, after && after->archived));

  if (before && after)
    {
      g_autofree char *ob = active_options (before);
      g_autofree char *oa = active_options (after);

      if (g_strcmp0 (before->name, after->name) != 0)
        g_ptr_array_add (c->details, g_strdup_printf (_("renamed from %s"), before->name));
      for (guint i = 0; i < after->options->len; i++)
        {
          const LimSnapshotOption *o = g_ptr_array_index (after->options, i);
          const LimSnapshotOption *was = option_by_id (before, o->id);

          if (was == NULL)
            g_ptr_array_add (c->details, g_strdup_printf (_("option %s added"), o->name));
          else if (!was->archived && o->archived)
            g_ptr_array_add (c->details, g_strdup_printf (_("option %s archived"), o->name));
          else if (was->archived && !o->archived)
            g_ptr_array_add (c->details, g_strdup_printf (_("option %s unarchived"), o->name));
          if (was && g_strcmp0 (was->name, o->name) != 0)
            g_ptr_array_add (c->details, g_strdup_printf (_("option %s renamed to %s"), was->name, o->name));
        }
      if (g_strcmp0 (ob, oa) != 0)
        g_ptr_array_add (c->details, g_strdup_printf (_("options: %s → %s"), ob, oa));
    }
  else if (after)
    {
      g_autofree char *oa = active_options (after);
      g_ptr_array_add (c->details, g_strdup_printf (_("options: %s"), oa));
    }
  if (g_strcmp0 (c->before, c->after) == 0 && c->details->len == 0)
    {
      change_free (c);
      return;
    }
  g_ptr_array_add (changes, c);
}

static void
compute_changes (GPtrArray   *changes,
                 LimSnapshot *before,
                 LimSnapshot *after)
{
  for (guint i = 0; i < lim_snapshot_get_n_schemas (after); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (after, i);
      schema_change (changes, lim_snapshot_lookup_schema_by_id (before, lim_snapshot_schema_get_id (s)), s);
    }
  for (guint i = 0; i < lim_snapshot_get_n_schemas (before); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (before, i);
      if (lim_snapshot_lookup_schema_by_id (after, lim_snapshot_schema_get_id (s)) == NULL)
        schema_change (changes, s, NULL);
    }
  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (after); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (after, i);
      dropdown_change (changes, lim_snapshot_lookup_dropdown_by_id (before, d->id), d);
    }
  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (before); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (before, i);
      if (lim_snapshot_lookup_dropdown_by_id (after, d->id) == NULL)
        dropdown_change (changes, d, NULL);
    }
}

/* ------------------------------------------------------------------ */
/* The clone: a sandbox in a thread of its own                         */

/* The clone is seeded, started, serves every request and is stopped in a
 * thread of its own, on a GMainContext of its own: a big tenant never
 * holds up the rehearsal's main loop.  The LimSandbox is touched by that
 * thread only; the rehearsal talks to it over HTTP (the runner's requests,
 * the control endpoints /_sandbox/state, /stats, /config, /reset). */

static gint n_clone_threads; /* atomic: clone threads not yet joined */

typedef struct _Clone Clone;
typedef void (*CloneFunc) (Clone   *clone,
                           gpointer data);

struct _Clone
{
  gatomicrefcount ref_count;
  /* set before the thread starts, read-only after */
  char         *seed;
  guint         rate_requests, rate_window;
  GMainContext *context;        /* the clone's own */
  GMainContext *owner;          /* where the rehearsal runs */
  GThread      *thread;
  gint          stop;           /* atomic: the owner asks the clone to stop */
  /* written by the clone's thread before it reports "started" */
  char   *url;
  GError *error;
  /* the owner's side */
  gboolean  joined;
  CloneFunc started, stopped;
  gpointer  started_data, stopped_data;
};

static Clone *
clone_ref (Clone *c)
{
  g_atomic_ref_count_inc (&c->ref_count);
  return c;
}

static void
clone_unref (Clone *c)
{
  if (!g_atomic_ref_count_dec (&c->ref_count))
    return;
  g_free (c->seed);
  g_main_context_unref (c->context);
  g_main_context_unref (c->owner);
  g_free (c->url);
  g_clear_error (&c->error);
  g_free (c);
}

/* Runs @func on the owner's context, always from its main loop (never at
 * once in the calling thread, as g_main_context_invoke() might). */
static void
clone_post (Clone      *c,
            GSourceFunc func)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, clone_ref (c), (GDestroyNotify) clone_unref);
  g_source_set_static_name (source, "[liminal] rehearsal clone");
  g_source_attach (source, c->owner);
  g_source_unref (source);
}

static gboolean
clone_started_cb (gpointer data)
{
  Clone *c = data;
  CloneFunc func = c->started;

  c->started = NULL;
  if (func)
    func (c, g_steal_pointer (&c->started_data));
  return G_SOURCE_REMOVE;
}

static void
clone_join (Clone *c)
{
  if (c->thread == NULL)
    return;
  g_thread_join (g_steal_pointer (&c->thread));
  g_atomic_int_dec_and_test (&n_clone_threads);
  c->joined = TRUE;
}

static gboolean
clone_stopped_cb (gpointer data)
{
  Clone *c = data;
  CloneFunc func = c->stopped;

  clone_join (c);
  c->stopped = NULL;
  if (func)
    func (c, g_steal_pointer (&c->stopped_data));
  return G_SOURCE_REMOVE;
}

static gpointer
clone_thread (gpointer data)
{
  Clone *c = data;
  LimSandbox *sandbox;

  g_main_context_push_thread_default (c->context);
  sandbox = lim_sandbox_new (NULL, c->seed, &c->error);
  if (sandbox && !lim_sandbox_start (sandbox, 0, &c->error))
    g_clear_object (&sandbox);
  if (sandbox)
    {
      c->url = lim_sandbox_get_base_url (sandbox);
      lim_sandbox_set_rate_limit (sandbox, c->rate_requests, c->rate_window);
    }
  clone_post (c, clone_started_cb);
  while (sandbox && !g_atomic_int_get (&c->stop))
    g_main_context_iteration (c->context, TRUE);
  if (sandbox)
    {
      lim_sandbox_stop (sandbox);
      g_object_unref (sandbox);
    }
  /* what the server left behind (connections closing) */
  for (guint i = 0; i < 100 && g_main_context_iteration (c->context, FALSE); i++)
    ;
  g_main_context_pop_thread_default (c->context);
  clone_post (c, clone_stopped_cb);
  clone_unref (c);
  return NULL;
}

/* Seeds and starts a sandbox from @seed in a thread of its own, answering
 * at @rate_requests per @rate_window (0: no limit); @started runs on the
 * calling thread's context once it listens (or failed: c->error). */
static Clone *
clone_start (const char *seed,
             guint       rate_requests,
             guint       rate_window,
             CloneFunc   started,
             gpointer    data)
{
  Clone *c = g_new0 (Clone, 1);

  g_atomic_ref_count_init (&c->ref_count);
  c->seed = g_strdup (seed);
  c->rate_requests = rate_requests;
  c->rate_window = rate_window;
  c->context = g_main_context_new ();
  c->owner = g_main_context_ref_thread_default ();
  c->started = started;
  c->started_data = data;
  g_atomic_int_inc (&n_clone_threads);
  c->thread = g_thread_new ("liminal-clone", clone_thread, clone_ref (c));
  return c;
}

/* Asks the clone to stop: its thread stops the server, leaves its loop and
 * is joined; then @stopped runs on the owner's context. */
static void
clone_stop (Clone    *c,
            CloneFunc stopped,
            gpointer  data)
{
  c->stopped = stopped;
  c->stopped_data = data;
  if (c->joined)
    {
      clone_stopped_cb (c);
      return;
    }
  g_atomic_int_set (&c->stop, 1);
  g_main_context_wakeup (c->context);
}

guint
_lim_rehearse_get_n_clone_threads (void)
{
  return (guint) g_atomic_int_get (&n_clone_threads);
}

/* ------------------------------------------------------------------ */
/* The machine                                                         */

typedef enum {
  STEP_STAMP,
  STEP_UP,
  STEP_DOWN,
} StepKind;

typedef struct
{
  StepKind kind;
  char    *descriptor;
  char    *revision;    /* whose operations run (a one-revision step), else NULL */
  char    *at;          /* where the clone stands after the step */
  char    *label;       /* "upgrade", "downgrade", "upgrade again", … */
  gboolean main;        /* the run being rehearsed */
  gboolean again;       /* the second upgrade of a round trip */
} Step;

static void
step_free (Step *step)
{
  g_free (step->descriptor);
  g_free (step->revision);
  g_free (step->at);
  g_free (step->label);
  g_free (step);
}

static Step *
add_step (GPtrArray  *steps,
          StepKind    kind,
          const char *descriptor,
          const char *revision,
          const char *at,
          const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->descriptor = g_strdup (descriptor);
  step->revision = g_strdup (revision);
  step->at = g_strdup (at);
  step->label = g_strdup (label);
  g_ptr_array_add (steps, step);
  return step;
}

typedef struct
{
  LimWorkspace    *workspace;
  LimTimeline     *timeline;
  LimTenant       *tenant;      /* NULL: a history */
  LimClient       *real;        /* the tenant's client */
  char            *descriptor;
  LimRehearseFlags flags;
  char            *front_end;
  LimApplyFlags    apply_flags;

  /* what the tenant answered */
  JsonNode *registries, *units, *schemas, *selectors, *results;
  guint     pending;
  GError   *read_error;

  char        *tmpdir;
  char        *responses;
  Clone       *clone;
  SoupSession *control;                    /* the clone's control endpoints */
  char        *url;
  guint        rate_requests, rate_window;  /* the tenant's */
  gboolean     paced;                       /* the clone answers at the tenant's pace */

  GPtrArray     *steps;
  guint          step;
  LimRunner     *runner;
  LimClient     *client;
  GPtrArray     *plan_revisions; /* of the current step */
  LimDirection   plan_direction;
  const LimPlan *plan;          /* of the main step, owned by its runner */
  gboolean       ran_ok;        /* the current step's run */
  char          *ran_message;
  GError        *outcome;       /* the error returned once the clone is joined */
  guint          fail_rev, fail_op;
  char          *fail_message;
  GHashTable    *states;        /* revision id → scrubbed state */
  LimSnapshot   *before;
  guint64        count_at;
  LimRunRecord  *record;

  LimRehearsal *result;
} Rehearse;

static void
rehearse_free (Rehearse *r)
{
  /* stopped on request: the record says so (an ended one ignores it) */
  if (r->record && lim_run_record_is_begun (r->record))
    lim_run_record_end (r->record, "cancelled", NULL, r->result ? r->result->from : NULL);
  if (r->clone)
    {
      /* every end joins the clone first; this is for a task dropped
       * without completing */
      r->clone->stopped = NULL;
      if (!r->clone->joined)
        {
          g_atomic_int_set (&r->clone->stop, 1);
          g_main_context_wakeup (r->clone->context);
          clone_join (r->clone);
        }
      g_clear_pointer (&r->clone, clone_unref);
    }
  g_clear_object (&r->control);
  if (r->responses)
    g_unlink (r->responses);
  if (r->tmpdir)
    g_rmdir (r->tmpdir);
  g_clear_object (&r->workspace);
  g_clear_pointer (&r->timeline, lim_timeline_unref);
  g_clear_pointer (&r->tenant, lim_tenant_unref);
  g_clear_object (&r->real);
  g_free (r->descriptor);
  g_free (r->front_end);
  g_clear_pointer (&r->registries, json_node_unref);
  g_clear_pointer (&r->units, json_node_unref);
  g_clear_pointer (&r->schemas, json_node_unref);
  g_clear_pointer (&r->selectors, json_node_unref);
  g_clear_pointer (&r->results, json_node_unref);
  g_clear_error (&r->read_error);
  g_free (r->tmpdir);
  g_free (r->responses);
  g_free (r->url);
  g_clear_pointer (&r->steps, g_ptr_array_unref);
  if (r->runner)
    g_signal_handlers_disconnect_by_data (r->runner, r);
  g_clear_object (&r->runner);
  g_clear_object (&r->client);
  g_clear_pointer (&r->plan_revisions, g_ptr_array_unref);
  g_free (r->fail_message);
  g_free (r->ran_message);
  g_clear_error (&r->outcome);
  g_clear_pointer (&r->states, g_hash_table_unref);
  g_clear_pointer (&r->before, lim_snapshot_unref);
  g_clear_pointer (&r->record, lim_run_record_free);
  g_clear_pointer (&r->result, lim_rehearsal_free);
  g_free (r);
}

static void next_step (GTask *task);

static void
return_outcome (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);

  if (r->outcome)
    g_task_return_error (task, g_steal_pointer (&r->outcome));
  else
    g_task_return_pointer (task, g_steal_pointer (&r->result), (GDestroyNotify) lim_rehearsal_free);
}

static void
clone_joined (Clone   *clone,
              gpointer data)
{
  GTask *task = data;

  return_outcome (task);
  g_object_unref (task);
}

/* The end: @error, or the result when %NULL; returned once the clone's
 * thread is stopped and joined. */
static void
complete (GTask  *task,
          GError *error)
{
  Rehearse *r = g_task_get_task_data (task);

  r->outcome = error;
  if (r->clone && !r->clone->joined)
    clone_stop (r->clone, clone_joined, g_object_ref (task));
  else
    return_outcome (task);
}

static gboolean
return_if_cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  complete (task, error);
  return TRUE;
}

static void
finish (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);

  if (r->record)
    {
      lim_run_record_end (r->record, r->result->succeeded ? "succeeded" : "failed",
                          r->result->succeeded ? NULL : r->result->message, r->result->from);
      r->result->record_id = g_strdup (lim_run_record_get_id (r->record));
    }
  complete (task, NULL);
}

static void
fail_with (GTask  *task,
           GError *error)
{
  Rehearse *r = g_task_get_task_data (task);

  if (r->record && lim_run_record_is_begun (r->record))
    lim_run_record_end (r->record, "failed", error->message, r->result ? r->result->from : NULL);
  complete (task, error);
}

/* ---- the clone's control endpoints ---- */

/* @method @path on the clone; @callback gets @task (a reference). */
static void
control_async (GTask              *task,
               const char         *method,
               const char         *path,
               const char         *body,
               GAsyncReadyCallback callback)
{
  Rehearse *r = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (r->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (r->control, msg, G_PRIORITY_DEFAULT, cancellable, callback, task);
}

static GBytes *
control_finish (GAsyncResult *result,
                GTask        *task,
                GError      **error)
{
  Rehearse *r = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (r->control, result);
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (r->control, result, error);

  if (bytes == NULL)
    return NULL;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_set_error (error, LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE, "%s %s: HTTP %u",
                   soup_message_get_method (msg), g_uri_get_path (soup_message_get_uri (msg)),
                   soup_message_get_status (msg));
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* A control request failed: the rehearsal ends (@task's reference is the caller's). */
static void
control_failed (GTask  *task,
                GError *error)
{
  if (return_if_cancelled (task))
    return;
  fail_with (task, g_error_new (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE, _("Could not read the clone: %s"),
                                error->message));
}

/* "total" of a /_sandbox/stats answer. */
static guint64
stats_total (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  return (guint64) json_object_get_int_member_with_default (json_node_get_object (node), "total", 0);
}

/* ---- scrubbing and comparing states, off the main loop ---- */

typedef struct
{
  GBytes   *state;      /* GET /_sandbox/state */
  JsonNode *seen;       /* sealed, kept alive by the rehearsal's states; nullable */
  gboolean  scrubbed;   /* out: it was a state */
  JsonNode *now;        /* out: scrubbed and sealed (when no @seen) */
  char     *difference; /* out: from @seen */
} Scrub;

static void
scrub_free (Scrub *s)
{
  g_bytes_unref (s->state);
  g_clear_pointer (&s->now, json_node_unref);
  g_free (s->difference);
  g_free (s);
}

static void
scrub_in_thread (GTask        *sub,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Scrub *s = data;
  g_autofree char *json = g_strndup (g_bytes_get_data (s->state, NULL), g_bytes_get_size (s->state));

  s->now = lim_rehearse_scrub (json, NULL);
  s->scrubbed = s->now != NULL;
  if (s->now)
    {
      json_node_seal (s->now);
      if (s->seen)
        {
          s->difference = lim_rehearse_first_difference (s->seen, s->now);
          /* only the first state at a revision is kept: a big tree is
           * freed here, not on the main loop */
          g_clear_pointer (&s->now, json_node_unref);
        }
    }
  g_task_return_boolean (sub, TRUE);
}

/* Scrubs @state (and compares it with @seen) in a worker thread;
 * @callback gets @task (a reference) and reads the Scrub of its result. */
static void
scrub_async (GTask              *task,
             GBytes             *state,
             JsonNode           *seen,
             GAsyncReadyCallback callback)
{
  GTask *sub = g_task_new (NULL, NULL, callback, task);
  Scrub *s = g_new0 (Scrub, 1);

  s->state = g_bytes_ref (state);
  s->seen = seen;
  g_task_set_source_tag (sub, scrub_async);
  g_task_set_task_data (sub, s, (GDestroyNotify) scrub_free);
  g_task_run_in_thread (sub, scrub_in_thread);
  g_object_unref (sub);
}

/* ---- before → after, off the main loop ---- */

typedef struct
{
  LimSnapshot *before, *after;  /* handed over: no other thread holds them */
  GPtrArray   *changes;         /* out */
} Changes;

static void
changes_free (Changes *c)
{
  g_clear_pointer (&c->before, lim_snapshot_unref);
  g_clear_pointer (&c->after, lim_snapshot_unref);
  g_clear_pointer (&c->changes, g_ptr_array_unref);
  g_free (c);
}

static void
changes_in_thread (GTask        *sub,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Changes *c = data;

  c->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  compute_changes (c->changes, c->before, c->after);
  /* freed here, not on the main loop */
  g_clear_pointer (&c->before, lim_snapshot_unref);
  g_clear_pointer (&c->after, lim_snapshot_unref);
  g_task_return_boolean (sub, TRUE);
}

static LimClient *
clone_client (Rehearse   *r,
              const char *label)
{
  LimClient *client = lim_client_new (r->url, label);

  lim_client_set_client_credentials (client, LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  lim_client_set_password_login (client, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL, LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  if (r->paced)
    lim_client_set_rate_limit (client, r->rate_requests, r->rate_window);
  else
    {
      /* nobody else writes to the clone: no need to wait for a lock to
       * settle or to back off long */
      lim_client_set_rate_limit (client, 1000000, 1);
      lim_client_set_time_scale (client, 0.01);
    }
  return client;
}

static const char *
revision_id_at (Rehearse *r,
                guint     index)
{
  if (r->plan_revisions == NULL || index == 0 || index > r->plan_revisions->len)
    return NULL;
  return lim_revision_get_id (g_ptr_array_index (r->plan_revisions, index - 1));
}

static void
on_operation_state (LimRunner    *runner,
                    guint         rev,
                    guint         op,
                    LimOpRunState state,
                    const char   *message,
                    gpointer      user_data)
{
  Rehearse *r = user_data;
  Step *step = g_ptr_array_index (r->steps, r->step);

  if (state == LIM_OP_RUN_FAILED && r->fail_rev == 0)
    {
      r->fail_rev = rev;
      r->fail_op = op;
      g_free (r->fail_message);
      r->fail_message = g_strdup (message);
    }
  if (step->main && r->record)
    lim_run_record_operation (r->record, revision_id_at (r, rev), op, lim_op_run_state_to_string (state), message,
                              NULL);
}

static void
on_revision_done (LimRunner  *runner,
                  guint       index,
                  const char *id,
                  gpointer    user_data)
{
  Rehearse *r = user_data;
  Step *step = g_ptr_array_index (r->steps, r->step);

  if (step->main && r->record)
    lim_run_record_revision (r->record, id);
}

/* The step failed: the first failure of the rehearsal. */
static void
step_failed (GTask      *task,
             const char *message,
             gboolean    by_operation)
{
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);
  LimRehearsal *res = r->result;
  guint rev = 0, op = 0;

  if (by_operation && !lim_runner_get_failed_precheck (r->runner, &rev, &op))
    {
      rev = r->fail_rev;
      op = r->fail_op;
    }
  res->succeeded = FALSE;
  res->failed_step = g_strdup (step->label);
  res->message = g_strdup (message ? message : r->fail_message);
  if (rev && revision_id_at (r, rev))
    {
      LimRevision *revision = g_ptr_array_index (r->plan_revisions, rev - 1);
      GPtrArray *ops = r->plan_direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (revision)
                                                             : lim_revision_get_downgrade (revision);

      res->failed_revision = g_strdup (lim_revision_get_id (revision));
      if (op && ops && op <= ops->len)
        {
          res->failed_operation = op;
          res->failed_describe = lim_operation_describe (g_ptr_array_index (ops, op - 1));
        }
    }
  else
    res->failed_revision = g_strdup (step->revision ? step->revision : step->at);
  finish (task);
}

static void
was_reset (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = control_finish (result, task, &error);

  if (bytes == NULL)
    {
      control_failed (task, error);
      g_object_unref (task);
      return;
    }
  r->step++;
  next_step (task);
}

static void
changes_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Changes *c = g_task_get_task_data (G_TASK (result));

  g_ptr_array_extend_and_steal (r->result->changes, g_steal_pointer (&c->changes));
  /* the stairway starts from the tenant as it is */
  control_async (task, "POST", "/_sandbox/reset", NULL, was_reset);
}

static void
fetched_after (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) after = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);

  if (after == NULL)
    {
      fail_with (task, g_error_new (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE, _("Could not read the clone: %s"),
                                    error->message));
      g_object_unref (task);
      return;
    }
  if (r->before)
    {
      GTask *sub = g_task_new (NULL, NULL, changes_done, task);
      Changes *c = g_new0 (Changes, 1);

      c->before = g_steal_pointer (&r->before);
      c->after = g_steal_pointer (&after);
      g_task_set_source_tag (sub, fetched_after);
      g_task_set_task_data (sub, c, (GDestroyNotify) changes_free);
      g_task_run_in_thread (sub, changes_in_thread);
      g_object_unref (sub);
      return;
    }
  /* the stairway starts from the tenant as it is */
  control_async (task, "POST", "/_sandbox/reset", NULL, was_reset);
}

static void
unpaced (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = control_finish (result, task, &error);
  g_autoptr(LimClient) reader = NULL;

  if (bytes == NULL)
    {
      control_failed (task, error);
      g_object_unref (task);
      return;
    }
  /* what the tenant will look like: read the clone as the engine does */
  reader = clone_client (r, "clone");
  lim_remote_fetch_async (reader, LIM_FETCH_FULL, g_task_get_cancellable (task), fetched_after, task);
}

/* The step ran and its state is as it should be. */
static void
step_checked (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);

  if (step->main)
    {
      /* the stairway is not the real run: the clone need not keep the pace */
      r->paced = FALSE;
      control_async (task, "POST", "/_sandbox/config", "{\"rateLimit\":0,\"rateWindow\":1}", unpaced);
      return;
    }
  r->step++;
  next_step (task);
}

/* After a step: the clone's state, compared with the one first seen at
 * the same revision; a difference fails the rehearsal. */
static void
state_scrubbed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);
  Scrub *s = g_task_get_task_data (G_TASK (result));

  if (s->scrubbed && s->seen == NULL)
    g_hash_table_insert (r->states, g_strdup (step->at), g_steal_pointer (&s->now));
  else if (s->scrubbed && s->difference == NULL)
    r->result->n_round_trips += step->again;
  else if (s->scrubbed)
    {
      g_autofree char *message = NULL;
      g_autofree char *label = g_strdup_printf (_("round trip (%s)"), step->label);

      if (step->kind == STEP_DOWN && step->revision)
        message = g_strdup_printf (_("Downgrading %s does not give back the tenant as it was at %s: it differs at %s."),
                                   step->revision, step->at, s->difference);
      else
        message = g_strdup_printf (_("After %s the tenant at %s differs from the first time it was there, at %s."),
                                   step->label, step->at, s->difference);
      g_free (step->label);
      step->label = g_steal_pointer (&label);
      step_failed (task, message, FALSE);
      g_object_unref (task);
      return;
    }
  step_checked (task);
}

static void
got_state_after (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = control_finish (result, task, &error);

  if (bytes == NULL)
    {
      control_failed (task, error);
      g_object_unref (task);
      return;
    }
  scrub_async (task, bytes, g_hash_table_lookup (r->states, step->at), state_scrubbed);
}

/* The step's run is over (r->ran_ok, r->ran_message). */
static void
after_run (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);

  if (!r->ran_ok)
    {
      if (!return_if_cancelled (task))
        step_failed (task, r->ran_message, TRUE);
      g_object_unref (task);
      return;
    }
  if (step->at == NULL)
    {
      step_checked (task);
      return;
    }
  control_async (task, "GET", "/_sandbox/state", NULL, got_state_after);
}

static void
got_count_after (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = control_finish (result, task, &error);
  guint limit = MAX (r->rate_requests, 1);

  if (bytes == NULL)
    {
      control_failed (task, error);
      g_object_unref (task);
      return;
    }
  r->result->requests = (guint) (stats_total (bytes) - r->count_at);
  r->result->seconds = (guint) ((r->result->requests * (guint64) r->rate_window + limit - 1) / limit);
  after_run (task);
}

static void
ran (GObject      *source,
     GAsyncResult *result,
     gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);
  g_autoptr(GError) error = NULL;

  if (step->kind == STEP_STAMP)
    r->ran_ok = lim_runner_stamp_finish (LIM_RUNNER (source), result, NULL, &error);
  else
    r->ran_ok = lim_runner_run_finish (LIM_RUNNER (source), result, &error);
  g_clear_pointer (&r->ran_message, g_free);
  if (!r->ran_ok)
    r->ran_message = g_strdup (error->message);
  r->result->n_steps++;
  if (step->main)
    {
      control_async (task, "GET", "/_sandbox/stats", NULL, got_count_after);
      return;
    }
  after_run (task);
}

/* The main step, prepared, with the clone as the tenant stands kept. */
static void
run_main (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  const LimPlan *plan = r->plan;

  if (r->record)
    {
      lim_run_record_set_kind (r->record, "rehearsal");
      lim_run_record_begin (r->record, "rehearse", r->descriptor, LIM_DIRECTION_UP, plan->from, plan->to,
                            plan->revisions, TRUE, FALSE, NULL);
    }
  if (plan->up_to_date)
    {
      finish (task);
      g_object_unref (task);
      return;
    }
  /* the stairway: each revision of the range up, down, up again */
  for (guint i = 0; i < plan->revisions->len; i++)
    {
      const char *id = lim_revision_get_id (g_ptr_array_index (plan->revisions, i));
      const char *prev = i == 0 ? plan->from : lim_revision_get_id (g_ptr_array_index (plan->revisions, i - 1));

      add_step (r->steps, STEP_UP, id, id, id, _("upgrade"));
      add_step (r->steps, STEP_DOWN, "-1", id, prev, _("downgrade"));
      add_step (r->steps, STEP_UP, id, id, id, _("upgrade again"))->again = TRUE;
    }
  lim_runner_run_async (r->runner, g_task_get_cancellable (task), ran, task);
}

static void
from_scrubbed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Scrub *s = g_task_get_task_data (G_TASK (result));

  if (s->now)
    g_hash_table_insert (r->states, g_strdup (r->plan->from), g_steal_pointer (&s->now));
  run_main (task);
}

static void
got_state_from (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = control_finish (result, task, &error);

  if (bytes == NULL)
    {
      control_failed (task, error);
      g_object_unref (task);
      return;
    }
  scrub_async (task, bytes, NULL, from_scrubbed);
}

static void
prepared (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);
  g_autoptr(GError) error = NULL;
  const LimPlan *plan = lim_runner_prepare_finish (LIM_RUNNER (source), result, &error);

  if (plan == NULL)
    {
      if (return_if_cancelled (task))
        ;
      else if (step->main || (r->tenant == NULL && r->step <= 1))
        fail_with (task, g_error_new (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_PLAN, "%s", error->message));
      else
        step_failed (task, error->message, FALSE);
      g_object_unref (task);
      return;
    }
  g_clear_pointer (&r->plan_revisions, g_ptr_array_unref);
  r->plan_revisions = g_ptr_array_ref (plan->revisions);
  r->plan_direction = plan->direction;
  if (step->at == NULL)
    step->at = g_strdup (plan->to);
  if (step->main)
    {
      LimRehearsal *res = r->result;

      res->from = g_strdup (plan->from);
      res->to = g_strdup (plan->to);
      res->n_revisions = plan->revisions->len;
      res->up_to_date = plan->up_to_date;
      r->plan = plan;
      /* the clone as the tenant stands (prepare only reads) */
      control_async (task, "GET", "/_sandbox/state", NULL, got_state_from);
      return;
    }
  else if (plan->up_to_date)
    {
      r->step++;
      next_step (task);
      return;
    }
  lim_runner_run_async (LIM_RUNNER (source), g_task_get_cancellable (task), ran, task);
}

static void run_step (GTask *task);

static void
got_count_at (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = control_finish (result, task, &error);

  if (bytes == NULL)
    {
      control_failed (task, error);
      g_object_unref (task);
      return;
    }
  r->count_at = stats_total (bytes);
  run_step (task);
}

static void
next_step (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  Step *step;
  g_autofree char *label = NULL;

  if (return_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (r->step >= r->steps->len)
    {
      finish (task);
      g_object_unref (task);
      return;
    }
  step = g_ptr_array_index (r->steps, r->step);
  if (r->runner)
    g_signal_handlers_disconnect_by_data (r->runner, r);
  g_clear_object (&r->runner);
  g_clear_object (&r->client);
  r->fail_rev = r->fail_op = 0;
  label = g_strdup_printf ("%s (clone)", r->tenant ? lim_tenant_get_alias (r->tenant) : "history");
  r->client = clone_client (r, label);
  r->runner = lim_runner_new (r->client, r->timeline, label, NULL, r->apply_flags);
  g_signal_connect (r->runner, "operation-state", G_CALLBACK (on_operation_state), r);
  g_signal_connect (r->runner, "revision-done", G_CALLBACK (on_revision_done), r);
  if (step->main)
    {
      control_async (task, "GET", "/_sandbox/stats", NULL, got_count_at);
      return;
    }
  run_step (task);
}

static void
run_step (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  Step *step = g_ptr_array_index (r->steps, r->step);

  if (step->kind == STEP_STAMP)
    lim_runner_stamp_async (r->runner, step->descriptor, g_task_get_cancellable (task), ran, task);
  else
    lim_runner_prepare_async (r->runner, step->kind == STEP_UP ? LIM_DIRECTION_UP : LIM_DIRECTION_DOWN,
                              step->descriptor, LIM_RUN_FLAGS_YES, g_task_get_cancellable (task), prepared, task);
}

static void
clone_started (Clone   *clone,
               gpointer data)
{
  GTask *task = data;
  Rehearse *r = g_task_get_task_data (task);

  if (clone->error)
    {
      fail_with (task, g_error_new (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE, _("Could not make the clone: %s"),
                                    clone->error->message));
      g_object_unref (task);
      return;
    }
  r->url = g_strdup (clone->url);
  next_step (task);
}

/* Start the clone from @seed (in its own thread) and go through the steps. */
static void
start_clone (GTask      *task,
             const char *seed)
{
  Rehearse *r = g_task_get_task_data (task);

  /* the tenant's pace, or none */
  r->paced = r->tenant != NULL && !(r->flags & LIM_REHEARSE_FLAGS_UNPACED) && r->rate_requests > 0;
  /* the clone is local: no proxy */
  r->control = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  r->clone = clone_start (seed, r->paced ? r->rate_requests : 0, r->paced ? r->rate_window : 1, clone_started, task);
}

static Rehearse *
rehearse_new (LimWorkspace    *workspace,
              LimRehearseFlags flags)
{
  Rehearse *r = g_new0 (Rehearse, 1);

  r->workspace = g_object_ref (workspace);
  r->timeline = lim_timeline_ref (lim_workspace_get_timeline (workspace));
  r->flags = flags;
  r->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  r->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  r->result = rehearsal_new ();
  return r;
}

/* ---- reading the tenant ---- */

static char *
node_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : g_strdup ("null");
}

/* What the tenant answered, handed to a worker: the engine's reading of it
 * (before → after) and the file the clone is seeded from. */
typedef struct
{
  JsonNode    *registries, *units, *schemas, *selectors, *results; /* handed over */
  LimSnapshot *before;          /* out */
  char        *tmpdir;          /* out */
  char        *responses;       /* out */
  GError      *error;           /* out */
} Seed;

static void
seed_free (Seed *s)
{
  g_clear_pointer (&s->registries, json_node_unref);
  g_clear_pointer (&s->units, json_node_unref);
  g_clear_pointer (&s->schemas, json_node_unref);
  g_clear_pointer (&s->selectors, json_node_unref);
  g_clear_pointer (&s->results, json_node_unref);
  g_clear_pointer (&s->before, lim_snapshot_unref);
  g_free (s->tmpdir);
  g_free (s->responses);
  g_clear_error (&s->error);
  g_free (s);
}

static void
seed_in_thread (GTask        *sub,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Seed *s = data;
  g_autofree char *registries = NULL, *schemas = NULL, *selectors = NULL, *results = NULL, *units = NULL;
  g_autofree char *text = NULL;

  {
    /* the engine's own reading of the same answers, for before → after */
    g_autoptr(JsonObject) unit_types = json_object_new ();
    g_autoptr(JsonNode) units_node = json_node_new (JSON_NODE_OBJECT);

    json_object_set_member (unit_types, "unitTypes", json_node_ref (s->units));
    json_node_set_object (units_node, unit_types);
    s->before = lim_snapshot_new_from_json_full (s->registries, s->schemas, s->selectors, units_node,
                                                 LIM_SNAPSHOT_LOAD_SKIP_INVALID, NULL);
  }
  registries = node_to_string (s->registries);
  schemas = node_to_string (s->schemas);
  selectors = node_to_string (s->selectors);
  units = node_to_string (s->units);
  results = s->results ? node_to_string (s->results) : g_strdup ("null");
  text = g_strdup_printf ("{\"format\":\"benchling-responses/1\",\"registries\":%s,\"unitTypes\":%s,"
                          "\"tagSchemas\":%s,\"selectors\":%s,\"resultSchemas\":%s}\n",
                          registries, units, schemas, selectors, results);
  s->tmpdir = g_dir_make_tmp ("liminal-rehearse-XXXXXX", &s->error);
  if (s->tmpdir)
    {
      s->responses = g_build_filename (s->tmpdir, "benchling-responses.json", NULL);
      if (!g_file_set_contents_full (s->responses, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &s->error))
        g_clear_pointer (&s->responses, g_free);
    }
  /* the answers are freed here, not on the main loop */
  g_clear_pointer (&s->registries, json_node_unref);
  g_clear_pointer (&s->units, json_node_unref);
  g_clear_pointer (&s->schemas, json_node_unref);
  g_clear_pointer (&s->selectors, json_node_unref);
  g_clear_pointer (&s->results, json_node_unref);
  g_task_return_boolean (sub, TRUE);
}

static void
seed_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  Seed *s = g_task_get_task_data (G_TASK (result));
  g_autofree char *seed = NULL;

  r->before = g_steal_pointer (&s->before);
  r->tmpdir = g_steal_pointer (&s->tmpdir);
  r->responses = g_steal_pointer (&s->responses);
  if (r->responses == NULL)
    {
      fail_with (task, g_error_new (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_CLONE, _("Could not make the clone: %s"),
                                    s->error->message));
      g_object_unref (task);
      return;
    }
  if (return_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  seed = g_strconcat ("benchling:", r->responses, NULL);
  start_clone (task, seed);
}

static void
read_done (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  GTask *sub;
  Seed *s;

  if (--r->pending > 0)
    {
      g_object_unref (task);
      return;
    }
  if (r->read_error)
    {
      GError *e = g_error_new (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_READ, _("Could not read tenant %s: %s"),
                               lim_tenant_get_alias (r->tenant), r->read_error->message);
      fail_with (task, e);
      g_object_unref (task);
      return;
    }
  lim_client_get_rate_limit (r->real, &r->rate_requests, &r->rate_window);
  /* A few answers only show the time left in the window they fell in:
   * the window is Benchling's documented one unless the tenant showed a
   * longer one (the estimate errs long, never short). */
  r->rate_window = MAX (r->rate_window, LIM_REHEARSE_DEFAULT_WINDOW_S);
  r->result->rate_requests = r->rate_requests;
  r->result->rate_window = r->rate_window;
  s = g_new0 (Seed, 1);
  s->registries = g_steal_pointer (&r->registries);
  s->units = g_steal_pointer (&r->units);
  s->schemas = g_steal_pointer (&r->schemas);
  s->selectors = g_steal_pointer (&r->selectors);
  s->results = g_steal_pointer (&r->results);
  sub = g_task_new (NULL, NULL, seed_written, task);
  g_task_set_source_tag (sub, read_done);
  g_task_set_task_data (sub, s, (GDestroyNotify) seed_free);
  g_task_run_in_thread (sub, seed_in_thread);
  g_object_unref (sub);
}

static void
keep_error (Rehearse *r,
            GError   *error)
{
  if (r->read_error == NULL)
    r->read_error = error;
  else
    g_error_free (error);
}

static void
got_units (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  GError *error = NULL;
  JsonArray *units = lim_client_get_all_finish (LIM_CLIENT (source), result, &error);

  if (units)
    {
      r->units = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (r->units, units);
    }
  else
    keep_error (r, error);
  read_done (task);
}

/* Each read has its own callback so no answer can be taken for another. */
#define READ_CALLBACK(fn, member) \
  static void \
  fn (GObject *source, GAsyncResult *result, gpointer user_data) \
  { \
    GTask *task = user_data; \
    Rehearse *r = g_task_get_task_data (task); \
    GError *error = NULL; \
    JsonNode *node = lim_client_send_finish (LIM_CLIENT (source), result, NULL, &error); \
    if (node) \
    r->member = node; \
    else if (error) \
    keep_error (r, error); \
    else \
    keep_error (r, g_error_new_literal (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_READ, "empty answer")); \
    read_done (task); \
  }

READ_CALLBACK (got_schemas, schemas)
READ_CALLBACK (got_selectors, selectors)

/* Result schemas are not on the migration path: a tenant that will not
 * list them is cloned without them. */
static void
got_results (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  r->results = lim_client_send_finish (LIM_CLIENT (source), result, NULL, &error);
  read_done (task);
}

static void
got_registries (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Rehearse *r = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node = lim_client_send_finish (LIM_CLIENT (source), result, NULL, &error);
  JsonArray *regs = NULL;

  if (node && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "registries") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (node), "registries")))
    regs = json_object_get_array_member (json_node_get_object (node), "registries");
  r->registries = node;
  if (regs && json_array_get_length (regs) == 1)
    {
      const char *id = obj_str (json_array_get_object_element (regs, 0), "id");
      g_autofree char *escaped = g_uri_escape_string (id ? id : "", NULL, TRUE);
      g_autofree char *path = g_strdup_printf ("/1/api/schema-field-selectors/?registryId=%s", escaped);

      r->pending++;
      g_object_ref (task);
      lim_client_send_async (r->real, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, 0, g_task_get_cancellable (task),
                             got_selectors, task);
    }
  else if (error == NULL)
    error = g_error_new_literal (LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_READ,
                                 _("the tenant does not have exactly one registry"));
  if (error)
    keep_error (r, error);
  read_done (task);
}

/* The tenant's complete state, read with GET requests only. */
static void
read_tenant (GTask *task)
{
  Rehearse *r = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  r->pending = 4;
  lim_client_send_async (r->real, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL, 0, cancellable,
                         got_registries, g_object_ref (task));
  lim_client_get_all_async (r->real, "/api/v2-alpha/unit-types", "unitTypes", cancellable, got_units,
                            g_object_ref (task));
  lim_client_send_async (r->real, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL, 0, cancellable,
                         got_schemas, g_object_ref (task));
  lim_client_send_async (r->real, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/result-schemas", NULL, 0, cancellable,
                         got_results, g_object_ref (task));
  g_object_unref (task);
}

void
lim_rehearse_tenant_async (LimWorkspace       *workspace,
                           LimTenant          *tenant,
                           LimClient          *client,
                           const char         *descriptor,
                           LimRehearseFlags    flags,
                           const char         *front_end,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Rehearse *r = rehearse_new (workspace, flags);
  g_autofree char *runs_dir = lim_workspace_dup_runs_dir (workspace);

  g_task_set_source_tag (task, lim_rehearse_tenant_async);
  r->tenant = lim_tenant_ref (tenant);
  r->real = g_object_ref (client);
  r->descriptor = g_strdup (descriptor ? descriptor : "head");
  r->front_end = g_strdup (front_end);
  r->apply_flags = lim_workspace_apply_flags_for (tenant);
  r->result->tenant = g_strdup (lim_tenant_get_alias (tenant));
  if (runs_dir)
    r->record = lim_run_record_new (runs_dir, tenant, client, front_end);
  add_step (r->steps, STEP_UP, r->descriptor, NULL, NULL, _("upgrade"));
  ((Step *) g_ptr_array_index (r->steps, 0))->main = TRUE;
  g_task_set_task_data (task, r, (GDestroyNotify) rehearse_free);
  read_tenant (task);
}

LimRehearsal *
lim_rehearse_tenant_finish (GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lim_rehearse_history_async (LimWorkspace       *workspace,
                            LimRehearseFlags    flags,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Rehearse *r = rehearse_new (workspace, flags);
  LimTimeline *timeline = r->timeline;
  guint n = lim_timeline_get_n_revisions (timeline);
  const char *base, *head;

  g_task_set_source_tag (task, lim_rehearse_history_async);
  g_task_set_task_data (task, r, (GDestroyNotify) rehearse_free);
  if (n == 0)
    {
      g_task_return_new_error (task, LIM_REHEARSE_ERROR, LIM_REHEARSE_ERROR_PLAN, _("The history has no revisions."));
      g_object_unref (task);
      return;
    }
  base = lim_revision_get_id (lim_timeline_get_nth (timeline, 0));
  head = lim_revision_get_id (lim_timeline_get_nth (timeline, n - 1));
  r->result->from = g_strdup (base);
  r->result->to = g_strdup (head);
  r->result->n_revisions = n - 1;
  r->rate_requests = 0;
  r->rate_window = 1;

  add_step (r->steps, STEP_STAMP, base, NULL, base, _("stamp base"));
  /* base → head one revision at a time: the state at each revision is
   * known before anything comes back down to it */
  for (guint i = 1; i < n; i++)
    {
      const char *id = lim_revision_get_id (lim_timeline_get_nth (timeline, i));
      add_step (r->steps, STEP_UP, id, id, id, _("upgrade"));
    }
  /* the stairway down: each revision down, up again, and down to go on */
  for (guint i = n - 1; i >= 1; i--)
    {
      const char *id = lim_revision_get_id (lim_timeline_get_nth (timeline, i));
      const char *prev = lim_revision_get_id (lim_timeline_get_nth (timeline, i - 1));

      add_step (r->steps, STEP_DOWN, "-1", id, prev, _("downgrade"));
      add_step (r->steps, STEP_UP, id, id, id, _("upgrade again"))->again = TRUE;
      add_step (r->steps, STEP_DOWN, "-1", id, prev, _("downgrade again"));
    }
  /* at base: the whole history again, down, and again */
  add_step (r->steps, STEP_UP, "head", NULL, head, _("base → head"));
  add_step (r->steps, STEP_DOWN, base, NULL, base, _("head → base"));
  add_step (r->steps, STEP_UP, "head", NULL, head, _("base → head"));
  start_clone (task, "empty");
}

LimRehearsal *
lim_rehearse_history_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* lim-compare.c — Liminal's compare / autogenerate (§5), see lim-compare.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-compare.h"
#include "lim-benchling-types.h"
#include "lim-revision.h"

G_DEFINE_QUARK (lim-compare-error-quark, lim_compare_error)

/* ---------------------------------------------------------------- desired state */

typedef struct
{
  char      *name;
  GPtrArray *options;   /* element-type utf8 */
} DesiredDropdown;

struct _LimDesiredSchema
{
  LimProps        *props;   /* every SchemaProperties key set */
  LimNameTemplate *tmpl;    /* parts and order set */
  GPtrArray       *fields;  /* element-type LimProps*, every key set */
};

struct _LimDesired
{
  GPtrArray *dropdowns;     /* element-type DesiredDropdown* */
  GPtrArray *schemas;       /* element-type LimDesiredSchema* */
};

static void
desired_dropdown_free (gpointer data)
{
  DesiredDropdown *d = data;

  g_free (d->name);
  g_ptr_array_unref (d->options);
  g_free (d);
}

static void
desired_schema_free (gpointer data)
{
  LimDesiredSchema *s = data;

  lim_props_free (s->props);
  lim_name_template_free (s->tmpl);
  g_ptr_array_unref (s->fields);
  g_free (s);
}

LimDesired *
lim_desired_new (void)
{
  LimDesired *desired = g_new0 (LimDesired, 1);

  desired->dropdowns = g_ptr_array_new_with_free_func (desired_dropdown_free);
  desired->schemas = g_ptr_array_new_with_free_func (desired_schema_free);
  return desired;
}

void
lim_desired_free (LimDesired *desired)
{
  if (desired == NULL)
    return;
  g_ptr_array_unref (desired->dropdowns);
  g_ptr_array_unref (desired->schemas);
  g_free (desired);
}

guint
lim_desired_get_n_schemas (const LimDesired *desired)
{
  return desired->schemas->len;
}

guint
lim_desired_get_n_dropdowns (const LimDesired *desired)
{
  return desired->dropdowns->len;
}

void
lim_desired_add_dropdown (LimDesired        *desired,
                          const char        *name,
                          const char *const *options,
                          gssize             n_options)
{
  DesiredDropdown *d;

  g_return_if_fail (desired != NULL);
  g_return_if_fail (name != NULL);

  d = g_new0 (DesiredDropdown, 1);
  d->name = g_strdup (name);
  d->options = g_ptr_array_new_with_free_func (g_free);
  for (gssize i = 0; options && (n_options < 0 ? options[i] != NULL : i < n_options); i++)
    g_ptr_array_add (d->options, g_strdup (options[i]));
  g_ptr_array_add (desired->dropdowns, d);
}

/* An empty, *set* parts list (parts=[]).  lim_name_template_add_part()
 * creates the array with its own free func when there are parts. */
static void
template_set_empty_parts (LimNameTemplate *t)
{
  g_clear_pointer (&t->parts, g_ptr_array_unref);
  t->parts = g_ptr_array_new ();
  t->parts_set = TRUE;
}

static void
template_copy_parts (LimNameTemplate       *dst,
                     const LimNameTemplate *src)
{
  g_clear_pointer (&dst->parts, g_ptr_array_unref);
  dst->parts_set = TRUE;
  if (src->parts == NULL || src->parts->len == 0)
    {
      if (src->parts == NULL && src->parts_set)
        dst->parts = NULL;   /* parts=None */
      else
        template_set_empty_parts (dst);
      return;
    }
  for (guint i = 0; i < src->parts->len; i++)
    {
      const LimNameTemplatePart *part = g_ptr_array_index (src->parts, i);
      lim_name_template_add_part (dst, part->spec, part->data);
    }
}

LimDesiredSchema *
lim_desired_add_schema (LimDesired            *desired,
                        const LimProps        *props,
                        const LimNameTemplate *name_template)
{
  static const char *const default_strategies[] = { "NEW_IDS", "IDS_FROM_NAMES", "DELETE_NAMES" };
  LimDesiredSchema *s;
  LimProps *p;

  g_return_val_if_fail (desired != NULL, NULL);
  g_return_val_if_fail (props != NULL && props->kind == LIM_PROPS_SCHEMA, NULL);

  p = lim_props_copy (props);
  p->archived = FALSE;
  for (guint k = 0; k < LIM_SCHEMA_N_KEYS; k++)
    {
      if (lim_props_is_set (p, k))
        continue;
      switch (k)
        {
        case LIM_SCHEMA_NAMING_STRATEGIES:
          lim_props_set_set (p, k, default_strategies, G_N_ELEMENTS (default_strategies));
          break;
        case LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL:
        case LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS:
        case LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW:
          lim_props_set_bool (p, k, FALSE);
          break;
        case LIM_SCHEMA_CONSTRAINT_FIELDS:
          lim_props_set_set (p, k, NULL, 0);
          break;
        default:
          lim_props_set_none (p, k);
          break;
        }
    }

  s = g_new0 (LimDesiredSchema, 1);
  s->props = p;
  s->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_props_free);
  if (name_template != NULL)
    s->tmpl = lim_name_template_copy (name_template);
  else
    s->tmpl = lim_name_template_new ();
  if (!s->tmpl->parts_set || s->tmpl->parts == NULL)
    template_set_empty_parts (s->tmpl);
  if (!s->tmpl->order_set || s->tmpl->order_name_parts_by_sequence == LIM_TRI_NONE)
    {
      s->tmpl->order_set = TRUE;
      s->tmpl->order_name_parts_by_sequence = LIM_TRI_FALSE;
    }
  g_ptr_array_add (desired->schemas, s);
  return s;
}

void
lim_desired_schema_add_field (LimDesiredSchema *schema,
                              const LimProps   *props)
{
  LimProps *p;

  g_return_if_fail (schema != NULL);
  g_return_if_fail (props != NULL && props->kind == LIM_PROPS_FIELD);
  g_return_if_fail (lim_props_get_str (props, LIM_FIELD_WAREHOUSE_NAME) != NULL);

  p = lim_props_copy (props);
  p->archived = FALSE;
  for (guint k = 0; k < LIM_FIELD_N_KEYS; k++)
    if (!lim_props_is_set (p, k))
      lim_props_set_none (p, k);
  g_ptr_array_add (schema->fields, p);
}

/* ---------------------------------------------------------------- property helpers */

/* Value equality of one key, with remote null booleans counting as false
 * (deliberate fix, §5.4).  Mixture configs compare by value (no "always
 * different" quirk). */
static gboolean
key_equal (const LimProps *a,
           const LimProps *b,
           guint           key)
{
  const LimPropSpec *specs = lim_props_specs (a->kind, NULL);

  if (specs[key].type == LIM_PROP_BOOL)
    return lim_props_get_bool (a, key) == lim_props_get_bool (b, key);
  return lim_props_value_equal (a, b, key);
}

static gboolean
props_equal (const LimProps *a,
             const LimProps *b)
{
  guint n;

  lim_props_specs (a->kind, &n);
  for (guint k = 0; k < n; k++)
    if (!key_equal (a, b, k))
      return FALSE;
  return TRUE;
}

/* dst[key] = src[key] (set; None when src has no value). */
static void
copy_key (LimProps       *dst,
          const LimProps *src,
          guint           key)
{
  const LimPropSpec *specs = lim_props_specs (src->kind, NULL);

  if (!lim_props_is_set (src, key) || lim_props_is_none (src, key))
    {
      lim_props_set_none (dst, key);
      return;
    }
  switch (specs[key].type)
    {
    case LIM_PROP_STR:
    case LIM_PROP_ENUM:
      lim_props_set_str (dst, key, lim_props_get_str (src, key));
      break;
    case LIM_PROP_BOOL:
      lim_props_set_bool (dst, key, lim_props_get_bool (src, key));
      break;
    case LIM_PROP_INT:
      lim_props_set_int (dst, key, lim_props_get_int (src, key));
      break;
    case LIM_PROP_ENUM_SET:
    case LIM_PROP_STR_SET:
      {
        GPtrArray *set = lim_props_get_set (src, key);
        lim_props_set_set (dst, key, set ? (const char *const *) set->pdata : NULL, set ? (gssize) set->len : 0);
      }
      break;
    case LIM_PROP_MIXTURE:
      lim_props_set_mixture (dst, key, lim_props_get_mixture (src, key));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Liminal's `old.merge(new)`: the keys whose values differ, with new's
 * values. */
static LimProps *
props_merge (const LimProps *old,
             const LimProps *new_props)
{
  LimProps *diff = lim_props_new (old->kind);
  guint n;

  lim_props_specs (old->kind, &n);
  for (guint k = 0; k < n; k++)
    if (!key_equal (old, new_props, k))
      copy_key (diff, new_props, k);
  return diff;
}

static LimTri
tri_norm (LimTri t)
{
  return t == LIM_TRI_TRUE ? LIM_TRI_TRUE : LIM_TRI_FALSE;
}

static gboolean
template_equal (const LimNameTemplate *a,
                const LimNameTemplate *b)
{
  return lim_name_template_parts_equal (a, b) &&
         tri_norm (a->order_name_parts_by_sequence) == tri_norm (b->order_name_parts_by_sequence);
}

static LimNameTemplate *
template_merge (const LimNameTemplate *old,
                const LimNameTemplate *new_t)
{
  LimNameTemplate *diff = lim_name_template_new ();

  if (!lim_name_template_parts_equal (old, new_t))
    template_copy_parts (diff, new_t);
  if (tri_norm (old->order_name_parts_by_sequence) != tri_norm (new_t->order_name_parts_by_sequence))
    {
      diff->order_set = TRUE;
      diff->order_name_parts_by_sequence = new_t->order_name_parts_by_sequence;
    }
  return diff;
}

/* Python truthiness of an optional string key. */
static const char *
truthy_str (const LimProps *p,
            guint           key)
{
  const char *s = lim_props_get_str (p, key);

  return s != NULL && *s != '\0' ? s : NULL;
}

static gboolean
strv_equal (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gint64
strv_index (GPtrArray  *a,
            const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), s) == 0)
      return i;
  return -1;
}

/* ---------------------------------------------------------------- operations */

static LimOperation *
op_s (LimOpKind   kind,
      const char *a)
{
  LimOperation *op = lim_operation_new (kind);

  op->args[0].s = g_strdup (a);
  return op;
}

/* @op with its argument @i set to @arg, which it takes. */
static LimOperation *
op_with (LimOperation *op,
         guint         i,
         LimOpArg      arg)
{
  op->args[i] = arg;
  return op;
}

static LimOperation *
op_ss (LimOpKind   kind,
       const char *a,
       const char *b)
{
  return op_with (op_s (kind, a), 1, (LimOpArg) { .s = g_strdup (b) });
}

/* (name, name, index); @index < 0 means None. */
static LimOperation *
op_ssi (LimOpKind   kind,
        const char *a,
        const char *b,
        gint64      index)
{
  return op_with (op_ss (kind, a, b), 2, (LimOpArg) { .has_index = index >= 0, .index = index >= 0 ? index : 0 });
}

/* (name, strv); takes @strv. */
static LimOperation *
op_sv (LimOpKind   kind,
       const char *a,
       GPtrArray  *strv)
{
  return op_with (op_s (kind, a), 1, (LimOpArg) { .strv = strv });
}

/* UpdateEntitySchema(W, props); takes @props. */
static LimOperation *
op_update_schema (const char *wh,
                  LimProps   *props)
{
  return op_with (op_s (LIM_OP_UPDATE_ENTITY_SCHEMA, wh), 1, (LimOpArg) { .props = props });
}

/* UpdateEntitySchemaField(W, F, props); takes @props. */
static LimOperation *
op_update_field (const char *wh,
                 const char *field,
                 LimProps   *props)
{
  return op_with (op_ss (LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD, wh, field), 2, (LimOpArg) { .props = props });
}

/* UpdateEntitySchemaNameTemplate(W, t); takes @t. */
static LimOperation *
op_update_template (const char      *wh,
                    LimNameTemplate *t)
{
  return op_with (op_s (LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE, wh), 1, (LimOpArg) { .tmpl = t });
}

/* ---------------------------------------------------------------- pairs */

typedef struct
{
  LimOperation *op;
  LimOperation *reverse;
  guint         seq;      /* insertion order, for the stable sort */
} Pair;

typedef struct
{
  GArray *pairs;          /* element-type Pair */
} Pairs;

static void
pairs_add (Pairs        *pairs,
           LimOperation *op,
           LimOperation *reverse)
{
  Pair p = { op, reverse, pairs->pairs->len };

  g_array_append_val (pairs->pairs, p);
}

static int
pair_compare (gconstpointer a,
              gconstpointer b)
{
  const Pair *pa = a;
  const Pair *pb = b;

  if (pa->op->spec->order != pb->op->spec->order)
    return pa->op->spec->order < pb->op->spec->order ? -1 : 1;
  return pa->seq < pb->seq ? -1 : (pa->seq > pb->seq ? 1 : 0);
}

static void
pairs_clear (Pairs *pairs)
{
  for (guint i = 0; i < pairs->pairs->len; i++)
    {
      Pair *p = &g_array_index (pairs->pairs, Pair, i);
      lim_operation_free (p->op);
      lim_operation_free (p->reverse);
    }
  g_array_unref (pairs->pairs);
}

/* Liminal's reorder check: the names @desired and @remote share, each list
 * in its own order (@desired_set, @remote_set: their members).  When the
 * orders differ, a reorder pair of @kind: to @desired, and back to the
 * shared names in remote order. */
static void
pairs_add_reorder (Pairs      *pairs,
                   LimOpKind   kind,
                   const char *name,
                   GPtrArray  *desired,
                   GHashTable *desired_set,
                   GPtrArray  *remote,
                   GHashTable *remote_set)
{
  g_autoptr(GPtrArray) recreated_remote = g_ptr_array_new ();
  g_autoptr(GPtrArray) recreated_desired = g_ptr_array_new ();

  for (guint i = 0; i < remote->len; i++)
    if (g_hash_table_contains (desired_set, g_ptr_array_index (remote, i)))
      g_ptr_array_add (recreated_remote, g_ptr_array_index (remote, i));
  for (guint i = 0; i < desired->len; i++)
    if (g_hash_table_contains (remote_set, g_ptr_array_index (desired, i)))
      g_ptr_array_add (recreated_desired, g_ptr_array_index (desired, i));
  if (!strv_equal (recreated_desired, recreated_remote))
    pairs_add (pairs,
               op_sv (kind, name, lim_operation_strv_copy (desired)),
               op_sv (kind, name, lim_operation_strv_copy (recreated_remote)));
}

/* ---------------------------------------------------------------- dropdowns (§5.3) */

static void
compare_dropdown (Pairs                     *pairs,
                  const DesiredDropdown     *local,
                  const LimSnapshotDropdown *remote)
{
  const char *name = local->name;
  gboolean unarchive = FALSE;
  g_autoptr(GPtrArray) remote_options = NULL;
  g_autoptr(GHashTable) remote_set = NULL;
  g_autoptr(GHashTable) local_set = NULL;
  g_autoptr(GHashTable) seen = NULL;

  /* D1 */
  if (remote == NULL)
    {
      pairs_add (pairs, op_sv (LIM_OP_CREATE_DROPDOWN, name, lim_operation_strv_copy (local->options)),
                 op_s (LIM_OP_ARCHIVE_DROPDOWN, name));
      return;
    }

  /* D2 */
  if (remote->archived)
    {
      pairs_add (pairs, op_s (LIM_OP_UNARCHIVE_DROPDOWN, name), op_s (LIM_OP_ARCHIVE_DROPDOWN, name));
      unarchive = TRUE;
    }

  /* Unarchived: all options, archived ones included; else the active ones. */
  remote_options = g_ptr_array_new ();
  remote_set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < remote->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (remote->options, i);
      if (unarchive || !o->archived)
        {
          g_ptr_array_add (remote_options, o->name);
          g_hash_table_add (remote_set, o->name);
        }
    }

  /* D3 */
  if (strv_equal (remote_options, local->options) && !unarchive)
    return;

  local_set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < local->options->len; i++)
    g_hash_table_add (local_set, g_ptr_array_index (local->options, i));

  /* set(remote) − set(local): Liminal iterates a set (random order); here
   * the remote option order, each name once. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < remote_options->len; i++)
    {
      const char *o = g_ptr_array_index (remote_options, i);

      if (g_hash_table_contains (local_set, o) || !g_hash_table_add (seen, (gpointer) o))
        continue;
      pairs_add (pairs,
                 op_ssi (LIM_OP_ARCHIVE_DROPDOWN_OPTION, name, o, strv_index (remote_options, o)),
                 op_ssi (LIM_OP_CREATE_DROPDOWN_OPTION, name, o, strv_index (remote_options, o)));
    }

  for (guint i = 0; i < local->options->len; i++)
    {
      const char *v = g_ptr_array_index (local->options, i);
      gint64 index;

      if (!unarchive && strv_index (remote_options, v) >= 0)
        continue;
      index = strv_index (local->options, v);
      pairs_add (pairs,
                 op_ssi (LIM_OP_CREATE_DROPDOWN_OPTION, name, v, index),
                 op_ssi (LIM_OP_ARCHIVE_DROPDOWN_OPTION, name, v, index));
    }

  pairs_add_reorder (pairs, LIM_OP_REORDER_DROPDOWN_OPTIONS, name, local->options, local_set, remote_options,
                     remote_set);
}

static int
compare_strptr (gconstpointer a,
                gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
compare_dropdowns (Pairs       *pairs,
                   LimDesired  *desired,
                   LimSnapshot *remote)
{
  g_autoptr(GHashTable) processed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) leftover_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) leftovers = g_ptr_array_new ();

  for (guint i = 0; i < desired->dropdowns->len; i++)
    {
      const DesiredDropdown *d = g_ptr_array_index (desired->dropdowns, i);

      /* Keyed by name, last one wins (get_benchling_dropdowns_dict). */
      compare_dropdown (pairs, d, lim_snapshot_lookup_dropdown (remote, d->name));
      g_hash_table_add (processed, d->name);
    }

  /* Active remote dropdowns nobody names.  Liminal iterates a set
   * difference (random order); here sorted by name. */
  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (remote); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (remote, i);
      const LimSnapshotDropdown *winner = lim_snapshot_lookup_dropdown (remote, d->name);

      if (winner->archived || g_hash_table_contains (processed, d->name) ||
          !g_hash_table_add (leftover_set, d->name))
        continue;
      g_ptr_array_add (leftovers, d->name);
    }
  g_ptr_array_sort (leftovers, compare_strptr);
  for (guint i = 0; i < leftovers->len; i++)
    {
      const char *name = g_ptr_array_index (leftovers, i);
      pairs_add (pairs, op_s (LIM_OP_ARCHIVE_DROPDOWN, name), op_s (LIM_OP_UNARCHIVE_DROPDOWN, name));
    }
}

/* ---------------------------------------------------------------- entity schemas (§5.2) */

static gboolean
is_remote_candidate (LimSnapshot             *remote,
                     const LimSnapshotSchema *schema)
{
  return g_strcmp0 (lim_snapshot_schema_get_registry_id (schema), lim_snapshot_get_registry_id (remote)) == 0 &&
         g_strcmp0 (lim_snapshot_schema_get_warehouse_name (schema), LIM_SNAPSHOT_REMOTE_SCHEMA) != 0;
}

/* First remote schema of the registry with that warehouse name, not
 * liminal_remote. */
static const LimSnapshotSchema *
find_remote_schema (LimSnapshot *remote,
                    const char  *wh)
{
  if (g_strcmp0 (wh, LIM_SNAPSHOT_REMOTE_SCHEMA) == 0)
    return NULL;
  return lim_snapshot_lookup_schema (remote, wh);
}

/* The remote fields as Liminal's dict {systemName: props}: key order is the
 * first occurrence, the value the last one. */
typedef struct
{
  GPtrArray  *keys;      /* element-type utf8 (borrowed) */
  GHashTable *by_name;   /* utf8 → const LimProps* */
} RemoteFields;

static void
remote_fields_init (RemoteFields            *rf,
                    const LimSnapshotSchema *schema)
{
  rf->keys = g_ptr_array_new ();
  rf->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      /* The derived props carry systemName (cheaper than the JSON). */
      const char *wh = lim_props_get_str (f->props, LIM_FIELD_WAREHOUSE_NAME);

      if (wh == NULL)
        continue;
      if (!g_hash_table_contains (rf->by_name, wh))
        g_ptr_array_add (rf->keys, (gpointer) wh);
      g_hash_table_insert (rf->by_name, (gpointer) wh, f->props);
    }
}

static void
remote_fields_clear (RemoteFields *rf)
{
  g_ptr_array_unref (rf->keys);
  g_hash_table_unref (rf->by_name);
}

static void
compare_existing_schema (Pairs                   *pairs,
                         const LimDesiredSchema  *model,
                         const LimSnapshotSchema *remote_schema)
{
  const char *wh = lim_props_get_str (model->props, LIM_SCHEMA_WAREHOUSE_NAME);
  RemoteFields rf;
  g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) column_names = g_ptr_array_new ();

  /* The model's columns dict (first definition wins its position). */
  for (guint i = 0; i < model->fields->len; i++)
    {
      LimProps *f = g_ptr_array_index (model->fields, i);
      const char *name = lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME);

      if (!g_hash_table_contains (columns, name))
        g_ptr_array_add (column_names, (gpointer) name);
      g_hash_table_insert (columns, (gpointer) name, f);
    }

  remote_fields_init (&rf, remote_schema);

  /* E1 */
  if (lim_snapshot_schema_is_archived (remote_schema))
    pairs_add (pairs, op_s (LIM_OP_UNARCHIVE_ENTITY_SCHEMA, wh), op_s (LIM_OP_ARCHIVE_ENTITY_SCHEMA, wh));

  /* E2, E3: active remote fields in remote order. */
  for (guint i = 0; i < rf.keys->len; i++)
    {
      const char *f = g_ptr_array_index (rf.keys, i);
      const LimProps *remote_props = g_hash_table_lookup (rf.by_name, f);
      const LimProps *model_props;

      if (remote_props->archived)
        continue;
      model_props = g_hash_table_lookup (columns, f);
      if (model_props == NULL)
        pairs_add (pairs,
                   op_ssi (LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD, wh, f, -1),
                   op_ssi (LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD, wh, f, -1));
      else if (!props_equal (model_props, remote_props))
        pairs_add (pairs,
                   op_update_field (wh, f, props_merge (remote_props, model_props)),
                   op_update_field (wh, f, props_merge (model_props, remote_props)));
    }

  /* E4 */
  pairs_add_reorder (pairs, LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS, wh, column_names, columns, rf.keys, rf.by_name);

  /* E5, E6: model columns − active remote fields.  Liminal iterates a set
   * difference (random order); here the model column order. */
  for (guint i = 0; i < column_names->len; i++)
    {
      const char *c = g_ptr_array_index (column_names, i);
      const LimProps *model_props = g_hash_table_lookup (columns, c);
      const LimProps *remote_props = g_hash_table_lookup (rf.by_name, c);

      if (remote_props != NULL && !remote_props->archived)
        continue;
      if (remote_props != NULL)
        {
          pairs_add (pairs,
                     op_ssi (LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD, wh, c, i),
                     op_ssi (LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD, wh, c, i));
          if (!props_equal (remote_props, model_props))
            pairs_add (pairs,
                       op_update_field (wh, c, props_merge (remote_props, model_props)),
                       op_update_field (wh, c, props_merge (model_props, remote_props)));
        }
      else
        {
          LimOperation *op = op_s (LIM_OP_CREATE_ENTITY_SCHEMA_FIELD, wh);

          op->args[1].props = lim_props_copy (model_props);
          op->args[1].props->archived = FALSE;
          op->args[2].has_index = TRUE;
          op->args[2].index = i;
          pairs_add (pairs, op, op_ssi (LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD, wh, c, i));
        }
    }

  /* E7, E8 */
  if (!props_equal (remote_schema->props, model->props))
    {
      GPtrArray *remote_constraints = lim_props_get_set (remote_schema->props, LIM_SCHEMA_CONSTRAINT_FIELDS);
      gboolean clear = !key_equal (remote_schema->props, model->props, LIM_SCHEMA_CONSTRAINT_FIELDS) &&
                       remote_constraints != NULL && remote_constraints->len > 0;
      LimProps *reverse;

      if (clear)
        {
          LimProps *empty = lim_props_new (LIM_PROPS_SCHEMA);

          lim_props_set_set (empty, LIM_SCHEMA_CONSTRAINT_FIELDS, NULL, 0);
          pairs_add (pairs, op_update_schema (wh, empty),
                     op_update_schema (wh, props_merge (model->props, remote_schema->props)));
          reverse = lim_props_new (LIM_PROPS_SCHEMA);
          lim_props_set_set (reverse, LIM_SCHEMA_CONSTRAINT_FIELDS, NULL, 0);
        }
      else
        reverse = props_merge (model->props, remote_schema->props);
      pairs_add (pairs, op_update_schema (wh, props_merge (remote_schema->props, model->props)),
                 op_update_schema (wh, reverse));
    }

  /* E9 */
  if (!template_equal (remote_schema->name_template, model->tmpl))
    pairs_add (pairs,
               op_update_template (wh, template_merge (remote_schema->name_template, model->tmpl)),
               op_update_template (wh, template_merge (model->tmpl, remote_schema->name_template)));

  remote_fields_clear (&rf);
}

static void
compare_new_schema (Pairs                  *pairs,
                    const LimDesiredSchema *model)
{
  const char *wh = lim_props_get_str (model->props, LIM_SCHEMA_WAREHOUSE_NAME);
  g_autofree char *given = lim_snake_case (lim_props_get_str (model->props, LIM_SCHEMA_NAME));
  GPtrArray *strategies = lim_props_get_set (model->props, LIM_SCHEMA_NAMING_STRATEGIES);
  g_autoptr(GPtrArray) standard = g_ptr_array_new ();
  gboolean reduced = FALSE;
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_props_free);
  LimProps *create_props;
  LimOperation *create;
  g_autoptr(LimNameTemplate) benchling_given = NULL;

  /* 1. Fields: tooltip, entity_link and unit_name leave the set keys;
   * entity-link columns are typed entity_link. */
  for (guint i = 0; i < model->fields->len; i++)
    {
      LimProps *f = lim_props_copy (g_ptr_array_index (model->fields, i));

      f->archived = FALSE;
      lim_props_unset (f, LIM_FIELD_TOOLTIP);
      lim_props_unset (f, LIM_FIELD_UNIT_NAME);
      if (truthy_str (g_ptr_array_index (model->fields, i), LIM_FIELD_ENTITY_LINK))
        lim_props_set_str (f, LIM_FIELD_TYPE, "entity_link");
      lim_props_unset (f, LIM_FIELD_ENTITY_LINK);
      g_ptr_array_add (fields, f);
    }

  /* 2. Template-based naming strategies are removed. */
  for (guint i = 0; strategies && i < strategies->len; i++)
    {
      const char *s = g_ptr_array_index (strategies, i);
      if (lim_naming_strategy_is_template_based (s))
        reduced = TRUE;
      else
        g_ptr_array_add (standard, (gpointer) s);
    }
  if (standard->len == 0)
    g_ptr_array_add (standard, (gpointer) "NEW_IDS");

  /* 3. CreateEntitySchema(props with warehouse_name = S) → ArchiveEntitySchema(S). */
  create_props = lim_props_copy (model->props);
  create_props->archived = FALSE;
  lim_props_set_str (create_props, LIM_SCHEMA_WAREHOUSE_NAME, given);
  lim_props_set_set (create_props, LIM_SCHEMA_NAMING_STRATEGIES,
                     (const char *const *) standard->pdata, standard->len);
  create = lim_operation_new (LIM_OP_CREATE_ENTITY_SCHEMA);
  create->args[0].props = create_props;
  create->args[1].fields = fields;
  pairs_add (pairs, create, op_s (LIM_OP_ARCHIVE_ENTITY_SCHEMA, given));

  /* 4. Warehouse name and template naming strategies. */
  if (g_strcmp0 (wh, given) != 0 || reduced)
    {
      LimProps *up = lim_props_new (LIM_PROPS_SCHEMA);
      LimProps *back = lim_props_new (LIM_PROPS_SCHEMA);

      if (g_strcmp0 (wh, given) != 0)
        {
          lim_props_set_str (up, LIM_SCHEMA_WAREHOUSE_NAME, wh);
          lim_props_set_str (back, LIM_SCHEMA_WAREHOUSE_NAME, given);
        }
      if (reduced)
        {
          lim_props_set_set (up, LIM_SCHEMA_NAMING_STRATEGIES,
                             (const char *const *) strategies->pdata, strategies->len);
          lim_props_set_set (back, LIM_SCHEMA_NAMING_STRATEGIES,
                             (const char *const *) standard->pdata, standard->len);
        }
      pairs_add (pairs, op_update_schema (given, up), op_update_schema (wh, back));
    }

  /* 5. Entity link (+ original type), tooltip, unit, per field.  Liminal
   * iterates a set union (random order); here the model column order. */
  for (guint i = 0; i < model->fields->len; i++)
    {
      const LimProps *f = g_ptr_array_index (model->fields, i);
      const char *name = lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME);
      const char *link = truthy_str (f, LIM_FIELD_ENTITY_LINK);
      const char *tooltip = truthy_str (f, LIM_FIELD_TOOLTIP);
      const char *unit = truthy_str (f, LIM_FIELD_UNIT_NAME);
      LimProps *up, *back;
      gboolean dup = FALSE;

      if (link == NULL && tooltip == NULL && unit == NULL)
        continue;
      for (guint j = 0; j < i && !dup; j++)
        dup = g_strcmp0 (lim_props_get_str (g_ptr_array_index (model->fields, j), LIM_FIELD_WAREHOUSE_NAME),
                         name) == 0;
      if (dup)
        continue;
      up = lim_props_new (LIM_PROPS_FIELD);
      back = lim_props_new (LIM_PROPS_FIELD);
      if (link)
        {
          lim_props_set_str (up, LIM_FIELD_ENTITY_LINK, link);
          copy_key (up, f, LIM_FIELD_TYPE);
          lim_props_set_none (back, LIM_FIELD_ENTITY_LINK);
          lim_props_set_str (back, LIM_FIELD_TYPE, "entity_link");
        }
      if (tooltip)
        {
          lim_props_set_str (up, LIM_FIELD_TOOLTIP, tooltip);
          lim_props_set_none (back, LIM_FIELD_TOOLTIP);
        }
      if (unit)
        {
          lim_props_set_str (up, LIM_FIELD_UNIT_NAME, unit);
          lim_props_set_none (back, LIM_FIELD_UNIT_NAME);
        }
      pairs_add (pairs, op_update_field (wh, name, up), op_update_field (wh, name, back));
    }

  /* 6. Name template, on the Benchling-given warehouse name. */
  benchling_given = lim_name_template_new ();
  template_set_empty_parts (benchling_given);
  benchling_given->order_set = TRUE;
  benchling_given->order_name_parts_by_sequence = LIM_TRI_FALSE;
  if (!template_equal (benchling_given, model->tmpl))
    pairs_add (pairs,
               op_update_template (given, template_merge (benchling_given, model->tmpl)),
               op_update_template (given, template_merge (model->tmpl, benchling_given)));
}

static void
compare_schemas (Pairs       *pairs,
                 LimDesired  *desired,
                 LimSnapshot *remote)
{
  g_autoptr(GHashTable) consumed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) archived = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < desired->schemas->len; i++)
    {
      const LimDesiredSchema *model = g_ptr_array_index (desired->schemas, i);
      const char *wh = lim_props_get_str (model->props, LIM_SCHEMA_WAREHOUSE_NAME);
      const LimSnapshotSchema *remote_schema = find_remote_schema (remote, wh);

      if (remote_schema != NULL)
        compare_existing_schema (pairs, model, remote_schema);
      else
        compare_new_schema (pairs, model);
      g_hash_table_add (consumed, (gpointer) wh);
    }

  /* Leftovers, in the remote list order (Liminal's list). */
  for (guint i = 0; i < lim_snapshot_get_n_schemas (remote); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (remote, i);
      if (is_remote_candidate (remote, s) && lim_snapshot_schema_is_archived (s))
        g_hash_table_add (archived, (gpointer) lim_snapshot_schema_get_warehouse_name (s));
    }
  for (guint i = 0; i < lim_snapshot_get_n_schemas (remote); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (remote, i);
      const char *wh = lim_snapshot_schema_get_warehouse_name (s);

      if (!is_remote_candidate (remote, s) || wh == NULL ||
          g_hash_table_contains (consumed, wh) || g_hash_table_contains (archived, wh))
        continue;
      pairs_add (pairs, op_s (LIM_OP_ARCHIVE_ENTITY_SCHEMA, wh), op_s (LIM_OP_UNARCHIVE_ENTITY_SCHEMA, wh));
    }
}

/* ---------------------------------------------------------------- driver */

gboolean
lim_compare (LimDesired  *desired,
             LimSnapshot *remote,
             GPtrArray  **upgrade,
             GPtrArray  **downgrade,
             GError     **error)
{
  Pairs pairs;
  GPtrArray *up, *down;

  g_return_val_if_fail (desired != NULL, FALSE);
  g_return_val_if_fail (remote != NULL, FALSE);
  g_return_val_if_fail (upgrade != NULL && downgrade != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < desired->schemas->len; i++)
    {
      const LimDesiredSchema *s = g_ptr_array_index (desired->schemas, i);

      if (lim_props_get_str (s->props, LIM_SCHEMA_WAREHOUSE_NAME) == NULL ||
          lim_props_get_str (s->props, LIM_SCHEMA_NAME) == NULL)
        {
          g_set_error (error, LIM_COMPARE_ERROR, LIM_COMPARE_ERROR_INVALID,
                       "Desired entity schema %u (%s) needs a name and a warehouse name.", i,
                       lim_props_get_str (s->props, LIM_SCHEMA_WAREHOUSE_NAME) ?:
                       lim_props_get_str (s->props, LIM_SCHEMA_NAME) ?: "unnamed");
          return FALSE;
        }
    }

  pairs.pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  compare_dropdowns (&pairs, desired, remote);
  compare_schemas (&pairs, desired, remote);

  /* Stable sort by op.order (sorted() on CompareOperation.__lt__). */
  g_array_sort (pairs.pairs, pair_compare);

  up = g_ptr_array_new_full (pairs.pairs->len, (GDestroyNotify) lim_operation_free);
  down = g_ptr_array_new_full (pairs.pairs->len, (GDestroyNotify) lim_operation_free);
  for (guint i = 0; i < pairs.pairs->len; i++)
    {
      Pair *p = &g_array_index (pairs.pairs, Pair, i);
      g_ptr_array_add (up, g_steal_pointer (&p->op));
    }
  for (guint i = pairs.pairs->len; i > 0; i--)
    {
      Pair *p = &g_array_index (pairs.pairs, Pair, i - 1);
      g_ptr_array_add (down, g_steal_pointer (&p->reverse));
    }
  pairs_clear (&pairs);

  *upgrade = up;
  *downgrade = down;
  return TRUE;
}

/* ---------------------------------------------------------------- rename hints (§5.4) */

static gboolean
field_props_equal_but_warehouse (const LimProps *a,
                                 const LimProps *b)
{
  for (guint k = 0; k < LIM_FIELD_N_KEYS; k++)
    if (k != LIM_FIELD_WAREHOUSE_NAME && !key_equal (a, b, k))
      return FALSE;
  return TRUE;
}

/* The warehouse name a created schema ends up with: the create path's
 * UpdateEntitySchema(S, warehouse_name=W), else S. */
static const char *
created_schema_final_wh (GPtrArray  *upgrade,
                         const char *given)
{
  for (guint i = 0; i < upgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (upgrade, i);

      if (op->spec->kind == LIM_OP_UPDATE_ENTITY_SCHEMA && g_strcmp0 (op->args[0].s, given) == 0 &&
          lim_props_get_str (op->args[1].props, LIM_SCHEMA_WAREHOUSE_NAME) != NULL)
        return lim_props_get_str (op->args[1].props, LIM_SCHEMA_WAREHOUSE_NAME);
    }
  return given;
}

GPtrArray *
lim_compare_rename_hints (GPtrArray   *upgrade,
                          LimSnapshot *remote)
{
  GPtrArray *hints = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (upgrade != NULL && remote != NULL, hints);

  for (guint i = 0; i < upgrade->len; i++)
    {
      const LimOperation *archive = g_ptr_array_index (upgrade, i);

      switch (archive->spec->kind)
        {
        case LIM_OP_ARCHIVE_ENTITY_SCHEMA:
          {
            const LimSnapshotSchema *old = find_remote_schema (remote, archive->args[0].s);

            if (old == NULL)
              break;
            for (guint j = 0; j < upgrade->len; j++)
              {
                const LimOperation *create = g_ptr_array_index (upgrade, j);
                const LimProps *p;
                const char *new_wh;

                if (create->spec->kind != LIM_OP_CREATE_ENTITY_SCHEMA || g_hash_table_contains (used, create))
                  continue;
                p = create->args[0].props;
                if (!key_equal (p, old->props, LIM_SCHEMA_NAME) ||
                    !key_equal (p, old->props, LIM_SCHEMA_PREFIX) ||
                    !key_equal (p, old->props, LIM_SCHEMA_ENTITY_TYPE))
                  continue;
                new_wh = created_schema_final_wh (upgrade, lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME));
                g_hash_table_add (used, (gpointer) create);
                g_ptr_array_add (hints, g_strdup_printf (
                                   "Schema '%s' → '%s' looks like a rename: replace ArchiveEntitySchema('%s') and "
                                   "CreateEntitySchema(…) (with its follow-up operations) with "
                                   "UpdateEntitySchema('%s', BaseSchemaProperties(warehouse_name='%s')).",
                                   archive->args[0].s, new_wh, archive->args[0].s, archive->args[0].s, new_wh));
                break;
              }
          }
          break;
        case LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD:
          {
            const LimSnapshotSchema *schema = find_remote_schema (remote, archive->args[0].s);
            const LimSnapshotField *old_field;

            if (schema == NULL)
              break;
            old_field = lim_snapshot_schema_lookup_field (schema, archive->args[1].s);
            if (old_field == NULL)
              break;
            for (guint j = 0; j < upgrade->len; j++)
              {
                const LimOperation *create = g_ptr_array_index (upgrade, j);
                const char *new_name;

                if (create->spec->kind != LIM_OP_CREATE_ENTITY_SCHEMA_FIELD ||
                    g_hash_table_contains (used, create) ||
                    g_strcmp0 (create->args[0].s, archive->args[0].s) != 0 ||
                    !field_props_equal_but_warehouse (create->args[1].props, old_field->props))
                  continue;
                new_name = lim_props_get_str (create->args[1].props, LIM_FIELD_WAREHOUSE_NAME);
                g_hash_table_add (used, (gpointer) create);
                g_ptr_array_add (hints, g_strdup_printf (
                                   "Field '%s.%s' → '%s' looks like a rename: replace ArchiveEntitySchemaField('%s', '%s') "
                                   "and CreateEntitySchemaField('%s', …) with UpdateEntitySchemaField('%s', '%s', "
                                   "BaseFieldProperties(warehouse_name='%s')).",
                                   archive->args[0].s, archive->args[1].s, new_name, archive->args[0].s,
                                   archive->args[1].s,
                                   archive->args[0].s, archive->args[0].s, archive->args[1].s, new_name));
                break;
              }
          }
          break;
        case LIM_OP_ARCHIVE_DROPDOWN:
          {
            const LimSnapshotDropdown *old = lim_snapshot_lookup_dropdown (remote, archive->args[0].s);
            g_autoptr(GPtrArray) active = NULL;

            if (old == NULL)
              break;
            active = g_ptr_array_new ();
            for (guint k = 0; k < old->options->len; k++)
              {
                const LimSnapshotOption *o = g_ptr_array_index (old->options, k);
                if (!o->archived)
                  g_ptr_array_add (active, o->name);
              }
            for (guint j = 0; j < upgrade->len; j++)
              {
                const LimOperation *create = g_ptr_array_index (upgrade, j);

                if (create->spec->kind != LIM_OP_CREATE_DROPDOWN || g_hash_table_contains (used, create) ||
                    !strv_equal (create->args[1].strv, active))
                  continue;
                g_hash_table_add (used, (gpointer) create);
                g_ptr_array_add (hints, g_strdup_printf (
                                   "Dropdown '%s' → '%s' looks like a rename: replace ArchiveDropdown('%s') and "
                                   "CreateDropdown('%s', …) with UpdateDropdownName('%s', '%s').",
                                   archive->args[0].s, create->args[0].s, archive->args[0].s, create->args[0].s,
                                   archive->args[0].s, create->args[0].s));
                break;
              }
          }
          break;
        default:
          break;
        }
    }
  return hints;
}

/* lim-revision-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-app-enums.h"
#include "lim-operation.h"

#include "lim-revision-item.h"

struct _LimRevisionItem
{
  GObject parent_instance;

  LimRevision    *revision;        /* NULL for the fold row */
  guint           position;
  guint           n_folded;
  guint           n_destructive;
  LimRevisionMark mark;
  GStrv           others;          /* NULL when none */
  char           *haystack;        /* casefolded text a search looks in, built on first use */
};

G_DEFINE_FINAL_TYPE (LimRevisionItem, lim_revision_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_MARK,
  PROP_OTHERS,
  PROP_N_FOLDED,
  PROP_N_DESTRUCTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

LimRevisionItem *
lim_revision_item_new (LimRevision *revision,
                       guint        position)
{
  LimRevisionItem *self;
  GPtrArray *upgrade;

  g_return_val_if_fail (revision != NULL, NULL);

  self = g_object_new (LIM_TYPE_REVISION_ITEM, NULL);
  self->revision = lim_revision_ref (revision);
  self->position = position;

  upgrade = lim_revision_get_upgrade (revision);
  for (guint i = 0; i < upgrade->len; i++)
    self->n_destructive += lim_operation_is_destructive (g_ptr_array_index (upgrade, i));

  return self;
}

LimRevisionItem *
lim_revision_item_new_fold (void)
{
  return g_object_new (LIM_TYPE_REVISION_ITEM, NULL);
}

gboolean
lim_revision_item_is_fold (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), FALSE);

  return self->revision == NULL;
}

guint
lim_revision_item_get_n_folded (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), 0);

  return self->n_folded;
}

void
lim_revision_item_set_n_folded (LimRevisionItem *self,
                                guint            n_folded)
{
  g_return_if_fail (LIM_IS_REVISION_ITEM (self));

  if (self->n_folded == n_folded)
    return;

  self->n_folded = n_folded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FOLDED]);
}

LimRevision *
lim_revision_item_get_revision (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), NULL);

  return self->revision;
}

guint
lim_revision_item_get_position (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), 0);

  return self->position;
}

LimRevisionMark
lim_revision_item_get_mark (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), LIM_REVISION_MARK_NONE);

  return self->mark;
}

const char *const *
lim_revision_item_get_others (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), NULL);

  return (const char *const *) self->others;
}

void
lim_revision_item_set_marks (LimRevisionItem   *self,
                             LimRevisionMark    mark,
                             const char *const *others)
{
  g_return_if_fail (LIM_IS_REVISION_ITEM (self));

  if (others != NULL && others[0] == NULL)
    others = NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->mark != mark)
    {
      self->mark = mark;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK]);
    }
  if (!(self->others == NULL && others == NULL) &&
      (self->others == NULL || others == NULL || !g_strv_equal ((const char *const *) self->others, others)))
    {
      g_strfreev (self->others);
      self->others = g_strdupv ((char **) others);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OTHERS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint
lim_revision_item_get_n_destructive (LimRevisionItem *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), 0);

  return self->n_destructive;
}

/* What an operation is (its class) and what it is about (its string
 * arguments: the dropdown or schema, the field, the option). */
static void
append_operations (GString   *text,
                   GPtrArray *operations)
{
  for (guint i = 0; i < operations->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (operations, i);

      g_string_append_printf (text, "\n%s", op->spec->class_name);
      for (guint j = 0; j < op->spec->n_params; j++)
        if (op->args[j].s != NULL)
          g_string_append_printf (text, "\n%s", op->args[j].s);
    }
}

static const char *
get_haystack (LimRevisionItem *self)
{
  if (self->haystack == NULL)
    {
      g_autoptr(GString) text = g_string_new (lim_revision_get_description (self->revision));

      append_operations (text, lim_revision_get_upgrade (self->revision));
      append_operations (text, lim_revision_get_downgrade (self->revision));
      self->haystack = g_utf8_casefold (text->str, text->len);
    }

  return self->haystack;
}

gboolean
lim_revision_item_matches (LimRevisionItem   *self,
                           const char *const *words)
{
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (self), FALSE);
  g_return_val_if_fail (words != NULL, FALSE);

  if (self->revision == NULL)
    return FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (!g_str_has_prefix (lim_revision_get_id (self->revision), words[i]) &&
          strstr (get_haystack (self), words[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
lim_revision_item_finalize (GObject *object)
{
  LimRevisionItem *self = LIM_REVISION_ITEM (object);

  g_clear_pointer (&self->revision, lim_revision_unref);
  g_clear_pointer (&self->others, g_strfreev);
  g_clear_pointer (&self->haystack, g_free);

  G_OBJECT_CLASS (lim_revision_item_parent_class)->finalize (object);
}

static void
lim_revision_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LimRevisionItem *self = LIM_REVISION_ITEM (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_MARK:
      g_value_set_enum (value, self->mark);
      break;

    case PROP_OTHERS:
      g_value_set_boxed (value, self->others);
      break;

    case PROP_N_FOLDED:
      g_value_set_uint (value, self->n_folded);
      break;

    case PROP_N_DESTRUCTIVE:
      g_value_set_uint (value, self->n_destructive);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_revision_item_class_init (LimRevisionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = lim_revision_item_finalize;
  object_class->get_property = lim_revision_item_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MARK] = g_param_spec_enum ("mark", NULL, NULL, LIM_TYPE_REVISION_MARK, LIM_REVISION_MARK_NONE, ro);
  properties[PROP_OTHERS] = g_param_spec_boxed ("others", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_N_FOLDED] = g_param_spec_uint ("n-folded", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DESTRUCTIVE] = g_param_spec_uint ("n-destructive", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lim_revision_item_init (LimRevisionItem *self)
{
}

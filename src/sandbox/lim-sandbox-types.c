/* lim-sandbox-types.c — the sandbox's vocabulary: its error domain, the
 * tenant's records and Benchling's type tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The type tables are the sandbox's own copy of Benchling's, on purpose:
 * the sandbox is the adversary of src/engine and shares nothing with it.
 */

#include "config.h"

#include "lim-sandbox-types.h"

G_DEFINE_QUARK (lim-sandbox-error-quark, lim_sandbox_error)

guint
lim_sandbox_error_to_status (const GError *error)
{
  if (error == NULL || error->domain != LIM_SANDBOX_ERROR)
    return 500;
  switch (error->code)
    {
    case LIM_SANDBOX_ERROR_BAD_REQUEST: return 400;
    case LIM_SANDBOX_ERROR_NOT_FOUND:   return 404;
    case LIM_SANDBOX_ERROR_FORBIDDEN:   return 403;
    case LIM_SANDBOX_ERROR_FAILED:
    default:
      return 500;
    }
}

/* ------------------------------------------------------------------ */
/* Records                                                             */

void
ls_option_free (LsOption *o)
{
  g_free (o->id);
  g_free (o->name);
  g_free (o->archive_purpose);
  g_free (o);
}

void
ls_dropdown_free (LsDropdown *d)
{
  g_free (d->id);
  g_free (d->name);
  g_free (d->registry_id);
  g_free (d->archive_purpose);
  g_ptr_array_unref (d->options);
  g_free (d);
}

GPtrArray *
ls_option_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ls_option_free);
}

LsDropdown *
ls_dropdown_new (void)
{
  LsDropdown *d = g_new0 (LsDropdown, 1);
  d->options = ls_option_array_new ();
  return d;
}

LsOption *
ls_option_new (const char *id, const char *name)
{
  LsOption *o = g_new0 (LsOption, 1);
  o->id = g_strdup (id);
  o->name = g_strdup (name);
  return o;
}

LsOption *
ls_option_copy (LsOption *src)
{
  LsOption *o = ls_option_new (src->id, src->name);
  o->archive_purpose = g_strdup (src->archive_purpose);
  o->num_linked = src->num_linked;
  return o;
}

LsDropdown *
ls_dropdown_copy (LsDropdown *src)
{
  LsDropdown *d = ls_dropdown_new ();
  d->id = g_strdup (src->id);
  d->name = g_strdup (src->name);
  d->registry_id = g_strdup (src->registry_id);
  d->archive_purpose = g_strdup (src->archive_purpose);
  for (guint i = 0; i < src->options->len; i++)
    g_ptr_array_add (d->options, ls_option_copy (g_ptr_array_index (src->options, i)));
  return d;
}

LsField *
ls_field_new (void)
{
  LsField *f = g_new0 (LsField, 1);
  f->decimal_precision = -1;
  return f;
}

void
ls_field_free (LsField *f)
{
  g_free (f->api_id);
  g_free (f->name);
  g_free (f->system_name);
  g_free (f->field_type);
  g_free (f->folder_item_type);
  g_free (f->link_schema_id);
  g_free (f->selector_id);
  g_free (f->tooltip);
  g_free (f->unit_id);
  g_free (f->archive_purpose);
  g_free (f);
}

LsField *
ls_field_copy (LsField *src)
{
  LsField *f = g_new0 (LsField, 1);
  *f = *src;
  f->api_id = g_strdup (src->api_id);
  f->name = g_strdup (src->name);
  f->system_name = g_strdup (src->system_name);
  f->field_type = g_strdup (src->field_type);
  f->folder_item_type = g_strdup (src->folder_item_type);
  f->link_schema_id = g_strdup (src->link_schema_id);
  f->selector_id = g_strdup (src->selector_id);
  f->tooltip = g_strdup (src->tooltip);
  f->unit_id = g_strdup (src->unit_id);
  f->archive_purpose = g_strdup (src->archive_purpose);
  return f;
}

void
ls_name_part_free (LsNamePart *p)
{
  g_free (p->type);
  g_free (p->field_id);
  g_free (p->text);
  g_free (p->datetime_format);
  g_free (p);
}

LsNamePart *
ls_name_part_new (const char *type, const char *field_id, const char *text,
                  const char *datetime_format)
{
  LsNamePart *p = g_new0 (LsNamePart, 1);
  p->type = g_strdup (type);
  p->field_id = g_strdup (field_id);
  p->text = g_strdup (text);
  p->datetime_format = g_strdup (datetime_format);
  return p;
}

LsSchema *
ls_schema_new (void)
{
  LsSchema *s = g_new0 (LsSchema, 1);
  s->labeling = g_ptr_array_new_with_free_func (g_free);
  s->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_field_free);
  s->constraint_field_ids = g_ptr_array_new_with_free_func (g_free);
  s->name_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_name_part_free);
  s->mix_lot_storage = -1;
  s->mix_lot_text = -1;
  return s;
}

void
ls_schema_free (LsSchema *s)
{
  g_free (s->id);
  g_free (s->name);
  g_free (s->sql_identifier);
  g_free (s->prefix);
  g_free (s->registry_id);
  g_free (s->folder_item_type);
  g_free (s->sequence_type);
  g_free (s->archive_purpose);
  g_free (s->modified_at);
  g_ptr_array_unref (s->labeling);
  g_ptr_array_unref (s->fields);
  g_ptr_array_unref (s->constraint_field_ids);
  g_ptr_array_unref (s->name_parts);
  g_clear_pointer (&s->json_cache, g_bytes_unref);
  g_free (s);
}

LsSchema *
ls_schema_copy (LsSchema *src)
{
  LsSchema *s = ls_schema_new ();
  GPtrArray *labeling = s->labeling;
  GPtrArray *fields = s->fields;
  GPtrArray *cf = s->constraint_field_ids;
  GPtrArray *parts = s->name_parts;

  *s = *src;
  s->labeling = labeling;
  s->fields = fields;
  s->constraint_field_ids = cf;
  s->name_parts = parts;
  s->json_cache = NULL;
  s->id = g_strdup (src->id);
  s->name = g_strdup (src->name);
  s->sql_identifier = g_strdup (src->sql_identifier);
  s->prefix = g_strdup (src->prefix);
  s->registry_id = g_strdup (src->registry_id);
  s->folder_item_type = g_strdup (src->folder_item_type);
  s->sequence_type = g_strdup (src->sequence_type);
  s->archive_purpose = g_strdup (src->archive_purpose);
  s->modified_at = g_strdup (src->modified_at);
  for (guint i = 0; i < src->labeling->len; i++)
    g_ptr_array_add (s->labeling, g_strdup (g_ptr_array_index (src->labeling, i)));
  for (guint i = 0; i < src->fields->len; i++)
    g_ptr_array_add (s->fields, ls_field_copy (g_ptr_array_index (src->fields, i)));
  for (guint i = 0; i < src->constraint_field_ids->len; i++)
    g_ptr_array_add (s->constraint_field_ids, g_strdup (g_ptr_array_index (src->constraint_field_ids, i)));
  for (guint i = 0; i < src->name_parts->len; i++)
    {
      LsNamePart *p = g_ptr_array_index (src->name_parts, i);
      g_ptr_array_add (s->name_parts, ls_name_part_new (p->type, p->field_id, p->text, p->datetime_format));
    }
  return s;
}

void
ls_unit_free (LsUnit *u)
{
  g_free (u->id);
  g_free (u->name);
  g_free (u->symbol);
  g_free (u);
}

void
ls_unit_type_free (LsUnitType *t)
{
  g_free (t->id);
  g_free (t->name);
  g_ptr_array_unref (t->units);
  g_free (t);
}

void
ls_result_schema_free (LsResultSchema *r)
{
  g_free (r->id);
  g_free (r->name);
  g_free (r->system_name);
  g_free (r->archive_purpose);
  g_ptr_array_unref (r->fields);
  g_free (r);
}

char *
ls_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f+00:00");
}

/* ------------------------------------------------------------------ */
/* Mappings (§6.2)                                                     */

typedef struct
{
  const char *liminal;
  const char *ft;
  const char *folder;
} FieldTypeMap;

static const FieldTypeMap field_types[] = {
  { "blob_link", "ft_blob_link", NULL },
  { "date", "ft_date", NULL },
  { "datetime", "ft_datetime", NULL },
  { "entry_link", "ft_entry_link", NULL },
  { "aa_sequence_link", "ft_file_link", "protein" },
  { "mixture_link", "ft_file_link", "mixture" },
  { "custom_entity_link", "ft_file_link", "basic_folder_item" },
  { "dna_sequence_link", "ft_file_link", "sequence" },
  { "entity_link", "ft_file_link", NULL },
  { "part_link", "ft_part_link", NULL },
  { "translation_link", "ft_translation_link", NULL },
  { "transcription_link", "ft_transcription_link", NULL },
  { "float", "ft_float", NULL },
  { "integer", "ft_integer", NULL },
  { "long_text", "ft_long_text", NULL },
  { "dropdown", "ft_selector", NULL },
  { "storage_link", "ft_storable_link", NULL },
  { "text", "ft_string", NULL },
  { "json", "ft_json", NULL },
  { "boolean", "ft_boolean", NULL },
};

typedef struct
{
  const char *entity;
  const char *folder;
  const char *sequence;
} EntityTypeMap;

static const EntityTypeMap entity_types[] = {
  { "custom_entity", "basic_folder_item", NULL },
  { "entry", "entry", NULL },
  { "mixture", "mixture", NULL },
  { "molecule", "molecule", NULL },
  { "aa_sequence", "protein", NULL },
  { "dna_sequence", "sequence", "DNA_SEQUENCE" },
  { "rna_sequence", "sequence", "RNA_SEQUENCE" },
  { "dna_oligo", "sequence", "OLIGO" },
  { "rna_oligo", "sequence", "RNA_OLIGO" },
};

const char *
ls_entity_type_from_api (const char *folder, const char *seq)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_types); i++)
    if (g_strcmp0 (entity_types[i].folder, folder) == 0 &&
        g_strcmp0 (entity_types[i].sequence, seq) == 0)
      return entity_types[i].entity;
  return NULL;
}

gboolean
ls_entity_type_to_api (const char *entity, const char **folder, const char **seq)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_types); i++)
    if (g_strcmp0 (entity_types[i].entity, entity) == 0)
      {
        *folder = entity_types[i].folder;
        *seq = entity_types[i].sequence;
        return TRUE;
      }
  return FALSE;
}

const char *
ls_public_field_type (const char *ft, const char *folder)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (g_strcmp0 (field_types[i].ft, ft) == 0 &&
        g_strcmp0 (field_types[i].folder, folder) == 0)
      return field_types[i].liminal;
  return NULL;
}

gboolean
ls_field_type_to_api (const char *liminal, const char **ft, const char **folder)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (g_strcmp0 (field_types[i].liminal, liminal) == 0)
      {
        *ft = field_types[i].ft;
        *folder = field_types[i].folder;
        return TRUE;
      }
  return FALSE;
}

char *
ls_snake_case (const char *name)
{
  GString *s = g_string_new (NULL);
  gboolean pending = FALSE;

  for (const char *p = name; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending && s->len > 0)
            g_string_append_c (s, '_');
          pending = FALSE;
          g_string_append_c (s, g_ascii_tolower (*p));
        }
      else
        pending = TRUE;
    }
  return g_string_free (s, FALSE);
}

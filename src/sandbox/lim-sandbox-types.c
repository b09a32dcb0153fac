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

#define END (-1)
#define MEMBER(Type, m) G_STRUCT_OFFSET (Type, m)

/* What freeing or copying a record touches: its char* and GPtrArray*
 * members, each list ended by END. */
typedef struct
{
  glong strs[11];
  glong arrays[5];
} RecordInfo;

static void
record_free (gpointer          rec,
             const RecordInfo *info)
{
  for (const glong *m = info->strs; *m != END; m++)
    g_free (G_STRUCT_MEMBER (char *, rec, *m));
  for (const glong *m = info->arrays; *m != END; m++)
    g_ptr_array_unref (G_STRUCT_MEMBER (GPtrArray *, rec, *m));
  g_free (rec);
}

/* After a struct copy: the copy's own strings. */
static void
record_dup_strs (gpointer          rec,
                 const RecordInfo *info)
{
  for (const glong *m = info->strs; *m != END; m++)
    G_STRUCT_MEMBER (char *, rec, *m) = g_strdup (G_STRUCT_MEMBER (char *, rec, *m));
}

#define DEFINE_RECORD_FREE(Type, func, info) \
  void func (Type *rec) { record_free (rec, &(info)); }

static const RecordInfo option_info = {
  { MEMBER (LsOption, id), MEMBER (LsOption, name), MEMBER (LsOption, archive_purpose), END },
  { END },
};
DEFINE_RECORD_FREE (LsOption, ls_option_free, option_info)

static const RecordInfo dropdown_info = {
  { MEMBER (LsDropdown, id), MEMBER (LsDropdown, name), MEMBER (LsDropdown, registry_id),
    MEMBER (LsDropdown, archive_purpose), END },
  { MEMBER (LsDropdown, options), END },
};
DEFINE_RECORD_FREE (LsDropdown, ls_dropdown_free, dropdown_info)

static const RecordInfo field_info = {
  { MEMBER (LsField, api_id), MEMBER (LsField, name), MEMBER (LsField, system_name),
    MEMBER (LsField, field_type), MEMBER (LsField, folder_item_type), MEMBER (LsField, link_schema_id),
    MEMBER (LsField, selector_id), MEMBER (LsField, tooltip), MEMBER (LsField, unit_id),
    MEMBER (LsField, archive_purpose), END },
  { END },
};
DEFINE_RECORD_FREE (LsField, ls_field_free, field_info)

static const RecordInfo name_part_info = {
  { MEMBER (LsNamePart, type), MEMBER (LsNamePart, field_id), MEMBER (LsNamePart, text),
    MEMBER (LsNamePart, datetime_format), END },
  { END },
};
DEFINE_RECORD_FREE (LsNamePart, ls_name_part_free, name_part_info)

static const RecordInfo schema_info = {
  { MEMBER (LsSchema, id), MEMBER (LsSchema, name), MEMBER (LsSchema, sql_identifier),
    MEMBER (LsSchema, prefix), MEMBER (LsSchema, registry_id), MEMBER (LsSchema, folder_item_type),
    MEMBER (LsSchema, sequence_type), MEMBER (LsSchema, archive_purpose), MEMBER (LsSchema, modified_at), END },
  { MEMBER (LsSchema, labeling), MEMBER (LsSchema, fields), MEMBER (LsSchema, constraint_field_ids),
    MEMBER (LsSchema, name_parts), END },
};

static const RecordInfo unit_info = {
  { MEMBER (LsUnit, id), MEMBER (LsUnit, name), MEMBER (LsUnit, symbol), END },
  { END },
};
DEFINE_RECORD_FREE (LsUnit, ls_unit_free, unit_info)

static const RecordInfo unit_type_info = {
  { MEMBER (LsUnitType, id), MEMBER (LsUnitType, name), END },
  { MEMBER (LsUnitType, units), END },
};
DEFINE_RECORD_FREE (LsUnitType, ls_unit_type_free, unit_type_info)

static const RecordInfo result_schema_info = {
  { MEMBER (LsResultSchema, id), MEMBER (LsResultSchema, name), MEMBER (LsResultSchema, system_name),
    MEMBER (LsResultSchema, archive_purpose), END },
  { MEMBER (LsResultSchema, fields), END },
};
DEFINE_RECORD_FREE (LsResultSchema, ls_result_schema_free, result_schema_info)

gpointer
ls_find_by_str (GPtrArray  *items,
                glong       offset,
                const char *value)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (G_STRUCT_MEMBER (char *, g_ptr_array_index (items, i), offset), value) == 0)
      return g_ptr_array_index (items, i);
  return NULL;
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
ls_option_new (const char *id,
               const char *name)
{
  LsOption *o = g_new0 (LsOption, 1);
  o->id = g_strdup (id);
  o->name = g_strdup (name);
  return o;
}

LsOption *
ls_option_copy (LsOption *src)
{
  LsOption *o = g_memdup2 (src, sizeof *src);

  record_dup_strs (o, &option_info);
  return o;
}

LsDropdown *
ls_dropdown_copy (LsDropdown *src)
{
  LsDropdown *d = g_memdup2 (src, sizeof *src);

  record_dup_strs (d, &dropdown_info);
  d->options = ls_option_array_new ();
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

LsField *
ls_field_copy (LsField *src)
{
  LsField *f = g_memdup2 (src, sizeof *src);

  record_dup_strs (f, &field_info);
  return f;
}

LsNamePart *
ls_name_part_new (const char *type,
                  const char *field_id,
                  const char *text,
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
  g_clear_pointer (&s->json_cache, g_bytes_unref);
  record_free (s, &schema_info);
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
  record_dup_strs (s, &schema_info);
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
ls_entity_type_from_api (const char *folder,
                         const char *seq)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_types); i++)
    if (g_strcmp0 (entity_types[i].folder, folder) == 0 &&
        g_strcmp0 (entity_types[i].sequence, seq) == 0)
      return entity_types[i].entity;
  return NULL;
}

gboolean
ls_entity_type_to_api (const char  *entity,
                       const char **folder,
                       const char **seq)
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
ls_public_field_type (const char *ft,
                      const char *folder)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (g_strcmp0 (field_types[i].ft, ft) == 0 &&
        g_strcmp0 (field_types[i].folder, folder) == 0)
      return field_types[i].liminal;
  return NULL;
}

gboolean
ls_field_type_to_api (const char  *liminal,
                      const char **ft,
                      const char **folder)
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

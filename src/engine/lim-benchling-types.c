/* lim-benchling-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-benchling-types.h"

#define MEMBERS(arr) arr, G_N_ELEMENTS (arr)

static const LimEnumMember entity_type_members[] = {
  { "CUSTOM_ENTITY", "custom_entity" },
  { "DNA_SEQUENCE", "dna_sequence" },
  { "DNA_OLIGO", "dna_oligo" },
  { "RNA_OLIGO", "rna_oligo" },
  { "RNA_SEQUENCE", "rna_sequence" },
  { "AA_SEQUENCE", "aa_sequence" },
  { "ENTRY", "entry" },
  { "MIXTURE", "mixture" },
  { "MOLECULE", "molecule" },
};
const LimEnum lim_enum_entity_type = { "BenchlingEntityType", MEMBERS (entity_type_members) };

static const LimEnumMember field_type_members[] = {
  { "AA_SEQUENCE_LINK", "aa_sequence_link" },
  { "BLOB_LINK", "blob_link" },
  { "CUSTOM_ENTITY_LINK", "custom_entity_link" },
  { "DATE", "date" },
  { "DATETIME", "datetime" },
  { "DNA_SEQUENCE_LINK", "dna_sequence_link" },
  { "PART_LINK", "part_link" },
  { "TRANSLATION_LINK", "translation_link" },
  { "TRANSCRIPTION_LINK", "transcription_link" },
  { "DROPDOWN", "dropdown" },
  { "ENTITY_LINK", "entity_link" },
  { "ENTRY_LINK", "entry_link" },
  { "DECIMAL", "float" },
  { "INTEGER", "integer" },
  { "LONG_TEXT", "long_text" },
  { "MIXTURE_LINK", "mixture_link" },
  { "STORAGE_LINK", "storage_link" },
  { "TEXT", "text" },
  { "JSON", "json" },
  { "BOOLEAN", "boolean" },
};
const LimEnum lim_enum_field_type = { "BenchlingFieldType", MEMBERS (field_type_members) };

static const LimEnumMember api_field_type_members[] = {
  { "BLOB_LINK", "ft_blob_link" },
  { "DATE", "ft_date" },
  { "DATETIME", "ft_datetime" },
  { "ENTRY_LINK", "ft_entry_link" },
  { "FILE_LINK", "ft_file_link" },
  { "PART_LINK", "ft_part_link" },
  { "TRANSLATION_LINK", "ft_translation_link" },
  { "TRANSCRIPTION_LINK", "ft_transcription_link" },
  { "FLOAT", "ft_float" },
  { "INTEGER", "ft_integer" },
  { "LONG_TEXT", "ft_long_text" },
  { "SELECTOR", "ft_selector" },
  { "STORABLE_LINK", "ft_storable_link" },
  { "STRING", "ft_string" },
  { "JSON", "ft_json" },
  { "BOOLEAN", "ft_boolean" },
};
const LimEnum lim_enum_api_field_type = { "BenchlingAPIFieldType", MEMBERS (api_field_type_members) };

static const LimEnumMember folder_item_type_members[] = {
  { "BASIC_FOLDER_ITEM", "basic_folder_item" },
  { "PROTEIN", "protein" },
  { "SEQUENCE", "sequence" },
  { "ENTRY", "entry" },
  { "MIXTURE", "mixture" },
  { "MOLECULE", "molecule" },
};
const LimEnum lim_enum_folder_item_type = { "BenchlingFolderItemType", MEMBERS (folder_item_type_members) };

static const LimEnumMember sequence_type_members[] = {
  { "DNA_SEQUENCE", "DNA_SEQUENCE" },
  { "RNA_SEQUENCE", "RNA_SEQUENCE" },
  { "DNA_OLIGO", "OLIGO" },
  { "RNA_OLIGO", "RNA_OLIGO" },
};
const LimEnum lim_enum_sequence_type = { "BenchlingSequenceType", MEMBERS (sequence_type_members) };

static const LimEnumMember naming_strategy_members[] = {
  { "NEW_IDS", "NEW_IDS" },
  { "IDS_FROM_NAMES", "IDS_FROM_NAMES" },
  { "REPLACE_NAME_WITH_ID", "DELETE_NAMES" },
  { "RENAME_WITH_TEMPLATE_WITH_ALIAS", "SET_FROM_NAME_PARTS" },
  { "REPLACE_NAMES_WITH_TEMPLATE", "REPLACE_NAMES_FROM_PARTS" },
  { "KEEP_NAMES", "KEEP_NAMES" },
};
const LimEnum lim_enum_naming_strategy = { "BenchlingNamingStrategy", MEMBERS (naming_strategy_members) };

static const LimEnumMember part_type_members[] = {
  { "SEPARATOR", "SEPARATOR" },
  { "TEXT", "TEXT" },
  { "CREATION_YEAR", "CREATED_AT_YEAR" },
  { "CREATION_DATE", "CREATED_AT_DATE" },
  { "FIELD", "FIELD" },
  { "REGISTRY_IDENTIFIER_NUMBER", "REGISTRY_IDENTIFIER_NUMBER" },
  { "LINKED_BIOENTITY_REGISTRY_IDENTIFIER", "LINKED_BIOENTITY_REGISTRY_IDENTIFIER" },
  { "PROJECT", "PROJECT" },
  { "CHILD_ENTITY_LOT_NUMBER", "CHILD_ENTITY_LOT_NUMBER" },
  { "COMPLEX_POLYMER_COMPONENT", "COMPLEX_POLYMER_COMPONENT" },
};
const LimEnum lim_enum_part_type = { "NameTemplatePartType", MEMBERS (part_type_members) };

static const LimEnumMember sequence_constraint_members[] = {
  { "BASES", "bases" },
  { "AMINO_ACIDS_IGNORE_CASE", "amino_acids_ignore_case" },
  { "AMINO_ACIDS_EXACT_MATCH", "amino_acids_exact_match" },
};
const LimEnum lim_enum_sequence_constraint = { "SequenceConstraint", MEMBERS (sequence_constraint_members) };

static const LimEnum *exported_enums[] = {
  &lim_enum_api_field_type,
  &lim_enum_entity_type,
  &lim_enum_field_type,
  &lim_enum_folder_item_type,
  &lim_enum_naming_strategy,
  &lim_enum_sequence_type,
};

const LimEnum *
lim_enum_lookup_class (const char *class_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (exported_enums); i++)
    if (g_strcmp0 (exported_enums[i]->class_name, class_name) == 0)
      return exported_enums[i];
  return NULL;
}

const LimEnumMember *
lim_enum_by_name (const LimEnum *e,
                  const char    *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < e->n_members; i++)
    if (strcmp (e->members[i].name, name) == 0)
      return &e->members[i];
  return NULL;
}

const LimEnumMember *
lim_enum_by_value (const LimEnum *e,
                   const char    *value)
{
  if (value == NULL)
    return NULL;
  for (guint i = 0; i < e->n_members; i++)
    if (strcmp (e->members[i].value, value) == 0)
      return &e->members[i];
  return NULL;
}

const char *
lim_enum_intern (const LimEnum *e,
                 const char    *value)
{
  const LimEnumMember *m = lim_enum_by_value (e, value);
  return m ? m->value : NULL;
}

const char *
lim_enum_name_of (const LimEnum *e,
                  const char    *value)
{
  const LimEnumMember *m = lim_enum_by_value (e, value);
  return m ? m->name : NULL;
}

static gboolean
in_list (const char        *value,
         const char *const *list)
{
  if (value == NULL)
    return FALSE;
  for (guint i = 0; list[i]; i++)
    if (strcmp (list[i], value) == 0)
      return TRUE;
  return FALSE;
}

gboolean
lim_field_type_is_entity_link_type (const char *type)
{
  static const char *const types[] = {
    "entity_link", "translation_link", "transcription_link", "part_link", NULL
  };
  return in_list (type, types);
}

gboolean
lim_field_type_allows_multi (const char *type)
{
  static const char *const non_multi[] = {
    "text", "long_text", "float", "integer", "date", "datetime", NULL
  };
  return !in_list (type, non_multi);
}

gboolean
lim_field_type_is_number (const char *type)
{
  static const char *const types[] = { "integer", "float", NULL };
  return in_list (type, types);
}

gboolean
lim_field_type_allowed_for (const char *entity_type,
                            const char *field_type)
{
  static const char *const defaults[] = {
    "text", "long_text", "integer", "float", "date", "datetime", "boolean", "dropdown",
    "blob_link", "entry_link", "storage_link",
    "entity_link", "custom_entity_link", "aa_sequence_link", "dna_sequence_link", "mixture_link",
    NULL
  };
  static const char *const dna_extra[] = { "part_link", "translation_link", "transcription_link", NULL };
  static const char *const rna_extra[] = { "part_link", "translation_link", NULL };

  if (in_list (field_type, defaults))
    return TRUE;
  if (g_strcmp0 (entity_type, "dna_sequence") == 0)
    return in_list (field_type, dna_extra);
  if (g_strcmp0 (entity_type, "rna_sequence") == 0)
    return in_list (field_type, rna_extra);
  return FALSE;
}

typedef struct
{
  const char *type;
  const char *api;
  const char *folder;
} FieldTypeMap;

static const FieldTypeMap field_type_map[] = {
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

gboolean
lim_field_type_to_api (const char  *type,
                       const char **api_field_type,
                       const char **folder_item_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_type_map); i++)
    if (g_strcmp0 (field_type_map[i].type, type) == 0)
      {
        if (api_field_type)
          *api_field_type = field_type_map[i].api;
        if (folder_item_type)
          *folder_item_type = field_type_map[i].folder;
        return TRUE;
      }
  return FALSE;
}

const char *
lim_field_type_from_api (const char *api_field_type,
                         const char *folder_item_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_type_map); i++)
    if (g_strcmp0 (field_type_map[i].api, api_field_type) == 0 &&
        g_strcmp0 (field_type_map[i].folder, folder_item_type) == 0)
      return lim_enum_intern (&lim_enum_field_type, field_type_map[i].type);
  return NULL;
}

static const FieldTypeMap entity_type_map[] = {
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

gboolean
lim_entity_type_to_api (const char  *entity_type,
                        const char **folder_item_type,
                        const char **sequence_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_type_map); i++)
    if (g_strcmp0 (entity_type_map[i].type, entity_type) == 0)
      {
        if (folder_item_type)
          *folder_item_type = entity_type_map[i].api;
        if (sequence_type)
          *sequence_type = entity_type_map[i].folder;
        return TRUE;
      }
  return FALSE;
}

const char *
lim_entity_type_from_api (const char *folder_item_type,
                          const char *sequence_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_type_map); i++)
    if (g_strcmp0 (entity_type_map[i].api, folder_item_type) == 0 &&
        g_strcmp0 (entity_type_map[i].folder, sequence_type) == 0)
      return lim_enum_intern (&lim_enum_entity_type, entity_type_map[i].type);
  return NULL;
}

gboolean
lim_entity_type_is_nt_sequence (const char *entity_type)
{
  static const char *const types[] = { "dna_sequence", "rna_sequence", "dna_oligo", "rna_oligo", NULL };
  return in_list (entity_type, types);
}

gboolean
lim_entity_type_is_sequence (const char *entity_type)
{
  return lim_entity_type_is_nt_sequence (entity_type) || g_strcmp0 (entity_type, "aa_sequence") == 0;
}

gboolean
lim_naming_strategy_is_template_based (const char *value)
{
  return g_strcmp0 (value, "SET_FROM_NAME_PARTS") == 0 ||
         g_strcmp0 (value, "REPLACE_NAMES_FROM_PARTS") == 0;
}

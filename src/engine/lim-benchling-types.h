/* lim-benchling-types.h — Liminal's enums as name ↔ value tables (§6.1) and the
 * type mappings of §6.2.
 *
 * Values are kept as the interned static strings of these tables, so two
 * values can be compared with ==.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;    /* member name, as written in revision files */
  const char *value;   /* member value, as sent to Benchling */
} LimEnumMember;

typedef struct
{
  const char          *class_name;   /* "BenchlingFieldType" */
  const LimEnumMember *members;
  guint                n_members;
} LimEnum;

extern const LimEnum lim_enum_entity_type;       /* BenchlingEntityType */
extern const LimEnum lim_enum_field_type;        /* BenchlingFieldType */
extern const LimEnum lim_enum_api_field_type;    /* BenchlingAPIFieldType */
extern const LimEnum lim_enum_folder_item_type;  /* BenchlingFolderItemType */
extern const LimEnum lim_enum_sequence_type;     /* BenchlingSequenceType */
extern const LimEnum lim_enum_naming_strategy;   /* BenchlingNamingStrategy */
extern const LimEnum lim_enum_part_type;         /* NameTemplatePartType (not exported by Liminal) */
extern const LimEnum lim_enum_sequence_constraint; /* SequenceConstraint (not exported) */

/* The enums a revision file may name (those exported by liminal.external). */
const LimEnum       *lim_enum_lookup_class (const char *class_name);

const LimEnumMember *lim_enum_by_name      (const LimEnum *e, const char *name);
const LimEnumMember *lim_enum_by_value     (const LimEnum *e, const char *value);
/* The interned value for @value, or NULL. */
const char          *lim_enum_intern       (const LimEnum *e, const char *value);
const char          *lim_enum_name_of      (const LimEnum *e, const char *value);

/* Field type groups (§6.1), by BenchlingFieldType value. */
gboolean lim_field_type_is_entity_link_type (const char *type); /* may carry entity_link / parent_link */
gboolean lim_field_type_allows_multi        (const char *type);
gboolean lim_field_type_is_number           (const char *type);
gboolean lim_field_type_allowed_for         (const char *entity_type, const char *field_type);

/* §6.2 mappings.  Return FALSE for an unknown pair. */
gboolean lim_field_type_to_api   (const char  *type,
                                  const char **api_field_type,
                                  const char **folder_item_type);
const char *lim_field_type_from_api (const char *api_field_type,
                                     const char *folder_item_type);
gboolean lim_entity_type_to_api  (const char  *entity_type,
                                  const char **folder_item_type,
                                  const char **sequence_type);
const char *lim_entity_type_from_api (const char *folder_item_type,
                                      const char *sequence_type);

gboolean lim_entity_type_is_nt_sequence (const char *entity_type);
gboolean lim_entity_type_is_sequence    (const char *entity_type);
gboolean lim_naming_strategy_is_template_based (const char *value);

G_END_DECLS

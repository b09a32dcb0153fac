/* lim-sandbox-validate.h — type mappings and model helpers (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lim-sandbox-state.h"

G_BEGIN_DECLS

/* §6.2 mappings */
const char *ls_entity_type_from_api (const char *folder_item_type, const char *sequence_type);
gboolean    ls_entity_type_to_api   (const char *entity_type, const char **folder_item_type,
                                     const char **sequence_type);
const char *ls_public_field_type    (const char *ft, const char *folder_item_type);
gboolean    ls_field_type_to_api    (const char *liminal_type, const char **ft,
                                     const char **folder_item_type);
char       *ls_snake_case           (const char *name);

/* constructors used by seeds and mutations */
LsDropdown *ls_dropdown_new   (void);
LsDropdown *ls_dropdown_copy  (LsDropdown *src);
void        ls_dropdown_free  (LsDropdown *d);
GPtrArray  *ls_option_array_new (void);
LsOption   *ls_option_new     (const char *id, const char *name);
LsOption   *ls_option_copy    (LsOption *src);
LsField    *ls_field_new      (void);
LsField    *ls_field_copy     (LsField *src);
void        ls_field_free     (LsField *f);
LsNamePart *ls_name_part_new  (const char *type, const char *field_id, const char *text,
                               const char *datetime_format);
LsSchema   *ls_schema_new     (void);
char       *ls_now_iso8601    (void);

G_END_DECLS

/* lim-sandbox-mutate.h — validated writes to the tenant state (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function validates the whole request the way Benchling does and
 * only then touches the state: on error (a LIM_SANDBOX_ERROR whose message
 * is the user message) the tenant is unchanged.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "lim-sandbox-state.h"

G_BEGIN_DECLS

/* Public realm */
LsDropdown *ls_mutate_create_dropdown        (LsState     *state,
                                              JsonObject  *body,
                                              GError     **error);
gboolean    ls_mutate_public_update_dropdown (LsState     *state,
                                              LsDropdown  *dd,
                                              JsonObject  *body,
                                              GError     **error);
gboolean    ls_mutate_public_archive_options (LsState     *state,
                                              LsDropdown  *dd,
                                              JsonObject  *body,
                                              gboolean     archive,
                                              GPtrArray   *changed_ids,
                                              GError     **error);
LsSchema   *ls_mutate_alpha_create_schema    (LsState     *state,
                                              JsonObject  *body,
                                              GError     **error);

/* Field-level helpers (copy, change, validate, commit), used by the demo
 * replay; @schema is replaced on success. */
gboolean    ls_mutate_update_field           (LsState            *state,
                                              LsSchema           *schema,
                                              const char         *system_name,
                                              JsonObject         *keys,
                                              gint                move_to,
                                              GError            **error);
gboolean    ls_mutate_insert_field           (LsState            *state,
                                              LsSchema           *schema,
                                              JsonObject         *field,
                                              gint                index,
                                              GError            **error);
gboolean    ls_mutate_reorder_fields         (LsState            *state,
                                              LsSchema           *schema,
                                              const char * const *order,
                                              GError            **error);

/* Internal realm */
LsSchema   *ls_mutate_prepare_schema_update  (LsState     *state,
                                              LsSchema    *schema,
                                              JsonObject  *body,
                                              GError     **error);
/* Takes ownership of @updated; replaces the schema with the same id. */
void        ls_mutate_commit_schema          (LsState     *state,
                                              LsSchema    *updated);
gboolean    ls_mutate_validate_schema        (LsState     *state,
                                              LsSchema    *schema,
                                              GError     **error);
gboolean    ls_mutate_set_name_template      (LsState     *state,
                                              LsSchema    *schema,
                                              JsonObject  *body,
                                              GError     **error);
gboolean    ls_mutate_bulk_archive_schemas   (LsState     *state,
                                              JsonObject  *body,
                                              gboolean     archive,
                                              GPtrArray   *changed,
                                              GError     **error);
gboolean    ls_mutate_bulk_archive_selectors (LsState     *state,
                                              JsonObject  *body,
                                              gboolean     archive,
                                              GPtrArray   *changed,
                                              GError     **error);
/* Returns TRUE when applied; when confirmation is needed it returns FALSE
 * with *confirm set (the caller writes it as
 * schemaFieldSelectorOptionToUpdate) and no error. */
gboolean    ls_mutate_patch_selector         (LsState     *state,
                                              LsDropdown  *dd,
                                              JsonObject  *body,
                                              GString    **confirm,
                                              GError     **error);

G_END_DECLS

/* lim-sandbox-state.h — the tenant state model of the Benchling sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the sandbox: the server (lim-sandbox.c) and the realm
 * handlers use it; nothing outside src/sandbox/ includes it.
 *
 * One LsState is one Benchling tenant: a registry, a unit dictionary,
 * dropdowns (public "dropdowns" == internal "schema field selectors"),
 * entity schemas (internal "tag schemas") with all their fields, result
 * schemas.  Its records are in lim-sandbox-types.h; the validated writes
 * to it are in lim-sandbox-mutate.h.
 */

#pragma once

#include <glib.h>

#include "lim-sandbox-json.h"
#include "lim-sandbox-types.h"

G_BEGIN_DECLS

typedef struct _LsState LsState;

struct _LsState
{
  guint64    counter;       /* id generator, persisted */
  guint64    field_counter; /* numeric field ids */
  char      *registry_id;
  char      *registry_name;
  GPtrArray *unit_types;    /* LsUnitType* */
  GPtrArray *dropdowns;     /* LsDropdown* */
  GPtrArray *schemas;       /* LsSchema* */
  GPtrArray *result_schemas;/* LsResultSchema* */
  guint64    generation;    /* bumped on every change (response caches) */
  guint64    schema_epoch;  /* bumped when any schema changes (link summaries) */
};

LsState    *ls_state_new_empty   (void);
LsState    *ls_state_new_basic   (void);
LsState    *ls_state_load_json   (const char *data, gsize len, GError **error);
LsState    *ls_state_load_file   (const char *path, GError **error);
/* A tenant seeded from what Benchling answered (its own JSON, read by the
 * sandbox's own code, so the sandbox stays the client's adversary):
 *   {"format": "benchling-responses/1",
 *    "registries": the body of GET /api/v2/registries (one registry),
 *    "unitTypes":  [the unitTypes of every page of GET /api/v2-alpha/unit-types],
 *    "tagSchemas": the body of GET /1/api/tag-schemas/ (archived schemas
 *                  and fields included, as "allFields"),
 *    "selectors":  the body of GET /1/api/schema-field-selectors/?registryId=…,
 *    "resultSchemas": the body of GET /1/api/result-schemas (optional)}
 * Option usage counts are not in Benchling's answers: every option is
 * unused.  New ids and field numbers never meet the tenant's. */
LsState    *ls_state_load_benchling_json (const char *data, gsize len, GError **error);
LsState    *ls_state_load_benchling_file (const char *path, GError **error);
LsState    *ls_state_copy        (LsState *state);
void        ls_state_free        (LsState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsState, ls_state_free)

/* Whole-tenant snapshot (the persistence and /_sandbox/state format). */
GString    *ls_state_to_json     (LsState *state);
/* Applies a partial snapshot (a journal entry, lim-sandbox-journal.h):
 * its "counter" and "fieldCounter" if present, and its "selectors" and
 * "tagSchemas" by id (replacing the record with that id in place, or
 * appended). */
gboolean    ls_state_apply_json  (LsState *state, const char *data, gsize len, GError **error);
/* The snapshot form of one selector (with option usage counts). */
void        ls_write_selector_record (GString *s, LsDropdown *dropdown);

char       *ls_state_next_id     (LsState *state, const char *prefix);
void        ls_state_touch       (LsState *state);

/* Lookups */
LsDropdown *ls_state_find_dropdown (LsState *state, const char *id);
LsSchema   *ls_state_find_schema   (LsState *state, const char *id);
LsSchema   *ls_state_find_schema_by_sql (LsState *state, const char *sql);
LsUnit     *ls_state_find_unit     (LsState *state, const char *id_or_name);
LsOption   *ls_state_find_option   (LsState *state, const char *option_id, LsDropdown **dropdown);

/* Views */
void ls_write_tag_schema       (LsState *state, GString *s, LsSchema *schema);
/* The serialised internal view of @schema (cached; a new reference). */
GBytes *ls_tag_schema_bytes    (LsState *state, LsSchema *schema);
void ls_write_tag_schemas_resp (LsState *state, GString *s);
void ls_write_tag_field        (LsState *state, GString *s, LsField *field);
void ls_write_selector         (GString *s, LsDropdown *dropdown);
void ls_write_dropdown_public  (GString *s, LsDropdown *dropdown);
void ls_write_entity_schema_public (LsState *state, GString *s, LsSchema *schema);
void ls_write_assay_result_schema_public (LsState *state, GString *s, LsResultSchema *schema);
void ls_write_unit_type        (GString *s, LsUnitType *unit_type);
void ls_write_result_schemas_resp (LsState *state, GString *s);
void ls_write_registry         (LsState *state, GString *s);

G_END_DECLS

/* lim-compare.h — the compare engine behind `liminal revision`
 * (autogenerate) and `liminal diff` (§5): given the DESIRED state (what the
 * project's model says) and a snapshot of the tenant, produce Liminal's
 * operation pairs (operation, reverse operation) with Liminal's rules and
 * order.
 *
 * Desired state
 * -------------
 * LimDesired holds what Liminal reads from the project's Python classes:
 *   - dropdowns: `__benchling_name__` and the ordered `__allowed_values__`;
 *   - entity schemas: the model's SchemaProperties (§6.3), its NameTemplate
 *     (§6.5) and its *active* columns in definition order, each a
 *     BaseFieldProperties with warehouse_name = the SQL column name.
 * Archived models (`_archived=True`) and archived columns are simply not
 * added: compare does not see them (§5.4).
 *
 * The adders normalise what they are given as Liminal's classes do:
 *   - schema properties: every unset SchemaProperties key gets its default
 *     (naming_strategies {NEW_IDS, IDS_FROM_NAMES, DELETE_NAMES}, the three
 *     booleans false, constraint_fields ∅, mixture_schema_config None; name,
 *     warehouse_name, prefix and entity_type None if not given);
 *   - name template: NULL means NameTemplate() (parts [], order false);
 *     unset or None keys of a given template get those defaults too;
 *   - field properties: every unset key is set to None, as Column builds
 *     them (warehouse_name must be given).
 * Nothing is validated beyond that (§6.9 checks belong to the model reader).
 *
 * lim_compare()
 * -------------
 * Dropdown pairs first, then entity-schema pairs (§5.1):
 *   dropdowns, per desired dropdown in desired order:
 *     D1 absent remotely → CreateDropdown(N, values) / ArchiveDropdown(N);
 *     D2 archived remotely → UnarchiveDropdown / ArchiveDropdown, then D3
 *        against *all* remote options (archived included), creating *all*
 *        local values, forced;
 *     D3 active with different active options → ArchiveDropdownOption for
 *        remote-only options (index in the remote list), CreateDropdownOption
 *        for local-only values (index in the local list), and
 *        ReorderDropdownOptions when the common options are in another order;
 *     then ArchiveDropdown / UnarchiveDropdown for every active remote
 *     dropdown that no desired dropdown names.
 *   entity schemas, per desired schema in desired order:
 *     E1 UnarchiveEntitySchema; E2 ArchiveEntitySchemaField (index None);
 *     E3 UpdateEntitySchemaField(remote.merge(local)); E4
 *     ReorderEntitySchemaFields; E5 UnarchiveEntitySchemaField (+ E3-style
 *     update when the archived field differs); E6 CreateEntitySchemaField;
 *     E7 clear-then-set constraint_fields; E8 UpdateEntitySchema; E9
 *     UpdateEntitySchemaNameTemplate;
 *     or, when the warehouse name is absent remotely, the create expansion
 *     (CreateEntitySchema with tooltip / entity_link / unit_name unset and
 *     entity-link columns typed entity_link, template naming strategies
 *     removed ({NEW_IDS} if none left); UpdateEntitySchema for the
 *     warehouse name / naming strategies; UpdateEntitySchemaField per field
 *     with an entity link (+ its original type), a tooltip or a unit;
 *     UpdateEntitySchemaNameTemplate on the snake-case name);
 *     then ArchiveEntitySchema / UnarchiveEntitySchema for every active
 *     remote schema of the registry that no desired schema names
 *     (`liminal_remote` excluded).
 * The pairs are then stable-sorted by the operation's order number (§4.2).
 * upgrade = the operations in that order; downgrade = the reverse
 * operations in the *reverse* of that order (not re-sorted).
 *
 * Determinism.  Where Liminal iterates a Python set, the order is random in
 * Liminal; here it is fixed:
 *   - E5/E6 (model columns missing from the active remote fields): model
 *     column order;
 *   - D3 archive candidates (set(remote) − set(local)): remote option order;
 *   - create path, per-field UpdateEntitySchemaField (a set union of field
 *     names): model column order;
 *   - leftover dropdown archives (a set difference): sorted by name (strcmp).
 * Leftover schema archives follow the remote tag-schema list order, which
 * is what Liminal does (`running_benchling_schema_names` is a list, not a
 * set), so no sorting is needed there.
 *
 * Deliberate fixes of Liminal blind spots (§5.4); everything else is
 * reproduced, quirks included:
 *   - name templates compare part *types* too (lim_name_template_equal):
 *     TextPart('x') ≠ SeparatorPart('x'), CreationYearPart() ≠ ProjectPart();
 *   - the mixture-config "always different inside merge" quirk is not
 *     reproduced: mixture configs are compared by value;
 *   - remote null booleans (schema: use_registry_id_as_label,
 *     include_registry_id_in_chips, show_bases_in_expanded_view; field:
 *     required, is_multi, parent_link; the template's
 *     order_name_parts_by_sequence) compare equal to false.  When a diff
 *     does carry such a key, the value written is the other side's exact
 *     value (None included), so a downgrade restores the remote state.
 *   - only the tenant registry's schemas are compared.  Liminal compares
 *     every tag schema GET /1/api/tag-schemas/ returns, whatever its
 *     registryId, while its operations look schemas up in the tenant's
 *     registry only: a schema of another registry would be proposed for
 *     ArchiveEntitySchema, which then fails ("Schema W not found in
 *     Benchling T."), and a model with that warehouse name would be
 *     compared against the wrong schema.
 *
 * Reproduced Liminal behaviour worth knowing:
 *   - D2 also proposes ArchiveDropdownOption for remote options, archived
 *     ones included, that are not local values;
 *   - the create path leaves tooltip / entity_link / unit_name out of the
 *     CreateEntitySchema field list and sets them afterwards at order 140,
 *     on the final warehouse name; the template update (order 110) uses the
 *     snake-case name, before the rename (order 120);
 *   - remote fields are keyed by systemName as Liminal's dict is: with
 *     duplicate systemNames the key keeps the first field's position and
 *     the last field's properties; remote dropdowns are keyed by name, the
 *     last one wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-snapshot.h"
#include "lim-operation.h"
#include "lim-props.h"

G_BEGIN_DECLS

#define LIM_COMPARE_ERROR (lim_compare_error_quark ())
GQuark lim_compare_error_quark (void);

typedef enum {
  LIM_COMPARE_ERROR_INVALID,   /* a desired schema without a warehouse name or name */
} LimCompareError;

typedef struct _LimDesired LimDesired;
typedef struct _LimDesiredSchema LimDesiredSchema;   /* owned by its LimDesired */

LimDesired       *lim_desired_new              (void);
void              lim_desired_free             (LimDesired *desired);

/* @options: ordered option names, @n_options of them (-1: NULL-terminated). */
void              lim_desired_add_dropdown     (LimDesired         *desired,
                                                const char         *name,
                                                const char * const *options,
                                                gssize              n_options);

/* @props: LIM_PROPS_SCHEMA, copied and completed with §6.3 defaults.
 * @name_template: copied; NULL means NameTemplate() (parts [], order false).
 * Returns a handle owned by @desired. */
LimDesiredSchema *lim_desired_add_schema       (LimDesired            *desired,
                                                const LimProps        *props,
                                                const LimNameTemplate *name_template);

/* @props: LIM_PROPS_FIELD with warehouse_name set; copied, unset keys set to
 * None.  Fields are kept in the order they are added (the model's column
 * order). */
void              lim_desired_schema_add_field (LimDesiredSchema *schema,
                                                const LimProps   *props);

guint             lim_desired_get_n_schemas    (const LimDesired *desired);
guint             lim_desired_get_n_dropdowns  (const LimDesired *desired);

/* Compare @desired with @remote.  On success *@upgrade and *@downgrade are
 * new arrays (element-type LimOperation*, owned, free func set), possibly
 * empty.  Fails (LIM_COMPARE_ERROR_INVALID) when a desired schema has no
 * warehouse name or name. */
gboolean          lim_compare                  (LimDesired  *desired,
                                                LimSnapshot    *remote,
                                                GPtrArray  **upgrade,
                                                GPtrArray  **downgrade,
                                                GError     **error);

/* Renames that compare cannot see (§5.4) show up as an archive plus a create
 * of an otherwise identical object.  For each such pair in @upgrade (as
 * lim_compare() returned it, compared against @remote) returns a hint
 * naming the hand-edit, e.g.
 *   "Schema 'old_wh' → 'new_wh' looks like a rename: replace
 *    ArchiveEntitySchema('old_wh') and CreateEntitySchema(…) with
 *    UpdateEntitySchema('old_wh', BaseSchemaProperties(warehouse_name='new_wh'))."
 * Matches:
 *   - schema: ArchiveEntitySchema(old) + CreateEntitySchema with the same
 *     name, prefix and entity type as the remote schema `old`; the new
 *     warehouse name is the one the create path renames to;
 *   - field: ArchiveEntitySchemaField(s, old) + CreateEntitySchemaField(s, …)
 *     whose properties equal the remote field's except warehouse_name →
 *     UpdateEntitySchemaField(s, old, BaseFieldProperties(warehouse_name=new));
 *   - dropdown: ArchiveDropdown(old) + CreateDropdown(new, options) with the
 *     remote dropdown's active options → UpdateDropdownName(old, new).
 * Each archive and each create is used at most once.
 * Returns element-type utf8 (owned), possibly empty. */
GPtrArray        *lim_compare_rename_hints     (GPtrArray *upgrade,
                                                LimSnapshot  *remote);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimDesired, lim_desired_free)

G_END_DECLS

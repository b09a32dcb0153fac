/* lim-sandbox-demo.c — the "demo" seed: the repository's history replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo tenant is what a Benchling tenant looks like after `liminal
 * upgrade` ran the revisions of versions/ (the pizzeria history) up to a
 * given revision: each revision's upgrade() operations are applied here
 * with Liminal's semantics (spec §4.3–4.4) through the same validated
 * mutations the HTTP endpoints use, and the liminal_remote pointer schema
 * (§3) names the revision.  `--seed demo@<revision id>` picks the revision;
 * plain `demo` uses LS_DEMO_DEFAULT_REVISION.
 *
 * Kept in sync by hand with the revision files in versions/ (11 revisions,
 * a1f0c3d2e4b5 …
 * 4e2c8a9d5b70).  Ids stay deterministic: the replay is counter-based.
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox-demo.h"
#include "lim-sandbox-mutate.h"

#define LS_DEMO_DEFAULT_REVISION "4e2c8a9d5b70"

static const char *const revisions[] = {
  "a1f0c3d2e4b5", /* initial init revision */
  "b27d9e41c0a8", /* add cheese, crust, oven and sauce base dropdowns */
  "c4e8a7f1b392", /* add topping and dough batch schemas */
  "d5b1f6e90c27", /* add yeast strain plasmid schema and link it from dough batch */
  "e6c2a8b3d914", /* add pizza schema */
  "f7d3b9c4e025", /* add pizza sauce mixture schema */
  "0a8e4c5f1d36", /* add bake and dough measurements with units */
  "1b9f5d6a2e47", /* refine dropdown options and rename oven type dropdown */
  "2c0a6e7b3f58", /* rename topping schema, tighten constraints, reorder pizza fields */
  "3d1b7f8c4a69", /* retire sourdough flag, sauce base dropdown and pizza sauce schema */
  "4e2c8a9d5b70", /* restore pizza sauce schema, sauce base dropdown and sourdough flag */
  NULL
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static LsDropdown *
dropdown_by_name (LsState    *st,
                  const char *name)
{
  LsDropdown *found = NULL;

  for (guint i = 0; i < st->dropdowns->len; i++)
    {
      LsDropdown *d = g_ptr_array_index (st->dropdowns, i);
      if (g_strcmp0 (d->name, name) == 0)
        found = d; /* Liminal uses the last match */
    }
  return found;
}

static LsField *
field_by_sys (LsSchema   *s,
              const char *sys)
{
  return s ? LS_FIND (s->fields, LsField, system_name, sys) : NULL;
}

/* Expands $REG, $DD{dropdown name}, $TS{warehouse name}, $UNIT{unit name}
 * and $F{schema.field} into ids. */
static char *
expand (LsState    *st,
        const char *tmpl,
        GError    **error)
{
  GString *out = g_string_new (NULL);
  const char *p = tmpl;

  while (*p)
    {
      const char *open, *close;
      g_autofree char *kind = NULL;
      g_autofree char *arg = NULL;
      const char *id = NULL;

      if (*p != '$')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (g_str_has_prefix (p, "$REG"))
        {
          g_string_append (out, st->registry_id);
          p += 4;
          continue;
        }
      open = strchr (p, '{');
      close = open ? strchr (open, '}') : NULL;
      if (close == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      kind = g_strndup (p + 1, open - p - 1);
      arg = g_strndup (open + 1, close - open - 1);
      if (g_strcmp0 (kind, "DD") == 0)
        {
          LsDropdown *d = dropdown_by_name (st, arg);
          id = d ? d->id : NULL;
        }
      else if (g_strcmp0 (kind, "TS") == 0)
        {
          LsSchema *s = ls_state_find_schema_by_sql (st, arg);
          id = s ? s->id : NULL;
        }
      else if (g_strcmp0 (kind, "UNIT") == 0)
        {
          LsUnit *u = ls_state_find_unit (st, arg);
          id = u ? u->id : NULL;
        }
      else if (g_strcmp0 (kind, "F") == 0)
        {
          g_auto(GStrv) parts = g_strsplit (arg, ".", 2);
          LsField *f = parts[1] ? field_by_sys (ls_state_find_schema_by_sql (st, parts[0]), parts[1]) : NULL;
          id = f ? f->api_id : NULL;
        }
      if (id == NULL)
        {
          g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED,
                       "demo replay: cannot resolve $%s{%s}", kind, arg);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, id);
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
parse (LsState    *st,
       const char *tmpl,
       GError    **error)
{
  g_autofree char *text = expand (st, tmpl, error);

  if (text == NULL)
    return NULL;
  return json_from_string (text, error);
}

#define OBJ(node) json_node_get_object (node)

static gboolean
create_dropdown (LsState    *st,
                 const char *json,
                 GError    **error)
{
  g_autoptr(JsonNode) n = parse (st, json, error);
  return n && ls_mutate_create_dropdown (st, OBJ (n), error) != NULL;
}

static gboolean
create_schema (LsState    *st,
               const char *json,
               GError    **error)
{
  g_autoptr(JsonNode) n = parse (st, json, error);
  return n && ls_mutate_alpha_create_schema (st, OBJ (n), error) != NULL;
}

static LsSchema *
schema (LsState    *st,
        const char *sql,
        GError    **error)
{
  LsSchema *s = ls_state_find_schema_by_sql (st, sql);

  if (s == NULL)
    g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED,
                 "demo replay: schema %s not found", sql);
  return s;
}

static gboolean
update_schema (LsState    *st,
               const char *sql,
               const char *json,
               GError    **error)
{
  LsSchema *s = schema (st, sql, error);
  g_autoptr(JsonNode) n = s ? parse (st, json, error) : NULL;
  LsSchema *updated;

  if (n == NULL)
    return FALSE;
  updated = ls_mutate_prepare_schema_update (st, s, OBJ (n), error);
  if (updated == NULL)
    return FALSE;
  ls_mutate_commit_schema (st, updated);
  return TRUE;
}

static gboolean
name_template (LsState    *st,
               const char *sql,
               const char *json,
               GError    **error)
{
  LsSchema *s = schema (st, sql, error);
  g_autoptr(JsonNode) n = s ? parse (st, json, error) : NULL;

  return n && ls_mutate_set_name_template (st, s, OBJ (n), error);
}

static gboolean
update_field (LsState    *st,
              const char *sql,
              const char *field,
              const char *json,
              gint        move_to,
              GError    **error)
{
  LsSchema *s = schema (st, sql, error);
  g_autoptr(JsonNode) n = NULL;

  if (s == NULL)
    return FALSE;
  if (json)
    {
      n = parse (st, json, error);
      if (n == NULL)
        return FALSE;
    }
  return ls_mutate_update_field (st, s, field, n ? OBJ (n) : NULL, move_to, error);
}

static gboolean
insert_field (LsState    *st,
              const char *sql,
              const char *json,
              gint        index,
              GError    **error)
{
  LsSchema *s = schema (st, sql, error);
  g_autoptr(JsonNode) n = s ? parse (st, json, error) : NULL;

  return n && ls_mutate_insert_field (st, s, OBJ (n), index, error);
}

typedef gboolean (*BulkArchiveFunc) (LsState *,
                                     JsonObject *,
                                     gboolean,
                                     GPtrArray *,
                                     GError **);

/* (Un)archives the one item @ref names ("$TS{sql}", "$DD{name}") with
 * @func, one of the ls_mutate_bulk_archive_* functions. */
static gboolean
archive_ref (LsState        *st,
             BulkArchiveFunc func,
             const char     *ref,
             gboolean        archive,
             GError        **error)
{
  g_autofree char *json = g_strdup_printf (archive ? "{\"ids\":[\"%s\"],\"purpose\":\"Made in error\"}"
                                                   : "{\"ids\":[\"%s\"]}", ref);
  g_autoptr(JsonNode) n = parse (st, json, error);

  return n && func (st, OBJ (n), archive, NULL, error);
}

static LsOption *
option_by_name (LsDropdown *d,
                const char *name)
{
  return LS_FIND (d->options, LsOption, name, name);
}

/* CreateDropdownOption: active options first, then archived; insert. */
static void
create_option (LsState    *st,
               LsDropdown *d,
               const char *name,
               guint       index)
{
  GPtrArray *opts = ls_option_array_new ();
  g_autofree char *id = ls_state_next_id (st, "sfso_");

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < d->options->len; i++)
      {
        LsOption *o = g_ptr_array_index (d->options, i);
        if ((o->archive_purpose == NULL) == (pass == 0))
          g_ptr_array_add (opts, ls_option_copy (o));
      }
  g_ptr_array_insert (opts, MIN (index, opts->len), ls_option_new (id, name));
  g_ptr_array_unref (d->options);
  d->options = opts;
}

/* ReorderDropdownOptions: named ones first, the rest in original order. */
static void
reorder_options (LsDropdown        *d,
                 const char *const *order)
{
  GPtrArray *opts = ls_option_array_new ();

  for (guint k = 0; order[k]; k++)
    {
      LsOption *o = option_by_name (d, order[k]);
      if (o)
        g_ptr_array_add (opts, ls_option_copy (o));
    }
  for (guint i = 0; i < d->options->len; i++)
    {
      LsOption *o = g_ptr_array_index (d->options, i);
      if (!g_strv_contains (order, o->name))
        g_ptr_array_add (opts, ls_option_copy (o));
    }
  g_ptr_array_unref (d->options);
  d->options = opts;
}

/* the Liminal "new field" shape (§7.4.1) */
#define NEW_FIELD(name, sys, ft, extra) \
  "{\"name\":\"" name "\",\"systemName\":\"" sys "\",\"fieldType\":\"" ft "\",\"isMulti\":false," \
  "\"isRequired\":false,\"isParentLink\":false" extra "}"

/* ------------------------------------------------------------------ */
/* The history                                                         */

static gboolean
apply_revision (LsState *st,
                guint    index,
                GError **error)
{
  switch (index)
    {
    case 0: /* a1f0c3d2e4b5: `liminal revision` creates the remote pointer */
      return create_schema (st,
                            "{\"name\":\"liminal_remote\",\"prefix\":\"liminal_remote\",\"registryId\":\"$REG\","
                            "\"type\":\"custom_entity\",\"includeRegistryIdInChips\":false,"
                            "\"useOrganizationCollectionAliasForDisplayLabel\":false,\"labelingStrategies\":[\"NEW_IDS\"],"
                            "\"showResidues\":false,\"fields\":[{\"name\":\"a1f0c3d2e4b5\",\"systemName\":\"revision_id\","
                            "\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}}]}",
                            error);

    case 1:
      return create_dropdown (st, "{\"name\":\"Cheese Type\",\"registryId\":\"$REG\",\"options\":[{\"name\":\"Mozzarella\"},"
                              "{\"name\":\"Fior di Latte\"},{\"name\":\"Parmigiano Reggiano\"},{\"name\":\"Gorgonzola\"},"
                              "{\"name\":\"Ricotta\"}]}",
                              error) &&
             create_dropdown (st, "{\"name\":\"Crust Style\",\"registryId\":\"$REG\",\"options\":[{\"name\":\"Neapolitan\"},"
                              "{\"name\":\"New York\"},{\"name\":\"Detroit\"},{\"name\":\"Sicilian\"}]}",
                              error) &&
             create_dropdown (st, "{\"name\":\"Oven Type\",\"registryId\":\"$REG\",\"options\":[{\"name\":\"Wood-fired\"},"
                              "{\"name\":\"Deck\"},{\"name\":\"Conveyor\"}]}",
                              error) &&
             create_dropdown (st, "{\"name\":\"Sauce Base\",\"registryId\":\"$REG\",\"options\":[{\"name\":\"Tomato\"},"
                              "{\"name\":\"Bianca\"},{\"name\":\"Pesto\"}]}", error);

    case 2:
      return create_schema (st,
                            "{\"name\":\"Topping\",\"prefix\":\"TOP\",\"registryId\":\"$REG\",\"type\":\"custom_entity\","
                            "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                            "\"labelingStrategies\":[\"DELETE_NAMES\",\"IDS_FROM_NAMES\",\"NEW_IDS\"],\"showResidues\":false,\"fields\":["
                            "{\"name\":\"Supplier\",\"systemName\":\"supplier\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Supplier SKU\",\"systemName\":\"supplier_sku\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Cheese Type\",\"systemName\":\"cheese_type\",\"fieldType\":\"dropdown\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"dropdownId\":\"$DD{Cheese Type}\",\"link\":{}},"
                            "{\"name\":\"Is Vegan\",\"systemName\":\"is_vegan\",\"fieldType\":\"boolean\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Spice Level\",\"systemName\":\"spice_level\",\"fieldType\":\"integer\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}}]}",
                            error) &&
             create_schema (st,
                            "{\"name\":\"Dough Batch\",\"prefix\":\"DB\",\"registryId\":\"$REG\",\"type\":\"custom_entity\","
                            "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                            "\"labelingStrategies\":[\"NEW_IDS\"],\"showResidues\":false,\"fields\":["
                            "{\"name\":\"Batch Code\",\"systemName\":\"batch_code\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Crust Style\",\"systemName\":\"crust_style\",\"fieldType\":\"dropdown\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"dropdownId\":\"$DD{Crust Style}\",\"link\":{}},"
                            "{\"name\":\"Flour Blend\",\"systemName\":\"flour_blend\",\"fieldType\":\"long_text\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Hydration\",\"systemName\":\"hydration\",\"fieldType\":\"float\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"decimalPrecision\":1,\"link\":{}},"
                            "{\"name\":\"Mixed At\",\"systemName\":\"mixed_at\",\"fieldType\":\"datetime\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Proof Date\",\"systemName\":\"proof_date\",\"fieldType\":\"date\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Recipe Card\",\"systemName\":\"recipe_card\",\"fieldType\":\"blob_link\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}}]}",
                            error) &&
             name_template (st, "dough_batch",
                            "{\"nameTemplateParts\":[{\"type\":\"TEXT\",\"fieldId\":null,\"text\":\"DB\",\"datetimeFormat\":null},"
                            "{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"-\",\"datetimeFormat\":null},"
                            "{\"type\":\"FIELD\",\"fieldId\":\"$F{dough_batch.batch_code}\",\"text\":null,\"datetimeFormat\":null},"
                            "{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"-\",\"datetimeFormat\":null},"
                            "{\"type\":\"CREATED_AT_YEAR\",\"fieldId\":null,\"text\":null,\"datetimeFormat\":null}],"
                            "\"shouldOrderNamePartsBySequence\":null}",
                            error) &&
             update_schema (st, "dough_batch", "{\"labelingStrategies\":[\"NEW_IDS\",\"REPLACE_NAMES_FROM_PARTS\"]}",
                            error) &&
             update_field (st, "topping", "is_vegan", "{\"tooltipText\":\"Contains no animal products\"}", -1, error) &&
             update_field (st, "topping", "spice_level", "{\"tooltipText\":\"Chef's scale: 0 (mild) to 5 (fiery)\"}",
                           -1, error) &&
             update_field (st, "dough_batch", "hydration", "{\"tooltipText\":\"Water as % of flour weight\"}", -1,
                           error);

    case 3:
      return create_schema (st,
                            "{\"name\":\"Yeast Strain Plasmid\",\"prefix\":\"YSP\",\"registryId\":\"$REG\",\"type\":\"dna_sequence\","
                            "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                            "\"labelingStrategies\":[\"IDS_FROM_NAMES\",\"KEEP_NAMES\"],\"showResidues\":true,"
                            "\"constraint\":{\"fields\":[],\"hasUniqueResidues\":true,\"hasUniqueCanonicalSmiles\":false,\"areUniqueResiduesCaseSensitive\":false},"
                            "\"fields\":["
                            "{\"name\":\"Strain Code\",\"systemName\":\"strain_code\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Selection Marker\",\"systemName\":\"selection_marker\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Copy Number\",\"systemName\":\"copy_number\",\"fieldType\":\"integer\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Verified On\",\"systemName\":\"verified_on\",\"fieldType\":\"date\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}}]}",
                            error) &&
             insert_field (st, "dough_batch",
                           NEW_FIELD ("Yeast Plasmid", "yeast_plasmid", "ft_file_link",
                                      ",\"requiredLink\":{\"folderItemType\":null,\"tagSchema\":{\"id\":\"$TS{yeast_strain_plasmid}\"}}"),
                           7, error);

    case 4:
      return create_schema (st,
                            "{\"name\":\"Pizza\",\"prefix\":\"PZ\",\"registryId\":\"$REG\",\"type\":\"custom_entity\","
                            "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                            "\"labelingStrategies\":[\"NEW_IDS\"],\"showResidues\":false,\"fields\":["
                            "{\"name\":\"Dough Batch\",\"systemName\":\"dough_batch\",\"fieldType\":\"entity_link\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":true,\"link\":{}},"
                            "{\"name\":\"Cheese Type\",\"systemName\":\"cheese_type\",\"fieldType\":\"dropdown\",\"isMulti\":true,\"isRequired\":false,\"isParentLink\":false,\"dropdownId\":\"$DD{Cheese Type}\",\"link\":{}},"
                            "{\"name\":\"Toppings\",\"systemName\":\"toppings\",\"fieldType\":\"entity_link\",\"isMulti\":true,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Oven Type\",\"systemName\":\"oven_type\",\"fieldType\":\"dropdown\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"dropdownId\":\"$DD{Oven Type}\",\"link\":{}},"
                            "{\"name\":\"Baked At\",\"systemName\":\"baked_at\",\"fieldType\":\"datetime\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Tasting Notes\",\"systemName\":\"tasting_notes\",\"fieldType\":\"long_text\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Is Sourdough\",\"systemName\":\"is_sourdough\",\"fieldType\":\"boolean\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}}]}",
                            error) &&
             name_template (st, "pizza",
                            "{\"nameTemplateParts\":[{\"type\":\"LINKED_BIOENTITY_REGISTRY_IDENTIFIER\",\"fieldId\":\"$F{pizza.dough_batch}\",\"text\":null,\"datetimeFormat\":null},"
                            "{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"-\",\"datetimeFormat\":null},"
                            "{\"type\":\"TEXT\",\"fieldId\":null,\"text\":\"PZ\",\"datetimeFormat\":null},"
                            "{\"type\":\"REGISTRY_IDENTIFIER_NUMBER\",\"fieldId\":null,\"text\":null,\"datetimeFormat\":null}],"
                            "\"shouldOrderNamePartsBySequence\":null}",
                            error) &&
             update_schema (st, "pizza", "{\"labelingStrategies\":[\"NEW_IDS\",\"SET_FROM_NAME_PARTS\"]}", error) &&
             update_field (st, "pizza", "dough_batch",
                           "{\"fieldType\":\"ft_file_link\",\"requiredLink\":{\"folderItemType\":null,\"tagSchema\":{\"id\":\"$TS{dough_batch}\"}},"
                           "\"tooltipText\":\"The dough batch this pizza was stretched from\"}", -1,
                           error) &&
             update_field (st, "pizza", "toppings",
                           "{\"fieldType\":\"ft_file_link\",\"requiredLink\":{\"folderItemType\":null,\"tagSchema\":{\"id\":\"$TS{topping}\"}}}",
                           -1, error) &&
             update_field (st, "pizza", "tasting_notes",
                           "{\"tooltipText\":\"Chef's tasting notes, one line per tasting\"}", -1, error);

    case 5:
      return create_schema (st,
                            "{\"name\":\"Pizza Sauce\",\"prefix\":\"SAU\",\"registryId\":\"$REG\",\"type\":\"mixture\","
                            "\"mixtureSchemaConfig\":{\"allowMeasuredIngredients\":true,\"componentLotStorageEnabled\":false,\"componentLotTextEnabled\":true},"
                            "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                            "\"labelingStrategies\":[\"NEW_IDS\"],\"showResidues\":false,\"fields\":["
                            "{\"name\":\"Batch Volume\",\"systemName\":\"batch_volume\",\"fieldType\":\"float\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"decimalPrecision\":1,\"link\":{}},"
                            "{\"name\":\"Simmer Minutes\",\"systemName\":\"simmer_minutes\",\"fieldType\":\"integer\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}},"
                            "{\"name\":\"Tomato Variety\",\"systemName\":\"tomato_variety\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}}]}",
                            error);

    case 6:
      return insert_field (st, "dough_batch",
                           NEW_FIELD ("Flour Weight", "flour_weight", "ft_float",
                                      ",\"decimalPrecision\":1,\"unitApiIdentifier\":\"$UNIT{gram}\""),
                           3, error) &&
             insert_field (st, "dough_batch",
                           NEW_FIELD ("Water Volume", "water_volume", "ft_float",
                                      ",\"decimalPrecision\":1,\"unitApiIdentifier\":\"$UNIT{milliliter}\""),
                           4, error) &&
             insert_field (st, "pizza",
                           NEW_FIELD ("Bake Temperature", "bake_temperature", "ft_integer",
                                      ",\"unitApiIdentifier\":\"$UNIT{degree Celsius}\""),
                           5, error) &&
             insert_field (st, "pizza",
                           NEW_FIELD ("Bake Time", "bake_time", "ft_float",
                                      ",\"decimalPrecision\":1,\"unitApiIdentifier\":\"$UNIT{minute}\""),
                           6, error);

    case 7:
      {
        LsDropdown *oven = dropdown_by_name (st, "Oven Type");
        LsDropdown *cheese = dropdown_by_name (st, "Cheese Type");
        LsDropdown *crust = dropdown_by_name (st, "Crust Style");
        static const char *const crust_order[] = { "Detroit", "Neapolitan", "New York", NULL };
        LsOption *o;

        if (!oven || !cheese || !crust)
          break;
        g_free (oven->name);
        oven->name = g_strdup ("Oven");
        create_option (st, cheese, "Burrata", 1);
        o = option_by_name (cheese, "Parmigiano Reggiano");
        g_free (o->name);
        o->name = g_strdup ("Parmigiano-Reggiano");
        o = option_by_name (crust, "Sicilian");
        o->archive_purpose = g_strdup ("Made in error");
        reorder_options (crust, crust_order);
        ls_state_touch (st);
        return TRUE;
      }

    case 8:
      {
        static const char *const pizza_order[] = {
          "dough_batch", "toppings", "cheese_type", "oven_type", "bake_temperature", "bake_time",
          "baked_at", "tasting_notes", "is_sourdough", NULL
        };
        LsSchema *pizza;

        if (!update_schema (st, "topping",
                            "{\"name\":\"Pizza Topping\",\"constraint\":{\"fields\":[{\"systemName\":\"supplier\"},"
                            "{\"systemName\":\"supplier_sku\"}],\"uniqueResidues\":false,\"uniqueCanonicalSmiles\":false,"
                            "\"areUniqueResiduesCaseSensitive\":false}}", error) ||
            !update_schema (st, "yeast_strain_plasmid", "{\"constraint\":null}", error) ||
            !update_schema (st, "yeast_strain_plasmid",
                            "{\"constraint\":{\"fields\":[{\"systemName\":\"strain_code\"}],\"uniqueResidues\":true,"
                            "\"uniqueCanonicalSmiles\":false,\"areUniqueResiduesCaseSensitive\":false}}", error) ||
            !update_field (st, "pizza", "bake_time", "{\"decimalPrecision\":2}", -1, error))
          return FALSE;
        pizza = schema (st, "pizza", error);
        return pizza && ls_mutate_reorder_fields (st, pizza, pizza_order, error);
      }

    case 9:
      return update_field (st, "pizza", "is_sourdough", "{\"archiveRecord\":{\"purpose\":\"Made in error\"}}", -1,
                           error) &&
             archive_ref (st, ls_mutate_bulk_archive_schemas, "$TS{pizza_sauce}", TRUE, error) &&
             archive_ref (st, ls_mutate_bulk_archive_selectors, "$DD{Sauce Base}", TRUE, error);

    case 10:
      return archive_ref (st, ls_mutate_bulk_archive_selectors, "$DD{Sauce Base}", FALSE, error) &&
             archive_ref (st, ls_mutate_bulk_archive_schemas, "$TS{pizza_sauce}", FALSE, error) &&
             insert_field (st, "pizza_sauce",
                           NEW_FIELD ("Salt Content", "salt_content", "ft_float",
                                      ",\"decimalPrecision\":1,\"unitApiIdentifier\":\"$UNIT{gram}\""),
                           3, error) &&
             update_field (st, "pizza", "is_sourdough", "{\"archiveRecord\":null}", 8, error);

    default:
      break;
    }
  g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED, "demo replay: bad step %u", index);
  return FALSE;
}

LsState *
ls_demo_new_state (const char *revision,
                   GError    **error)
{
  g_autoptr(LsState) st = ls_state_new_empty ();
  g_autofree char *pointer = NULL;
  gint last = -1;

  if (revision == NULL || *revision == '\0')
    revision = LS_DEMO_DEFAULT_REVISION;
  for (guint i = 0; revisions[i]; i++)
    if (strlen (revision) >= 4 && g_str_has_prefix (revisions[i], revision))
      {
        if (last >= 0)
          {
            g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED,
                         "Revision prefix \"%s\" is ambiguous.", revision);
            return NULL;
          }
        last = (gint) i;
      }
  if (last < 0)
    {
      g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED,
                   "Unknown demo revision \"%s\" (known: a1f0c3d2e4b5 … %s).", revision,
                   LS_DEMO_DEFAULT_REVISION);
      return NULL;
    }
  for (gint i = 0; i <= last; i++)
    if (!apply_revision (st, (guint) i, error))
      {
        g_prefix_error (error, "demo revision %s: ", revisions[i]);
        return NULL;
      }
  /* after the run, Liminal names the pointer field after the revision */
  pointer = g_strdup_printf ("{\"name\":\"%s\"}", revisions[last]);
  if (!update_field (st, "liminal_remote", "revision_id", pointer, -1, error))
    return NULL;
  return g_steal_pointer (&st);
}

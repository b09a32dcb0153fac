/* lim-sandbox-state.c — tenant state, seeds, views and snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lim-sandbox-state.h"

/* ------------------------------------------------------------------ */
/* Memory                                                              */

static LsState *
ls_state_alloc (void)
{
  LsState *st = g_new0 (LsState, 1);
  st->unit_types = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_unit_type_free);
  st->dropdowns = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_dropdown_free);
  st->schemas = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_schema_free);
  st->result_schemas = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_result_schema_free);
  return st;
}

void
ls_state_free (LsState *st)
{
  if (st == NULL)
    return;
  g_free (st->registry_id);
  g_free (st->registry_name);
  g_ptr_array_unref (st->unit_types);
  g_ptr_array_unref (st->dropdowns);
  g_ptr_array_unref (st->schemas);
  g_ptr_array_unref (st->result_schemas);
  g_free (st);
}

/* ------------------------------------------------------------------ */
/* Ids                                                                 */

static const char base62[] =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Deterministic, Benchling-looking ids: a bijective scramble of a
 * counter, written as 8 base-62 digits. */
char *
ls_state_next_id (LsState    *state,
                  const char *prefix)
{
  const guint64 space = 218340105584896ULL; /* 62^8 */
  guint64 n = ++state->counter;
  guint64 x = (n * 48271ULL * 2654435761ULL + 0x5DEECE66DULL) % space;
  char buf[9];

  for (int i = 7; i >= 0; i--)
    {
      buf[i] = base62[x % 62];
      x /= 62;
    }
  buf[8] = '\0';
  return g_strconcat (prefix, buf, NULL);
}

void
ls_state_touch (LsState *state)
{
  state->generation++;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                             */

LsDropdown *
ls_state_find_dropdown (LsState    *state,
                        const char *id)
{
  return LS_FIND (state->dropdowns, LsDropdown, id, id);
}

LsSchema *
ls_state_find_schema (LsState    *state,
                      const char *id)
{
  return LS_FIND (state->schemas, LsSchema, id, id);
}

LsSchema *
ls_state_find_schema_by_sql (LsState    *state,
                             const char *sql)
{
  return LS_FIND (state->schemas, LsSchema, sql_identifier, sql);
}

LsUnit *
ls_state_find_unit (LsState    *state,
                    const char *id_or_name)
{
  for (guint i = 0; i < state->unit_types->len; i++)
    {
      LsUnitType *t = g_ptr_array_index (state->unit_types, i);
      for (guint j = 0; j < t->units->len; j++)
        {
          LsUnit *u = g_ptr_array_index (t->units, j);
          if (g_strcmp0 (u->id, id_or_name) == 0 || g_strcmp0 (u->name, id_or_name) == 0)
            return u;
        }
    }
  return NULL;
}

LsOption *
ls_state_find_option (LsState     *state,
                      const char  *option_id,
                      LsDropdown **dropdown)
{
  for (guint i = 0; i < state->dropdowns->len; i++)
    {
      LsDropdown *d = g_ptr_array_index (state->dropdowns, i);
      LsOption *o = LS_FIND (d->options, LsOption, id, option_id);

      if (o != NULL)
        {
          if (dropdown)
            *dropdown = d;
          return o;
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Seeds                                                               */

typedef struct
{
  const char *type_name;
  const char *units; /* "name:symbol|name:symbol" */
} UnitSeed;

/* Benchling-style unit dictionary: names are words, symbols are short. */
static const UnitSeed unit_seeds[] = {
  { "Mass", "gram:g|milligram:mg|kilogram:kg|microgram:µg|nanogram:ng|picogram:pg|pound:lb|ounce:oz" },
  { "Volume", "liter:L|milliliter:mL|microliter:µL|nanoliter:nL|picoliter:pL|gallon:gal" },
  { "Temperature", "degree Celsius:°C|degree Fahrenheit:°F|kelvin:K" },
  { "Time", "second:s|millisecond:ms|minute:min|hour:h|day:d|week:wk" },
  { "Length", "meter:m|centimeter:cm|millimeter:mm|micrometer:µm|nanometer:nm|kilometer:km|inch:in|foot:ft" },
  { "Amount of Substance", "mole:mol|millimole:mmol|micromole:µmol|nanomole:nmol|picomole:pmol" },
  { "Molar Concentration", "molar:M|millimolar:mM|micromolar:µM|nanomolar:nM|picomolar:pM" },
  { "Mass Concentration", "gram per liter:g/L|milligram per milliliter:mg/mL|microgram per milliliter:µg/mL|"
    "nanogram per microliter:ng/µL|nanogram per milliliter:ng/mL" },
  { "Pressure", "pascal:Pa|kilopascal:kPa|bar:bar|pound per square inch:psi|atmosphere:atm" },
  { "Rotational Speed", "revolutions per minute:rpm" },
  { "Centrifugal Force", "times gravity:×g" },
  { "Percentage", "percent:%" },
  { "Frequency", "hertz:Hz|kilohertz:kHz" },
  { "Energy", "joule:J|kilojoule:kJ|calorie:cal|kilocalorie:kcal" },
  { "Cell Density", "cells per milliliter:cells/mL" },
  { "Optical Density", "optical density at 600 nm:OD600" },
  { "Molecular Weight", "dalton:Da|kilodalton:kDa" },
  { "Area", "square centimeter:cm²|square meter:m²" },
  { "Flow Rate", "milliliter per minute:mL/min|microliter per minute:µL/min" },
  { "Enzyme Activity", "unit:U|kilounit:kU" },
};

LsState *
ls_state_new_empty (void)
{
  LsState *st = ls_state_alloc ();

  st->registry_id = ls_state_next_id (st, "src_");
  st->registry_name = g_strdup ("Pizza House Registry");
  for (guint i = 0; i < G_N_ELEMENTS (unit_seeds); i++)
    {
      LsUnitType *t = g_new0 (LsUnitType, 1);
      g_auto(GStrv) pairs = g_strsplit (unit_seeds[i].units, "|", -1);

      t->id = ls_state_next_id (st, "unitt_");
      t->name = g_strdup (unit_seeds[i].type_name);
      t->units = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_unit_free);
      for (guint j = 0; pairs[j]; j++)
        {
          LsUnit *u = g_new0 (LsUnit, 1);
          const char *colon = strchr (pairs[j], ':');
          u->id = ls_state_next_id (st, "unit_");
          u->name = g_strndup (pairs[j], colon - pairs[j]);
          u->symbol = g_strdup (colon + 1);
          g_ptr_array_add (t->units, u);
        }
      g_ptr_array_add (st->unit_types, t);
    }
  return st;
}

static LsDropdown *
seed_dropdown (LsState           *st,
               const char        *name,
               const char *const *options)
{
  LsDropdown *d = ls_dropdown_new ();
  d->id = ls_state_next_id (st, "sfs_");
  d->name = g_strdup (name);
  d->registry_id = g_strdup (st->registry_id);
  for (guint i = 0; options[i]; i++)
    {
      g_autofree char *oid = ls_state_next_id (st, "sfso_");
      g_ptr_array_add (d->options, ls_option_new (oid, options[i]));
    }
  g_ptr_array_add (st->dropdowns, d);
  return d;
}

static LsField *
seed_field (LsState    *st,
            LsSchema   *s,
            const char *name,
            const char *sys,
            const char *ft,
            const char *folder)
{
  LsField *f = ls_field_new ();
  f->num_id = (gint64)++ st->field_counter;
  f->api_id = ls_state_next_id (st, "tsf_");
  f->name = g_strdup (name);
  f->system_name = g_strdup (sys);
  f->field_type = g_strdup (ft);
  f->folder_item_type = g_strdup (folder);
  g_ptr_array_add (s->fields, f);
  return f;
}

static LsSchema *
seed_schema (LsState    *st,
             const char *name,
             const char *sql,
             const char *prefix)
{
  LsSchema *s = ls_schema_new ();
  s->id = ls_state_next_id (st, "ts_");
  s->name = g_strdup (name);
  s->sql_identifier = g_strdup (sql);
  s->prefix = g_strdup (prefix);
  s->registry_id = g_strdup (st->registry_id);
  s->folder_item_type = g_strdup ("basic_folder_item");
  g_ptr_array_add (s->labeling, g_strdup ("NEW_IDS"));
  g_ptr_array_add (s->labeling, g_strdup ("IDS_FROM_NAMES"));
  s->modified_at = ls_now_iso8601 ();
  g_ptr_array_add (st->schemas, s);
  return s;
}

/* "basic": a small hand-made pizzeria (the tests' fixture tenant). */
LsState *
ls_state_new_basic (void)
{
  LsState *st = ls_state_new_empty ();
  static const char *const toppings[] = { "Pepperoni", "Mushroom", "Basil", "Olive", "Anchovy", NULL };
  static const char *const ovens[] = { "Wood-fired", "Gas", "Electric", NULL };
  static const char *const flours[] = { "Tipo 00", "Bread Flour", "Whole Wheat", NULL };
  LsDropdown *dd_top, *dd_oven, *dd_flour;
  LsSchema *pizza, *dough;
  LsField *f;
  LsResultSchema *rs;
  LsUnit *cm = ls_state_find_unit (st, "centimeter");
  LsUnit *pct = ls_state_find_unit (st, "percent");
  LsUnit *g = ls_state_find_unit (st, "gram");
  LsUnit *degc = ls_state_find_unit (st, "degree Celsius");

  dd_top = seed_dropdown (st, "Pizza Toppings", toppings);
  dd_oven = seed_dropdown (st, "Oven Type", ovens);
  dd_flour = seed_dropdown (st, "Flour Type", flours);
  /* Pepperoni is on 12 pizzas: archiving or renaming it needs confirmation. */
  ((LsOption *) g_ptr_array_index (dd_top->options, 0))->num_linked = 12;
  /* one archived option, for realism */
  g_free (((LsOption *) g_ptr_array_index (dd_top->options, 4))->archive_purpose);
  ((LsOption *) g_ptr_array_index (dd_top->options, 4))->archive_purpose = g_strdup ("Retired");

  dough = seed_schema (st, "Dough Batch", "dough_batch", "DB");
  f = seed_field (st, dough, "Hydration", "hydration", "ft_float", NULL);
  f->unit_id = g_strdup (pct->id);
  f->decimal_precision = 1;
  f = seed_field (st, dough, "Flour Mass", "flour_mass", "ft_float", NULL);
  f->unit_id = g_strdup (g->id);
  f->decimal_precision = 2;
  f = seed_field (st, dough, "Flour", "flour", "ft_selector", NULL);
  f->selector_id = g_strdup (dd_flour->id);
  f->is_required = TRUE;
  f = seed_field (st, dough, "Proof Temperature", "proof_temperature", "ft_float", NULL);
  f->unit_id = g_strdup (degc->id);
  f->decimal_precision = 1;
  seed_field (st, dough, "Mixed At", "mixed_at", "ft_datetime", NULL);

  pizza = seed_schema (st, "Pizza", "pizza", "PZ");
  f = seed_field (st, pizza, "Diameter", "diameter", "ft_float", NULL);
  f->unit_id = g_strdup (cm->id);
  f->decimal_precision = 1;
  f->tooltip = g_strdup ("Measured across the widest point");
  f = seed_field (st, pizza, "Toppings", "toppings", "ft_selector", NULL);
  f->selector_id = g_strdup (dd_top->id);
  f->is_multi = TRUE;
  f = seed_field (st, pizza, "Oven", "oven", "ft_selector", NULL);
  f->selector_id = g_strdup (dd_oven->id);
  f = seed_field (st, pizza, "Dough", "dough", "ft_file_link", NULL);
  f->link_schema_id = g_strdup (dough->id);
  f->is_parent_link = TRUE;
  f = seed_field (st, pizza, "Notes", "notes", "ft_long_text", NULL);
  f = seed_field (st, pizza, "Legacy Crust Code", "legacy_crust_code", "ft_string", NULL);
  f->archive_purpose = g_strdup ("Made in error");
  g_ptr_array_add (pizza->name_parts, ls_name_part_new ("TEXT", NULL, "PIE", NULL));
  g_ptr_array_add (pizza->name_parts, ls_name_part_new ("SEPARATOR", NULL, "-", NULL));
  g_ptr_array_add (pizza->name_parts, ls_name_part_new ("REGISTRY_IDENTIFIER_NUMBER", NULL, NULL, NULL));

  rs = g_new0 (LsResultSchema, 1);
  rs->id = ls_state_next_id (st, "assaysch_");
  rs->name = g_strdup ("Taste Test");
  rs->system_name = g_strdup ("taste_test");
  rs->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_field_free);
  {
    LsField *rf = ls_field_new ();
    rf->num_id = (gint64)++ st->field_counter;
    rf->api_id = ls_state_next_id (st, "tsf_");
    rf->name = g_strdup ("Score");
    rf->system_name = g_strdup ("score");
    rf->field_type = g_strdup ("ft_integer");
    g_ptr_array_add (rs->fields, rf);
    rf = ls_field_new ();
    rf->num_id = (gint64)++ st->field_counter;
    rf->api_id = ls_state_next_id (st, "tsf_");
    rf->name = g_strdup ("Pizza");
    rf->system_name = g_strdup ("pizza");
    rf->field_type = g_strdup ("ft_file_link");
    rf->link_schema_id = g_strdup (pizza->id);
    g_ptr_array_add (rs->fields, rf);
  }
  g_ptr_array_add (st->result_schemas, rs);
  return st;
}

/* ------------------------------------------------------------------ */
/* Views                                                               */

static void
write_archive_record (GString    *s,
                      const char *key,
                      const char *purpose,
                      const char *word)
{
  lsj_key (s, key);
  if (purpose == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_c (s, '{');
  lsj_kstr (s, word, purpose);
  g_string_append_c (s, '}');
}

void
ls_write_registry (LsState *state,
                   GString *s)
{
  lsj_open (s, '{');
  lsj_kstrs (s, "id", state->registry_id, "name", state->registry_name,
             "modifiedAt", "2024-01-01T00:00:00.000000+00:00", NULL);
  lsj_kopen (s, "owner", '{');
  lsj_kstrs (s, "id", "ent_Pz00Hous", "handle", "pizza-house", "name", "Pizza House", NULL);
  lsj_close (s, '}');
  lsj_close (s, '}');
}

static void
write_tag_schema_summary (LsState    *state,
                          GString    *s,
                          const char *schema_id)
{
  LsSchema *t = ls_state_find_schema (state, schema_id);

  if (t == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_c (s, '{');
  lsj_kstrs (s, "id", t->id, "name", t->name, "sqlIdentifier", t->sql_identifier, "prefix", t->prefix,
             "registryId", t->registry_id, "folderItemType", t->folder_item_type,
             "sequenceType", t->sequence_type, NULL);
  write_archive_record (s, "archiveRecord", t->archive_purpose, "purpose");
  g_string_append_c (s, '}');
}

static gboolean
field_type_is_link (const char *ft)
{
  return g_strcmp0 (ft, "ft_file_link") == 0 ||
         g_strcmp0 (ft, "ft_part_link") == 0 ||
         g_strcmp0 (ft, "ft_translation_link") == 0 ||
         g_strcmp0 (ft, "ft_transcription_link") == 0 ||
         g_strcmp0 (ft, "ft_storable_link") == 0 ||
         g_strcmp0 (ft, "ft_entry_link") == 0 ||
         g_strcmp0 (ft, "ft_blob_link") == 0;
}

/* Appends a literal (compile-time string) without strlen. */
#define LIT(s, lit) g_string_append_len ((s), "" lit, sizeof (lit) - 1)

static void
write_bool (GString *s,
            gboolean v)
{
  if (v)
    LIT (s, "true");
  else
    LIT (s, "false");
}

void
ls_write_tag_field (LsState *state,
                    GString *s,
                    LsField *f)
{
  char num[24];
  int n;

  lsj_sep (s);
  n = g_snprintf (num, sizeof num, "%" G_GINT64_FORMAT, f->num_id);
  LIT (s, "{\"id\":");
  g_string_append_len (s, num, n);
  LIT (s, ",\"apiId\":");
  lsj_str (s, f->api_id);
  LIT (s, ",\"fieldType\":");
  lsj_str (s, f->field_type);
  LIT (s, ",\"name\":");
  lsj_str (s, f->name);
  LIT (s, ",\"systemName\":");
  lsj_str (s, f->system_name);
  if (f->archive_purpose)
    {
      LIT (s, ",\"archiveRecord\":{\"purpose\":");
      lsj_str (s, f->archive_purpose);
      LIT (s, "}");
    }
  else
    LIT (s, ",\"archiveRecord\":null");
  if (field_type_is_link (f->field_type) || f->folder_item_type || f->link_schema_id)
    {
      LIT (s, ",\"requiredLink\":{\"entitySchemaFieldPath\":null,\"folderItemType\":");
      lsj_str (s, f->folder_item_type);
      LIT (s, ",\"schemaInterface\":null,\"tagSchema\":");
      if (f->link_schema_id)
        write_tag_schema_summary (state, s, f->link_schema_id);
      else
        LIT (s, "null");
      LIT (s, ",\"storableSchema\":null}");
    }
  else
    LIT (s, ",\"requiredLink\":null");
  LIT (s, ",\"schemaFieldSelectorId\":");
  lsj_str (s, f->selector_id);
  LIT (s, ",\"tooltipText\":");
  lsj_str (s, f->tooltip);
  LIT (s, ",\"isMulti\":");
  write_bool (s, f->is_multi);
  LIT (s, ",\"isRequired\":");
  write_bool (s, f->is_required);
  LIT (s, ",\"isParentLink\":");
  write_bool (s, f->is_parent_link);
  LIT (s, ",\"unitApiIdentifier\":");
  lsj_str (s, f->unit_id);
  LIT (s, ",\"unitSymbol\":");
  if (f->unit_id)
    {
      LsUnit *u = ls_state_find_unit (state, f->unit_id);
      lsj_str (s, u ? u->symbol : NULL);
    }
  else
    LIT (s, "null");
  LIT (s, ",\"decimalPrecision\":");
  if (f->decimal_precision >= 0)
    g_string_append_printf (s, "%d", f->decimal_precision);
  else
    LIT (s, "null");
  LIT (s, ",\"dbId\":");
  g_string_append_len (s, num, n);
  LIT (s, ",\"description\":null,\"displayName\":");
  lsj_str (s, f->name);
  LIT (s, ",\"isComputed\":false,\"isConvertedFromLink\":false,\"isIntegration\":false,\"isSingleLink\":");
  write_bool (s, !f->is_multi);
  LIT (s, ",\"isSnapshot\":false,\"isUneditable\":false,\"legalTextSelectorId\":null,"
       "\"numericMax\":null,\"numericMin\":null,\"strictSelector\":");
  write_bool (s, g_strcmp0 (f->field_type, "ft_selector") == 0);
  LIT (s, "}");
}

static void write_tag_schema_uncached (LsState  *state,
                                       GString  *s,
                                       LsSchema *t);

/* "@key": the internal views of @fields, the archived ones only if @all. */
static void
write_tag_fields (LsState    *state,
                  GString    *s,
                  const char *key,
                  GPtrArray  *fields,
                  gboolean    all)
{
  lsj_kopen (s, key, '[');
  for (guint i = 0; i < fields->len; i++)
    {
      LsField *f = g_ptr_array_index (fields, i);

      if (all || f->archive_purpose == NULL)
        ls_write_tag_field (state, s, f);
    }
  lsj_close (s, ']');
}

/* "@key": the constraint's fields that exist, as names or as internal
 * field views. */
static void
write_constraint_fields (LsState    *state,
                         GString    *s,
                         LsSchema   *t,
                         const char *key,
                         gboolean    names)
{
  lsj_kopen (s, key, '[');
  for (guint i = 0; i < t->constraint_field_ids->len; i++)
    {
      LsField *f = LS_FIND (t->fields, LsField, api_id, g_ptr_array_index (t->constraint_field_ids, i));

      if (f && names)
        lsj_str (s, f->name);
      else if (f)
        ls_write_tag_field (state, s, f);
    }
  lsj_close (s, ']');
}

/* The internal view of one schema.  Its serialisation is cached on the
 * schema: schemas are replaced (ls_mutate_commit_schema) or have their cache
 * dropped when they change, and schemas whose fields embed another schema's
 * summary are re-rendered whenever any schema changed (schema_epoch). */
GBytes *
ls_tag_schema_bytes (LsState  *state,
                     LsSchema *t)
{
  if (t->json_cache == NULL || (t->json_has_links && t->json_epoch != state->schema_epoch))
    {
      GString *tmp = g_string_sized_new (1024 + t->fields->len * 1400);
      gsize n;

      t->json_has_links = FALSE;
      for (guint i = 0; i < t->fields->len; i++)
        if (((LsField *) g_ptr_array_index (t->fields, i))->link_schema_id)
          t->json_has_links = TRUE;
      write_tag_schema_uncached (state, tmp, t);
      n = tmp->len;
      g_clear_pointer (&t->json_cache, g_bytes_unref);
      t->json_cache = g_bytes_new_take (g_string_free (tmp, FALSE), n);
      t->json_epoch = state->schema_epoch;
    }
  return g_bytes_ref (t->json_cache);
}

void
ls_write_tag_schema (LsState  *state,
                     GString  *s,
                     LsSchema *t)
{
  g_autoptr(GBytes) bytes = ls_tag_schema_bytes (state, t);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  lsj_sep (s);
  g_string_append_len (s, data, len);
}

static void
write_tag_schema_uncached (LsState  *state,
                           GString  *s,
                           LsSchema *t)
{
  gsize all_start, all_end;
  gboolean any_archived = FALSE;

  lsj_open (s, '{');
  lsj_kstrs (s, "id", t->id, "sqlIdentifier", t->sql_identifier, "registryId", t->registry_id,
             "name", t->name, "prefix", t->prefix, "folderItemType", t->folder_item_type,
             "sequenceType", t->sequence_type, NULL);
  lsj_kopen (s, "labelingStrategies", '[');
  for (guint i = 0; i < t->labeling->len; i++)
    lsj_str (s, g_ptr_array_index (t->labeling, i));
  lsj_close (s, ']');
  write_archive_record (s, "archiveRecord", t->archive_purpose, "purpose");
  lsj_kopen (s, "allFields", '[');
  all_start = s->len;
  for (guint i = 0; i < t->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (t->fields, i);
      ls_write_tag_field (state, s, f);
      if (f->archive_purpose)
        any_archived = TRUE;
    }
  all_end = s->len;
  lsj_close (s, ']');
  if (!any_archived)
    {
      /* same elements: copy the bytes instead of rendering them again */
      gsize at;

      lsj_kopen (s, "fields", '[');
      at = s->len;
      g_string_set_size (s, at + (all_end - all_start));
      memcpy (s->str + at, s->str + all_start, all_end - all_start);
      lsj_close (s, ']');
    }
  else
    write_tag_fields (state, s, "fields", t->fields, FALSE);
  lsj_key (s, "constraint");
  if (t->has_constraint)
    {
      g_string_append_c (s, '{');
      lsj_kbool (s, "areUniqueResiduesCaseSensitive", t->residues_case_sensitive);
      write_constraint_fields (state, s, t, "fields", FALSE);
      lsj_kbool (s, "uniqueCanonicalSmiles", t->unique_canonical_smiles);
      lsj_kbool (s, "uniqueResidues", t->unique_residues);
      g_string_append_c (s, '}');
    }
  else
    g_string_append (s, "null");
  lsj_kopen (s, "nameTemplateParts", '[');
  for (guint i = 0; i < t->name_parts->len; i++)
    {
      LsNamePart *p = g_ptr_array_index (t->name_parts, i);
      lsj_open (s, '{');
      lsj_kstrs (s, "type", p->type, "fieldId", p->field_id, "text", p->text,
                 "datetimeFormat", p->datetime_format, NULL);
      lsj_close (s, '}');
    }
  lsj_close (s, ']');
  lsj_kbool (s, "shouldOrderNamePartsBySequence", t->order_name_parts_by_sequence);
  lsj_kbool (s, "showResidues", t->show_residues);
  lsj_kbool (s, "includeRegistryIdInChips", t->include_registry_id_in_chips);
  lsj_kbool (s, "useOrganizationCollectionAliasForDisplayLabel", t->use_org_alias);
  lsj_kbool (s, "useRandomOrgAlias", t->use_random_org_alias);
  lsj_kbool (s, "shouldCreateAsOligo", t->should_create_as_oligo);
  lsj_key (s, "mixtureSchemaConfig");
  if (t->has_mixture_config)
    {
      g_string_append_c (s, '{');
      lsj_kbool (s, "allowMeasuredIngredients", t->mix_allow_measured);
      if (t->mix_lot_storage < 0)
        lsj_knull (s, "componentLotStorageEnabled");
      else
        lsj_kbool (s, "componentLotStorageEnabled", t->mix_lot_storage);
      if (t->mix_lot_text < 0)
        lsj_knull (s, "componentLotTextEnabled");
      else
        lsj_kbool (s, "componentLotTextEnabled", t->mix_lot_text);
      g_string_append_c (s, '}');
    }
  else
    g_string_append (s, "null");
  LIT (s, ",\"authParentOption\":null,\"batchSchemaId\":null,\"childEntitySchemaSummaries\":[],"
       "\"containableType\":\"NONE\",\"hoistedTagSchemaGraphs\":null,\"iconId\":null,"
       "\"isContainable\":false,\"permissions\":{\"canUpdate\":true,\"canArchive\":true},"
       "\"resultSchema\":null}");
}

typedef void (*ItemWriter) (LsState *state,
                            GString *s,
                            gpointer item);

/* {"data":[@items…]} */
static void
write_data_resp (LsState   *state,
                 GString   *s,
                 GPtrArray *items,
                 ItemWriter write)
{
  g_string_append (s, "{\"data\":[");
  for (guint i = 0; i < items->len; i++)
    write (state, s, g_ptr_array_index (items, i));
  g_string_append (s, "]}");
}

void
ls_write_tag_schemas_resp (LsState *state,
                           GString *s)
{
  write_data_resp (state, s, state->schemas, (ItemWriter) ls_write_tag_schema);
}

static void write_selector_impl (GString    *s,
                                 LsDropdown *d,
                                 gboolean    snapshot);

/* "@key": [the options of @d], their archive records naming the purpose
 * @word; with @counts, the hidden usage counts; a NULL @word: the active
 * options only. */
static void
write_options (GString    *s,
               const char *key,
               LsDropdown *d,
               const char *word,
               gboolean    counts)
{
  lsj_kopen (s, key, '[');
  for (guint i = 0; i < d->options->len; i++)
    {
      LsOption *o = g_ptr_array_index (d->options, i);

      if (word == NULL && o->archive_purpose)
        continue;
      lsj_open (s, '{');
      lsj_kstrs (s, "id", o->id, "name", o->name, NULL);
      write_archive_record (s, "archiveRecord", o->archive_purpose, word);
      if (counts)
        lsj_kint (s, "numLinkedTags", o->num_linked);
      lsj_close (s, '}');
    }
  lsj_close (s, ']');
}

void
ls_write_selector (GString    *s,
                   LsDropdown *d)
{
  write_selector_impl (s, d, FALSE);
}

/* @snapshot adds the hidden per-option usage counts */
static void
write_selector_impl (GString    *s,
                     LsDropdown *d,
                     gboolean    snapshot)
{
  lsj_open (s, '{');
  lsj_kstrs (s, "id", d->id, "name", d->name, "registryId", d->registry_id, NULL);
  write_archive_record (s, "archiveRecord", d->archive_purpose, "purpose");
  write_options (s, "allSchemaFieldSelectorOptions", d, "purpose", snapshot);
  write_options (s, "schemaFieldSelectorOptions", d, NULL, FALSE);
  lsj_close (s, '}');
}

void
ls_write_selector_record (GString    *s,
                          LsDropdown *d)
{
  write_selector_impl (s, d, TRUE);
}

void
ls_write_dropdown_public (GString    *s,
                          LsDropdown *d)
{
  lsj_open (s, '{');
  lsj_kstrs (s, "id", d->id, "name", d->name, NULL);
  write_archive_record (s, "archiveRecord", d->archive_purpose, "reason");
  write_options (s, "options", d, "reason", FALSE);
  lsj_close (s, '}');
}

/* "fieldDefinitions" of the public API (FieldDefinition), of @fields. */
static void
write_field_definitions (GString   *s,
                         GPtrArray *fields)
{
  lsj_kopen (s, "fieldDefinitions", '[');
  for (guint i = 0; i < fields->len; i++)
    {
      LsField *f = g_ptr_array_index (fields, i);
      const char *ptype = ls_public_field_type (f->field_type, f->folder_item_type);

      lsj_open (s, '{');
      lsj_kstr (s, "id", f->api_id);
      lsj_kstr (s, "name", f->name);
      lsj_kstr (s, "type", ptype);
      lsj_kbool (s, "isMulti", f->is_multi);
      lsj_kbool (s, "isRequired", f->is_required);
      write_archive_record (s, "archiveRecord", f->archive_purpose, "reason");
      if (g_strcmp0 (ptype, "dropdown") == 0)
        lsj_kstr (s, "dropdownId", f->selector_id);
      else if (g_strcmp0 (ptype, "float") == 0)
        {
          if (f->decimal_precision >= 0)
            lsj_kint (s, "decimalPrecision", f->decimal_precision);
          else
            lsj_knull (s, "decimalPrecision");
          lsj_knull (s, "legalTextDropdownId");
          lsj_knull (s, "numericMax");
          lsj_knull (s, "numericMin");
        }
      else if (g_strcmp0 (ptype, "integer") == 0)
        {
          lsj_knull (s, "numericMax");
          lsj_knull (s, "numericMin");
        }
      else if (g_strcmp0 (ptype, "entity_link") == 0 || g_strcmp0 (ptype, "part_link") == 0 ||
               g_strcmp0 (ptype, "translation_link") == 0 || g_strcmp0 (ptype, "storage_link") == 0 ||
               g_strcmp0 (ptype, "entry_link") == 0)
        lsj_kstr (s, "schemaId", f->link_schema_id);
      lsj_close (s, '}');
    }
  lsj_close (s, ']');
}

void
ls_write_entity_schema_public (LsState  *state,
                               GString  *s,
                               LsSchema *t)
{
  lsj_open (s, '{');
  lsj_kstrs (s, "id", t->id, "name", t->name, "prefix", t->prefix, "registryId", t->registry_id, NULL);
  lsj_kstr (s, "type", ls_entity_type_from_api (t->folder_item_type, t->sequence_type));
  write_archive_record (s, "archiveRecord", t->archive_purpose, "reason");
  lsj_kstr (s, "containableType", "NONE");
  lsj_kstr (s, "modifiedAt", t->modified_at);
  lsj_key (s, "constraint");
  if (t->has_constraint)
    {
      g_string_append_c (s, '{');
      lsj_kbool (s, "hasUniqueResidues", t->unique_residues);
      write_constraint_fields (state, s, t, "fieldDefinitionNames", TRUE);
      g_string_append_c (s, '}');
    }
  else
    g_string_append (s, "null");
  write_field_definitions (s, t->fields);
  lsj_close (s, '}');
}

/* An AssayResultSchema of the public API (BaseAssaySchema: Schema's id,
 * name, type, archiveRecord, fieldDefinitions; systemName, derivedFrom). */
void
ls_write_assay_result_schema_public (LsState        *state,
                                     GString        *s,
                                     LsResultSchema *r)
{
  lsj_open (s, '{');
  lsj_kstrs (s, "id", r->id, "name", r->name, "systemName", r->system_name, NULL);
  lsj_kstr (s, "type", "assay_result");
  lsj_knull (s, "derivedFrom");
  write_archive_record (s, "archiveRecord", r->archive_purpose, "reason");
  write_field_definitions (s, r->fields);
  lsj_close (s, '}');
}

void
ls_write_unit_type (GString    *s,
                    LsUnitType *t)
{
  lsj_open (s, '{');
  lsj_kstr (s, "id", t->id);
  lsj_kstr (s, "name", t->name);
  lsj_kopen (s, "units", '[');
  for (guint i = 0; i < t->units->len; i++)
    {
      LsUnit *u = g_ptr_array_index (t->units, i);
      lsj_open (s, '{');
      lsj_kstrs (s, "id", u->id, "name", u->name, "symbol", u->symbol, "unitTypeId", t->id, NULL);
      lsj_close (s, '}');
    }
  lsj_close (s, ']');
  lsj_close (s, '}');
}

static void
write_result_schema_impl (LsState        *state,
                          GString        *s,
                          LsResultSchema *r)
{
  lsj_open (s, '{');
  lsj_kstrs (s, "id", r->id, "name", r->name, "sqlIdentifier", r->system_name, NULL);
  lsj_knull (s, "prefix");
  lsj_kstr (s, "schemaType", "assay_result");
  write_archive_record (s, "archiveRecord", r->archive_purpose, "purpose");
  write_tag_fields (state, s, "allFields", r->fields, TRUE);
  write_tag_fields (state, s, "fields", r->fields, FALSE);
  LIT (s, ",\"organization\":null,\"permissions\":{\"canUpdate\":true},\"publishedDataTableColumns\":null,"
       "\"requestTaskSchemaIds\":[],\"requestTemplateIds\":[],\"sampleGroupSchema\":null}");
}

void
ls_write_result_schemas_resp (LsState *state,
                              GString *s)
{
  write_data_resp (state, s, state->result_schemas, (ItemWriter) write_result_schema_impl);
}

/* ------------------------------------------------------------------ */
/* Snapshot                                                            */

GString *
ls_state_to_json (LsState *st)
{
  GString *s = g_string_sized_new (64 * 1024);

  g_string_append_c (s, '{');
  lsj_kstr (s, "format", "liminal-sandbox-state/1");
  lsj_kint (s, "counter", (gint64) st->counter);
  lsj_kint (s, "fieldCounter", (gint64) st->field_counter);
  lsj_key (s, "registry");
  ls_write_registry (st, s);
  lsj_kopen (s, "unitTypes", '[');
  for (guint i = 0; i < st->unit_types->len; i++)
    ls_write_unit_type (s, g_ptr_array_index (st->unit_types, i));
  lsj_close (s, ']');
  lsj_kopen (s, "selectors", '[');
  for (guint i = 0; i < st->dropdowns->len; i++)
    write_selector_impl (s, g_ptr_array_index (st->dropdowns, i), TRUE);
  lsj_close (s, ']');
  lsj_kopen (s, "tagSchemas", '[');
  for (guint i = 0; i < st->schemas->len; i++)
    ls_write_tag_schema (st, s, g_ptr_array_index (st->schemas, i));
  lsj_close (s, ']');
  lsj_kopen (s, "schemaModifiedAt", '{');
  for (guint i = 0; i < st->schemas->len; i++)
    {
      LsSchema *t = g_ptr_array_index (st->schemas, i);
      lsj_kstr (s, t->id, t->modified_at);
    }
  lsj_close (s, '}');
  lsj_kopen (s, "resultSchemas", '[');
  for (guint i = 0; i < st->result_schemas->len; i++)
    write_result_schema_impl (st, s, g_ptr_array_index (st->result_schemas, i));
  lsj_close (s, ']');
  g_string_append (s, "}\n");
  return s;
}

/* --- loading --- */

/* The member @key of @o if it is a value of @type, else NULL. */
static JsonNode *
jvalue (JsonObject *o,
        const char *key,
        GType       type)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == type ? n : NULL;
}

static const char *
jstr (JsonObject *o,
      const char *key)
{
  JsonNode *n = jvalue (o, key, G_TYPE_STRING);

  return n ? json_node_get_string (n) : NULL;
}

static gboolean
jbool (JsonObject *o,
       const char *key)
{
  JsonNode *n = jvalue (o, key, G_TYPE_BOOLEAN);

  return n ? json_node_get_boolean (n) : FALSE;
}

static gint64
jint (JsonObject *o,
      const char *key,
      gint64      dflt)
{
  JsonNode *n = jvalue (o, key, G_TYPE_INT64);

  return n ? json_node_get_int (n) : dflt;
}

static JsonObject *
jobj (JsonObject *o,
      const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
jarr (JsonObject *o,
      const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static char *
archive_purpose_of (JsonObject *o)
{
  JsonObject *ar = jobj (o, "archiveRecord");
  const char *p;

  if (ar == NULL)
    return NULL;
  p = jstr (ar, "purpose");
  if (p == NULL)
    p = jstr (ar, "reason");
  return g_strdup (p ? p : "Made in error");
}

static LsField *
load_field (JsonObject *fo)
{
  LsField *f = ls_field_new ();
  JsonObject *rl = jobj (fo, "requiredLink");

  f->num_id = jint (fo, "id", 0);
  f->api_id = g_strdup (jstr (fo, "apiId"));
  f->name = g_strdup (jstr (fo, "name"));
  f->system_name = g_strdup (jstr (fo, "systemName"));
  f->field_type = g_strdup (jstr (fo, "fieldType"));
  if (rl)
    {
      f->folder_item_type = g_strdup (jstr (rl, "folderItemType"));
      f->link_schema_id = g_strdup (jstr (jobj (rl, "tagSchema"), "id"));
    }
  f->selector_id = g_strdup (jstr (fo, "schemaFieldSelectorId"));
  f->tooltip = g_strdup (jstr (fo, "tooltipText"));
  f->unit_id = g_strdup (jstr (fo, "unitApiIdentifier"));
  f->decimal_precision = (gint) jint (fo, "decimalPrecision", -1);
  f->is_multi = jbool (fo, "isMulti");
  f->is_required = jbool (fo, "isRequired");
  f->is_parent_link = jbool (fo, "isParentLink");
  f->archive_purpose = archive_purpose_of (fo);
  return f;
}

static gboolean
load_fail (GError    **error,
           const char *what)
{
  g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED,
               "Invalid sandbox state: %s", what);
  return FALSE;
}

/* Element @i of @arr: an object with an id and a name, or NULL and the
 * error "@what without id or name". */
static JsonObject *
load_named_object (JsonArray  *arr,
                   guint       i,
                   const char *what,
                   GError    **error)
{
  JsonObject *obj = json_array_get_object_element (arr, i);
  g_autofree char *message = NULL;

  if (obj != NULL && jstr (obj, "id") != NULL && jstr (obj, "name") != NULL)
    return obj;
  message = g_strdup_printf ("%s without id or name", what);
  load_fail (error, message);
  return NULL;
}

/* Appends @item to @items, or replaces (and frees) the item with the same
 * char* member at @offset. */
static void
put_record (GPtrArray *items,
            glong      offset,
            gpointer   item)
{
  const char *id = G_STRUCT_MEMBER (const char *, item, offset);

  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (G_STRUCT_MEMBER (const char *, items->pdata[i], offset), id) == 0)
      {
        g_ptr_array_insert (items, (gint) i, item);
        g_ptr_array_remove_index (items, i + 1); /* frees the old one */
        return;
      }
  g_ptr_array_add (items, item);
}

/* The "selectors" of @root into @st, appended; with @upsert (a journal
 * entry), one whose id @st has replaces it in place. */
static gboolean
load_selectors (LsState    *st,
                JsonObject *root,
                gboolean    upsert,
                GError    **error)
{
  JsonArray *arr = jarr (root, "selectors");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *dobj = load_named_object (arr, i, "selector", error);
      JsonArray *oa;
      LsDropdown *d;

      if (dobj == NULL)
        return FALSE;
      oa = jarr (dobj, "allSchemaFieldSelectorOptions");
      d = ls_dropdown_new ();
      d->id = g_strdup (jstr (dobj, "id"));
      d->name = g_strdup (jstr (dobj, "name"));
      d->registry_id = g_strdup (jstr (dobj, "registryId") ? jstr (dobj, "registryId") : st->registry_id);
      d->archive_purpose = archive_purpose_of (dobj);
      for (guint j = 0; oa && j < json_array_get_length (oa); j++)
        {
          JsonObject *oo = json_array_get_object_element (oa, j);
          LsOption *o = ls_option_new (jstr (oo, "id"), jstr (oo, "name"));
          o->archive_purpose = archive_purpose_of (oo);
          o->num_linked = (guint) jint (oo, "numLinkedTags", 0);
          g_ptr_array_add (d->options, o);
        }
      if (upsert)
        put_record (st->dropdowns, G_STRUCT_OFFSET (LsDropdown, id), d);
      else
        g_ptr_array_add (st->dropdowns, d);
    }
  return TRUE;
}

/* The "tagSchemas" of @root (with their "schemaModifiedAt") into @st, like
 * load_selectors(). */
static gboolean
load_tag_schemas (LsState    *st,
                  JsonObject *root,
                  gboolean    upsert,
                  GError    **error)
{
  JsonArray *arr = jarr (root, "tagSchemas");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *so = load_named_object (arr, i, "tag schema", error);
      JsonArray *la, *fa, *pa;
      JsonObject *co, *mo;
      LsSchema *s;

      if (so == NULL)
        return FALSE;
      la = jarr (so, "labelingStrategies");
      fa = jarr (so, "allFields");
      pa = jarr (so, "nameTemplateParts");
      co = jobj (so, "constraint");
      mo = jobj (so, "mixtureSchemaConfig");
      s = ls_schema_new ();
      s->id = g_strdup (jstr (so, "id"));
      s->name = g_strdup (jstr (so, "name"));
      s->sql_identifier = g_strdup (jstr (so, "sqlIdentifier"));
      s->prefix = g_strdup (jstr (so, "prefix"));
      s->registry_id = g_strdup (jstr (so, "registryId") ? jstr (so, "registryId") : st->registry_id);
      s->folder_item_type = g_strdup (jstr (so, "folderItemType"));
      s->sequence_type = g_strdup (jstr (so, "sequenceType"));
      s->archive_purpose = archive_purpose_of (so);
      s->modified_at = g_strdup (jstr (jobj (root, "schemaModifiedAt"), s->id));
      if (s->modified_at == NULL)
        s->modified_at = ls_now_iso8601 ();
      for (guint j = 0; la && j < json_array_get_length (la); j++)
        g_ptr_array_add (s->labeling, g_strdup (json_array_get_string_element (la, j)));
      for (guint j = 0; fa && j < json_array_get_length (fa); j++)
        g_ptr_array_add (s->fields, load_field (json_array_get_object_element (fa, j)));
      if (co)
        {
          JsonArray *cfa = jarr (co, "fields");
          s->has_constraint = TRUE;
          s->unique_residues = jbool (co, "uniqueResidues");
          s->unique_canonical_smiles = jbool (co, "uniqueCanonicalSmiles");
          s->residues_case_sensitive = jbool (co, "areUniqueResiduesCaseSensitive");
          for (guint j = 0; cfa && j < json_array_get_length (cfa); j++)
            g_ptr_array_add (s->constraint_field_ids,
                             g_strdup (jstr (json_array_get_object_element (cfa, j), "apiId")));
        }
      for (guint j = 0; pa && j < json_array_get_length (pa); j++)
        {
          JsonObject *po = json_array_get_object_element (pa, j);
          g_ptr_array_add (s->name_parts, ls_name_part_new (jstr (po, "type"), jstr (po, "fieldId"),
                                                            jstr (po, "text"), jstr (po, "datetimeFormat")));
        }
      s->order_name_parts_by_sequence = jbool (so, "shouldOrderNamePartsBySequence");
      s->show_residues = jbool (so, "showResidues");
      s->include_registry_id_in_chips = jbool (so, "includeRegistryIdInChips");
      s->use_org_alias = jbool (so, "useOrganizationCollectionAliasForDisplayLabel");
      s->use_random_org_alias = jbool (so, "useRandomOrgAlias");
      s->should_create_as_oligo = jbool (so, "shouldCreateAsOligo");
      if (mo)
        {
          JsonNode *n;
          s->has_mixture_config = TRUE;
          s->mix_allow_measured = jbool (mo, "allowMeasuredIngredients");
          n = json_object_get_member (mo, "componentLotStorageEnabled");
          s->mix_lot_storage = (n && !JSON_NODE_HOLDS_NULL (n)) ? jbool (mo, "componentLotStorageEnabled") : -1;
          n = json_object_get_member (mo, "componentLotTextEnabled");
          s->mix_lot_text = (n && !JSON_NODE_HOLDS_NULL (n)) ? jbool (mo, "componentLotTextEnabled") : -1;
        }
      if (upsert)
        put_record (st->schemas, G_STRUCT_OFFSET (LsSchema, id), s);
      else
        g_ptr_array_add (st->schemas, s);
    }
  return TRUE;
}

/* Unit types in the public form ({id, name, units: [{id, name, symbol}]}),
 * appended to @st. */
static void
load_unit_types (LsState   *st,
                 JsonArray *arr)
{
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *to = json_array_get_object_element (arr, i);
      JsonArray *ua = jarr (to, "units");
      LsUnitType *t;

      if (to == NULL)
        continue;
      t = g_new0 (LsUnitType, 1);
      t->id = g_strdup (jstr (to, "id"));
      t->name = g_strdup (jstr (to, "name"));
      t->units = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_unit_free);
      for (guint j = 0; ua && j < json_array_get_length (ua); j++)
        {
          JsonObject *uo = json_array_get_object_element (ua, j);
          LsUnit *u;

          if (uo == NULL)
            continue;
          u = g_new0 (LsUnit, 1);
          u->id = g_strdup (jstr (uo, "id"));
          u->name = g_strdup (jstr (uo, "name"));
          u->symbol = g_strdup (jstr (uo, "symbol"));
          g_ptr_array_add (t->units, u);
        }
      g_ptr_array_add (st->unit_types, t);
    }
}

/* Result schemas in the internal form, appended to @st. */
static void
load_result_schemas (LsState   *st,
                     JsonArray *arr)
{
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *ro = json_array_get_object_element (arr, i);
      JsonArray *fa = jarr (ro, "allFields");
      LsResultSchema *r;

      if (ro == NULL)
        continue;
      r = g_new0 (LsResultSchema, 1);
      r->id = g_strdup (jstr (ro, "id"));
      r->name = g_strdup (jstr (ro, "name"));
      r->system_name = g_strdup (jstr (ro, "sqlIdentifier"));
      r->archive_purpose = archive_purpose_of (ro);
      r->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_field_free);
      for (guint j = 0; fa && j < json_array_get_length (fa); j++)
        g_ptr_array_add (r->fields, load_field (json_array_get_object_element (fa, j)));
      g_ptr_array_add (st->result_schemas, r);
    }
}

LsState *
ls_state_load_json (const char *data,
                    gsize       len,
                    GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LsState) st = NULL;
  JsonObject *root, *reg;

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return load_fail (error, "root is not an object"), NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (jstr (root, "format"), "liminal-sandbox-state/1") != 0)
    return load_fail (error, "missing \"format\": \"liminal-sandbox-state/1\""), NULL;
  reg = jobj (root, "registry");
  if (reg == NULL || jstr (reg, "id") == NULL)
    return load_fail (error, "missing registry"), NULL;

  st = ls_state_alloc ();
  st->counter = (guint64) jint (root, "counter", 0);
  st->field_counter = (guint64) jint (root, "fieldCounter", 0);
  st->registry_id = g_strdup (jstr (reg, "id"));
  st->registry_name = g_strdup (jstr (reg, "name"));

  load_unit_types (st, jarr (root, "unitTypes"));

  if (!load_selectors (st, root, FALSE, error) || !load_tag_schemas (st, root, FALSE, error))
    return NULL;

  load_result_schemas (st, jarr (root, "resultSchemas"));

  return g_steal_pointer (&st);
}

gboolean
ls_state_apply_json (LsState    *st,
                     const char *data,
                     gsize       len,
                     GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return load_fail (error, "root is not an object");
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "counter"))
    st->counter = (guint64) jint (root, "counter", 0);
  if (json_object_has_member (root, "fieldCounter"))
    st->field_counter = (guint64) jint (root, "fieldCounter", 0);
  if (!load_selectors (st, root, TRUE, error) || !load_tag_schemas (st, root, TRUE, error))
    return FALSE;
  st->schema_epoch++;
  ls_state_touch (st);
  return TRUE;
}

LsState *
ls_state_load_file (const char *path,
                    GError    **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return ls_state_load_json (data, len, error);
}

LsState *
ls_state_copy (LsState *state)
{
  g_autoptr(GString) s = ls_state_to_json (state);
  return ls_state_load_json (s->str, s->len, NULL);
}

/* --- seeding from what Benchling answered --- */

/* @node itself when it is an array, else its member @key when that is. */
static JsonArray *
array_or_member (JsonNode   *node,
                 const char *key)
{
  if (node && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    return jarr (json_node_get_object (node), key);
  return NULL;
}

static gint64
max_field_id (GPtrArray *fields,
              gint64     max)
{
  for (guint i = 0; i < fields->len; i++)
    max = MAX (max, ((LsField *) g_ptr_array_index (fields, i))->num_id);
  return max;
}

LsState *
ls_state_load_benchling_json (const char *data,
                              gsize       len,
                              GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LsState) st = NULL;
  g_autoptr(JsonObject) synthetic = json_object_new ();
  JsonObject *root, *reg;
  JsonArray *registries, *selectors = NULL, *schemas;
  JsonNode *sel;
  gint64 max_id = 0;

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return load_fail (error, "root is not an object"), NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (jstr (root, "format"), "benchling-responses/1") != 0)
    return load_fail (error, "missing \"format\": \"benchling-responses/1\""), NULL;
  registries = array_or_member (json_object_get_member (root, "registries"), "registries");
  if (registries == NULL || json_array_get_length (registries) != 1)
    return load_fail (error, "a tenant has exactly one registry"), NULL;
  reg = json_array_get_object_element (registries, 0);
  if (reg == NULL || jstr (reg, "id") == NULL)
    return load_fail (error, "a registry without id"), NULL;

  st = ls_state_alloc ();
  st->registry_id = g_strdup (jstr (reg, "id"));
  st->registry_name = g_strdup (jstr (reg, "name"));
  load_unit_types (st, array_or_member (json_object_get_member (root, "unitTypes"), "unitTypes"));

  /* {"selectorsByRegistryId": {REGISTRY: [...]}}, or the list itself */
  sel = json_object_get_member (root, "selectors");
  if (sel && JSON_NODE_HOLDS_ARRAY (sel))
    selectors = json_node_get_array (sel);
  else if (sel && JSON_NODE_HOLDS_OBJECT (sel))
    selectors = jarr (jobj (json_node_get_object (sel), "selectorsByRegistryId"), st->registry_id);
  if (selectors == NULL)
    return load_fail (error, "no selectors of the registry"), NULL;
  schemas = array_or_member (json_object_get_member (root, "tagSchemas"), "data");
  if (schemas == NULL)
    return load_fail (error, "no tag schemas"), NULL;
  json_object_set_array_member (synthetic, "selectors", json_array_ref (selectors));
  json_object_set_array_member (synthetic, "tagSchemas", json_array_ref (schemas));
  if (!load_selectors (st, synthetic, FALSE, error) || !load_tag_schemas (st, synthetic, FALSE, error))
    return NULL;
  load_result_schemas (st, array_or_member (json_object_get_member (root, "resultSchemas"), "data"));

  /* Fields made here must not take a number the tenant's fields have; ids
   * are a bijective scramble of the counter, so starting it past any
   * counter a tenant reaches keeps new ids apart from the tenant's. */
  for (guint i = 0; i < st->schemas->len; i++)
    max_id = max_field_id (((LsSchema *) g_ptr_array_index (st->schemas, i))->fields, max_id);
  for (guint i = 0; i < st->result_schemas->len; i++)
    max_id = max_field_id (((LsResultSchema *) g_ptr_array_index (st->result_schemas, i))->fields, max_id);
  st->field_counter = (guint64) MAX (max_id, 0);
  st->counter = G_GUINT64_CONSTANT (1) << 40;
  return g_steal_pointer (&st);
}

LsState *
ls_state_load_benchling_file (const char *path,
                              GError    **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return ls_state_load_benchling_json (data, len, error);
}

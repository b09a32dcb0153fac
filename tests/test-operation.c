/* test-operation.c — which operations the window marks as destructive,
 * checked against a literal list rather than against the function itself.
 *
 * The list follows what the operations do to a tenant (docs/
 * liminal-behaviour.md §4.3–4.4): an archive hides a dropdown, an option, a
 * schema or a field together with the data people entered in it (Benchling
 * cannot delete, §4.4 "Made in error"); a field's type or unit change makes
 * Benchling re-interpret the stored values; a warehouse name change (field
 * or schema) and an entity type change break every warehouse query and
 * integration that names the old table or column.  Every other operation
 * adds, restores, renames for people, reorders or changes presentation and
 * validation only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-operation.h"
#include "lim-revision.h"

typedef struct
{
  const char *python;
  gboolean    destructive;
} Case;

static const Case cases[] = {
  /* dropdowns (§4.3) */
  { "b.CreateDropdown('Cheese Type', ['Mozzarella', 'Gorgonzola Dolce'])", FALSE },
  { "b.UpdateDropdownName('Oven Type', 'Oven')", FALSE },
  { "b.ArchiveDropdown('Sauce Base')", TRUE },
  { "b.UnarchiveDropdown('Sauce Base')", FALSE },
  { "b.CreateDropdownOption('Crust Style', 'Detroit', 2)", FALSE },
  { "b.UpdateDropdownOption('Oven Type', 'Wood\\\\Gas', 'Wood/Gas')", FALSE },
  { "b.ArchiveDropdownOption('Crust Style', 'Detroit')", TRUE },
  { "b.ReorderDropdownOptions('Crust Style', ['Detroit', 'Neapolitan'])", FALSE },
  /* schemas (§4.4) */
  { "b.CreateEntitySchema(b.BaseSchemaProperties(name='Amylase Variant', warehouse_name='amylase_variant', "
    "prefix='AMY', entity_type=b.BenchlingEntityType.AA_SEQUENCE, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}), "
    "[b.BaseFieldProperties(name='Source Organism', warehouse_name='source_organism', type=b.BenchlingFieldType.TEXT)])",
    FALSE },
  { "b.ArchiveEntitySchema('pizza_sauce')", TRUE },
  { "b.UnarchiveEntitySchema('pizza_sauce')", FALSE },
  { "b.UpdateEntitySchema('topping', b.BaseSchemaProperties(name='Pizza Topping', prefix='PTOP'))", FALSE },
  { "b.UpdateEntitySchema('pizza', b.BaseSchemaProperties(naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}))",
    FALSE },
  { "b.UpdateEntitySchema('yeast', b.BaseSchemaProperties(constraint_fields={'bases'}))", FALSE },
  { "b.UpdateEntitySchema('pizza', b.BaseSchemaProperties(warehouse_name='pizza_v2'))", TRUE },
  { "b.UpdateEntitySchema('pizza', b.BaseSchemaProperties(entity_type=b.BenchlingEntityType.CUSTOM_ENTITY))", TRUE },
  { "b.UpdateEntitySchemaNameTemplate('pizza', b.BaseNameTemplate(order_name_parts_by_sequence=True))", FALSE },
  /* fields (§4.4) */
  { "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Oven Telemetry', "
    "warehouse_name='oven_telemetry', type=b.BenchlingFieldType.JSON), 17)", FALSE },
  { "b.ArchiveEntitySchemaField('pizza', 'dough', None)", TRUE },
  { "b.UnarchiveEntitySchemaField('pizza', 'dough', None)", FALSE },
  { "b.ReorderEntitySchemaFields('pizza', ['dough_batch', 'crust_style'])", FALSE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(required=True))", FALSE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(tooltip=None))", FALSE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(name='Bake Temperature (°C)'))", FALSE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_time', b.BaseFieldProperties(decimal_places=2))", FALSE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(unit_name='degree Celsius'))", TRUE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(unit_name=None))", TRUE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(type=b.BenchlingFieldType.DECIMAL))",
    TRUE },
  { "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(name='Bake', warehouse_name='bake'))",
    TRUE },
};

static void
test_destructive_list (void)
{
  g_autoptr(GString) text = g_string_new ("'''\nevery operation\n\nRevision ID: 0123456789ab\n"
                                          "Revises: None\nCreate Date: 2026-12-04 10:00:00\n'''\n\n"
                                          "import liminal.external as b\n\n"
                                          "revision = \"0123456789ab\"\ndown_revision = None\n\n\n"
                                          "def upgrade() -> list[b.BaseOperation]:\n    return [\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRevision) revision = NULL;
  GPtrArray *ops;
  guint n_kinds = 0;
  gboolean seen[LIM_OP_N_KINDS] = { FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (text, "        %s,\n", cases[i].python);
  g_string_append (text, "    ]\n\n\ndef downgrade() -> list[b.BaseOperation]:\n    return []\n");

  revision = lim_revision_parse (text->str, text->len, "every-operation.py", &error);
  g_assert_no_error (error);
  ops = lim_revision_get_upgrade (revision);
  g_assert_cmpuint (ops->len, ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < ops->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (ops, i);

      if (lim_operation_is_destructive (op) != cases[i].destructive)
        g_test_fail_printf ("%s should %sbe marked destructive", cases[i].python, cases[i].destructive ? "" : "not ");
      if (!seen[op->spec->kind])
        n_kinds++;
      seen[op->spec->kind] = TRUE;
    }
  /* The list covers every operation kind. */
  g_assert_cmpuint (n_kinds, ==, LIM_OP_N_KINDS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/operation/destructive-list", test_destructive_list);
  return g_test_run ();
}

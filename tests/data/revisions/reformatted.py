'''
add pizza sauce mixture schema

Revision ID: 3881eeed831d
Revises: 5f82aef847a5
Create Date: 2026-01-15 10:00:00
'''
import liminal.external as b
revision = "3881eeed831d"
down_revision = "5f82aef847a5"
def upgrade() -> list[b.BaseOperation]:
  return [
      b.CreateEntitySchema(
          b.BaseSchemaProperties(
              name = 'Pizza Sauce',
              warehouse_name = 'pizza_sauce',
              prefix = 'SAU',
              entity_type = b.BenchlingEntityType.MIXTURE,
              naming_strategies = {b.BenchlingNamingStrategy.NEW_IDS},
              mixture_schema_config = {
                  'allowMeasuredIngredients': True,
                  'componentLotStorageEnabled': False,
                  'componentLotTextEnabled': True
              },
              use_registry_id_as_label = False,
              include_registry_id_in_chips = False,
              constraint_fields = set( ),
              show_bases_in_expanded_view = False
          ),
          [
           b.BaseFieldProperties(name='Batch Volume', warehouse_name='batch_volume',
                                 type=b.BenchlingFieldType.DECIMAL, required=True,
                                 is_multi=False, parent_link=False,
                                 dropdown_link=None, decimal_places=1),
           b.BaseFieldProperties(name='Simmer Minutes', warehouse_name='simmer_minutes',
                                 type=b.BenchlingFieldType.INTEGER, required=False,
                                 is_multi=False, parent_link=False,
                                 dropdown_link=None, decimal_places=None)
          ]
      )
  ]
def downgrade() -> list[b.BaseOperation]:
        return [
                b.ArchiveEntitySchema( 'pizza_sauce' )
               ]

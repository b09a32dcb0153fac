from ...dropdowns import CheeseType
from liminal.enums import BenchlingEntityType, BenchlingFieldType
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class PizzaTopping(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Pizza Topping', warehouse_name='topping', prefix='TOP', entity_type=BenchlingEntityType.CUSTOM_ENTITY, constraint_fields={'supplier', 'supplier_sku'})
    

    supplier: SqlColumn = Column(name='Supplier', type=BenchlingFieldType.TEXT, required=True)
    supplier_sku: SqlColumn = Column(name='Supplier SKU', type=BenchlingFieldType.TEXT, required=False)
    cheese_type: SqlColumn = Column(name='Cheese Type', type=BenchlingFieldType.DROPDOWN, required=False, dropdown=CheeseType)
    is_vegan: SqlColumn = Column(name='Is Vegan', type=BenchlingFieldType.BOOLEAN, required=True, tooltip='Contains no animal products')
    spice_level: SqlColumn = Column(name='Spice Level', type=BenchlingFieldType.INTEGER, required=False, tooltip="Chef's scale: 0 (mild) to 5 (fiery)")



    def __init__(
        self,
        supplier: str,
        is_vegan: bool,
        supplier_sku: str | None = None,
        cheese_type: str | None = None,
        spice_level: int | None = None,
    ):
        self.supplier = supplier
        self.supplier_sku = supplier_sku
        self.cheese_type = cheese_type
        self.is_vegan = is_vegan
        self.spice_level = spice_level
        CheeseType.validate(cheese_type)


from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn
from ...dropdowns import CheeseType


class Topping(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Topping', warehouse_name='topping', prefix='TOP', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS})
    

    cheese: SqlColumn = Column(name='Cheese', type=BenchlingFieldType.DROPDOWN, required=False, is_multi=True, dropdown=CheeseType)
    spicy: SqlColumn = Column(name='Spicy', type=BenchlingFieldType.BOOLEAN, required=False)



    def __init__(
        self,
        cheese: str | None = None,
        spicy: bool | None = None,
    ):
        self.cheese = cheese
        self.spicy = spicy
        CheeseType.validate(cheese)



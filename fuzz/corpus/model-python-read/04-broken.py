#### model/entity_schemas/pizza.py
from liminal.enums import BenchlingEntityType, BenchlingFieldType
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class Pizza(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name="Pizza", warehouse_name="pizza", prefix="PZ", entity_type=BenchlingEntityType.CUSTOM_ENTITY)

    crust: SqlColumn = Column(name="Crust", type=BenchlingFieldType.CRUST, required=True)

from liminal.enums import BenchlingEntityType, BenchlingFieldType
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class DoughBatch(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Dough Batch', warehouse_name='dough_batch', prefix='DB', entity_type=BenchlingEntityType.CUSTOM_ENTITY)
    

    flour: SqlColumn = Column(name="Flour", type=BenchlingFieldType.TEXT, required=True)
    hydration: SqlColumn = Column(name="Hydration", type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1)
    notes: SqlColumn = Column(name="Notes", type=BenchlingFieldType.LONG_TEXT, required=False)

    

    def __init__(
        self,
        flour: str,
        hydration: float | None = None,
        notes: str | None = None,
    ):
        self.flour = flour
        self.hydration = hydration
        self.notes = notes



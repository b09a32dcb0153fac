from liminal.enums import BenchlingEntityType, BenchlingFieldType
from liminal.enums import BenchlingFieldType as FT
from liminal.orm.base_model import BaseModel as LiminalModel
from liminal.orm.column import Column as Col
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class DoughBatch(LiminalModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Dough Batch', warehouse_name='dough_batch', prefix='DB', entity_type=BenchlingEntityType.CUSTOM_ENTITY)
    

    flour = Col(name="Flour", type=FT.TEXT, required=True)
    hydration: SqlColumn = Col(name="Hydration", type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1)
    notes: SqlColumn = Col(name="Notes", type="long_text", required=False)

    

    def __init__(
        self,
        flour: str,
        hydration: float | None = None,
        notes: str | None = None,
    ):
        self.flour = flour
        self.hydration = hydration
        self.notes = notes



from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import FieldPart, SeparatorPart, TextPart
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class DoughBatch(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Dough Batch', warehouse_name='dough_batch', prefix='DB', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.RENAME_WITH_TEMPLATE_WITH_ALIAS})
    __name_template__ = NameTemplate(parts=[TextPart(value='DB'), SeparatorPart(value='-'), FieldPart(wh_field_name='flour_type')])

    flour_type: SqlColumn = Column(name='Flour Type', type=BenchlingFieldType.TEXT, required=True)
    hydration: SqlColumn = Column(name='Hydration', type=BenchlingFieldType.DECIMAL, required=False, tooltip='Water / flour, percent', decimal_places=1)
    water_volume: SqlColumn = Column(name='Water Volume', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=0, unit_name='mL')
    proof_time: SqlColumn = Column(name='Proof Time', type=BenchlingFieldType.INTEGER, required=False)



    def __init__(
        self,
        flour_type: str,
        hydration: float | None = None,
        water_volume: float | None = None,
        proof_time: int | None = None,
    ):
        self.flour_type = flour_type
        self.hydration = hydration
        self.water_volume = water_volume
        self.proof_time = proof_time



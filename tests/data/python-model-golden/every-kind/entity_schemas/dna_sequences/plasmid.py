from ...dropdowns import ResistanceMarker
from datetime import datetime
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import DnaSequenceMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class Plasmid(BaseModel, DnaSequenceMixin):
    __schema_properties__ = SchemaProperties(name='Plasmid', warehouse_name='plasmid', prefix='PLS', entity_type=BenchlingEntityType.DNA_SEQUENCE, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.KEEP_NAMES}, constraint_fields={'backbone', 'bases'}, show_bases_in_expanded_view=True)
    

    backbone: SqlColumn = Column(name='Backbone', type=BenchlingFieldType.TEXT, required=True)
    resistance_marker: SqlColumn = Column(name='Resistance Marker', type=BenchlingFieldType.DROPDOWN, required=False, is_multi=True, dropdown=ResistanceMarker)
    copy_number: SqlColumn = Column(name='Copy Number', type=BenchlingFieldType.INTEGER, required=False)
    prep_yield: SqlColumn = Column(name='Prep Yield', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1, unit_name='microgram')
    sequenced_on: SqlColumn = Column(name='Sequenced On', type=BenchlingFieldType.DATE, required=False)



    def __init__(
        self,
        backbone: str,
        resistance_marker: str | None = None,
        copy_number: int | None = None,
        prep_yield: float | None = None,
        sequenced_on: datetime | None = None,
    ):
        self.backbone = backbone
        self.resistance_marker = resistance_marker
        self.copy_number = copy_number
        self.prep_yield = prep_yield
        self.sequenced_on = sequenced_on
        ResistanceMarker.validate(resistance_marker)


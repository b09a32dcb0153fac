from datetime import datetime
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import DnaSequenceMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class YeastStrainPlasmid(BaseModel, DnaSequenceMixin):
    __schema_properties__ = SchemaProperties(name='Yeast Strain Plasmid', warehouse_name='yeast_strain_plasmid', prefix='YSP', entity_type=BenchlingEntityType.DNA_SEQUENCE, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.KEEP_NAMES}, constraint_fields={'bases'}, show_bases_in_expanded_view=True)
    

    strain_code: SqlColumn = Column(name='Strain Code', type=BenchlingFieldType.TEXT, required=True)
    selection_marker: SqlColumn = Column(name='Selection Marker', type=BenchlingFieldType.TEXT, required=False)
    copy_number: SqlColumn = Column(name='Copy Number', type=BenchlingFieldType.INTEGER, required=False)
    verified_on: SqlColumn = Column(name='Verified On', type=BenchlingFieldType.DATE, required=False)



    def __init__(
        self,
        strain_code: str,
        selection_marker: str | None = None,
        copy_number: int | None = None,
        verified_on: datetime | None = None,
    ):
        self.strain_code = strain_code
        self.selection_marker = selection_marker
        self.copy_number = copy_number
        self.verified_on = verified_on


from ...dropdowns import HostOrganism
from datetime import datetime
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import CreationYearPart, FieldPart, ProjectPart, SeparatorPart, TextPart
from liminal.orm.relationship import multi_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class CellLine(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Cell Line', warehouse_name='cell_line', prefix='CL', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.REPLACE_NAMES_WITH_TEMPLATE})
    __name_template__ = NameTemplate(parts=[TextPart(value='CL'), SeparatorPart(value='-'), FieldPart(wh_field_name='line_code'), SeparatorPart(value='.'), ProjectPart(), SeparatorPart(value='-'), CreationYearPart()])

    line_code: SqlColumn = Column(name='Line Code', type=BenchlingFieldType.TEXT, required=True)
    host_organism: SqlColumn = Column(name='Host Organism', type=BenchlingFieldType.DROPDOWN, required=True, dropdown=HostOrganism)
    passage_number: SqlColumn = Column(name='Passage Number', type=BenchlingFieldType.INTEGER, required=False, tooltip='Passages since the last thaw')
    doubling_time: SqlColumn = Column(name='Doubling Time', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1, unit_name='hour')
    transfected_plasmid: SqlColumn = Column(name='Transfected Plasmid', type=BenchlingFieldType.ENTITY_LINK, required=False, is_multi=True, entity_link='plasmid')
    frozen_on: SqlColumn = Column(name='Frozen On', type=BenchlingFieldType.DATE, required=False)
    notes: SqlColumn = Column(name='Culture Notes', type=BenchlingFieldType.LONG_TEXT, required=False)

    transfected_plasmid_entities = multi_relationship("Plasmid", transfected_plasmid)

    def __init__(
        self,
        line_code: str,
        host_organism: str,
        passage_number: int | None = None,
        doubling_time: float | None = None,
        transfected_plasmid: str | None = None,
        frozen_on: datetime | None = None,
        notes: str | None = None,
    ):
        self.line_code = line_code
        self.host_organism = host_organism
        self.passage_number = passage_number
        self.doubling_time = doubling_time
        self.transfected_plasmid = transfected_plasmid
        self.frozen_on = frozen_on
        self.notes = notes
        HostOrganism.validate(host_organism)


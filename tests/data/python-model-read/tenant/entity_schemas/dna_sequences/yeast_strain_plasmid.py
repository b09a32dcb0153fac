from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import DnaSequenceMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import CreationYearPart, FieldPart, SeparatorPart
from liminal.orm.relationship import single_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class YeastStrainPlasmid(BaseModel, DnaSequenceMixin):
    __schema_properties__ = SchemaProperties(name='Yeast Strain Plasmid', warehouse_name='yeast_strain_plasmid', prefix='YSP', entity_type=BenchlingEntityType.DNA_SEQUENCE, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS}, constraint_fields={'bases', 'strain_code'}, show_bases_in_expanded_view=True)
    __name_template__ = NameTemplate(parts=[FieldPart(wh_field_name='strain_code'), SeparatorPart(value='-'), CreationYearPart()], order_name_parts_by_sequence=True)

    strain_code: SqlColumn = Column(name='Strain Code', type=BenchlingFieldType.TEXT, required=True)
    source_pizza: SqlColumn = Column(name='Source Pizza', type=BenchlingFieldType.CUSTOM_ENTITY_LINK, required=False, entity_link='pizza')
    promoter: SqlColumn = Column(name='Promoter', type=BenchlingFieldType.PART_LINK, required=False)

    source_pizza_entity = single_relationship("Pizza", source_pizza)

    def __init__(
        self,
        strain_code: str,
        source_pizza: str | None = None,
        promoter: str | None = None,
    ):
        self.strain_code = strain_code
        self.source_pizza = source_pizza
        self.promoter = promoter



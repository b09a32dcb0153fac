from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import DnaSequenceMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import CreationYearPart, FieldPart, SeparatorPart
from liminal.orm.relationship import multi_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn
from pydantic import BaseModel as PydanticModel  # not a schema


class YeastPlasmid(BaseModel, DnaSequenceMixin):
    __schema_properties__ = SchemaProperties(name='Yeast Plasmid', warehouse_name='yeast_plasmid', prefix='YP', entity_type=BenchlingEntityType.DNA_SEQUENCE, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.REPLACE_NAMES_WITH_TEMPLATE}, constraint_fields={'bases', 'strain_code'}, show_bases_in_expanded_view=True)
    __name_template__ = NameTemplate(parts=[FieldPart(wh_field_name='strain_code'), SeparatorPart(value='-'), CreationYearPart()], order_name_parts_by_sequence=True)

    strain_code: SqlColumn = Column(name="Strain Code", type=BenchlingFieldType.TEXT, required=True)
    source_pizzas: SqlColumn = Column(name="Source Pizzas", type=BenchlingFieldType.CUSTOM_ENTITY_LINK, required=False, is_multi=True, entity_link="pizza")

    source_pizzas_entities = multi_relationship("Pizza", source_pizzas)

    def __init__(
        self,
        strain_code: str,
        source_pizzas: str | None = None,
    ):
        self.strain_code = strain_code
        self.source_pizzas = source_pizzas




class Settings(PydanticModel):
    url: str = "https://example.org"

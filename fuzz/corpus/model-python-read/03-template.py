#### model/entity_schemas/dna_sequences/yeast_plasmid.py
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import DnaSequenceMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import CreationYearPart, FieldPart, SeparatorPart
from liminal.orm.relationship import multi_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


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


#### model/entity_schemas/mixtures/sauce_mix.py
from liminal.enums import BenchlingEntityType, BenchlingFieldType
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import MixtureMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class SauceMix(BaseModel, MixtureMixin):
    __schema_properties__ = SchemaProperties(name='Sauce Mix', warehouse_name='sauce_mix', prefix='SM', entity_type=BenchlingEntityType.MIXTURE, mixture_schema_config={'allowMeasuredIngredients': True, 'componentLotTextEnabled': True}, use_registry_id_as_label=True, include_registry_id_in_chips=True)
    

    batch_code: SqlColumn = Column(name="Batch Code", type=BenchlingFieldType.TEXT, required=False, _warehouse_name="batch_code_v2")

    

    def __init__(
	self,
    batch_code: str | None = None,
    ):
        self.batch_code = batch_code



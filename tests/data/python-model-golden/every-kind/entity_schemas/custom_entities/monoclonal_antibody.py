from ...dropdowns import AntibodyIsotype
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import ParentRegistryIdPart, RegistryIdentifierNumberPart, SeparatorPart, TextPart
from liminal.orm.relationship import single_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class MonoclonalAntibody(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Monoclonal Antibody', warehouse_name='antibody', prefix='AB', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.RENAME_WITH_TEMPLATE_WITH_ALIAS}, use_registry_id_as_label=True, include_registry_id_in_chips=True, constraint_fields={'clone_name'})
    __name_template__ = NameTemplate(parts=[ParentRegistryIdPart(wh_field_name='producing_line'), SeparatorPart(value='/'), TextPart(value='AB'), RegistryIdentifierNumberPart()])

    producing_line: SqlColumn = Column(name='Producing Line', type=BenchlingFieldType.ENTITY_LINK, required=True, parent_link=True, entity_link='cell_line', tooltip='The hybridoma line that secretes it')
    clone_name: SqlColumn = Column(name='Clone Name', type=BenchlingFieldType.TEXT, required=True)
    isotype: SqlColumn = Column(name='Isotype', type=BenchlingFieldType.DROPDOWN, required=True, dropdown=AntibodyIsotype)
    concentration: SqlColumn = Column(name='Concentration', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=2, unit_name='milligram per milliliter')
    target_antigen: SqlColumn = Column(name='Target Antigen', type=BenchlingFieldType.TEXT, required=False, tooltip='UniProt accession of the antigen')

    producing_line_entity = single_relationship("CellLine", producing_line)

    def __init__(
        self,
        producing_line: str,
        clone_name: str,
        isotype: str,
        concentration: float | None = None,
        target_antigen: str | None = None,
    ):
        self.producing_line = producing_line
        self.clone_name = clone_name
        self.isotype = isotype
        self.concentration = concentration
        self.target_antigen = target_antigen
        AntibodyIsotype.validate(isotype)


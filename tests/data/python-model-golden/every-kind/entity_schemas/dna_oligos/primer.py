from ...dropdowns import StorageTemperature
from datetime import datetime
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import DnaOligoMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import FieldPart, RegistryIdentifierNumberPart, SeparatorPart, TextPart
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class Primer(BaseModel, DnaOligoMixin):
    __schema_properties__ = SchemaProperties(name='Primer', warehouse_name='primer', prefix='PR', entity_type=BenchlingEntityType.DNA_OLIGO, naming_strategies={BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.REPLACE_NAMES_WITH_TEMPLATE})
    __name_template__ = NameTemplate(parts=[FieldPart(wh_field_name='target_gene'), SeparatorPart(value='_'), FieldPart(wh_field_name='direction'), SeparatorPart(value='_'), TextPart(value='PR'), RegistryIdentifierNumberPart()], order_name_parts_by_sequence=True)

    target_gene: SqlColumn = Column(name='Target Gene', type=BenchlingFieldType.TEXT, required=True)
    anneal_temperature: SqlColumn = Column(name='Anneal Temperature', type=BenchlingFieldType.INTEGER, required=False, unit_name='degree Celsius')
    ordered_on: SqlColumn = Column(name='Ordered On', type=BenchlingFieldType.DATE, required=False)
    direction: SqlColumn = Column(name='Direction', type=BenchlingFieldType.TEXT, required=False)
    purification: SqlColumn = Column(name='Purification', type=BenchlingFieldType.TEXT, required=False)
    storage: SqlColumn = Column(name='Storage', type=BenchlingFieldType.DROPDOWN, required=False, dropdown=StorageTemperature)



    def __init__(
        self,
        target_gene: str,
        anneal_temperature: int | None = None,
        ordered_on: datetime | None = None,
        direction: str | None = None,
        purification: str | None = None,
        storage: str | None = None,
    ):
        self.target_gene = target_gene
        self.anneal_temperature = anneal_temperature
        self.ordered_on = ordered_on
        self.direction = direction
        self.purification = purification
        self.storage = storage
        StorageTemperature.validate(storage)


from ...dropdowns import CheeseType, Oven
from datetime import datetime
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import ParentRegistryIdPart, RegistryIdentifierNumberPart, SeparatorPart, TextPart
from liminal.orm.relationship import multi_relationship
from liminal.orm.relationship import single_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class Pizza(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.RENAME_WITH_TEMPLATE_WITH_ALIAS})
    __name_template__ = NameTemplate(parts=[ParentRegistryIdPart(wh_field_name='dough_batch'), SeparatorPart(value='-'), TextPart(value='PZ'), RegistryIdentifierNumberPart()])

    dough_batch: SqlColumn = Column(name='Dough Batch', type=BenchlingFieldType.ENTITY_LINK, required=True, parent_link=True, entity_link='dough_batch', tooltip='The dough batch this pizza was stretched from')
    toppings: SqlColumn = Column(name='Toppings', type=BenchlingFieldType.ENTITY_LINK, required=False, is_multi=True, entity_link='topping')
    cheese_type: SqlColumn = Column(name='Cheese Type', type=BenchlingFieldType.DROPDOWN, required=False, is_multi=True, dropdown=CheeseType)
    oven_type: SqlColumn = Column(name='Oven Type', type=BenchlingFieldType.DROPDOWN, required=False, dropdown=Oven)
    bake_temperature: SqlColumn = Column(name='Bake Temperature', type=BenchlingFieldType.INTEGER, required=False, unit_name='degree Celsius')
    bake_time: SqlColumn = Column(name='Bake Time', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=2, unit_name='minute')
    baked_at: SqlColumn = Column(name='Baked At', type=BenchlingFieldType.DATETIME, required=False)
    tasting_notes: SqlColumn = Column(name='Tasting Notes', type=BenchlingFieldType.LONG_TEXT, required=False, tooltip="Chef's tasting notes, one line per tasting")
    is_sourdough: SqlColumn = Column(name='Is Sourdough', type=BenchlingFieldType.BOOLEAN, required=False)

    dough_batch_entity = single_relationship("DoughBatch", dough_batch)
    toppings_entities = multi_relationship("PizzaTopping", toppings)

    def __init__(
        self,
        dough_batch: str,
        toppings: str | None = None,
        cheese_type: str | None = None,
        oven_type: str | None = None,
        bake_temperature: int | None = None,
        bake_time: float | None = None,
        baked_at: datetime | None = None,
        tasting_notes: str | None = None,
        is_sourdough: bool | None = None,
    ):
        self.dough_batch = dough_batch
        self.toppings = toppings
        self.cheese_type = cheese_type
        self.oven_type = oven_type
        self.bake_temperature = bake_temperature
        self.bake_time = bake_time
        self.baked_at = baked_at
        self.tasting_notes = tasting_notes
        self.is_sourdough = is_sourdough
        CheeseType.validate(cheese_type)
        Oven.validate(oven_type)


from datetime import datetime
from liminal.base.base_dropdown import BaseDropdown
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.relationship import single_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn
from ...dropdowns import CheeseType, OvenType


class Pizza(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS}, constraint_fields={'name_text'})
    

    name_text: SqlColumn = Column(name="Name", type=BenchlingFieldType.TEXT, required=True, tooltip="What the menu says")
    cheese: SqlColumn = Column(name="Cheese", type=BenchlingFieldType.DROPDOWN, required=False, is_multi=True, dropdown=CheeseType)
    oven: SqlColumn = Column(name="Oven", type=BenchlingFieldType.DROPDOWN, required=True, dropdown=OvenType)
    weight: SqlColumn = Column(name="Weight", type=BenchlingFieldType.DECIMAL, required=False, decimal_places=2, unit_name="g")
    slices: SqlColumn = Column(name="Slices", type=BenchlingFieldType.INTEGER, required=False)
    dough: SqlColumn = Column(name="Dough", type=BenchlingFieldType.ENTITY_LINK, required=False, parent_link=True, entity_link="dough_batch")
    baked_on: SqlColumn = Column(name="Baked On", type=BenchlingFieldType.DATE, required=False)
    old_code: SqlColumn = Column(name="Old Code", type=BenchlingFieldType.TEXT, required=False, _archived=True)

    dough_entity = single_relationship("DoughBatch", dough)

    def __init__(
        self,
        name_text: str,
        oven: str,
        cheese: str | None = None,
        weight: float | None = None,
        slices: int | None = None,
        dough: str | None = None,
        baked_on: datetime | None = None,
        old_code: str | None = None,
    ):
        self.name_text = name_text
        self.cheese = cheese
        self.oven = oven
        self.weight = weight
        self.slices = slices
        self.dough = dough
        self.baked_on = baked_on
        self.old_code = old_code
        CheeseType.validate(cheese)
        OvenType.validate(oven)



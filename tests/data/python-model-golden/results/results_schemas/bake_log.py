from ..dropdowns import CheeseType, CheeseType
from datetime import datetime
from liminal.enums import BenchlingFieldType
from liminal.orm.base_results_model import BaseResultsModel
from liminal.orm.column import Column
from liminal.orm.relationship import multi_relationship
from liminal.orm.results_schema_properties import ResultsSchemaProperties
from sqlalchemy import Column as SqlColumn


class BakeLog(BaseResultsModel):
    __schema_properties__ = ResultsSchemaProperties(name='Bake Log', warehouse_name='bake_log')

    toppings: SqlColumn = Column(name='Toppings',type=BenchlingFieldType.ENTITY_LINK,required=False,is_multi=True,entity_link='topping')
    cheese: SqlColumn = Column(name='Cheese',type=BenchlingFieldType.DROPDOWN,required=False,dropdown=CheeseType)
    extra_cheese: SqlColumn = Column(name='Extra Cheese',type=BenchlingFieldType.DROPDOWN,required=False,is_multi=True,dropdown=CheeseType)
    bake_temp: SqlColumn = Column(name='Bake Temperature',type=BenchlingFieldType.DECIMAL,required=True,decimal_places=1,unit_name='degC')
    sauce: SqlColumn = Column(name='Sauce',type=BenchlingFieldType.CUSTOM_ENTITY_LINK,required=False,entity_link='sauce')
    started_at: SqlColumn = Column(name='Started At',type=BenchlingFieldType.DATETIME,required=False)
    ended_at: SqlColumn = Column(name='Ended At',type=BenchlingFieldType.DATETIME,required=False)

    toppings_entities = multi_relationship("Topping", toppings)

    def __init__(
        self,
        bake_temp: float,
        toppings: str | None = None,
        cheese: str | None = None,
        extra_cheese: str | None = None,
        sauce: str | None = None,
        started_at: datetime | None = None,
        ended_at: datetime | None = None,
    ):
        self.toppings = toppings
        self.cheese = cheese
        self.extra_cheese = extra_cheese
        self.bake_temp = bake_temp
        self.sauce = sauce
        self.started_at = started_at
        self.ended_at = ended_at
        CheeseType.validate(cheese)
        CheeseType.validate(extra_cheese)

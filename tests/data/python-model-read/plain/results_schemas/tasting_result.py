from liminal.orm.results_schema_properties import ResultsSchemaProperties
from liminal.enums import BenchlingFieldType
from liminal.orm.base_results_model import BaseResultsModel
from liminal.orm.column import Column
from sqlalchemy import Column as SqlColumn
from liminal.orm.relationship import single_relationship
from ..dropdowns import CheeseType


class TastingResult(BaseResultsModel):
    __schema_properties__ = ResultsSchemaProperties(name='Tasting Result', warehouse_name='tasting_result')

    pizza: SqlColumn = Column(name='Pizza', type=BenchlingFieldType.ENTITY_LINK, required=True, entity_link='pizza')
    cheese: SqlColumn = Column(name='Cheese', type=BenchlingFieldType.DROPDOWN, required=False, dropdown=CheeseType)

    pizza_entity = single_relationship("Pizza", pizza)

    def __init__(
        self,
        pizza: str,
        cheese: str | None = None,
    ):
        self.pizza = pizza
        self.cheese = cheese
        CheeseType.validate(cheese)

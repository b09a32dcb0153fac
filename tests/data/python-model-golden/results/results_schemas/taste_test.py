from ..dropdowns import OvenType
from datetime import datetime
from liminal.enums import BenchlingFieldType
from liminal.orm.base_results_model import BaseResultsModel
from liminal.orm.column import Column
from liminal.orm.relationship import single_relationship
from liminal.orm.results_schema_properties import ResultsSchemaProperties
from sqlalchemy import Column as SqlColumn


class TasteTest(BaseResultsModel):
    __schema_properties__ = ResultsSchemaProperties(name='Taste Test', warehouse_name='taste_test')

    score: SqlColumn = Column(name='Score',type=BenchlingFieldType.INTEGER,required=True)
    pizza: SqlColumn = Column(name='Pizza',type=BenchlingFieldType.ENTITY_LINK,required=False,entity_link='pizza')
    oven: SqlColumn = Column(name='Oven',type=BenchlingFieldType.DROPDOWN,required=False,dropdown=OvenType)
    tasted_on: SqlColumn = Column(name='Tasted On',type=BenchlingFieldType.DATE,required=True)
    notes: SqlColumn = Column(name='Notes',type=BenchlingFieldType.LONG_TEXT,required=False,tooltip='What the panel said')

    pizza_entity = single_relationship("Pizza", pizza)

    def __init__(
        self,
        score: int,
        tasted_on: datetime,
        pizza: str | None = None,
        oven: str | None = None,
        notes: str | None = None,
    ):
        self.score = score
        self.pizza = pizza
        self.oven = oven
        self.tasted_on = tasted_on
        self.notes = notes
        OvenType.validate(oven)

from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import MixtureMixin
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class PizzaSauce(BaseModel, MixtureMixin):
    __schema_properties__ = SchemaProperties(name='Pizza Sauce', warehouse_name='pizza_sauce', prefix='SAU', entity_type=BenchlingEntityType.MIXTURE, naming_strategies={BenchlingNamingStrategy.NEW_IDS}, mixture_schema_config={'allowMeasuredIngredients': True, 'componentLotStorageEnabled': False, 'componentLotTextEnabled': True})
    

    batch_volume: SqlColumn = Column(name='Batch Volume', type=BenchlingFieldType.DECIMAL, required=True, decimal_places=1)
    simmer_minutes: SqlColumn = Column(name='Simmer Minutes', type=BenchlingFieldType.INTEGER, required=False)
    tomato_variety: SqlColumn = Column(name='Tomato Variety', type=BenchlingFieldType.TEXT, required=False)



    def __init__(
        self,
        batch_volume: float,
        simmer_minutes: int | None = None,
        tomato_variety: str | None = None,
    ):
        self.batch_volume = batch_volume
        self.simmer_minutes = simmer_minutes
        self.tomato_variety = tomato_variety


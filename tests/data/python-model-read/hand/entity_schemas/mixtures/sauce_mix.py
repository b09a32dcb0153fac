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



from liminal.enums import BenchlingFieldType
from liminal.orm.base_results_model import BaseResultsModel
from liminal.orm.column import Column
from liminal.orm.results_schema_properties import ResultsSchemaProperties
from sqlalchemy import Column as SqlColumn


class EmptyResult(BaseResultsModel):
    __schema_properties__ = ResultsSchemaProperties(name='Empty Result', warehouse_name='empty_result')







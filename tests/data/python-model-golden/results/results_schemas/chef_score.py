from ..dropdowns import CrustStyle
from liminal.enums import BenchlingFieldType
from liminal.orm.base_results_model import BaseResultsModel
from liminal.orm.column import Column
from liminal.orm.results_schema_properties import ResultsSchemaProperties
from sqlalchemy import Column as SqlColumn


class ChefScore(BaseResultsModel):
    __schema_properties__ = ResultsSchemaProperties(name="Chef's Score", warehouse_name='chef_score')

    crust: SqlColumn = Column(name='Crust',type=BenchlingFieldType.DROPDOWN,required=True,dropdown=CrustStyle)
    dough: SqlColumn = Column(name='Dough',type=BenchlingFieldType.CUSTOM_ENTITY_LINK,required=True,parent_link=True,entity_link='dough_batch')
    passed: SqlColumn = Column(name='Passed',type=BenchlingFieldType.BOOLEAN,required=False)



    def __init__(
        self,
        crust: str,
        dough: str,
        passed: bool | None = None,
    ):
        self.crust = crust
        self.dough = dough
        self.passed = passed
        CrustStyle.validate(crust)

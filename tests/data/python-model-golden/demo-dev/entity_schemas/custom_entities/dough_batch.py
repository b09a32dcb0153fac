from ...dropdowns import CrustStyle
from datetime import datetime
from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import CreationYearPart, FieldPart, SeparatorPart, TextPart
from liminal.orm.relationship import single_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn


class DoughBatch(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Dough Batch', warehouse_name='dough_batch', prefix='DB', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.NEW_IDS, BenchlingNamingStrategy.REPLACE_NAMES_WITH_TEMPLATE})
    __name_template__ = NameTemplate(parts=[TextPart(value='DB'), SeparatorPart(value='-'), FieldPart(wh_field_name='batch_code'), SeparatorPart(value='-'), CreationYearPart()])

    batch_code: SqlColumn = Column(name='Batch Code', type=BenchlingFieldType.TEXT, required=True)
    crust_style: SqlColumn = Column(name='Crust Style', type=BenchlingFieldType.DROPDOWN, required=True, dropdown=CrustStyle)
    flour_blend: SqlColumn = Column(name='Flour Blend', type=BenchlingFieldType.LONG_TEXT, required=False)
    flour_weight: SqlColumn = Column(name='Flour Weight', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1, unit_name='gram')
    water_volume: SqlColumn = Column(name='Water Volume', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1, unit_name='milliliter')
    hydration: SqlColumn = Column(name='Hydration', type=BenchlingFieldType.DECIMAL, required=False, tooltip='Water as % of flour weight', decimal_places=1)
    mixed_at: SqlColumn = Column(name='Mixed At', type=BenchlingFieldType.DATETIME, required=False)
    proof_date: SqlColumn = Column(name='Proof Date', type=BenchlingFieldType.DATE, required=False)
    recipe_card: SqlColumn = Column(name='Recipe Card', type=BenchlingFieldType.BLOB_LINK, required=False)
    yeast_plasmid: SqlColumn = Column(name='Yeast Plasmid', type=BenchlingFieldType.ENTITY_LINK, required=False, entity_link='yeast_strain_plasmid')

    yeast_plasmid_entity = single_relationship("YeastStrainPlasmid", yeast_plasmid)

    def __init__(
        self,
        batch_code: str,
        crust_style: str,
        flour_blend: str | None = None,
        flour_weight: float | None = None,
        water_volume: float | None = None,
        hydration: float | None = None,
        mixed_at: datetime | None = None,
        proof_date: datetime | None = None,
        recipe_card: dict | None = None,
        yeast_plasmid: str | None = None,
    ):
        self.batch_code = batch_code
        self.crust_style = crust_style
        self.flour_blend = flour_blend
        self.flour_weight = flour_weight
        self.water_volume = water_volume
        self.hydration = hydration
        self.mixed_at = mixed_at
        self.proof_date = proof_date
        self.recipe_card = recipe_card
        self.yeast_plasmid = yeast_plasmid
        CrustStyle.validate(crust_style)


from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy
from liminal.orm.base_model import BaseModel
from liminal.orm.column import Column
from liminal.orm.mixins import CustomEntityMixin
from liminal.orm.name_template import NameTemplate
from liminal.orm.name_template_parts import ParentRegistryIdPart, RegistryIdentifierNumberPart, SeparatorPart
from liminal.orm.relationship import multi_relationship, single_relationship
from liminal.orm.schema_properties import SchemaProperties
from sqlalchemy import Column as SqlColumn
from ...dropdowns import CrustStyle, OvenType


class Pizza(BaseModel, CustomEntityMixin):
    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS}, include_registry_id_in_chips=True)
    __name_template__ = NameTemplate(parts=[ParentRegistryIdPart(wh_field_name='dough_batch'), SeparatorPart(value='-'), RegistryIdentifierNumberPart()])

    dough_batch: SqlColumn = Column(name='Dough Batch', type=BenchlingFieldType.CUSTOM_ENTITY_LINK, required=True, parent_link=True, entity_link='dough_batch', tooltip='The dough batch this pizza was stretched from')
    crust_style: SqlColumn = Column(name='Crust Style', type=BenchlingFieldType.DROPDOWN, required=True, dropdown=CrustStyle)
    bake_temp: SqlColumn = Column(name='Bake Temperature', type=BenchlingFieldType.DECIMAL, required=False, decimal_places=1, unit_name='degC')
    topping_refs: SqlColumn = Column(name='Toppings', type=BenchlingFieldType.ENTITY_LINK, required=False, is_multi=True, entity_link='topping')
    oven: SqlColumn = Column(name='Oven', type=BenchlingFieldType.DROPDOWN, required=False, dropdown=OvenType)
    tasting_notes: SqlColumn = Column(name='Tasting Notes', type=BenchlingFieldType.LONG_TEXT, required=False)

    dough_batch_entity = single_relationship("DoughBatch", dough_batch)
    topping_refs_entities = multi_relationship("Topping", topping_refs)

    def __init__(
        self,
        dough_batch: str,
        crust_style: str,
        bake_temp: float | None = None,
        topping_refs: str | None = None,
        oven: str | None = None,
        tasting_notes: str | None = None,
    ):
        self.dough_batch = dough_batch
        self.crust_style = crust_style
        self.bake_temp = bake_temp
        self.topping_refs = topping_refs
        self.oven = oven
        self.tasting_notes = tasting_notes
        CrustStyle.validate(crust_style)
        OvenType.validate(oven)



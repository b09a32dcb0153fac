"""Pizzas, as the kitchen team keeps them."""
from __future__ import annotations

import logging
import re  # used by the validators below
from typing import TYPE_CHECKING

from liminal.validation import BenchlingValidatorReport, liminal_validator
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


if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LOGGER = logging.getLogger(__name__)
MAX_SLICES = 8 * 2


def helper(value: str) -> str:
    for ch in value:
        if ch in {"a", "b"}:
            return f"{value!r} has {ch}"
    return value


@some_registry.register(kind="schema")
class Pizza(BaseModel, CustomEntityMixin):
    """A pizza.

    Columns mirror the Benchling schema.
    """

    __schema_properties__ = SchemaProperties(name='Pizza', warehouse_name='pizza', prefix='PZ', entity_type=BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={BenchlingNamingStrategy.IDS_FROM_NAMES, BenchlingNamingStrategy.NEW_IDS}, constraint_fields={'name_text'})
    

    name_text: SqlColumn = Column(name="Name", type=BenchlingFieldType.TEXT, required=True, tooltip="What the menu says")
    cheese: SqlColumn = Column(name="Cheese", type=BenchlingFieldType.DROPDOWN, required=False, is_multi=True, dropdown=CheeseType)
    # The oven it was baked in.
    oven: SqlColumn = Column(name="Oven", type=BenchlingFieldType.DROPDOWN, required=True, dropdown=OvenType)
    weight: SqlColumn = Column(name="Weight", type=BenchlingFieldType.DECIMAL, required=False, decimal_places=2, unit_name="g")
    slices: SqlColumn = Column(
        name="Slices",
        type=BenchlingFieldType.INTEGER,
        required=False,  # whole slices only
    )
    label: str  # a plain annotation, not a column
    dough: SqlColumn = Column(name="Dough", type=BenchlingFieldType.ENTITY_LINK, required=False, parent_link=True, entity_link="dough_batch")
    baked_on: SqlColumn = Column(name="Baked On", type=BenchlingFieldType.DATE, required=False)
    old_code: SqlColumn = Column(name="Old Code", type=BenchlingFieldType.TEXT, required=False, _archived=True)

    dough_entity = single_relationship("DoughBatch", dough)
    cheese_note = "see the menu"; spicy = False

    class Config:
        arbitrary_types_allowed = True

    @liminal_validator
    def check_name(self) -> BenchlingValidatorReport | None:
        if not re.match(r"^[A-Z]", self.name_text or ""):
            return BenchlingValidatorReport.create_validation_report(
                valid=False, level="LOW", entity=self, validator_name="check_name",
                message=f"{self.name_text} must start with a capital letter",
            )
        return None

    @classmethod
    def query_recent(cls, session: Session, limit: int = 10) -> list[Pizza]:
        """The most recent pizzas."""
        try:
            return session.query(cls).order_by(cls.created_at.desc()).limit(limit).all()
        except Exception as e:  # noqa: BLE001
            LOGGER.warning("query failed: %s", e)
            raise
        finally:
            pass

    @property
    def total(self) -> int:
        return (self.slices or 0) * 2 + len([x for x in range(3) if x % 2])

    async def fetch(self):
        async with something() as s:
            await s.get(b"bytes", lambda x: x ** 2)

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



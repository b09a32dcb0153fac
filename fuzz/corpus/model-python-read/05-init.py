#### model/dropdowns/__init__.py
from .cheese_type import CheeseType
from .oven_type import OvenType#### model/entity_schemas/__init__.py
from .custom_entities import * # noqa
from .dna_sequences import * # noqa
from .mixtures import * # noqa

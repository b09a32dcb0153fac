from .custom_entities import * # noqa
from .dna_sequences import * # noqa

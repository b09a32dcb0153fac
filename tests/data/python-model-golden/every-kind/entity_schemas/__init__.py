from .custom_entities import * # noqa
from .dna_sequences import * # noqa
from .dna_oligos import * # noqa

from .pizza import Pizza
from .dough_batch import DoughBatch

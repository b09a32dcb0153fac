from .topping import Topping
from .dough_batch import DoughBatch
from .pizza import Pizza

from .dough_batch import DoughBatch
from .pizza import Pizza
from .topping import Topping

from .pizza_topping import PizzaTopping
from .dough_batch import DoughBatch
from .pizza import Pizza

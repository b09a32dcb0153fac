from .pizza_sauce import PizzaSauce

from .cheese_type import CheeseType
from .oven_type import OvenType
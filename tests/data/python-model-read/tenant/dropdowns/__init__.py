from .cheese_type import CheeseType
from .crust_style import CrustStyle
from .oven_type import OvenType
from .cheese_type import CheeseType
from .crust_style import CrustStyle
from .oven import Oven
from .sauce_base import SauceBase
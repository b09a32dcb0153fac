
from liminal.base.base_dropdown import BaseDropdown


class Oven(BaseDropdown):
    __benchling_name__ = "Oven"
    __allowed_values__ = ["Wood-fired", "Deck", "Conveyor"]


from liminal.base.base_dropdown import BaseDropdown


class CheeseType(BaseDropdown):
    __benchling_name__ = "Cheese Type"
    __allowed_values__ = ["Mozzarella", "Parmigiano"]

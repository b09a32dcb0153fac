
from liminal.base.base_dropdown import BaseDropdown


class OvenType(BaseDropdown):
    __benchling_name__ = "Oven Type"
    __allowed_values__ = ["Wood Fired", "Gas", "Electric"]

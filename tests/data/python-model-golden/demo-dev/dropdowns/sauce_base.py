
from liminal.base.base_dropdown import BaseDropdown


class SauceBase(BaseDropdown):
    __benchling_name__ = "Sauce Base"
    __allowed_values__ = ["Tomato", "Bianca", "Pesto"]

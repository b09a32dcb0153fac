
from liminal.base.base_dropdown import BaseDropdown


class CrustStyle(BaseDropdown):
    __benchling_name__ = "Crust Style"
    __allowed_values__ = ["Neapolitan", "New York", "Sicilian"]

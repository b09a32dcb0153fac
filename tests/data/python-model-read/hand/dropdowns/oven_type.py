
from liminal.base.base_dropdown import BaseDropdown


class OvenType(BaseDropdown):
    """Ovens of the kitchen."""

    __benchling_name__ = "Oven Type"
    __allowed_values__ = ["Wood", "Electric"]

    @classmethod
    def is_hot(cls, value: str) -> bool:
        return value == "Wood"

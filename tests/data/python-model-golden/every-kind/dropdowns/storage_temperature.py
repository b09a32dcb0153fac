
from liminal.base.base_dropdown import BaseDropdown


class StorageTemperature(BaseDropdown):
    __benchling_name__ = "Storage Temperature"
    __allowed_values__ = ["-80 °C", "-20 °C", "4 °C", "Liquid nitrogen"]

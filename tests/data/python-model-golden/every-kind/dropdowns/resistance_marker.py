
from liminal.base.base_dropdown import BaseDropdown


class ResistanceMarker(BaseDropdown):
    __benchling_name__ = "Resistance Marker"
    __allowed_values__ = ["Ampicillin", "Kanamycin", "Hygromycin", "Chloramphenicol", "Zeocin"]


from liminal.base.base_dropdown import BaseDropdown


class AntibodyIsotype(BaseDropdown):
    __benchling_name__ = "Antibody Isotype"
    __allowed_values__ = ["IgG1", "IgG2a", "IgM"]

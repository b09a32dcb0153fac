
from liminal.base.base_dropdown import BaseDropdown


class HostOrganism(BaseDropdown):
    __benchling_name__ = "Host Organism"
    __allowed_values__ = ["CHO", "E. coli", "S. cerevisiae"]

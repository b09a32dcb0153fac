from .cell_line import CellLine
from .monoclonal_antibody import MonoclonalAntibody

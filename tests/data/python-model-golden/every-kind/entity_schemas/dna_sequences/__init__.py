from .plasmid import Plasmid

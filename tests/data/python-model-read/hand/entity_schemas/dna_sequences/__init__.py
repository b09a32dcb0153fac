from .yeast_plasmid import YeastPlasmid

from .primer import Primer

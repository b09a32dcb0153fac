from .bake_log import BakeLog
from .chef_score import ChefScore
from .empty_result import EmptyResult
from .taste_test import TasteTest
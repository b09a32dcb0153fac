from .sauce_mix import SauceMix

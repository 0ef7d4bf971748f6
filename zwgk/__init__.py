"""zwgk: a linked-data publisher for Chinese government information-disclosure catalogues."""
__version__ = "0.1.0"

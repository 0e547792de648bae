"""figcheck: find the reported figures in a story that cannot all be true."""

__version__ = "0.1.0"

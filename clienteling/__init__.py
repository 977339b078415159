"""Clienteling: the store-counter desktop app."""

__version__ = "0.1.0"

"""Marsad: a self-hosted observatory for digital-rights organisations."""

__version__ = "0.1.0"

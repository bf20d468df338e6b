"""Text processing that never assumes Latin script. Imports no Django."""

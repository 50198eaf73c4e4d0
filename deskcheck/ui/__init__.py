"""The Textual review desk. Imported only when the desk is opened in a terminal."""

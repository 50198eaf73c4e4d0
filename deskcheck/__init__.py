"""deskcheck: a fact-check desk for the terminal.

Importing the package is cheap on purpose: it pulls in neither Textual nor httpx,
so the command line starts fast and the core can be used from scripts.
"""

__version__ = "0.1.0"

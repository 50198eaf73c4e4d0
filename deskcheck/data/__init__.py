"""The data layer: the desk file, its schema and the one API everything else uses.

It imports neither Textual nor httpx (tests/test_import_hygiene.py proves it).
"""

from deskcheck.data.desk import Desk
from deskcheck.data.queue import QueuePager, QueueQuery

__all__ = ["Desk", "QueuePager", "QueueQuery"]

"""sqlite-utils, imported without numpy or pandas.

sqlite-utils imports both when they are installed, only to name their number types as
column types when it creates a table from data. The desk creates its tables from its own
SQL and stores no numpy or pandas value, while numpy (a dependency, for pictures) costs
about a tenth of a second of every start. So they are hidden while sqlite-utils loads;
anything that imports them later gets them as usual.
"""

from __future__ import annotations

import sys

_hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]  # None: "import numpy" fails
try:
    from sqlite_utils import Database
    from sqlite_utils.db import NotFoundError, Table, jsonify_if_needed
finally:
    for _name in _hidden:
        if sys.modules.get(_name) is None:
            del sys.modules[_name]

__all__ = ["Database", "NotFoundError", "Table", "jsonify_if_needed"]

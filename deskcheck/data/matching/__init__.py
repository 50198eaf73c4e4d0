"""Matching: the earlier claims and published fact-checks that say what a claim says.

``index``: the FTS5 index of every claim's and published check's terms; ``lookup``: the
matches of one claim (``similar``, ``best_score``); ``ingest_run``: a batch's new claims
matched at once; ``drift``: whether the index is what this deskcheck would write today.
"""

from deskcheck.data.matching.drift import IndexDrift, index_drift
from deskcheck.data.matching.index import (
    from_stored,
    index_all_claims,
    index_all_published,
    index_claim,
    index_claims,
    index_published,
    rebuild_index,
)
from deskcheck.data.matching.ingest_run import match_new
from deskcheck.data.matching.lookup import Match, best_score, similar

__all__ = [
    "IndexDrift",
    "Match",
    "best_score",
    "from_stored",
    "index_all_claims",
    "index_all_published",
    "index_claim",
    "index_claims",
    "index_drift",
    "index_published",
    "match_new",
    "rebuild_index",
    "similar",
]

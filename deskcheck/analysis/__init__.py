"""The desk's reasoning, computed from a claim record: the rival-interpretations matrix
(analysis of competing hypotheses), source grading, and independent corroboration.

Pure functions of ``ClaimRecord``: no database, no UI.
"""

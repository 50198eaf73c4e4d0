"""Fetching evidence URLs with httpx, within limits, and turning responses into snapshots.

Imported only by the commands and workers that fetch, never at start-up.
"""

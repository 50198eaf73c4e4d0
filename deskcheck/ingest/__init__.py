"""Taking claims in from feeds and files: parsers per format, and the ingest pipeline.

Parsers turn bytes into ``IncomingClaim`` items and rejects; they never raise on bad input.
The pipeline reads the source, runs the parser, and hands batches to the desk.
"""

"""The desk's work leaving the desk: desk notes, ClaimReview, bundles, CSV."""

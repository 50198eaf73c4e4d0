"""The domain floor: the desk's words as code (models, vocabulary, fingerprint, derivation,
errors, the sanitiser for outside text, the clock). Nothing here imports the rest of
deskcheck, and everything above may import it."""

"""One module per technique; each exposes `detect(ctx, knowledge) -> list[Finding]` and nothing else."""
from . import combosquat, homoglyph, host_shape, target_embedding, tld_swap, typosquat

URL_DETECTORS = (homoglyph, typosquat, tld_swap, target_embedding, combosquat, host_shape)

# Page-level detectors (what the page says, asks for and does); filled by the page-check work.
PAGE_DETECTORS: tuple = ()

"""One module per technique; each exposes `detect(ctx, knowledge) -> list[Finding]` and nothing else."""
from . import combosquat, homoglyph, host_shape, target_embedding, tld_swap, typosquat
from . import page_account_lure, page_brand_copy, page_fake_login, page_notes, page_scareware, page_signals

URL_DETECTORS = (homoglyph, typosquat, tld_swap, target_embedding, combosquat, host_shape)

# Page-level detectors (what the page says, asks for and does); filled by the page-check work.
PAGE_DETECTORS: tuple = (page_scareware, page_signals, page_fake_login, page_brand_copy, page_account_lure, page_notes)

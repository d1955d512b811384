"""zonesearch's library: everything but HTTP.

The parts, each a folder, and what each may import (besides search.document, the spine):
sources (raw bytes in, decoding) · extract, enrich (text, sources) · pipeline (sources, extract,
enrich, text) · build (pipeline, segments, sources, text) · segments (text) · engine (segments,
text) · cli (any part; nothing imports it). No part imports web/ or cli/.
"""

"""What an analyst takes away from a search: timelines, Atom feeds, CSV/JSONL exports, zone pages.

Imports engine (it only reads results), gazetteer, enrich and text; the CLI and web/ sit on it.
"""

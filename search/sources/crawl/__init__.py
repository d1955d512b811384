"""The crawler: a site list, a persistent frontier, polite concurrent fetching, and its store.

Part of search.sources: imports only search.document and search.text (and its own part).
"""

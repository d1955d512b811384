"""Answering a query: the query language, evaluation, ranking, facets, snippets, the live reader.

Imports only search.document, search.text and search.segments.
"""

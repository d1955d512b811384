"""Enriching a document: regions, year, development zones and near-duplicate fingerprints.

Imports only search.document, search.text and search.gazetteer.
"""

"""Where raw bytes come from (files, record dumps, the crawler and its store) and decoding them.

Imports only search.document and search.text.
"""

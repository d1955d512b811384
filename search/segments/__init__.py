"""The on-disk index: schema, segments and their posting format, and the generations root.

Imports only search.document and search.text.
"""

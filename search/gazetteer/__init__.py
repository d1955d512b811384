"""China's places and the development-zone catalogue, read from search/data, and the words they add.

Imports nothing of the library: text, enrich and the build script read it.
"""

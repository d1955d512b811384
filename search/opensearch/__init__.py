"""The OpenSearch engine: generations as indices behind an alias on a cluster, searched with
the pipeline's own analysis, facets and highlighter.

Imports search.build, search.engine, search.segments and search.text; never search.backends.
"""

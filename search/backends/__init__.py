"""The engine interface web/ and the CLI use, its embedded (Whoosh) engine, and selection by URL.

Imports search.build, search.engine, search.segments and search.opensearch; no part imports it
but cli/ and web/.
"""

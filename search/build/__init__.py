"""The rebuild and update job: sources through the pipeline into a new generation, published.

Imports search.pipeline, search.sources, search.text and search.segments; never search.engine.
"""

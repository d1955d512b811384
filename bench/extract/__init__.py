"""Extraction accuracy and speed benchmarks: zonesearch beside open extractors."""

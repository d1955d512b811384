"""Chinese text shared by index and query: normalising (width, script, offsets) and segmentation.

Imports only search.document and search.gazetteer.lexicon (the domain words the segmenter knows).
"""

"""The zonesearch command line: a thin click layer over the library. Nothing imports it."""

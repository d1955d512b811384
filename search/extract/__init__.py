"""Extracting title, date and main text from a decoded page, and filtering boilerplate lines.

Imports only search.document and search.text.
"""

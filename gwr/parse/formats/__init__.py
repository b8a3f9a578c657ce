"""Readers of the file formats reports are published in, each from a file's bytes to its text."""

"""Across reports: duplicates, the site's links, keywords, marks on the text."""

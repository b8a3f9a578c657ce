"""The search index: tokens (mirrored by static/search.js) and shards."""

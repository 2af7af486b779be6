"""API tokens: random secrets shown once, stored as SHA-256 hashes, compared in constant time."""

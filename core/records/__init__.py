"""Records of user tables: listing, reading and writing rows, with the change feed."""

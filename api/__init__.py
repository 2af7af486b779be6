"""gridbase's REST API: a thin Sanic face over core (NocoDB v2 compatible data and meta API)."""

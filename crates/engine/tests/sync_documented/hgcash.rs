//! hgcash: documented-only sync (filled in by the hgcash work).

//! hubcash: documented-only sync (filled in by the hubcash work).

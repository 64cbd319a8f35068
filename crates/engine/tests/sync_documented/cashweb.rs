//! cashweb: documented-only sync (filled in by the cashweb work).

//! hexai: documented-only sync (filled in by the hexai work).

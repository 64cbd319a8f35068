//! hpay: documented-only sync (filled in by the hpay work).

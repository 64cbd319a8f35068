//! Each provider's history synced from a simulator in its documented-only profile (replies
//! carry only the fields the provider's own document shows, status words spelled as the
//! document spells them, and some records with a status word the document does not list):
//! the cached history equals the simulator's records, count and amounts, and the records
//! with an unknown word are cached as `unknown` with the provider's word kept.

mod sync_support;

#[path = "sync_documented/cashweb.rs"]
mod cashweb;
#[path = "sync_documented/hexai.rs"]
mod hexai;
#[path = "sync_documented/hgcash.rs"]
mod hgcash;
#[path = "sync_documented/hpay.rs"]
mod hpay;
#[path = "sync_documented/hubcash.rs"]
mod hubcash;

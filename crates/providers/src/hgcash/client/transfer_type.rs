//! The `typeID` a cash-out carries: the id of the `transfer` type from
//! `GET /transaction-types`, looked up once per client and remembered. A look-up that failed
//! is not remembered (the next cash-out asks again); an answer that names no `transfer` type
//! with an id is remembered as "none" and logged once.

use std::sync::{Arc, Mutex};

use super::super::wire::ReferenceId;

/// What the reference data said about the `transfer` type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TransferType {
    /// Its id: sent as `typeID`.
    Id(ReferenceId),
    /// The reference data names no `transfer` type with an id.
    Unnamed,
}

/// The remembered answer, shared by the clones of one client.
#[derive(Debug, Clone, Default)]
pub(crate) struct TransferTypeCache(Arc<Mutex<Option<TransferType>>>);

impl TransferTypeCache {
    /// The remembered answer, if the reference data was read already.
    pub(crate) fn get(&self) -> Option<TransferType> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Remembers `found` unless an answer is there already; true when this call stored it
    /// (so what it means is logged once).
    pub(crate) fn remember(&self, found: TransferType) -> bool {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return false;
        }
        *slot = Some(found);
        true
    }
}

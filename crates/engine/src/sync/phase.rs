//! Where an account's sync stands between two committed batches, as the text kept in the
//! store's `sync_state.cursor` (saved with each batch in one SQLite transaction).
//!
//! Text forms: `full|<provider cursor>` and `inc|<provider cursor>` while walking history (an
//! empty provider cursor is the first page), `reread|<last provider id>` while re-reading
//! records that are not final yet. No cursor at all means no sync is under way.

/// One step of a sync, resumable from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Walking history pages. `incremental`: a sync after the first, which may stop early.
    Walk {
        incremental: bool,
        cursor: Option<String>,
    },
    /// Re-reading not-final records by id, in id order after `after`.
    Reread { after: Option<String> },
}

impl Phase {
    pub(crate) fn to_text(&self) -> String {
        match self {
            Phase::Walk {
                incremental,
                cursor,
            } => format!(
                "{}|{}",
                if *incremental { "inc" } else { "full" },
                cursor.as_deref().unwrap_or("")
            ),
            Phase::Reread { after } => format!("reread|{}", after.as_deref().unwrap_or("")),
        }
    }

    /// Reads a saved phase; `None` for text this engine did not write (it then starts over,
    /// which is safe: rows are upserted by id).
    pub(crate) fn parse(text: &str) -> Option<Phase> {
        let (kind, rest) = text.split_once('|')?;
        let rest = (!rest.is_empty()).then(|| rest.to_owned());
        match kind {
            "full" => Some(Phase::Walk {
                incremental: false,
                cursor: rest,
            }),
            "inc" => Some(Phase::Walk {
                incremental: true,
                cursor: rest,
            }),
            "reread" => Some(Phase::Reread { after: rest }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_round_trip() {
        for phase in [
            Phase::Walk {
                incremental: false,
                cursor: None,
            },
            Phase::Walk {
                incremental: true,
                cursor: Some("v1|2026-02-12T10:00:00Z|abc".into()),
            },
            Phase::Reread { after: None },
            Phase::Reread {
                after: Some("tx_1".into()),
            },
        ] {
            assert_eq!(Phase::parse(&phase.to_text()), Some(phase));
        }
        assert_eq!(Phase::parse("3"), None);
        assert_eq!(Phase::parse("other|x"), None);
    }
}

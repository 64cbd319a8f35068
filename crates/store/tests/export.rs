//! CSV export: the whole filtered set, exact amounts, awkward text, read back with a parser.

mod common;

use std::collections::HashMap;

use common::{Rng, add_accounts, generate, temp_store};
use paydesk_domain::{Direction, Money, Transaction};
use paydesk_store::{CSV_HEADER, Filter, Sort};

fn optional_money(text: &str, t: &Transaction) -> Option<Money> {
    (!text.is_empty()).then(|| Money::parse(text, t.amount.currency()).expect("exact amount"))
}

#[tokio::test]
async fn export_round_trips_through_a_csv_parser() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let mut all = generate(&mut Rng::new(50), &accounts, 2500, "tx_");
    all[0].description = Some("comma, \"quote\", newline\nand CRLF\r\nend".into());
    all[0].counterparty.name = Some(" leading and trailing spaces ".into());
    store.upsert_transactions(&all).await.expect("stored");

    for filter in [
        Filter::default(),
        Filter {
            direction: Some(Direction::Out),
            search: Some("maria".into()),
            ..Filter::default()
        },
    ] {
        let mut out = Vec::new();
        let mut progress = Vec::new();
        let written = store
            .export_csv(&filter, Sort::Newest, &mut out, |done| progress.push(done))
            .await
            .expect("exported");
        let want: Vec<&Transaction> = all
            .iter()
            .filter(|t| filter.direction.is_none_or(|d| d == t.direction))
            .filter(|t| {
                filter
                    .search
                    .as_deref()
                    .is_none_or(|s| common::search_matches(t, s))
            })
            .collect();
        assert_eq!(written as usize, want.len());
        assert_eq!(progress.last().copied(), Some(written));
        assert!(progress.windows(2).all(|w| w[0] <= w[1]));

        let mut reader = csv::Reader::from_reader(out.as_slice());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, CSV_HEADER);
        let by_id: HashMap<&str, &Transaction> =
            want.iter().map(|t| (t.provider_id.as_str(), *t)).collect();
        let mut count = 0;
        let mut previous_created = None;
        for record in reader.records() {
            let record = record.expect("record");
            let field = |name: &str| {
                record
                    .get(CSV_HEADER.iter().position(|h| *h == name).expect("column"))
                    .expect("field")
            };
            let t = by_id[field("provider_id")];
            assert_eq!(field("account"), t.account.as_str());
            assert_eq!(field("provider"), t.provider.as_str());
            assert_eq!(field("status"), t.status.as_str());
            assert_eq!(field("currency"), t.amount.currency().code());
            assert_eq!(
                Money::parse(field("amount"), t.amount.currency()).expect("exact"),
                t.amount
            );
            assert_eq!(field("amount"), t.amount.amount_text());
            assert_eq!(optional_money(field("fee"), t), t.fee);
            assert_eq!(optional_money(field("net"), t), t.net);
            assert_eq!(field("description"), t.description.as_deref().unwrap_or(""));
            assert_eq!(
                field("counterparty_name"),
                t.counterparty.name.as_deref().unwrap_or("")
            );
            assert_eq!(
                field("merchant_reference"),
                t.merchant_reference.as_deref().unwrap_or("")
            );
            let created = chrono::DateTime::parse_from_rfc3339(field("created_at")).expect("time");
            assert_eq!(created, t.created_at);
            if let Some(previous) = previous_created {
                assert!(created <= previous, "newest first");
            }
            previous_created = Some(created);
            count += 1;
        }
        assert_eq!(count, want.len());
    }
}

//! CSV export: the whole filtered set, exact amounts, awkward text, each row's account mode,
//! formula-looking text defused, read back with a parser.

mod common;

use std::collections::HashMap;

use common::{Rng, account_id, add_accounts, base_time, generate, temp_store};
use paydesk_domain::{
    Counterparty, Currency, Direction, Mode, Money, ProviderKind, Transaction, TransactionKind,
    TransactionStatus,
};
use paydesk_store::{CSV_HEADER, Filter, NewAccount, Sort, Store};

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
            assert_eq!(field("mode"), "sandbox");
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

/// The whole export of `store`, parsed: the header, then each record's cells.
async fn exported(store: &Store) -> (Vec<String>, Vec<Vec<String>>) {
    let mut out = Vec::new();
    store
        .export_csv(&Filter::default(), Sort::Newest, &mut out, |_| {})
        .await
        .expect("exported");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let records = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (header, records)
}

#[tokio::test]
async fn text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote_and_amounts_stay_numbers() {
    let (_dir, store) = temp_store().await;
    let gmd = Currency::from_code("GMD").expect("known");
    let live = account_id(ProviderKind::Hexai, 1);
    let sandbox = account_id(ProviderKind::Hexai, 2);
    for (id, mode) in [(&live, Mode::Live), (&sandbox, Mode::Sandbox)] {
        store
            .create_account(&NewAccount {
                id: id.clone(),
                provider: ProviderKind::Hexai,
                label: format!("Hexai {}", mode.as_str()),
                mode,
                base_url: None,
            })
            .await
            .expect("account created");
    }
    let row = |account: &paydesk_domain::AccountId, provider_id: &str, minutes: i64| {
        let at = base_time() + chrono::Duration::minutes(minutes);
        Transaction {
            provider: ProviderKind::Hexai,
            account: account.clone(),
            provider_id: provider_id.into(),
            merchant_reference: None,
            direction: Direction::Out,
            kind: TransactionKind::Payout,
            status: TransactionStatus::Succeeded,
            provider_status: "SUCCEEDED".into(),
            amount: Money::from_minor(1000, gmd),
            fee: Some(Money::from_minor(2250, gmd)),
            net: Some(Money::from_minor(-1250, gmd)),
            counterparty: Counterparty::default(),
            description: None,
            created_at: at,
            updated_at: at,
            raw: "{}".into(),
        }
    };
    let mut payer_text = row(&live, "=tx_formula", 2);
    payer_text.merchant_reference = Some("-2+3".into());
    payer_text.provider_status = "@SUM(1+1)".into();
    payer_text.counterparty = Counterparty {
        name: Some(r#"=HYPERLINK("http://x","y")"#.into()),
        phone: Some("+2207001234".into()),
        bank_account: Some("\tcmd".into()),
        card_last4: Some("\r123".into()),
    };
    payer_text.description = Some("@attacker".into());
    let mut harmless = row(&sandbox, "tx_plain", 1);
    harmless.merchant_reference = Some("ORDER-1".into());
    harmless.counterparty.name = Some(" =spaced".into());
    harmless.description = Some("1+1=2".into());
    store
        .upsert_transactions(&[payer_text, harmless])
        .await
        .expect("stored");

    let (header, records) = exported(&store).await;
    assert_eq!(header, CSV_HEADER);
    let want: [&[&str]; 2] = [
        &[
            "hexai",
            "hexai-1",
            "live",
            "'=tx_formula",
            "'-2+3",
            "out",
            "payout",
            "succeeded",
            "'@SUM(1+1)",
            "GMD",
            "10.00",
            "22.50",
            "-12.50",
            r#"'=HYPERLINK("http://x","y")"#,
            "'+2207001234",
            "'\tcmd",
            "'\r123",
            "'@attacker",
            "2026-08-01T00:02:00Z",
            "2026-08-01T00:02:00Z",
        ],
        &[
            "hexai",
            "hexai-2",
            "sandbox",
            "tx_plain",
            "ORDER-1",
            "out",
            "payout",
            "succeeded",
            "SUCCEEDED",
            "GMD",
            "10.00",
            "22.50",
            "-12.50",
            " =spaced",
            "",
            "",
            "",
            "1+1=2",
            "2026-08-01T00:01:00Z",
            "2026-08-01T00:01:00Z",
        ],
    ];
    assert_eq!(
        records,
        want.map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
    );
}

//! The CashWeb client against its simulator over loopback: every endpoint, its success shape
//! and the documented errors (shared/providers/cashweb.md §3, §7, §9).

mod cashweb_support;
#[path = "cashweb/coverage.rs"]
mod coverage;
#[path = "cashweb/variance.rs"]
mod variance;

use std::time::Duration as StdDuration;

use cashweb_support::*;
use chrono::Duration;
use paydesk_domain::{CashWebPricing, Money, PayoutRequest, TransactionStatus};
use paydesk_providers::cashweb::{
    CreateTransactionRequest, CwStatus, QuoteRequest, TransactionQuery, idempotency_key_for,
};
use paydesk_providers::{ErrorKind, PayoutSink, ProviderError};
use paydesk_sandbox::cashweb::OTHER_PARTNER_API_KEY;

fn crypto_quote(amount: &str) -> QuoteRequest {
    QuoteRequest {
        crypto_currency: "usdt".into(),
        network: "trc20".into(),
        crypto_amount: Some(amount.into()),
        fiat_amount: None,
    }
}

#[tokio::test]
async fn quotes_are_executable_for_120_seconds() {
    let (_running, client, clock) = start().await;
    let quote = client
        .create_quote(&crypto_quote("100.00"))
        .await
        .expect("quote");
    let text = |d: Option<paydesk_providers::exact::WireDecimal>| d.map(|d| d.0.to_string());
    assert_eq!(text(quote.base_rate).as_deref(), Some("1625.00"));
    assert_eq!(text(quote.adjusted_rate).as_deref(), Some("1615.00"));
    assert_eq!(text(quote.amount).as_deref(), Some("100.00"));
    assert_eq!(quote.expires_at, clock.now() + Duration::seconds(120));

    let both = QuoteRequest {
        fiat_amount: Some("161500.00".into()),
        ..crypto_quote("100.00")
    };
    let neither = QuoteRequest {
        crypto_amount: None,
        ..crypto_quote("1")
    };
    let unsupported = QuoteRequest {
        network: "erc20".into(),
        ..crypto_quote("100.00")
    };
    for bad in [
        both,
        neither,
        unsupported,
        crypto_quote("0"),
        crypto_quote("abc"),
    ] {
        let e = client.create_quote(&bad).await.expect_err("refused");
        assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    }
}

#[tokio::test]
async fn quote_mode_creates_a_deposit_address_at_the_quoted_rate() {
    let (running, client, clock) = start().await;
    let quote = client
        .create_quote(&crypto_quote("100.00"))
        .await
        .expect("quote");
    let body = CreateTransactionRequest::quote_mode("order-4551", &quote.quote_id, Some("trc20"));
    let record = client
        .create_transaction(&body, "key-1")
        .await
        .expect("created");
    let w = &record.wire;
    assert_eq!(w.status, CwStatus::AwaitingDeposit);
    assert_eq!(w.amount.0.to_string(), "161500.00");
    assert_eq!(
        w.crypto_amount.map(|c| c.0.to_string()).as_deref(),
        Some("100.00")
    );
    assert_eq!(w.rate.map(|r| r.0.to_string()).as_deref(), Some("1615.00"));
    assert_eq!(w.expires_at, Some(clock.now() + Duration::minutes(30)));
    assert!(
        w.deposit_address
            .as_deref()
            .is_some_and(|a| a.starts_with('T') && a.len() == 34)
    );
    let tx = record
        .to_transaction(client.account(), ngn())
        .expect("maps");
    assert_eq!(tx.amount, Money::parse("161500.00", ngn()).expect("money"));
    assert_eq!(tx.status, TransactionStatus::Pending);
    assert!(running.sim.record(&w.id).is_some());

    // Single use.
    let again = CreateTransactionRequest::quote_mode("order-4552", &quote.quote_id, None);
    let e = client
        .create_transaction(&again, "key-2")
        .await
        .expect_err("used");
    assert_refused(&e, 400, ErrorKind::Validation, "QUOTE_ALREADY_USED");

    // Expired after 120 s.
    let late = client
        .create_quote(&crypto_quote("50.00"))
        .await
        .expect("quote");
    clock.advance(Duration::seconds(121));
    let body = CreateTransactionRequest::quote_mode("order-4553", &late.quote_id, None);
    let e = client
        .create_transaction(&body, "key-3")
        .await
        .expect_err("expired");
    assert_refused(&e, 400, ErrorKind::Validation, "QUOTE_EXPIRED");
    assert_eq!(e.message, "The quote has expired");

    // Unknown quote.
    let body = CreateTransactionRequest::quote_mode("order-4554", "nope", None);
    let e = client
        .create_transaction(&body, "key-4")
        .await
        .expect_err("unknown");
    assert_refused(&e, 400, ErrorKind::Validation, "QUOTE_NOT_FOUND");
}

#[tokio::test]
async fn both_modes_or_neither_are_refused() {
    let (_running, client, _clock) = start().await;
    let quote = client
        .create_quote(&crypto_quote("10.00"))
        .await
        .expect("quote");
    let mut both = CreateTransactionRequest::direct("order-1", dec("49000.00"), "usdt", "bep20");
    both.quote_id = Some(quote.quote_id.clone());
    let e = client
        .create_transaction(&both, "k-both")
        .await
        .expect_err("both");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    assert!(
        e.message.contains("exactly one pricing mode"),
        "{}",
        e.message
    );
    let mut neither = CreateTransactionRequest::direct("order-2", dec("1"), "usdt", "bep20");
    neither.fiat_amount = None;
    neither.crypto_currency = None;
    let e = client
        .create_transaction(&neither, "k-neither")
        .await
        .expect_err("neither");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    let e = client
        .create_transaction(
            &CreateTransactionRequest::direct("order-3", dec("-5"), "usdt", "bep20"),
            "k-neg",
        )
        .await
        .expect_err("negative");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
}

#[tokio::test]
async fn direct_mode_derives_the_crypto_amount() {
    let (_running, client, _clock) = start().await;
    let record = create_direct(&client, "order-direct", "49000", "bep20", "k-direct").await;
    let w = &record.wire;
    assert_eq!(w.amount.0.to_string(), "49000.00");
    assert_eq!(w.rate.map(|r| r.0.to_string()).as_deref(), Some("1615.00"));
    // 49000 / 1615 = 30.3405572..., cut to 6 places.
    assert_eq!(
        w.crypto_amount.map(|c| c.0.to_string()).as_deref(),
        Some("30.340557")
    );
    assert!(
        w.deposit_address
            .as_deref()
            .is_some_and(|a| a.starts_with("0x") && a.len() == 42)
    );
}

#[tokio::test]
async fn idempotency_matrix_and_reference_uniqueness() {
    let (running, client, _clock) = start().await;
    let before = running.sim.len();
    let body = CreateTransactionRequest::direct("Order-77", dec("1000.00"), "usdt", "trc20");
    let first = client
        .create_transaction(&body, "same-key")
        .await
        .expect("created");
    let replay = client
        .create_transaction(&body, "same-key")
        .await
        .expect("cached");
    assert_eq!(first, replay);
    assert_eq!(running.sim.len(), before + 1);

    let changed = CreateTransactionRequest::direct("Order-77", dec("2000.00"), "usdt", "trc20");
    let e = client
        .create_transaction(&changed, "same-key")
        .await
        .expect_err("mismatch");
    assert_refused(&e, 409, ErrorKind::Conflict, "IDEMPOTENCY_KEY_MISMATCH");

    let other_case = CreateTransactionRequest::direct("ORDER-77", dec("1000.00"), "usdt", "trc20");
    let e = client
        .create_transaction(&other_case, "new-key")
        .await
        .expect_err("dup");
    assert_refused(&e, 409, ErrorKind::Conflict, "DUPLICATE_MERCHANT_REFERENCE");

    // A second call while the first is still being carried out.
    running
        .sim
        .set_knobs(|k| k.create_delay = StdDuration::from_millis(400));
    let slow = CreateTransactionRequest::direct("order-slow", dec("10.00"), "usdt", "trc20");
    let c2 = client.clone();
    let s2 = slow.clone();
    let first = tokio::spawn(async move { c2.create_transaction(&s2, "slow-key").await });
    tokio::time::sleep(StdDuration::from_millis(100)).await;
    let e = client
        .create_transaction(&slow, "slow-key")
        .await
        .expect_err("in flight");
    assert_refused(&e, 409, ErrorKind::Conflict, "IDEMPOTENCY_IN_PROGRESS");
    assert!(first.await.expect("joins").is_ok());
    assert_eq!(running.sim.len(), before + 2);

    // Missing key.
    let e = client
        .create_transaction(&body, "")
        .await
        .expect_err("no key");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
}

#[tokio::test]
async fn lookups_by_id_and_reference_and_their_404s() {
    let (running, client, _clock) = start().await;
    let reference = "inv 2026/02 #1";
    let created = create_direct(&client, reference, "5000.00", "trc20", "k").await;
    let by_id = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(by_id.wire.merchant_reference.as_deref(), Some(reference));
    assert_eq!(by_id.wire.deposit_id, None);
    let by_ref = client
        .transaction_by_reference(&reference.to_uppercase())
        .await
        .expect("case-insensitive");
    assert_eq!(by_ref.wire.id, created.wire.id);
    assert_eq!(by_ref.raw, by_id.raw);

    let e = client
        .transaction("01917f00-7b4c-7f56-8a2b-15998d58c9f3")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");
    let e = client
        .transaction_by_reference("never-sent")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");

    // Another partner does not see it.
    let other = client_for(&running, OTHER_PARTNER_API_KEY, 1);
    let e = other
        .transaction(&created.wire.id)
        .await
        .expect_err("scoped");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");
}

#[tokio::test]
async fn a_bad_or_revoked_key_is_401() {
    let (running, client, _clock) = start().await;
    let stranger = client_for(&running, "cw_wrong", 3);
    let e = stranger
        .list_transactions(&TransactionQuery::default())
        .await
        .expect_err("401");
    assert_refused(&e, 401, ErrorKind::Unauthorized, "UNAUTHORIZED");
    assert_eq!(e.message, "Missing or invalid API key");
    assert!(!format!("{e:?}").contains("cw_wrong"));
    running.sim.set_knobs(|k| k.key_revoked = true);
    let e = client
        .create_quote(&crypto_quote("1.00"))
        .await
        .expect_err("revoked");
    assert_refused(&e, 401, ErrorKind::Unauthorized, "UNAUTHORIZED");
}

#[tokio::test]
async fn payout_sink_sends_and_finds_deposit_requests() {
    let (_running, client, clock) = start().await;
    let direct = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Direct {
            fiat_amount: Money::parse("49000.00", ngn()).expect("money"),
            crypto_currency: "usdt".into(),
            network: "bep20".into(),
        },
        merchant_reference: "pd-0001".into(),
        seller_phone: Some("08031234567".into()),
    };
    assert_eq!(client.find(&direct).await, Ok(None));
    let receipt = client.send(&direct).await.expect("sent");
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.provider_status, "awaiting_deposit");
    assert!(receipt.link.as_deref().is_some_and(|l| l.starts_with("0x")));
    let found = client.find(&direct).await.expect("found").expect("exists");
    assert_eq!(found.provider_id, receipt.provider_id);
    // A resend with the same reference is answered from the idempotency store.
    let resent = client.send(&direct).await.expect("replayed");
    assert_eq!(resent.provider_id, receipt.provider_id);

    let quote = client
        .create_quote(&crypto_quote("25.00"))
        .await
        .expect("quote");
    let quoted = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Quote {
            quote_id: quote.quote_id,
            network: "trc20".into(),
            expires_at: quote.expires_at,
            fiat_amount: None,
            crypto_amount: None,
            crypto_currency: None,
        },
        merchant_reference: "pd-0002".into(),
        seller_phone: None,
    };
    clock.advance(Duration::seconds(30));
    let receipt = client.send(&quoted).await.expect("sent");
    assert!(
        receipt.raw.contains("\"amount\":\"40375.00\""),
        "{}",
        receipt.raw
    );

    let elsewhere = PayoutRequest::HubcashCapture {
        account: account(),
        sale_id: "1".into(),
    };
    assert_eq!(
        client.send(&elsewhere).await.map_err(|e| e.kind),
        Err(ErrorKind::Validation)
    );
    assert_eq!(idempotency_key_for("pd-0001"), "paydesk-create-pd-0001");
}

#[tokio::test]
async fn idempotency_keys_are_forgotten_after_24_hours() {
    let (_running, client, clock) = start().await;
    create_direct(&client, "day-1", "10.00", "trc20", "daily-key").await;
    let second = CreateTransactionRequest::direct("day-2", dec("10.00"), "usdt", "trc20");
    let e = client
        .create_transaction(&second, "daily-key")
        .await
        .expect_err("mismatch");
    assert_refused(&e, 409, ErrorKind::Conflict, "IDEMPOTENCY_KEY_MISMATCH");
    clock.advance(Duration::hours(24) + Duration::seconds(1));
    let later = client
        .create_transaction(&second, "daily-key")
        .await
        .expect("fresh key");
    assert_eq!(later.wire.merchant_reference.as_deref(), Some("day-2"));
}

#[tokio::test]
async fn a_bare_404_never_counts_as_not_found() {
    let (running, _client, _clock) = start().await;
    let wrong = running
        .base_url
        .replace("/api/v1/partner", "/api/v9/partner");
    let client = paydesk_providers::cashweb::CashWebClient::with_config(
        &wrong,
        paydesk_domain::Secret::new(paydesk_sandbox::cashweb::SANDBOX_API_KEY),
        account(),
        ngn(),
        config(1),
    )
    .expect("client");
    let request = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Direct {
            fiat_amount: Money::parse("100.00", ngn()).expect("money"),
            crypto_currency: "usdt".into(),
            network: "trc20".into(),
        },
        merchant_reference: "pd-nowhere".into(),
        seller_phone: None,
    };
    let e = client
        .find(&request)
        .await
        .expect_err("not CashWeb's answer");
    assert_eq!((e.kind, e.code.clone()), (ErrorKind::NotFound, None));
    assert!(client.transaction_by_reference(" ").await.is_err());
}

#[tokio::test]
async fn absurd_amounts_are_refused_not_panicked_on() {
    let (_running, client, _clock) = start().await;
    let huge = CreateTransactionRequest::direct(
        "huge",
        dec("99999999999999999999999999.99"),
        "usdt",
        "trc20",
    );
    let e = client
        .create_transaction(&huge, "k-huge")
        .await
        .expect_err("too large");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    let quote = client
        .create_quote(&crypto_quote("9999999999999999999999.999999"))
        .await
        .expect("quoted");
    let body = CreateTransactionRequest::quote_mode("huge-quote", &quote.quote_id, None);
    let e = client
        .create_transaction(&body, "k-hq")
        .await
        .expect_err("too large");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
}

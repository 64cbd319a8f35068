//! The HG.Cash client against its simulator over real HTTP on 127.0.0.1: every endpoint, its
//! documented errors, fault knobs, recovery by `externalID`, webhook-built history, and the
//! simulator's reply profiles (documented-only, unknown words, the seed's empty reference
//! data, no deduplication).

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};
use paydesk_domain::{
    AccountId, BankDestination, Cuit, Currency, Direction, Money, PayoutRequest, Secret,
    TransactionKind, TransactionStatus,
};
use paydesk_providers::exact::JsonNumber;
use paydesk_providers::hgcash::wire::{self, CreateTransactionRequest};
use paydesk_providers::hgcash::{Applied, HgCashClient, Recovery, WebhookLedger, webhook};
use paydesk_providers::{
    BalanceSource, ErrorKind, HistorySource, HttpConfig, PayoutSink, RetryPolicy,
};
use paydesk_sandbox::faults::{AfterCommit, FaultAction, FaultRule, Malformed, Trigger};
use paydesk_sandbox::hgcash::{
    CashIn, Config, ForcedOutcome, RequestStatus, Running, SANDBOX_ACCOUNT_ID,
    SANDBOX_OTHER_ACCOUNT_ID, SANDBOX_OTHER_TOKEN, SANDBOX_SECOND_ACCOUNT_ID,
    SANDBOX_SIGNING_SECRET, SANDBOX_TOKEN, Simulator,
};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, WebhookKnobs};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[path = "hgcash/coverage.rs"]
mod coverage;
#[path = "hgcash/endpoints.rs"]
mod endpoints;
#[path = "hgcash/faults.rs"]
mod faults;
#[path = "hgcash/parsers.rs"]
mod parsers;
#[path = "hgcash/variance.rs"]
mod variance;
#[path = "hgcash/webhooks.rs"]
mod webhooks;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn ars(text: &str) -> Money {
    Money::parse(text, Currency::from_code("ARS").expect("ARS")).expect("amount")
}

fn fast() -> HttpConfig {
    HttpConfig {
        timeout: StdDuration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: StdDuration::from_millis(10),
            max_delay: StdDuration::from_secs(2),
        },
    }
}

fn account() -> AccountId {
    AccountId::new("hgcash-main").expect("valid")
}

async fn start() -> (Running, HgCashClient) {
    start_with(|_| {}).await
}

async fn start_with(change: impl FnOnce(&mut Config)) -> (Running, HgCashClient) {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0)
            .single()
            .expect("time"),
    );
    let mut config = Config::demo(clock);
    change(&mut config);
    let running = Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("starts");
    let client = client_for(&running, SANDBOX_TOKEN);
    (running, client)
}

fn client_for(running: &Running, token: &str) -> HgCashClient {
    HgCashClient::new(&running.base_url, Secret::new(token), account(), fast()).expect("client")
}

fn cash_out(source: &str, amount: &str, cbu: &str, external_id: &str) -> PayoutRequest {
    PayoutRequest::HgCashCashOut {
        account: account(),
        source_account_id: source.to_owned(),
        amount: ars(amount),
        destination: BankDestination::Cbu(cbu.to_owned()),
        // The provider's client sends what it is given; the check digits are the engine's.
        check_digits_overridden: false,
        from_name: Some("MUNDO OFERTA".into()),
        to_name: Some("María García".into()),
        to_cuit: Some(Cuit::parse("27987654321").expect("cuit")),
        concept: Some("Payment for services".into()),
        external_id: external_id.to_owned(),
    }
}

const CBU: &str = "1100015400000000000021";

fn raw_body(amount: &str) -> CreateTransactionRequest {
    CreateTransactionRequest {
        account_id: SANDBOX_ACCOUNT_ID.into(),
        amount: JsonNumber(d(amount)),
        to_cbu: Some(CBU.into()),
        to_cvu: None,
        external_id: None,
        webhook_url: None,
        from_name: None,
        to_name: None,
        from_cuit: None,
        to_cuit: None,
        concept: None,
        external_date: None,
        coelsa_code: None,
        type_id: None,
    }
}

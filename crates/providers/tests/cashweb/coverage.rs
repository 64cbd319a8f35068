//! Per-endpoint coverage tables: a refused key on every endpoint, a 503 then a 429 on each
//! (requests the client may resend are retried up to the policy, the others sent exactly
//! once), and the recovery branch where the create never reached CashWeb.

use super::*;
use paydesk_providers::cashweb::{CashWebClient, RevenueQuery, SimulateRequest, WebhookEventQuery};
use paydesk_sandbox::{FaultAction, FaultRule, Trigger};

/// The CashWeb endpoints the client calls (section 3 of the reference), one variant each.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    CreateQuote,
    CreateTransaction,
    Transaction,
    ByReference,
    ListTransactions,
    StatusHistory,
    Cancel,
    Revenue,
    WebhookEvents,
    WebhookEvent,
    ReplayWebhookEvent,
    SandboxSimulate,
}

const ENDPOINTS: [Endpoint; 12] = [
    Endpoint::CreateQuote,
    Endpoint::CreateTransaction,
    Endpoint::Transaction,
    Endpoint::ByReference,
    Endpoint::ListTransactions,
    Endpoint::StatusHistory,
    Endpoint::Cancel,
    Endpoint::Revenue,
    Endpoint::WebhookEvents,
    Endpoint::WebhookEvent,
    Endpoint::ReplayWebhookEvent,
    Endpoint::SandboxSimulate,
];

const SOME_ID: &str = "01917f00-7b4c-7f56-8a2b-15998d58c9f3";

impl Endpoint {
    /// The simulator's route, as fault rules name it.
    fn route(self) -> &'static str {
        match self {
            Endpoint::CreateQuote => "POST /api/v1/partner/quotes",
            Endpoint::CreateTransaction => "POST /api/v1/partner/transactions",
            Endpoint::Transaction => "GET /api/v1/partner/transactions/{id}",
            Endpoint::ByReference => "GET /api/v1/partner/transactions/reference/{reference}",
            Endpoint::ListTransactions => "GET /api/v1/partner/transactions",
            Endpoint::StatusHistory => "GET /api/v1/partner/transactions/{id}/status-history",
            Endpoint::Cancel => "POST /api/v1/partner/transactions/{id}/cancel",
            Endpoint::Revenue => "GET /api/v1/partner/revenue",
            Endpoint::WebhookEvents => "GET /api/v1/partner/webhooks/events",
            Endpoint::WebhookEvent => "GET /api/v1/partner/webhooks/events/{event_id}",
            Endpoint::ReplayWebhookEvent => {
                "POST /api/v1/partner/webhooks/events/{event_id}/replay"
            }
            Endpoint::SandboxSimulate => "POST /api/v1/partner/sandbox/simulate",
        }
    }

    /// Whether the client may resend it: reads, and writes CashWeb deduplicates (a quote
    /// costs nothing; creates and cancels carry an `Idempotency-Key`).
    fn resent(self) -> bool {
        !matches!(
            self,
            Endpoint::ReplayWebhookEvent | Endpoint::SandboxSimulate
        )
    }

    async fn call(self, client: &CashWebClient) -> Result<(), ProviderError> {
        match self {
            Endpoint::CreateQuote => client.create_quote(&crypto_quote("1.00")).await.map(|_| ()),
            Endpoint::CreateTransaction => client
                .create_transaction(
                    &CreateTransactionRequest::direct("pd-cov", dec("49000"), "usdt", "bep20"),
                    "k-cov",
                )
                .await
                .map(|_| ()),
            Endpoint::Transaction => client.transaction(SOME_ID).await.map(|_| ()),
            Endpoint::ByReference => client.transaction_by_reference("pd-cov").await.map(|_| ()),
            Endpoint::ListTransactions => client
                .list_transactions(&TransactionQuery::default())
                .await
                .map(|_| ()),
            Endpoint::StatusHistory => client.status_history(SOME_ID).await.map(|_| ()),
            Endpoint::Cancel => client
                .cancel_transaction(SOME_ID, "k-cov-cancel")
                .await
                .map(|_| ()),
            Endpoint::Revenue => client.revenue(&RevenueQuery::default()).await.map(|_| ()),
            Endpoint::WebhookEvents => client
                .webhook_events(&WebhookEventQuery::default())
                .await
                .map(|_| ()),
            Endpoint::WebhookEvent => client.webhook_event("evt_cov").await.map(|_| ()),
            Endpoint::ReplayWebhookEvent => {
                client.replay_webhook_event("evt_cov").await.map(|_| ())
            }
            Endpoint::SandboxSimulate => client
                .sandbox_simulate(&SimulateRequest::new(SOME_ID, "transaction.completed"))
                .await
                .map(|_| ()),
        }
    }
}

#[tokio::test]
async fn every_endpoint_refuses_a_wrong_key() {
    let (running, _client, _clock) = start().await;
    let before = running.sim.len();
    let stranger = client_for(&running, "cw_wrong", 3);
    for endpoint in ENDPOINTS {
        let e = endpoint.call(&stranger).await.expect_err("401");
        assert_refused(&e, 401, ErrorKind::Unauthorized, "UNAUTHORIZED");
        assert_eq!(e.message, "Missing or invalid API key", "{endpoint:?}");
    }
    assert_eq!(running.sim.len(), before, "nothing was created");
}

#[tokio::test]
async fn every_endpoint_reports_503_and_429_and_unsafe_writes_are_sent_once() {
    let (running, client, _clock) = start().await;
    let before = running.sim.len();
    let faults = running.sim.faults();
    let mut expected_fired = 0;
    for endpoint in ENDPOINTS {
        let attempts = if endpoint.resent() { 3 } else { 1 };
        for action in [
            FaultAction::Status {
                status: 503,
                code: "SERVICE_UNAVAILABLE".into(),
                message: "Down for a moment".into(),
            },
            FaultAction::RateLimit {
                retry_after_secs: Some(0),
            },
        ] {
            faults.clear();
            faults.add(FaultRule::on(
                endpoint.route(),
                action.clone(),
                Trigger::Always,
            ));
            let e = endpoint.call(&client).await.expect_err("fault");
            match action {
                FaultAction::RateLimit { .. } => {
                    assert_refused(&e, 429, ErrorKind::RateLimited, "RATE_LIMITED")
                }
                _ => {
                    assert_refused(&e, 503, ErrorKind::Server, "SERVICE_UNAVAILABLE");
                    assert_eq!(e.message, "Down for a moment", "{endpoint:?}");
                }
            }
            expected_fired += attempts;
            let fired = faults.fired();
            assert_eq!(fired.len(), expected_fired, "{endpoint:?} {action:?}");
            assert!(
                fired[fired.len() - attempts..]
                    .iter()
                    .all(|f| f.endpoint == endpoint.route() && f.action == action),
                "{endpoint:?}"
            );
        }
    }
    assert_eq!(running.sim.len(), before, "no write got through");
}

#[tokio::test]
async fn a_create_that_never_arrived_is_not_found_then_resent_once() {
    let (running, client, _clock) = start().await;
    let before = running.sim.len();
    let request = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Direct {
            fiat_amount: Money::parse("80750.00", ngn()).expect("money"),
            crypto_currency: "usdt".into(),
            network: "trc20".into(),
        },
        merchant_reference: "pd-never-1".into(),
        seller_phone: None,
    };
    // Refused before commit on every attempt: nothing was created.
    running.sim.faults().add(FaultRule::on(
        "POST /api/v1/partner/transactions",
        FaultAction::Status {
            status: 503,
            code: "SERVICE_UNAVAILABLE".into(),
            message: "Down for a moment".into(),
        },
        Trigger::Always,
    ));
    let e = client.send(&request).await.expect_err("refused");
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(503)));
    running.sim.faults().clear();
    assert_eq!(running.sim.len(), before);
    // The lookup by reference answers CashWeb's 404: known not to exist.
    assert_eq!(client.find(&request).await, Ok(None));
    // The resend with the same reference and Idempotency-Key creates it, once.
    let receipt = client.send(&request).await.expect("created");
    assert_eq!(receipt.provider_status, "awaiting_deposit");
    assert_eq!(running.sim.len(), before + 1);
    let again = client.send(&request).await.expect("replayed");
    assert_eq!(again.provider_id, receipt.provider_id);
    let found = client
        .find(&request)
        .await
        .expect("lookup")
        .expect("exists");
    assert_eq!(found.provider_id, receipt.provider_id);
    assert_eq!(running.sim.len(), before + 1);
}

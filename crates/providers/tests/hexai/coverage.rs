//! Per-endpoint fault table (a 503 then a 429 on each of the seven endpoints: reads retried up
//! to the policy, initiates sent exactly once), collection failure webhooks for the magic
//! amounts, and the 200.00 run in http magic mode.

use super::*;

/// The seven Hexai endpoints (section 5 of the reference), one variant each.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    InitiateCollection,
    CollectionStatus,
    InitiatePayout,
    Balance,
    Stats,
    EarningsChart,
    Transactions,
}

const ENDPOINTS: [Endpoint; 7] = [
    Endpoint::InitiateCollection,
    Endpoint::CollectionStatus,
    Endpoint::InitiatePayout,
    Endpoint::Balance,
    Endpoint::Stats,
    Endpoint::EarningsChart,
    Endpoint::Transactions,
];

impl Endpoint {
    /// The simulator's route, as fault rules name it.
    fn route(self) -> &'static str {
        match self {
            Endpoint::InitiateCollection => "POST /api/v1/collections/initiate",
            Endpoint::CollectionStatus => "GET /api/v1/collections/status/{reference}",
            Endpoint::InitiatePayout => PAYOUT_PATH,
            Endpoint::Balance => "GET /api/v1/client/balance",
            Endpoint::Stats => "GET /api/v1/client/stats",
            Endpoint::EarningsChart => "GET /api/v1/client/earnings-chart",
            Endpoint::Transactions => "GET /api/v1/client/transactions",
        }
    }

    /// Initiates are never resent by the client.
    fn is_write(self) -> bool {
        matches!(
            self,
            Endpoint::InitiateCollection | Endpoint::InitiatePayout
        )
    }

    async fn call(self, client: &HexaiClient) -> Result<(), ProviderError> {
        match self {
            Endpoint::InitiateCollection => client
                .initiate_collection(&gmd("10.00"), "COV-C", None, None)
                .await
                .map(|_| ()),
            Endpoint::CollectionStatus => {
                client.transaction_status("ORD-00000001").await.map(|_| ())
            }
            Endpoint::InitiatePayout => client
                .initiate_payout(&gmd("10.00"), &wave("+2207654321"), "COV-P")
                .await
                .map(|_| ()),
            Endpoint::Balance => client.balance().await.map(|_| ()),
            Endpoint::Stats => client.stats().await.map(|_| ()),
            Endpoint::EarningsChart => client.earnings_chart().await.map(|_| ()),
            Endpoint::Transactions => client.transactions(1, 10).await.map(|_| ()),
        }
    }
}

#[tokio::test]
async fn every_endpoint_reports_503_and_429_and_initiates_are_sent_once() {
    let (run, client) = setup(|_| {}).await;
    let faults = run.sim.faults();
    let mut expected_fired = 0;
    for endpoint in ENDPOINTS {
        let attempts = if endpoint.is_write() { 1 } else { 3 };
        for action in [
            FaultAction::Status {
                status: 503,
                code: "SERVICE_UNAVAILABLE".into(),
                message: "Down for a moment.".into(),
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
                    assert_error(&e, ErrorKind::RateLimited, 429, "RATE_LIMIT_EXCEEDED")
                }
                _ => {
                    assert_error(&e, ErrorKind::Server, 503, "SERVICE_UNAVAILABLE");
                    assert_eq!(e.message, "Down for a moment.", "{endpoint:?}");
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
    assert!(
        run.sim.record("COV-C").is_none(),
        "no collection got through"
    );
    assert!(run.sim.record("COV-P").is_none(), "no payout got through");
}

#[tokio::test]
async fn failed_collections_send_signed_failure_webhooks_with_their_code() {
    let (url, got) = receiver().await;
    let (run, client) = setup(|c| c.knobs.webhook_url = Some(url)).await;
    let cases = [
        ("400.00", "WF-400", "INSUFFICIENT_FUNDS"),
        ("403.00", "WF-403", "ACCOUNT_BLOCKED"),
        ("429.00", "WF-429", "RATE_LIMIT_EXCEEDED"),
    ];
    let mut ids = Vec::new();
    for (amount, reference, _) in cases {
        let created = client
            .initiate_collection(&gmd(amount), reference, None, None)
            .await
            .expect(reference);
        assert_eq!(created.status.to_domain(), TransactionStatus::Pending);
        ids.push(created.transaction_id);
    }
    // Nothing is sent on creation: only the change into a final status.
    assert_eq!(run.sim.webhooks().deliver_due().await, 0);
    run.sim.clock().advance(Duration::seconds(5));
    for (_, reference, _) in cases {
        let (_, t) = lookup(&client, reference).await.expect("status");
        assert_eq!(t.status, TransactionStatus::Failed, "{reference}");
    }
    assert_eq!(run.sim.webhooks().deliver_due().await, 3);
    let hooks = got.lock().expect("lock").clone();
    assert_eq!(hooks.len(), 3);
    let secret = Secret::new(DEFAULT_WEBHOOK_SECRET);
    for ((amount, reference, code), id) in cases.into_iter().zip(ids) {
        let (headers, body) = hooks
            .iter()
            .find(|(_, body)| String::from_utf8_lossy(body).contains(reference))
            .unwrap_or_else(|| panic!("a webhook for {reference}"));
        assert!(
            webhook::verify(&secret, body, &signature(headers)),
            "{reference}"
        );
        let event = webhook::parse(body).expect("event");
        assert_eq!(
            event.event,
            webhook::WebhookEventName::Failed,
            "{reference}"
        );
        assert_eq!(event.failure_code.as_deref(), Some(code), "{reference}");
        assert_eq!(event.status.as_str(), "FAILED", "{reference}");
        assert_eq!(event.client_reference.as_deref(), Some(reference));
        assert_eq!(event.transaction_id, id);
        assert_eq!(event.amount.amount_text(), amount);
        assert_eq!(event.domain_status(), TransactionStatus::Failed);
    }
}

#[tokio::test]
async fn the_200_amount_stays_pending_in_http_mode() {
    let (run, client) = setup(|c| c.knobs.magic_mode = MagicMode::Http).await;
    let start = run.sim.available_bututs(Env::Test);
    let payout = magic_payout(&client, "200.00", "HP-200")
        .await
        .expect("200.00 is not an error code");
    assert_eq!(payout.status, TransactionStatus::Pending);
    // Held back from the available balance while pending.
    assert_eq!(run.sim.available_bututs(Env::Test), start - 20_000);
    let collection = client
        .initiate_collection(&gmd("200.00"), "HC-200", None, None)
        .await
        .expect("200.00 collection");
    assert_eq!(collection.status.to_domain(), TransactionStatus::Pending);
    run.sim.clock().advance(Duration::days(1));
    for reference in ["HP-200", "HC-200"] {
        let (wire, t) = lookup(&client, reference).await.expect("status");
        assert_eq!(t.status, TransactionStatus::Pending, "{reference}");
        assert_eq!(wire.failure_code, None, "{reference}");
    }
    assert!(run.sim.settle("HP-200", Outcome::Succeeded));
    let (_, t) = lookup(&client, "HP-200").await.expect("status");
    assert_eq!(t.status, TransactionStatus::Succeeded);
    assert_eq!(run.sim.available_bututs(Env::Test), start - 20_000);
}

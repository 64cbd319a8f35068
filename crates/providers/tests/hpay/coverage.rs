//! Per-endpoint coverage tables: refused credentials and dead tokens on all six endpoints, a
//! 503 then a 429 on each (reads retried up to the policy, `/payment/` sent exactly once), and
//! transparent token renewal on every token-bearing endpoint.

use super::*;
use paydesk_providers::ProviderError;

/// The six HPAY endpoints (section 3 of the reference), one variant each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    GetToken,
    Payment,
    PaymentHistory,
    CollectBalance,
    Fees,
    Country,
}

const ENDPOINTS: [Endpoint; 6] = [
    Endpoint::GetToken,
    Endpoint::Payment,
    Endpoint::PaymentHistory,
    Endpoint::CollectBalance,
    Endpoint::Fees,
    Endpoint::Country,
];

impl Endpoint {
    /// The simulator's route, as fault rules name it.
    fn route(self) -> &'static str {
        match self {
            Endpoint::GetToken => "POST /getToken/",
            Endpoint::Payment => "POST /payment/",
            Endpoint::PaymentHistory => "POST /getPaymentHistory/",
            Endpoint::CollectBalance => "POST /getCollectBalance/",
            Endpoint::Fees => "POST /getFees/",
            Endpoint::Country => "POST /getCountry/",
        }
    }

    /// `/payment/` creates a link: never resent. The others are reads.
    fn is_write(self) -> bool {
        self == Endpoint::Payment
    }

    async fn call(self, client: &HpayClient) -> Result<(), ProviderError> {
        match self {
            Endpoint::GetToken => client.get_token().await.map(|_| ()),
            Endpoint::Payment => client
                .create_payment(&new_payment(14_900, Some("ORD-COV")))
                .await
                .map(|_| ()),
            Endpoint::PaymentHistory => client
                .payment_history(&HistoryQuery::default())
                .await
                .map(|_| ()),
            Endpoint::CollectBalance => client.collect_balance().await.map(|_| ()),
            Endpoint::Fees => client
                .fees(Decimal::from(100), "USD", "XOF")
                .await
                .map(|_| ()),
            Endpoint::Country => client.countries().await.map(|_| ()),
        }
    }
}

#[tokio::test]
async fn every_endpoint_refuses_wrong_credentials_with_the_auth_code() {
    let (running, _) = start(5).await;
    let wrong = client_for(&running, HpayMode::Test, "not-the-secret");
    for endpoint in ENDPOINTS {
        let e = endpoint.call(&wrong).await.expect_err("refused");
        assert_error(
            &e,
            ErrorKind::Unauthorized,
            200,
            "1",
            "Invalid API credentials",
        );
    }
    assert_eq!(running.sim.tokens_issued(), 0);
    assert!(
        running.sim.payments(SimMode::Test).len() == 5,
        "no link created"
    );
}

#[tokio::test]
async fn every_token_endpoint_refuses_a_dead_token_after_one_renewal() {
    // Every token is dead on arrival: each endpoint answers its own auth-type failure
    // (`success:false`, code 2); the client renews once, then reports it.
    let knobs = Knobs {
        token_ttl_s: 0,
        ..Knobs::default()
    };
    let (running, client) = start_with(5, knobs).await;
    let mut issued = 0;
    for endpoint in ENDPOINTS {
        if endpoint == Endpoint::GetToken {
            continue;
        }
        let e = endpoint.call(&client).await.expect_err("dead token");
        assert_error(
            &e,
            ErrorKind::Unauthorized,
            200,
            "2",
            "Invalid or expired token",
        );
        // The first call fetches a token then renews it once; later calls start from the
        // cached (refused) token and renew it once.
        issued += if issued == 0 { 2 } else { 1 };
        assert_eq!(
            running.sim.tokens_issued(),
            issued,
            "{endpoint:?}: one renewal"
        );
    }
    assert!(
        running.sim.payments(SimMode::Test).len() == 5,
        "no link created"
    );
}

#[tokio::test]
async fn every_endpoint_reports_503_and_429_and_payment_is_sent_once() {
    let (running, client) = start(5).await;
    let faults = running.sim.faults();
    let mut expected_fired = 0;
    for endpoint in ENDPOINTS {
        let attempts = if endpoint.is_write() { 1 } else { 3 };
        for action in [
            FaultAction::Status {
                status: 503,
                code: "503".into(),
                message: "Service unavailable".into(),
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
            let (kind, status) = match action {
                FaultAction::RateLimit { .. } => (ErrorKind::RateLimited, 429),
                _ => (ErrorKind::Server, 503),
            };
            assert_eq!(
                (e.kind, e.http_status),
                (kind, Some(status)),
                "{endpoint:?}: {e}"
            );
            if kind == ErrorKind::Server {
                assert!(
                    e.message.contains("Service unavailable"),
                    "{endpoint:?}: {e}"
                );
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
    assert_eq!(
        running.sim.payments(SimMode::Test).len(),
        5,
        "no link created"
    );
}

#[tokio::test]
async fn payment_fees_and_country_renew_a_refused_or_expired_token_once() {
    let (running, client) = start(5).await;
    for endpoint in [Endpoint::Payment, Endpoint::Fees, Endpoint::Country] {
        // A token the simulator forgot: refused, renewed once, the call succeeds.
        client.collect_balance().await.expect("a live token");
        let before = running.sim.tokens_issued();
        running.sim.invalidate_tokens();
        endpoint
            .call(&client)
            .await
            .unwrap_or_else(|e| panic!("{endpoint:?} after invalidation: {e}"));
        assert_eq!(running.sim.tokens_issued(), before + 1, "{endpoint:?}");
        // A token past its lifetime on the clock: renewed before the call, once.
        running.sim.clock().advance(chrono::Duration::minutes(16));
        endpoint
            .call(&client)
            .await
            .unwrap_or_else(|e| panic!("{endpoint:?} after the TTL: {e}"));
        assert_eq!(running.sim.tokens_issued(), before + 2, "{endpoint:?}");
    }
    // Two links were created by /payment/, each exactly once.
    assert_eq!(running.sim.payments(SimMode::Test).len(), 7);
}

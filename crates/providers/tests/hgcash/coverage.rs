//! Per-endpoint coverage tables: a refused token on every endpoint, and a 503 then a 429 on
//! every endpoint (reads retried up to the policy, writes sent exactly once).

use super::*;

/// The HG.Cash endpoints (section "Endpoints" of the reference), one variant each.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    Accounts,
    AccountBalance,
    CreateTransaction,
    TransactionStatus,
    TransactionStatuses,
    TransactionTypes,
}

const ENDPOINTS: [Endpoint; 6] = [
    Endpoint::Accounts,
    Endpoint::AccountBalance,
    Endpoint::CreateTransaction,
    Endpoint::TransactionStatus,
    Endpoint::TransactionStatuses,
    Endpoint::TransactionTypes,
];

impl Endpoint {
    /// The simulator's route, as fault rules name it.
    fn route(self) -> &'static str {
        match self {
            Endpoint::Accounts => "GET /api/v1/accounts",
            Endpoint::AccountBalance => "GET /api/v1/account/{id}/balance",
            Endpoint::CreateTransaction => "POST /api/v1/transactions",
            Endpoint::TransactionStatus => "GET /api/v1/transaction/{id}/status",
            Endpoint::TransactionStatuses => "GET /api/v1/transaction-statuses",
            Endpoint::TransactionTypes => "GET /api/v1/transaction-types",
        }
    }

    /// Whether the client may resend it (reads) or must send it once (the cash-out).
    fn is_write(self) -> bool {
        matches!(self, Endpoint::CreateTransaction)
    }

    /// The reference data needs no token (reference, U15).
    fn is_open(self) -> bool {
        matches!(
            self,
            Endpoint::TransactionStatuses | Endpoint::TransactionTypes
        )
    }

    async fn call(
        self,
        client: &HgCashClient,
        external_id: &str,
    ) -> Result<(), paydesk_providers::ProviderError> {
        match self {
            Endpoint::Accounts => client.accounts().await.map(|_| ()),
            Endpoint::AccountBalance => {
                client.account_balance(SANDBOX_ACCOUNT_ID).await.map(|_| ())
            }
            Endpoint::CreateTransaction => client
                .send(&cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, external_id))
                .await
                .map(|_| ()),
            Endpoint::TransactionStatus => client
                .transaction_status("00000000-0000-0000-0000-000000000001")
                .await
                .map(|_| ()),
            Endpoint::TransactionStatuses => client.transaction_statuses().await.map(|_| ()),
            Endpoint::TransactionTypes => client.transaction_types().await.map(|_| ()),
        }
    }
}

#[tokio::test]
async fn every_endpoint_refuses_a_wrong_token_except_the_open_reference_data() {
    let (running, _client) = start().await;
    let wrong = client_for(&running, "cash_0000");
    for (n, endpoint) in ENDPOINTS.into_iter().enumerate() {
        let result = endpoint.call(&wrong, &format!("PD-401-{n}")).await;
        if endpoint.is_open() {
            result.unwrap_or_else(|e| panic!("{endpoint:?} is open reference data: {e}"));
            continue;
        }
        let e = result.expect_err("refused");
        assert_eq!(e.kind, ErrorKind::Unauthorized, "{endpoint:?}");
        assert_eq!(e.http_status, Some(401), "{endpoint:?}");
        assert_eq!(e.code, None, "{endpoint:?}");
        assert_eq!(
            e.message, "Missing or invalid authorization header. Expected: Bearer <token>",
            "{endpoint:?}"
        );
    }
    // The reference data really answers without a token: its lists are not empty.
    assert!(
        !wrong
            .transaction_statuses()
            .await
            .expect("open")
            .data
            .is_empty()
    );
    assert!(
        !wrong
            .transaction_types()
            .await
            .expect("open")
            .data
            .is_empty()
    );
    assert!(
        running.sim.requests().is_empty(),
        "no cash-out was recorded"
    );
}

#[tokio::test]
async fn every_endpoint_reports_503_and_429_and_writes_are_sent_once() {
    let (running, client) = start().await;
    let faults = running.sim.faults();
    let mut expected_fired = 0;
    for (n, endpoint) in ENDPOINTS.into_iter().enumerate() {
        let attempts = if endpoint.is_write() { 1 } else { 3 };
        for (m, action) in [
            FaultAction::Status {
                status: 503,
                code: "SERVICE_UNAVAILABLE".into(),
                message: "Down for a moment".into(),
            },
            FaultAction::RateLimit {
                retry_after_secs: Some(0),
            },
        ]
        .into_iter()
        .enumerate()
        {
            faults.clear();
            faults.add(FaultRule::on(
                endpoint.route(),
                action.clone(),
                Trigger::Always,
            ));
            let e = endpoint
                .call(&client, &format!("PD-F-{n}-{m}"))
                .await
                .expect_err("fault");
            let (kind, status) = match action {
                FaultAction::RateLimit { .. } => (ErrorKind::RateLimited, 429),
                _ => (ErrorKind::Server, 503),
            };
            assert_eq!(
                (e.kind, e.http_status),
                (kind, Some(status)),
                "{endpoint:?}"
            );
            if kind == ErrorKind::Server {
                assert!(e.message.contains("Down for a moment"), "{endpoint:?}: {e}");
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
    assert!(running.sim.requests().is_empty(), "no cash-out got through");
}

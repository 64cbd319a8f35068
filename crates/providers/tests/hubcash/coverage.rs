//! Per-endpoint coverage tables: wrong credentials on all 16 endpoints, and a 503 then a 429
//! on each (reads retried up to the policy, writes sent exactly once).

use super::*;
use paydesk_providers::ProviderError;

/// The 16 Hubcash endpoints (section 6 of the reference), one variant each.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    GetCard,
    UpdateCard,
    DeleteCard,
    CardsByDocument,
    CreateCard,
    ListSales,
    GetSale,
    Capture,
    Cancel,
    CreateSale,
    Currencies,
    Brands,
    BrandByNumber,
    GetNotification,
    ResendNotification,
    ListNotifications,
}

const ENDPOINTS: [Endpoint; 16] = [
    Endpoint::GetCard,
    Endpoint::UpdateCard,
    Endpoint::DeleteCard,
    Endpoint::CardsByDocument,
    Endpoint::CreateCard,
    Endpoint::ListSales,
    Endpoint::GetSale,
    Endpoint::Capture,
    Endpoint::Cancel,
    Endpoint::CreateSale,
    Endpoint::Currencies,
    Endpoint::Brands,
    Endpoint::BrandByNumber,
    Endpoint::GetNotification,
    Endpoint::ResendNotification,
    Endpoint::ListNotifications,
];

impl Endpoint {
    /// The simulator's route, as fault rules name it.
    fn route(self) -> &'static str {
        match self {
            Endpoint::GetCard => "GET /v1/cards/{card_id}",
            Endpoint::UpdateCard => "PUT /v1/cards/{card_id}",
            Endpoint::DeleteCard => "DELETE /v1/cards/{card_id}",
            Endpoint::CardsByDocument => "GET /v1/cards/document/{document}",
            Endpoint::CreateCard => "POST /v1/cards",
            Endpoint::ListSales => "GET /v1/sales",
            Endpoint::GetSale => "GET /v1/sales/{sale_id}",
            Endpoint::Capture => "PUT /v1/sales/capture/{sale_id}",
            Endpoint::Cancel => "PUT /v1/sales/cancel/{sale_id}",
            Endpoint::CreateSale => "POST /v1/sales",
            Endpoint::Currencies => "GET /v1/currencies",
            Endpoint::Brands => "GET /v1/brands",
            Endpoint::BrandByNumber => "GET /v1/brands/{number}",
            Endpoint::GetNotification => "GET /v1/notifications/{notification_id}",
            Endpoint::ResendNotification => "PUT /v1/notifications/{notification_id}",
            Endpoint::ListNotifications => "GET /v1/notifications",
        }
    }

    /// Writes (PUT, POST, DELETE) are never resent by the client.
    fn is_write(self) -> bool {
        !self.route().starts_with("GET ")
    }

    async fn call(self, client: &HubcashClient) -> Result<(), ProviderError> {
        const ID: &str = "58c040b32d8baf18526217f5";
        match self {
            Endpoint::GetCard => client.card(ID).await.map(|_| ()),
            Endpoint::UpdateCard => client
                .update_card(
                    ID,
                    &HubcashCardUpdate {
                        brand: "Visa".into(),
                        holder_name: "Maria da Silva".into(),
                        document: "111.444.777-35".into(),
                        phone: None,
                        exp_month: "03".into(),
                        exp_year: "2030".into(),
                    },
                )
                .await
                .map(|_| ()),
            Endpoint::DeleteCard => client.delete_card(ID).await,
            Endpoint::CardsByDocument => client
                .cards_by_document("111.444.777-35", Page::default())
                .await
                .map(|_| ()),
            Endpoint::CreateCard => client
                .create_card(&new_card("4111111111111111"))
                .await
                .map(|_| ()),
            Endpoint::ListSales => client.sales(&SaleFilter::default()).await.map(|_| ()),
            Endpoint::GetSale => client.sale(ID).await.map(|_| ()),
            Endpoint::Capture => client.capture(ID).await.map(|_| ()),
            Endpoint::Cancel => client.cancel(ID).await.map(|_| ()),
            Endpoint::CreateSale => client
                .create_sale(&card_sale("PD-cov", 1_000, true, "0001"))
                .await
                .map(|_| ()),
            Endpoint::Currencies => client.currencies().await.map(|_| ()),
            Endpoint::Brands => client.brands().await.map(|_| ()),
            Endpoint::BrandByNumber => client.brand_by_number("4111").await.map(|_| ()),
            Endpoint::GetNotification => client.notification(ID).await.map(|_| ()),
            Endpoint::ResendNotification => client.resend_notification(ID).await.map(|_| ()),
            Endpoint::ListNotifications => client.notifications(Page::default()).await.map(|_| ()),
        }
    }
}

#[tokio::test]
async fn every_endpoint_refuses_wrong_credentials() {
    let (sim, _client) = start(0).await;
    let wrong = client_for(&sim, "not-the-token");
    for endpoint in ENDPOINTS {
        let e = endpoint.call(&wrong).await.expect_err("refused");
        assert_eq!(e.kind, ErrorKind::Unauthorized, "{endpoint:?}: {e}");
        assert_eq!(e.http_status, Some(401), "{endpoint:?}");
        assert_eq!(e.code.as_deref(), Some("headers"), "{endpoint:?}");
        assert_eq!(
            e.message, "headers: Authorization with the API failed",
            "{endpoint:?}"
        );
    }
    assert!(sim.sim.records().is_empty(), "nothing was created");
}

#[tokio::test]
async fn every_endpoint_reports_503_and_429_and_writes_are_sent_once() {
    let (sim, client) = start(0).await;
    let faults = sim.sim.faults().clone();
    let mut expected_fired = 0;
    for endpoint in ENDPOINTS {
        let attempts = if endpoint.is_write() { 1 } else { 3 };
        for action in [
            FaultAction::Status {
                status: 503,
                code: "server".into(),
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
                "{endpoint:?}"
            );
            if kind == ErrorKind::Server {
                assert_eq!(e.message, "server: Service unavailable", "{endpoint:?}");
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
    assert!(sim.sim.records().is_empty(), "no write got through");
}

#[tokio::test]
async fn capture_is_refused_from_every_status_but_3_and_cancel_of_an_unknown_sale_is_404() {
    let (sim, client) = start(0).await;
    async fn create(
        client: &HubcashClient,
        reference: &str,
        capture: bool,
        last4: &str,
    ) -> SaleRecord {
        client
            .create_sale(&card_sale(reference, 5_000, capture, last4))
            .await
            .expect("created")
    }
    // 2 Analyzing: the `0003` card is held in fraud analysis.
    let analyzing = create(&client, "PD-S2", true, "0003").await;
    // 4 WaitingPayment: an issued billet.
    let billet = client
        .create_sale(&billet_sale("PD-S4", 5_000))
        .await
        .expect("billet");
    // 5 Fail: the `0002` card is declined.
    let failed = create(&client, "PD-S5", true, "0002").await;
    // 6 Canceled: an authorization canceled by the merchant.
    let held = create(&client, "PD-S6", false, "0001").await;
    assert_eq!(status_of(&held), HubcashStatus::Capturing);
    let canceled = client.cancel(&held.sale.sale_id).await.expect("canceled");
    // 7 Done: approved with auto-capture.
    let done = create(&client, "PD-S7", true, "0001").await;
    // 1 Processed: with a processing delay, a new sale waits in 1 until the clock moves.
    let mut knobs = Knobs::instant();
    knobs.processing_delay = Duration::seconds(10);
    sim.sim.set_knobs(knobs);
    let processed = create(&client, "PD-S1", false, "0001").await;
    let cases = [
        (processed, HubcashStatus::Processed),
        (analyzing, HubcashStatus::Analyzing),
        (billet, HubcashStatus::WaitingPayment),
        (failed, HubcashStatus::Fail),
        (canceled, HubcashStatus::Canceled),
        (done, HubcashStatus::Done),
    ];
    for (record, status) in &cases {
        assert_eq!(status_of(record), *status);
        let e = client
            .capture(&record.sale.sale_id)
            .await
            .expect_err("not capturable");
        assert_eq!(e.kind, ErrorKind::Conflict, "{status:?}");
        assert_eq!(e.http_status, Some(400), "{status:?}");
        assert_eq!(e.code.as_deref(), Some("Status"), "{status:?}");
        assert_eq!(
            e.message, "Status: Sale is not waiting for capture",
            "{status:?}"
        );
        // The refusal changed nothing.
        let now = client.sale(&record.sale.sale_id).await.expect("read");
        assert_eq!(status_of(&now), *status, "unchanged");
        assert_eq!(now.sale.date_captured, record.sale.date_captured);
    }
    // The sale held in 1 still captures once it reaches 3.
    sim.sim.advance(Duration::seconds(10));
    let (processed, _) = &cases[0];
    assert_eq!(
        status_of(&client.sale(&processed.sale.sale_id).await.expect("read")),
        HubcashStatus::Capturing
    );
    let captured = client
        .capture(&processed.sale.sale_id)
        .await
        .expect("3 captures");
    assert_eq!(status_of(&captured), HubcashStatus::Done);

    let e = client
        .cancel("58c040b32d8baf18526217f5")
        .await
        .expect_err("unknown sale");
    assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(404)));
    assert_eq!(e.code.as_deref(), Some("SaleId"));
    assert_eq!(sim.sim.records().len(), 6);
}

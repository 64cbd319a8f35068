//! The client against the simulator's reply profiles: `GET /sales` answered with nothing
//! when `Status` is missing (the walk and the `Ref` look-up always send it), undocumented
//! status words kept as unknown until the sale moves on, and a repeated `Ref` making a second
//! sale (Hubcash documents no idempotency).

use super::*;
use paydesk_sandbox::{Quirk, UnknownStatus, Variance};

async fn walk(
    client: &HubcashClient,
) -> std::collections::BTreeMap<String, (TransactionStatus, String, i64)> {
    let mut seen = std::collections::BTreeMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        for tx in page.transactions {
            seen.insert(
                tx.provider_id.clone(),
                (
                    tx.status,
                    tx.provider_status.clone(),
                    tx.amount.minor_units(),
                ),
            );
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn find_sale_by_ref_finds_a_lost_sale_when_sales_need_status() {
    let (running, client) = start(120).await;
    running.sim.set_variance(Variance {
        documented_only: true,
        ..Variance::quirk(Quirk::HubcashSalesNeedStatus)
    });
    // Without Status this profile answers 200 and nothing at all.
    assert!(
        client
            .sales(&SaleFilter::default())
            .await
            .expect("200")
            .is_empty()
    );
    // A create committed but its answer lost: found by its Ref, status by status.
    running.sim.faults().add(FaultRule::on(
        "POST /v1/sales",
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let e = client
        .create_sale(&card_sale("PD-lost-quirk", 45_600, false, "0001"))
        .await
        .expect_err("answer lost");
    assert!(e.outcome_unknown());
    let found = client
        .find_sale_by_ref("PD-lost-quirk")
        .await
        .expect("looked up")
        .expect("found although a list without Status is empty");
    assert_eq!(found.sale.amount, 45_600);
    assert_eq!(found.sale.known_status(), Some(HubcashStatus::Capturing));
    // A generated sale of the history (Done, far down its list) is found too.
    let records = running.sim.records();
    let old = records.iter().find(|r| r.status == 7).expect("a Done sale");
    let found = client
        .find_sale_by_ref(old.reference.as_deref().expect("generated Ref"))
        .await
        .expect("looked up")
        .expect("found");
    assert_eq!(found.sale.sale_id, old.sale_id);
    assert!(
        client
            .find_sale_by_ref("PD-never")
            .await
            .expect("looked up")
            .is_none()
    );
}

#[tokio::test]
async fn the_history_walk_reads_every_sale_when_sales_need_status() {
    let (running, client) = start(260).await;
    running
        .sim
        .set_variance(Variance::quirk(Quirk::HubcashSalesNeedStatus));
    let seen = walk(&client).await;
    let records = running.sim.records();
    assert_eq!(seen.len(), records.len());
    for r in &records {
        let (_, word, amount) = seen.get(&r.sale_id).expect("walked");
        assert_eq!(
            (word.as_str(), *amount),
            (r.shown_status.as_str(), r.amount)
        );
    }
    // A cursor names the status list and the offset: resuming from it continues exactly.
    let mut cursor = SalesCursor::start();
    let mut resumed = std::collections::BTreeSet::new();
    loop {
        // Each page starts from the cursor's text alone, as a resumed sync does.
        let page = client
            .history_page(Some(&cursor.to_text()))
            .await
            .expect("page");
        resumed.extend(page.transactions.into_iter().map(|t| t.provider_id));
        match page.next {
            Some(next) => cursor = SalesCursor::parse(&next).expect("ours"),
            None => break,
        }
    }
    assert_eq!(resumed.len(), records.len());
    // A cursor an earlier Paydesk saved (`all:<offset>`) restarts the walk from the top.
    assert_eq!(SalesCursor::parse("all:150"), Ok(SalesCursor::start()));
    assert!(SalesCursor::parse("s9:0").is_err());
}

#[tokio::test]
async fn an_undocumented_status_is_unknown_until_the_sale_moves_on() {
    let (running, client) = start(0).await;
    running.sim.set_variance(Variance {
        unknown_status: Some(UnknownStatus {
            word: "on_hold".into(),
            every: 1,
        }),
        ..Variance::default()
    });
    let held = client
        .create_sale(&card_sale("PD-hold", 12_300, false, "0001"))
        .await
        .expect("created");
    assert_eq!(
        held.sale.status,
        Some(HubcashSaleStatus::Other("On_hold".into()))
    );
    let tx = client.transaction(&held).await.expect("maps");
    assert_eq!(
        (tx.status, tx.provider_status.as_str()),
        (TransactionStatus::Unknown, "On_hold")
    );
    let seen = walk(&client).await;
    assert_eq!(
        seen.get(&held.sale.sale_id).map(|s| s.0),
        Some(TransactionStatus::Unknown)
    );
    // Captured, it moves on to Done: a word Paydesk knows, final.
    let done = client.capture(&held.sale.sale_id).await.expect("captured");
    assert_eq!(done.sale.known_status(), Some(HubcashStatus::Done));
    assert_eq!(done.receipt().status, TransactionStatus::Succeeded);
}

#[tokio::test]
async fn a_repeated_ref_makes_a_second_sale() {
    let (running, client) = start(0).await;
    // Hubcash documents no idempotency: by default a repeated Ref is a second sale.
    let sale = card_sale("PD-twice", 5_000, true, "0001");
    client.create_sale(&sale).await.expect("first");
    client.create_sale(&sale).await.expect("second");
    let count = |sim: &Simulator| {
        sim.records()
            .iter()
            .filter(|r| r.reference.as_deref() == Some("PD-twice"))
            .count()
    };
    assert_eq!(count(&running.sim), 2);
    // With the `unique_ref` knob Hubcash would refuse it; without deduplication it does not.
    let mut knobs = Knobs::instant();
    knobs.unique_ref = true;
    running.sim.set_knobs(knobs);
    let e = client.create_sale(&sale).await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Conflict);
    running
        .sim
        .set_variance(Variance::default().without_dedup());
    client.create_sale(&sale).await.expect("a third sale");
    assert_eq!(count(&running.sim), 3);
}

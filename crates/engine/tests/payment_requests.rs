//! Payment requests (money coming in) against the simulators: a CashWeb deposit address and
//! an HPAY link are awaiting payment when made, paid only when the provider says the money
//! arrived, and expired when the provider's window closed unpaid.

mod payouts_support;

use paydesk_domain::{IntentKind, RequestState};
use paydesk_engine::payouts::{State, kind_of, request_state};
use payouts_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deposit_request_is_paid_when_cashweb_says_the_money_arrived() {
    let sandbox = sandbox(41).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    // The seller acts only when the test says so.
    sandbox.cashweb.sim.set_knobs(|k| k.auto_progress = None);

    let (_, made) = create_and_submit(&service, &deposit("161500.00")).await;
    assert_eq!(kind_of(&made), IntentKind::PaymentRequest);
    assert_eq!(made.state, State::Accepted, "{made:?}");
    assert_eq!(request_state(&made), RequestState::AwaitingPayment);
    assert!(made.link.is_some(), "the deposit address: {made:?}");
    // CashWeb's deposit window: 30 minutes from creation.
    let window = made.expires_at.expect("the deposit window's end") - made.created_at;
    assert!(
        (window - chrono::Duration::minutes(30)).num_seconds().abs() < 60,
        "{window:?}"
    );
    let id = made.provider_id.clone().expect("CashWeb's id");

    // Nobody has paid: reading it again changes nothing.
    let read = service.poll_open().await.expect("poll");
    assert_eq!(read, 1);
    let still = service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&still), RequestState::AwaitingPayment);

    // A deposit is seen: confirming is not paid yet.
    sandbox
        .cashweb
        .sim
        .simulate(&id, "deposit.detected")
        .expect("detected");
    service.poll_open().await.expect("poll");
    let confirming = service.intent(&made.id).await.expect("intent");
    assert_eq!(confirming.state, State::Processing, "{confirming:?}");
    assert_eq!(request_state(&confirming), RequestState::AwaitingPayment);

    // The crypto is sold: paid.
    sandbox
        .cashweb
        .sim
        .simulate(&id, "transaction.completed")
        .expect("completed");
    assert_eq!(service.poll_open().await.expect("poll"), 0);
    let paid = service.intent(&made.id).await.expect("intent");
    assert_eq!(paid.state, State::Succeeded, "{paid:?}");
    assert_eq!(request_state(&paid), RequestState::Paid);
    assert_eq!(paid.send_count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deposit_request_nobody_pays_expires() {
    let sandbox = sandbox(42).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    // The seller never pays.
    sandbox.cashweb.sim.set_knobs(|k| k.auto_progress = None);

    let (_, made) = create_and_submit(&service, &deposit("5000.00")).await;
    assert_eq!(request_state(&made), RequestState::AwaitingPayment);

    // CashWeb's deposit window is 30 minutes.
    sandbox
        .cashweb
        .sim
        .clock()
        .advance(chrono::Duration::minutes(31));
    assert_eq!(service.poll_open().await.expect("poll"), 0);
    let expired = service.intent(&made.id).await.expect("intent");
    assert_eq!(expired.state, State::Expired, "{expired:?}");
    assert_eq!(request_state(&expired), RequestState::Expired);
    assert!(expired.state.is_terminal());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_link_is_paid_when_hpay_lists_it_paid() {
    let sandbox = sandbox(43).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;

    let (_, made) = create_and_submit(&service, &payment_link("14900")).await;
    assert_eq!(made.state, State::Accepted, "{made:?}");
    assert_eq!(request_state(&made), RequestState::AwaitingPayment);
    let id = made.provider_id.clone().expect("HPAY's id");

    assert_eq!(service.poll_open().await.expect("poll"), 1);
    assert!(sandbox.hpay.sim.pay(&id), "the customer pays");
    assert_eq!(service.poll_open().await.expect("poll"), 0);
    let paid = service.intent(&made.id).await.expect("intent");
    assert_eq!(paid.state, State::Succeeded, "{paid:?}");
    assert_eq!(request_state(&paid), RequestState::Paid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_near_its_end_is_read_again_before_it_is_cancelled() {
    let sandbox = sandbox(44).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    sandbox.cashweb.sim.set_knobs(|k| {
        k.auto_progress = None;
        k.deposit_ttl = chrono::Duration::seconds(90);
    });

    let (_, made) = create_and_submit(&service, &deposit("5000.00")).await;
    assert!(paydesk_engine::payouts::near_expiry(
        &made,
        chrono::Utc::now()
    ));
    // The window closes at CashWeb; Paydesk has not read it since.
    sandbox
        .cashweb
        .sim
        .clock()
        .advance(chrono::Duration::minutes(2));
    let id = made.provider_id.clone().expect("CashWeb's id");

    // The merchant asks to cancel: Paydesk reads it first, finds it expired, and sends no
    // cancel.
    let refused = service
        .cancel(&made.id, "merchant")
        .await
        .expect_err("expired");
    assert_eq!(
        refused.code,
        paydesk_domain::ErrorCode::PayoutNotCancellable
    );
    let after = service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&after), RequestState::Expired, "{after:?}");
    let record = sandbox.cashweb.sim.record(&id).expect("CashWeb's record");
    assert_eq!(record.status, paydesk_sandbox::cashweb::Status::Expired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wave_collection_is_paid_when_hexai_settles_it() {
    let sandbox = sandbox(45).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    let request = paydesk_engine::payouts::HexaiCollectionForm {
        account: account(HEXAI),
        amount: "100.00".into(),
        success_url: Some("https://shop.example/paid".into()),
        error_url: None,
    }
    .validate(currency("GMD"))
    .expect("valid");
    assert_eq!(request.kind(), IntentKind::PaymentRequest);

    let (_, made) = create_and_submit(&service, &request).await;
    assert_eq!(made.state, State::Accepted, "{made:?}");
    assert_eq!(request_state(&made), RequestState::AwaitingPayment);
    let checkout = made.link.clone().expect("the Wave checkout URL");
    assert!(checkout.starts_with("http"), "{checkout}");

    // The customer has not paid: still awaiting, after a read.
    assert_eq!(service.poll_open().await.expect("poll"), 1);
    // The customer pays at the checkout; Hexai settles it.
    assert!(
        sandbox
            .hexai
            .sim
            .settle(&made.reference, paydesk_sandbox::hexai::Outcome::Succeeded)
    );
    assert_eq!(service.poll_open().await.expect("poll"), 0);
    let paid = service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&paid), RequestState::Paid, "{paid:?}");
    assert_eq!(
        paid.link.as_deref(),
        Some(checkout.as_str()),
        "the link is kept"
    );
    assert_eq!(paid.send_count, 1);
}

/// A payout service whose Hexai account also hears Hexai's signed webhooks: a real receiver
/// on loopback records them in the store and moves the intent they name. Hexai settles a
/// collection only when told to (no settle delay), and nothing polls.
struct Hooked {
    sandbox: paydesk_sandbox::all::Sandbox,
    service: std::sync::Arc<paydesk_engine::payouts::PayoutService>,
    _receiver: paydesk_engine::webhooks::RunningReceiver,
    _dir: tempfile::TempDir,
}

async fn hooked_hexai(seed: u64) -> Hooked {
    use paydesk_domain::{Mode, ProviderKind, Secret};
    use paydesk_engine::payouts::FollowingSink;
    use paydesk_engine::sync::StoreDeliverySink;
    use paydesk_engine::webhooks::{Receiver, ReceiverSettings, WebhookRoute};
    use std::sync::Arc;

    let sandbox = sandbox(seed).await;
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    store
        .create_account(&paydesk_store::NewAccount {
            id: account(HEXAI),
            provider: ProviderKind::Hexai,
            label: "Hexai test".into(),
            mode: Mode::Sandbox,
            base_url: None,
        })
        .await
        .expect("account");
    let service = Arc::new(quiet_service(store.clone(), &sandbox).await);
    let receiver = Arc::new(Receiver::new(
        ReceiverSettings::default(),
        Arc::new(FollowingSink::new(
            Arc::new(StoreDeliverySink::new(store)),
            service.clone(),
        )),
    ));
    assert!(receiver.add(
        WebhookRoute {
            account: account(HEXAI),
            provider: ProviderKind::Hexai,
            secret: Secret::new(paydesk_sandbox::hexai::DEFAULT_WEBHOOK_SECRET),
        },
        Mode::Sandbox,
    ));
    let running = receiver.serve().await.expect("receiver listens");
    sandbox.hexai.sim.set_knobs(|k| {
        k.webhook_url = Some(running.url_for(&account(HEXAI)));
        k.collection_settle_delay = None;
    });
    Hooked {
        sandbox,
        service,
        _receiver: running,
        _dir: dir,
    }
}

/// A Wave collection of `amount` GMD, made and awaiting payment.
async fn collection(hooked: &Hooked, amount: &str) -> paydesk_store::PayoutIntent {
    let request = paydesk_engine::payouts::HexaiCollectionForm {
        account: account(HEXAI),
        amount: amount.into(),
        success_url: None,
        error_url: None,
    }
    .validate(currency("GMD"))
    .expect("valid");
    let (_, made) = create_and_submit(&hooked.service, &request).await;
    assert_eq!(
        request_state(&made),
        RequestState::AwaitingPayment,
        "{made:?}"
    );
    made
}

/// A Wave collection paid at Hexai's checkout turns paid from Hexai's signed webhook alone:
/// nothing reads its status (no poll, no sync); the webhook is recorded once and moves the
/// request, journaled as the webhook. The same event delivered again changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wave_collection_is_paid_by_hexais_signed_webhook_alone() {
    let hooked = hooked_hexai(46).await;
    let (sandbox, service) = (&hooked.sandbox, &hooked.service);
    let made = collection(&hooked, "200.00").await;

    // The customer pays at the checkout; Hexai queues its `transaction.completed` webhook.
    assert!(
        sandbox
            .hexai
            .sim
            .settle(&made.reference, paydesk_sandbox::hexai::Outcome::Succeeded)
    );
    let before = service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&before), RequestState::AwaitingPayment);
    assert_eq!(sandbox.hexai.sim.webhooks().deliver_due().await, 1);

    let paid = service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&paid), RequestState::Paid, "{paid:?}");
    assert_eq!(paid.provider_status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(paid.send_count, 1);
    let journal = service.journal(&made.id).await.expect("journal");
    assert_eq!(journal.last().map(|l| l.event.as_str()), Some("webhook"));
    assert!(
        journal.iter().all(|line| line.event != "poll"),
        "no status read: {journal:?}"
    );

    assert!(sandbox.hexai.sim.resend_webhook(&made.reference));
    sandbox.hexai.sim.webhooks().deliver_due().await;
    let again = service.journal(&made.id).await.expect("journal");
    assert_eq!(again.len(), journal.len(), "{again:?}");
}

/// A collection Hexai fails says so by webhook, with Hexai's failure code as the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collection_hexai_fails_by_webhook_shows_hexais_reason() {
    let hooked = hooked_hexai(47).await;
    let made = collection(&hooked, "250.00").await;
    assert!(hooked.sandbox.hexai.sim.settle(
        &made.reference,
        paydesk_sandbox::hexai::Outcome::Failed(Some(
            paydesk_sandbox::hexai::FailureCode::AccountBlocked
        ))
    ));
    assert_eq!(hooked.sandbox.hexai.sim.webhooks().deliver_due().await, 1);
    let failed = hooked.service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&failed), RequestState::Failed, "{failed:?}");
    let reason = failed.reason.clone().unwrap_or_default();
    assert!(reason.contains("ACCOUNT_BLOCKED"), "{reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collection_form_refuses_what_hexai_would() {
    let form = |amount: &str, success: Option<&str>| paydesk_engine::payouts::HexaiCollectionForm {
        account: account(HEXAI),
        amount: amount.into(),
        success_url: success.map(str::to_owned),
        error_url: None,
    };
    for (bad, field) in [
        (form("0", None), "amount"),
        (form("10.001", None), "amount"),
        (form("abc", None), "amount"),
        (form("10.00", Some("not a url")), "success_url"),
    ] {
        let refused = bad.validate(currency("GMD")).expect_err("refused");
        assert_eq!(refused.field.as_deref(), Some(field), "{refused:?}");
    }
    assert!(form("10.00", Some(" ")).validate(currency("GMD")).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_billet_is_paid_when_hubcash_says_the_customer_paid_it() {
    let sandbox = sandbox(46).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    let form = paydesk_engine::payouts::HubcashBilletForm {
        account: Some(account(HUBCASH)),
        amount: "250.90".into(),
        customer_name: "Ana Souza".into(),
        customer_document: Some("123.456.789-09".into()),
        description: "Order 1001".into(),
        days_to_pay: "7".into(),
    };
    let mut bad = form.clone();
    bad.customer_document = Some("123".into());
    assert_eq!(
        bad.validate(currency("BRL"))
            .expect_err("short")
            .field
            .as_deref(),
        Some("customer_document")
    );
    let request = form.validate(currency("BRL")).expect("valid");
    assert_eq!(request.kind(), IntentKind::PaymentRequest);

    let (_, made) = create_and_submit(&service, &request).await;
    assert_eq!(
        request_state(&made),
        RequestState::AwaitingPayment,
        "{made:?}"
    );
    let sale = made.provider_id.clone().expect("Hubcash's sale id");
    // Hubcash issues the slip (its typeable line) just after the sale; the next read has it.
    let mut read = made.clone();
    for _ in 0..20 {
        if read.link.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(service.poll_open().await.expect("poll"), 1);
        read = service.intent(&made.id).await.expect("intent");
    }
    assert_eq!(
        request_state(&read),
        RequestState::AwaitingPayment,
        "{read:?}"
    );
    let line = read.link.clone().expect("the billet's typeable line");
    assert!(
        line.chars().filter(char::is_ascii_digit).count() >= 44,
        "{line}"
    );

    assert!(
        sandbox.hubcash.sim.pay_billet(&sale),
        "the customer pays at the bank"
    );
    assert_eq!(service.poll_open().await.expect("poll"), 0);
    let paid = service.intent(&made.id).await.expect("intent");
    assert_eq!(request_state(&paid), RequestState::Paid, "{paid:?}");
    assert_eq!(paid.send_count, 1);
}

/// A billet is payable for the days the merchant gave: Hubcash's slip carries them, the
/// request shows until when it can be paid (the day after its due date, as Hubcash counts
/// it), and an unpaid slip lapses then, not before; Paydesk then shows what Hubcash says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_billet_is_payable_for_the_days_the_merchant_gave() {
    let sandbox = sandbox(48).await;
    // This customer never pays.
    let mut knobs = sandbox.hubcash.sim.knobs();
    knobs.billet_auto_pay_after = None;
    sandbox.hubcash.sim.set_knobs(knobs);
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    let form = |days: &str| paydesk_engine::payouts::HubcashBilletForm {
        account: Some(account(HUBCASH)),
        amount: "99.90".into(),
        customer_name: "Ana Souza".into(),
        customer_document: None,
        description: "Order 1002".into(),
        days_to_pay: days.into(),
    };
    for bad in ["0", "91", "7.5", "", "abc"] {
        let refused = form(bad).validate(currency("BRL")).expect_err(bad);
        assert_eq!(refused.field.as_deref(), Some("days_to_pay"), "{bad}");
    }
    let request = form("10").validate(currency("BRL")).expect("valid");
    let (_, made) = create_and_submit(&service, &request).await;
    let sale = made.provider_id.clone().expect("Hubcash's sale id");
    let mut read = made.clone();
    for _ in 0..20 {
        if read.expires_at.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        service.poll_open().await.expect("poll");
        read = service.intent(&made.id).await.expect("intent");
    }
    let record = || {
        sandbox
            .hubcash
            .sim
            .records()
            .into_iter()
            .find(|r| r.sale_id == sale)
            .expect("Hubcash's record")
    };
    let added = record().added;
    let until = read.expires_at.expect("until when the slip can be paid");
    assert_eq!(
        until,
        (added.date_naive() + chrono::Days::new(11))
            .and_time(chrono::NaiveTime::MIN)
            .and_utc(),
        "the day after DateAdded + 10 days"
    );

    // A minute before: still payable. Two minutes later: Hubcash let it lapse.
    let clock = sandbox.hubcash.sim.clock();
    sandbox
        .hubcash
        .sim
        .advance(until - clock.now() - chrono::Duration::minutes(1));
    assert_eq!(record().status, 4, "Waiting Payment until its end");
    sandbox.hubcash.sim.advance(chrono::Duration::minutes(2));
    assert_ne!(record().status, 4, "lapsed at its end");
    assert_eq!(service.poll_open().await.expect("poll"), 0);
    let lapsed = service.intent(&made.id).await.expect("intent");
    assert_ne!(request_state(&lapsed), RequestState::Paid, "{lapsed:?}");
    assert_ne!(
        request_state(&lapsed),
        RequestState::AwaitingPayment,
        "{lapsed:?}"
    );
}

//! Every validation rule of the payout forms, with good and bad inputs: a bad form gives an
//! `input.invalid` error naming the field (or `payout.quote_expired`) and nothing reaches a
//! simulator. The good forms are then sent, to show the counts would have moved.

mod payouts_support;

use chrono::{Duration, Utc};
use paydesk_domain::{AppError, ErrorCode, Money, PayoutRequest};
use paydesk_engine::payouts::{
    CashWebDepositForm, CashWebQuoteChoice, HexaiPayoutForm, HgCashAccountChoice,
    HgCashCashOutForm, HpayLinkForm, HubcashSaleForm, SaleAction, State, sale_actions,
};
use paydesk_providers::hubcash::{HubcashMethod, HubcashStatus};
use paydesk_sandbox::hgcash;
use paydesk_store::Store;
use payouts_support::*;

/// A CBU and a CVU whose check digits are right (worked by hand in `paydesk_domain::cbu`).
const CBU: &str = "2850590909400904181356";
const CVU: &str = "0000003100012345678907";
/// HG.Cash's documented example CBU: 22 digits, wrong check digits.
const DOCUMENTED_CBU: &str = "1100015400000000000021";

fn expect_field(result: Result<PayoutRequest, AppError>, field: &str) -> AppError {
    let error = result.expect_err(field);
    assert_eq!(error.code, ErrorCode::InputInvalid, "{error:?}");
    assert_eq!(error.field.as_deref(), Some(field), "{error:?}");
    assert!(error.message.starts_with(field), "{}", error.message);
    error
}

fn hexai(amount: &str, mobile: &str) -> HexaiPayoutForm {
    HexaiPayoutForm {
        account: account(HEXAI),
        amount: amount.into(),
        recipient_mobile: mobile.into(),
    }
}

fn hgcash_form() -> HgCashCashOutForm {
    HgCashCashOutForm {
        account: Some(account(HGCASH)),
        source_account_id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        amount: "1500.50".into(),
        to_cbu: Some(CBU.into()),
        ..Default::default()
    }
}

fn hgcash_accounts() -> Vec<HgCashAccountChoice> {
    vec![HgCashAccountChoice {
        id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        currency: currency("ARS"),
    }]
}

fn hpay_form() -> HpayLinkForm {
    HpayLinkForm {
        account: Some(account(HPAY)),
        amount: "5000".into(),
        product_name: "Consulting".into(),
        description: "March invoice".into(),
        notify_url: "https://shop.example/notify".into(),
        success_url: "https://shop.example/ok".into(),
        cancel_url: "https://shop.example/cancel".into(),
    }
}

fn cashweb_direct() -> CashWebDepositForm {
    CashWebDepositForm {
        account: Some(account(CASHWEB)),
        fiat_amount: Some("25000.00".into()),
        crypto_currency: Some("USDT".into()),
        network: Some("trc20".into()),
        ..Default::default()
    }
}

/// All the bad forms; each must be refused with the named field.
fn bad_forms_are_refused() {
    let balance = Money::parse("300.00", currency("GMD")).expect("money");
    // Hexai amount: decimals, sign, zero, empty, over the balance shown.
    for bad in ["10.123", "-5", "0", "0.00", "", "abc", "300.01", "1e3"] {
        expect_field(hexai(bad, "+2201234567").validate(&balance), "amount");
    }
    // Hexai recipient.
    for bad in [
        "2201234567",
        "+220123456",
        "+22012345678",
        "+2211234567",
        "",
    ] {
        expect_field(hexai("10.00", bad).validate(&balance), "recipient_mobile");
    }
    // HG.Cash: account not the merchant's, amount, CBU/CVU rules, lengths, CUIT.
    let accounts = hgcash_accounts();
    let mut form = hgcash_form();
    form.source_account_id = hgcash::SANDBOX_OTHER_ACCOUNT_ID.into();
    expect_field(form.validate(&accounts), "source_account_id");
    for bad in ["0", "-1", "1.001", ""] {
        let mut form = hgcash_form();
        form.amount = bad.into();
        expect_field(form.validate(&accounts), "amount");
    }
    let mut both = hgcash_form();
    both.to_cvu = Some(CVU.into());
    expect_field(both.validate(&accounts), "to_cbu");
    let mut neither = hgcash_form();
    neither.to_cbu = None;
    expect_field(neither.validate(&accounts), "to_cbu");
    let mut short = hgcash_form();
    short.to_cbu = Some("123".into());
    expect_field(short.validate(&accounts), "to_cbu");
    let mut letters = hgcash_form();
    letters.to_cbu = None;
    letters.to_cvu = Some("00000031000123456789ab".into());
    expect_field(letters.validate(&accounts), "to_cvu");
    // A number that fails its check digits is a warning of its own, not `input.invalid`; the
    // other rules are reported before it.
    let mut documented = hgcash_form();
    documented.to_cbu = Some(DOCUMENTED_CBU.into());
    let warning = documented.validate(&accounts).expect_err("check digits");
    assert_eq!(warning.code, ErrorCode::PayoutCbuCheckFailed, "{warning:?}");
    assert_eq!(warning.field.as_deref(), Some("to_cbu"));
    let mut documented_cvu = hgcash_form();
    documented_cvu.to_cbu = None;
    documented_cvu.to_cvu = Some("0000003100012345678901".into());
    let warning = documented_cvu
        .validate(&accounts)
        .expect_err("check digits");
    assert_eq!(warning.code, ErrorCode::PayoutCbuCheckFailed, "{warning:?}");
    assert_eq!(warning.field.as_deref(), Some("to_cvu"));
    documented.amount = "0".into();
    expect_field(documented.validate(&accounts), "amount");
    let mut long_name = hgcash_form();
    long_name.to_name = Some("x".repeat(256));
    expect_field(long_name.validate(&accounts), "to_name");
    let mut long_from = hgcash_form();
    long_from.from_name = Some("x".repeat(256));
    expect_field(long_from.validate(&accounts), "from_name");
    let mut long_concept = hgcash_form();
    long_concept.concept = Some("x".repeat(501));
    expect_field(long_concept.validate(&accounts), "concept");
    let mut cuit = hgcash_form();
    cuit.to_cuit = Some("20-1234567-9".into());
    expect_field(cuit.validate(&accounts), "to_cuit");
    // CashWeb: both modes, neither, direct mode's fields, expired quote.
    let now = Utc::now();
    let quote = CashWebQuoteChoice {
        quote_id: "qt_1".into(),
        network: "trc20".into(),
        expires_at: now + Duration::seconds(60),
        fiat_amount: None,
        crypto_amount: None,
        crypto_currency: None,
    };
    let mut both = cashweb_direct();
    both.quote = Some(quote.clone());
    expect_field(both.validate(currency("NGN"), now), "quote_id");
    let neither = CashWebDepositForm {
        account: Some(account(CASHWEB)),
        ..Default::default()
    };
    expect_field(neither.validate(currency("NGN"), now), "quote_id");
    for bad in ["0", "1.234", "-3"] {
        let mut form = cashweb_direct();
        form.fiat_amount = Some(bad.into());
        expect_field(form.validate(currency("NGN"), now), "fiat_amount");
    }
    let mut no_network = cashweb_direct();
    no_network.network = None;
    expect_field(no_network.validate(currency("NGN"), now), "network");
    let mut no_coin = cashweb_direct();
    no_coin.crypto_currency = Some(" ".into());
    expect_field(no_coin.validate(currency("NGN"), now), "crypto_currency");
    let stale = CashWebDepositForm {
        account: Some(account(CASHWEB)),
        quote: Some(quote.clone()),
        ..Default::default()
    };
    let expired = stale
        .validate(currency("NGN"), now + Duration::seconds(121))
        .expect_err("expired");
    assert_eq!(expired.code, ErrorCode::PayoutQuoteExpired);
    assert_eq!(expired.field.as_deref(), Some("quote_id"));
    // HPAY: amount, required texts, URLs, brackets.
    for (field, change) in [
        (
            "amount",
            Box::new(|f: &mut HpayLinkForm| f.amount = "0".into())
                as Box<dyn Fn(&mut HpayLinkForm)>,
        ),
        (
            "amount",
            Box::new(|f: &mut HpayLinkForm| f.amount = "10.5".into()),
        ),
        (
            "product_name",
            Box::new(|f: &mut HpayLinkForm| f.product_name = " ".into()),
        ),
        (
            "description",
            Box::new(|f: &mut HpayLinkForm| f.description = String::new()),
        ),
        (
            "description",
            Box::new(|f: &mut HpayLinkForm| f.description = "x [ref y]".into()),
        ),
        (
            "description",
            Box::new(|f: &mut HpayLinkForm| f.description = "x".repeat(256)),
        ),
        (
            "notify_url",
            Box::new(|f: &mut HpayLinkForm| f.notify_url = "shop.example".into()),
        ),
        (
            "success_url",
            Box::new(|f: &mut HpayLinkForm| f.success_url = "ftp://x".into()),
        ),
        (
            "cancel_url",
            Box::new(|f: &mut HpayLinkForm| f.cancel_url = "https://".into()),
        ),
    ] {
        let mut form = hpay_form();
        change(&mut form);
        expect_field(form.validate(currency("XOF")), field);
    }
    // Hubcash: only the actions §7.3 allows.
    let capture = HubcashSaleForm {
        account: account(HUBCASH),
        sale_id: "sale-1".into(),
        action: SaleAction::Capture,
    };
    for status in [
        HubcashStatus::Processed,
        HubcashStatus::Analyzing,
        HubcashStatus::WaitingPayment,
        HubcashStatus::Fail,
        HubcashStatus::Canceled,
        HubcashStatus::Done,
    ] {
        expect_field(capture.validate(status, HubcashMethod::Credit), "action");
    }
    let cancel = HubcashSaleForm {
        action: SaleAction::Cancel,
        ..capture.clone()
    };
    for status in [HubcashStatus::Fail, HubcashStatus::Canceled] {
        expect_field(cancel.validate(status, HubcashMethod::Credit), "action");
    }
    expect_field(
        cancel.validate(HubcashStatus::Done, HubcashMethod::Billet),
        "action",
    );
}

#[test]
fn hubcash_actions_follow_the_status_table() {
    use HubcashMethod::{Billet, Credit};
    use SaleAction::{Cancel, Capture};
    assert_eq!(
        sale_actions(HubcashStatus::Capturing, Credit),
        vec![Capture, Cancel]
    );
    assert_eq!(sale_actions(HubcashStatus::Processed, Credit), vec![Cancel]);
    assert_eq!(
        sale_actions(HubcashStatus::WaitingPayment, Billet),
        vec![Cancel]
    );
    assert_eq!(sale_actions(HubcashStatus::Done, Credit), vec![Cancel]);
    assert!(sale_actions(HubcashStatus::Done, Billet).is_empty());
    assert!(sale_actions(HubcashStatus::Fail, Credit).is_empty());
    assert!(sale_actions(HubcashStatus::Canceled, Credit).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_forms_send_nothing_and_good_forms_are_sent_once() {
    let sandbox = sandbox(11).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("paydesk.sqlite"))
        .await
        .expect("store");
    let service = quiet_service(store, &sandbox).await;
    assert!(service.reconcile().await.expect("reconcile").is_clean());

    let before = sim_counts(&sandbox);
    bad_forms_are_refused();
    assert_eq!(
        sim_counts(&sandbox),
        before,
        "a refused form reached a simulator"
    );

    // The good forms validate, and sending them moves each simulator's count by one.
    let balance = Money::parse("300.00", currency("GMD")).expect("money");
    let now = Utc::now();
    let mut hg = hgcash_form();
    hg.to_cuit = Some("20-12345678-9".into());
    hg.concept = Some("x".repeat(500));
    let good = [
        hexai("300.00", "+2201234567")
            .validate(&balance)
            .expect("hexai"),
        hg.validate(&hgcash_accounts()).expect("hgcash"),
        cashweb_direct()
            .validate(currency("NGN"), now)
            .expect("cashweb"),
        hpay_form().validate(currency("XOF")).expect("hpay"),
    ];
    for request in &good {
        let reference = request.reference().map(str::to_owned);
        if let Some(reference) = reference {
            assert!(reference.starts_with("PD-"), "{reference}");
        }
        let intent = service
            .create(request, false, "merchant")
            .await
            .expect("create");
        assert_eq!(intent.state, State::Draft);
        // A draft is not sent.
        let refused = service
            .submit(&intent.id, "merchant")
            .await
            .expect_err("draft");
        assert_eq!(refused.code, ErrorCode::InputInvalid);
        service
            .confirm(&intent.id, "merchant")
            .await
            .expect("confirm");
        let sent = service
            .submit(&intent.id, "merchant")
            .await
            .expect("submit");
        assert!(
            matches!(
                sent.state,
                State::Accepted | State::Processing | State::Succeeded
            ),
            "{sent:?}"
        );
    }
    let after = sim_counts(&sandbox);
    for (b, a) in before.iter().zip(after) {
        assert_eq!(a, b + 1, "before {before:?} after {after:?}");
    }
}

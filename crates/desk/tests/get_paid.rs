//! Get paid through the desk, against the simulators: a CashWeb quote states the crypto the
//! seller deposits (the fiat at the quote's rate), the deposit request made from it carries
//! that amount to CashWeb and into the confirmation, it is listed under Get paid (never under
//! Payouts) as awaiting payment, and it is paid only when CashWeb says the money arrived.

mod support;

use std::str::FromStr;

use paydesk_desk::views::{PayoutForm, QuoteRequest};
use paydesk_domain::{IntentKind, RequestState};
use paydesk_store::PayoutState;
use rust_decimal::Decimal;
use support::{intent_view, start_desk};

const CASHWEB: &str = "sandbox-cashweb";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quoted_deposit_request_asks_for_the_quoted_crypto_and_awaits_payment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, _events) = start_desk(dir.path(), 31).await;
    desk.sync_now().await.expect("sync");

    let quote = desk
        .cashweb_quote(&QuoteRequest {
            account: CASHWEB.into(),
            fiat_amount: "161500".into(),
            crypto_currency: "USDT".into(),
            network: "trc20".into(),
        })
        .await
        .expect("quote");
    let rate = Decimal::from_str(&quote.rate).expect("the quote's rate");
    let crypto = Decimal::from_str(&quote.crypto_amount).expect("the quote's crypto amount");
    let fiat = Decimal::from_str(&quote.fiat_amount.amount).expect("fiat");
    assert_eq!(fiat, Decimal::from(161_500));
    // The fiat at the quote's rate, never the fiat echoed as crypto.
    assert_ne!(crypto, fiat);
    assert!(
        (crypto * rate - fiat).abs() < rate / Decimal::from(1_000_000),
        "{crypto} USDT at {rate} is not {fiat} NGN"
    );

    let form = PayoutForm::CashWeb {
        account: CASHWEB.into(),
        quote_id: Some(quote.quote_id.clone()),
        fiat_amount: None,
        crypto_currency: None,
        network: None,
    };
    let draft = desk.prepare_payout(&form).await.expect("draft");
    // The confirmation shows what the seller is asked for, once each.
    let shown = |name: &str| {
        draft
            .lines
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown("Amount"),
        vec!["161500.00 NGN".to_owned()],
        "{:?}",
        draft.lines
    );
    assert_eq!(
        shown("Seller deposits"),
        vec![format!("{crypto} USDT on TRC20")],
        "{:?}",
        draft.lines
    );
    let amount = draft.amount.clone().expect("an amount to retype");
    assert_eq!(amount.amount, "161500.00");
    desk.confirm_payout(&draft.id, Some(amount.amount.as_str()))
        .await
        .expect("sent");

    // Made, listed under Get paid as awaiting payment, never under Payouts.
    let mut made = intent_view(&desk, &draft.id).await;
    for _ in 0..50 {
        if made.state != PayoutState::Sending && made.state != PayoutState::Confirmed {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        made = intent_view(&desk, &draft.id).await;
    }
    assert_eq!(made.kind, IntentKind::PaymentRequest);
    assert_eq!(
        made.request_state,
        Some(RequestState::AwaitingPayment),
        "{made:?}"
    );
    assert!(made.link.is_some(), "the deposit address: {made:?}");
    assert_eq!(made.amount.as_deref(), Some("161500.00"));
    assert!(
        !desk
            .payouts()
            .await
            .expect("payouts")
            .iter()
            .any(|p| p.id == draft.id || p.kind != IntentKind::Payout),
        "Payouts lists money going out only"
    );
    assert!(
        desk.payment_requests()
            .await
            .expect("requests")
            .iter()
            .any(|p| p.id == draft.id)
    );

    // CashWeb's own record of the deposit asks the seller for the quoted crypto.
    desk.sync_now().await.expect("sync");
    let provider_id = made.provider_id.clone().expect("CashWeb's id");
    let detail = desk
        .transaction_detail(CASHWEB, &provider_id)
        .await
        .expect("the deposit request in the history");
    let raw: serde_json::Value = serde_json::from_str(&detail.raw).expect("raw JSON");
    let asked = raw
        .pointer("/crypto_amount")
        .or_else(|| raw.pointer("/data/crypto_amount"))
        .and_then(|v| {
            v.as_str()
                .map(str::to_owned)
                .or_else(|| Some(v.to_string()))
        })
        .expect("crypto_amount in CashWeb's record");
    assert_eq!(
        Decimal::from_str(&asked).expect("decimal"),
        crypto,
        "the transaction asks for the quoted crypto"
    );
}

/// Reads the QR code back from the SVG the desk renders (its modules are `M{x} {y}h1v1…`
/// squares): the text a phone would read.
fn read_qr(svg: &str) -> String {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|w| w.parse().ok())
        .expect("the SVG's size");
    let mut dark = vec![false; size * size];
    let path = svg.split(" d=\"").nth(1).expect("the modules' path");
    for square in path.split('M').skip(1) {
        let mut numbers = square
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse::<usize>().expect("a number"));
        let (left, top, width, height) = (
            numbers.next().expect("left"),
            numbers.next().expect("top"),
            numbers.next().expect("width"),
            numbers.next().expect("height"),
        );
        for y in top..top + height {
            for x in left..left + width {
                dark[y * size + x] = true;
            }
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
        if dark[y * size + x] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("a readable QR code").1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_link_is_shown_as_a_qr_code_the_payer_can_scan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, _events) = start_desk(dir.path(), 32).await;
    desk.sync_now().await.expect("sync");
    let draft = desk
        .prepare_payout(&PayoutForm::Hpay {
            account: "sandbox-hpay".into(),
            amount: "14900".into(),
            product_name: "Order".into(),
            description: "Shoes".into(),
            notify_url: "https://shop.example/n".into(),
            success_url: "https://shop.example/s".into(),
            cancel_url: "https://shop.example/c".into(),
        })
        .await
        .expect("draft");
    // No link yet: nothing to scan.
    assert!(desk.request_qr(&draft.id).await.is_err());
    let sent = desk
        .confirm_payout(&draft.id, Some("14900"))
        .await
        .expect("made");
    let mut link = sent.link.clone();
    for _ in 0..50 {
        if link.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        link = intent_view(&desk, &draft.id).await.link;
    }
    let link = link.expect("HPAY's checkout URL");
    let svg = desk.request_qr(&draft.id).await.expect("a QR code");
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "{svg:.80}"
    );
    assert_eq!(read_qr(&svg), link);
}

//! Saved cards: create, read, edit, list by document, delete, validation.

use super::*;

#[tokio::test]
async fn cards_create_read_edit_list_delete() {
    let (_sim, client) = start(0).await;
    let card = client
        .create_card(&new_card("5162321366555222331234"))
        .await
        .expect("created");
    let id = card.card_id.clone().expect("id");
    assert_eq!(id.len(), 24);
    assert_eq!(card.last_digits.as_deref(), Some("1234"));
    assert_eq!(client.card(&id).await.expect("read"), card);
    let edited = client
        .update_card(
            &id,
            &HubcashCardUpdate {
                brand: "Mastercard".into(),
                holder_name: "Maria S. Costa".into(),
                document: "111.444.777-35".into(),
                phone: None,
                exp_month: "04".into(),
                exp_year: "2031".into(),
            },
        )
        .await
        .expect("edited");
    assert_eq!(edited.holder_name, "Maria S. Costa");
    assert_eq!(edited.phone, None, "left out: cleared");
    assert_eq!(edited.last_digits.as_deref(), Some("1234"));
    // Listed by document, punctuation ignored; newest first.
    let listed = client
        .cards_by_document("11144477735", Page::default())
        .await
        .expect("listed");
    assert_eq!(listed.len(), 1);
    assert!(
        client
            .cards_by_document("000", Page::default())
            .await
            .expect("empty")
            .is_empty()
    );
    client.delete_card(&id).await.expect("deleted");
    let e = client.card(&id).await.expect_err("gone");
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::NotFound, Some("CardId"))
    );
    let e = client.delete_card(&id).await.expect_err("gone");
    assert_eq!(e.http_status, Some(404));
    let e = client
        .update_card(
            "58c040b32d8baf18526217f5",
            &HubcashCardUpdate {
                brand: "Visa".into(),
                holder_name: "x".into(),
                document: "1".into(),
                phone: None,
                exp_month: "01".into(),
                exp_year: "2030".into(),
            },
        )
        .await
        .expect_err("unknown");
    assert_eq!(e.http_status, Some(404));
}

#[tokio::test]
async fn card_validation_reports_every_field() {
    let (_sim, client) = start(0).await;
    let mut bad = new_card("12ab");
    bad.brand = "visa".into();
    bad.exp_month = "13".into();
    bad.security_code = Secret::new("12a");
    let e = client.create_card(&bad).await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.http_status, Some(400));
    assert_eq!(e.code.as_deref(), Some("Brand"));
    assert_eq!(
        e.message,
        "Brand: Invalid; ExpMonth: Invalid; Number: Invalid; SecurityCode: Invalid"
    );
    let mut expired = new_card("4111111111111111");
    expired.exp_year = "2025".into();
    let e = client.create_card(&expired).await.expect_err("expired");
    assert_eq!(e.message, "ExpYear: Expired");
    // The demo's saved cards are listed under their documents.
    let (_demo, client) = start(10).await;
    let cards = client
        .cards_by_document(DEMO_DOCUMENTS[0], Page::default())
        .await
        .expect("listed");
    assert_eq!(cards.len(), 2);
}

#[tokio::test]
async fn card_edits_and_lists_are_checked() {
    let (_sim, client) = start(0).await;
    let card = client
        .create_card(&new_card("4111111111111111"))
        .await
        .expect("created");
    let id = card.card_id.expect("id");
    let e = client
        .update_card(
            &id,
            &HubcashCardUpdate {
                brand: "Visa".into(),
                holder_name: "Maria".into(),
                document: String::new(),
                phone: None,
                exp_month: "3".into(),
                exp_year: "30".into(),
            },
        )
        .await
        .expect_err("refused");
    assert_eq!(e.http_status, Some(400));
    assert_eq!(
        e.message,
        "Document: Required; ExpMonth: Invalid; ExpYear: Invalid"
    );
    let e = client
        .cards_by_document("11144477735", Page { offset: 0, rows: 0 })
        .await
        .expect_err("rows 0");
    assert_eq!(e.message, "rows: Invalid");
}

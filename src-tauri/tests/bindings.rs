//! The UI calls Rust only through generated bindings: this fails when they are out of date.
//! Regenerate with `make bindings` (or PAYDESK_UPDATE_BINDINGS=1 cargo test -p paydesk).

#[test]
fn ui_bindings_are_current() {
    let path = paydesk_app::repository_root().join(paydesk_app::BINDINGS_PATH);
    let fresh = paydesk_app::bindings_text().expect("bindings generate");
    if std::env::var_os("PAYDESK_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("bindings written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `make bindings` and commit the result",
        path.display()
    );
}

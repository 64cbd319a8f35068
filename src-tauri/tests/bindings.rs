//! The UI calls Rust only through generated bindings: this fails when they are out of date.
//! Regenerate with `make bindings` (or PAYDESK_UPDATE_BINDINGS=1 cargo test -p paydesk). Also:
//! the export request the UI sends names no file.

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

/// The field names of one object type in the generated TypeScript (doc comments skipped).
fn type_fields(bindings: &str, name: &str) -> Vec<String> {
    let start = format!("export type {name} = {{");
    let body = &bindings[bindings.find(&start).expect("the type is generated") + start.len()..];
    let mut fields = Vec::new();
    for line in body.lines().map(str::trim) {
        if line.starts_with("/**") || line.starts_with('*') || line.is_empty() {
            continue;
        }
        if let Some((field, _)) = line.split_once(':') {
            fields.push(field.trim().to_owned());
        }
        if line.ends_with('}') {
            break;
        }
    }
    fields
}

/// The webview never names the file an export writes: the Rust side asks the merchant in the
/// native save dialog. So the request the UI can send has no `path`.
#[test]
fn the_ui_cannot_send_an_export_path() {
    let path = paydesk_app::repository_root().join(paydesk_app::BINDINGS_PATH);
    let committed = std::fs::read_to_string(&path).expect("the committed bindings");
    let fields = type_fields(&committed, "ExportRequest");
    assert!(
        fields.contains(&"filter".to_owned()) && fields.contains(&"sort".to_owned()),
        "ExportRequest read as {fields:?}"
    );
    assert!(
        !fields.iter().any(|f| f == "path"),
        "ExportRequest in {} has a path field: {fields:?}",
        path.display()
    );
}

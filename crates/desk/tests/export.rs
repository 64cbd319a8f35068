//! CSV export through the desk, as the Export CSV button drives it: the desk asks where to
//! save (here a stand-in for the native dialog that always picks one path), writes the whole
//! filtered set there with each row's account mode, reports progress, and treats a cancelled
//! dialog as nothing to do.

mod support;

use std::collections::HashMap;

use chrono::NaiveDate;
use paydesk_desk::Emitted;
use paydesk_desk::views::{ExportRequest, SortOrder, TransactionFilter};
use paydesk_domain::{ErrorCode, ProviderKind};
use support::{FixedSaveTarget, listed_rows, start_desk};

fn hexai_rows() -> ExportRequest {
    ExportRequest {
        filter: TransactionFilter {
            providers: vec![ProviderKind::Hexai],
            ..TransactionFilter::default()
        },
        sort: SortOrder::Newest,
    }
}

fn export_events(events: &paydesk_desk::EventLog) -> Vec<paydesk_desk::views::ExportProgress> {
    events
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Emitted::Export(p) => Some(p),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_writes_where_the_merchant_chose_with_each_rows_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, events) = start_desk(&dir.path().join("data"), 23).await;
    desk.sync_now().await.expect("sync");
    let request = hexai_rows();
    let want = listed_rows(&desk, &request.filter).await;
    assert!(want > 0, "the Hexai history is cached");

    let out = dir.path().join("exports");
    std::fs::create_dir(&out).expect("folder");
    let chosen = out.join("march.csv");
    let dialog = FixedSaveTarget::choosing(&chosen);
    let done = desk
        .export_csv(&request, &dialog)
        .await
        .expect("export")
        .expect("a file was chosen, so one is written");
    assert_eq!(done.path, chosen.display().to_string());
    assert_eq!(done.rows as usize, want);

    // The dialog opened once, suggesting today's dated name.
    let suggested = dialog.suggested();
    assert_eq!(suggested.len(), 1);
    let day = suggested[0]
        .strip_prefix("paydesk-transactions-")
        .and_then(|rest| rest.strip_suffix(".csv"))
        .expect("paydesk-transactions-YYYY-MM-DD.csv");
    NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a date in the suggested name");

    // Exactly the listed rows, each with its account's mode; no temporary file left behind.
    let modes: HashMap<String, &'static str> = desk
        .accounts()
        .await
        .expect("accounts")
        .into_iter()
        .map(|a| (a.id, a.mode.as_str()))
        .collect();
    let mut reader = csv::Reader::from_path(&chosen).expect("the chosen file");
    let header = reader.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (account, mode, provider) = (column("account"), column("mode"), column("provider"));
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("record");
        assert_eq!(&record[provider], "hexai");
        assert_eq!(
            &record[mode], modes[&record[account]],
            "the row's account mode"
        );
        assert_eq!(
            &record[mode], "sandbox",
            "a sandbox desk exports sandbox rows"
        );
        rows += 1;
    }
    assert_eq!(rows, want);
    let files: Vec<_> = std::fs::read_dir(&out)
        .expect("folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(files, vec!["march.csv"]);

    // Progress ends with the whole count and the file written.
    let progress = export_events(&events);
    let last = progress.last().expect("export progress");
    assert!(last.finished);
    assert_eq!(
        (last.path.as_str(), last.rows),
        (done.path.as_str(), done.rows)
    );

    // Cancelled: nothing written, nothing reported, not an error.
    let cancelled = FixedSaveTarget::cancelled();
    let reply = desk
        .export_csv(&request, &cancelled)
        .await
        .expect("no error");
    assert_eq!(reply, None);
    assert_eq!(cancelled.suggested().len(), 1, "the dialog was shown");
    assert_eq!(export_events(&events).len(), progress.len());
    assert_eq!(std::fs::read_dir(&out).expect("folder").count(), 1);

    // A filter the desk refuses is refused before the dialog opens.
    let dialog = FixedSaveTarget::choosing(out.join("never.csv"));
    let mut bad = hexai_rows();
    bad.filter.amount_min = Some("10".into());
    let error = desk
        .export_csv(&bad, &dialog)
        .await
        .expect_err("no currency");
    assert_eq!(error.code, ErrorCode::InputInvalid);
    assert!(
        dialog.suggested().is_empty(),
        "no dialog for a refused filter"
    );
    desk.shutdown().await;
}

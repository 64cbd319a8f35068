//! The start-up smoke test: `paydesk --smoke-test` exits 0 once the real webview has rendered
//! the app frame and reported it, and 1 when the report is incomplete or never comes.

use std::time::Duration;

use tauri::AppHandle;

use crate::commands::UiReady;

/// The navigation every build must show, as the views its entries lead to (their names are
/// in the merchant's language).
pub const NAVIGATION: [&str; 5] = [
    "#/overview",
    "#/transactions",
    "#/payouts",
    "#/get-paid",
    "#/accounts",
];

/// What the UI's report lacks, in words.
pub fn missing_parts(report: &UiReady, sandbox: bool) -> Vec<String> {
    let mut missing: Vec<String> = NAVIGATION
        .iter()
        .filter(|entry| !report.navigation.iter().any(|n| n == *entry))
        .map(|entry| format!("navigation entry '{entry}'"))
        .collect();
    if sandbox && !report.sandbox_badge {
        missing.push("SANDBOX badge".to_owned());
    }
    missing
}

/// What is wrong with the desk behind the UI, in words: the host did not start, no mode is
/// shown, an account is missing or not connected, or a start-up problem is shown.
pub async fn desk_problems(
    host: &Result<paydesk_desk::Host, paydesk_domain::AppError>,
    desk: Option<&paydesk_desk::Desk>,
) -> Vec<String> {
    if let Err(e) = host {
        return vec![format!("the app did not start: {}", e.message)];
    }
    let Some(desk) = desk else {
        return vec!["no mode is shown (the welcome screen): start with --sandbox".to_owned()];
    };
    desk.ready().await;
    let overview = match desk.overview().await {
        Ok(overview) => overview,
        Err(e) => return vec![format!("no overview: {}", e.message)],
    };
    let mut problems: Vec<String> = overview
        .problems
        .iter()
        .map(|p| format!("start-up problem: {}", p.error.message))
        .collect();
    let providers = paydesk_domain::ProviderKind::ALL.len();
    if desk.is_sandbox() && overview.accounts.len() < providers {
        problems.push(format!(
            "{} sandbox accounts instead of {providers}",
            overview.accounts.len()
        ));
    }
    problems
}

/// Ends a smoke-test run with its verdict.
pub fn finish(app: &AppHandle, missing: &[String]) {
    if missing.is_empty() {
        eprintln!("smoke test: window and webview up, app frame complete");
        app.exit(0);
    } else {
        eprintln!("smoke test: app frame incomplete: {}", missing.join(", "));
        app.exit(1);
    }
}

/// Fails the run if the UI has not reported within `limit`.
pub fn arm_deadline(limit: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        eprintln!(
            "smoke test: the UI did not report ready within {} s",
            limit.as_secs()
        );
        std::process::exit(1);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_missing() {
        let full = UiReady {
            view: "overview".into(),
            navigation: NAVIGATION.iter().map(|s| (*s).to_owned()).collect(),
            sandbox_badge: true,
        };
        assert!(missing_parts(&full, true).is_empty());
        let partial = UiReady {
            navigation: vec!["#/overview".into()],
            sandbox_badge: false,
            ..full
        };
        let missing = missing_parts(&partial, true);
        assert_eq!(missing.len(), 5);
        assert!(missing.contains(&"SANDBOX badge".to_owned()));
    }
}

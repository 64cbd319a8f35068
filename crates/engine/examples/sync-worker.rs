//! Syncs one account into a SQLite file, printing each progress event as a JSON line; the
//! kill-and-resume test runs it as a child process and kills it mid-batch.
//!
//! Usage: `sync-worker <sqlite file> <provider> <base url> <account id> <credential>...`
//! where the credentials are, by provider: hexai `<secret key>`; hgcash `<token>`; hpay
//! `<api key> <public key> <secret key> <TEST|PROD>`; cashweb `<api key>`; hubcash
//! `<code> <token>`. The account is created (sandbox mode) if the file does not have it.
//! Exit status: 0 after a complete sync, 1 on a sync error, 2 on bad arguments.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use paydesk_domain::{AccountId, AppError, ErrorCode, Mode, ProviderKind, Secret};
use paydesk_engine::credentials::{
    CashWebCredentials, Credentials, HexaiCredentials, HgCashCredentials, HpayCredentials,
    HpayMode, HubcashCredentials,
};
use paydesk_engine::sync::{ClientSettings, ProgressFn, ProviderClient, SyncOptions, sync_account};
use paydesk_store::{NewAccount, Store, StoreError};

fn usage(message: &str) -> AppError {
    AppError::new(
        ErrorCode::InputInvalid,
        format!(
            "{message}\nusage: sync-worker <sqlite file> <provider> <base url> <account id> <credential>..."
        ),
    )
}

fn credentials(provider: ProviderKind, values: &[String]) -> Result<Credentials, AppError> {
    let secret = |i: usize| {
        values
            .get(i)
            .map(|v| Secret::new(v.as_str()))
            .ok_or_else(|| usage("missing credential"))
    };
    Ok(match provider {
        ProviderKind::Hexai => Credentials::Hexai(HexaiCredentials::new(secret(0)?, None)?),
        ProviderKind::HgCash => Credentials::HgCash(HgCashCredentials::new(secret(0)?, None)?),
        ProviderKind::Hpay => Credentials::Hpay(HpayCredentials::new(
            secret(0)?,
            secret(1)?,
            secret(2)?,
            HpayMode::parse(values.get(3).map_or("TEST", String::as_str))?,
        )?),
        ProviderKind::CashWeb => Credentials::CashWeb(CashWebCredentials::new(secret(0)?, None)?),
        ProviderKind::Hubcash => {
            Credentials::Hubcash(HubcashCredentials::new(secret(0)?, secret(1)?)?)
        }
    })
}

async fn run() -> Result<(), (i32, AppError)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, provider, base_url, account, rest @ ..] = args.as_slice() else {
        return Err((2, usage("too few arguments")));
    };
    let provider: ProviderKind = provider
        .parse()
        .map_err(|_| (2, usage("unknown provider")))?;
    let account = AccountId::new(account.as_str()).map_err(|e| (2, usage(&e.to_string())))?;
    let credentials = credentials(provider, rest).map_err(|e| (2, e))?;

    let store = Store::open(path).await.map_err(|e| (1, e.into()))?;
    let created = store
        .create_account(&NewAccount {
            id: account.clone(),
            provider,
            label: format!("{provider} worker"),
            mode: Mode::Sandbox,
            base_url: Some(base_url.clone()),
        })
        .await;
    match created {
        Ok(_) | Err(StoreError::DuplicateAccount(_)) => {}
        Err(e) => return Err((1, e.into())),
    }
    let mut settings = ClientSettings::new(Mode::Sandbox);
    settings.hpay_pacing = Some(Duration::ZERO);
    let client =
        ProviderClient::build(&account, base_url, &credentials, &settings).map_err(|e| (2, e))?;
    let progress: ProgressFn = Arc::new(|event| {
        if let Ok(line) = serde_json::to_string(&event) {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    });
    let outcome = sync_account(
        &store,
        &account,
        &client,
        &SyncOptions::default(),
        &progress,
    )
    .await;
    store.close().await;
    outcome.map(|_| ()).map_err(|e| (1, e))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err((status, error)) = run().await {
        eprintln!("sync-worker: {} ({})", error.message, error.code.as_str());
        std::process::exit(status);
    }
}

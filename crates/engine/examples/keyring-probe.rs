//! Reads one secret from the OS keyring through Paydesk's `KeyringStore` and prints a SHA-256
//! of it, never the secret: the keyring integration tests run it to check that what one process
//! stored is read back by another.
//!
//! Usage: `keyring-probe <service> <account id> <secret name> [timeout ms]`
//!
//! Prints one line and exits 0: `sha256:<hex>` when a value is kept, `absent` when none is.
//! On a keyring error it prints `error <code>` (e.g. `error keyring.unavailable`) and exits 3;
//! on bad arguments it exits 2.

use std::process::ExitCode;
use std::time::Duration;

use paydesk_domain::AccountId;
use paydesk_engine::{KeyringStore, SecretName, SecretStore};
use sha2::{Digest, Sha256};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (service, account, name, timeout) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("keyring-probe: {problem}");
            eprintln!("usage: keyring-probe <service> <account id> <secret name> [timeout ms]");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("keyring-probe: no runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let store = KeyringStore::with_service(service).with_timeout(timeout);
    let answer = runtime.block_on(store.get(&account, name));
    let code = match answer {
        Ok(Some(secret)) => {
            println!("sha256:{}", hex::encode(Sha256::digest(secret.expose())));
            0
        }
        Ok(None) => {
            println!("absent");
            0
        }
        Err(error) => {
            println!("error {}", error.code.as_str());
            eprintln!("keyring-probe: {}", error.message);
            3
        }
    };
    // Leave at once: a keyring thread still waiting on a prompt must not keep us alive.
    std::process::exit(code)
}

fn parse(args: &[String]) -> Result<(String, AccountId, SecretName, Duration), String> {
    let [service, account, name, rest @ ..] = args else {
        return Err("expected at least 3 arguments".to_owned());
    };
    let account = AccountId::new(account.as_str()).map_err(|e| e.to_string())?;
    let name = SecretName::ALL
        .into_iter()
        .find(|n| n.as_str() == name)
        .ok_or_else(|| format!("unknown secret name {name}"))?;
    let timeout = match rest {
        [] => KeyringStore::DEFAULT_TIMEOUT,
        [ms] => Duration::from_millis(ms.parse().map_err(|_| "timeout is not a number")?),
        _ => return Err("too many arguments".to_owned()),
    };
    Ok((service.clone(), account, name, timeout))
}

//! The OS keyring as a [`SecretStore`]: on Linux the Secret Service (GNOME Keyring, KWallet,
//! KeePassXC...) over D-Bus, through the `keyring` crate.
//!
//! Every keyring call is a blocking D-Bus round trip that can wait for an unlock prompt (the
//! Secret Service client waits up to a year for the answer). So each call runs on its own
//! thread and the async caller waits at most [`KeyringStore::DEFAULT_TIMEOUT`]. The thread is
//! detached rather than a `spawn_blocking` task: a runtime shuts down only after its blocking
//! tasks return, so a prompt nobody answers would otherwise stop the app from quitting.

use std::thread;
use std::time::Duration;

use keyring::{Entry, Error as KeyringError};
use paydesk_domain::{AccountId, AppError, ErrorCode, Secret};
use tokio::sync::oneshot;

use super::{SecretName, SecretStore, StoreFuture};

/// Secrets in the OS keyring, one entry per (account, secret name): service
/// [`KeyringStore::SERVICE`], user `<account id>/<secret name>`.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
    timeout: Duration,
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new()
    }
}

impl KeyringStore {
    /// The keyring service Paydesk's entries are filed under.
    pub const SERVICE: &'static str = "io.paydesk.desktop";

    /// How long one keyring call may take before it is reported as locked or unanswered.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The app's store: service [`KeyringStore::SERVICE`], timeout
    /// [`KeyringStore::DEFAULT_TIMEOUT`].
    pub fn new() -> KeyringStore {
        KeyringStore::with_service(KeyringStore::SERVICE)
    }

    /// A store filed under another service name (tests use their own, so they never touch the
    /// app's entries).
    pub fn with_service(service: impl Into<String>) -> KeyringStore {
        KeyringStore {
            service: service.into(),
            timeout: KeyringStore::DEFAULT_TIMEOUT,
        }
    }

    /// The same store with another per-call timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> KeyringStore {
        self.timeout = timeout;
        self
    }

    /// The service name entries are filed under.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Runs `op` on the entry for (account, name) on its own thread, waiting at most the
    /// timeout.
    async fn call<T, F>(&self, account: &AccountId, name: SecretName, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Entry) -> keyring::Result<T> + Send + 'static,
    {
        let service = self.service.clone();
        let user = entry_user(account, name);
        let work = move || Entry::new(&service, &user).and_then(|entry| op(&entry));
        match off_thread(self.timeout, work).await {
            Ok(result) => result.map_err(|error| keyring_error(account, name, error)),
            Err(OffThread::NoThread(error)) => {
                tracing::error!(%error, "could not start a keyring thread");
                Err(AppError::internal(
                    "Paydesk could not start a thread to reach the keyring.",
                ))
            }
            Err(OffThread::Died) => {
                tracing::error!(account = %account, secret = name.as_str(), "keyring thread died");
                Err(AppError::internal(
                    "The keyring call stopped unexpectedly. Try again.",
                ))
            }
            Err(OffThread::TimedOut) => {
                tracing::warn!(
                    account = %account,
                    secret = name.as_str(),
                    timeout_ms = u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
                    "keyring did not answer in time"
                );
                Err(timed_out(self.timeout))
            }
        }
    }
}

/// Why [`off_thread`] has no answer.
#[derive(Debug)]
enum OffThread {
    /// The thread could not be started.
    NoThread(std::io::Error),
    /// The thread ended without answering (it panicked).
    Died,
    /// No answer within the timeout; the thread is left to finish on its own.
    TimedOut,
}

/// Runs blocking `work` on a new detached thread and waits for its answer at most `timeout`.
async fn off_thread<T, F>(timeout: Duration, work: F) -> Result<T, OffThread>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    thread::Builder::new()
        .name("paydesk-keyring".to_owned())
        .spawn(move || {
            // The caller may have given up (timeout); then nobody needs the answer.
            let _ = sender.send(work());
        })
        .map_err(OffThread::NoThread)?;
    match tokio::time::timeout(timeout, receiver).await {
        Ok(Ok(answer)) => Ok(answer),
        Ok(Err(_closed)) => Err(OffThread::Died),
        Err(_elapsed) => Err(OffThread::TimedOut),
    }
}

impl SecretStore for KeyringStore {
    fn get<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
    ) -> StoreFuture<'a, Option<Secret>> {
        Box::pin(async move {
            self.call(account, name, |entry| match entry.get_password() {
                Ok(text) => Ok(Some(Secret::new(text))),
                Err(KeyringError::NoEntry) => Ok(None),
                Err(error) => Err(error),
            })
            .await
        })
    }

    fn set<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
        secret: &'a Secret,
    ) -> StoreFuture<'a, ()> {
        // The copy moves to the keyring thread and is wiped when it drops.
        let secret = secret.clone();
        Box::pin(async move {
            self.call(account, name, move |entry| {
                entry.set_password(secret.expose())
            })
            .await
        })
    }

    fn delete<'a>(&'a self, account: &'a AccountId, name: SecretName) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.call(account, name, |entry| match entry.delete_credential() {
                Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
                Err(error) => Err(error),
            })
            .await
        })
    }
}

/// Locks the D-Bus session's default keyring collection (through `gdbus`), as logging out of
/// the keyring does. For tests against a throwaway gnome-keyring session
/// (`scripts/keyring-test.sh`), never the merchant's own keyring.
#[cfg(feature = "test-doubles")]
pub fn lock_session_keyring() -> std::io::Result<()> {
    let status = std::process::Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.secrets",
            "--object-path",
            "/org/freedesktop/secrets",
            "--method",
            "org.freedesktop.Secret.Service.Lock",
            "['/org/freedesktop/secrets/aliases/default']",
        ])
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "gdbus could not lock the keyring ({status})"
        )))
    }
}

/// The keyring entry's user for one secret of one account.
fn entry_user(account: &AccountId, name: SecretName) -> String {
    format!("{}/{}", account.as_str(), name.as_str())
}

/// The error for a call that got no answer in time: most often an unlock prompt nobody has
/// answered yet, sometimes a keyring daemon that is stuck.
pub(crate) fn timed_out(timeout: Duration) -> AppError {
    AppError::new(
        ErrorCode::KeyringLocked,
        format!(
            "Your keyring did not answer within {} s. It may be locked and waiting for its \
             password: unlock your keyring (or restart it) and try again.",
            timeout.as_secs().max(1)
        ),
    )
}

/// Maps a keyring failure to the error the UI shows. The keyring's own text goes only to the
/// log, and only for the variants that cannot hold a secret (`BadEncoding` carries the stored
/// bytes, `Ambiguous` the matching entries: neither is ever formatted).
fn keyring_error(account: &AccountId, name: SecretName, error: KeyringError) -> AppError {
    let secret = name.as_str();
    match error {
        KeyringError::NoStorageAccess(detail) => {
            tracing::warn!(account = %account, secret, %detail, "keyring refused access");
            AppError::new(
                ErrorCode::KeyringLocked,
                "Your keyring is locked or refused access to Paydesk. Unlock your keyring \
                 (log in again or open your password manager), then try again.",
            )
        }
        KeyringError::PlatformFailure(detail) => {
            tracing::warn!(account = %account, secret, %detail, "keyring unavailable");
            AppError::new(
                ErrorCode::KeyringUnavailable,
                "No keyring answered. Start your keyring (GNOME Keyring, KWallet or another \
                 Secret Service provider) and try again.",
            )
        }
        KeyringError::NoEntry => {
            tracing::error!(account = %account, secret, "keyring entry vanished");
            AppError::internal("A keyring entry vanished while Paydesk was using it.")
        }
        KeyringError::BadEncoding(_) => {
            tracing::error!(account = %account, secret, "keyring value is not UTF-8");
            AppError::internal(format!(
                "The keyring holds a value for account {account} ({secret}) that is not text. \
                 Enter the credentials again."
            ))
        }
        KeyringError::Ambiguous(_) => {
            tracing::error!(account = %account, secret, "several keyring entries match");
            AppError::internal(format!(
                "The keyring holds several entries for account {account} ({secret}). Remove \
                 the duplicates with your password manager and try again."
            ))
        }
        other => {
            let kind = match other {
                KeyringError::TooLong(..) => "too_long",
                KeyringError::Invalid(..) => "invalid",
                _ => "other",
            };
            tracing::error!(account = %account, secret, kind, "keyring rejected the entry");
            AppError::internal(format!(
                "The keyring rejected the entry for account {account} ({secret})."
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> AccountId {
        AccountId::new("hexai-main").expect("valid id")
    }

    #[test]
    fn entries_are_named_account_slash_secret() {
        assert_eq!(
            entry_user(&account(), SecretName::SecretKey),
            "hexai-main/secret_key"
        );
        assert_eq!(KeyringStore::new().service(), "io.paydesk.desktop");
    }

    #[test]
    fn keyring_failures_map_to_codes_without_their_payload() {
        let io = || Box::new(std::io::Error::other("dbus said no")) as _;
        let locked = keyring_error(
            &account(),
            SecretName::Token,
            KeyringError::NoStorageAccess(io()),
        );
        assert_eq!(locked.code, ErrorCode::KeyringLocked);
        assert!(locked.message.contains("Unlock your keyring"));
        let missing = keyring_error(
            &account(),
            SecretName::Token,
            KeyringError::PlatformFailure(io()),
        );
        assert_eq!(missing.code, ErrorCode::KeyringUnavailable);
        assert!(missing.message.contains("Start your keyring"));
        let bytes = keyring_error(
            &account(),
            SecretName::Token,
            KeyringError::BadEncoding(b"sk_live_leaked\xff".to_vec()),
        );
        assert_eq!(bytes.code, ErrorCode::Internal);
        assert!(!bytes.message.contains("leaked"));
        assert!(!format!("{bytes:?}").contains("leaked"));
    }

    /// A writer the log lines of one test go to.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log buffer").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn log_lines_carry_no_stored_value() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::TRACE)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            keyring_error(
                &account(),
                SecretName::SecretKey,
                KeyringError::BadEncoding(b"sk_live_leaked\xff".to_vec()),
            );
            keyring_error(
                &account(),
                SecretName::SecretKey,
                KeyringError::Invalid("attr".to_owned(), "sk_live_leaked".to_owned()),
            );
        });
        let logs = String::from_utf8_lossy(&captured.0.lock().expect("log buffer")).into_owned();
        assert!(logs.contains("keyring value is not UTF-8"), "{logs}");
        assert!(logs.contains("secret_key"), "{logs}");
        assert!(!logs.contains("leaked"), "{logs}");
    }

    #[tokio::test]
    async fn a_call_that_never_answers_times_out_instead_of_hanging() {
        let slow = off_thread(Duration::from_millis(50), || {
            thread::sleep(Duration::from_secs(3));
        })
        .await;
        assert!(matches!(slow, Err(OffThread::TimedOut)), "{slow:?}");
        let fast = off_thread(Duration::from_secs(5), || 7).await;
        assert!(matches!(fast, Ok(7)));
        let died = off_thread(Duration::from_secs(5), || -> u8 { panic!("boom") }).await;
        assert!(matches!(died, Err(OffThread::Died)), "{died:?}");
    }

    #[test]
    fn timeouts_say_what_to_do() {
        let error = timed_out(Duration::from_millis(200));
        assert_eq!(error.code, ErrorCode::KeyringLocked);
        assert!(error.message.contains("within 1 s"));
        assert!(error.message.contains("unlock your keyring"));
    }
}

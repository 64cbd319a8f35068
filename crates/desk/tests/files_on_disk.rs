//! What Paydesk leaves on disk is private to the merchant: the data folder `0700`, both modes'
//! databases, their write-ahead files and the log files `0600`; a folder or file left looser (by
//! an older version, or by hand) is tightened at the next start.

#![cfg(unix)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use paydesk_desk::{DATABASE_FILE, Host, NeverConfirm, SANDBOX_DATABASE_FILE};
use paydesk_domain::Mode;
use paydesk_engine::InMemoryStore;

/// The permission bits, in octal as `ls` and `chmod` say them.
fn mode(path: &Path) -> String {
    let mode = std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode();
    format!("{:o}", mode & 0o777)
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_folder_database_and_logs_are_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Where a desktop session's umask would otherwise make everything readable by others.
    chmod(dir.path(), 0o755);
    let data = dir.path().join("share").join("io.paydesk.desktop");
    let logs = data.join("logs");
    let databases = [DATABASE_FILE, SANDBOX_DATABASE_FILE].map(|file| data.join(file));
    let with_wal = |db: &Path| {
        let name = db.display();
        [format!("{name}-wal"), format!("{name}-shm")].map(std::path::PathBuf::from)
    };

    // First launch on a fresh folder, the way the shell does it.
    paydesk_desk::files::create_private_dir(&data).expect("data folder");
    let log_guard = paydesk_desk::logging::init(&logs).expect("logging");
    let secrets = Arc::new(InMemoryStore::new());
    // SANDBOX (offline) opens both files: the live one holds the settings.
    let start = || {
        Host::open(support::host_config(
            &data,
            None,
            secrets.clone(),
            Arc::new(NeverConfirm),
            Some(Mode::Sandbox),
        ))
    };
    let host = start().await.expect("the host opens");
    host.desk().await.expect("the sandbox desk").ready().await;
    tracing::info!("a line for the log file");
    assert_eq!(mode(&data), "700", "the data folder");
    assert_eq!(
        mode(data.parent().expect("parent")),
        "700",
        "a folder made for it"
    );
    for database in &databases {
        assert_eq!(mode(database), "600", "{}", database.display());
        // SQLite made these itself, with the database file's mode.
        for file in with_wal(database) {
            assert!(
                file.exists(),
                "{} (the database is in WAL mode)",
                file.display()
            );
            assert_eq!(mode(&file), "600", "{}", file.display());
        }
    }
    host.shutdown().await;
    drop(log_guard);
    assert_eq!(mode(&logs), "700", "the log folder");
    let log_files: Vec<_> = std::fs::read_dir(&logs)
        .expect("logs")
        .map(|e| e.expect("entry").path())
        .collect();
    assert!(!log_files.is_empty(), "a log file was written");
    for file in &log_files {
        assert_eq!(mode(file), "600", "{}", file.display());
        assert!(
            std::fs::read_to_string(file)
                .expect("log")
                .contains("a line for the log file"),
            "{} holds the log",
            file.display()
        );
    }

    // Someone loosened them: the next start tightens them again.
    chmod(&data, 0o755);
    for database in &databases {
        chmod(database, 0o644);
    }
    let host = start().await.expect("the host opens again");
    host.desk().await.expect("the sandbox desk").ready().await;
    assert_eq!(mode(&data), "700", "the data folder is tightened");
    for database in &databases {
        assert_eq!(mode(database), "600", "{} is tightened", database.display());
        assert_eq!(mode(&with_wal(database)[0]), "600");
    }
    host.shutdown().await;
}

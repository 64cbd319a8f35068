//! Files on disk private to the merchant: the data folder is created `0700`, the database and
//! log files `0600`, and a folder or file left looser by an older version is tightened when
//! Paydesk opens it. On other platforms than Unix the files are made the ordinary way.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The mode of Paydesk's folders: only the owner may list or enter them.
#[cfg(unix)]
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// The mode of Paydesk's files: only the owner may read or write them.
#[cfg(unix)]
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// The files SQLite keeps beside a database (write-ahead log, its index, a rollback journal).
const DATABASE_COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Creates `path` (and any missing parent) as a private folder, or tightens it if it exists.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR_MODE);
    builder.create(path)?;
    #[cfg(unix)]
    tighten(path, PRIVATE_DIR_MODE)?;
    Ok(())
}

/// Opens `path` for appending, creating it private if missing and tightening it if it exists.
pub fn open_private_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
    let file = options.open(path)?;
    #[cfg(unix)]
    tighten(path, PRIVATE_FILE_MODE)?;
    Ok(file)
}

/// Makes sure `path` exists as a private file (an empty one if it was missing) without
/// changing what it holds.
pub fn ensure_private_file(path: &Path) -> io::Result<()> {
    open_private_append(path).map(drop)
}

/// Prepares a SQLite database file before it is opened: the file itself is made private (SQLite
/// then creates its `-wal` and `-shm` files with the same mode), and companion files an older
/// run left looser are tightened.
pub fn ensure_private_database(path: &Path) -> io::Result<()> {
    ensure_private_file(path)?;
    for suffix in DATABASE_COMPANIONS {
        let companion = companion(path, suffix);
        if companion.exists() {
            ensure_private_file(&companion)?;
        }
    }
    Ok(())
}

/// `paydesk.sqlite3` + `-wal` = `paydesk.sqlite3-wal`.
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Sets `path`'s permission bits to `mode` unless they already are.
#[cfg(unix)]
fn tighten(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if current != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// A file's or folder's permission bits (for the unit tests).
#[cfg(all(test, unix))]
pub(crate) fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Sets a file's or folder's permission bits (for the unit tests: a looser file left from
/// before).
#[cfg(all(test, unix))]
pub(crate) fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_and_its_missing_parents_are_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("share").join("paydesk");
        create_private_dir(&data).expect("created");
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&dir.path().join("share")), 0o700);
        create_private_dir(&data).expect("an existing folder is fine");
    }

    #[test]
    fn a_looser_folder_or_file_is_tightened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("dir");
        chmod(&data, 0o755);
        let file = data.join("paydesk.log");
        std::fs::write(&file, "kept\n").expect("file");
        chmod(&file, 0o644);

        create_private_dir(&data).expect("tightened");
        ensure_private_file(&file).expect("tightened");
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "kept\n");
    }

    #[test]
    fn a_new_file_is_private_and_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("new.sqlite3");
        ensure_private_file(&file).expect("created");
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::metadata(&file).expect("metadata").len(), 0);
    }

    #[test]
    fn a_database_s_left_over_companions_are_tightened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("paydesk.sqlite3");
        let wal = dir.path().join("paydesk.sqlite3-wal");
        std::fs::write(&wal, b"").expect("wal");
        chmod(&wal, 0o664);
        ensure_private_database(&db).expect("prepared");
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&wal), 0o600);
        assert!(
            !dir.path().join("paydesk.sqlite3-shm").exists(),
            "no companion is made up"
        );
    }
}

//! The log file writer: one file a day (`paydesk.YYYY-MM-DD.log`, UTC dates like the log
//! lines), a new numbered file (`paydesk.YYYY-MM-DD.1.log`, `.2.log`, ...) when the day's
//! file would pass its size cap, and the oldest files deleted so that only the last days and
//! at most a total size are kept. Every file is private (`0600`, see [`crate::files`]).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};

use crate::files;

/// How much log Paydesk keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One file's size cap: a line that would pass it goes to a new file.
    pub file_bytes: u64,
    /// All the log files together stay under this: the oldest files are deleted to keep room
    /// for the current one to reach its cap.
    pub total_bytes: u64,
    /// Files of this many days (today included) are kept at most.
    pub days: u32,
}

impl Default for Limits {
    /// 10 MiB a file, 50 MiB in all, a week.
    fn default() -> Limits {
        Limits {
            file_bytes: 10 * 1024 * 1024,
            total_bytes: 50 * 1024 * 1024,
            days: 7,
        }
    }
}

/// One log file's place in the sequence: its day, then its number within the day (0 for the
/// day's first file, which has no number in its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Part {
    date: NaiveDate,
    number: u32,
}

impl Part {
    fn file_name(self, prefix: &str) -> String {
        let date = self.date.format("%Y-%m-%d");
        match self.number {
            0 => format!("{prefix}.{date}.log"),
            n => format!("{prefix}.{date}.{n}.log"),
        }
    }

    /// The part a file name stands for, if it is one of this writer's files.
    fn parse(prefix: &str, file_name: &str) -> Option<Part> {
        let middle = file_name
            .strip_prefix(prefix)?
            .strip_prefix('.')?
            .strip_suffix(".log")?;
        let (date, number) = match middle.split_once('.') {
            Some((date, number)) => (date, number.parse().ok().filter(|n| *n > 0)?),
            None => (middle, 0),
        };
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        Some(Part { date, number })
    }
}

/// The file being written.
struct Current {
    part: Part,
    file: File,
    size: u64,
}

/// Writes log lines to the day's file in a folder, rolling by day and by size (see the module
/// docs). Each `write` is expected to be whole lines, as the log formatter hands them over.
pub struct RollingFile {
    dir: PathBuf,
    prefix: String,
    limits: Limits,
    current: Option<Current>,
}

impl RollingFile {
    /// Writes `<dir>/<prefix>.YYYY-MM-DD[.N].log`, creating the folder private; existing log
    /// files are made private and the ones past the limits deleted.
    pub fn open(dir: &Path, prefix: &str, limits: Limits) -> io::Result<RollingFile> {
        files::create_private_dir(dir)?;
        let mut writer = RollingFile {
            dir: dir.to_path_buf(),
            prefix: prefix.to_owned(),
            limits,
            current: None,
        };
        for (path, _, _) in writer.log_files()? {
            files::ensure_private_file(&path)?;
        }
        writer.roll(today(), 0)?;
        Ok(writer)
    }

    /// Writes `bytes` into the file for `today`, first moving to a new file when the day has
    /// changed or the current file would pass its cap.
    fn write_on(&mut self, today: NaiveDate, bytes: &[u8]) -> io::Result<()> {
        let incoming = bytes.len() as u64;
        let must_roll = match &self.current {
            None => true,
            Some(current) => {
                current.part.date != today
                    || (current.size > 0
                        && current.size.saturating_add(incoming) > self.limits.file_bytes)
            }
        };
        if must_roll {
            self.roll(today, incoming)?;
        }
        let current = self
            .current
            .as_mut()
            .ok_or_else(|| io::Error::other("no log file is open"))?;
        current.file.write_all(bytes)?;
        current.size += incoming;
        Ok(())
    }

    /// Opens the file to write next for `today` (the day's last file if `incoming` more bytes
    /// still fit in it, else a new one) and deletes what the limits no longer keep.
    fn roll(&mut self, today: NaiveDate, incoming: u64) -> io::Result<()> {
        let existing = self.log_files()?;
        let last_today = existing
            .iter()
            .filter(|(_, part, _)| part.date == today)
            .max_by_key(|(_, part, _)| *part);
        let part = match last_today {
            Some((_, part, size))
                if *size == 0 || size.saturating_add(incoming) <= self.limits.file_bytes =>
            {
                *part
            }
            Some((_, part, _)) => Part {
                date: today,
                number: part.number + 1,
            },
            None => Part {
                date: today,
                number: 0,
            },
        };
        let path = self.dir.join(part.file_name(&self.prefix));
        let file = files::open_private_append(&path)?;
        let size = file.metadata()?.len();
        self.current = Some(Current { part, file, size });
        self.prune(today, part)
    }

    /// Deletes the files older than the kept days, then the oldest others until the current
    /// file can reach its cap within the total.
    fn prune(&self, today: NaiveDate, current: Part) -> io::Result<()> {
        let oldest_kept = today - chrono::Days::new(u64::from(self.limits.days.max(1) - 1));
        let mut others: Vec<_> = self
            .log_files()?
            .into_iter()
            .filter(|(_, part, _)| *part != current)
            .collect();
        others.sort_by_key(|(_, part, _)| *part);
        let room = self
            .limits
            .total_bytes
            .saturating_sub(self.limits.file_bytes);
        let mut total: u64 = others.iter().map(|(_, _, size)| size).sum();
        for (path, part, size) in others {
            if part.date >= oldest_kept && total <= room {
                break;
            }
            std::fs::remove_file(&path)?;
            total -= size;
        }
        Ok(())
    }

    /// This writer's files in its folder: path, place and size.
    fn log_files(&self) -> io::Result<Vec<(PathBuf, Part, u64)>> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(part) = entry
                .file_name()
                .to_str()
                .and_then(|name| Part::parse(&self.prefix, name))
            else {
                continue;
            };
            let metadata = entry.metadata()?;
            if metadata.is_file() {
                found.push((entry.path(), part, metadata.len()));
            }
        }
        Ok(found)
    }
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

impl Write for RollingFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_on(today(), bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.current {
            Some(current) => current.file.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &[u8] = b"2026-12-02T10:00:00Z  INFO paydesk: a log line of some length\n";

    fn limits() -> Limits {
        Limits {
            file_bytes: 1000,
            total_bytes: 5000,
            days: 7,
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    /// Every file in the folder: name and size, sorted by name.
    fn listing(dir: &Path) -> Vec<(String, u64)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| {
                let e = e.expect("entry");
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().expect("metadata").len(),
                )
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn names_are_the_day_then_the_number() {
        let part = Part {
            date: day("2026-12-02"),
            number: 0,
        };
        assert_eq!(part.file_name("paydesk"), "paydesk.2026-12-02.log");
        let third = Part { number: 2, ..part };
        assert_eq!(third.file_name("paydesk"), "paydesk.2026-12-02.2.log");
        assert_eq!(Part::parse("paydesk", "paydesk.2026-12-02.log"), Some(part));
        assert_eq!(
            Part::parse("paydesk", "paydesk.2026-12-02.2.log"),
            Some(third)
        );
        for other in [
            "paydesk.sqlite3",
            "paydesk.2026-12-02.0.log",
            "paydesk.2026-13-02.log",
            "paydesk.2026-12-02.x.log",
            "other.2026-12-02.log",
        ] {
            assert_eq!(Part::parse("paydesk", other), None, "{other}");
        }
        let next_day = Part {
            date: day("2026-12-03"),
            number: 0,
        };
        assert!(
            part < third && third < next_day,
            "sorted by day, then number"
        );
    }

    #[test]
    fn writing_past_the_cap_rolls_to_numbered_files_and_keeps_the_total_bounded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let limits = limits();
        let mut writer = RollingFile::open(dir.path(), "paydesk", limits).expect("open");
        let today = day("2026-12-02");
        let mut written = 0u64;
        while written < 20 * limits.total_bytes {
            writer.write_on(today, LINE).expect("write");
            written += LINE.len() as u64;
        }
        writer.flush().expect("flush");
        // Files of a day the test did not write (the real today at open) do not count.
        let files: Vec<_> = listing(dir.path())
            .into_iter()
            .filter(|(name, _)| name.starts_with("paydesk.2026-12-02"))
            .collect();
        assert!(files.len() >= 3, "several files: {files:?}");
        for (name, size) in &files {
            assert!(*size <= limits.file_bytes, "{name} is {size} bytes");
        }
        let total: u64 = files.iter().map(|(_, size)| size).sum();
        assert!(
            total <= limits.total_bytes,
            "{total} bytes kept in {files:?}"
        );
        assert!(
            total >= limits.total_bytes - 2 * limits.file_bytes,
            "no more is deleted than the cap needs: {files:?}"
        );
        // The newest lines are in the file with the highest number.
        let highest = files
            .iter()
            .filter_map(|(name, _)| Part::parse("paydesk", name))
            .max()
            .expect("a file");
        assert_eq!(writer.current.as_ref().map(|c| c.part), Some(highest));
    }

    #[cfg(unix)]
    #[test]
    fn every_log_file_and_the_folder_are_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let logs = dir.path().join("logs");
        std::fs::create_dir(&logs).expect("dir");
        files::chmod(&logs, 0o755);
        let old = logs.join(format!(
            "paydesk.{}.log",
            (today() - chrono::Days::new(1)).format("%Y-%m-%d")
        ));
        std::fs::write(&old, LINE).expect("an older version's log");
        files::chmod(&old, 0o644);

        let mode = files::mode;
        let mut writer = RollingFile::open(&logs, "paydesk", limits()).expect("open");
        assert_eq!(mode(&logs), 0o700, "the folder is tightened");
        assert_eq!(mode(&old), 0o600, "an older file is tightened");
        for _ in 0..100 {
            writer.write_all(LINE).expect("write");
        }
        let names = listing(&logs);
        assert!(names.len() >= 3, "{names:?}");
        for (name, _) in names {
            assert_eq!(mode(&logs.join(&name)), 0o600, "{name}");
        }
    }

    #[test]
    fn a_new_day_starts_a_new_file_and_old_days_are_deleted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut writer = RollingFile::open(
            dir.path(),
            "paydesk",
            Limits {
                total_bytes: 1_000_000,
                ..limits()
            },
        )
        .expect("open");
        let first = day("2026-11-01");
        for offset in 0..10 {
            let date = first + chrono::Days::new(offset);
            writer.write_on(date, LINE).expect("write");
        }
        let names: Vec<_> = listing(dir.path())
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| name.starts_with("paydesk.2026-11"))
            .collect();
        let kept: Vec<_> = (4..=10)
            .map(|d| format!("paydesk.2026-11-{d:02}.log"))
            .collect();
        assert_eq!(names, kept, "the last seven days");
    }

    #[test]
    fn a_restart_appends_to_the_day_s_last_file_while_it_has_room() {
        let dir = tempfile::tempdir().expect("temp dir");
        let today = today();
        let mut writer = RollingFile::open(dir.path(), "paydesk", limits()).expect("open");
        writer.write_on(today, LINE).expect("write");
        drop(writer);
        let mut writer = RollingFile::open(dir.path(), "paydesk", limits()).expect("reopen");
        writer.write_on(today, LINE).expect("write");
        let files = listing(dir.path());
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].1, 2 * LINE.len() as u64);
    }
}

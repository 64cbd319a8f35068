//! Command-line options of the desktop app.

use std::path::PathBuf;
use std::time::Duration;

/// How the app was asked to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Where to keep the database and logs instead of the platform's app-data dir
    /// (`--data-dir PATH` or `PAYDESK_DATA_DIR`). Tests use a fresh one each run.
    pub data_dir: Option<PathBuf>,
    /// `--smoke-test[=SECONDS]`: exit 0 as soon as the UI reports it is up with the app frame,
    /// exit 1 if it has not within the time given (default 60 s).
    pub smoke_test: Option<Duration>,
    /// `--export-bindings PATH`: write the UI's typed bindings and exit, without a window.
    pub export_bindings: Option<PathBuf>,
    /// `--offline`: do not start the embedded simulators, so SANDBOX shows what its cache holds
    /// as a merchant sees it when the providers cannot be reached. LIVE is not affected: its
    /// accounts talk to their real providers.
    pub offline: bool,
    /// `--sandbox`: open in SANDBOX (the embedded simulators), whatever the settings say and
    /// even before a live account exists. A plain launch opens LIVE once a live account
    /// exists, and the welcome screen before.
    pub sandbox: bool,
    /// `--seed N`: the sandbox data's seed (default 7).
    pub seed: u64,
    /// `--sandbox-history N`: history records per simulated provider (default: a few hundred).
    pub sandbox_history: Option<usize>,
    /// `--sync-every SECONDS`: sync in the background at this interval for this run, in place
    /// of the Settings' interval (which stays as saved). A long session's test shortens it.
    pub sync_every: Option<Duration>,
}

/// Reads the options from the process arguments (program name excluded) and environment.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env_data_dir: Option<String>,
) -> Result<Options, String> {
    let mut options = Options {
        data_dir: env_data_dir.filter(|d| !d.is_empty()).map(PathBuf::from),
        seed: DEFAULT_SEED,
        ..Options::default()
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data-dir" => {
                let dir = args.next().ok_or("--data-dir needs a path")?;
                options.data_dir = Some(PathBuf::from(dir));
            }
            "--export-bindings" => {
                let path = args.next().ok_or("--export-bindings needs a path")?;
                options.export_bindings = Some(PathBuf::from(path));
            }
            "--smoke-test" => options.smoke_test = Some(Duration::from_secs(60)),
            "--offline" => options.offline = true,
            "--seed" => {
                let seed = args.next().ok_or("--seed needs a number")?;
                options.seed = seed
                    .parse()
                    .map_err(|_| format!("--seed takes a whole number, not '{seed}'"))?;
            }
            "--sandbox-history" => {
                let size = args.next().ok_or("--sandbox-history needs a number")?;
                options.sandbox_history = Some(size.parse().map_err(|_| {
                    format!("--sandbox-history takes a whole number, not '{size}'")
                })?);
            }
            "--sync-every" => {
                let seconds = args
                    .next()
                    .ok_or("--sync-every needs a number of seconds")?;
                options.sync_every = Some(sync_every(&seconds)?);
            }
            "--sandbox" => options.sandbox = true,
            other => {
                if let Some(seconds) = other.strip_prefix("--smoke-test=") {
                    let seconds: u64 = seconds.parse().map_err(|_| {
                        format!("--smoke-test takes whole seconds, not '{seconds}'")
                    })?;
                    options.smoke_test = Some(Duration::from_secs(seconds));
                } else {
                    return Err(format!("unknown option '{other}'\n{USAGE}"));
                }
            }
        }
    }
    Ok(options)
}

/// The shortest and longest `--sync-every`, in seconds: one sync at a time must have room to
/// end, and the Settings allow at most a day.
pub const SYNC_EVERY_SECONDS: std::ops::RangeInclusive<u64> = 5..=86_400;

fn sync_every(seconds: &str) -> Result<Duration, String> {
    match seconds.parse::<u64>() {
        Ok(n) if SYNC_EVERY_SECONDS.contains(&n) => Ok(Duration::from_secs(n)),
        _ => Err(format!(
            "--sync-every takes whole seconds from {} to {} (a day), not '{seconds}'",
            SYNC_EVERY_SECONDS.start(),
            SYNC_EVERY_SECONDS.end()
        )),
    }
}

/// The sandbox data's seed when none is given.
pub const DEFAULT_SEED: u64 = 7;

/// What `--help` would print.
pub const USAGE: &str = "usage: paydesk [--sandbox] [--offline] [--seed N] [--sandbox-history N] [--sync-every SECONDS] [--data-dir PATH] [--smoke-test[=SECONDS]] [--export-bindings PATH]";

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_options() {
        let defaults = parse(args(&[]), None).expect("valid");
        assert_eq!(defaults.seed, DEFAULT_SEED);
        assert!(!defaults.offline);
        assert!(!defaults.sandbox);
        assert!(parse(args(&["--sandbox"]), None).expect("valid").sandbox);
        let o = parse(
            args(&["--offline", "--seed", "42", "--sandbox-history", "1000"]),
            None,
        )
        .expect("valid");
        assert!(o.offline);
        assert_eq!((o.seed, o.sandbox_history), (42, Some(1000)));
        assert!(parse(args(&["--seed", "x"]), None).is_err());
        let o = parse(
            args(&["--smoke-test=5", "--data-dir", "/tmp/x"]),
            Some("/ignored".into()),
        )
        .expect("valid");
        assert_eq!(o.smoke_test, Some(Duration::from_secs(5)));
        assert_eq!(o.data_dir, Some(PathBuf::from("/tmp/x")));
        let o = parse(args(&["--smoke-test"]), Some("/env".into())).expect("valid");
        assert_eq!(o.smoke_test, Some(Duration::from_secs(60)));
        assert_eq!(o.data_dir, Some(PathBuf::from("/env")));
        assert!(parse(args(&["--smoke-test=soon"]), None).is_err());
        assert!(parse(args(&["--data-dir"]), None).is_err());
        assert!(parse(args(&["--frobnicate"]), None).is_err());
    }

    #[test]
    fn sync_every_is_whole_seconds_in_range() {
        assert_eq!(parse(args(&[]), None).expect("valid").sync_every, None);
        let o = parse(args(&["--sync-every", "20"]), None).expect("valid");
        assert_eq!(o.sync_every, Some(Duration::from_secs(20)));
        let o = parse(args(&["--sync-every", "86400"]), None).expect("valid");
        assert_eq!(o.sync_every, Some(Duration::from_secs(86_400)));
        for bad in ["4", "0", "86401", "-5", "1.5", "soon", ""] {
            let e = parse(args(&["--sync-every", bad]), None).expect_err(bad);
            assert!(
                e.contains("--sync-every takes whole seconds from 5 to 86400"),
                "{bad}: {e}"
            );
        }
        assert_eq!(
            parse(args(&["--sync-every"]), None).expect_err("missing"),
            "--sync-every needs a number of seconds"
        );
        assert!(USAGE.contains("--sync-every SECONDS"));
    }
}

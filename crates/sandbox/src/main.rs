//! `paydesk-sandbox`: serves the five provider simulators on loopback with seeded history and
//! prints their base URLs, credentials and a `curl` command for each, until Ctrl-C.
//!
//! Usage: `paydesk-sandbox [--seed N] [--size N] [--port N] [--hexai-live]`
//!   --seed  the data seed (default 1)
//!   --size  history records per provider (default: a few hundred each)
//!   --port  first of five consecutive ports (default: free ports)
//!   --hexai-live  Hexai accepts an `sk_live_` key (a live account against a local provider,
//!                 for trying Paydesk's live mode) instead of its test key

use paydesk_sandbox::all::{Sandbox, SandboxConfig};

fn parse_args() -> Result<SandboxConfig, String> {
    let mut config = SandboxConfig::demo(1);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a number"));
        match arg.as_str() {
            "--seed" => {
                config.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed takes a whole number".to_owned())?;
            }
            "--size" => {
                config.history_size = Some(
                    value("--size")?
                        .parse()
                        .map_err(|_| "--size takes a whole number".to_owned())?,
                );
            }
            "--port" => {
                config.base_port = Some(
                    value("--port")?
                        .parse()
                        .map_err(|_| "--port takes a port number".to_owned())?,
                );
            }
            "--hexai-live" => config.hexai_live = true,
            "-h" | "--help" => {
                return Err(
                    "usage: paydesk-sandbox [--seed N] [--size N] [--port N] [--hexai-live]"
                        .to_owned(),
                );
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() {
    let config = match parse_args() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("paydesk-sandbox: could not start: {e}");
            std::process::exit(1);
        }
    };
    for endpoint in sandbox.endpoints() {
        println!(
            "{}  {}",
            endpoint.provider.display_name(),
            endpoint.api_base_url
        );
        for (name, value) in &endpoint.credentials {
            println!("    {name}: {value}");
        }
        println!("    try: {}", endpoint.curl_example);
    }
    println!("Serving until Ctrl-C.");
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("paydesk-sandbox: cannot wait for Ctrl-C; stopping");
    }
    sandbox.stop();
}

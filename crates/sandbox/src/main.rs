//! `paydesk-sandbox`: serves the five provider simulators on loopback and prints their base
//! URLs. (The simulators are being built; this binary lists them as they arrive.)

fn main() {
    eprintln!("paydesk-sandbox: no simulator is built yet");
    std::process::exit(1);
}

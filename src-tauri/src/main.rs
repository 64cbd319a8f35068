// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let options = match paydesk_app::cli::parse(
        std::env::args().skip(1),
        std::env::var("PAYDESK_DATA_DIR").ok(),
    ) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    std::process::exit(paydesk_app::run(options));
}

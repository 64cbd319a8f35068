//! Tauri's build step for the floor app (its config and the static page in `dist/`).

fn main() {
    tauri_build::build();
}

//! The migrations are embedded at compile time (`sqlx::migrate!`): a new
//! migration file must rebuild the binary that carries them.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}

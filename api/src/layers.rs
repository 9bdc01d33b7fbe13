//! The floors of the crate, held as a test: a module may use the modules
//! on floors below its own, never one on its floor or above. This is what
//! keeps `http → services → store → domain` one way, and what lets a
//! newcomer read a floor without the ones above it. docs/ARCHITECTURE.md
//! draws the same floors.

/// Each top-level module of `api/src` and its floor; macros exported at
/// the crate's root count as the module that defines them.
const FLOORS: &[(&str, u8)] = &[
    ("startup", 10),
    ("http", 9),
    ("tagged_views", 9),
    ("jobs", 8),
    ("services", 7),
    ("state", 6),
    ("challenge", 5),
    ("edge", 5),
    ("error", 4),
    ("platform", 3),
    ("email", 3),
    ("search", 3),
    ("telemetry", 2),
    ("auth", 2),
    ("store", 2),
    ("on_conn", 2),
    ("on_tx", 2),
    ("on_handle", 2),
    ("tls", 1),
    ("config", 1),
    ("problem_code", 1),
    ("clock", 1),
    ("webhooks", 1),
    ("domain", 1),
];

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

/// The module a macro stands for, or the module itself.
fn home(name: &str) -> &str {
    match name {
        "on_conn" | "on_tx" | "on_handle" => "store",
        "tagged_views" => "http",
        other => other,
    }
}

/// Every `crate::name` a source text reaches, grouped imports
/// (`crate::{a, b}`) included.
fn reached(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

/// The top-level module a file of `src` belongs to.
fn module_of(relative: &std::path::Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_one_on_its_floor_or_above() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut upward = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let module = module_of(relative);
        // The crate's root and the command sit above every floor.
        if matches!(module.as_str(), "lib" | "main" | "layers") {
            continue;
        }
        let own = floor(&module)
            .unwrap_or_else(|| panic!("{module} has no floor: give it one in FLOORS"));
        let text = std::fs::read_to_string(file).expect("readable source");
        for name in reached(&text) {
            let target = home(&name);
            if target == module {
                continue;
            }
            let theirs = floor(target)
                .unwrap_or_else(|| panic!("{target} has no floor: give it one in FLOORS"));
            if theirs >= own {
                upward.push(format!(
                    "{} (floor {own}) uses crate::{name} (floor {theirs})",
                    relative.display()
                ));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports that run up or across a floor:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_plain_paths() {
    assert_eq!(
        reached("use crate::{on_handle, on_tx};\nlet x = crate::store::get();"),
        ["on_handle", "on_tx", "store"]
    );
}

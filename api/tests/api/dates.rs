//! The date guard: no calendar date written in test code, load scripts or
//! fixtures. A date written today is a test that fails on a day nobody
//! chose (CI went red on 1 December 2026 that way); tests compute their
//! days from the app's clock (`days_from_today`, `app.today()`) and move
//! it (`app.travel`) instead.
//!
//! What may stay sits in `.ci/dates-allowed`, one `path | literal | reason`
//! a line (`*` for every date of the file): fixed inputs of a pure
//! function's unit test that takes the date as an argument, vendors' API
//! descriptions, and the like. An entry that no longer matches anything is
//! reported too, so the list cannot rot.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where test code, load scripts and fixtures live, from the repository's
/// root; in `api/src`, only what follows `#[cfg(test)]` is test code.
const SCANNED: &[&str] = &[
    "api/tests",
    "api/src",
    "api/benches",
    "k6",
    "frontend-contract/test",
    "scripts",
    ".ci",
];

const EXTENSIONS: &[&str] = &["rs", "js", "ts", "sh", "py", "json", "yml", "yaml", "csv"];

const ALLOW_LIST: &str = ".ci/dates-allowed";

/// A calendar date written out: year-month-day with dashes, the compact
/// iCalendar form with a time (year month day `T` hours minutes seconds),
/// or a date built from literal numbers (`from_ymd_opt(<year>, …)`).
fn date_pattern() -> regex_lite::Regex {
    regex_lite::Regex::new(
        r"(?x)
        \b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:\b|T)
        | \b(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])T\d{6}
        | (?:from_ymd_opt|from_ymd|with_ymd_and_hms)\(\s*\d{4}\s*,\s*\d{1,2}\s*,\s*\d{1,2}
        ",
    )
    .expect("the date pattern compiles")
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub path: String,
    pub line: usize,
    pub literal: String,
}

#[derive(Debug, Clone)]
pub struct Allowed {
    pub path: String,
    pub literal: String,
}

/// The allow-list's entries; each line must give its reason.
pub fn read_allow_list(text: &str) -> Result<Vec<Allowed>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, line)| {
            let parts: Vec<&str> = line.split(" | ").map(str::trim).collect();
            match parts.as_slice() {
                [path, literal, reason] if !reason.is_empty() => Ok(Allowed {
                    path: (*path).to_owned(),
                    literal: (*literal).to_owned(),
                }),
                _ => Err(format!(
                    "{ALLOW_LIST}:{}: expected `path | literal | reason`",
                    n + 1
                )),
            }
        })
        .collect()
}

fn files(root: &Path, dir: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if path.is_dir() {
            if !["node_modules", "target"].contains(&entry.file_name().to_str().unwrap_or("")) {
                files(root, &relative, out);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            out.push(PathBuf::from(relative));
        }
    }
}

/// Every calendar date written in the scanned places under `root`.
pub fn find_dates(root: &Path) -> Vec<Found> {
    let pattern = date_pattern();
    let mut paths = Vec::new();
    for dir in SCANNED {
        files(root, dir, &mut paths);
    }
    paths.sort();
    let mut found = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            continue;
        };
        let name = path.to_string_lossy().replace('\\', "/");
        // The service's own code may hold dates (a terms version's day, a
        // migration's); only its unit tests are test code.
        let first_line = if name.starts_with("api/src/") {
            match text.find("#[cfg(test)]") {
                Some(at) => text[..at].lines().count(),
                None => continue,
            }
        } else {
            0
        };
        for (n, line) in text.lines().enumerate().skip(first_line) {
            for m in pattern.find_iter(line) {
                found.push(Found {
                    path: name.clone(),
                    line: n + 1,
                    literal: m.as_str().to_owned(),
                });
            }
        }
    }
    found
}

/// What the guard reports: dates not on the allow-list, and entries of the
/// allow-list that match nothing.
pub fn judge(found: &[Found], allowed: &[Allowed]) -> Vec<String> {
    let mut complaints = Vec::new();
    let mut used = BTreeSet::new();
    for f in found {
        match allowed
            .iter()
            .position(|a| a.path == f.path && (a.literal == "*" || f.literal.contains(&a.literal)))
        {
            Some(i) => {
                used.insert(i);
            }
            None => complaints.push(format!(
                "{}:{}: the calendar date `{}` will expire; compute it from today \
                 (days_from_today, app.today(), app.travel) or allow it in {ALLOW_LIST} with a reason",
                f.path, f.line, f.literal
            )),
        }
    }
    for (i, a) in allowed.iter().enumerate() {
        if !used.contains(&i) {
            complaints.push(format!(
                "{ALLOW_LIST}: `{} | {}` matches nothing any more; remove it",
                a.path, a.literal
            ));
        }
    }
    complaints
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn no_calendar_date_in_tests_load_scripts_or_fixtures() {
    let root = repository();
    let allowed = read_allow_list(
        &std::fs::read_to_string(root.join(ALLOW_LIST)).expect("the allow-list exists"),
    )
    .unwrap();
    let complaints = judge(&find_dates(&root), &allowed);
    assert!(complaints.is_empty(), "\n{}\n", complaints.join("\n"));
}

/// The guard itself: a date planted in a test, a load script or a unit
/// test is caught; the service's own code and an allowed date are not;
/// an allow-list entry that matches nothing is reported.
#[test]
fn the_guard_catches_a_planted_date() {
    let root = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // Written so that this file holds no date of its own.
    let year = 2000 + 27;
    write(
        "api/tests/api/planted.rs",
        &format!("let start = json!(\"{year}-03-01\");\n"),
    );
    write(
        "k6/timestamp.js",
        &format!("const at = '{year}-03-01T09:00:00Z';\n"),
    );
    write(
        "k6/planted.js",
        &format!("const day = '{year}0301T090000';\n"),
    );
    write(
        "api/src/domain/planted.rs",
        &format!(
            "pub const TERMS: &str = \"{year}-01-15\";\n#[cfg(test)]\nmod tests {{\n    fn d() {{ NaiveDate::from_ymd_opt({year}, 3, 1); }}\n}}\n"
        ),
    );
    write(
        "api/tests/api/allowed.rs",
        &format!("let fixed = \"{year}-06-30\";\n"),
    );
    let found = find_dates(root.path());
    let mut where_: Vec<(&str, usize)> = found.iter().map(|f| (f.path.as_str(), f.line)).collect();
    where_.sort();
    assert_eq!(
        where_,
        [
            ("api/src/domain/planted.rs", 4),
            ("api/tests/api/allowed.rs", 1),
            ("api/tests/api/planted.rs", 1),
            ("k6/planted.js", 1),
            ("k6/timestamp.js", 1),
        ],
        "the service's own constant is not test code"
    );
    let allowed = read_allow_list(&format!(
        "# comment\napi/tests/api/allowed.rs | {year}-06-30 | a fixed input\nk6/gone.js | {year}-01-01 | stale\n"
    ))
    .unwrap();
    let complaints = judge(&found, &allowed);
    assert_eq!(complaints.len(), 5, "{complaints:#?}");
    assert!(complaints
        .iter()
        .any(|c| c.starts_with("api/tests/api/planted.rs:1:")));
    assert!(complaints.iter().any(|c| c.starts_with("k6/planted.js:1:")));
    assert!(complaints
        .iter()
        .any(|c| c.starts_with("api/src/domain/planted.rs:4:")));
    assert!(complaints
        .iter()
        .any(|c| c.contains("k6/gone.js") && c.contains("matches nothing")));
    // An entry without its reason is refused.
    assert!(read_allow_list(&format!("k6/a.js | {year}-01-01 |")).is_err());
}

//! `renfort.example.toml`, written from the defaults themselves: every
//! setting, its default, and the variable that sets it. A test keeps the
//! committed file equal to what this writes, and the README's table of
//! settings naming every one of them.

use serde_json::Value;

use super::{defaults, DEV_JWT_SECRET};

/// The settings whose value is a whole (a rate limit, a map given as one
/// value) rather than a group of settings.
fn is_whole(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.is_empty()
                || (map.len() == 2 && map.contains_key("limit") && map.contains_key("period_secs"))
        }
        _ => true,
    }
}

/// Every setting's dotted name (`database.url`,
/// `challenge.proof_of_work.difficulty`, `limits.signup_per_ip`), in the
/// order of the defaults.
pub fn setting_names() -> Vec<String> {
    fn walk(prefix: &str, value: &Value, names: &mut Vec<String>) {
        match value {
            Value::Object(map) if !is_whole(value) => {
                for (key, value) in map {
                    let name = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&name, value, names);
                }
            }
            _ => names.push(prefix.to_owned()),
        }
    }
    let mut names = Vec::new();
    walk("", &defaults(), &mut names);
    names
}

fn toml_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) if map.is_empty() => "{}".to_owned(),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{k} = {}", toml_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// The variable that sets `name` (`http.port` → `RENFORT_HTTP__PORT`).
pub fn variable(name: &str) -> String {
    format!("RENFORT_{}", name.replace('.', "__").to_ascii_uppercase())
}

/// The example configuration file.
pub fn example_toml() -> String {
    let mut out = String::from(
        "# Renfort's settings, each at its default: `renfort config example`
# writes this file from the defaults in the code (a test keeps the two
# equal). Copy what you change to `renfort.toml`, or name another file with
# RENFORT_CONFIG; each setting can also be given as a variable, named on
# its line (sections and keys upper-cased, joined by `__`). DATABASE_URL,
# REDIS_URL, PORT, BREVO_API_KEY and the ALGOLIA_* keys are read too.
# README.md says what each setting does.
",
    );
    let defaults = defaults();
    let Value::Object(sections) = &defaults else {
        unreachable!("the defaults are a table of sections")
    };
    fn table(out: &mut String, path: &str, map: &serde_json::Map<String, Value>) {
        out.push_str(&format!("\n[{path}]\n"));
        let mut nested = Vec::new();
        for (key, value) in map {
            let name = format!("{path}.{key}");
            if !is_whole(value) {
                nested.push((name, value));
                continue;
            }
            let line = match value {
                Value::Null => format!("# {key} = …  (unset)"),
                Value::String(s) if s == DEV_JWT_SECRET => {
                    format!("# {key} = \"…\"  (a development key; set 32 random bytes or more)")
                }
                value => format!("{key} = {}", toml_value(value)),
            };
            out.push_str(&format!("{line:<60} # {}\n", variable(&name)));
        }
        for (name, value) in nested {
            if let Value::Object(map) = value {
                table(out, &name, map);
            }
        }
    }
    for (section, value) in sections {
        if let Value::Object(map) = value {
            table(&mut out, section, map);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_reach_nested_settings_and_keep_rate_limits_whole() {
        let names = setting_names();
        assert!(names.contains(&"challenge.proof_of_work.difficulty".to_owned()));
        assert!(names.contains(&"limits.signup_per_ip".to_owned()));
        assert!(!names.iter().any(|n| n.ends_with(".period_secs")));
        assert_eq!(
            variable("database.migrate_on_start"),
            "RENFORT_DATABASE__MIGRATE_ON_START"
        );
    }

    #[test]
    fn the_example_reads_back_as_the_defaults() {
        use figment::providers::{Format, Serialized, Toml};
        let from_example: Value =
            figment::Figment::from(Serialized::defaults(serde_json::json!({})))
                .merge(Toml::string(&example_toml()))
                .extract()
                .unwrap();
        let mut expected = defaults();
        // Unset and development values are commented out in the example.
        expected["auth"]
            .as_object_mut()
            .unwrap()
            .remove("jwt_secret");
        fn without_nulls(value: &mut Value) {
            if let Value::Object(map) = value {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(without_nulls);
            }
        }
        without_nulls(&mut expected);
        assert_eq!(from_example, expected);
    }

    fn repository_file(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_default()
    }

    #[test]
    fn the_committed_example_is_what_the_code_writes() {
        assert!(
            repository_file("renfort.example.toml") == example_toml(),
            "renfort.example.toml is stale: cargo run -- config example > renfort.example.toml"
        );
    }

    /// The README's table of settings names each one, in backquotes; the
    /// rate limits and quotas may be named together (`limits.*`).
    #[test]
    fn the_readme_names_every_setting() {
        let readme = repository_file("README.md");
        let section = readme
            .split("\n## ")
            .find(|s| s.starts_with("Configuration"))
            .expect("README.md has a Configuration section");
        let named: std::collections::BTreeSet<&str> =
            section.split('`').skip(1).step_by(2).collect();
        let missing: Vec<String> = setting_names()
            .into_iter()
            .filter(|name| {
                let group = format!("{}.*", name.split('.').next().unwrap());
                let grouped = matches!(group.as_str(), "limits.*" | "quotas.*")
                    && named.contains(group.as_str());
                !(named.contains(name.as_str()) || grouped)
            })
            .collect();
        assert!(
            missing.is_empty(),
            "settings missing from README.md's table: {missing:?}"
        );
    }
}

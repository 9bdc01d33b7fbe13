//! The committed OpenAPI document is the code's: third parties generate
//! clients from it, so a drift is a failure.

use crate::common::spawn_app;
use serde_json::Value;

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

/// The JSON paths where two documents differ, with both values (short).
fn differences(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let here = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => differences(&here, v, w, out),
                    (Some(_), None) => out.push(format!("{here}: only in the code")),
                    (None, Some(_)) => out.push(format!("{here}: only in the committed file")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                differences(&format!("{path}/{i}"), v, w, out);
            }
        }
        _ if a != b => {
            let short = |v: &Value| v.to_string().chars().take(80).collect::<String>();
            out.push(format!(
                "{path}: code {} / committed {}",
                short(a),
                short(b)
            ));
        }
        _ => {}
    }
}

#[test]
fn committed_document_matches_the_code() {
    let generated = renfort::http::openapi().to_pretty_json().unwrap();
    if generated.trim() == COMMITTED.trim() {
        return;
    }
    let mut diff = Vec::new();
    differences(
        "",
        &serde_json::from_str(&generated).unwrap(),
        &serde_json::from_str(COMMITTED).unwrap(),
        &mut diff,
    );
    panic!(
        "openapi/openapi.json is out of date ({} differences):\n  {}\nregenerate it with:\n    cargo run -q -- openapi > openapi/openapi.json",
        diff.len(),
        diff.iter().take(40).cloned().collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn a_drift_is_shown_path_by_path() {
    let mut diff = Vec::new();
    differences(
        "",
        &serde_json::json!({"paths": {"/v1/a": {"get": 1}}, "x": [1, 2]}),
        &serde_json::json!({"paths": {"/v1/a": {"get": 2}, "/v1/b": {}}, "x": [1, 3]}),
        &mut diff,
    );
    assert_eq!(
        diff,
        [
            "/paths/~1v1~1a/get: code 1 / committed 2",
            "/paths/~1v1~1b: only in the committed file",
            "/x/1: code 2 / committed 3",
        ]
    );
}

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let app = spawn_app().await;
    let served: Value = app.get("/openapi.json").await.json().await.unwrap();
    let committed: Value = serde_json::from_str(COMMITTED).unwrap();
    assert!(
        served == committed,
        "the served document differs from openapi/openapi.json"
    );
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(served["paths"]["/v1/domains"]["get"].is_object());
    assert!(served["components"]["schemas"]["Problem"].is_object());
}

/// Every `$ref` of the document points at a component it defines (a
/// schema, a shared response): a generator stops at the first that does
/// not.
#[test]
fn every_reference_resolves() {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let doc = renfort::http::openapi();
    let doc = serde_json::to_value(&doc).unwrap();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found
        .iter()
        .any(|r| r.starts_with("#/components/responses/")));
    let dangling: Vec<&String> = found
        .iter()
        .filter(|r| {
            let target = r
                .strip_prefix("#/components/")
                .and_then(|rest| rest.split_once('/'));
            target.is_none_or(|(kind, name)| doc["components"][kind].get(name).is_none())
        })
        .collect();
    assert!(dangling.is_empty(), "dangling references: {dangling:?}");
}

/// Each operation has its own `operationId`: generators name functions and
/// types after it, and refuse a document where two operations share one.
#[test]
fn operation_ids_are_unique() {
    let doc = serde_json::to_value(renfort::http::openapi()).unwrap();
    let mut seen = std::collections::HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_owned();
            if let Some(other) = seen.insert(id.clone(), format!("{method} {path}")) {
                panic!("operationId {id} names both {other} and {method} {path}");
            }
        }
    }
}

/// `Problem.code` is the closed list of `ProblemCode`, in its order: the
/// SPA's union of error codes is generated from it.
#[test]
fn problem_codes_are_published_as_an_enum() {
    let doc = serde_json::to_value(renfort::http::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    // Problem is an allOf (its extensions, flattened, and its members).
    let code = schemas["Problem"]["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|part| part["properties"].get("code"))
        .expect("Problem.code");
    assert_eq!(code["$ref"], "#/components/schemas/ProblemCode");
    let published: Vec<&str> = schemas["ProblemCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let listed: Vec<&str> = renfort::problem_code::ProblemCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(published, listed);
    for code in [
        "validation_failed",
        "token_expired",
        "overloaded",
        "mission_full",
    ] {
        assert!(published.contains(&code), "{code}");
    }
}

/// The postcode pattern the document publishes accepts exactly the
/// postcodes that have a department: a client that checks it before
/// sending is never refused for it, and never refuses a good one.
#[test]
fn the_published_postcode_pattern_is_the_codes_rule() {
    let doc = serde_json::to_value(renfort::http::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    for schema in ["SignupRequest", "AddressInput"] {
        let pattern = schemas[schema]["properties"]["postcode"]["pattern"]
            .as_str()
            .unwrap_or_else(|| panic!("{schema}.postcode has a pattern"));
        let re = regex_lite::Regex::new(pattern).unwrap();
        for n in 0..100_000 {
            let code = format!("{n:05}");
            assert_eq!(
                re.is_match(&code),
                renfort::domain::department::department_of_postcode(&code).is_ok(),
                "{schema}: {code}"
            );
        }
    }
}

//! Request extractors whose refusals are problem+json naming the field.

use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::error::Refusal;
use super::problem::FieldError;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;

/// The largest body accepted, set from `http.body_limit`.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON body. Unlike actix's own, a type error says which field
/// (`profile.birth_date`), and an unknown field is named with a code.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_json_body(req, payload, 1);
        Box::pin(async move { Ok(parse_json(&body.await?).map(Json)?) })
    }
}

/// A JSON body read but not yet parsed: for handlers that must check who
/// is calling first, so that a stranger learns nothing, not even that the
/// body was malformed. actix extracts a handler's arguments concurrently,
/// so a parsing error would otherwise race the authorisation check.
///
/// `SCALE` multiplies the configured size limit, for the few bodies that
/// carry many objects at once (a partner's batch of missions).
pub struct Body<T, const SCALE: usize = 1> {
    bytes: Bytes,
    _type: PhantomData<T>,
}

impl<T: DeserializeOwned, const SCALE: usize> Body<T, SCALE> {
    pub fn parse(&self) -> Result<T, ServiceError> {
        parse_json(&self.bytes)
    }
}

impl<T: 'static, const SCALE: usize> FromRequest for Body<T, SCALE> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_json_body(req, payload, SCALE);
        Box::pin(async move {
            Ok(Body {
                bytes: body.await?,
                _type: PhantomData,
            })
        })
    }
}

/// Reads a body declared as JSON, within the configured size limit.
fn read_json_body(
    req: &HttpRequest,
    payload: &mut Payload,
    scale: usize,
) -> LocalBoxFuture<'static, Result<Bytes, actix_web::Error>> {
    let limit = req.app_data::<BodyLimit>().map_or(64 * 1024, |l| l.0) * scale.max(1);
    let content_type_ok = is_json(req);
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let mut payload = payload.take();
    Box::pin(async move {
        if !content_type_ok {
            return Err(Refusal {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: ProblemCode::UnsupportedMediaType,
                detail: "the body must be JSON, sent with Content-Type: application/json".into(),
            }
            .into());
        }
        let too_large = || Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: ProblemCode::PayloadTooLarge,
            detail: format!("the body is larger than {limit} bytes"),
        };
        if declared_length.is_some_and(|n| n > limit) {
            return Err(too_large().into());
        }
        let mut body = BytesMut::with_capacity(declared_length.unwrap_or(1024).min(limit));
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| ServiceError::BadRequest {
                code: ProblemCode::MalformedBody,
                detail: e.to_string(),
            })?;
            if body.len() + chunk.len() > limit {
                return Err(too_large().into());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    })
}

/// A NUL character is refused in every text, whatever the field: PostgreSQL
/// cannot store one, and no person types one. 400 naming the field.
fn refuse_nul_in_json(body: &[u8]) -> Result<(), ServiceError> {
    // Raw NUL bytes are not valid JSON (serde refuses them); only the
    // escape can carry one. Cheap test first, the walk only when it hits.
    if !body.windows(6).any(|w| w == b"\\u0000") {
        return Ok(());
    }
    fn find(value: &serde_json::Value, path: &str) -> Option<String> {
        match value {
            serde_json::Value::String(s) if s.contains('\0') => Some(path.to_owned()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| find(v, &format!("{path}[{i}]"))),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
                if k.contains('\0') {
                    return Some(k.replace('\0', "\\0"));
                }
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                find(v, &here)
            }),
            _ => None,
        }
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Ok(()); // malformed: the parser says so next
    };
    match find(&value, "") {
        Some(field) => Err(nul_refused(&field)),
        None => Ok(()),
    }
}

/// 400 `nul_character`, naming where it was.
pub fn nul_refused(field: &str) -> ServiceError {
    ServiceError::BadRequest {
        code: ProblemCode::NulCharacter,
        detail: format!("`{field}` contains a NUL character, which no text may hold"),
    }
}

fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => {
            mime.type_() == "application"
                && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        }
        _ => false,
    }
}

/// Deserializes a body, turning serde's complaint into field errors.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ServiceError> {
    refuse_nul_in_json(body)?;
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                ServiceError::Validation(vec![field_error(&path, &inner)])
            }
            _ => ServiceError::BadRequest {
                code: ProblemCode::MalformedJson,
                detail: format!("the body is not valid JSON: {inner}"),
            },
        }
    })?;
    de.end().map_err(|e| ServiceError::BadRequest {
        code: ProblemCode::MalformedJson,
        detail: format!("trailing characters after the JSON body: {e}"),
    })?;
    Ok(value)
}

fn field_error(path: &str, e: &serde_json::Error) -> FieldError {
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned();
    let parent = if path == "." { "" } else { path };
    let join = |name: &str| {
        if parent.is_empty() {
            name.to_owned()
        } else {
            format!("{parent}.{name}")
        }
    };
    if let Some(name) = backticked(&message, "unknown field `") {
        // The path already ends at the unknown key.
        let field = if parent.ends_with(name) {
            parent.to_owned()
        } else {
            join(name)
        };
        return FieldError::new(field, "unknown_field", message.clone());
    }
    if let Some(name) = backticked(&message, "missing field `") {
        return FieldError::new(join(name), "required", message.clone());
    }
    let field = if parent.is_empty() {
        "body".to_owned()
    } else {
        parent.to_owned()
    };
    let code = if message.starts_with("invalid type") {
        "invalid_type"
    } else if message.starts_with("unknown variant") {
        "invalid_choice"
    } else {
        "invalid"
    };
    FieldError::new(field, code, message)
}

fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Inner,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        count: u32,
    }

    fn errors(body: &str) -> Vec<FieldError> {
        match parse_json::<Outer>(body.as_bytes()) {
            Err(ServiceError::Validation(errors)) => errors,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn names_unknown_missing_and_mistyped_fields() {
        let e = errors(r#"{"name":"a","inner":{"count":1},"nmae":"b"}"#);
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("nmae", "unknown_field")
        );
        let e = errors(r#"{"name":"a","inner":{}}"#);
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("inner.count", "required")
        );
        let e = errors(r#"{"name":"a","inner":{"count":"x"}}"#);
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("inner.count", "invalid_type")
        );
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(
            parse_json::<Outer>(b"{\"name\":"),
            Err(ServiceError::BadRequest {
                code: ProblemCode::MalformedJson,
                ..
            })
        ));
        assert!(matches!(
            parse_json::<Outer>(br#"{"name":"a","inner":{"count":1}} x"#),
            Err(ServiceError::BadRequest {
                code: ProblemCode::MalformedJson,
                ..
            })
        ));
    }
}

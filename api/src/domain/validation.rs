//! Field-level validation results, shared by every domain type: a request
//! is refused with all its invalid fields at once, not the first only.

use serde::Serialize;

/// One invalid field: which, a stable code the SPA translates, and a
/// message for developers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    #[schema(example = "postcode")]
    pub field: String,
    #[schema(example = "invalid_format")]
    pub code: String,
    #[schema(example = "a French postcode has exactly five digits")]
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Collects field errors while parsing a whole form.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Errors(Vec::new())
    }

    /// Keeps the value, or records the error under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError::new(field, e.code, e.message));
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, invalid: Invalid) {
        self.0
            .push(FieldError::new(field, invalid.code, invalid.message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

/// Why one value is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: String,
}

pub fn invalid(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        code,
        message: message.into(),
    }
}

/// A single-line text (a name, a title, a city): trimmed, its length
/// checked, and no control character at all, line breaks and tabs
/// included. A name with a line break in it writes lines of its own into
/// the emails and the files it is copied into.
pub fn one_line(value: &str, min: usize, max: usize) -> Result<String, Invalid> {
    let checked = text(value, min, max)?;
    if checked
        .chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    {
        return Err(invalid(
            "invalid_characters",
            "must be one line, without line breaks, tabs or control characters",
        ));
    }
    Ok(checked)
}

/// Trims and checks a multi-line text's length in characters: line
/// breaks and tabs are kept, other control characters refused.
pub fn text(value: &str, min: usize, max: usize) -> Result<String, Invalid> {
    let trimmed = value.trim();
    let len = trimmed.chars().count();
    if len < min {
        return Err(if len == 0 {
            invalid("required", "must not be empty")
        } else {
            invalid("too_short", format!("must be at least {min} characters"))
        });
    }
    if len > max {
        return Err(invalid(
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(invalid(
            "invalid_characters",
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_owned())
}

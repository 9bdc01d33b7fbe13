//! Schemas of request fields whose rule the derive cannot say: a box that
//! must be ticked. Lengths, patterns and formats sit on the fields
//! themselves (`#[schema(...)]`), next to the types they describe.

use utoipa::openapi::{ObjectBuilder, Type};

/// A boolean that must be `true` (the terms of use, accepted).
pub fn must_be_true() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .enum_values(Some([true]))
        .description(Some("Must be true."))
}

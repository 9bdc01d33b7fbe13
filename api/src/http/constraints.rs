//! Schemas of fields whose rule the derive cannot say: a box that must be
//! ticked, a flag that is one value in one shape of an answer. Lengths, patterns and formats sit on the fields
//! themselves (`#[schema(...)]`), next to the types they describe.

use utoipa::openapi::{ObjectBuilder, Type};

/// A boolean that must be `true` (the terms of use, accepted).
pub fn must_be_true() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .enum_values(Some([true]))
        .description(Some("Must be true."))
}

/// A boolean that is always `true` in this shape: strict validators and
/// typed generators tell the shapes of a `oneOf` apart by it.
pub fn always_true() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .enum_values(Some([true]))
        .description(Some("Always true here."))
}

/// A boolean that is always `false` in this shape.
pub fn always_false() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .enum_values(Some([false]))
        .description(Some("Always false here."))
}

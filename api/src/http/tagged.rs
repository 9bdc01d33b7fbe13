//! The document's shape of an answer that is one of several views, told
//! apart by its `view` property (`#[serde(tag = "view")]`).
//!
//! Derived, such an enum becomes `oneOf` inline `allOf`s, which typed
//! generators (openapi-python-client among them) cannot name and leave
//! untyped. Here each variant is a component of its own
//! (`OrganizationPrivate: allOf [OrganizationView, {view: "private"}]`),
//! and the answer is `oneOf` those components with a `discriminator` on
//! `view`: one model per view in every generator, and exactly one branch
//! for a strict validator. The bytes served do not change.

use utoipa::openapi::schema::{
    AllOfBuilder, Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::{Ref, RefOr};

/// One view: its component's name, its `view` value, and the schema of
/// what it holds besides `view`.
pub struct Variant {
    pub component: &'static str,
    pub tag: &'static str,
    pub holds: &'static str,
}

fn reference(component: &str) -> String {
    format!("#/components/schemas/{component}")
}

/// `oneOf` the variants' components, discriminated by `view`.
pub fn one_of(description: &str, variants: &[Variant]) -> RefOr<Schema> {
    let mut one_of = OneOfBuilder::new().description(Some(description));
    for v in variants {
        one_of = one_of.item(Ref::new(reference(v.component)));
    }
    let discriminator = Discriminator::with_mapping(
        "view",
        variants
            .iter()
            .map(|v| (v.tag.to_owned(), reference(v.component))),
    );
    one_of.discriminator(Some(discriminator)).into()
}

/// Each variant's component, to register beside the answer's.
pub fn components(variants: &[Variant], schemas: &mut Vec<(String, RefOr<Schema>)>) {
    for v in variants {
        let tag = ObjectBuilder::new()
            .property(
                "view",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([v.tag])),
            )
            .required("view");
        let schema = AllOfBuilder::new()
            .item(Ref::new(reference(v.holds)))
            .item(tag)
            .into();
        schemas.push((v.component.to_owned(), schema));
    }
}

/// The document's shape of a `view`-tagged answer:
/// `tagged_views!(Answer, "description", [(Component, "tag", Holds), …])`
/// makes `Answer` `oneOf` the components, each `allOf [Holds, {view:
/// "tag"}]`, and registers them with what they hold.
#[macro_export]
macro_rules! tagged_views {
    ($answer:ty, $description:expr, [$(($component:literal, $tag:literal, $holds:ty)),+ $(,)?]) => {
        impl $answer {
            const VARIANTS: &'static [$crate::http::tagged::Variant] = &[$(
                $crate::http::tagged::Variant {
                    component: $component,
                    tag: $tag,
                    holds: stringify!($holds),
                },
            )+];
        }

        impl utoipa::PartialSchema for $answer {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::http::tagged::one_of($description, Self::VARIANTS)
            }
        }

        impl utoipa::ToSchema for $answer {
            fn schemas(
                schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
            ) {
                $crate::http::tagged::components(Self::VARIANTS, schemas);
                $(
                    schemas.push((
                        <$holds as utoipa::ToSchema>::name().into(),
                        <$holds as utoipa::PartialSchema>::schema(),
                    ));
                    <$holds as utoipa::ToSchema>::schemas(schemas);
                )+
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_view_is_a_named_component_and_the_answer_discriminates_them() {
        let variants = [
            Variant {
                component: "PrivateThing",
                tag: "private",
                holds: "ThingView",
            },
            Variant {
                component: "PublicThing",
                tag: "public",
                holds: "PublicThingView",
            },
        ];
        let answer = serde_json::to_value(one_of("either", &variants)).unwrap();
        assert_eq!(
            answer["oneOf"],
            serde_json::json!([
                {"$ref": "#/components/schemas/PrivateThing"},
                {"$ref": "#/components/schemas/PublicThing"}
            ])
        );
        assert_eq!(answer["discriminator"]["propertyName"], "view");
        assert_eq!(
            answer["discriminator"]["mapping"]["public"],
            "#/components/schemas/PublicThing"
        );
        let mut schemas = Vec::new();
        components(&variants, &mut schemas);
        let private = serde_json::to_value(&schemas[0].1).unwrap();
        assert_eq!(schemas[0].0, "PrivateThing");
        assert_eq!(
            private["allOf"][0]["$ref"],
            "#/components/schemas/ThingView"
        );
        assert_eq!(
            private["allOf"][1]["properties"]["view"]["enum"],
            serde_json::json!(["private"])
        );
        assert_eq!(private["allOf"][1]["required"], serde_json::json!(["view"]));
    }
}

//! Where a volunteer or an application came from: a campaign's UTM tags,
//! and the click id API Engagement appends to a mission's link
//! (`apiengagement_id`) when one of its partners' sites sent the person.
//! Kept with the account and the participation for the statistics by
//! source and for reporting applications back to the hub; never shown to
//! other volunteers, in the person's export, erased with the account.

use serde::{Deserialize, Serialize};

use super::validation::{one_line, Errors, FieldError};

/// The longest tag kept: UTM values are short labels; the hub's click
/// ids are 24 characters.
pub const MAX_TAG: usize = 200;

/// What a signup or an application says of where it came from, each tag
/// optional; empty ones are absent.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, sqlx::FromRow,
)]
pub struct Origin {
    #[schema(max_length = 200, example = "api-engagement")]
    pub utm_source: Option<String>,
    #[schema(max_length = 200, example = "widget")]
    pub utm_medium: Option<String>,
    #[schema(max_length = 200, example = "mairie-de-lyon")]
    pub utm_campaign: Option<String>,
    /// The click id API Engagement appended to the mission's link.
    #[schema(max_length = 200, example = "64a1b2c3d4e5f6789abc0088")]
    pub apiengagement_id: Option<String>,
}

impl Origin {
    /// Each tag trimmed, one line, at most `MAX_TAG` characters; an empty
    /// one dropped. Errors name the field.
    pub fn validate(self) -> Result<Origin, Vec<FieldError>> {
        let mut errors = Errors::new();
        let mut tag = |field: &str, value: Option<String>| -> Option<String> {
            let value = value.filter(|v| !v.trim().is_empty())?;
            errors.check(field, one_line(&value, 1, MAX_TAG))
        };
        let origin = Origin {
            utm_source: tag("utm_source", self.utm_source),
            utm_medium: tag("utm_medium", self.utm_medium),
            utm_campaign: tag("utm_campaign", self.utm_campaign),
            apiengagement_id: tag("apiengagement_id", self.apiengagement_id),
        };
        errors.finish(|| origin)
    }

    /// The source the statistics count it under: its `utm_source`, else
    /// `api-engagement` for a click the hub sent, else `direct`.
    pub fn source(&self) -> &str {
        match (&self.utm_source, &self.apiengagement_id) {
            (Some(source), _) => source,
            (None, Some(_)) => "api-engagement",
            (None, None) => "direct",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(source: Option<&str>, click: Option<&str>) -> Origin {
        Origin {
            utm_source: source.map(str::to_owned),
            apiengagement_id: click.map(str::to_owned),
            ..Origin::default()
        }
    }

    #[test]
    fn empty_tags_are_dropped_and_bad_ones_named() {
        let o = Origin {
            utm_source: Some("  ".into()),
            utm_medium: Some(" widget ".into()),
            ..Origin::default()
        }
        .validate()
        .unwrap();
        assert_eq!(o.utm_source, None);
        assert_eq!(o.utm_medium.as_deref(), Some("widget"));
        let errors = Origin {
            utm_campaign: Some("a\nb".into()),
            apiengagement_id: Some("x".repeat(MAX_TAG + 1)),
            ..Origin::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["utm_campaign", "apiengagement_id"]);
    }

    #[test]
    fn the_source_is_the_campaign_s_then_the_hub_s_then_direct() {
        assert_eq!(
            origin(Some("newsletter"), Some("c1")).source(),
            "newsletter"
        );
        assert_eq!(origin(None, Some("c1")).source(), "api-engagement");
        assert_eq!(origin(None, None).source(), "direct");
    }
}

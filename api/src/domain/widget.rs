//! A widget: a town hall's or an association's site shows missions
//! without writing code, by pasting one `<iframe>`. Its definition is a
//! search fixed in advance (domains, departments, a place and radius,
//! accessibility), whose missions it may show (the platform's, one
//! organisation's, or a network's), and how it looks (a list or a
//! carousel, in the site's colour).

use serde::{Deserialize, Serialize};

use super::eligibility::Accessibility;
use super::saved_search::Around;
use super::validation::{invalid, one_line, Errors, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Cards one under the other.
    #[default]
    List,
    /// Cards side by side, scrolled sideways.
    Carousel,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::List => "list",
            Layout::Carousel => "carousel",
        }
    }
}

/// Which missions a widget may show at most, before its filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Every organisation's (a widget an admin defines).
    Platform,
    /// The organisation's own.
    Organization,
    /// The organisation's and its network's branches' (a network head's).
    Network,
}

/// What a widget shows and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WidgetInput {
    /// For its owners' list; not shown.
    #[schema(example = "Site de la mairie", max_length = 100)]
    pub name: String,
    /// Any of these domains; none: every domain.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Missions in any of these departments; none: everywhere.
    #[serde(default)]
    #[schema(example = json!(["69"]))]
    pub departments: Vec<String>,
    #[serde(default)]
    pub around: Option<Around>,
    /// Flags every mission shown has.
    #[serde(default)]
    pub accessibility: Vec<Accessibility>,
    #[serde(default)]
    pub layout: Layout,
    /// The site's colour for titles and buttons, `#RRGGBB`.
    #[serde(default = "default_colour")]
    #[schema(example = "#000091", pattern = "^#[0-9A-Fa-f]{6}$")]
    pub colour: String,
    /// An organisation's widget: its network's branches' missions too
    /// (for the head of a network only).
    #[serde(default)]
    pub network: bool,
}

fn default_colour() -> String {
    "#000091".to_owned()
}

impl WidgetInput {
    /// Trimmed, deduplicated and checked, errors naming the field.
    pub fn validate(self) -> Result<WidgetInput, Vec<FieldError>> {
        let mut errors = Errors::new();
        let name = errors.check("name", one_line(&self.name, 1, 100));
        let (domains, unknown) = super::taxonomy::domain_list(self.domains);
        if let Some(unknown) = unknown {
            errors.push("domains", unknown);
        }
        let mut departments = self.departments;
        departments.sort();
        departments.dedup();
        if let Some(unknown) = departments
            .iter()
            .find(|d| super::department::by_code(d).is_none())
        {
            errors.push(
                "departments",
                invalid("unknown_value", format!("`{unknown}` is not a department")),
            );
        }
        if domains.len() > 20 || departments.len() > 20 {
            errors.push("departments", invalid("too_many", "at most 20 of each"));
        }
        // The same rules as a saved search's place.
        let around = match self.around {
            Some(a) => {
                let checked = super::saved_search::Criteria {
                    around: Some(a),
                    ..Default::default()
                }
                .validate();
                match checked {
                    Ok(c) => c.around,
                    Err(e) => {
                        for f in e {
                            errors.push(&f.field, invalid(static_code(&f.code), f.message));
                        }
                        None
                    }
                }
            }
            None => None,
        };
        let colour = self.colour.trim().to_owned();
        let hex = colour.strip_prefix('#').unwrap_or_default();
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push("colour", invalid("invalid_format", "a colour as #RRGGBB"));
        }
        let mut accessibility = self.accessibility;
        accessibility.sort_by_key(|f| f.as_str());
        accessibility.dedup();
        errors.finish(|| WidgetInput {
            name: name.unwrap_or_default(),
            domains,
            departments,
            around,
            accessibility,
            layout: self.layout,
            colour,
            network: self.network,
        })
    }
}

/// The codes a place's check gives, as the static strings errors keep.
fn static_code(code: &str) -> &'static str {
    match code {
        "out_of_range" => "out_of_range",
        "too_long" => "too_long",
        "invalid_characters" => "invalid_characters",
        _ => "invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> WidgetInput {
        WidgetInput {
            name: " Mairie de Lyon ".into(),
            domains: vec!["education".into(), "education".into()],
            departments: vec!["69".into()],
            around: None,
            accessibility: vec![],
            layout: Layout::Carousel,
            colour: "#E1000F".into(),
            network: false,
        }
    }

    #[test]
    fn a_widget_is_cleaned_and_its_bad_fields_named() {
        let w = input().validate().unwrap();
        assert_eq!(w.name, "Mairie de Lyon");
        assert_eq!(w.domains, ["education"]);
        let bad = WidgetInput {
            departments: vec!["100".into()],
            colour: "red".into(),
            around: Some(Around {
                latitude: 45.7,
                longitude: 4.8,
                radius_km: 0.0,
                label: None,
            }),
            ..input()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["departments", "around.radius_km", "colour"]);
    }
}

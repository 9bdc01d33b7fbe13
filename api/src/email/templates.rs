//! Email templates, kept in `api/templates/email/` and embedded in the
//! binary. A template is a subject line and a plain-text body with
//! `{{name}}` placeholders; the HTML version is derived from the text
//! (escaped paragraphs, links as buttons) inside one shared layout, so that
//! the two versions never disagree.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

macro_rules! templates {
    ($($variant:ident => $file:literal),* $(,)?) => {
        /// Every email the product sends.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum Template { $($variant),* }

        impl Template {
            pub const ALL: &'static [Template] = &[$(Template::$variant),*];

            fn source(self) -> &'static str {
                match self {
                    $(Template::$variant => include_str!(concat!("../../templates/email/", $file, ".txt"))),*
                }
            }

            pub fn name(self) -> &'static str {
                match self { $(Template::$variant => $file),* }
            }
        }
    };
}

templates! {
    Activation => "activation",
    AlreadyRegistered => "already_registered",
    PasswordReset => "password_reset",
    PasswordChanged => "password_changed",
    EmailChange => "email_change",
    OrganizationInvitation => "organization_invitation",
    OrganizationSubmitted => "organization_submitted",
    OrganizationApproved => "organization_approved",
    OrganizationRejected => "organization_rejected",
    MissionPublished => "mission_published",
    MissionRejected => "mission_rejected",
    MissionFlagged => "mission_flagged",
    ParticipationCreated => "participation_created",
    ParticipationAccepted => "participation_accepted",
    ParticipationDeclined => "participation_declined",
    ParticipationCancelled => "participation_cancelled",
    NewApplication => "new_application",
    VolunteerCancelled => "volunteer_cancelled",
    MissionAlmostFull => "mission_almost_full",
    MissionFull => "mission_full",
    WebhookDisabled => "webhook_disabled",
    ExportReady => "export_ready",
    InactivityWarning => "inactivity_warning",
    NewMessage => "new_message",
    MessageReported => "message_reported",
    ReminderDayBefore => "reminder_day_before",
    ReminderApplicationWaiting => "reminder_application_waiting",
    ReminderCloseOrExtend => "reminder_close_or_extend",
    ReminderModerationDigest => "reminder_moderation_digest",
    WaitingListPromoted => "waiting_list_promoted",
    FavouritesDigest => "favourites_digest",
    ShiftChanged => "shift_changed",
    ShiftCancelled => "shift_cancelled",
    MessagesDigest => "messages_digest",
    SavedSearchAlert => "saved_search_alert",
}

/// The parameters of one email: each template has a struct of exactly the
/// fields it uses, so a call site that forgets one does not compile, and a
/// test holds each template's placeholders against its struct.
pub trait EmailParams: Serialize {
    const TEMPLATE: Template;
}

macro_rules! email_params {
    ($($template:ident { $($field:ident),* $(,)? }),* $(,)?) => {
        /// One struct per template, named after it.
        pub mod params {
            use serde::Serialize;

            $(
                #[derive(Debug, Clone, Serialize)]
                pub struct $template { $(pub $field: String),* }

                impl super::EmailParams for $template {
                    const TEMPLATE: super::Template = super::Template::$template;
                }
            )*

            /// The fields of each template's struct.
            pub fn fields(template: super::Template) -> &'static [&'static str] {
                match template {
                    $(super::Template::$template => &[$(stringify!($field)),*]),*
                }
            }
        }
    };
}

email_params! {
    Activation { first_name, token },
    AlreadyRegistered { first_name, email },
    PasswordReset { first_name, token },
    PasswordChanged { first_name },
    EmailChange { first_name, new_email, token },
    OrganizationInvitation { organization_name, inviter_name, token },
    OrganizationSubmitted { first_name, organization_name, organization_id, department },
    OrganizationApproved { first_name, organization_name, organization_id },
    OrganizationRejected { first_name, organization_name, reason },
    MissionPublished { first_name, mission_title, mission_id },
    MissionRejected { first_name, mission_title, reason },
    MissionFlagged { first_name, mission_title, reason },
    ParticipationCreated { first_name, mission_title, organization_name },
    ParticipationAccepted { first_name, mission_title, organization_name },
    ParticipationDeclined { first_name, mission_title, organization_name, reason },
    ParticipationCancelled { first_name, mission_title, organization_name },
    NewApplication { first_name, organization_name, organization_id, count, applications },
    VolunteerCancelled { first_name, volunteer_name, mission_title, mission_id, organization_id },
    MissionAlmostFull { first_name, mission_title, mission_id, organization_id, places_taken, capacity },
    MissionFull { first_name, mission_title, mission_id, organization_id, capacity },
    WebhookDisabled { first_name, organization_name, url, failures, last_error, endpoint_id },
    ExportReady { first_name, export_name, row_count, export_id, token },
    InactivityWarning { first_name, erase_on },
    NewMessage { first_name, sender_name, mission_title, participation_id },
    MessageReported { first_name, mission_title, department },
    ReminderDayBefore { first_name, mission_title, organization_name, start_date, mission_id },
    ReminderApplicationWaiting { first_name, volunteer_name, mission_title, days, mission_id, organization_id },
    ReminderCloseOrExtend { first_name, mission_title, end_date, mission_id, organization_id },
    ReminderModerationDigest { first_name, organizations, missions },
    WaitingListPromoted { first_name, mission_title, organization_name, mission_id },
    FavouritesDigest { first_name, missions },
    ShiftChanged { first_name, mission_title, organization_name, before, after, mission_id },
    ShiftCancelled { first_name, mission_title, organization_name, shift, outcome, reason, mission_id },
    MessagesDigest { first_name, count, conversations },
    SavedSearchAlert { first_name, count, searches, missions },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RenderError {
    #[error("template {template}: parameter `{param}` is missing")]
    MissingParam {
        template: &'static str,
        param: String,
    },
    #[error("template {0}: no `subject:` first line")]
    NoSubject(&'static str),
}

const LAYOUT: &str = include_str!("../../templates/email/layout.html");

impl Template {
    /// Renders with `params`, plus `app_url` (the SPA's base URL).
    pub fn render(
        self,
        params: &Map<String, Value>,
        app_url: &str,
    ) -> Result<Rendered, RenderError> {
        let source = self.source();
        let (first, body) = source.split_once('\n').unwrap_or((source, ""));
        let subject = first
            .strip_prefix("subject:")
            .ok_or(RenderError::NoSubject(self.name()))?;
        let lookup = |name: &str| -> Result<String, RenderError> {
            if name == "app_url" {
                return Ok(app_url.trim_end_matches('/').to_owned());
            }
            match params.get(name) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(Value::Null) | None => Err(RenderError::MissingParam {
                    template: self.name(),
                    param: name.to_owned(),
                }),
                Some(other) => Ok(other.to_string()),
            }
        };
        let subject = substitute(subject.trim(), &lookup, |s| s.replace(['\r', '\n'], " "))?;
        let text = substitute(body.trim(), &lookup, str::to_owned)?;
        let html_body = substitute(&text_to_html_skeleton(body.trim()), &lookup, escape_html)?;
        let html = LAYOUT
            .replace("{{subject}}", &escape_html(&subject))
            .replace("{{body}}", &html_body);
        Ok(Rendered {
            subject,
            text,
            html,
        })
    }
}

/// Replaces `{{name}}` by `lookup(name)` passed through `escape`.
fn substitute(
    source: &str,
    lookup: &dyn Fn(&str) -> Result<String, RenderError>,
    escape: impl Fn(&str) -> String,
) -> Result<String, RenderError> {
    let mut out = String::with_capacity(source.len() + 64);
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        out.push_str(&escape(&lookup(after[..end].trim())?));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Turns the text body into HTML paragraphs before substitution, so the
/// template's own text is escaped once and parameters are escaped by
/// `substitute`. A line that is a single link becomes a button.
fn text_to_html_skeleton(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            let p = paragraph.trim();
            if (p.starts_with("http") || p.starts_with("{{app_url}}"))
                && !p.contains(char::is_whitespace)
            {
                format!(
                    "<p><a class=\"button\" href=\"{}\">{}</a></p>",
                    escape_template_text(p),
                    escape_template_text(p)
                )
            } else {
                format!("<p>{}</p>", escape_template_text(p).replace('\n', "<br>\n"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes template text but leaves `{{…}}` placeholders intact.
fn escape_template_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        out.push_str(&escape_html(&rest[..start]));
        match rest[start..].find("}}") {
            Some(end) => {
                out.push_str(&rest[start..start + end + 2]);
                rest = &rest[start + end + 2..];
            }
            None => {
                out.push_str(&escape_html(&rest[start..]));
                return out;
            }
        }
    }
    out.push_str(&escape_html(rest));
    out
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(template: Template) -> std::collections::BTreeSet<String> {
        let mut names = std::collections::BTreeSet::new();
        let mut rest = template.source();
        while let Some(start) = rest.find("{{") {
            let end = rest[start..].find("}}").expect("closed placeholder") + start;
            names.insert(rest[start + 2..end].to_owned());
            rest = &rest[end + 2..];
        }
        names.remove("app_url");
        names
    }

    #[test]
    fn each_template_uses_exactly_the_fields_of_its_struct() {
        for &template in Template::ALL {
            let fields: std::collections::BTreeSet<String> = params::fields(template)
                .iter()
                .map(|f| (*f).to_owned())
                .collect();
            assert_eq!(placeholders(template), fields, "{}", template.name());
            let all: Map<String, Value> = fields
                .iter()
                .map(|f| (f.clone(), Value::String(format!("<{f}>"))))
                .collect();
            let rendered = template.render(&all, "https://app.test").unwrap();
            assert!(!rendered.text.contains("{{"), "{}", template.name());
        }
    }
    use serde_json::json;

    /// Sample parameters covering every placeholder any template uses.
    fn sample() -> Map<String, Value> {
        json!({
            "first_name": "Léa <script>",
            "token": "abc123",
            "email": "lea@example.org",
            "new_email": "lea.nouvelle@example.org",
            "organization_name": "Les Amis <du> quartier",
            "organization_id": "0190-org",
            "inviter_name": "Marc Dupont",
            "department": "69",
            "reason": "Description incomplète",
            "mission_title": "Distribution de repas",
            "mission_id": "0190-mission",
            "volunteer_name": "Jean Valjean",
            "places_taken": 8,
            "capacity": 10,
            "url": "https://crm.example.org/hooks/renfort",
            "failures": "40",
            "last_error": "the receiver answered 500",
            "endpoint_id": "0190-endpoint",
            "export_name": "participations.csv",
            "row_count": "12000",
            "export_id": "0190-export",
            "erase_on": "30/12/2029",
            "sender_name": "Léa M.",
            "participation_id": "0190-participation",
            "start_date": "02/12/2026",
            "end_date": "31/03/2027",
            "before": "samedi 13/03/2027, 09:00–12:00",
            "after": "samedi 13/03/2027, 14:00–17:00",
            "shift": "samedi 13/03/2027, 09:00–12:00",
            "outcome": "Vos autres créneaux sont maintenus.",
            "days": "3",
            "organizations": "2",
            "count": "3",
            "applications": "- Léa M. : « Distribution de repas »",
            "conversations": "- « Distribution de repas » : 2 message(s)",
            "searches": "« soutien scolaire », Éducation, à 15 km de Lyon",

            "missions": "5",
        })
        .as_object()
        .unwrap()
        .clone()
    }

    #[test]
    fn every_template_renders_with_sample_parameters() {
        for t in Template::ALL {
            let r = t
                .render(&sample(), "https://app.example.org/")
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!r.subject.is_empty(), "{}", t.name());
            assert!(!r.text.contains("{{"), "{}: {}", t.name(), r.text);
            assert!(!r.html.contains("{{"), "{}", t.name());
            assert!(
                !r.html.contains("<script>"),
                "{}: parameters are escaped",
                t.name()
            );
            if r.text.contains("<script>") {
                assert!(
                    r.html.contains("&lt;script&gt;"),
                    "{}: shown escaped",
                    t.name()
                );
            }
        }
    }

    #[test]
    fn links_use_the_spa_base_url() {
        let r = Template::Activation
            .render(&sample(), "https://app.example.org/")
            .unwrap();
        assert!(
            r.text
                .contains("https://app.example.org/activation?token=abc123"),
            "{}",
            r.text
        );
        assert!(r
            .html
            .contains("href=\"https://app.example.org/activation?token=abc123\""));
    }

    #[test]
    fn a_missing_parameter_is_an_error() {
        let err = Template::Activation
            .render(&Map::new(), "https://x.org")
            .unwrap_err();
        assert!(matches!(err, RenderError::MissingParam { .. }));
    }
}

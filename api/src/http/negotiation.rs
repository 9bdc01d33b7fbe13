//! Content negotiation: what a request's `Accept` and `Accept-Language`
//! prefer, read once for every answer that has more than one form (the
//! admins' statistics as JSON or CSV, a CSV's separator).

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::services::exports::Delimiter;

/// One item of a weighted header: its value and its parameters (without
/// `q`), lowercase names.
pub struct Preference<'h> {
    pub value: &'h str,
    params: Vec<(&'h str, &'h str)>,
}

impl Preference<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim_matches('"'))
    }
}

/// The items of a weighted header (`Accept`, `Accept-Language`), the most
/// wanted first (first named among equals); those weighted 0 are refused
/// and left out.
pub fn ranked(header: &str) -> Vec<Preference<'_>> {
    let mut items: Vec<(f32, Preference<'_>)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let value = parts.next().filter(|v| !v.is_empty())?;
            let mut weight = 1.0;
            let mut params = Vec::new();
            for part in parts {
                let Some((name, v)) = part.split_once('=') else {
                    continue;
                };
                let (name, v) = (name.trim(), v.trim());
                if name.eq_ignore_ascii_case("q") {
                    weight = v.parse::<f32>().unwrap_or(0.0);
                } else {
                    params.push((name, v));
                }
            }
            (weight > 0.0).then_some((weight, Preference { value, params }))
        })
        .collect();
    // Stable: among equals, the first named.
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    items.into_iter().map(|(_, p)| p).collect()
}

fn header_of(req: &HttpRequest, name: header::HeaderName) -> &str {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The separator a request asks for: `?delimiter=` (`asked`), then
/// `Accept: text/csv; delimiter=semicolon`, then `;` when the reader's
/// preferred language is French (its spreadsheets read a comma-separated
/// file as one column), `,` otherwise.
pub fn delimiter(asked: Option<Delimiter>, accept: &str, accept_language: &str) -> Delimiter {
    if let Some(asked) = asked {
        return asked;
    }
    let in_accept = ranked(accept)
        .iter()
        .filter(|p| p.value.eq_ignore_ascii_case("text/csv"))
        .find_map(|p| p.param("delimiter").and_then(Delimiter::parse));
    if let Some(delimiter) = in_accept {
        return delimiter;
    }
    let language = ranked(accept_language)
        .into_iter()
        .find(|p| p.value != "*")
        .map(|p| p.value.split('-').next().unwrap_or(p.value));
    match language {
        Some(l) if l.eq_ignore_ascii_case("fr") => Delimiter::Semicolon,
        _ => Delimiter::Comma,
    }
}

/// The separator `req` asks for (see [`delimiter`]).
pub fn delimiter_of(req: &HttpRequest, asked: Option<Delimiter>) -> Delimiter {
    delimiter(
        asked,
        header_of(req, header::ACCEPT),
        header_of(req, header::ACCEPT_LANGUAGE),
    )
}

/// The first of `offered` (media types, `type/subtype`) that `Accept`
/// prefers, with `*/*` and `type/*` matching the first offer they cover;
/// the first offer without an `Accept`; none when it accepts none.
pub fn media_type<'o>(req: &HttpRequest, offered: &[&'o str]) -> Option<&'o str> {
    let accept = header_of(req, header::ACCEPT);
    if accept.trim().is_empty() {
        return offered.first().copied();
    }
    chosen(accept, offered)
}

fn chosen<'o>(accept: &str, offered: &[&'o str]) -> Option<&'o str> {
    ranked(accept).iter().find_map(|p| {
        let wanted = p.value.to_ascii_lowercase();
        offered.iter().copied().find(|o| match wanted.as_str() {
            "*/*" => true,
            w => match w.strip_suffix("/*") {
                Some(kind) => o.split('/').next() == Some(kind),
                None => *o == w,
            },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_chooses_the_separator_then_the_language_does() {
        assert_eq!(
            delimiter(Some(Delimiter::Comma), "", "fr-FR"),
            Delimiter::Comma
        );
        assert_eq!(
            delimiter(None, "text/csv; delimiter=semicolon", "en"),
            Delimiter::Semicolon
        );
        assert_eq!(
            delimiter(None, "text/csv; delimiter=\"semicolon\"", ""),
            Delimiter::Semicolon
        );
        assert_eq!(
            delimiter(None, "", "fr-FR,fr;q=0.9,en;q=0.8"),
            Delimiter::Semicolon
        );
        assert_eq!(delimiter(None, "", "en-GB,fr;q=0.9"), Delimiter::Comma);
        assert_eq!(
            delimiter(None, "", "en;q=0.5, fr-CA;q=0.8"),
            Delimiter::Semicolon
        );
        assert_eq!(delimiter(None, "", "*, fr;q=0.5"), Delimiter::Semicolon);
        assert_eq!(delimiter(None, "*/*", ""), Delimiter::Comma);
    }

    #[test]
    fn accept_chooses_among_the_offers_and_refuses_the_rest() {
        let offers = ["application/json", "text/csv"];
        let pick = |accept| chosen(accept, &offers);
        assert_eq!(pick("*/*"), Some("application/json"));
        assert_eq!(pick("application/json"), Some("application/json"));
        assert_eq!(pick("text/csv; delimiter=semicolon"), Some("text/csv"));
        assert_eq!(pick("application/json;q=0.5, text/csv"), Some("text/csv"));
        assert_eq!(pick("text/csv, application/json"), Some("text/csv"));
        assert_eq!(pick("TEXT/*"), Some("text/csv"));
        assert_eq!(pick("application/xml"), None);
        assert_eq!(pick("text/csv;q=0, image/png"), None);
    }

    #[test]
    fn weights_rank_and_zero_refuses() {
        let values: Vec<&str> = ranked("a;q=0.2, b, c;q=0.9, d;q=0, e")
            .iter()
            .map(|p| p.value)
            .collect();
        assert_eq!(values, ["b", "e", "c", "a"]);
    }
}

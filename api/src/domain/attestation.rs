//! Attestations of volunteering: a one-page PDF (who, for whom, what,
//! when, how many hours) with a code anyone can check on the public
//! verification endpoint. Written with the base-14 Helvetica font in
//! WinAnsi encoding, so no font is embedded and French text shows right.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use rand::Rng;

/// What an attestation states.
pub struct Attestation<'a> {
    pub volunteer: &'a str,
    pub organization: &'a str,
    pub mission: &'a str,
    /// The dates, as a sentence ("du 01/12/2026 au 31/03/2027").
    pub dates: &'a str,
    pub hours: f64,
    pub code: &'a str,
    /// Where to check the code.
    pub verify_url: &'a str,
}

/// What a mission could have asked of one volunteer, to bound the hours
/// an attendance attests (an attestation is publicly verifiable: 2,000
/// hours on a month's mission would be a false certificate).
pub struct Engagement {
    /// The first day the volunteer could have come: the mission's start,
    /// or the application's day for a mission without dates.
    pub from: chrono::NaiveDate,
    /// The last: the mission's end, or the day attendance is recorded.
    pub until: chrono::NaiveDate,
    pub per_week: bool,
    /// Hours a week, or in all, as the mission states its commitment.
    pub commitment_hours: f64,
    /// The hours of the shifts the volunteer held, when the mission has
    /// shifts: they say exactly what was asked.
    pub shift_hours: Option<f64>,
}

/// Hours nobody volunteers beyond in one day.
const HOURS_A_DAY: f64 = 16.0;

/// The most hours an attendance may attest: half again what the mission
/// asked (its shifts held, or its commitment over its weeks), plus two
/// hours, and never more than 16 hours a day of its period. The margin
/// leaves room for a longer day than planned, not for a false figure.
pub fn most_hours(e: &Engagement) -> f64 {
    let days = ((e.until - e.from).num_days() + 1).max(1) as f64;
    let asked = match e.shift_hours {
        Some(h) => h,
        None if e.per_week => (days / 7.0).ceil() * e.commitment_hours,
        None => e.commitment_hours,
    };
    let bound = (asked * 1.5 + 2.0).min(days * HOURS_A_DAY).min(2000.0);
    // Quarter hours, as hours are given.
    (bound * 4.0).floor() / 4.0
}

/// A fresh verification code: `RF-` and 10 characters without look-alikes
/// (no 0/O, 1/I/L), about 50 bits.
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    let chars: String = (0..10)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("RF-{}-{}", &chars[..5], &chars[5..])
}

/// Text in Windows-1252, the WinAnsi encoding of the base fonts: Latin-1
/// as is, the typographic marks French uses at their code points, and `?`
/// for what the font cannot show.
fn win1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            'Œ' => 0x8c,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            'œ' => 0x9c,
            'Ÿ' => 0x9f,
            _ => b'?',
        })
        .collect()
}

fn hours_text(hours: f64) -> String {
    let rounded = (hours * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}").replace('.', ",")
    }
}

/// The attestation as a PDF file.
pub fn pdf(a: &Attestation<'_>) -> Vec<u8> {
    let (catalog, pages, page, font, bold, content_id) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
    p.parent(pages);
    p.contents(content_id);
    let mut resources = p.resources();
    let mut fonts = resources.fonts();
    fonts.pair(Name(b"F1"), font);
    fonts.pair(Name(b"F2"), bold);
    fonts.finish();
    resources.finish();
    p.finish();
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    let lines: Vec<(&[u8], f32, String)> = vec![
        (b"F2", 22.0, "Attestation de bénévolat".to_owned()),
        (b"F1", 12.0, String::new()),
        (b"F1", 12.0, format!("{} atteste que", a.organization)),
        (b"F2", 14.0, a.volunteer.to_owned()),
        (
            b"F1",
            12.0,
            format!("a participé bénévolement à la mission « {} »,", a.mission),
        ),
        (
            b"F1",
            12.0,
            format!("{}, pour {} heures.", a.dates, hours_text(a.hours)),
        ),
        (b"F1", 12.0, String::new()),
        (b"F1", 10.0, "Code de vérification :".to_owned()),
        // The code and the address alone on their lines, in ASCII: plain
        // in the file, found by any text extraction.
        (b"F2", 12.0, a.code.to_owned()),
        (b"F1", 10.0, a.verify_url.to_owned()),
        (
            b"F1",
            9.0,
            "Établie par Renfort, plateforme d'engagement bénévole.".to_owned(),
        ),
    ];
    let mut content = Content::new();
    let mut y = 760.0;
    for (font, size, text) in lines {
        if !text.is_empty() {
            content.begin_text();
            content.set_font(Name(font), size);
            content.next_line(72.0, y);
            content.show(Str(&win1252(&text)));
            content.end_text();
        }
        y -= size * 2.0;
    }
    pdf.stream(content_id, &content.finish());
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_distinct() {
        let a = new_code();
        assert_eq!(a.len(), 14);
        assert!(a.starts_with("RF-"));
        assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(a, new_code());
    }

    #[test]
    fn the_pdf_states_the_code_and_the_accents_are_winansi() {
        let bytes = pdf(&Attestation {
            volunteer: "Léa Martin",
            organization: "Restos du Cœur",
            mission: "Distribution de repas",
            dates: "le 01/12/2026",
            hours: 3.5,
            code: "RF-ABCDE-FGHJK",
            verify_url: "https://app.example.org/attestations/RF-ABCDE-FGHJK",
        });
        assert!(bytes.starts_with(b"%PDF-"));
        let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(find(b"RF-ABCDE-FGHJK"));
        assert!(find(b"https://app.example.org/attestations/RF-ABCDE-FGHJK"));
        assert_eq!(win1252("Cœur é"), b"C\x9cur \xe9");
        assert_eq!(hours_text(3.5), "3,5");
        assert_eq!(hours_text(4.0), "4");
    }

    #[test]
    fn hours_are_bounded_by_what_the_mission_asked() {
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        // Four weeks at 3 hours a week: 12 asked, 20 at most.
        let weekly = Engagement {
            from: day(2),
            until: day(29),
            per_week: true,
            commitment_hours: 3.0,
            shift_hours: None,
        };
        assert_eq!(most_hours(&weekly), 20.0);
        // Ten hours in all over one day: 16 a day caps the margin.
        let one_day = Engagement {
            from: day(7),
            until: day(7),
            per_week: false,
            commitment_hours: 10.0,
            shift_hours: None,
        };
        assert_eq!(most_hours(&one_day), 16.0);
        // Two three-hour shifts held: 6 asked, 11 at most.
        let shifts = Engagement {
            shift_hours: Some(6.0),
            ..weekly
        };
        assert_eq!(most_hours(&shifts), 11.0);
    }
}

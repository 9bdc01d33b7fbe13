//! Attestations of volunteering: a one-page PDF (who, for whom, what,
//! when, how many hours) with a code anyone can check on the public
//! verification endpoint.
//!
//! Names come in every script the platform's people write: "Łukasz
//! Wąsik", "Ἀλέξανδρος", "Дарья", "Nguyễn". The PDF embeds the glyphs it
//! uses of DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese; its licence
//! is in `api/assets/fonts/`), subset to those glyphs so the file stays
//! small, with a `ToUnicode` map so that any reader extracts, searches and
//! copies the text as written.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use rand::Rng;

/// DejaVu Sans, whole; each attestation embeds the part it uses.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The subset's PostScript name: a tag of six capitals, `+`, the font's.
const FONT_NAME: &[u8] = b"RNFRTA+DejaVuSans";

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

/// The glyphs of the text an attestation shows, renumbered for the
/// subset: 2-byte codes (Identity-H, code = new glyph id), and what each
/// code means for `ToUnicode`.
struct Glyphs<'f> {
    face: ttf_parser::Face<'f>,
    remapper: subsetter::GlyphRemapper,
    /// New glyph id → the character it shows.
    chars: Vec<(u16, char)>,
}

impl<'f> Glyphs<'f> {
    fn new(face: ttf_parser::Face<'f>) -> Self {
        Self {
            face,
            remapper: subsetter::GlyphRemapper::new(),
            chars: Vec::new(),
        }
    }

    /// `text` as the content stream shows it: a character the font lacks
    /// shows its `.notdef` box (the reader still extracts the character).
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut codes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = self.face.glyph_index(c).map_or(0, |g| g.0);
            let new = self.remapper.remap(old);
            if !self.chars.iter().any(|(g, _)| *g == new) {
                self.chars.push((new, c));
            }
            codes.extend_from_slice(&new.to_be_bytes());
        }
        codes
    }

    /// Widths of the subset's glyphs in order, in thousandths of the size.
    fn widths(&self) -> Vec<f32> {
        let scale = 1000.0 / f32::from(self.face.units_per_em());
        self.remapper
            .remapped_gids()
            .map(|old| {
                let advance = self
                    .face
                    .glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0);
                f32::from(advance) * scale
            })
            .collect()
    }
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
///
/// # Panics
/// If the font compiled in cannot be read or subset: a build defect the
/// tests catch, never a property of the text.
pub fn pdf(a: &Attestation<'_>) -> Vec<u8> {
    let [catalog, pages, page, font, cid_font, descriptor, font_file, to_unicode, content_id] =
        [1, 2, 3, 4, 5, 6, 7, 8, 9].map(Ref::new);
    let face = ttf_parser::Face::parse(FONT, 0).expect("DejaVu Sans compiled in");
    let mut glyphs = Glyphs::new(face);

    // (bold, size, text): bold is the same glyphs, filled and stroked.
    let lines: Vec<(bool, f32, String)> = vec![
        (true, 22.0, "Attestation de bénévolat".to_owned()),
        (false, 12.0, String::new()),
        (false, 12.0, format!("{} atteste que", a.organization)),
        (true, 14.0, a.volunteer.to_owned()),
        (
            false,
            12.0,
            format!("a participé bénévolement à la mission « {} »,", a.mission),
        ),
        (
            false,
            12.0,
            format!("{}, pour {} heures.", a.dates, hours_text(a.hours)),
        ),
        (false, 12.0, String::new()),
        (false, 10.0, "Code de vérification :".to_owned()),
        // The code and the address alone on their lines: found by any
        // text extraction.
        (true, 12.0, a.code.to_owned()),
        (false, 10.0, a.verify_url.to_owned()),
        (
            false,
            9.0,
            "Établie par Renfort, plateforme d'engagement bénévole.".to_owned(),
        ),
    ];
    let mut content = Content::new();
    let mut y = 760.0;
    for (bold, size, text) in lines {
        if !text.is_empty() {
            content.begin_text();
            content.set_font(Name(b"F1"), size);
            if bold {
                content
                    .set_text_rendering_mode(TextRenderingMode::FillStroke)
                    .set_line_width(size / 30.0);
            } else {
                content.set_text_rendering_mode(TextRenderingMode::Fill);
            }
            content.next_line(72.0, y);
            content.show(Str(&glyphs.encode(&text)));
            content.end_text();
        }
        y -= size * 2.0;
    }

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
    p.parent(pages);
    p.contents(content_id);
    p.resources().fonts().pair(Name(b"F1"), font);
    p.finish();

    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(font)
        .base_font(Name(FONT_NAME))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);
    let widths = glyphs.widths();
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(FONT_NAME))
        .system_info(info)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let face = &glyphs.face;
    let scale = 1000.0 / f32::from(face.units_per_em());
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(Name(FONT_NAME))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
        .stem_v(80.0)
        .font_file2(font_file);
    let subset = subsetter::subset(FONT, 0, &glyphs.remapper).expect("DejaVu Sans subsets");
    pdf.stream(font_file, &subset).pair(
        Name(b"Length1"),
        i32::try_from(subset.len()).unwrap_or(i32::MAX),
    );

    let mut cmap = UnicodeCmap::new(Name(b"Renfort-UTF16"), info);
    for (glyph, c) in &glyphs.chars {
        cmap.pair(*glyph, *c);
    }
    pdf.cmap(to_unicode, &cmap.finish())
        .name(Name(b"Renfort-UTF16"))
        .system_info(info);

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
    fn the_pdf_states_the_code_and_embeds_only_the_glyphs_it_uses() {
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
        assert!(find(b"/FontFile2"));
        assert!(find(b"/ToUnicode"));
        assert!(find(b"RNFRTA+DejaVuSans"));
        // One subset font: a small fraction of the whole.
        println!("attestation: {} bytes", bytes.len());
        assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
        assert_eq!(hours_text(3.5), "3,5");
        assert_eq!(hours_text(4.0), "4");
    }

    #[test]
    fn an_independent_reader_extracts_names_in_every_script() {
        for (volunteer, organization, mission) in [
            (
                "Łukasz Wąsik",
                "Secours populaire de Tōkyō",
                "Soutien scolaire",
            ),
            (
                "Ἀλέξανδρος Παπαδόπουλος",
                "Ἑλληνική Κοινότητα",
                "Ἐκμάθηση γλώσσας",
            ),
            ("Дарья Смирнова", "Красный Крест", "Помощь пожилым"),
            ("Nguyễn Thị Hương", "Hội Chữ thập đỏ", "Phát thực phẩm"),
        ] {
            let bytes = pdf(&Attestation {
                volunteer,
                organization,
                mission,
                dates: "le 01/12/2026",
                hours: 3.5,
                code: "RF-ABCDE-FGHJK",
                verify_url: "https://app.example.org/attestations/RF-ABCDE-FGHJK",
            });
            let text = pdf_extract::extract_text_from_mem(&bytes).expect("a readable PDF");
            for expected in [
                volunteer,
                organization,
                mission,
                "Attestation de bénévolat",
                "3,5 heures",
                "RF-ABCDE-FGHJK",
            ] {
                assert!(text.contains(expected), "{expected} not in {text}");
            }
            assert!(!text.contains('?'), "{text}");
            // Shown, not only extracted: the font draws every character.
            let face = ttf_parser::Face::parse(FONT, 0).unwrap();
            for c in [volunteer, organization, mission].concat().chars() {
                assert!(face.glyph_index(c).is_some(), "no glyph for {c}");
            }
        }
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

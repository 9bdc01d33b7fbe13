//! French departments and the postcode rule that finds them.

use chrono_tz::Tz;
use serde::Serialize;

/// One of the 101 departments: code (`01`…`95`, `2A`, `2B`, `971`…`976`),
/// name and region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Department {
    #[schema(example = "2A")]
    pub code: &'static str,
    #[schema(example = "Corse-du-Sud")]
    pub name: &'static str,
    #[schema(example = "Corse")]
    pub region: &'static str,
}

const ARA: &str = "Auvergne-Rhône-Alpes";
const BFC: &str = "Bourgogne-Franche-Comté";
const BRE: &str = "Bretagne";
const CVL: &str = "Centre-Val de Loire";
const COR: &str = "Corse";
const GES: &str = "Grand Est";
const HDF: &str = "Hauts-de-France";
const IDF: &str = "Île-de-France";
const NOR: &str = "Normandie";
const NAQ: &str = "Nouvelle-Aquitaine";
const OCC: &str = "Occitanie";
const PDL: &str = "Pays de la Loire";
const PAC: &str = "Provence-Alpes-Côte d'Azur";

macro_rules! departments {
    ($(($code:literal, $name:literal, $region:expr)),* $(,)?) => {
        pub const DEPARTMENTS: &[Department] = &[
            $(Department { code: $code, name: $name, region: $region }),*
        ];
    };
}

departments![
    ("01", "Ain", ARA),
    ("02", "Aisne", HDF),
    ("03", "Allier", ARA),
    ("04", "Alpes-de-Haute-Provence", PAC),
    ("05", "Hautes-Alpes", PAC),
    ("06", "Alpes-Maritimes", PAC),
    ("07", "Ardèche", ARA),
    ("08", "Ardennes", GES),
    ("09", "Ariège", OCC),
    ("10", "Aube", GES),
    ("11", "Aude", OCC),
    ("12", "Aveyron", OCC),
    ("13", "Bouches-du-Rhône", PAC),
    ("14", "Calvados", NOR),
    ("15", "Cantal", ARA),
    ("16", "Charente", NAQ),
    ("17", "Charente-Maritime", NAQ),
    ("18", "Cher", CVL),
    ("19", "Corrèze", NAQ),
    ("2A", "Corse-du-Sud", COR),
    ("2B", "Haute-Corse", COR),
    ("21", "Côte-d'Or", BFC),
    ("22", "Côtes-d'Armor", BRE),
    ("23", "Creuse", NAQ),
    ("24", "Dordogne", NAQ),
    ("25", "Doubs", BFC),
    ("26", "Drôme", ARA),
    ("27", "Eure", NOR),
    ("28", "Eure-et-Loir", CVL),
    ("29", "Finistère", BRE),
    ("30", "Gard", OCC),
    ("31", "Haute-Garonne", OCC),
    ("32", "Gers", OCC),
    ("33", "Gironde", NAQ),
    ("34", "Hérault", OCC),
    ("35", "Ille-et-Vilaine", BRE),
    ("36", "Indre", CVL),
    ("37", "Indre-et-Loire", CVL),
    ("38", "Isère", ARA),
    ("39", "Jura", BFC),
    ("40", "Landes", NAQ),
    ("41", "Loir-et-Cher", CVL),
    ("42", "Loire", ARA),
    ("43", "Haute-Loire", ARA),
    ("44", "Loire-Atlantique", PDL),
    ("45", "Loiret", CVL),
    ("46", "Lot", OCC),
    ("47", "Lot-et-Garonne", NAQ),
    ("48", "Lozère", OCC),
    ("49", "Maine-et-Loire", PDL),
    ("50", "Manche", NOR),
    ("51", "Marne", GES),
    ("52", "Haute-Marne", GES),
    ("53", "Mayenne", PDL),
    ("54", "Meurthe-et-Moselle", GES),
    ("55", "Meuse", GES),
    ("56", "Morbihan", BRE),
    ("57", "Moselle", GES),
    ("58", "Nièvre", BFC),
    ("59", "Nord", HDF),
    ("60", "Oise", HDF),
    ("61", "Orne", NOR),
    ("62", "Pas-de-Calais", HDF),
    ("63", "Puy-de-Dôme", ARA),
    ("64", "Pyrénées-Atlantiques", NAQ),
    ("65", "Hautes-Pyrénées", OCC),
    ("66", "Pyrénées-Orientales", OCC),
    ("67", "Bas-Rhin", GES),
    ("68", "Haut-Rhin", GES),
    ("69", "Rhône", ARA),
    ("70", "Haute-Saône", BFC),
    ("71", "Saône-et-Loire", BFC),
    ("72", "Sarthe", PDL),
    ("73", "Savoie", ARA),
    ("74", "Haute-Savoie", ARA),
    ("75", "Paris", IDF),
    ("76", "Seine-Maritime", NOR),
    ("77", "Seine-et-Marne", IDF),
    ("78", "Yvelines", IDF),
    ("79", "Deux-Sèvres", NAQ),
    ("80", "Somme", HDF),
    ("81", "Tarn", OCC),
    ("82", "Tarn-et-Garonne", OCC),
    ("83", "Var", PAC),
    ("84", "Vaucluse", PAC),
    ("85", "Vendée", PDL),
    ("86", "Vienne", NAQ),
    ("87", "Haute-Vienne", NAQ),
    ("88", "Vosges", GES),
    ("89", "Yonne", BFC),
    ("90", "Territoire de Belfort", BFC),
    ("91", "Essonne", IDF),
    ("92", "Hauts-de-Seine", IDF),
    ("93", "Seine-Saint-Denis", IDF),
    ("94", "Val-de-Marne", IDF),
    ("95", "Val-d'Oise", IDF),
    ("971", "Guadeloupe", "Guadeloupe"),
    ("972", "Martinique", "Martinique"),
    ("973", "Guyane", "Guyane"),
    ("974", "La Réunion", "La Réunion"),
    ("976", "Mayotte", "Mayotte"),
];

/// The department of a department code, if it is one.
pub fn by_code(code: &str) -> Option<&'static Department> {
    DEPARTMENTS
        .iter()
        .find(|d| d.code.eq_ignore_ascii_case(code))
}

/// The time zone where a department keeps its clocks, from the IANA
/// database: its missions' hours, days and reminders are reckoned there.
/// The overseas collectivities are named too (975, 977, 978, 986–988),
/// for the day they take missions; everywhere else is Paris time.
pub fn time_zone(code: &str) -> Tz {
    use chrono_tz::{America, Europe, Indian, Pacific};
    match code {
        "971" => America::Guadeloupe,
        "972" => America::Martinique,
        "973" => America::Cayenne,
        "974" => Indian::Reunion,
        "975" => America::Miquelon,
        "976" => Indian::Mayotte,
        "977" => America::St_Barthelemy,
        "978" => America::Marigot,
        "986" => Pacific::Wallis,
        "987" => Pacific::Tahiti,
        "988" => Pacific::Noumea,
        _ => Europe::Paris,
    }
}

/// Every zone the platform's departments keep, each with its departments
/// (Paris first).
pub fn zones() -> Vec<(Tz, Vec<&'static str>)> {
    let mut zones: Vec<(Tz, Vec<&'static str>)> = Vec::new();
    for d in DEPARTMENTS {
        let zone = time_zone(d.code);
        match zones.iter_mut().find(|(z, _)| *z == zone) {
            Some((_, codes)) => codes.push(d.code),
            None => zones.push((zone, vec![d.code])),
        }
    }
    zones
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    #[error("a French postcode has exactly five digits")]
    Format,
    #[error("this postcode belongs to no French department (Monaco, overseas collectivities and unused ranges are refused)")]
    NoDepartment,
}

/// The department a French postcode belongs to.
///
/// Corsica shares the `20` prefix: `200xx`/`201xx` are Corse-du-Sud (2A),
/// `202xx` and `206xx` Haute-Corse (2B). Overseas departments use three
/// digits (`971`–`974`, `976`); `975` (Saint-Pierre-et-Miquelon), `98x`
/// (Monaco, Pacific collectivities) and `00`/`96` are not departments.
///
/// A few rural postcodes straddle a department line (the post office sits
/// in the neighbouring one); the prefix rule is what the post and every
/// other platform use, and a referent can still move an organisation.
pub fn department_of_postcode(postcode: &str) -> Result<&'static Department, PostcodeError> {
    let bytes = postcode.as_bytes();
    if bytes.len() != 5 || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(PostcodeError::Format);
    }
    let code = match &postcode[..2] {
        "20" => match &postcode[..3] {
            "200" | "201" => "2A",
            "202" | "206" => "2B",
            _ => return Err(PostcodeError::NoDepartment),
        },
        "97" => &postcode[..3],
        "00" | "96" | "98" | "99" => return Err(PostcodeError::NoDepartment),
        two => two,
    };
    by_code(code).ok_or(PostcodeError::NoDepartment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(postcode: &str) -> Result<&'static str, PostcodeError> {
        department_of_postcode(postcode).map(|d| d.code)
    }

    #[test]
    fn overseas_departments_keep_their_own_time_and_the_rest_paris_time() {
        assert_eq!(time_zone("974").name(), "Indian/Reunion");
        assert_eq!(time_zone("971").name(), "America/Guadeloupe");
        assert_eq!(time_zone("973").name(), "America/Cayenne");
        assert_eq!(time_zone("987").name(), "Pacific/Tahiti");
        assert_eq!(time_zone("69").name(), "Europe/Paris");
        assert_eq!(time_zone("2A").name(), "Europe/Paris");
        let zones = zones();
        assert_eq!(zones[0].0.name(), "Europe/Paris");
        assert_eq!(zones[0].1.len(), 96);
        // Guadeloupe, Martinique, Guyane, La Réunion, Mayotte.
        assert_eq!(zones.len(), 6);
        assert!(zones.iter().all(|(_, codes)| !codes.is_empty()));
    }

    #[test]
    fn there_are_101_departments_with_unique_codes() {
        assert_eq!(DEPARTMENTS.len(), 101);
        let mut codes: Vec<_> = DEPARTMENTS.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 101);
    }

    #[test]
    fn metropolitan_postcodes_use_their_first_two_digits() {
        assert_eq!(dept("75011"), Ok("75"));
        assert_eq!(dept("01000"), Ok("01"));
        assert_eq!(dept("13001"), Ok("13"));
        assert_eq!(dept("95000"), Ok("95"));
        assert_eq!(dept("69003"), Ok("69"));
    }

    #[test]
    fn corsica_is_split_by_the_third_digit() {
        assert_eq!(dept("20000"), Ok("2A"));
        assert_eq!(dept("20090"), Ok("2A"));
        assert_eq!(dept("20137"), Ok("2A"));
        assert_eq!(dept("20200"), Ok("2B"));
        assert_eq!(dept("20290"), Ok("2B"));
        assert_eq!(dept("20600"), Ok("2B"));
        assert_eq!(dept("20400"), Err(PostcodeError::NoDepartment));
    }

    #[test]
    fn overseas_departments_use_three_digits() {
        assert_eq!(dept("97100"), Ok("971"));
        assert_eq!(dept("97200"), Ok("972"));
        assert_eq!(dept("97300"), Ok("973"));
        assert_eq!(dept("97400"), Ok("974"));
        assert_eq!(dept("97600"), Ok("976"));
        assert_eq!(dept("97500"), Err(PostcodeError::NoDepartment));
    }

    #[test]
    fn monaco_and_malformed_postcodes_are_refused() {
        assert_eq!(dept("98000"), Err(PostcodeError::NoDepartment));
        assert_eq!(dept("00100"), Err(PostcodeError::NoDepartment));
        assert_eq!(dept("7501"), Err(PostcodeError::Format));
        assert_eq!(dept("750011"), Err(PostcodeError::Format));
        assert_eq!(dept("7501A"), Err(PostcodeError::Format));
        assert_eq!(dept(" 7501"), Err(PostcodeError::Format));
    }

    #[test]
    fn codes_are_found_whatever_their_case() {
        assert_eq!(by_code("2a").map(|d| d.name), Some("Corse-du-Sud"));
        assert!(by_code("975").is_none());
    }
}

//! French organisation identifiers.

use super::validation::{invalid, Invalid};

/// RNA (répertoire national des associations): `W` and nine digits.
pub fn rna(value: &str) -> Result<String, Invalid> {
    let v = value.trim().to_ascii_uppercase();
    let ok = v.len() == 10 && v.starts_with('W') && v[1..].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(v)
    } else {
        Err(invalid(
            "invalid_format",
            "an RNA number is W followed by 9 digits",
        ))
    }
}

/// SIRET: 14 digits passing the Luhn check. La Poste's establishments
/// (SIREN 356 000 000) are the documented exception: their digits sum to a
/// multiple of 5 instead.
pub fn siret(value: &str) -> Result<String, Invalid> {
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("invalid_format", "a SIRET number has 14 digits"));
    }
    let digits: Vec<u32> = v.bytes().map(|b| u32::from(b - b'0')).collect();
    let valid = if v.starts_with("356000000") {
        digits.iter().sum::<u32>().is_multiple_of(5)
    } else {
        luhn(&digits)
    };
    if valid {
        Ok(v)
    } else {
        Err(invalid(
            "invalid_checksum",
            "this SIRET number fails its check digit",
        ))
    }
}

fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rna_numbers() {
        assert_eq!(rna("w751234567").unwrap(), "W751234567");
        for bad in ["751234567", "W75123456", "W75123456A", "X751234567"] {
            assert!(rna(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn siret_numbers_pass_luhn() {
        // A real, public SIRET (DINUM).
        assert_eq!(siret("130 025 265 00013").unwrap(), "13002526500013");
        assert_eq!(
            siret("13002526500014").unwrap_err().code,
            "invalid_checksum"
        );
        assert_eq!(siret("1300252650001").unwrap_err().code, "invalid_format");
        // La Poste: the sum of digits is a multiple of 5.
        assert!(siret("35600000000047").is_ok());
        assert!(siret("35600000000048").is_err());
    }
}

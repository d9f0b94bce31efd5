//! ASCII slugs derived from Czech text ("Bydlení" → "bydleni", "1.1.1.1" → "1-1-1-1").
//! Pure functions; URLs built from these stay stable as long as the titles do.

/// Maps one character with Czech or other Central European diacritics to its ASCII base letter.
fn fold_char(c: char) -> Option<char> {
    let folded = match c {
        'á' | 'ä' | 'à' | 'â' | 'ã' | 'å' => 'a',
        'č' | 'ç' | 'ć' => 'c',
        'ď' | 'đ' => 'd',
        'é' | 'ě' | 'ë' | 'è' | 'ê' => 'e',
        'í' | 'ï' | 'ì' | 'î' => 'i',
        'ľ' | 'ĺ' | 'ł' => 'l',
        'ň' | 'ñ' | 'ń' => 'n',
        'ó' | 'ö' | 'ò' | 'ô' | 'õ' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'š' | 'ś' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ú' | 'ů' | 'ü' | 'ù' | 'û' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ž' | 'ź' | 'ż' => 'z',
        c if c.is_ascii_alphanumeric() => c,
        _ => return None,
    };
    Some(folded)
}

/// Removes diacritics and lower-cases, keeping every other character as it is.
/// Used for accent-insensitive comparisons ("bydleni" matches "Bydlení").
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII, most of any text, are lower-cased a byte at a time.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        let start = folded.len();
        folded.push_str(&rest[..ascii]);
        folded[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            folded.extend(c.to_lowercase().map(|c| fold_char(c).unwrap_or(c)));
            rest = chars.as_str();
        }
    }
    folded
}

/// Turns any text into a URL slug: lower-case ASCII letters and digits separated by single
/// hyphens, no leading or trailing hyphen. Returns an empty string when nothing is left.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold_char(c) {
            Some(ascii) => {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push(ascii);
            }
            None => pending_hyphen = true,
        }
    }
    slug
}

/// Whether a slug given by an editor is safe to use as one URL path segment.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn czech_titles_become_ascii_slugs() {
        assert_eq!(slugify("Bydlení"), "bydleni");
        assert_eq!(
            slugify("Zaměstnanost a dluhová problematika"),
            "zamestnanost-a-dluhova-problematika"
        );
        assert_eq!(slugify("Průběžné vyhodnocení I."), "prubezne-vyhodnoceni-i");
        assert_eq!(
            slugify("ŽLUŤOUČKÝ kůň úpěl ďábelské ódy"),
            "zlutoucky-kun-upel-dabelske-ody"
        );
        assert_eq!(slugify("1.1.1.1"), "1-1-1-1");
        assert_eq!(slugify("  --Ostrava!!! 2022–2027 "), "ostrava-2022-2027");
        assert_eq!(slugify("„“ – …"), "");
    }

    #[test]
    fn fold_ignores_case_and_diacritics() {
        assert_eq!(fold("Bydlení"), "bydleni");
        assert_eq!(fold("DOMOVNÍK"), "domovnik");
    }

    #[test]
    fn slug_validation_rejects_path_tricks() {
        assert!(is_valid_slug("prvni-rok-kontaktniho-mista"));
        for bad in ["", "../etc", "a/b", "A", "-a", "a-", "a--b", "a\\b", "č"] {
            assert!(!is_valid_slug(bad), "{bad:?} should be rejected");
        }
    }
}

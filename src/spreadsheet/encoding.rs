//! The text encodings a wave spreadsheet arrives in: UTF-8 with or without a byte-order mark
//! (Excel's "CSV UTF-8"), and windows-1250 (Czech Excel's "CSV (oddělený středníkem)"), which is
//! read with a warning. Turns the file's bytes into text, or says how to save the file instead.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The byte-order mark: written at the start of the template so that Excel reads it as UTF-8,
/// and dropped from the start of a file that is read.
pub const BOM: char = '\u{feff}';

/// windows-1250 bytes 0x80–0xFF; `None` where the code page defines no character.
const WINDOWS_1250_HIGH: [Option<char>; 128] = {
    const TABLE: [char; 128] = [
        '\u{20ac}', '\u{fffd}', '\u{201a}', '\u{fffd}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{fffd}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{015a}', '\u{0164}',
        '\u{017d}', '\u{0179}', '\u{fffd}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{fffd}', '\u{2122}', '\u{0161}', '\u{203a}',
        '\u{015b}', '\u{0165}', '\u{017e}', '\u{017a}', '\u{00a0}', '\u{02c7}', '\u{02d8}',
        '\u{0141}', '\u{00a4}', '\u{0104}', '\u{00a6}', '\u{00a7}', '\u{00a8}', '\u{00a9}',
        '\u{015e}', '\u{00ab}', '\u{00ac}', '\u{00ad}', '\u{00ae}', '\u{017b}', '\u{00b0}',
        '\u{00b1}', '\u{02db}', '\u{0142}', '\u{00b4}', '\u{00b5}', '\u{00b6}', '\u{00b7}',
        '\u{00b8}', '\u{0105}', '\u{015f}', '\u{00bb}', '\u{013d}', '\u{02dd}', '\u{013e}',
        '\u{017c}', '\u{0154}', '\u{00c1}', '\u{00c2}', '\u{0102}', '\u{00c4}', '\u{0139}',
        '\u{0106}', '\u{00c7}', '\u{010c}', '\u{00c9}', '\u{0118}', '\u{00cb}', '\u{011a}',
        '\u{00cd}', '\u{00ce}', '\u{010e}', '\u{0110}', '\u{0143}', '\u{0147}', '\u{00d3}',
        '\u{00d4}', '\u{0150}', '\u{00d6}', '\u{00d7}', '\u{0158}', '\u{016e}', '\u{00da}',
        '\u{0170}', '\u{00dc}', '\u{00dd}', '\u{0162}', '\u{00df}', '\u{0155}', '\u{00e1}',
        '\u{00e2}', '\u{0103}', '\u{00e4}', '\u{013a}', '\u{0107}', '\u{00e7}', '\u{010d}',
        '\u{00e9}', '\u{0119}', '\u{00eb}', '\u{011b}', '\u{00ed}', '\u{00ee}', '\u{010f}',
        '\u{0111}', '\u{0144}', '\u{0148}', '\u{00f3}', '\u{00f4}', '\u{0151}', '\u{00f6}',
        '\u{00f7}', '\u{0159}', '\u{016f}', '\u{00fa}', '\u{0171}', '\u{00fc}', '\u{00fd}',
        '\u{0163}', '\u{02d9}',
    ];
    let mut out = [None; 128];
    let mut i = 0;
    while i < 128 {
        if TABLE[i] != '\u{fffd}' {
            out[i] = Some(TABLE[i]);
        }
        i += 1;
    }
    out
};

/// Text in windows-1250, the code page of Czech Windows (Excel's "CSV (oddělený středníkem)"),
/// or `None` when the bytes use one of the five codes it leaves undefined.
pub fn decode_windows_1250(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                Some(char::from(b))
            } else {
                WINDOWS_1250_HIGH[usize::from(b - 0x80)]
            }
        })
        .collect()
}

/// The text of the file's `bytes` without a byte-order mark, with the warnings about how it was
/// read; `shown` is its path for messages.
pub(super) fn decode(shown: &Path, bytes: &[u8]) -> Result<(String, Diagnostics), Diagnostics> {
    let mut warnings = Diagnostics::default();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => match decode_windows_1250(bytes) {
            Some(text) => {
                warnings.push(
                    Diagnostic::warning(shown, "the file is not UTF-8; it was read as windows-1250")
                        .with_hint("check the Czech letters in the new wave file; next time save the spreadsheet as \"CSV UTF-8\""),
                );
                text
            }
            None => {
                return Err(Diagnostics(vec![Diagnostic::error(
                    shown,
                    "the file is neither UTF-8 nor windows-1250 text",
                )
                .with_hint("save the spreadsheet as \"CSV UTF-8 (oddělený čárkou)\"")]))
            }
        },
    };
    let text = text.strip_prefix(BOM).map(str::to_owned).unwrap_or(text);
    Ok((text, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1250_is_decoded() {
        // "Dokončeno; Průběžně" in windows-1250.
        let bytes = b"Dokon\xe8eno; Pr\xf9b\xec\x9en\xec";
        assert_eq!(decode_windows_1250(bytes).unwrap(), "Dokončeno; Průběžně");
        assert_eq!(decode_windows_1250(b"\x81"), None);
    }
}

//! The text encodings a wave spreadsheet arrives in, as Excel saves them: UTF-8 with or without
//! a byte-order mark ("CSV UTF-8"), UTF-16 little- or big-endian with a byte-order mark
//! ("Unicode Text", which Excel separates with tabs), and windows-1250 (Czech Excel's "CSV
//! (oddělený středníkem)"), which is read with a warning because nothing in the file says that
//! it is windows-1250. The decoding is encoding_rs's; this module picks the encoding and says
//! how to save a file that cannot be read.

use std::borrow::Cow;
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1250};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The byte-order mark: written at the start of the template so that Excel reads it as UTF-8,
/// and dropped from the start of a file that is read.
pub const BOM: char = '\u{feff}';

/// The hint for a file that cannot be read: the format every spreadsheet program can save and
/// milnik always reads.
fn save_as_csv_utf_8() -> String {
    crate::msg!("import.encoding.save_as")
}

/// The text of the file's `bytes` without a byte-order mark, with the warnings about how it was
/// read; `shown` is its path for messages. A UTF-16 byte-order mark decides the encoding; other
/// files are UTF-8 when they can be, else windows-1250.
pub(super) fn decode(shown: &Path, bytes: &[u8]) -> Result<(String, Diagnostics), Diagnostics> {
    let mut warnings = Diagnostics::default();
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) if encoding == UTF_16LE || encoding == UTF_16BE => {
            decode_utf_16(shown, encoding, &bytes[bom_length..])?
        }
        _ => {
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => text.to_string(),
                Err(_) => match decode_windows_1250(bytes) {
                    Some(text) => {
                        warnings.push(
                            Diagnostic::warning(shown, crate::msg!("import.encoding.windows_1250"))
                                .with_hint(crate::msg!("import.encoding.windows_1250_hint")),
                        );
                        text
                    }
                    None => {
                        return Err(Diagnostics(vec![Diagnostic::error(
                            shown,
                            crate::msg!("import.encoding.unknown"),
                        )
                        .with_hint(save_as_csv_utf_8())]))
                    }
                },
            }
        }
    };
    let text = text.strip_prefix(BOM).map(str::to_owned).unwrap_or(text);
    Ok((text, warnings))
}

/// UTF-16 text after its byte-order mark, or an error when it is not valid UTF-16: a file cut
/// off in the middle of a character, or one with half of a surrogate pair.
fn decode_utf_16(
    shown: &Path,
    encoding: &'static Encoding,
    bytes: &[u8],
) -> Result<String, Diagnostics> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
        .ok_or_else(|| {
            Diagnostics(vec![Diagnostic::error(
                shown,
                crate::msg!("import.encoding.bad_utf_16"),
            )
            .with_hint(crate::msg!(
                "import.encoding.bad_utf_16_hint",
                save_as = save_as_csv_utf_8()
            ))])
        })
}

/// Text in windows-1250, the code page of Czech Windows, or `None` when the bytes use one of
/// the five codes the code page leaves undefined (0x81, 0x83, 0x88, 0x90, 0x98), which the
/// Encoding Standard that encoding_rs follows decodes as C1 control characters: no spreadsheet
/// saved in windows-1250 has them, so such a file is in some other encoding.
fn decode_windows_1250(bytes: &[u8]) -> Option<String> {
    let text = WINDOWS_1250.decode_without_bom_handling_and_without_replacement(bytes)?;
    let undefined = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    (!text.chars().any(undefined)).then(|| text.into_owned())
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

    #[test]
    fn only_the_five_undefined_codes_of_windows_1250_are_refused() {
        let refused: Vec<u8> = (0..=255u8)
            .filter(|&b| decode_windows_1250(&[b]).is_none())
            .collect();
        assert_eq!(refused, [0x81, 0x83, 0x88, 0x90, 0x98]);
    }

    const TEXT: &str = "type\tid\tstatus\r\nmeasure\t1.1.1.1\tDokončeno – průběžně\r\n";

    fn utf_16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    fn error_of(bytes: &[u8]) -> Diagnostic {
        let err = decode(Path::new("a.csv"), bytes).unwrap_err();
        assert_eq!(err.0.len(), 1, "{err}");
        err.0[0].clone()
    }

    #[test]
    fn utf_16_with_a_byte_order_mark_is_read_in_either_byte_order() {
        for big_endian in [false, true] {
            let (text, warnings) = decode(Path::new("a.csv"), &utf_16(TEXT, big_endian)).unwrap();
            assert_eq!(text, TEXT, "big endian: {big_endian}");
            assert!(warnings.0.is_empty(), "{warnings}");
        }
        // As from UTF-8, with or without its byte-order mark.
        let with_bom = format!("{BOM}{TEXT}");
        for bytes in [TEXT.as_bytes(), with_bom.as_bytes()] {
            assert_eq!(decode(Path::new("a.csv"), bytes).unwrap().0, TEXT);
        }
    }

    #[test]
    fn broken_utf_16_is_refused_with_how_to_save_the_file() {
        let mut cut_short = utf_16(TEXT, false);
        cut_short.pop();
        let mut half_a_pair = utf_16("type\tid", true);
        half_a_pair.extend([0xd8, 0x3d, 0x00, 0x41]);
        for bytes in [cut_short, half_a_pair] {
            let d = error_of(&bytes);
            assert_eq!(
                d.message,
                "the file starts as UTF-16 text (Excel's \"Unicode Text\") but is not valid UTF-16"
            );
            assert_eq!(
                d.hint.as_deref(),
                Some("the file may be cut short or damaged; save the spreadsheet as \"CSV UTF-8 (oddělený čárkou)\"")
            );
        }
    }

    #[test]
    fn a_file_in_neither_utf_8_nor_windows_1250_is_refused() {
        let d = error_of(b"type;id\r\nmeasure;1.1.1.1\x81\r\n");
        assert_eq!(d.message, "the file is neither UTF-8 nor windows-1250 text");
        assert_eq!(
            d.hint.as_deref(),
            Some("save the spreadsheet as \"CSV UTF-8 (oddělený čárkou)\"")
        );
    }
}

//! The JSON of a document's file `d/<n / 100>/<n>.json`: what a result shows, written as
//! serde_json would write it but with the long text escaped sixteen bytes at a time.

use serde::Serialize;

use super::documents::{DocBadge, DocKind, SearchDoc};

/// What a document's file holds besides its text, which [`fragment_json`] adds.
#[derive(Serialize)]
struct Fragment<'a> {
    href: &'a str,
    title: &'a str,
    kind: DocKind,
    id: Option<&'a str>,
    badge: Option<&'a DocBadge>,
}

/// Document `doc`'s file: its [`Fragment`] and then `text`, its lead and body on separate
/// lines, as serde_json would write the field. The text is most of the index's bytes (60 MB
/// for 10,000 articles) and serde_json escapes it a byte at a time, so it is escaped here
/// sixteen bytes at a time. `#[inline]` into its one caller, the indexer in another module.
#[inline]
pub(super) fn fragment_json(doc: &SearchDoc) -> Vec<u8> {
    let fragment = Fragment {
        href: &doc.href,
        title: &doc.title,
        kind: doc.kind,
        id: doc.id.as_deref(),
        badge: doc.badge.as_ref(),
    };
    let mut out = Vec::with_capacity(doc.lead.len() + doc.body.len() + 256);
    serde_json::to_writer(&mut out, &fragment).expect("index data serializes");
    debug_assert_eq!(out.last(), Some(&b'}'));
    out.pop();
    out.extend_from_slice(b",\"text\":\"");
    push_json_escaped(&mut out, &doc.lead);
    if !doc.lead.is_empty() && !doc.body.is_empty() {
        out.extend_from_slice(b"\\n");
    }
    push_json_escaped(&mut out, &doc.body);
    out.extend_from_slice(b"\"}");
    out
}

/// Appends `text` escaped as the inside of a JSON string, byte for byte as serde_json escapes
/// it: `"` and `\\` with a backslash, the control characters with a short escape or `\\u00xx`.
fn push_json_escaped(out: &mut Vec<u8>, text: &str) {
    let needs_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Sixteen bytes at a time while none of them needs escaping (the compiler checks the
        // sixteen in parallel, since nothing stops the fold early).
        if let Some(chunk) = bytes.get(i..i + 16) {
            if !chunk.iter().fold(false, |any, &b| any | needs_escape(b)) {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[copied..i]);
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(b >> 4)]);
                    out.push(HEX[usize::from(b & 0xf)]);
                }
            }
            copied = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::samples::mixed_text;
    use crate::search::documents::push_text;

    #[test]
    fn a_document_file_is_the_json_of_its_fields_and_text() {
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str(&mixed_text());
        text.push_str(" \"quoted\" back\\slash „Czech“");
        let badge = DocBadge {
            label: "V realizaci (2/6)".into(),
            key: "in-progress",
        };
        for (lead, body, id, badge) in [
            (text.as_str(), text.as_str(), Some("1.1.2.1"), Some(badge)),
            ("", text.as_str(), None, None),
            (text.as_str(), "", None, None),
            ("", "", None, None),
        ] {
            let doc = SearchDoc {
                kind: DocKind::Measure,
                href: "/opatreni/1-1-2-1/".into(),
                title: "Domovník \"v\" domě".into(),
                id: id.map(String::from),
                badge: badge.clone(),
                lead: lead.into(),
                body: body.into(),
            };
            let mut joined = doc.lead.clone();
            push_text(&mut joined, &doc.body);
            // Each field as serde_json writes it, in the order of the struct.
            let badge = &doc.badge;
            let fields: [(&str, Vec<u8>); 6] = [
                ("href", serde_json::to_vec(&doc.href).unwrap()),
                ("title", serde_json::to_vec(&doc.title).unwrap()),
                ("kind", serde_json::to_vec(&doc.kind).unwrap()),
                ("id", serde_json::to_vec(&doc.id).unwrap()),
                ("badge", serde_json::to_vec(&badge).unwrap()),
                ("text", serde_json::to_vec(&joined).unwrap()),
            ];
            let mut expected = b"{".to_vec();
            for (n, (key, value)) in fields.iter().enumerate() {
                if n > 0 {
                    expected.push(b',');
                }
                expected.extend(format!("\"{key}\":").bytes());
                expected.extend(value);
            }
            expected.push(b'}');
            let written = fragment_json(&doc);
            let first_difference = written.iter().zip(&expected).position(|(a, b)| a != b);
            assert!(
                written == expected,
                "differs from byte {first_difference:?} (lengths {} and {})",
                written.len(),
                expected.len()
            );
        }
    }
}

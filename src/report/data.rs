//! The data a report's template reads as `/data.json`: the wave's report context
//! (`pages::waves::report_context`, the same views as the pages) made ready for print. Every
//! narrative (a key ending in `_html`, or a list of them) becomes Typst markup under the same
//! key with `_markup` in place of `_html`; every other text gets the site's typography (Czech
//! non-breaking spaces, quotes and dashes, as on the pages); the phone-width drawings of the
//! charts are left out. The theme's translations come along as `t`, each text typeset the same
//! way.

use serde_json::{Map, Value};

use super::markup::{self, Links};
use crate::i18n::Translations;

/// Keys whose text is an address, a name in code or a drawing: never typeset.
const VERBATIM: [&str; 12] = [
    "href",
    "id",
    "slug",
    "anchor",
    "key",
    "svg",
    "path",
    "kind",
    "movement",
    "canonical",
    "published_iso",
    "level",
];

/// What shapes the data: the site's language and its absolute base URL for links.
pub(super) struct Print<'a> {
    pub czech: bool,
    pub links: Links<'a>,
}

impl Print<'_> {
    /// `context` (serialized) made ready for print, with the translations as `t`.
    pub(super) fn data(&self, context: Value, tr: &Translations) -> Value {
        let mut root = self.value(context, "");
        if let Value::Object(map) = &mut root {
            let t: Map<String, Value> = tr
                .keys()
                .map(|k| (k.to_string(), Value::String(self.text(tr.text(k)))))
                .collect();
            map.insert("t".into(), Value::Object(t));
        }
        root
    }

    /// `value` (serialized) made ready for print, without the translations.
    pub(super) fn typeset(&self, value: Value) -> Value {
        self.value(value, "")
    }

    fn value(&self, value: Value, key: &str) -> Value {
        match value {
            Value::String(s) if key.ends_with("_html") => Value::String(self.markup(&s)),
            Value::String(s) if VERBATIM.contains(&key) => Value::String(s),
            Value::String(s) => Value::String(self.text(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.value(v, key)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .filter(|(k, _)| k != "svg_narrow")
                    .map(|(k, v)| {
                        let v = self.value(v, &k);
                        match k.strip_suffix("_html") {
                            Some(stem) => (format!("{stem}_markup"), v),
                            None => (k, v),
                        }
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// Typst markup for a narrative, typeset first. Headings in it sit below the section it
    /// stands in (level 1): the template decides where that is.
    fn markup(&self, html: &str) -> String {
        let html = if self.czech {
            crate::typography::czech_html(html)
        } else {
            std::borrow::Cow::Borrowed(html)
        };
        markup::from_html(&html, 1, &self.links)
    }

    /// A plain text typeset for the site's language.
    fn text(&self, text: &str) -> String {
        if !self.czech || text.is_empty() {
            return text.to_string();
        }
        let mut escaped = String::with_capacity(text.len() + 8);
        let _ = crate::html::escape_text_node(text, &mut escaped);
        match crate::typography::czech_html(&escaped) {
            std::borrow::Cow::Borrowed(_) => text.to_string(),
            std::borrow::Cow::Owned(typeset) => crate::html::decode_references(&typeset),
        }
    }
}

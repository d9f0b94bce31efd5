//! Czech typography applied to the text of rendered HTML pages.
//!
//! [`czech_html`] is a post-pass over a finished page. It changes text content only — never
//! markup, attribute values, comments, or anything inside `code`, `pre`, `kbd`, `samp`, `script`,
//! `style`, `textarea`, `svg` and `math` — and applies these rules:
//!
//! 1. a one-letter preposition or conjunction (k, s, v, z, o, u, a, i, either case) is bound to the
//!    next word by a non-breaking space: "v Ostravě";
//! 2. the thousands groups of a number are bound together: "14 964 994,80";
//! 3. a number is bound to its unit ("6,88 %", "15 mil. Kč") and a reference abbreviation to its
//!    number ("§ 5", "č. 12");
//! 4. the parts of a date are bound together: "1. 11. 2022", "1. ledna 2024", "leden 2024";
//! 5. straight double quotes become Czech quotes „…“;
//! 6. the hyphen of a numeric range becomes an en dash ("2022–2027"), and a hyphen spaced between
//!    words becomes an en dash bound to the word before it ("slovo – slovo").
//!
//! Non-breaking spaces, quotes and dashes are written as literal characters; every other byte is
//! kept as it was, entities included. `&nbsp;` and `&quot;` (and their numeric forms) are read as
//! the characters they stand for, so they give context like the characters themselves.
//!
//! Inline elements (`a`, `em`, `span`, …) are transparent: the text before such a tag is the
//! context of the text after it, so `v <a>Ostravě</a>` and `"<em>slovo</em>"` come out right. A
//! skipped `code`, `kbd` or `samp` element reads as one word of the sentence around it. Any other
//! tag ends a block. Rules that read ahead (numbers, units, dates) stay within one text node.
//!
//! The page is scanned once, jumping between the few bytes that can start markup or a change
//! (`<`, `&`, space, `"`, `-`). Each change replaces one character (or one entity) by one
//! character; changes are collected in page order and applied at the end into an output allocated
//! once at its exact size — or not at all when the page needs no change. Every decision looks at a
//! bounded neighbourhood of its trigger, except the scans over a run of digits or a numeric token,
//! which stop at the next space, tag or hyphen, so the pass is linear in the page size.
//!
//! The pass is idempotent: its decisions read the text as it is after the changes already made
//! (a converted quote counts as „ or “, a space made non-breaking is still whitespace), and no
//! rule undoes another, so running it over its own output changes nothing.
//!
//! Hand-written, because no crate knows the Czech rules. The parts: [`triggers`] finds the next
//! byte worth stopping at, [`markup`] tells elements apart and steps over tags and skipped
//! elements, [`entity`] reads character references, [`rules`] holds the Czech rules,
//! [`scanner`] walks the page with the rules' context, and [`edit`] writes the changed page.
//! What the scan loop calls in another part is `#[inline]`: split into files, the parts can land
//! in different codegen units, and without it the loop ran 7.5 % more instructions (callgrind).

mod chars;
mod edit;
mod entity;
mod markup;
mod rules;

/// Czech month names, which the rules bind to their numbers; diagnostics name months with them.
mod scanner;
mod triggers;

use std::borrow::Cow;

/// Applies Czech typographic rules to the text content of an HTML page (see the module
/// documentation for the rules and what is left alone).
///
/// Returns [`Cow::Borrowed`] with the input itself when no rule applies, so pages that need no
/// change are not copied; otherwise the changed page, allocated once. Applying the function to its
/// own output returns that output unchanged.
pub fn czech_html(html: &str) -> Cow<'_, str> {
    edit::apply(html, &scanner::edits(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn typo(html: &str) -> String {
        czech_html(html).into_owned()
    }

    /// Asserts that `html` comes out exactly as it went in, without a copy.
    pub(super) fn assert_untouched(html: &str) {
        let out = czech_html(html);
        assert!(
            matches!(out, Cow::Borrowed(_)),
            "expected no change, got {out:?}"
        );
        assert_eq!(out, html);
    }

    // Non-ASCII text.

    #[test]
    fn multibyte_characters_around_changes_are_preserved() {
        assert_eq!(typo("ž v ž"), "ž v\u{a0}ž");
        assert_eq!(typo("🙂 \"ž\" a 😀"), "🙂 „ž“ a\u{a0}😀");
        assert_eq!(typo("ž 2022-2027 ž"), "ž 2022\u{2013}2027 ž");
        assert_eq!(typo("„ž“ 1 190 ž"), "„ž“ 1\u{a0}190 ž");
        assert_eq!(typo("😀 - 😀"), "😀\u{a0}\u{2013} 😀");
        assert_untouched("ž2022-2027 🙂v x ž§ 5");
    }

    #[test]
    fn multibyte_letter_before_one_letter_word_blocks_it() {
        assert_untouched("žv domě");
        assert_untouched("😀v domě");
    }

    // Whole pages.

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="cs">
<head>
<meta charset="utf-8">
<title>Plán rozvoje v Ostravě 2022-2027</title>
<style>p > a::after { content: "v a"; }</style>
<script type="application/ld+json">{"name": "v domě", "range": "2022-2027"}</script>
</head>
<body>
<!-- "komentář" v domě 2022-2027 -->
<nav><a href="/plan-2022-2027/" title="Plán &quot;v&quot; 2022-2027">Plán</a></nav>
<main>
<h1>Opatření 2.1.3.4 a 1.1.1.1</h1>
<p>Data dostupná k 30. 4. 2024. Rozpočet 14 964 994,80 Kč, tj. cca 3 100 tis. Kč ročně.</p>
<p>"Citace" a <em>"zdůraznění"</em> v <a href="/x">Ostravě</a> (a to v letech 2022-2027).</p>
<ul><li>V realizaci (2/6)</li><li>Podíl 3,01 % vs. 2,28 %</li><li>Termín 1. 11. 2022-31. 10. 2025</li></ul>
<table><tr><td>-</td><td>15 mil. Kč</td><td>§ 5 odst. 2</td></tr></table>
<pre><code>v domě "x" 2022-2027</code></pre>
<p>Telefon 596-283-111, web https://www.ostrava.cz/plan-2022-2027, ID CZ.03.02/22-005, 12/12/4/22.</p>
<p>slovo - slovo, leden 2024, 1. ledna 2024 &amp; &nbsp;v domě &quot;ž&quot; 🙂</p>
</main>
</body>
</html>
"#;

    #[test]
    fn realistic_page_gets_every_rule() {
        let out = typo(PAGE);
        for expected in [
            "<title>Plán rozvoje v\u{a0}Ostravě 2022\u{2013}2027</title>",
            "k\u{a0}30.\u{a0}4.\u{a0}2024.",
            "14\u{a0}964\u{a0}994,80\u{a0}Kč",
            "3\u{a0}100\u{a0}tis.\u{a0}Kč",
            "<p>„Citace“ a\u{a0}<em>„zdůraznění“</em> v\u{a0}<a href=\"/x\">Ostravě</a>",
            "(a\u{a0}to v\u{a0}letech 2022\u{2013}2027)",
            "<li>V\u{a0}realizaci (2/6)</li>",
            "3,01\u{a0}% vs. 2,28\u{a0}%",
            "1.\u{a0}11.\u{a0}2022\u{2013}31.\u{a0}10.\u{a0}2025",
            "<td>-</td><td>15\u{a0}mil.\u{a0}Kč</td><td>§\u{a0}5 odst.\u{a0}2</td>",
            "slovo\u{a0}\u{2013} slovo, leden\u{a0}2024, 1.\u{a0}ledna\u{a0}2024",
            "&amp; &nbsp;v\u{a0}domě „ž“ 🙂",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        for unchanged in [
            "<style>p > a::after { content: \"v a\"; }</style>",
            "{\"name\": \"v domě\", \"range\": \"2022-2027\"}",
            "<!-- \"komentář\" v domě 2022-2027 -->",
            "<a href=\"/plan-2022-2027/\" title=\"Plán &quot;v&quot; 2022-2027\">",
            "Opatření 2.1.3.4 a\u{a0}1.1.1.1",
            "<pre><code>v domě \"x\" 2022-2027</code></pre>",
            "Telefon 596-283-111, web https://www.ostrava.cz/plan-2022-2027, ID CZ.03.02/22-005, 12/12/4/22.",
        ] {
            assert!(out.contains(unchanged), "missing {unchanged:?} in\n{out}");
        }
    }

    #[test]
    fn applying_twice_equals_applying_once() {
        let once = typo(PAGE);
        assert_untouched(&once);
        for html in [
            "\"\"x\" a \"",
            "x\"a b",
            "slovo - - slovo - a - b",
            "2023 150 000 1 190 200",
            "(\"2022-2027\") 1. 11. 2022-31. 10. 2025",
            "<b>v</b> <i>a</i> <em>\"</em>x\"",
            "a&nbsp;- b &quot; &quot;x",
        ] {
            let once = typo(html);
            assert_eq!(typo(&once), once, "input {html:?}");
        }
    }

    #[test]
    fn generated_fragment_mixes_are_idempotent_and_keep_markup() {
        const PIECES: [&str; 40] = [
            "v",
            "a",
            "K",
            "i",
            "ž",
            "🙂",
            "slovo",
            "2022",
            "1",
            "190",
            "30.",
            "4.",
            "ledna",
            "leden",
            "2024",
            "%",
            "Kč",
            "mil.",
            "§",
            "č.",
            "-",
            "\"",
            "&quot;",
            "&nbsp;",
            "&amp;",
            "(",
            ")",
            "„",
            "–",
            "<em>",
            "</em>",
            "<a href=\"/a-1 \\\">x\">",
            "</a>",
            "<p>",
            "</p>",
            "<br>",
            "<code>v \"x\"</code>",
            "<!-- v x -->",
            "\u{a0}",
            "< ",
        ];
        const SEPARATORS: [&str; 4] = [" ", " ", "", "\n"];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % bound
        };
        for _ in 0..2_000 {
            let mut html = String::new();
            for _ in 0..next(12) + 1 {
                html.push_str(PIECES[next(PIECES.len())]);
                html.push_str(SEPARATORS[next(SEPARATORS.len())]);
            }
            let once = typo(&html);
            assert_eq!(typo(&once), once, "input {html:?}");
            let kept = |text: &str| text.matches("<code>v \"x\"</code>").count();
            assert_eq!(kept(&once), kept(&html), "input {html:?}");
        }
    }

    #[test]
    fn page_with_nothing_to_change_is_returned_without_copy() {
        assert_untouched(
            "<!DOCTYPE html><html><head><title>Plán</title></head>\
             <body><p>Strategický plán města.</p><p>Opatření 2.1.3.4, 12/12/4/22.</p></body></html>",
        );
        assert_untouched("");
    }

    #[test]
    fn pathological_input_is_handled_in_linear_time() {
        let hyphens = "1-".repeat(200_000);
        assert_untouched(&hyphens);
        let digits = "1.".repeat(200_000);
        assert_eq!(typo(&format!("{digits}1 %")), format!("{digits}1\u{a0}%"));
        let tags = "<b>".repeat(100_000) + "v x";
        assert!(typo(&tags).ends_with("v\u{a0}x"));
    }
}

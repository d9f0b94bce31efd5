#!/bin/sh
# Fills fuzz/corpus/<target>/ with seed inputs: the files of the fixture site and of the real
# content/ that each target replaces, plus a few hand-made variants. Safe to run again; the
# corpora are git-ignored and libFuzzer adds its own findings to them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
fixture="$repo/tests/fixtures/minimal/content"
real="$repo/content"

mkdir -p "$here/corpus/plan_toml" "$here/corpus/wave_toml" "$here/corpus/article_markdown"

# plan_toml: both plans.
cp "$fixture/plan.toml" "$here/corpus/plan_toml/fixture-plan.toml"
cp "$real/plan.toml" "$here/corpus/plan_toml/real-plan.toml"
# The fixture plan with each optional key and table exercised once more (top-level keys first,
# since TOML puts keys after a table header into that table).
{
    cat <<'TOML'
stated_measures = 2
implementation = "Plán realizuje *město*."
monitoring = "Vyhodnocení jednou za rok."
TOML
    cat "$fixture/plan.toml"
    cat <<'TOML'

[[schedule]]
when = "2024"
items = ["První vyhodnocení", "Aktualizace"]

[[stated_total]]
label = "Celkem"
table = "allocation"
amount = "1 000,50"
note = "Součet alokací."
TOML
} > "$here/corpus/plan_toml/fixture-plan-full.toml"

# wave_toml: both waves; the real one refers to goals the fixture does not have, which still
# exercises the parser and the resolver's error paths.
cp "$fixture/waves/1-vyhodnoceni.toml" "$here/corpus/wave_toml/fixture-wave.toml"
for f in "$real"/waves/*.toml; do
    cp "$f" "$here/corpus/wave_toml/real-$(basename "$f")"
done

# article_markdown: every article and page of both sites (pages have another front matter,
# so they mostly stop at the parser, but their bodies are useful Markdown).
for f in "$fixture"/articles/*.md "$real"/articles/*.md; do
    cp "$f" "$here/corpus/article_markdown/article-$(basename "$f")"
done
for f in "$fixture"/pages/*.md "$real"/pages/*.md; do
    cp "$f" "$here/corpus/article_markdown/page-$(basename "$f")"
done
# An article that uses every Markdown feature milnik enables and the measure shortcode (the
# fixture has no global indicators for the indicator shortcode).
cat > "$here/corpus/article_markdown/features.md" <<'MD'
+++
title = "Všechny prvky"
date = 2024-05-02
summary = "Nadpisy, seznamy, tabulky, poznámky."
tags = ["bydlení", "OPZ+"]
measures = ["1.1.1.1", "1.1.1.2"]
areas = ["1"]
slug = "vsechny-prvky"
+++

# Nadpis {#nadpis .trida}

Text s **tučným**, *kurzívou*, ~~přeškrtnutím~~, `kódem` a zkratkou OPZ+.[^1]

- první
  - vnořený
    1. číslovaný
- [odkaz](/opatreni/1-1-1-1/) a [jinam](https://example.cz/) a ![obrázek](/img.png)

> citace
> > vnořená

| Ukazatel | Hodnota |
|---|---:|
| byty | 39 |

```
kód
```

{{< measure 1.1.1.2 >}}

[^1]: Poznámka pod čarou.
MD

for t in plan_toml wave_toml article_markdown; do
    echo "$t: $(ls "$here/corpus/$t" | wc -l) files"
done

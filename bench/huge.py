#!/usr/bin/env python3
"""Very large and deeply nested inputs: does `milnik build` finish or fail cleanly?

Each case is a copy of tests/fixtures/minimal with one thing made huge:

  article-50mb          an article of ~50 MB of realistic Markdown, a measure shortcode
                        (`{{< measure 1.1.1.1 >}}`) every 100 sections (270 in all)
  article-50mb-no-shortcodes             the same without shortcodes
  article-50mb-shortcodes-x10            the same with a shortcode every 10 sections (2,700)
  measures-100k         a plan with 100,000 measures (10 areas x 10 x 10 x 100)
  list-indented-1000    a Markdown list nested 1,000 deep, one item per line, indented
  list-10000            a Markdown list nested 10,000 deep (`- - - ... x`)
  list-100000           a Markdown list nested 100,000 deep
  ordered-list-100000   an ordered list nested 100,000 deep (`1. 1. 1. ... x`)
  blockquote-100000     a blockquote nested 100,000 deep (`> > > ... x`)
  emphasis-100000       emphasis nested 100,000 deep (`*_*_..x.._*_*`)
  toml-array-100000     plan.toml with an array nested 100,000 deep (`x = [[[...]]]`)
  toml-table-100000     plan.toml with an inline table nested 100,000 deep (`x = {a={a=...}}`)

For each case it runs the release binary (`target/release/milnik --root DIR build`) under
`/usr/bin/time -v`, one case at a time, and prints a Markdown table: case, input size, exit
status, wall time, peak RSS and the first lines of stderr.

Usage (from the repository root, after `cargo build --release`):

    python3 bench/huge.py                      # every case
    python3 bench/huge.py list-10000 ...       # only these cases
    python3 bench/huge.py --keep               # keep the generated sites (printed at the end)

Limits, so that a runaway case cannot take the machine down: each run is killed after
--timeout seconds (default 600) and its address space is limited to --mem-limit-mb
(default 8192) with `ulimit -v`; a case that hits the limit shows up as a failed allocation
(exit 134, "memory allocation of N bytes failed") rather than as the kernel's OOM killer.

Standard library only. Deterministic: the same run writes the same files.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "minimal")

WORDS = (
    "bydlení sociální práce rodina dluhy domovník dostupnost podpora poradenství služba "
    "lokalita obyvatelé město obvod projekt klienti zaměstnanost prevence kriminalita zdraví "
    "participace spolupráce terénní program vzdělávání děti mládež senioři asistence komunita "
    "výzva financování hodnocení indikátor cíl opatření akční plán Ostrava Vítkovice Poruba "
    "a v s k pro na do od při který jejich nové další"
).split()


def front_matter(title, slug=None):
    """The front matter of tests/fixtures/minimal/content/articles/prvni-byty.md, retitled."""
    lines = [
        "+++",
        f'title = "{title}"',
        "date = 2024-05-04",
        'author = "Tisková mluvčí"',
        'summary = "Zkouška velmi velkého vstupu."',
        'tags = ["bydlení"]',
        'measures = ["1.1.1.1"]',
        'areas = ["1"]',
    ]
    if slug:
        lines.append(f'slug = "{slug}"')
    lines += ["+++", "", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------


def words(rng, n):
    out = []
    for i in range(n):
        w = rng.choice(WORDS)
        if i == 0:
            out.append(w[:1].upper() + w[1:])
            continue
        r = rng.randrange(40)
        if r == 0:
            out.append(f"**{w}**")
        elif r == 1:
            out.append(f"*{w}*")
        elif r == 2:
            out.append(f"{10 + rng.randrange(2000)} {w}")
        elif r == 3:
            out.append(f"[{w}](/opatreni/1-1-1-1/)")
        elif r == 4:
            out.append(f"[{w}](https://www.ostrava.cz/{w})")
        else:
            out.append(w)
    return " ".join(out)


def sentence(rng):
    return words(rng, 8 + rng.randrange(14)) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(3 + rng.randrange(4)))


def big_article(target_bytes, shortcode_every=100):
    """Sections of headings, paragraphs, lists, tables and links until ~target_bytes, with a
    measure shortcode every `shortcode_every` sections (never when None)."""
    rng = random.Random(1)
    parts = [front_matter("Velmi dlouhý článek")]
    size = len(parts[0].encode())
    section = 0
    while size < target_bytes:
        chunk = [f"## {words(rng, 2 + rng.randrange(5))}\n\n{paragraph(rng)}\n"]
        kind = section % 4
        if kind == 0:
            chunk += [f"- {sentence(rng)}" for _ in range(3 + rng.randrange(4))]
            chunk.append("")
        elif kind == 1:
            chunk += ["| Ukazatel | Hodnota | Stav k |", "|---|---:|---|"]
            for _ in range(3 + rng.randrange(5)):
                chunk.append(
                    f"| {rng.choice(WORDS)} | {rng.randrange(5000)} | "
                    f"{1 + rng.randrange(28)}. {1 + rng.randrange(12)}. 2024 |"
                )
            chunk.append("")
        elif kind == 2:
            chunk += [f"1. {sentence(rng)}" for _ in range(2 + rng.randrange(3))]
            chunk += [f"   - {sentence(rng)}" for _ in range(2)]
            chunk.append("")
        else:
            chunk.append(f"> {paragraph(rng)}\n")
        if shortcode_every and section % shortcode_every == 0:
            chunk.append("Stav opatření: {{< measure 1.1.1.1 >}}.\n")
        chunk.append(paragraph(rng) + "\n")
        text = "\n".join(chunk) + "\n"
        parts.append(text)
        size += len(text.encode())
        section += 1
    return "".join(parts)


def area_file(area, rng, strategic, specific, measures):
    """One area with strategic x specific x measures measures; IDs keep the parent prefix."""
    out = [
        f'id = "{area}"',
        f'title = "Oblast {area}"',
        f'target_group = "Cílová skupina oblasti {area}."',
        "",
    ]
    for s in range(1, strategic + 1):
        sid = f"{area}.{s}"
        out += ["[[strategic_goal]]", f'id = "{sid}"', f'title = "Strategický cíl {sid}"', ""]
        for g in range(1, specific + 1):
            gid = f"{sid}.{g}"
            out += [
                "[[strategic_goal.specific_goal]]",
                f'id = "{gid}"',
                f'title = "Specifický cíl {gid}"',
                f'expected_impact = "{sentence(rng)}"',
                "",
            ]
            if gid == "1.1.1":
                # The fixture's wave reports these indicators.
                out += [
                    "[[strategic_goal.specific_goal.impact_indicator]]",
                    'key = "zabydlene-domacnosti"',
                    'name = "Počet zabydlených domácností"',
                    "target = 40",
                    "",
                    "[[strategic_goal.specific_goal.impact_indicator]]",
                    'key = "registrace"',
                    'name = "Počet osob registrovaných u lékaře"',
                    'parts = ["praktický lékař", "stomatolog"]',
                    "",
                ]
            for m in range(1, measures + 1):
                mid = f"{gid}.{m}"
                out += [
                    "[[strategic_goal.specific_goal.measure]]",
                    f'id = "{mid}"',
                    f'title = "Opatření {mid}: {words(rng, 3)}"',
                    f'description = """\n{paragraph(rng)}\n\n- {sentence(rng)}\n- {sentence(rng)}\n"""',
                    'target_group = "Viz cílová skupina tematické oblasti"',
                    'output_indicators = ["Počet podpořených osob"]',
                    'responsible = "Statutární město Zkušebnice"',
                    'schedule = "2022–2025"',
                    f"expected_cost = {{ amount = {1000 * (1 + rng.randrange(50000))} }}",
                    'funding_sources = ["OPZ+", "rozpočet města"]',
                    "",
                ]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Cases: each takes a fresh copy of the fixture and changes it
# ---------------------------------------------------------------------------------------------


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def article(site, name, body, title):
    write(
        os.path.join(site, "content", "articles", name + ".md"),
        front_matter(title) + body + "\n",
    )


def case_article_50mb(shortcode_every):
    def make(site):
        write(
            os.path.join(site, "content", "articles", "velmi-dlouhy.md"),
            big_article(50 * 10**6, shortcode_every),
        )

    return make


def case_measures_100k(site):
    rng = random.Random(2)
    os.remove(os.path.join(site, "content", "areas", "1-bydleni.toml"))
    for area in range(1, 11):
        write(
            os.path.join(site, "content", "areas", f"{area}-oblast.toml"),
            area_file(area, rng, strategic=10, specific=10, measures=100),
        )


def case_list_indented(depth):
    def make(site):
        lines = [" " * (2 * i) + f"- úroveň {i + 1}" for i in range(depth)]
        article(site, "hluboky-seznam", "\n".join(lines), f"Seznam vnořený {depth}krát")

    return make


def case_inline(prefix, depth, what):
    def make(site):
        article(site, "hluboke-vnoreni", prefix * depth + "text", f"{what} vnořený {depth}krát")

    return make


def case_emphasis(depth):
    def make(site):
        opening = "".join("*_"[i % 2] for i in range(depth))
        article(site, "hluboke-zvyrazneni", opening + "text" + opening[::-1], "Zvýraznění")

    return make


def case_toml(open_, close, depth):
    def make(site):
        path = os.path.join(site, "content", "plan.toml")
        with open(path, encoding="utf-8") as f:
            plan = f.read()
        # A top-level key (before the first table header) that is not in the schema: the
        # parser has to read the whole value before serde can reject the key.
        write(path, "x = " + open_ * depth + "1" + close * depth + "\n" + plan)

    return make


CASES = {
    "article-50mb": case_article_50mb(100),
    "article-50mb-no-shortcodes": case_article_50mb(None),
    "article-50mb-shortcodes-x10": case_article_50mb(10),
    "measures-100k": case_measures_100k,
    "list-indented-1000": case_list_indented(1000),
    "list-10000": case_inline("- ", 10_000, "Seznam"),
    "list-100000": case_inline("- ", 100_000, "Seznam"),
    "ordered-list-100000": case_inline("1. ", 100_000, "Číslovaný seznam"),
    "blockquote-100000": case_inline("> ", 100_000, "Citát"),
    "emphasis-100000": case_emphasis(100_000),
    "toml-array-100000": case_toml("[", "]", 100_000),
    "toml-table-100000": case_toml("{a=", "}", 100_000),
}

# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def content_bytes(site):
    total = 0
    for dirpath, _, files in os.walk(os.path.join(site, "content")):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def output_files(site):
    public = os.path.join(site, "public")
    return sum(len(files) for _, _, files in os.walk(public)) if os.path.isdir(public) else 0


def run(binary, site, timeout, mem_limit_mb):
    stderr_path = os.path.join(site, "stderr.txt")
    time_path = os.path.join(site, "time.txt")
    # ulimit -v in a shell around /usr/bin/time, so the limit applies to milnik only.
    cmd = (
        f"ulimit -v {mem_limit_mb * 1024}; exec /usr/bin/time -v -o {time_path} "
        f"timeout --signal=KILL {timeout} {binary} --root {site} build"
    )
    started = time.monotonic()
    with open(stderr_path, "wb") as err:
        proc = subprocess.run(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=err)
    wall = time.monotonic() - started
    with open(time_path, encoding="utf-8", errors="replace") as f:
        timing = f.read()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing)
    with open(stderr_path, encoding="utf-8", errors="replace") as f:
        stderr_lines = [line.rstrip() for line in f if line.strip()]
    status = proc.returncode
    if status == 137 or "Command terminated by signal 9" in timing:
        status = f"{status} (killed after {timeout} s)" if wall >= timeout else f"{status} (KILL)"
    else:
        signal = re.search(r"Command terminated by signal (\d+)", timing)
        if signal:
            status = f"signal {signal.group(1)}"
    return {
        "status": status,
        "wall": wall,
        "rss_mb": int(rss.group(1)) / 1024 if rss else float("nan"),
        "stderr": stderr_lines[:3],
        "files": output_files(site),
    }


def cell(text):
    return text.replace("|", "\\|").replace("`", "'")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help="cases to run (default: all)")
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "milnik"))
    parser.add_argument("--timeout", type=int, default=600, help="seconds per build")
    parser.add_argument("--mem-limit-mb", type=int, default=8192, help="address space limit")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()

    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} is missing: run `cargo build --release` first")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("/usr/bin/time is missing: `apt-get install time`")

    work = tempfile.mkdtemp(prefix="milnik-huge-")
    print("| case | content | exit | wall | peak RSS | output files | stderr (first 3 lines) |")
    print("|---|---:|---|---:|---:|---:|---|")
    for name in names:
        site = os.path.join(work, name)
        shutil.copytree(FIXTURE, site)
        CASES[name](site)
        size = content_bytes(site)
        r = run(args.binary, site, args.timeout, args.mem_limit_mb)
        stderr = "<br>".join(cell(line[:160]) for line in r["stderr"]) or "(empty)"
        print(
            f"| {name} | {size / 1e6:.1f} MB | {r['status']} | {r['wall']:.1f} s "
            f"| {r['rss_mb']:.0f} MB | {r['files']} | {stderr} |",
            flush=True,
        )
        if not args.keep:
            shutil.rmtree(site)
    if args.keep:
        print(f"\nsites kept under {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

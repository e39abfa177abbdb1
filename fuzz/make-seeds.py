#!/usr/bin/env python3
"""Regenerates the seed corpora fuzz/seeds/<target>/ from the example site (content/,
site.toml) and the fixture sites (tests/fixtures/), in the input format of each target
(see fuzz/fuzz_targets/*.rs). Run from anywhere: python3 fuzz/make-seeds.py"""

import hashlib
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"

# Must match blomma::fuzzing::FRONT_MATTER_PATHS (src/fuzzing.rs): the index of the
# kind of file each path pattern is.
# The more specific patterns come first (collection indexes before their entries).
FRONT_MATTER_KINDS = [
    (r"(malomraden|aktorer|lan|forum)/_index\.md", 8),
    (r"malomraden/[^/]+\.md", 0),
    (r"aktorer/[^/]+\.md", 1),
    (r"lan/[^/]+/_index\.md", 2),
    (r"lan/[^/]+/[^/]+\.md", 3),
    (r"forum/[^/]+/_index\.md", 4),
    (r"forum/[^/]+/[^/]+\.md", 5),
    (r"_index\.md", 7),
    (r".+/_index\.md", 9),
    (r".+\.md", 6),
]
# Must match LANGS in fuzz/fuzz_targets/markdown.rs.
LANGS = ["rust", "python", "js", "toml", "yaml", "sh", "html", "css", "json", "sql", "c",
         "xml", "md", "diff", "java", "ruby", "go", "latex", "r", "text", "okänt", ""]
FILES_PER_SITE_SEED = 4


def sites():
    """(name, root) of every site: the example site and each fixture site."""
    yield "example", ROOT
    for toml in sorted((ROOT / "tests" / "fixtures").rglob("site.toml")):
        root = toml.parent
        yield "-".join(root.relative_to(ROOT / "tests" / "fixtures").parts), root


def content_files(root):
    content = root / "content"
    return sorted(p for p in content.rglob("*") if p.is_file()) if content.is_dir() else []


def kind_of(rel):
    for pattern, kind in FRONT_MATTER_KINDS:
        if re.fullmatch(pattern, rel):
            return kind
    return None


def body_of(text):
    if not text.startswith(b"---\n"):
        return text
    end = text.find(b"\n---\n", 3)
    return text if end < 0 else text[end + 5:]


def code_blocks(text):
    for m in re.finditer(rb"^```([^\n`]*)\n(.*?)^```", text, re.S | re.M):
        lang = m.group(1).decode("utf-8", "replace").strip()
        if lang in LANGS:
            yield LANGS.index(lang), m.group(2)


def put(target, name, data):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:8]
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:60]
    (d / f"{safe}-{digest}").write_bytes(data)


def main():
    shutil.rmtree(SEEDS, ignore_errors=True)
    for name, root in sites():
        toml = (root / "site.toml").read_bytes()
        put("site_toml", name, toml)
        files = content_files(root)
        site_files = []
        for f in files:
            rel = f.relative_to(root / "content").as_posix()
            data = f.read_bytes()
            site_files.append((f"content/{rel}", data))
            if not rel.endswith(".md"):
                continue
            kind = kind_of(rel)
            if kind is not None:
                put("front_matter", f"{name}-{rel}", bytes([kind]) + data)
            put("markdown", f"{name}-{rel}", b"\x00" + body_of(data))
            for lang, code in code_blocks(data):
                put("markdown", f"{name}-{rel}-{LANGS[lang]}", bytes([2 * lang + 1]) + code)
        # Whole-site seeds: groups of files with the site's toml; for the small fixture
        # sites also each file alone.
        groups = [[f] for f in site_files] if name != "example" else []
        groups += [site_files[i:i + FILES_PER_SITE_SEED]
                   for i in range(0, len(site_files), FILES_PER_SITE_SEED)]
        if not site_files:
            groups = [[]]
        for i, group in enumerate(groups):
            data = toml + b"".join(b"\x00" + p.encode() + b"\n" + d for p, d in group)
            put("site", f"{name}-{i}", data)
            if any(b"draft: true" in d for _, d in group):
                put("site", f"{name}-{i}-drafts", b"#drafts" + data)
    for target in sorted(SEEDS.iterdir()):
        print(f"{target.name}: {len(list(target.iterdir()))} seeds")


if __name__ == "__main__":
    main()

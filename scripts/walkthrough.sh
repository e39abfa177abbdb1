#!/usr/bin/env bash
# What a new author does, from a fresh clone to a site built for a GitHub project page,
# with one mistake of each kind on the way. Prints a readable transcript and exits 0
# when every step behaves as the guide says; not part of the test suite.
#
#   cargo build && scripts/walkthrough.sh          # uses target/debug/blomma
#   BLOMMA=/path/to/blomma scripts/walkthrough.sh
#
# Needs bash, git and python3 (for the link check at the end).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BLOMMA="${BLOMMA:-$here/target/debug/blomma}"
if [[ ! -x "$BLOMMA" ]]; then
    echo "no blomma at $BLOMMA: run \`cargo build\` or set BLOMMA" >&2
    exit 2
fi
for tool in git python3; do
    command -v "$tool" >/dev/null || { echo "the walkthrough needs $tool" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 GIT_AUTHOR_NAME=Författare GIT_AUTHOR_EMAIL=forfattare@example.org
export GIT_COMMITTER_NAME=Författare GIT_COMMITTER_EMAIL=forfattare@example.org

step() { printf '\n## %s\n' "$*"; }
# Shows a command as the author types it (blomma by name), then runs it.
show() { printf '$ %s\n' "$*"; }
# blomma prints its messages on standard error; both streams go to the transcript in order.
blomma() { show "blomma $*"; "$BLOMMA" "$@" 2>&1; }
fail() { echo "walkthrough failed: $*" >&2; exit 1; }

# Replaces the first line matching a regular expression in a file (the author's edit).
edit() {
    local file="$1" from="$2" to="$3"
    python3 - "$file" "$from" "$to" <<'PY'
import re, sys
path, pattern, repl = sys.argv[1:]
repl = repl.replace("\\n", "\n")
text = open(path, encoding="utf-8").read()
new, n = re.subn(pattern, lambda m: repl, text, count=1, flags=re.M)
if n != 1:
    sys.exit(f"{path}: no line matches {pattern!r}")
open(path, "w", encoding="utf-8").write(new)
PY
}

step "A fresh clone: the repository was created with a README on GitHub and cloned"
cd "$work"
show "git clone … projekt && cd projekt"
git init -q projekt
cd projekt
printf '# Folkhälsa i länet\n' >README.md
git add README.md && git commit -qm "Initial commit"
ls -A

step "blomma init . writes a site, the editor set-up and the publishing recipes"
blomma init .
ls -A

step "blomma new: a declaration for Dalarna and a glossary term"
blomma new declaration lan/dalarna/avsikt-2025
blomma new term begrepp/andts
sed -n '1,5p' content/lan/dalarna/avsikt-2025.md
blomma check
git add -A && git commit -qm "New site" && echo "(committed)"

step "Mistakes, one of each kind"
echo "1. an unknown field with a near name: 'sumary' in the declaration"
edit content/lan/dalarna/avsikt-2025.md '^# summary: .*$' 'sumary: Länets avsikt för 2025.'
echo "2. a missing required field: the declaration's 'kind' line deleted"
edit content/lan/dalarna/avsikt-2025.md '^kind: declaration.*\n' ''
echo "3. a wrong type: a target area's number written in words"
edit content/malomraden/levnadsvanor.md '^number: 6$' 'number: sex'
echo "4. a county slug that is not one: a report under lan/dalarn/"
mkdir -p content/lan/dalarn
printf -- '---\nkind: report\ntitle: Rapport\n---\n\nText.\n' >content/lan/dalarn/rapport.md
echo "5. a broken @/ link: a misspelt target area in om.md"
printf '\nLäs om [levnadsvanor](@/malomraden/levnadsvana.md).\n' >>content/om.md
echo "6. a YAML syntax error: ': ' inside a value without quotes"
edit content/aktorer/lansstyrelsen.md '^summary: .*$' 'summary: Statens företrädare: i länet.'
echo "7. a value starting with '{', left from a template"
edit content/begrepp/andts.md '^title: .*$' 'title: {{ begrepp }}'
echo "8. an image without alt text (a warning: the site builds, but not with --deny-warnings)"
mkdir -p static/filer
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' >static/filer/karta.svg
printf '\n![](/filer/karta.svg)\n' >>content/_index.md

step "blomma check shows every error at once, each at its file, line and column"
set +e
blomma check
status=$?
set -e
echo "(exit status $status)"
[[ $status -eq 1 ]] || fail "check should fail with status 1, not $status"

step "Fixing them"
echo "1–2. 'summary', and 'kind' back"
edit content/lan/dalarna/avsikt-2025.md '^sumary: ' 'summary: '
edit content/lan/dalarna/avsikt-2025.md '^---\n' '---\nkind: declaration\n'
echo "3. the number as a number"
edit content/malomraden/levnadsvanor.md '^number: sex$' 'number: 6'
echo "4. the report moved to the county's folder"
show "mv content/lan/dalarn/rapport.md content/lan/dalarna/"
mv content/lan/dalarn/rapport.md content/lan/dalarna/rapport.md
rmdir content/lan/dalarn
echo "5. the link's spelling"
edit content/om.md 'levnadsvana\.md' 'levnadsvanor.md'
echo "6–7. quotes around the values"
edit content/aktorer/lansstyrelsen.md '^summary: .*$' 'summary: "Statens företrädare: i länet."'
edit content/begrepp/andts.md '^title: .*$' 'title: ANDTS'
step "With the errors fixed, the image without alt text is left: a warning"
blomma check
set +e
show "blomma check --deny-warnings"
blomma check --deny-warnings >/dev/null 2>&1
status=$?
set -e
echo "(exit status $status: a CI that denies warnings stops here)"
[[ $status -eq 1 ]] || fail "check --deny-warnings should fail with status 1, not $status"
echo "8. alt text for the image"
edit content/_index.md '^!\[\]\(/filer/karta\.svg\)$' '![Karta över länet](/filer/karta.svg)'
blomma check

step "blomma build for a GitHub project page: https://example.github.io/projekt/"
blomma build --base-url https://example.github.io/projekt/ | sed 's/ in [0-9.]* *m\?s$/ in …/'

step "Every internal link of the output (and every absolute one to the site) resolves under /projekt/"
show "python3 (a small link check)"
python3 - public https://example.github.io/projekt/ <<'PY'
import html.parser, os, sys, urllib.parse
root, base = sys.argv[1], sys.argv[2]
host, prefix = urllib.parse.urlsplit(base).netloc, urllib.parse.urlsplit(base).path

class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []
    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)
            if name == "srcset" and value:
                self.urls += [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]

def target(page, url):
    """The file an internal URL points to, or None for an external one."""
    parts = urllib.parse.urlsplit(url)
    if url.startswith("#") or (parts.netloc and parts.netloc != host):
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    path = urllib.parse.unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(prefix):
            return ("outside", path)
        rel = path[len(prefix):]
    else:
        rel = os.path.normpath(os.path.join(os.path.dirname(page), path))
    full = os.path.join(root, rel)
    if full.endswith("/") or os.path.isdir(full):
        full = os.path.join(full, "index.html")
    return ("file", full)

checked, failures = 0, []
for folder, _, files in os.walk(root):
    for name in files:
        if not name.endswith(".html"):
            continue
        path = os.path.join(folder, name)
        page = os.path.relpath(path, root)
        parser = Links()
        parser.feed(open(path, encoding="utf-8").read())
        for url in parser.urls:
            t = target(page, url)
            if t is None:
                continue
            checked += 1
            kind, where = t
            if kind == "outside":
                failures.append(f"{page}: {url} is outside {prefix}")
            elif not os.path.isfile(where):
                failures.append(f"{page}: {url} leads nowhere")
for f in failures:
    print(f)
print(f"{checked} internal links checked, {len(failures)} broken")
sys.exit(1 if failures else 0)
PY

step "Done: the site is ready to commit and push"
git add -A
git status --short | sed -n '1,10p'

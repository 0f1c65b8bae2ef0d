r"""The Spanish edition from one source: gettext catalogs over the English notebooks, pages and library.

The English notebooks are the source. What a translator translates, and where it lives:

- **notebook prose**, paragraph by paragraph (``translations/<lang>/notebooks/NN_name.po``): a markdown
  cell is cut at blank lines, outside fenced code and display math; each piece is one entry whose
  context is the cell's id, so an English edit touches exactly the entries of the paragraphs it changed;
- **code cells**, only their string literals (the literal as written, quotes and ``f`` prefix included:
  a translation must keep every ``{field}``) and comments (context ``code`` and ``comment``: one
  translation per literal per notebook, so a label used as a key in two cells stays the same key);
  literals that are code (identifiers with ``_``/digits, paths, MIME types, format specs) are not
  extracted; everything else is the English code, byte for byte;
- **the site's own pages and the README** (``translations/<lang>/site.po``), paragraph by paragraph,
  context the file name;
- **the library's messages** (``course_utils/locale/<lang>/LC_MESSAGES/course_utils.po``), extracted by
  Babel from the ``_()``, ``N_()`` and ``tr()`` markers of ``course_utils`` and ``course_tools``.

``python -m course_tools translate --update`` brings every catalog in line with the English: a new
paragraph gets an empty entry, a changed one becomes *fuzzy* (stale) with its old translation kept as a
suggestion, a removed one obsolete. ``--check`` fails, naming notebook, cell and entry, on any missing,
stale or obsolete entry, on a translated code cell whose code differs from the English (compared with
every string literal's text and every comment blanked, f-string fields kept), on a translation that
drops or invents a ``{field}``, and on generated files (``README.es.md``) that differ from what the
generator writes. ``--out DIR`` writes the translated notebooks.
"""

from __future__ import annotations

import ast
import difflib
import io
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import polib

from . import cells as cell_tools
from . import project

LANGUAGES = ("es",)
SITE_PAGES = ("README.md", "site/index.md", "site/instructor.md", "site/glossary.md", "site/lecture-notes.md")
GENERATED = {"README.md": "README.{lang}.md"}  # committed translations, kept identical to the generator's output
KEYWORDS = {"_": None, "N_": None, "tr": (1,)}
MARKERS = re.compile(r"^\s*#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b|^\s*#\s*(noqa|type:|fmt:)")
# String literals that are code, not language: identifiers with an underscore or a digit, paths, MIME
# types, format specs, matplotlib line styles and the like.
CODE_LITERAL = re.compile(r"^[\w.:/+\-]*[_./:\d][\w.:/+\-]*$|^[^A-Za-zÀ-ÿ]*$")
CODE_WORDS = {
    "constrained", "none", "sum", "mean", "replicate", "ij", "xy", "auto", "equal", "off", "tight", "nearest",
    "linear", "log", "sigmoid", "relu", "gray", "grey", "black", "white", "left", "right", "center", "top",
    "bottom", "upper", "lower", "both", "float32", "float64", "cpu", "python3", "r", "w", "o", "s", "x",
    "X", "D", "P", "v", "k", "utf-8", "digits", "mnist", "fashion_mnist",
}  # fmt: skip
LANGUAGE_CODES = {"en", "es"}  # use_language("en") is translated: the Spanish edition says "es"


def _(message: str) -> str:  # the tool's own messages are for maintainers: English
    return message


# ---------------------------------------------------------------------------------------------------
# Units: what a translator sees
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One translatable piece: its context (cell id, ``code``, ``comment`` or a page) and its English text."""

    context: str
    text: str
    where: str  # for messages: "cell 12 (a1b2c3d4)"


def markdown_pieces(source: str) -> list[tuple[str, bool]]:
    """Cut markdown at blank lines, keeping fenced code, display math and HTML comments whole, and every
    nbgrader marker line on its own (a fenced toctree's ``:caption:`` line is a piece of its own, to translate). Returns ``[(piece, translatable)]`` whose texts, joined with the
    separators kept in them, give back ``source``."""
    pieces: list[tuple[str, bool]] = []
    lines = source.split("\n")
    block: list[str] = []
    fence = math = comment = False

    def flush(code: bool = False):
        if block:
            text = "\n".join(block)
            translatable = bool(re.search(r"[A-Za-zÀ-ÿ]", text)) and not text.lstrip().startswith(("```", "<!--"))
            translatable = translatable and not code
            formula = text.strip().startswith("$$") and text.strip().endswith("$$")
            words_in_it = re.search(r"\\text\{[^{}]*[A-Za-zÀ-ÿ]{2,}", text)  # \text{posterior}: prose to translate
            translatable = translatable and (not formula or bool(words_in_it))
            pieces.append((text, translatable))
            block.clear()

    for line in lines:
        stripped = line.strip()
        if not (fence or math or comment) and (
            stripped.startswith((cell_tools.BEGIN, cell_tools.END)) or re.fullmatch(r"<!--.*-->", stripped)
        ):
            flush()  # an nbgrader marker or a one-line HTML comment (an include marker): its own piece, kept
            pieces.append((line, False))
            continue
        if stripped.startswith("```"):
            if not fence:
                flush()
            block.append(line)
            fence = not fence
            if not fence:
                flush(code=True)
            continue
        if fence:
            if re.match(r"\s*:caption:", line):  # a toctree's caption (the site's sidebar): words to translate
                flush(code=True)
                pieces.append((line, True))
                continue
            block.append(line)
            continue
        if stripped.startswith("<!--") and "-->" not in stripped:
            flush()
            comment = True
        if comment:
            block.append(line)
            if "-->" in stripped:
                comment = False
                flush()
            continue
        if stripped == "$$" or (stripped.startswith("$$") and stripped.count("$$") == 1):
            math = not math
        if stripped == "" and not math:
            flush()
            pieces.append(("", False))
            continue
        block.append(line)
    flush()
    return pieces


def join_pieces(pieces: list[str]) -> str:
    return "\n".join(pieces)


def _literal_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int], str, str]]:
    """``(start, end, kind, text)`` of every string literal (``code``) and comment (``comment``)."""
    spans = []
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    depth, start = 0, None
    for token in tokens:
        name = tokenize.tok_name[token.type]
        if name == "FSTRING_START":  # Python 3.12+: an f-string is a sequence of tokens
            depth += 1
            start = token.start if depth == 1 else start
        elif name == "FSTRING_END":
            depth -= 1
            if depth == 0:
                spans.append((start, token.end, "code", None))
        elif depth == 0 and token.type == tokenize.STRING:
            spans.append((token.start, token.end, "code", None))
        elif depth == 0 and token.type == tokenize.COMMENT:
            spans.append((token.start, token.end, "comment", None))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(position):
        return offsets[position[0] - 1] + position[1]

    return [(at(s), at(e), kind, source[at(s) : at(e)]) for s, e, kind, _unused in spans]


def _literal_value(literal: str) -> str:
    """The words inside a literal (prefix and quotes removed), for the code-or-language test."""
    body = re.sub(r"^[rRbBuUfF]*", "", literal)
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    return body[len(quote) : len(body) - len(quote)]


def translatable_literal(literal: str) -> bool:
    """A string literal with words for a reader (not an identifier, path, format spec or API value)."""
    if literal[:1] in "bB" or literal[:2].lower() in ("rb", "br"):
        return False
    value = _literal_value(literal)
    if not re.search(r"[A-Za-zÀ-ÿ]{1,}", value):
        return False
    if value in LANGUAGE_CODES:
        return True
    if " " not in value and (CODE_LITERAL.match(value) or value in CODE_WORDS or len(value) <= 3):
        return False
    return True


def translatable_comment(comment: str) -> bool:
    return bool(re.search(r"[A-Za-zÀ-ÿ]{2,}", comment)) and not MARKERS.match(comment)


def code_units(source: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, context, text)`` of the translatable literals and comments of a code cell."""
    units = []
    for start, end, kind, text in _literal_spans(source):
        if kind == "code" and translatable_literal(text):
            units.append((start, end, "code", text))
        elif kind == "comment" and translatable_comment(text):
            units.append((start, end, "comment", text))
    return units


def notebook_units(nb) -> list[Unit]:
    """Every translatable unit of a notebook, in order (duplicates of a code literal once)."""
    units, seen = [], set()
    for i, cell in enumerate(nb.cells):
        where = f"cell {i} ({cell.get('id', '?')})"
        if cell.cell_type == "markdown":
            for text, translatable in markdown_pieces(cell.source):
                if translatable and (cell.id, text) not in seen:
                    seen.add((cell.id, text))
                    units.append(Unit(cell.id, text, where))
        elif cell.cell_type == "code":
            for _s, _e, context, text in code_units(cell.source):
                if (context, text) not in seen:
                    seen.add((context, text))
                    units.append(Unit(context, text, where))
    return units


def page_units(name: str, text: str) -> list[Unit]:
    return [Unit(name, piece, name) for piece, ok in markdown_pieces(text) if ok]


# ---------------------------------------------------------------------------------------------------
# Catalogs
# ---------------------------------------------------------------------------------------------------


def catalog_paths(root: Path, language: str) -> dict[str, Path]:
    """Every catalog of ``language``: one per notebook, the site's, the library's."""
    base = root / "translations" / language
    paths = {nb.stem: base / "notebooks" / f"{nb.stem}.po" for nb in project.course_notebooks(root / "notebooks")}
    paths["site"] = base / "site.po"
    paths["course_utils"] = root / "course_utils" / "locale" / language / "LC_MESSAGES" / "course_utils.po"
    return paths


def library_units(root: Path) -> list[Unit]:
    """The library's and the tools' marked messages, extracted with Babel."""
    from babel.messages.extract import extract_from_dir

    units, seen = [], set()
    for package in ("course_utils", "course_tools"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(root / package), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
        ):
            if isinstance(message, tuple):
                message = message[0]
            if message and message not in seen:
                seen.add(message)
                units.append(Unit("", message, f"{package}/{filename}:{lineno}"))
    return units


def units_of(root: Path, name: str) -> list[Unit]:
    if name == "course_utils":
        return library_units(root)
    if name == "site":
        return [u for page in SITE_PAGES if (root / page).exists() for u in page_units(page, (root / page).read_text())]
    nb = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
    return notebook_units(nb)


def _key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def load(path: Path, language: str) -> polib.POFile:
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "generative-models-course",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def update(po: polib.POFile, units: list[Unit]) -> dict[str, int]:
    """Bring ``po`` in line with ``units`` (msgmerge's rules, per context): returns counts of what changed."""
    wanted = {(u.context, u.text): u for u in units}
    current = {_key(e): e for e in po if not e.obsolete}
    gone = [e for k, e in current.items() if k not in wanted]
    counts = {"new": 0, "stale": 0, "obsolete": 0}
    entries = []
    for key, unit in wanted.items():
        entry = current.get(key)
        if entry is None:
            # A changed paragraph: the most similar entry of the same context that is no longer used.
            candidates = [e for e in gone if (e.msgctxt or "") == unit.context]
            best = max(
                candidates, key=lambda e: difflib.SequenceMatcher(None, e.msgid, unit.text).ratio(), default=None
            )
            if best is not None and difflib.SequenceMatcher(None, best.msgid, unit.text).ratio() >= 0.5:
                gone.remove(best)
                entry = polib.POEntry(
                    msgctxt=unit.context or None, msgid=unit.text, msgstr=best.msgstr, previous_msgid=best.msgid
                )
                if best.msgstr:
                    entry.flags.append("fuzzy")
                counts["stale"] += 1
            else:
                entry = polib.POEntry(msgctxt=unit.context or None, msgid=unit.text, msgstr="")
                counts["new"] += 1
        entry.occurrences = [(unit.where, "")] if unit.where else []
        entries.append(entry)
    for entry in gone:
        if entry.msgstr:
            entry.obsolete = True
            entries.append(entry)
            counts["obsolete"] += 1
    entries += [e for e in po if e.obsolete and _key(e) not in wanted and e not in entries]
    po[:] = entries
    return counts


FIELD = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
CODE_SPAN = re.compile(r"`[^`\n]+`")
TEXT_IN_MATH = re.compile(r"\\text\{[^{}]*\}")


def fields(text: str) -> list[str]:
    """The ``{fields}`` of a format string or f-string literal, sorted."""
    return sorted(FIELD.findall(text))


def kept_parts(context: str, catalog: str, text: str) -> list[str]:
    """What a translation must keep as it is, sorted: the fields of a code literal or library message; the
    formulas of prose; in a notebook's prose also the code spans."""
    if context in ("code", ""):
        return fields(text)
    if context == "comment":
        return []
    parts = [TEXT_IN_MATH.sub(r"\\text{…}", m) for m in MATH.findall(text)]  # words inside a formula are prose
    if catalog not in ("site",):
        parts += CODE_SPAN.findall(text)
    return sorted(parts)


@dataclass
class Report:
    """What ``--check`` found, one line per problem."""

    problems: list[str] = field(default_factory=list)

    def add(self, catalog: str, where: str, what: str, text: str) -> None:
        snippet = text.strip().replace("\n", " ")
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        self.problems.append(f"{catalog}: {where}: {what}: {snippet!r}")


def check_catalog(name: str, po: polib.POFile, units: list[Unit], report: Report) -> None:
    entries = {_key(e): e for e in po if not e.obsolete}
    for unit in units:
        entry = entries.get((unit.context, unit.text))
        if entry is None:
            report.add(name, unit.where, "missing (no entry: run translate --update)", unit.text)
        elif "fuzzy" in entry.flags:
            report.add(name, unit.where, "stale (the English changed; update the translation, drop 'fuzzy')", unit.text)
        elif not entry.msgstr:
            report.add(name, unit.where, "missing (not translated)", unit.text)
        elif kept_parts(unit.context, name, entry.msgstr) != kept_parts(unit.context, name, entry.msgid):
            lost = set(kept_parts(unit.context, name, entry.msgid)) ^ set(kept_parts(unit.context, name, entry.msgstr))
            report.add(name, unit.where, f"formulas, code or fields changed ({sorted(lost)[:3]})", unit.text)
    wanted = {(u.context, u.text) for u in units}
    for entry in po:
        if entry.obsolete or _key(entry) not in wanted:
            report.add(name, entry.msgctxt or "-", "obsolete (no longer in the English source)", entry.msgid)


# ---------------------------------------------------------------------------------------------------
# Translating
# ---------------------------------------------------------------------------------------------------


def translations(po: polib.POFile) -> dict[tuple[str, str], str]:
    return {_key(e): e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def translate_markdown(source: str, context: str, table: dict) -> str:
    return join_pieces([table.get((context, text), text) if ok else text for text, ok in markdown_pieces(source)])


def translate_code(source: str, table: dict) -> str:
    out, last = [], 0
    for start, end, context, text in code_units(source):
        out += [source[last:start], table.get((context, text), text)]
        last = end
    return "".join(out) + source[last:]


def translate_notebook(nb, po: polib.POFile):
    """A translated copy of ``nb``: same cells, ids, types and metadata; prose, literals and comments from ``po``."""
    table = translations(po)
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, cell.id, table)
        elif cell.cell_type == "code":
            cell.source = translate_code(cell.source, table)
    return out


class _Blank(ast.NodeTransformer):
    """Every string's text blanked, f-string fields kept (sorted: a translation may reorder them)."""

    def visit_Constant(self, node):
        return ast.Constant(value="") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node):
        values = [self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)]
        values.sort(key=ast.dump)
        return ast.JoinedStr(values=values)


def code_signature(source: str) -> str:
    """What a code cell computes: its syntax tree with string texts blanked and comments gone."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return f"SyntaxError: {error}"
    return ast.dump(_Blank().visit(tree), annotate_fields=False)


def check_notebook_code(name: str, english, translated, report: Report) -> None:
    for i, (a, b) in enumerate(zip(english.cells, translated.cells, strict=True)):
        if a.cell_type == "code" and code_signature(a.source) != code_signature(b.source):
            report.add(name, f"cell {i} ({a.get('id', '?')})", "the translated code computes something else", b.source)
        if a.get("id") != b.get("id") or a.cell_type != b.cell_type or a.metadata != b.metadata:
            report.add(name, f"cell {i}", "cell id, type or metadata changed", a.source)


def translate_page(name: str, text: str, po: polib.POFile) -> str:
    return translate_markdown(text, name, translations(po))


def generated_files(root: Path, language: str, site_po: polib.POFile) -> dict[Path, str]:
    """The committed translations (``README.es.md``) as the generator writes them."""
    out = {}
    for source, target in GENERATED.items():
        if not (root / source).exists():
            continue
        text = translate_page(source, (root / source).read_text(encoding="utf-8"), site_po)
        out[root / target.format(lang=language)] = text
    return out


def write_notebooks(root: Path, language: str, out_dir: Path, notebooks: list[Path] | None = None) -> list[Path]:
    """Write the ``language`` edition of ``notebooks`` (default: all) into ``out_dir``."""
    paths = catalog_paths(root, language)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks or project.course_notebooks(root / "notebooks"):
        nb = nbformat.read(path, as_version=4)
        po = load(paths[Path(path).stem], language)
        target = out_dir / Path(path).name
        nbformat.write(translate_notebook(nb, po), target)
        written.append(target)
    return written


def run(root: Path, *, language: str, update_catalogs: bool, check: bool, out: Path | None, names=None) -> int:
    """The ``translate`` command."""
    report = Report()
    paths = catalog_paths(root, language)
    for name, path in paths.items():
        units = units_of(root, name)
        po = load(path, language)
        if update_catalogs:
            counts = update(po, units)
            path.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(path))
            print(
                f"{path.relative_to(root)}: {len(units)} entries ({counts['new']} new, {counts['stale']} stale, "
                f"{counts['obsolete']} obsolete)"
            )
        if check:
            check_catalog(name, po, units, report)
            if name not in ("site", "course_utils"):
                english = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
                check_notebook_code(name, english, translate_notebook(english, po), report)
    if update_catalogs or check:
        site_po = load(paths["site"], language)
        for target, text in generated_files(root, language, site_po).items():
            if update_catalogs:
                target.write_text(text, encoding="utf-8")
            elif not target.exists() or target.read_text(encoding="utf-8") != text:
                report.problems.append(f"{target.name}: differs from what `translate --update` writes from the catalog")
    if out is not None:
        for path in write_notebooks(root, language, out, names):
            print(f"wrote {path}")
    if check:
        if report.problems:
            print(f"translate --check: {len(report.problems)} problem(s) in the {language!r} edition", file=sys.stderr)
            for line in report.problems:
                print(f"  {line}", file=sys.stderr)
            return 1
        total = sum(len(units_of(root, n)) for n in paths)
        print(f"translate --check: the {language!r} edition is complete ({total} entries in {len(paths)} catalogs)")
    return 0

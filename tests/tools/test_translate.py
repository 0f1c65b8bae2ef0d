"""The Spanish edition's machinery (course_tools.translate) on a small course of its own, and the real
catalogs of this checkout: complete, none stale, none obsolete, code equal but for strings and comments."""

import re
import unicodedata
from pathlib import Path

import nbformat
import polib
import pytest

from course_tools import translate
from course_tools.__main__ import main
from tests.course import NOTEBOOKS, ROOT

PROSE = "# 01 · A title\n\nFirst paragraph, with $x^2$ and `code`.\n\n$$\na = b\n\nc = d\n$$\n\nLast one."
CODE = (
    'from course_utils.i18n import use_language\n\nuse_language("en")  # the language of the messages\n'
    'name = "digits"\nprint(f"{name}: {len(name)} letters, ratio {1 / 3:.2f}")\nplt.plot(x, "o-")\n'
)


def _course(tmp_path) -> Path:
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(PROSE, metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell(CODE, metadata={"tags": ["check"]}),
        nbformat.v4.new_markdown_cell("Question?\n\n### BEGIN SOLUTION\nThe answer.\n### END SOLUTION"),
    ]
    nbformat.write(nb, root / "notebooks" / "01_demo.ipynb")
    return root


def _translate_all(root, edit=lambda entry: "ES " + entry.msgid):
    path = translate.catalog_paths(root, "es")["01_demo"]
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = edit(entry)
    po.save(str(path))
    return path


def test_markdown_is_cut_into_paragraphs_that_join_back():
    pieces = translate.markdown_pieces(PROSE)
    assert translate.join_pieces([p for p, _ in pieces]) == PROSE
    assert [p for p, ok in pieces if ok] == ["# 01 · A title", "First paragraph, with $x^2$ and `code`.", "Last one."]
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                assert translate.join_pieces([p for p, _ in translate.markdown_pieces(cell.source)]) == cell.source


def test_code_cells_give_their_words_and_keep_their_code():
    texts = [text for *_, text in translate.code_units(CODE)]
    assert '"en"' in texts and "# the language of the messages" in texts  # use_language("en") becomes "es"
    assert any(t.startswith('f"{name}:') for t in texts)
    assert '"digits"' not in texts and '"o-"' not in texts  # a data set's name and a line style are code


def test_update_marks_exactly_the_changed_paragraph_stale_and_check_names_it(tmp_path, capsys):
    root = _course(tmp_path)
    assert translate.run(root, language="es", update_catalogs=True, check=False, out=None) == 0
    path = _translate_all(root)
    assert translate.run(root, language="es", update_catalogs=False, check=True, out=None) == 1  # site, library
    nb = nbformat.read(root / "notebooks" / "01_demo.ipynb", as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("First paragraph", "The first paragraph")
    nb.cells[0].source += "\n\nA new paragraph."
    nbformat.write(nb, root / "notebooks" / "01_demo.ipynb")
    capsys.readouterr()
    translate.run(root, language="es", update_catalogs=False, check=True, out=None)
    problems = [p for p in capsys.readouterr().err.splitlines() if "01_demo" in p]
    assert any("missing" in p and "cell 0" in p and "The first paragraph" in p for p in problems), problems
    assert any("obsolete" in p and "First paragraph" in p for p in problems), problems
    translate.run(root, language="es", update_catalogs=True, check=False, out=None)
    po = polib.pofile(str(path), wrapwidth=0)
    stale = [e for e in po if "fuzzy" in e.flags]
    assert [e.msgid for e in stale] == ["The first paragraph, with $x^2$ and `code`."]
    assert stale[0].previous_msgid == "First paragraph, with $x^2$ and `code`." and stale[0].msgstr.startswith("ES")
    assert [e.msgid for e in po if not e.msgstr] == ["A new paragraph."]
    assert not [e for e in po if e.obsolete]


def test_a_translation_that_changes_code_or_drops_a_field_or_a_formula_is_caught(tmp_path, capsys):
    root = _course(tmp_path)
    translate.run(root, language="es", update_catalogs=True, check=False, out=None)

    def spanish(entry):
        if entry.msgid == '"en"':
            return '"es"'
        if entry.msgid.startswith('f"{name}:'):  # fields reordered: allowed
            return 'f"proporción {1 / 3:.2f}; {name}: {len(name)} letras"'
        if "$x^2$" in entry.msgid:
            return "Primer párrafo, con $x^3$ y `code`."  # a changed formula
        return "ES " + entry.msgid if not entry.msgid.startswith(("#", '"', "f")) else entry.msgid

    _translate_all(root, spanish)
    capsys.readouterr()
    translate.run(root, language="es", update_catalogs=False, check=True, out=None)
    problems = [p for p in capsys.readouterr().err.splitlines() if "01_demo" in p]
    assert len(problems) == 1 and "formulas, code or fields changed" in problems[0], problems
    out = tmp_path / "es"
    translate.write_notebooks(root, "es", out)
    english = nbformat.read(root / "notebooks" / "01_demo.ipynb", as_version=4)
    spanish_nb = nbformat.read(out / "01_demo.ipynb", as_version=4)
    assert 'use_language("es")' in spanish_nb.cells[1].source and "proporción" in spanish_nb.cells[1].source
    assert [(c.id, c.cell_type, c.metadata) for c in spanish_nb.cells] == [
        (c.id, c.cell_type, c.metadata) for c in english.cells
    ]
    assert "### BEGIN SOLUTION" in spanish_nb.cells[2].source and "ES The answer." in spanish_nb.cells[2].source
    broken = spanish_nb.cells[1].source.replace("len(name)", "len(name) + 1")
    assert translate.code_signature(broken) != translate.code_signature(english.cells[1].source)
    assert translate.code_signature(spanish_nb.cells[1].source) == translate.code_signature(english.cells[1].source)


def test_the_translate_command_writes_the_spanish_notebooks(tmp_path):
    out = tmp_path / "es"
    assert main(["--root", str(ROOT), "translate", "--out", str(out), "01"]) in (0, 1)
    assert (out / NOTEBOOKS[0].name).exists()


@pytest.mark.skipif(not (ROOT / "translations").exists(), reason="no catalogs yet")
def test_the_spanish_edition_is_complete_and_computes_what_the_english_does(capsys):
    status = translate.run(ROOT, language="es", update_catalogs=False, check=True, out=None)
    assert status == 0, capsys.readouterr().err[-4000:]


# ---------------------------------------------------------------------------------------------------
# The glossary holds the translations to one Spanish term per concept
# ---------------------------------------------------------------------------------------------------

ITALICS = r"(?<![*\w])\*(?![\s*])[^*\n]+?(?<![\s*])\*(?![*\w])"  # *a title*, not a list's "* " or **bold**
NOT_WORDS = re.compile(r"`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|" + ITALICS + r"|«[^»]*»|\"[^\"]*\"|“[^”]*”|\S*/\S*", re.S)
# Rows whose English word is too common, or whose Spanish depends on the sentence, to demand the term.
# "evidence" also has its everyday sense ("the distances are the evidence of holes").
NOT_DEMANDED = {"noise", "sample", "training", "loss", "code (of an image)", "parameters", "applications", "evidence"}
REFERENCE = re.compile(r"\(\d{4}[a-z]?\)\.")  # a reference list: its papers' titles stay in English


def glossary() -> list[tuple[str, str, list[str]]]:
    """(English, Spanish, variants) of every row of site/glossary.md's table."""
    text = (ROOT / "site" / "glossary.md").read_text(encoding="utf-8")
    table = text.split("<!-- glossary:start -->")[1].split("<!-- glossary:end -->")[0]
    rows = []
    for line in table.strip().splitlines()[2:]:
        english, spanish, variants, _lecture = (c.strip() for c in line.strip("|").split("|"))
        rows.append((english, spanish, [v.strip() for v in variants.split(",") if v.strip()]))
    return rows


def _plain(text: str) -> str:
    """Lower case without accents: "comprobación" and its plural "comprobaciones" share a stem."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _words(text: str, fold: bool = True) -> str:
    """Prose only: code spans, formulas, italics (titles, emphasis), quotations, paths and URLs removed;
    lower case, and without accents unless ``fold`` is false (a variant may differ by an accent alone)."""
    text = NOT_WORDS.sub(" ", text)
    return " ".join((_plain(text) if fold else text.lower()).split())


def _stems(term: str) -> list[str]:
    return [w[:-1] if len(w) > 4 else w for w in _plain(term).split()]


def _has(text: str, term: str, fold: bool = True) -> bool:
    term = _plain(term) if fold else term.lower()
    return re.search(r"(?<![\w-])" + re.escape(term) + r"s?(?![\w-])", text) is not None


def spanish_prose():
    """(catalog, English, Spanish) of every translated prose entry and library message."""
    for name, path in translate.catalog_paths(ROOT, "es").items():
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgctxt not in ("code", "comment") and not entry.obsolete:
                yield name, entry.msgid, entry.msgstr


@pytest.mark.skipif(not (ROOT / "translations").exists(), reason="no catalogs yet")
def test_spanish_uses_the_glossary_terms_and_none_of_their_variants():
    rows = sorted(glossary(), key=lambda row: -len(row[0]))  # "posterior collapse" before "posterior"
    variants_found, terms_missing = [], []
    for name, english, spanish in spanish_prose():
        titles_in_english = REFERENCE.search(english) is not None
        exact = _words(spanish, fold=False), _words(english, fold=False)
        english, spanish = _words(english), _words(spanish)
        for term, translation, variants in rows:
            variants_found += [
                (name, v, exact[0][:90]) for v in variants if _has(exact[0], v, False) and not _has(exact[1], v, False)
            ]
            for term_en in term.split(" / "):
                if titles_in_english or term in NOT_DEMANDED or "(" in term_en or not _has(english, term_en):
                    continue
                english = re.sub(r"(?<![\w-])" + re.escape(_plain(term_en)) + r"s?(?![\w-])", " ", english)
                if not all(stem in spanish for stem in _stems(translation.split(" / ")[0])):
                    terms_missing.append((name, term_en, translation, spanish[:90]))
    assert variants_found == [], f"variants the glossary rules out: {variants_found[:8]}"
    assert terms_missing == [], f"English terms not translated by the glossary's term: {terms_missing[:8]}"

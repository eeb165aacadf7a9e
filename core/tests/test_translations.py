"""English catalogue: every message translated, compiled, extracted from the code; pages in English."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation.template import templatize

from accounts.tests.conftest import post_login

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same folders `make messages` leaves out: virtualenv, runtime data, benchmarks, test output.
NOT_SCANNED = {".venv", "var", "bench", "test-artifacts", "node_modules", "staticfiles", "media"}
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[sdif]")
# Python names makemessages extracts (xgettext keywords as Django passes them).
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
# What templatize() writes for {% translate %} and {% blocktranslate %}.
TEMPLATE_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|ngettext|pgettext|npgettext)\(\s*({TEMPLATE_STRING})"
    rf"(?:\s*,\s*({TEMPLATE_STRING}))?(?:\s*,\s*({TEMPLATE_STRING}))?"
)


def po_entries(path: Path = PO) -> list[dict]:
    """The entries of a PO file (header first, obsolete `#~` entries left out)."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _sep, literal = line.partition(" ")
        starts_entry = word in ("msgctxt", "msgid") and entry is not None and "msgid" in entry
        if entry is None or starts_entry or (line.startswith("#") and entry["msgstr"]):
            entry, key = {"flags": set(), "msgstr": {}}, None
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"') and key is not None:
            key[0][key[1]] += ast.literal_eval(line)
        elif line and not line.startswith("#"):
            plural_form = re.fullmatch(r"msgstr\[(\d+)\]", word)
            if word == "msgstr" or plural_form:
                key = (entry["msgstr"], int(plural_form.group(1)) if plural_form else 0)
            else:
                key = (entry, word)
            key[0][key[1]] = ast.literal_eval(literal)
    return [entry for entry in entries if "msgid" in entry]


def messages() -> list[dict]:
    """The catalogue's messages, without the header."""
    return [entry for entry in po_entries() if entry["msgid"]]


def catalogue_key(entry: dict) -> str:
    """The key gettext uses in a compiled catalogue for an entry (context joined by EOT)."""
    if "msgctxt" in entry:
        return f"{entry['msgctxt']}\x04{entry['msgid']}"
    return entry["msgid"]


def scanned_files(suffixes: tuple[str, ...]):
    """Project files makemessages reads, as `make messages` runs it."""
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if (
            path.suffix in suffixes
            and path.is_file()
            and not any(part in NOT_SCANNED or part.startswith(".") for part in parts)
        ):
            yield path


def _python_strings(call: ast.Call) -> list[str] | None:
    """The literal string arguments of a call, or None when one is not a literal."""
    values = [arg.value if isinstance(arg, ast.Constant) else None for arg in call.args]
    return values if values and all(isinstance(v, str) for v in values[:1]) else None


def python_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) pairs marked for translation in one Python file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        args = _python_strings(node)
        if not args:
            continue
        if name in SINGULAR | PLURAL:
            found.add((None, args[0]))
        elif name in CONTEXT | CONTEXT_PLURAL and len(args) > 1 and isinstance(args[1], str):
            found.add((args[0], args[1]))
    return found


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) pairs of {% translate %} / {% blocktranslate %} in one template."""
    found = set()
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for name, first, second, _third in TEMPLATE_CALL.findall(code):
        first = ast.literal_eval(first.lstrip("u"))
        if name in ("pgettext", "npgettext"):
            found.add((first, ast.literal_eval(second.lstrip("u"))))
        else:
            found.add((None, first))
    return found


def test_catalogue_header_is_english_utf8_and_not_fuzzy():
    header = po_entries()[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]


def test_every_message_of_the_catalogue_is_translated_and_not_fuzzy():
    entries = messages()
    assert len(entries) > 300
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"].values())]
    plurals_incomplete = [
        e["msgid"] for e in entries if "msgid_plural" in e and sorted(e["msgstr"]) != [0, 1]
    ]
    assert fuzzy == []
    assert untranslated == []
    assert plurals_incomplete == []


def test_translations_keep_the_placeholders_of_their_message():
    broken = []
    for entry in messages():
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index and "msgid_plural" in entry else entry["msgid"]
            if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(source))):
                broken.append(entry["msgid"])
    assert broken == []


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = compiled._catalog  # the only way to read every entry of a compiled catalogue
    stale = []
    for entry in messages():
        key = catalogue_key(entry)
        if "msgid_plural" in entry:
            ok = all(catalog.get((key, i)) == text for i, text in entry["msgstr"].items())
        else:
            ok = catalog.get(key) == entry["msgstr"][0]
        if not ok:
            stale.append(entry["msgid"])
    assert stale == [], "run `make messages` and commit locale/en/LC_MESSAGES/django.mo"


def test_every_message_in_the_code_is_in_the_catalogue():
    known = {(e.get("msgctxt"), e["msgid"]) for e in messages()}
    in_code = {}
    for path in scanned_files((".py",)):
        for message in python_messages(path):
            in_code.setdefault(message, str(path.relative_to(ROOT)))
    for path in scanned_files((".html", ".txt")):
        for message in template_messages(path):
            in_code.setdefault(message, str(path.relative_to(ROOT)))
    assert len(in_code) > 300
    missing = {msgid: where for (ctx, msgid), where in in_code.items() if (ctx, msgid) not in known}
    assert missing == {}, f"not in the catalogue (run `make messages`, translate): {missing}"


def test_login_page_is_in_english_with_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body and "Username" in body and "Password" in body
    assert "Đăng nhập" not in body and "Tên đăng nhập" not in body


def test_login_page_is_in_vietnamese_without_the_language_cookie(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body and "Tên đăng nhập" in body
    assert "Sign in" not in body and "Username" not in body


def test_wrong_password_message_is_in_english_with_the_language_cookie(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = post_login(client, "officer_a", "not-the-password").content.decode()
    assert "Incorrect username or password" in body


@pytest.mark.parametrize(
    "language, expected, absent",
    [
        (
            "en",
            [
                "Cadres and party members",
                "Full name",
                "Date of birth",
                "Party status",
                "Full party member",
                "Confidential",
            ],
            ["Họ và tên", "Ngày sinh"],
        ),
        (
            "vi",
            [
                "Cán bộ, đảng viên",
                "Họ và tên",
                "Ngày sinh",
                "Tình trạng đảng viên",
                "Đảng viên chính thức",
            ],
            ["Full name", "Date of birth"],
        ),
    ],
)
def test_people_list_header_follows_the_language(client, world, language, expected, absent):
    client.force_login(world.officer_a)
    if language == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("people:list")).content.decode()
    assert f'<html lang="{language}">' in body
    assert [text for text in expected if text not in body] == []
    assert [text for text in absent if text in body] == []

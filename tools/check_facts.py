"""List format facts typed outside ``dicomconstruct/format/`` and the generated tables.

A format fact is a number, byte string, UID or VR set the declarations in
``dicomconstruct/format/`` (or ``schema/*.yaml``) already hold: a tag or
length of :mod:`dicomconstruct.format.constants`, the Item tag bytes, the
DICM prefix, a transfer syntax UID, or a literal set of three or more VR names
(PS3.5 table 6.2-1); in ``dicomconstruct/codec/``, also a header size (8, 12)
added, subtracted or compared (``pos + 8``, ``end - pos < 12``): the codec uses
the sizes ``tools/gen_codec.py`` compiles into ``codec/_layout.py``.  Code must import them instead.  Strings in docstrings
and comments are not code and are not looked at.

Usage: ``python tools/check_facts.py [ROOT]`` prints one line per fact found
(``path:line: what``) and exits 1 if there is any; ``--count`` prints only
the number.  ROOT defaults to this repository (another checkout can be
given to count the facts of an older version).
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dicomconstruct._dicts.transfer_syntaxes import TRANSFER_SYNTAXES  # noqa: E402
from dicomconstruct.format import constants, fast  # noqa: E402
from dicomconstruct.format import element as declared  # noqa: E402
from dicomconstruct.format.vr import VR_INFO  # noqa: E402

#: Literal VR sets that are pydicom's behaviour rather than a format fact, by the name they are bound to.
NOT_FORMAT_FACTS = {
    "__all__": "names exported by a module",
}

#: Where facts may be typed: the declarations and the tables generated from them and from schema/.
ALLOWED = ("dicomconstruct/format/", "dicomconstruct/_dicts/", "dicomconstruct/codec/_layout.py")
#: Where header sizes must not be typed as numbers: the codec runs on the compiled layouts (codec/_layout.py).
HEADER_SIZE_DIRS = ("dicomconstruct/codec/",)


def _fact_numbers() -> dict[int, str]:
    facts = {}
    for name in constants.__all__:
        value = getattr(constants, name)
        values = value if isinstance(value, (frozenset, dict)) else [value]
        for number in values:
            if isinstance(number, int) and not isinstance(number, bool) and number >= constants.DELIMITER_GROUP:
                facts.setdefault(number, name)
    return facts


def _fact_bytes() -> dict[bytes, str]:
    facts = {constants.PREFIX: "PREFIX"}
    for name in ("ITEM_TAG", "ITEM_DELIMITER_TAG", "SEQUENCE_DELIMITER_TAG"):
        tag = getattr(constants, name)
        for order in "<>":
            facts[struct.pack(order + "HH", *constants.tag_pair(tag))] = name
    return facts


NUMBERS = _fact_numbers()
#: Sizes of the element and item headers (PS3.5 7.1.2, 7.1.3, 7.5), from their declarations.
HEADER_SIZES = frozenset(fast.compile_struct(factory(True)).size for factory in declared.HEADER_FORMS.values())
BYTES = _fact_bytes()
UIDS = frozenset(TRANSFER_SYNTAXES)
VR_NAMES = frozenset(VR_INFO)


def _skipped_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _vr_count(node: ast.AST) -> int:
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        return sum(isinstance(e, ast.Constant) and e.value in VR_NAMES for e in node.elts)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and " or " not in node.value:
        return sum(word in VR_NAMES for word in node.value.split()) if " " in node.value else 0
    return 0


def facts_in(source: str) -> list[tuple[int, str]]:
    """(line, description) of every format fact typed in ``source``."""
    tree = ast.parse(source)
    docstrings = _skipped_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in NOT_FORMAT_FACTS for t in node.targets):
            docstrings.update(id(sub) for sub in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, int) and not isinstance(value, bool) and value in NUMBERS:
                found.append((node.lineno, f"0x{value:08X} is format.constants.{NUMBERS[value]}"))
            elif isinstance(value, bytes) and value in BYTES:
                found.append((node.lineno, f"{value!r} is format.constants.{BYTES[value]}"))
            elif isinstance(value, str) and value in UIDS:
                found.append((node.lineno, f"transfer syntax UID {value} (schema/uids.yaml)"))
        if _vr_count(node) >= 3:
            found.append((node.lineno, f"VR names {ast.unparse(node)[:60]} (format.vr.VR_INFO)"))
    return sorted(set(found))


def _is_size(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value in HEADER_SIZES


def header_sizes_in(source: str) -> list[tuple[int, str]]:
    """(line, description) of header sizes typed as numbers in arithmetic or comparisons (``pos + 8``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            operands = (node.left, node.right)
        elif isinstance(node, ast.Compare):
            operands = (node.left, *node.comparators)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
            operands = (node.value,)
        else:
            continue
        for operand in operands:
            if _is_size(operand):
                found.append((node.lineno, f"header size {operand.value} in {ast.unparse(node)[:40]!r} "
                                           "(codec/_layout.py, tools/gen_codec.py)"))
    return found


def scan(root: Path) -> list[str]:
    """``path:line: what`` for every fact typed in the library under ``root``."""
    lines = []
    for path in sorted((root / "dicomconstruct").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(ALLOWED):
            continue
        source = path.read_text(encoding="utf-8")
        found = facts_in(source)
        if relative.startswith(HEADER_SIZE_DIRS):
            found = sorted(set(found) | set(header_sizes_in(source)))
        for line, what in found:
            lines.append(f"{relative}:{line}: {what}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=REPO)
    parser.add_argument("--count", action="store_true", help="print only the number of facts found")
    args = parser.parse_args(argv)
    found = scan(args.root)
    print(len(found) if args.count else "\n".join(found) or "check_facts: no format fact outside format/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

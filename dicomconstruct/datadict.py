"""The data dictionary: what PS3.6 (and vendors, for private tags) say about each tag.

Names and behaviour follow ``pydicom.datadict``.  Tags may be given in any
form :class:`~dicomconstruct.tag.Tag` accepts (int, ``(group, element)``,
keyword).  Unknown tags raise ``KeyError`` with a message naming the tag.

The tables are generated from ``schema/*.yaml`` into
``dicomconstruct/_dicts/`` and loaded on the first lookup, so importing this
module costs almost nothing.

Repeating groups (PS3.5 7.6) such as Overlay Data (60xx,3000) are resolved by
masks, e.g. (6002,3000) is Overlay Data.  Private elements (PS3.5 7.8.1) are
found by Private Creator and element offset: the dictionary key ``0019xx10``
matches (0019,1010), (0019,2010), ...

Fast helpers for the codec: :func:`vr_for_tag` and :func:`private_vr_for`.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from .format.constants import MAX_TAG
from .tag import Tag, TagType

__all__ = [
    "DicomDictionary",
    "RepeatersDictionary",
    "private_dictionaries",
    "keyword_dict",
    "add_dict_entry",
    "add_dict_entries",
    "add_private_dict_entry",
    "add_private_dict_entries",
    "load_private_dictionary",
    "get_entry",
    "get_private_entry",
    "dictionary_VR",
    "dictionary_VM",
    "dictionary_description",
    "dictionary_keyword",
    "dictionary_is_retired",
    "dictionary_has_tag",
    "keyword_for_tag",
    "tag_for_keyword",
    "repeater_has_tag",
    "repeater_has_keyword",
    "mask_match",
    "private_dictionary_VR",
    "private_dictionary_VM",
    "private_dictionary_description",
    "vr_for_tag",
    "private_vr_for",
    "element_name",
]

# The live tables.  They start empty and are filled in place by _load(), so that
# references taken before the first lookup stay valid.
_ELEMENTS: dict[int, tuple[str, str, str, str, str]] = {}
_REPEATERS: dict[str, tuple[str, str, str, str, str]] = {}
_PRIVATE: dict[str, dict[str, tuple[str, str, str, str]]] = {}
_KEYWORDS: dict[str, int] = {}
#: tag -> VR of the standard elements: the hot path of implicit VR reading.
_VR: dict[int, str] = {}
#: Repeater masks by "care" bits: [(care mask, {fixed bits: mask key})], see _mask_match.
_MASKS: list[tuple[int, dict[int, str]]] = []
_MASK_ORDER: dict[str, int] = {}
_loaded = False
#: tag -> VR of every standard entry (empty until the tables are loaded): for the hot paths
#: that look up the VR of each element read; read-only outside this module
STANDARD_VR = _VR
#: creator -> generated text of its dictionary; creators already parsed into _PRIVATE
_PRIVATE_RAW: dict[str, str] | None = None
_PRIVATE_PARSED: set[str] = set()

_PUBLIC_TABLES = {
    "DicomDictionary": _ELEMENTS,
    "RepeatersDictionary": _REPEATERS,
    "private_dictionaries": _PRIVATE,
    "keyword_dict": _KEYWORDS,
}


def _load() -> None:
    """Fill the standard tables from the generated module (once)."""
    global _loaded
    if _loaded:
        return
    from ._dicts.elements import ELEMENTS, REPEATERS

    # one split of the whole text, then columns by slicing: no Python-level loop per element
    fields = ELEMENTS.rstrip("\n").replace("\n", "|").split("|")
    tags = list(map(int, fields[0::6], repeat(16, len(fields) // 6)))
    vrs, keywords = fields[1::6], fields[5::6]
    _ELEMENTS.update(zip(tags, zip(vrs, fields[2::6], fields[3::6], fields[4::6], keywords)))
    _VR.update(zip(tags, vrs))
    _KEYWORDS.update(zip(keywords, tags))
    _KEYWORDS.pop("", None)  # elements without a keyword
    for line in REPEATERS.splitlines():
        key, vr, vm, name, retired, keyword = line.split("|")
        _REPEATERS[key] = (vr, vm, name, retired, keyword)
    _index_masks()
    _loaded = True


def _private_table(creator: str) -> dict[str, tuple[str, str, str, str]] | None:
    """The private dictionary of ``creator``, parsed from the generated module on first use."""
    table = _PRIVATE.get(creator)
    if table is None and creator not in _PRIVATE_PARSED:
        raw = _private_raw().get(creator)
        _PRIVATE_PARSED.add(creator)
        if raw is None:
            return None
        table = {}
        for line in raw.splitlines():
            key, vr, vm, name, retired = line.split("|")
            table[key] = (vr, vm, name, retired)
        _PRIVATE[creator] = table
    return table


def _private_raw() -> dict[str, str]:
    global _PRIVATE_RAW
    if _PRIVATE_RAW is None:
        from ._dicts.private import PRIVATE

        _PRIVATE_RAW = PRIVATE
    return _PRIVATE_RAW


def standard_vr_table() -> dict[int, str]:
    """:data:`STANDARD_VR`, the tables loaded first (once)."""
    _load()
    return _VR


def _load_all_private() -> None:
    for creator in _private_raw():
        _private_table(creator)


def _mask_bits(key: str) -> tuple[int, int]:
    """``(fixed, care)`` of a repeater key (PS3.5 7.6).

    ``"60xx3000"`` means: bits under hex digits (care 0xFF00FFFF) must equal
    0x60003000 (fixed) and bits under ``x`` are free.
    """
    return int(key.replace("x", "0"), 16), int("".join("0" if c == "x" else "F" for c in key), 16)


def _index_masks() -> None:
    """Group the repeater masks by which bits must match (see :func:`_mask_bits`).

    Masks sharing the same free bits share one dict.
    """
    by_care: dict[int, dict[int, str]] = {}
    _MASK_ORDER.clear()
    for order, key in enumerate(_REPEATERS):
        fixed, care = _mask_bits(key)
        by_care.setdefault(care, {}).setdefault(fixed, key)
        _MASK_ORDER.setdefault(key, order)
    _MASKS[:] = list(by_care.items())


def __getattr__(name: str) -> Any:
    # pydicom exposes its tables as module attributes; ours load on first access.
    if name in _PUBLIC_TABLES:
        _load()
        if name == "private_dictionaries":
            _load_all_private()
        return _PUBLIC_TABLES[name]
    if name == "masks":
        _load()
        return {key: _mask_bits(key) for key in _REPEATERS}
    if name == "REPEATER_KEYWORDS":
        _load()
        return [entry[4] for entry in _REPEATERS.values()]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- standard elements ------------------------------------------------------------


def _mask_match(tag: int) -> str | None:
    best = None
    for care, fixed in _MASKS:
        key = fixed.get(tag & care)
        if key is not None and (best is None or _MASK_ORDER[key] < _MASK_ORDER[best]):
            best = key
    return best


def mask_match(tag: int) -> str | None:
    """The repeating-group mask (e.g. ``'60xx3000'``) that ``tag`` matches, else None."""
    if not _loaded:
        _load()
    return _mask_match(int(tag))


def get_entry(tag: TagType) -> tuple[str, str, str, str, str]:
    """``(VR, VM, name, retired, keyword)`` of a standard or repeating-group element.

    ``retired`` is ``'Retired'`` or ``''``.  Raises ``KeyError`` if unknown.
    """
    if not _loaded:
        _load()
    if not (isinstance(tag, int) and 0 <= tag <= MAX_TAG):
        tag = Tag(tag)
    tag = int(tag)
    entry = _ELEMENTS.get(tag)
    if entry is not None:
        return entry
    if not (tag >> 16) & 1:
        key = _mask_match(tag)
        if key is not None:
            return _REPEATERS[key]
    raise KeyError(f"Tag {Tag(tag)} not found in DICOM dictionary")


def dictionary_VR(tag: TagType) -> str:
    """The VR of a standard element, e.g. ``'PN'`` or ``'US or SS'``."""
    return get_entry(tag)[0]


def dictionary_VM(tag: TagType) -> str:
    """The VM of a standard element, e.g. ``'1'`` or ``'1-n'``."""
    return get_entry(tag)[1]


def dictionary_description(tag: TagType) -> str:
    """The PS3.6 name of a standard element, e.g. ``"Patient's Name"``."""
    return get_entry(tag)[2]


def dictionary_keyword(tag: TagType) -> str:
    """The PS3.6 keyword of a standard element, e.g. ``'PatientName'``."""
    return get_entry(tag)[4]


def dictionary_is_retired(tag: TagType) -> bool:
    """True if the Standard retired the element."""
    return "retired" in get_entry(tag)[3].lower()


def dictionary_has_tag(tag: TagType) -> bool:
    """True if ``tag`` is in the standard dictionary (repeating groups excluded, as in pydicom)."""
    if not _loaded:
        _load()
    if type(tag) is int or type(tag) is Tag:
        return tag in _ELEMENTS
    try:
        return int(Tag(tag)) in _ELEMENTS
    except Exception:
        return False


def keyword_for_tag(tag: TagType) -> str:
    """The keyword of ``tag``, or ``''`` when it is not in the dictionary."""
    try:
        return dictionary_keyword(tag)
    except (KeyError, ValueError, TypeError, OverflowError):
        return ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag of a standard element's keyword, or None (repeating groups have no single tag)."""
    if not _loaded:
        _load()
    return _KEYWORDS.get(keyword)


def repeater_has_tag(tag: TagType) -> bool:
    """True if ``tag`` matches a repeating-group entry, e.g. (6002,3000)."""
    if not _loaded:
        _load()
    return _mask_match(int(Tag(tag))) is not None


def repeater_has_keyword(keyword: str) -> bool:
    """True if ``keyword`` names a repeating-group entry, e.g. ``'OverlayData'``."""
    if not _loaded:
        _load()
    return any(entry[4] == keyword for entry in _REPEATERS.values())


def add_dict_entry(
    tag: int, VR: str, keyword: str, description: str, VM: str = "1", is_retired: str = ""
) -> None:
    """Add or replace one standard (even group) entry, for this run only."""
    add_dict_entries({tag: (VR, VM, description, is_retired, keyword)})


def add_dict_entries(new_entries_dict: dict[int, tuple[str, str, str, str, str]]) -> None:
    """Add or replace standard entries ``{tag: (VR, VM, name, retired, keyword)}``.

    Raises ``ValueError`` for a private (odd group) tag.
    """
    if not _loaded:
        _load()
    entries = {Tag(tag): tuple(value) for tag, value in new_entries_dict.items()}
    if any(tag.is_private for tag in entries):
        raise ValueError(
            'Private tags cannot be added using "add_dict_entries" - '
            'use "add_private_dict_entries" instead'
        )
    for tag, value in entries.items():
        old = _ELEMENTS.get(tag)
        if old is not None and old[4] and _KEYWORDS.get(old[4]) == tag:
            del _KEYWORDS[old[4]]
        _ELEMENTS[int(tag)] = value
        _VR[int(tag)] = value[0]
        if value[4]:
            _KEYWORDS[value[4]] = int(tag)


# -- private elements ---------------------------------------------------------------


def add_private_dict_entry(private_creator: str, tag: int, VR: str, description: str, VM: str = "1") -> None:
    """Add one private entry; the block byte of ``tag``'s element is ignored."""
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(
    private_creator: str, new_entries_dict: dict[int, tuple[str, str, str, str]]
) -> None:
    """Add private entries ``{tag: (VR, VM, name[, retired])}`` for ``private_creator``.

    Each is stored as ``ggggxxee``: valid in whichever block the creator
    reserves (PS3.5 7.8.1).  Raises ``ValueError`` for a non-private tag.
    """
    if not _loaded:
        _load()
    tags = [Tag(tag) for tag in new_entries_dict]
    if not all(tag.is_private for tag in tags):
        raise ValueError(
            "Non-private tags cannot be added using 'add_private_dict_entries()' - "
            "use 'add_dict_entries()' instead"
        )
    new = {}
    for tag, value in zip(tags, new_entries_dict.values()):
        value = tuple(value)
        if len(value) == 3:
            value = value + ("",)
        new[f"{tag >> 16:04X}xx{tag & 0xFF:02X}"] = value
    _private_table(private_creator)
    _PRIVATE.setdefault(private_creator, {}).update(new)


def load_private_dictionary(path) -> dict[str, int]:
    """Add the private dictionaries of a YAML file in ``schema/private.yaml``'s format.

    The whole file is checked first; a malformed entry raises
    :class:`~dicomconstruct._dicts.schema.SchemaError` (a ``ValueError``
    naming file, line and reason) and nothing is added.  Returns
    ``{creator: number of entries added}``.  Entries replace existing ones
    with the same creator and tag.
    """
    from ._dicts.schema import read_private

    private = read_private(path)
    for creator, entries in private.items():
        _private_table(creator)
        table = _PRIVATE.setdefault(creator, {})
        for e in entries:
            table[e["key"]] = (e["vr"], e["vm"], e["name"], "Retired" if e["retired"] else "")
    return {creator: len(entries) for creator, entries in private.items()}


def _private_lookup(tag: int, private_creator: str) -> tuple[str, str, str, str] | None:
    table = _private_table(private_creator)
    if table is None:
        return None
    text = f"{tag:08X}"
    # exact tag, then any block (gggg,xxee), then any group of the range (ggxx,xxee)
    return table.get(text) or table.get(f"{text[:4]}xx{text[6:]}") or table.get(f"{text[:2]}xxxx{text[6:]}")


def get_private_entry(tag: TagType, private_creator: str) -> tuple[str, str, str, str]:
    """``(VR, VM, name, retired)`` of a private element of ``private_creator``.

    Raises ``KeyError`` when the creator or the tag is not known.
    """
    if type(tag) is not Tag:
        tag = Tag(tag)
    if not isinstance(private_creator, str):
        raise KeyError(f"Private creator {private_creator!r} for tag {tag} is not a valid private creator")
    if _private_table(private_creator) is None:
        raise KeyError(f"Private creator '{private_creator}' not in the private dictionary")
    entry = _private_lookup(tag, private_creator)
    if entry is None:
        raise KeyError(f"Tag '{tag}' not in private dictionary for private creator '{private_creator}'")
    return entry


def private_dictionary_VR(tag: TagType, private_creator: str) -> str:
    """The VR of a private element."""
    return get_private_entry(tag, private_creator)[0]


def private_dictionary_VM(tag: TagType, private_creator: str) -> str:
    """The VM of a private element."""
    return get_private_entry(tag, private_creator)[1]


def private_dictionary_description(tag: TagType, private_creator: str) -> str:
    """The vendor's name of a private element."""
    return get_private_entry(tag, private_creator)[2]


# -- fast helpers for the codec and the object layer ----------------------------------


def vr_for_tag(tag: int) -> str | None:
    """The dictionary VR of a standard or repeating-group tag (an int), or None.

    May be ambiguous (``'US or SS'``, ``'OB or OW'``); ``'NONE'`` for items and
    delimiters.  Private (odd group) tags give None: see :func:`private_vr_for`.
    """
    vr = _VR.get(tag)
    if vr is not None:
        return vr
    if not _loaded:
        _load()
        return vr_for_tag(tag)
    if (tag >> 16) & 1:
        return None
    key = _mask_match(tag)
    return None if key is None else _REPEATERS[key][0]


def private_vr_for(tag: int, creator: str) -> str | None:
    """The VR of private ``tag`` (an int) under Private Creator ``creator``, or None."""
    if not isinstance(creator, str):
        return None
    entry = _private_lookup(tag, creator)
    return None if entry is None else entry[0]


def element_name(tag: TagType, private_creator: str | None = None) -> str:
    """The name pydicom's ``DataElement.name`` shows for ``tag``.

    * private tag with a known creator and entry: ``'[vendor name]'``;
    * private tag without a creator and element below 0x0100: ``'Private Creator'``;
    * other private tags: ``'Private tag data'``;
    * standard or repeating-group tag: its PS3.6 name;
    * unknown even tag with element 0: ``'Group Length'``; otherwise ``''``.
    """
    if not _loaded:
        _load()
    if not (isinstance(tag, int) and 0 <= tag <= MAX_TAG):
        tag = Tag(tag)
    tag = int(tag)
    if (tag >> 16) & 1:
        if private_creator:
            entry = _private_lookup(tag, private_creator) if isinstance(private_creator, str) else None
            if entry is not None:
                return f"[{entry[2]}]"
        elif (tag & 0xFFFF) >> 8 == 0:
            return "Private Creator"
        return "Private tag data"
    entry = _ELEMENTS.get(tag)
    if entry is not None:
        return entry[2]
    key = _mask_match(tag)
    if key is not None:
        return _REPEATERS[key][2]
    if tag & 0xFFFF == 0:
        return "Group Length"
    return ""


def name_for_tag(tag: TagType, private_creator: str | None = None) -> str:
    """Alias of :func:`element_name`."""
    return element_name(tag, private_creator)

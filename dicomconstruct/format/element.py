"""Data element framing, declared once with ``construct`` (PS3.5 7.1, 7.5, A.4).

Element headers
---------------
* Explicit VR, short form (PS3.5 7.1.2, table 7.1-2): tag, VR, 16-bit length.
* Explicit VR, long form (table 7.1-1): tag, VR, 2 reserved bytes, 32-bit
  length; used by the VRs flagged ``long_header`` in :mod:`.vr`.  Which form
  an explicit VR element has is data, :data:`EXPLICIT_HEADER_FORM` (VR bytes ->
  ``"long"`` / ``"short"``; VR bytes not in it are ``"short"``), and
  :data:`HEADER_FORMS` maps each form to its declaration: the ``Switch`` of
  :func:`element_struct` and ``tools/gen_codec.py`` (which compiles the codec's
  tables) both read them.
* Implicit VR (PS3.5 7.1.3, table 7.1-3): tag, 32-bit length.
* Item, Item Delimitation Item and Sequence Delimitation Item (PS3.5 7.5,
  table 7.5-1..3): tag (FFFE,E000 / E00D / E0DD) and a 32-bit length; they
  never carry a VR, in any transfer syntax.

Every header exists in a little- and a big-endian version, made by one factory
from the same field list.  ``tools/gen_codec.py`` compiles them (through
:mod:`.fast`) into ``dicomconstruct/codec/_layout.py``, the plain tables the
reader and writer run on without importing construct.

Whole elements
--------------
:func:`element_struct` declares a complete data element, value included, for
one encoding.  Its fields: the tag; ``form`` (the header form: a ``Switch``
over :data:`EXPLICIT_HEADER_FORM`, ``"implicit"`` for an element without a VR
in explicit VR data, ``"marker"`` for an item or delimiter); the VR, reserved
bytes and length of that form's declaration; ``kind``, the layout of the value
(``bytes``; ``sequence`` of items, defined or undefined length; ``un_sequence``,
UN holding an Implicit VR Little Endian sequence, PS3.5 6.2.2; ``fragments``,
encapsulated data, PS3.5 A.4; ``delimited``, bytes up to a Sequence
Delimitation Item; ``marker``), chosen by the rules of :mod:`.framing` that the
codec's reader follows too; then the value.  Items and sequences of defined
length must be filled exactly by what they hold.

It is the reference grammar: the test suite parses every corpus file with it
(through :func:`.study.parse_file`), compares element by element at every
level with the codec's reader, and checks ``build(parse(x)) == x``.  Where data
departs from the Standard, :data:`.framing.DECISIONS` says what both do.
Implicit VR needs to know which tags are sequences: pass
``vr_lookup=callable(tag) -> VR`` as a parse keyword (defaults to "not a
sequence unless undefined length").
"""

from __future__ import annotations

from functools import lru_cache

from construct import (
    Bytes,
    Computed,
    Construct,
    Container,
    Default,
    FixedSized,
    FocusedSeq,
    GreedyRange,
    If,
    IfThenElse,
    Int16ub,
    Int16ul,
    Int32ub,
    Int32ul,
    LazyBound,
    Pass,
    Peek,
    StreamError,
    RepeatUntil,
    Struct,
    Switch,
    Terminated,
    this,
)

from .constants import (
    DELIMITER_GROUP,
    ITEM_DELIMITER_TAG,
    ITEM_TAG,
    PIXEL_DATA_TAG,
    SEQUENCE_DELIMITER_TAG,
    UNDEFINED_LENGTH,
)
from .constants import tag_pair
from .framing import undefined_length_kind
from .vr import VR_INFO, is_valid_vr_bytes

__all__ = [
    "UNDEFINED_LENGTH",
    "ITEM_TAG",
    "ITEM_DELIMITER_TAG",
    "SEQUENCE_DELIMITER_TAG",
    "PIXEL_DATA_TAG",
    "explicit_short_header",
    "explicit_long_header",
    "implicit_header",
    "item_header",
    "tag_struct",
    "fragment_items",
    "ExplicitShortHeaderLE",
    "ExplicitShortHeaderBE",
    "ExplicitLongHeaderLE",
    "ExplicitLongHeaderBE",
    "ImplicitHeaderLE",
    "ImplicitHeaderBE",
    "ItemHeaderLE",
    "ItemHeaderBE",
    "TagLE",
    "TagBE",
    "element_struct",
    "dataset_struct",
    "RESERVED",
    "EXPLICIT_HEADER_FORM",
    "HEADER_FORMS",
    "header_declaration",
]

#: The two reserved bytes of the explicit VR long form, written as zero (PS3.5 table 7.1-1).
RESERVED = bytes(2)



def _ints(little_endian: bool):
    return (Int16ul, Int32ul) if little_endian else (Int16ub, Int32ub)


def tag_struct(little_endian: bool) -> Struct:
    """A tag: group number then element number (PS3.5 7.1.1); also the AT value layout."""
    u16, _ = _ints(little_endian)
    return Struct("group" / u16, "element" / u16)


def explicit_short_header(little_endian: bool) -> Struct:
    """Explicit VR header with a 16-bit length (PS3.5 table 7.1-2)."""
    u16, _ = _ints(little_endian)
    return Struct("group" / u16, "element" / u16, "VR" / Bytes(2), "length" / u16)


def explicit_long_header(little_endian: bool) -> Struct:
    """Explicit VR header with reserved bytes and a 32-bit length (PS3.5 table 7.1-1)."""
    u16, u32 = _ints(little_endian)
    return Struct(
        "group" / u16,
        "element" / u16,
        "VR" / Bytes(2),
        "reserved" / Default(Bytes(len(RESERVED)), RESERVED),
        "length" / u32,
    )


def implicit_header(little_endian: bool = True) -> Struct:
    """Implicit VR header: tag and 32-bit length (PS3.5 table 7.1-3)."""
    u16, u32 = _ints(little_endian)
    return Struct("group" / u16, "element" / u16, "length" / u32)


def item_header(little_endian: bool) -> Struct:
    """Item / Item Delimitation / Sequence Delimitation header (PS3.5 7.5, tables 7.5-1..3)."""
    return implicit_header(little_endian)


def fragment_items(little_endian: bool) -> RepeatUntil:
    """Items of defined length up to and including the Sequence Delimitation Item (PS3.5 A.4, table A.4-1).

    The value of encapsulated Pixel Data: Basic Offset Table, then fragments.
    """
    fragment = Struct(*item_header(little_endian).subcons, "value" / Bytes(this.length))
    return RepeatUntil(lambda obj, lst, ctx: _tag_of(obj) == SEQUENCE_DELIMITER_TAG, fragment)


ExplicitShortHeaderLE = explicit_short_header(True)
ExplicitShortHeaderBE = explicit_short_header(False)
ExplicitLongHeaderLE = explicit_long_header(True)
ExplicitLongHeaderBE = explicit_long_header(False)
ImplicitHeaderLE = implicit_header(True)
ImplicitHeaderBE = implicit_header(False)
ItemHeaderLE = item_header(True)
ItemHeaderBE = item_header(False)
TagLE = tag_struct(True)
TagBE = tag_struct(False)


# --- whole elements (reference grammar) ------------------------------------------------


def _tag_of(ctx) -> int:
    return ctx.group << 16 | ctx.element


#: Explicit VR header form keyed on the VR bytes (PS3.5 7.1.2); VR bytes not listed are "short".
EXPLICIT_HEADER_FORM: dict[bytes, str] = {
    name.encode("ascii"): "long" if info.long_header else "short" for name, info in VR_INFO.items()
}

#: Each header form -> the factory of its declaration (``little_endian`` -> Struct).  "marker" is an
#: Item or delimitation item met where an element was expected: no VR, in every encoding (PS3.5 7.5).
HEADER_FORMS = {
    "short": explicit_short_header,
    "long": explicit_long_header,
    "implicit": implicit_header,
    "marker": item_header,
}


def header_declaration(form: str, little_endian: bool) -> Struct:
    """The declaration of header form ``form`` (a key of :data:`HEADER_FORMS`)."""
    return HEADER_FORMS[form](little_endian)


def _explicit_form(ctx) -> str:
    """The header form of an explicit VR element from its first 6 bytes (PS3.5 7.1.2, 7.5).

    An Item or delimiter has no VR ("marker"); VR bytes that are not a VR at all
    (not two upper-case letters) mean the element is Implicit VR in explicit VR
    data, read as such (the codec reports it); an unknown VR has the short form.
    """
    if ctx.is_marker:
        return "marker"
    vr = ctx.peek_vr
    form = EXPLICIT_HEADER_FORM.get(vr)
    if form is not None:
        return form
    return "short" if vr is not None and is_valid_vr_bytes(vr) else "implicit"


class DelimitedBytes(Construct):
    r"""Bytes up to a Sequence Delimitation Item, then that item: ``{"data": bytes, "delimiter": header}``.

    The value of an element of undefined length that is neither a sequence nor
    encapsulated (no Item follows its header): not allowed by PS3.5 7.1.1, found
    in real files, kept byte for byte.  ``delimiter_tag``: the 4 tag bytes searched
    for; ``header``: the declaration of the item header that starts with them.
    """

    def __init__(self, delimiter_tag: bytes, header: Struct):
        super().__init__()
        self.delimiter_tag = delimiter_tag
        self.header = header
        self.flagbuildnone = False

    def _parse(self, stream, context, path):
        start = stream.tell()
        rest = stream.read()
        found = rest.find(self.delimiter_tag)
        if found < 0 or len(rest) - found < self.header.sizeof():
            raise StreamError("undefined length value without Sequence Delimitation Item", path=path)
        stream.seek(start + found)
        delimiter = self.header._parsereport(stream, context, path)
        return Container(data=rest[:found], delimiter=delimiter)

    def _build(self, obj, stream, context, path):
        stream.write(obj["data"])
        self.header._build(obj["delimiter"], stream, context, path)
        return obj


def _value_kind(ctx) -> str:
    """How the value field of the element in ``ctx`` is laid out."""
    tag = _tag_of(ctx)
    if tag >> 16 == DELIMITER_GROUP:
        return "marker"  # item / delimiter met where an element was expected
    vr = ctx.VR.decode("latin-1") if ctx.get("VR") is not None else None
    if vr is None:
        lookup = getattr(ctx._params, "vr_lookup", None)
        vr = lookup(tag) if lookup is not None else None
    if ctx.length == UNDEFINED_LENGTH:
        following = ctx.next
        return undefined_length_kind(tag, vr, following is not None and _tag_of(following) == ITEM_TAG)
    if vr == "SQ":
        return "sequence"
    return "bytes"


def _filling(subcon):
    """``subcon`` repeated to exactly the end of a defined length: what is left over is an error, not dropped."""
    return FocusedSeq("items", "items" / GreedyRange(subcon), Terminated)


@lru_cache(maxsize=None)
def element_struct(little_endian: bool, implicit_vr: bool) -> Struct:
    """A complete data element (header and value) in one encoding; see the module docstring."""
    u16, u32 = _ints(little_endian)
    this_element = LazyBound(lambda: element_struct(little_endian, implicit_vr))
    implicit_element = LazyBound(lambda: element_struct(True, True))

    def items_of(element):
        return Struct(
            *item_header(little_endian).subcons,
            "elements"
            / If(
                lambda ctx: _tag_of(ctx) == ITEM_TAG,
                IfThenElse(
                    this.length == UNDEFINED_LENGTH,
                    RepeatUntil(lambda obj, lst, ctx: _tag_of(obj) == ITEM_DELIMITER_TAG, element),
                    FixedSized(this.length, _filling(element)),
                ),
            ),
        )

    def sequence_of(element):
        item = items_of(element)
        return IfThenElse(
            this.length == UNDEFINED_LENGTH,
            RepeatUntil(lambda obj, lst, ctx: _tag_of(obj) == SEQUENCE_DELIMITER_TAG, item),
            FixedSized(this.length, _filling(item)),
        )

    delimiter_tag = tag_struct(little_endian).build(dict(zip(("group", "element"), tag_pair(SEQUENCE_DELIMITER_TAG))))
    value_fields = (
        # the tag after the header of an undefined-length value: an Item or not (PS3.5 7.5, A.4)
        "next" / If(this.length == UNDEFINED_LENGTH, Peek(tag_struct(little_endian))),
        "kind" / Computed(_value_kind),
        "value" / Switch(
            this.kind,
            {
                "bytes": Bytes(this.length),
                "sequence": sequence_of(this_element),
                "un_sequence": sequence_of(implicit_element),
                "fragments": fragment_items(little_endian),
                "delimited": DelimitedBytes(delimiter_tag, item_header(little_endian)),
                "marker": Bytes(0),
            },
        ),
    )
    marker = Computed(lambda ctx: ctx.group == DELIMITER_GROUP)
    if implicit_vr:
        form = Computed(lambda ctx: "marker" if ctx.is_marker else "implicit")
        return Struct("group" / u16, "element" / u16, "is_marker" / marker, "form" / form, "length" / u32,
                      *value_fields)
    # the fields after the VR, chosen by the header form (a table, not code): reserved bytes and the
    # length field of each form's declaration
    forms = {form: {sub.name: sub for sub in header_declaration(form, little_endian).subcons}
             for form in HEADER_FORMS}
    return Struct(
        "group" / u16,
        "element" / u16,
        "is_marker" / marker,
        "peek_vr" / Peek(forms["short"]["VR"]),
        "form" / Computed(_explicit_form),
        "VR" / Switch(this.form, {form: f["VR"] for form, f in forms.items() if "VR" in f}, default=Pass),
        "reserved" / Switch(this.form, {form: f["reserved"] for form, f in forms.items() if "reserved" in f},
                            default=Pass),
        "length" / Switch(this.form, {form: f["length"] for form, f in forms.items()}),
        *value_fields,
    )


@lru_cache(maxsize=None)
def dataset_struct(little_endian: bool, implicit_vr: bool):
    """A dataset: data elements up to the end of the data (PS3.5 7.1)."""
    return GreedyRange(element_struct(little_endian, implicit_vr))

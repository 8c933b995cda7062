"""Specific Character Set (0008,0005): decoding and encoding of text values.

Implements PS3.5 6.1 (Support of Character Repertoires) and PS3.3 C.12.1.1.2
(the defined terms of Specific Character Set):

* the default repertoire ISO IR 6 and the single-byte replacements
  ``ISO_IR 100`` ... ``ISO_IR 166``, ``ISO_IR 13`` (PS3.3 Table C.12-2);
* code extension techniques of ISO/IEC 2022 (PS3.5 6.1.2.5): escape sequences
  that designate a graphic character set into code element G0 (bytes
  0x21-0x7E) or G1 (bytes 0xA0-0xFF) in the middle of a value, single-byte
  sets (PS3.3 Table C.12-3) and multi-byte sets JIS X 0208, JIS X 0212,
  KS X 1001, GB 2312 (Table C.12-4);
* the delimiters before which the character set of value 1 must be active
  again (PS3.5 6.1.2.5.3), so that a decoder resets to it there;
* the stand-alone encodings without code extensions (Table C.12-5):
  ``ISO_IR 192`` (UTF-8), ``GB18030``, ``GBK``.

Only the VRs SH, LO, ST, LT, UC, UT and PN are affected (PS3.5 6.1.2.3); the
other string VRs use the default repertoire (:func:`is_charset_affected`).

Public functions (the contract with the codec and Dataset layers):

``python_encodings(specific_character_set)``
    defined terms -> list of Python codec names (the names pydicom uses, so a
    list made by either library is understood by both).
``decode_text(data, VR, encodings)``
    one whole element value -> ``str`` (backslashes, ``^`` and ``=`` kept).
    Never raises on bad data: invalid bytes become U+FFFD with a warning.
``encode_text(value, VR, encodings, errors="strict", tag=None)``
    ``str`` -> bytes, with the escape sequences PS3.5 requires.  Unencodable
    characters raise ``ValueError`` naming the character and the element.
"""

from __future__ import annotations

import codecs
import re
import warnings
from functools import lru_cache
from typing import Any, Sequence

from . import config
from .errors import DicomWarning, InvalidDicomError, format_tag
from .format.constants import SPECIFIC_CHARACTER_SET
from .format.vr import CHARSET_VRS, VR_INFO

__all__ = [
    "DEFAULT_ENCODING",
    "CHARSET_AFFECTED_VRS",
    "STAND_ALONE_TERMS",
    "is_charset_affected",
    "python_encodings",
    "decode_text",
    "encode_text",
    "dicom_term_for",
    "python_encoding",
    "convert_encodings",
    "decode_bytes",
    "decode_string",
    "encode_string",
    "decode_element",
    "TEXT_VR_DELIMS",
    "PN_DELIMS",
]

#: Python codec name standing for the default repertoire (ISO IR 6).  As in
#: pydicom, bytes above 0x7F found in such text decode as ISO 8859-1.
DEFAULT_ENCODING = "iso8859"
#: pydicom's name of the same codec name.
default_encoding = DEFAULT_ENCODING

#: VRs whose text may use other repertoires than the default (PS3.5 6.1.2.3).
CHARSET_AFFECTED_VRS = CHARSET_VRS

#: Terms that cannot be combined with code extensions (PS3.3 Table C.12-5).
STAND_ALONE_TERMS = ("ISO_IR 192", "GB18030", "GBK")

_SCS_TAG = SPECIFIC_CHARACTER_SET
_ESC = 0x1B


def is_charset_affected(VR: str) -> bool:
    """True when text of ``VR`` is subject to Specific Character Set (PS3.5 6.1.2.3)."""
    return VR in CHARSET_AFFECTED_VRS


# ---------------------------------------------------------------------------
# Graphic character sets and the code elements they are designated into
# (PS3.3 Tables C.12-3 and C.12-4).
# ---------------------------------------------------------------------------

_MISSING = object()

# JIS X 0201: 0x00-0x7F read as ASCII (the Roman half, as pydicom and most
# DICOM software read it), 0xA1-0xDF the half-width katakana U+FF61-U+FF9F.
_JIS_X_0201_TABLE = "".join(
    chr(b) if b < 0x80 else chr(0xFF61 + b - 0xA1) if 0xA1 <= b <= 0xDF else "\ufffe"
    for b in range(256)
)


_JIS_X_0201_MAP = codecs.charmap_build(_JIS_X_0201_TABLE)


def _jis_x_0201_decode(data: bytes, errors: str = "strict") -> str:
    return codecs.charmap_decode(data, errors, _JIS_X_0201_TABLE)[0]


def _jis_x_0201_encode(value: str) -> bytes:
    return codecs.charmap_encode(value, "strict", _JIS_X_0201_MAP)[0]


class _Graphic:
    """One graphic character set: its escape sequence, code element and mapping.

    ``decode(data, errors)`` decodes a run of bytes in which this set is the one
    active in its code element; for G1 sets the run may also hold G0 (ASCII)
    bytes, for G0 multi-byte sets only bytes 0x21-0x7E.
    ``encode(ch)`` returns the bytes of one character in this set, or None.
    """

    __slots__ = ("name", "escape", "element", "multibyte", "_decode", "_encode_one", "_cache", "encode_whole")

    def __init__(self, name, escape, element, multibyte, decode, encode_one, encode_whole=None):
        self.name = name
        # for single-byte G1 sets: str -> bytes of a whole value in (ASCII, this set)
        self.encode_whole = encode_whole
        self.escape = escape
        self.element = element
        self.multibyte = multibyte
        self._decode = decode
        self._encode_one = encode_one
        self._cache: dict[str, bytes | None] = {}

    def decode(self, data: bytes, errors: str = "strict") -> str:
        return self._decode(data, errors)

    def encode(self, ch: str) -> bytes | None:
        b = self._cache.get(ch, _MISSING)
        if b is _MISSING:
            try:
                b = self._encode_one(ch)
            except UnicodeError:
                b = None
            self._cache[ch] = b
        return b  # type: ignore[return-value]

    def __repr__(self):
        return f"<graphic set {self.name} G{self.element}>"


def _ascii_one(ch: str) -> bytes | None:
    return ch.encode("ascii") if 0x20 <= ord(ch) < 0x7F else None


def _ascii_whole(value: str) -> bytes:
    return value.encode("ascii")


def _codec_decoder(codec: str):
    def decode(data: bytes, errors: str) -> str:
        return data.decode(codec, errors)

    return decode


def _gr_single(codec: str):
    def one(ch: str) -> bytes | None:
        b = ch.encode(codec)
        return b if len(b) == 1 and b[0] >= 0xA0 else None

    return one


def _gr_double(codec: str):
    def one(ch: str) -> bytes | None:
        b = ch.encode(codec)
        return b if len(b) == 2 and b[0] >= 0xA1 and b[1] >= 0xA1 else None

    return one


def _g0_iso2022(codec: str, escape: bytes):
    """Multi-byte G0 set reached through a Python ISO 2022 codec (JIS X 0208/0212)."""
    n = len(escape)

    def decode(data: bytes, errors: str) -> str:
        try:
            return (escape + data).decode(codec, errors)
        except UnicodeDecodeError as exc:  # report positions in ``data``, not in escape + data
            start, end = max(exc.start - n, 0), max(exc.end - n, 1)
            raise UnicodeDecodeError(codec, data, start, end, exc.reason) from None

    def one(ch: str) -> bytes | None:
        b = ch.encode(codec)
        if b.startswith(escape) and len(b) == n + 5 and b.endswith(b"\x1b(B"):
            return b[n : n + 2]
        return None

    return decode, one


def _katakana_one(ch: str) -> bytes | None:
    o = ord(ch)
    return bytes((o - 0xFF61 + 0xA1,)) if 0xFF61 <= o <= 0xFF9F else None


ASCII = _Graphic("ISO-IR 6", b"\x1b(B", 0, False, _codec_decoder("latin_1"), _ascii_one)
ROMAJI = _Graphic("ISO-IR 14", b"\x1b(J", 0, False, _codec_decoder("latin_1"), _ascii_one)
KATAKANA = _Graphic("ISO-IR 13", b"\x1b)I", 1, False, _jis_x_0201_decode, _katakana_one, _jis_x_0201_encode)
JIS_X_0208 = _Graphic("ISO-IR 87", b"\x1b$B", 0, True, *_g0_iso2022("iso2022_jp", b"\x1b$B"))
JIS_X_0212 = _Graphic("ISO-IR 159", b"\x1b$(D", 0, True, *_g0_iso2022("iso2022_jp_2", b"\x1b$(D"))
KS_X_1001 = _Graphic("ISO-IR 149", b"\x1b$)C", 1, True, _codec_decoder("euc_kr"), _gr_double("euc_kr"))
GB_2312 = _Graphic("ISO-IR 58", b"\x1b$)A", 1, True, _codec_decoder("gb2312"), _gr_double("gb2312"))


def _latin_g1(ir: int, final: str, codec: str) -> _Graphic:
    return _Graphic(
        f"ISO-IR {ir}",
        b"\x1b-" + final.encode(),
        1,
        False,
        _codec_decoder(codec),
        _gr_single(codec),
        lambda value: value.encode(codec),
    )


_G1_SINGLE = {
    100: _latin_g1(100, "A", "latin_1"),
    101: _latin_g1(101, "B", "iso8859_2"),
    109: _latin_g1(109, "C", "iso8859_3"),
    110: _latin_g1(110, "D", "iso8859_4"),
    126: _latin_g1(126, "F", "iso8859_7"),
    127: _latin_g1(127, "G", "iso8859_6"),
    138: _latin_g1(138, "H", "iso8859_8"),
    144: _latin_g1(144, "L", "iso8859_5"),
    148: _latin_g1(148, "M", "iso8859_9"),
    166: _latin_g1(166, "T", "tis_620"),
    203: _latin_g1(203, "b", "iso8859_15"),
}

#: escape sequence -> graphic set (PS3.3 Tables C.12-3, C.12-4)
_BY_ESCAPE = {g.escape: g for g in (ASCII, ROMAJI, KATAKANA, JIS_X_0208, JIS_X_0212, KS_X_1001, GB_2312)}
_BY_ESCAPE.update({g.escape: g for g in _G1_SINGLE.values()})


# ---------------------------------------------------------------------------
# Defined terms (PS3.3 C.12.1.1.2) and their Python codec names.
# ---------------------------------------------------------------------------


class _Charset:
    """What one defined term means: its codec name, G0/G1 designations, whole-value decoder."""

    __slots__ = ("term", "codec", "g0", "g1", "stand_alone")

    def __init__(self, term, codec, g0=ASCII, g1=None, stand_alone=False):
        self.term = term
        self.codec = codec
        self.g0 = g0
        self.g1 = g1
        self.stand_alone = stand_alone

    @property
    def graphics(self):
        return [g for g in (self.g0, self.g1) if g is not None]


_CHARSETS: dict[str, _Charset] = {}  # defined term -> charset
_BY_CODEC: dict[str, _Charset] = {}  # python codec name (as we return it) -> charset


def _define(terms, codec, g0=ASCII, g1=None, stand_alone=False):
    cs = _Charset(terms[0], codec, g0, g1, stand_alone)
    for t in terms:
        _CHARSETS[t] = cs
    _BY_CODEC.setdefault(codec, cs)
    return cs


_DEFAULT = _define(["ISO_IR 6", "ISO 2022 IR 6", ""], DEFAULT_ENCODING)
_define(["ISO_IR 100", "ISO 2022 IR 100"], "latin_1", g1=_G1_SINGLE[100])
_define(["ISO_IR 101", "ISO 2022 IR 101"], "iso8859_2", g1=_G1_SINGLE[101])
_define(["ISO_IR 109", "ISO 2022 IR 109"], "iso8859_3", g1=_G1_SINGLE[109])
_define(["ISO_IR 110", "ISO 2022 IR 110"], "iso8859_4", g1=_G1_SINGLE[110])
_define(["ISO_IR 126", "ISO 2022 IR 126"], "iso_ir_126", g1=_G1_SINGLE[126])
_define(["ISO_IR 127", "ISO 2022 IR 127"], "iso_ir_127", g1=_G1_SINGLE[127])
_define(["ISO_IR 138", "ISO 2022 IR 138"], "iso_ir_138", g1=_G1_SINGLE[138])
_define(["ISO_IR 144", "ISO 2022 IR 144"], "iso_ir_144", g1=_G1_SINGLE[144])
_define(["ISO_IR 148", "ISO 2022 IR 148"], "iso_ir_148", g1=_G1_SINGLE[148])
_define(["ISO_IR 166", "ISO 2022 IR 166"], "iso_ir_166", g1=_G1_SINGLE[166])
_define(["ISO_IR 203", "ISO 2022 IR 203"], "iso8859_15", g1=_G1_SINGLE[203])
_define(["ISO_IR 13", "ISO 2022 IR 13"], "shift_jis", g0=ROMAJI, g1=KATAKANA)
_define(["ISO 2022 IR 87"], "iso2022_jp", g0=JIS_X_0208)
_define(["ISO 2022 IR 159"], "iso2022_jp_2", g0=JIS_X_0212)
_define(["ISO 2022 IR 149"], "euc_kr", g1=KS_X_1001)
_define(["ISO 2022 IR 58"], "iso_ir_58", g1=GB_2312)
_define(["ISO_IR 192"], "UTF8", g0=None, stand_alone=True)
_define(["GB18030"], "GB18030", g0=None, stand_alone=True)
_define(["GBK"], "GBK", g0=None, stand_alone=True)

# Python's normalised codec names -> our charsets, for lists given by users
# (e.g. ``['latin_1']`` or ``['utf-8']``); filled on first use (the lookups import every codec).
_BY_NORMALISED: dict[str, _Charset] = {}


def _by_normalised() -> dict[str, _Charset]:
    if not _BY_NORMALISED:
        table: dict[str, _Charset] = {}
        for cs in _CHARSETS.values():  # the defined terms' (_BY_CODEC also gets users' codecs)
            if cs is not _DEFAULT:
                table.setdefault(codecs.lookup(cs.codec).name, cs)
        table["ascii"] = _DEFAULT
        _BY_NORMALISED.update(table)  # at once: another thread never sees it half filled
    return _BY_NORMALISED

# the compact spelling of each term, for correcting misspellings
_COMPACT = {re.sub(r"[\s_\-]", "", t.upper()): t for t in _CHARSETS if t}
_COMPACT.update({"UTF8": "ISO_IR 192", "ISO2022GBK": "GBK"})


def dicom_term_for(codec: str) -> str:
    """The defined term (value of Specific Character Set) of a codec name from :func:`python_encodings`."""
    return _charset_for_codec(codec).term


def _correct_term(term: str, notes: list[str], unknown: list[str]) -> _Charset | str:
    """Best match for a term that is not a defined term (a note is added to ``notes``).

    Returns a charset, or a Python text codec name the term names directly
    (used as a stand-alone encoding), or the default charset.
    """
    compact = re.sub(r"[\s_\-\x00]", "", term.upper())
    fixed = _COMPACT.get(compact)
    if fixed is None:
        number = re.fullmatch(r"ISO(2022)?(?:IR)?(\d+)", compact)
        if number:
            n = number.group(2)
            prefer = ("ISO 2022 IR ", "ISO_IR ") if number.group(1) else ("ISO_IR ", "ISO 2022 IR ")
            fixed = next((p + n for p in prefer if p + n in _CHARSETS), None)
    if fixed is not None:
        notes.append(f"Incorrect value for Specific Character Set {term!r} - assuming {fixed!r}")
        return _CHARSETS[fixed]
    try:
        info = codecs.lookup(term)
    except (LookupError, ValueError):  # ValueError: a NUL inside the term
        info = None
    if info is not None and _usable_codec(info):
        known = _by_normalised().get(info.name)
        if known is not None:
            notes.append(
                f"Incorrect value for Specific Character Set {term!r} - assuming {known.term!r} "
                "(it is a Python codec name, not a defined term)"
            )
            return known
        notes.append(
            f"Incorrect value for Specific Character Set {term!r} - decoding with Python codec {info.name!r}"
        )
        return info.name
    notes.append(f"Unknown encoding {term!r} - using default encoding instead (the default repertoire, ISO_IR 6)")
    unknown.append(term)
    return _DEFAULT


def _usable_codec(info: codecs.CodecInfo) -> bool:
    """True for a Python codec that can stand in for a character set.

    It must be a text encoding, keep ASCII as ASCII (as every DICOM character
    set does for the delimiters), and decode any bytes with replacement
    characters without raising (``idna``, ``punycode``, ``utf_16``... do not).
    """
    if not getattr(info, "_is_text_encoding", True):
        return False
    try:
        if info.encode("AZ az^=\\")[0] != b"AZ az^=\\":
            return False
        info.decode(bytes(range(256)), "replace")
        info.decode(b"\\\x1b$B\xff", "replace")
    except Exception:  # noqa: BLE001 - any failure disqualifies the codec
        return False
    return True


@lru_cache(maxsize=256)
def _python_encodings(terms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(codec names, warnings to issue, unknown terms) for the values of Specific Character Set."""
    out: list[str] = []
    stand_alone: list[bool] = []
    notes: list[str] = []
    unknown: list[str] = []
    for raw in terms:
        term = raw.strip()  # leading/trailing spaces of CS are not significant (PS3.5 6.2)
        cs = _CHARSETS.get(term)
        if cs is None:
            cs = _correct_term(term, notes, unknown)
        if isinstance(cs, str):
            out.append(cs)
            stand_alone.append(True)
        else:
            out.append(cs.codec)
            stand_alone.append(cs.stand_alone)
    if len(out) > 1:
        if stand_alone[0]:
            notes.append(
                f"Value {terms[0]!r} for Specific Character Set does not allow code extensions, "
                f"ignoring: {', '.join(terms[1:])}"
            )
            del out[1:]
        for i in range(len(out) - 1, 0, -1):
            if stand_alone[i]:
                notes.append(f"Value {terms[i]!r} cannot be used as code extension, ignoring it")
                del out[i]
    return tuple(out), tuple(notes), tuple(unknown)


def python_encodings(specific_character_set: str | Sequence[str] | None) -> list[str]:
    """Python codec names for the value of Specific Character Set (PS3.3 C.12.1.1.2).

    The first name is value 1 (the set active at the start of each value and
    after each delimiter); the others are the code extensions.  ``None``,
    ``''`` and an empty value 1 mean the default repertoire ISO IR 6
    (:data:`DEFAULT_ENCODING`).  A misspelt or unknown term is replaced by
    its best match with a :class:`~dicomconstruct.errors.DicomWarning`
    (an :class:`~dicomconstruct.errors.InvalidDicomError` in strict mode; an
    unknown term raises ``LookupError`` when ``reading_validation_mode`` is RAISE,
    as in pydicom).
    """
    if not specific_character_set:
        return [DEFAULT_ENCODING]
    if isinstance(specific_character_set, (bytes, bytearray)):
        specific_character_set = specific_character_set.decode("latin_1")
    if isinstance(specific_character_set, str):
        terms = tuple(specific_character_set.split("\\"))
    else:
        terms = tuple(str(t) if t is not None else "" for t in specific_character_set)
        if not terms:
            return [DEFAULT_ENCODING]
    names, notes, unknown = _python_encodings(terms)
    if unknown and not config.settings.strict and config.settings.reading_validation_mode == config.RAISE:
        raise LookupError(f"Unknown encoding {unknown[0]!r}")
    for note in notes:
        config.report(InvalidDicomError(note, tag=_SCS_TAG), stacklevel=2)
    return list(names)


# ---------------------------------------------------------------------------
# The decoder and encoder for one list of encodings.
# ---------------------------------------------------------------------------


def _charset_for_codec(codec: str) -> _Charset:
    cs = _BY_CODEC.get(codec)
    if cs is not None:
        return cs
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return _DEFAULT
    cs = _by_normalised().get(name)
    if cs is None:
        # a Python codec with no DICOM term (from a corrected term, or given by a user)
        cs = _Charset(codec, codec, g0=None, stand_alone=True)
        _BY_CODEC[codec] = cs
    return cs


class _Scheme:
    """Everything needed to decode and encode text for one list of encodings."""

    __slots__ = (
        "encodings",
        "first",
        "init_g0",
        "init_g1",
        "declared",
        "candidates",
        "whole_decode",
        "fast_encode",
    )

    def __init__(self, encodings: tuple[str, ...]):
        charsets = [_charset_for_codec(e) for e in encodings] or [_DEFAULT]
        self.encodings = encodings
        first = self.first = charsets[0]
        if first.stand_alone:
            return
        # A multi-byte G0 set as value 1 (malformed) is not taken as active at the
        # start of a value: text starts in ASCII, as in ISO 2022's initial state.
        self.init_g0 = first.g0 if not first.g0.multibyte else ASCII
        self.init_g1 = first.g1
        declared = {ASCII}
        for cs in charsets:
            if not cs.stand_alone:
                declared.update(cs.graphics)
        self.declared = frozenset(declared)
        # preference order when a character needs a new designation:
        # value 1's sets first, then the extensions in the order given, ASCII last.
        order: list[_Graphic] = []
        for g in [self.init_g0, self.init_g1] + [g for cs in charsets if not cs.stand_alone for g in cs.graphics]:
            if g is not None and g not in order:
                order.append(g)
        if ASCII not in order:
            order.append(ASCII)
        self.candidates = tuple(order)
        g1 = self.init_g1
        if g1 is None:
            self.whole_decode = _codec_decoder("latin_1")
            self.fast_encode = _ascii_whole
        else:
            self.whole_decode = g1._decode
            self.fast_encode = g1.encode_whole


@lru_cache(maxsize=256)
def _scheme(encodings: tuple[str, ...]) -> _Scheme:
    return _Scheme(encodings)


_CONTROL_RESETS = b"\r\n\t\x0c"
#: Characters after which code extensions return to the initial G0 set, per VR (PS3.5 6.1.2.5.3).
_DELIMITERS = {vr: VR_INFO[vr].delimiters for vr in CHARSET_VRS}
_SPLITTERS = {vr: re.compile(b"[\x1b" + re.escape(d + _CONTROL_RESETS) + b"]") for vr, d in _DELIMITERS.items()}
_GL_RUNS = re.compile(rb"[\x21-\x7e]+|[^\x21-\x7e]+")


def _where(tag: int | None) -> str:
    return f" in {format_tag(tag)}" if tag is not None else ""


class _DecodeProblems:
    """Collects what went wrong while decoding one value, to warn once."""

    __slots__ = ("messages", "error", "unknown_escape")

    def __init__(self):
        self.messages: list[str] = []
        self.error: UnicodeDecodeError | None = None  # the first invalid bytes found
        self.unknown_escape = False

    def decode(self, graphic_decode, data: bytes, what: str) -> str:
        try:
            return graphic_decode(data, "strict")
        except UnicodeDecodeError as exc:
            if self.error is None:
                self.error = exc
            bad = data[exc.start : exc.end].hex(" ")
            self.messages.append(f"bytes {bad} are not valid {what} (replaced by U+FFFD)")
            return graphic_decode(data, "replace")


def _decode_run(data: bytes, g0: _Graphic, g1: _Graphic | None, scheme: _Scheme, problems: _DecodeProblems) -> str:
    """Decode bytes during which the designations of G0 and G1 do not change."""
    if not data:
        return ""
    g1_decode = scheme.whole_decode if g1 is scheme.init_g1 else (g1.decode if g1 else _codec_decoder("latin_1"))
    g1_name = g1.name if g1 else "ISO 8859-1"
    if not g0.multibyte:
        return problems.decode(g1_decode, data, g1_name)
    parts = []
    for m in _GL_RUNS.finditer(data):
        run = m.group()
        if 0x21 <= run[0] <= 0x7E:
            if len(run) % 2:
                problems.messages.append(f"odd number of bytes ({len(run)}) in {g0.name} text")
            parts.append(problems.decode(g0.decode, run, g0.name))
        else:
            parts.append(problems.decode(g1_decode, run, g1_name))
    return "".join(parts)


def _decode_iso2022(data: bytes, VR: str, scheme: _Scheme, problems: _DecodeProblems) -> str:
    """PS3.5 6.1.2.5: follow escape sequences; reset to value 1's sets at delimiters."""
    init_g0, init_g1 = scheme.init_g0, scheme.init_g1
    g0, g1 = init_g0, init_g1
    splitter = _SPLITTERS.get(VR) or _SPLITTERS["LT"]
    out: list[str] = []
    pos = 0
    n = len(data)
    for m in splitter.finditer(data):
        i = m.start()
        if i < pos:
            continue  # inside an escape sequence already consumed
        byte = data[i]
        if byte != _ESC:
            if g0 is init_g0 and g1 is init_g1:
                continue
            if g0.multibyte and byte >= 0x21:
                continue  # a byte of a two-byte character, not a delimiter
            out.append(_decode_run(data[pos:i], g0, g1, scheme, problems))
            g0, g1 = init_g0, init_g1
            pos = i
            continue
        out.append(_decode_run(data[pos:i], g0, g1, scheme, problems))
        # ISO 2022 escape sequence: ESC, intermediate bytes 0x20-0x2F, a final byte 0x30-0x7E
        j = i + 1
        while j < n and 0x20 <= data[j] <= 0x2F:
            j += 1
        end = j + 1 if j < n and 0x30 <= data[j] <= 0x7E else j
        seq = data[i:end]
        graphic = _BY_ESCAPE.get(seq)
        if graphic is None:
            problems.messages.append(f"unknown escape sequence {seq!r}, kept as text")
            problems.unknown_escape = True
            out.append(seq.decode("latin_1"))
        else:
            if graphic not in scheme.declared:
                problems.messages.append(
                    f"escape sequence {seq!r} designates {graphic.name}, which Specific Character Set does not declare"
                )
            if graphic.element == 0:
                g0 = graphic
            else:
                g1 = graphic
        pos = end
    out.append(_decode_run(data[pos:], g0, g1, scheme, problems))
    return "".join(out)


#: Every ASCII byte but ESC (which starts an ISO 2022 escape sequence, PS3.5 6.1.2.5)
_ASCII_PROBE = bytes(b for b in range(0x80) if b != 0x1B)


@lru_cache(maxsize=64)
def _reads_ascii_as_ascii(encodings: tuple) -> bool:
    return all(decode_text(_ASCII_PROBE, VR, encodings) == _ASCII_PROBE.decode("ascii") for VR in CHARSET_AFFECTED_VRS)


def reads_ascii_as_ascii(encodings: Sequence[str]) -> bool:
    """True if text of ``encodings`` (see :func:`python_encodings`) that holds only ASCII bytes, and no
    ESC, decodes as ASCII: as it does for the default repertoire and most character sets (PS3.5 6.1.2.3)."""
    return _reads_ascii_as_ascii(tuple(encodings))


def decode_text(data: bytes | bytearray | memoryview, VR: str, encodings: Sequence[str], *, tag: int | None = None) -> str:
    """Decode one whole element value of ``VR`` (PS3.5 6.1).

    ``encodings`` comes from :func:`python_encodings`.  Backslashes between
    values and the ``=`` and ``^`` of person names are kept; padding is not
    removed.  VRs that are not charset-affected decode as the default
    repertoire.  Invalid bytes and unknown escape sequences never raise: they
    decode with U+FFFD (or are kept as text) and a
    :class:`~dicomconstruct.errors.DicomWarning` naming ``tag`` is issued.
    """
    if not isinstance(data, bytes):
        data = bytes(data)
    if VR not in CHARSET_AFFECTED_VRS:
        return data.decode("latin_1")
    scheme = _scheme(tuple(encodings) if encodings else (DEFAULT_ENCODING,))
    first = scheme.first
    problems = _DecodeProblems()
    if first.stand_alone:
        text = problems.decode(_codec_decoder(first.codec), data, first.term)
    elif b"\x1b" not in data:
        text = problems.decode(scheme.whole_decode, data, first.term or "ISO_IR 6")
    else:
        text = _decode_iso2022(data, VR, scheme, problems)
    if problems.messages:
        _decoding_problems(data, scheme, problems, tag)
    return text


def _decoding_problems(data: bytes, scheme: _Scheme, problems: _DecodeProblems, tag: int | None) -> None:
    """Warn what went wrong in decoding (pydicom's sentence first, then ours), or raise it.

    With ``config.settings.reading_validation_mode`` :data:`~dicomconstruct.config.RAISE`
    invalid bytes raise the codec's ``UnicodeDecodeError`` and an unknown escape
    sequence a ``ValueError``, as in pydicom.
    """
    if problems.unknown_escape:
        head = f"Found unknown escape sequence in encoded string value - using encoding {scheme.encodings[0]}"
        error: Exception | None = ValueError(head)
    else:
        head, error = "", problems.error
    if problems.error is not None:
        names = (
            f"encodings: {', '.join(scheme.encodings)}" if b"\x1b" in data or len(scheme.encodings) > 1
            else f"encoding '{scheme.encodings[0]}'"
        )
        failed = f"Failed to decode byte string with {names} - using replacement characters in decoded string"
        head = f"{head}; {failed}" if head else failed
    if error is not None and config.settings.reading_validation_mode == config.RAISE:
        raise error
    ours = f"Text{_where(tag)} decoded with Specific Character Set {_terms(scheme)}: " + "; ".join(
        dict.fromkeys(problems.messages)
    )
    warnings.warn(f"{head} ({ours})" if head else ours, DicomWarning, stacklevel=3)


def _terms(scheme: _Scheme) -> str:
    return repr("\\".join(_charset_for_codec(e).term for e in scheme.encodings))


def encode_text(
    value: str,
    VR: str,
    encodings: Sequence[str],
    errors: str = "strict",
    *,
    tag: int | None = None,
) -> bytes:
    """Encode one whole element value of ``VR`` (PS3.5 6.1), without padding.

    With code extensions (several encodings, or an ISO 2022 multi-byte set),
    each run of characters that needs another graphic set is preceded by the
    escape sequence designating it, preferring sets already designated, then
    value 1's, then the extensions in their order.  Value 1's sets are made
    active again before every delimiter and at the end of the value
    (PS3.5 6.1.2.5.3): ``\\`` for SH, LO, UC, PN; also ``^`` and ``=`` for
    PN; CR, LF, FF, TAB for all.

    A character no set can encode raises ``ValueError`` naming the character
    and ``tag``, unless ``errors`` names another Python error handler
    (``"replace"`` writes ``?``).  VRs that are not charset-affected use the
    default repertoire.
    """
    if VR not in CHARSET_AFFECTED_VRS:
        encodings = (DEFAULT_ENCODING,)
    scheme = _scheme(tuple(encodings) if encodings else (DEFAULT_ENCODING,))
    first = scheme.first
    if first.stand_alone:
        try:
            return value.encode(first.codec)
        except UnicodeEncodeError as exc:
            if errors == "strict":
                raise _cannot_encode(value, exc.start, scheme, tag) from None
            return value.encode(first.codec, errors)
    fast = scheme.fast_encode
    if fast is not None:
        # the whole value within value 1's sets: no escape sequence needed
        try:
            return fast(value)
        except UnicodeEncodeError:
            pass
    return _encode_iso2022(value, VR, scheme, errors, tag)


def _cannot_encode(value: str, index: int, scheme: _Scheme, tag: int | None) -> ValueError:
    ch = value[index]
    return ValueError(
        f"Cannot encode character {ch!r} (U+{ord(ch):04X}) at position {index} of "
        f"{value!r}{_where(tag)} with Specific Character Set {_terms(scheme)}; "
        "change Specific Character Set (e.g. to 'ISO_IR 192') or pass errors='replace'"
    )


def _encode_iso2022(value: str, VR: str, scheme: _Scheme, errors: str, tag: int | None) -> bytes:
    init_g0, init_g1 = scheme.init_g0, scheme.init_g1
    g0, g1 = init_g0, init_g1
    delimiters = _DELIMITERS.get(VR, b"").decode()
    candidates = scheme.candidates
    out = bytearray()

    # True once a G0 escape sequence was written after G1's last designation:
    # decoders that treat every escape sequence as switching the whole
    # character set (pydicom) then need G1 designated again before GR bytes.
    g1_stale = False

    def restore():
        nonlocal g0, g1, g1_stale
        if g0 is not init_g0:
            out.extend(init_g0.escape)
            g0 = init_g0
        if g1 is not init_g1:
            if init_g1 is not None:
                out.extend(init_g1.escape)
            g1 = init_g1
        g1_stale = False  # every decoder is back in value 1's state after a delimiter

    def designate_g0(graphic):
        nonlocal g0, g1_stale
        out.extend(graphic.escape)
        g0 = graphic
        g1_stale = True

    def emit_g1(graphic, b):
        nonlocal g1, g1_stale
        if g0.multibyte:
            # A run of JIS X 0208/0212 is ended before any G1 character, as in the
            # PS3.5 Annex H examples: Python's iso2022_jp and iconv's ISO-2022-JP
            # (used by pydicom and DCMTK) read a JIS run as 7-bit only.
            designate_g0(init_g0)
        if graphic is not g1 or g1_stale:
            out.extend(graphic.escape)
            g1 = graphic
            g1_stale = False
        out.extend(b)

    pending = list(value)
    pending.reverse()
    index = -1
    replacing = 0  # characters left that came from an error handler
    while pending:
        ch = pending.pop()
        if replacing:
            replacing -= 1
        else:
            index += 1
        o = ord(ch)
        if o < 0x20 or o == 0x7F or ch in delimiters:
            restore()
            out.append(o)
            continue
        b = g0.encode(ch)
        if b is not None:
            out.extend(b)
            continue
        if g1 is not None:
            b = g1.encode(ch)
            if b is not None:
                emit_g1(g1, b)
                continue
        for graphic in candidates:
            b = graphic.encode(ch)
            if b is not None:
                if graphic.element == 0:
                    designate_g0(graphic)
                    out.extend(b)
                else:
                    emit_g1(graphic, b)
                break
        else:
            if errors == "strict" or replacing:
                raise _cannot_encode(value, index, scheme, tag)
            handler = codecs.lookup_error(errors)
            exc = UnicodeEncodeError("dicom", value, index, index + 1, "not in the declared repertoires")
            replacement, _ = handler(exc)
            if isinstance(replacement, bytes):
                replacement = replacement.decode("latin_1")
            replacing = len(replacement)
            pending.extend(reversed(replacement))
    restore()
    return bytes(out)


# ---------------------------------------------------------------------------
# pydicom's names for the same operations (PS3.5 6.1, PS3.3 C.12.1.1.2).
# ---------------------------------------------------------------------------

#: Defined term of Specific Character Set -> Python codec name (pydicom's ``python_encoding``).
python_encoding: dict[str, str] = {term: cs.codec for term, cs in _CHARSETS.items()}

#: The characters that return ISO 2022 text to value 1's sets in values of text VRs
#: (pydicom's ``TEXT_VR_DELIMS``, PS3.5 6.1.2.5.3): CR, LF, TAB, FF.
TEXT_VR_DELIMS = set(_CONTROL_RESETS)
#: ... and in person names: also ``^`` and ``=`` (pydicom's ``PN_DELIMS``).
PN_DELIMS = set(_DELIMITERS["PN"] + _CONTROL_RESETS)

#: The VR whose ISO 2022 delimiters are a given set (for :func:`decode_bytes`).
_VR_FOR_DELIMITERS = {frozenset(_DELIMITERS[vr] + _CONTROL_RESETS): vr for vr in sorted(CHARSET_VRS)}
#: A VR whose ISO 2022 delimiters are only the control characters (a single-valued text VR).
_SINGLE_TEXT_VR = _VR_FOR_DELIMITERS[frozenset(TEXT_VR_DELIMS)]


def convert_encodings(encodings: str | Sequence[str] | None) -> list[str]:
    """Python codec names for the value(s) of Specific Character Set, as pydicom's ``convert_encodings``.

    As :func:`python_encodings`, and Python codec names are kept as given:
    ``['iso_ir_126', 'iso_ir_144']`` stays the same.  Empty values mean ISO IR 6.
    """
    if not encodings:
        return [DEFAULT_ENCODING]
    terms = [encodings] if isinstance(encodings, str) else list(encodings)
    if terms and not terms[0]:
        terms[0] = "ISO_IR 6"
    if all(t not in _CHARSETS and _is_codec_name(t) for t in terms):
        return terms
    return python_encodings(terms)


def _is_codec_name(name: Any) -> bool:
    try:
        return isinstance(name, str) and bool(name) and codecs.lookup(name) is not None and name not in _COMPACT
    except (LookupError, ValueError):
        return False


def _known_codecs(encodings: Sequence[str]) -> list[str]:
    """``encodings`` with unknown codec names replaced by the default (a warning; LookupError in RAISE)."""
    known = []
    for name in encodings or (DEFAULT_ENCODING,):
        try:
            codecs.lookup(name)
        except LookupError:
            if config.settings.reading_validation_mode == config.RAISE:
                raise
            warnings.warn(f"Unknown encoding '{name}' - using default encoding instead", UserWarning, stacklevel=3)
            name = DEFAULT_ENCODING
        known.append(name)
    return known


def decode_bytes(value: bytes, encodings: Sequence[str], delimiters: set | None = None) -> str:
    """Decode one value's bytes with Python codec names ``encodings`` (pydicom's ``decode_bytes``).

    ``delimiters`` (byte values, e.g. :data:`PN_DELIMS`) are where ISO 2022 text
    returns to value 1's sets (PS3.5 6.1.2.5.3); default: those of text VRs.
    Invalid bytes become U+FFFD with a warning; with ``reading_validation_mode``
    RAISE they raise ``UnicodeDecodeError``, an unknown codec ``LookupError``.
    """
    vr = _VR_FOR_DELIMITERS.get(frozenset(delimiters or TEXT_VR_DELIMS), _SINGLE_TEXT_VR)
    return decode_text(value, vr, _known_codecs(encodings))


decode_string = decode_bytes


def encode_string(value: str, encodings: Sequence[str]) -> bytes:
    """Encode text with Python codec names ``encodings`` (pydicom's ``encode_string``).

    As :func:`encode_text` for a text VR (PS3.5 6.1.2.5): escape sequences
    where value 1's sets cannot encode a character.  A character no set can
    encode becomes ``?`` with a warning; with ``writing_validation_mode`` RAISE
    the ``ValueError`` is raised.
    """
    known = _known_codecs(encodings)
    try:
        return encode_text(value, _SINGLE_TEXT_VR, known)
    except ValueError:
        if config.settings.writing_validation_mode == config.RAISE:
            raise
    warnings.warn(
        f"Failed to encode value with encodings: {', '.join(known)} - using replacement characters in encoded string",
        UserWarning,
        stacklevel=2,
    )
    return encode_text(value, _SINGLE_TEXT_VR, known, errors="replace")


def decode_element(elem: Any, dicom_character_set: str | Sequence[str] | None) -> None:
    """Decode the bytes of a charset-affected element in place (pydicom's ``decode_element``).

    ``dicom_character_set`` is the value of Specific Character Set (0008,0005)
    (``None`` or ``''``: ISO IR 6).  A Person Name is given the encodings;
    SH, LO, ST, LT, UC, UT bytes become text; text already decoded is kept.
    """
    if elem.is_empty:
        return
    encodings = convert_encodings(dicom_character_set or ["ISO_IR 6"])
    value = elem.value
    if elem.VR == "PN":
        if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
            names = [item.decode(encodings) for item in value]
            for name in names:
                str(name)  # decode now: problems are reported here
            elem.value = names
        else:
            name = value.decode(encodings)
            str(name)
            elem.value = name
    elif elem.VR in CHARSET_AFFECTED_VRS:
        delimiters = set(_DELIMITERS[elem.VR] + _CONTROL_RESETS)
        if isinstance(value, (bytes, bytearray)):
            elem.value = decode_bytes(bytes(value), encodings, delimiters)
        elif not isinstance(value, str):
            elem.value = [v if isinstance(v, str) else decode_bytes(bytes(v), encodings, delimiters) for v in value]

"""Unique identifiers (PS3.5 chapter 9) and the registered UIDs of PS3.6 annex A.

:class:`UID` is a ``str`` that knows its registered name, keyword and type,
and for a transfer syntax its encoding (PS3.5 section 10, annex A): implicit
or explicit VR, byte order, deflate, encapsulated pixel data.  The facts come
from ``schema/uids.yaml`` through the generated tables in
``dicomconstruct/_dicts/``.

Every transfer syntax keyword is a module constant (``ExplicitVRLittleEndian``,
``JPEGBaseline8Bit``, ``RLELossless``...); every other registered keyword
(``CTImageStorage``...) is available as a module attribute on first use.
"""

from __future__ import annotations

import re
from typing import Any

from ._dicts.transfer_syntaxes import TRANSFER_SYNTAXES as _TS
from ._version import __version__

__all__ = [
    "UID",
    "generate_uid",
    "register_transfer_syntax",
    "UID_dictionary",
    "ROOT_UID",
    "IMPLEMENTATION_CLASS_UID",
    "IMPLEMENTATION_VERSION_NAME",
    "AllTransferSyntaxes",
    "PrivateTransferSyntaxes",
    "RE_VALID_UID",
    "RE_VALID_UID_PREFIX",
]

#: A valid UID (PS3.5 9.1): dot-separated numbers without leading zeros.
RE_VALID_UID = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")
#: A valid prefix for :func:`generate_uid` (ends with a dot).
RE_VALID_UID_PREFIX = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$")

_UIDS: dict[str, tuple[str, str, str, str, str]] = {}
_KEYWORDS: dict[str, str] = {}
#: uid -> (implicit VR, little endian, deflated, encapsulated) of registered private syntaxes
_PRIVATE_TS: dict[str, tuple[bool, bool, bool, bool]] = {}


def _uid_table() -> dict[str, tuple[str, str, str, str, str]]:
    if not _UIDS:
        from ._dicts.uids import UIDS

        for line in UIDS.splitlines():
            uid, name, kind, info, retired, keyword = line.split("|")
            _UIDS[uid] = (name, kind, info, retired, keyword)
            if keyword:
                _KEYWORDS[keyword] = uid
    return _UIDS


class UID(str):
    """A UID, e.g. ``UID("1.2.840.10008.1.2.1")``.

    ``str(uid)`` is the UID itself; ``uid.name`` is its registered name
    (``'Explicit VR Little Endian'``), or the UID when it is not registered.
    The transfer syntax properties raise ``ValueError`` for a UID that is
    not a transfer syntax.
    """

    def __new__(cls, val: str, validation_mode: int | None = None) -> "UID":
        if not isinstance(val, str):
            raise TypeError("A UID must be created from a string")
        if type(val) is cls:
            return val
        uid = super().__new__(cls, val.strip(" \0"))
        encoding = getattr(val, "_private_encoding", None)
        if encoding is not None:
            uid._private_encoding = encoding
        return uid

    # -- registry facts --------------------------------------------------------------

    def _entry(self) -> tuple[str, str, str, str, str] | None:
        return _uid_table().get(str(self))

    @property
    def name(self) -> str:
        """The registered name, or the UID itself when not registered."""
        entry = self._entry()
        return entry[0] if entry else str(self)

    @property
    def type(self) -> str:
        """``'Transfer Syntax'``, ``'SOP Class'``, ... or ``''`` when not registered."""
        entry = self._entry()
        return entry[1] if entry else ""

    @property
    def info(self) -> str:
        """Remarks of the registry, e.g. ``'Default Transfer Syntax for DICOM'``."""
        entry = self._entry()
        return entry[2] if entry else ""

    @property
    def is_retired(self) -> bool:
        """True if the Standard retired this UID."""
        entry = self._entry()
        return bool(entry and entry[3])

    @property
    def keyword(self) -> str:
        """The registered keyword, e.g. ``'ExplicitVRLittleEndian'``, or ``''``."""
        entry = self._entry()
        return entry[4] if entry else ""

    @property
    def is_private(self) -> bool:
        """True unless the UID is under the DICOM root ``1.2.840.10008.``."""
        return self[:14] != "1.2.840.10008."

    @property
    def is_valid(self) -> bool:
        """True if at most 64 characters of PS3.5 9.1 syntax."""
        return len(self) <= 64 and RE_VALID_UID.match(self) is not None

    # -- transfer syntax encoding (PS3.5 10, annex A) ----------------------------------------

    def _encoding(self) -> tuple[bool, bool, bool, bool]:
        facts = _TS.get(str(self))
        if facts is not None:
            return facts[1:]
        encoding = getattr(self, "_private_encoding", None) or _PRIVATE_TS.get(str(self))
        if encoding is None:
            raise ValueError("UID is not a transfer syntax.")
        return encoding

    @property
    def is_transfer_syntax(self) -> bool:
        """True for a registered transfer syntax or a private one whose encoding is set."""
        return (
            str(self) in _TS
            or getattr(self, "_private_encoding", None) is not None
            or str(self) in _PRIVATE_TS
        )

    @property
    def is_implicit_VR(self) -> bool:
        """True if the data set is encoded with implicit VR (PS3.5 7.1.3)."""
        return self._encoding()[0]

    @property
    def is_little_endian(self) -> bool:
        """True if the data set is little endian (PS3.5 7.3)."""
        return self._encoding()[1]

    @property
    def is_deflated(self) -> bool:
        """True if the data set after the File Meta group is deflated (PS3.5 A.5)."""
        return self._encoding()[2]

    @property
    def is_encapsulated(self) -> bool:
        """True if Pixel Data is encapsulated in fragments (PS3.5 A.4)."""
        return self._encoding()[3]

    @property
    def is_compressed(self) -> bool:
        """pydicom's name for :attr:`is_encapsulated`."""
        return self._encoding()[3]

    def set_private_encoding(
        self, implicit_vr: bool, little_endian: bool, deflated: bool = False, encapsulated: bool = False
    ) -> None:
        """Declare the encoding of a private transfer syntax (this object only)."""
        self._private_encoding = (bool(implicit_vr), bool(little_endian), bool(deflated), bool(encapsulated))


def register_transfer_syntax(
    uid: str,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    deflated: bool = False,
    encapsulated: bool = False,
) -> UID:
    """Make a private transfer syntax known to every :class:`UID` of that value.

    ``implicit_vr`` and ``little_endian`` are required unless ``uid`` is a
    :class:`UID` whose encoding was set with :meth:`UID.set_private_encoding`.
    """
    uid = UID(uid)
    encoding = getattr(uid, "_private_encoding", None)
    if implicit_vr is not None or little_endian is not None:
        if implicit_vr is None or little_endian is None:
            raise ValueError("Both 'implicit_vr' and 'little_endian' are required")
        encoding = (bool(implicit_vr), bool(little_endian), bool(deflated), bool(encapsulated))
    if encoding is None:
        raise ValueError(
            "The corresponding dataset encoding for 'uid' must be set using "
            "the 'implicit_vr' and 'little_endian' arguments (or 'UID.set_private_encoding()')"
        )
    uid._private_encoding = encoding
    _PRIVATE_TS[str(uid)] = encoding
    from .codec.transfer import forget_encodings

    forget_encodings()  # the codec's cache of transfer syntax encodings
    if uid not in PrivateTransferSyntaxes:
        PrivateTransferSyntaxes.append(uid)
    return uid


#: dicomconstruct's UID root: ``2.25.`` and a UUID (PS3.5 B.2), chosen once.
ROOT_UID = "2.25.83574853895907168165256062592456377204."
#: (0002,0012) Implementation Class UID written by dicomconstruct.
IMPLEMENTATION_CLASS_UID = UID(ROOT_UID + "1")
#: (0002,0013) Implementation Version Name (SH: at most 16 characters).
IMPLEMENTATION_VERSION_NAME = f"DCONSTRUCT_{__version__}"[:16]

_MAX_PREFIX_LENGTH = 54


def generate_uid(prefix: str | None = None, entropy_srcs: list[str] | None = None) -> UID:
    """A new UID of at most 64 characters (PS3.5 9.1, B.2).

    With ``prefix=None`` (the default): ``2.25.`` and a random UUID as an
    integer.  With a prefix (ending in ``.``, at most 54 characters): the prefix
    and a random number, or, given ``entropy_srcs``, a SHA-512 hash of them (the
    same sources always give the same UID).
    """
    if prefix is None:
        import uuid

        return UID(f"2.25.{uuid.uuid4().int}")
    if len(prefix) > _MAX_PREFIX_LENGTH:
        raise ValueError(f"The 'prefix' should be no more than {_MAX_PREFIX_LENGTH} characters long")
    if not RE_VALID_UID_PREFIX.match(prefix):
        raise ValueError(
            f"The 'prefix' {prefix!r} is not valid for use with a UID: dot-separated "
            "numbers without leading zeros, ending with '.' (PS3.5 9.1)"
        )
    if entropy_srcs is None:
        import secrets

        return UID(f"{prefix}{secrets.randbelow(10 ** (64 - len(prefix)))}"[:64])
    import hashlib

    digest = hashlib.sha512("".join(entropy_srcs).encode("utf-8")).hexdigest()
    return UID(f"{prefix}{int(digest, 16)}"[:64])


# Module constants for every transfer syntax keyword, from the generated table.
AllTransferSyntaxes: list[UID] = []
for _uid, _facts in _TS.items():
    _constant = UID(_uid)
    AllTransferSyntaxes.append(_constant)
    if _facts[0]:
        globals()[_facts[0]] = _constant
        __all__.append(_facts[0])
del _uid, _facts, _constant

#: Private transfer syntaxes added with :func:`register_transfer_syntax`.
PrivateTransferSyntaxes: list[UID] = []


def __getattr__(name: str) -> Any:
    # Other registered keywords (CTImageStorage, ...) and the full table, loaded on first use.
    if name == "UID_dictionary":
        return _uid_table()
    _uid_table()
    uid = _KEYWORDS.get(name)
    if uid is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    constant = UID(uid)
    globals()[name] = constant
    return constant

"""dicomconstruct.uid: every registered UID against pydicom, transfer syntax encodings, generate_uid."""

from __future__ import annotations

import re

import pytest

pydicom = pytest.importorskip("pydicom")
from pydicom import uid as pd_uid  # noqa: E402
from pydicom._uid_dict import UID_dictionary as PD_UIDS  # noqa: E402

from dicomconstruct import uid  # noqa: E402
from dicomconstruct.uid import UID  # noqa: E402

TRANSFER_SYNTAXES = [u for u, entry in PD_UIDS.items() if entry[1] == "Transfer Syntax"]

#: Where our encoding (from PS3.5) differs from pydicom's rule of thumb
#: ("only 1.2.840.10008.1.2 is implicit; everything but the four native syntaxes
#: is compressed"): uid -> (implicit VR, little endian, deflated, encapsulated), reason.
DIFFERS_FROM_PYDICOM = {
    "1.2.840.10008.1.2.4.94": ((False, True, False, False), "JPIP Referenced: no pixel data, a URL (PS3.5 A.6)"),
    "1.2.840.10008.1.2.4.95": ((False, True, True, False), "JPIP Referenced Deflate: deflated, no pixel data (PS3.5 A.7)"),
    "1.2.840.10008.1.2.4.204": ((False, True, False, False), "JPIP HTJ2K Referenced: as A.6"),
    "1.2.840.10008.1.2.4.205": ((False, True, True, False), "JPIP HTJ2K Referenced Deflate: as A.7"),
    "1.2.840.10008.1.2.6.1": ((False, True, False, False), "RFC 2557 MIME: not a pixel data encapsulation"),
    "1.2.840.10008.1.2.6.2": ((False, True, False, False), "XML Encoding: not a pixel data encapsulation"),
    "1.2.840.10008.1.2.7.1": ((False, True, False, False), "SMPTE ST 2110-20: pixels in a separate RTV flow"),
    "1.2.840.10008.1.2.7.2": ((False, True, False, False), "SMPTE ST 2110-20: pixels in a separate RTV flow"),
    "1.2.840.10008.1.2.7.3": ((False, True, False, False), "SMPTE ST 2110-30: audio in a separate RTV flow"),
    "1.2.840.10008.1.20": ((True, True, False, False), "Papyrus 3 Implicit VR Little Endian is implicit VR"),
}


def _encoding(u) -> tuple[bool, bool, bool, bool]:
    return (u.is_implicit_VR, u.is_little_endian, u.is_deflated, u.is_encapsulated)


#: Registered after pydicom 3.0's dictionary was made: JPEG XL (Supplement 232), keywords as pydicom 3.1's.
NEWER_THAN_PYDICOM = {
    "1.2.840.10008.1.2.4.110": ("JPEG XL Lossless", "JPEGXLLossless"),
    "1.2.840.10008.1.2.4.111": ("JPEG XL JPEG Recompression", "JPEGXLJPEGRecompression"),
    "1.2.840.10008.1.2.4.112": ("JPEG XL", "JPEGXL"),
}


def test_jpeg_xl_transfer_syntaxes_beyond_pydicom_3_0():
    for value, (name, keyword) in NEWER_THAN_PYDICOM.items():
        u = getattr(uid, keyword)
        assert u == value and u.name == name and u.is_transfer_syntax and keyword in uid.__all__
        assert _encoding(u) == (False, True, False, True)  # explicit VR little endian, encapsulated
        assert u in uid.AllTransferSyntaxes


def test_every_uid_matches_pydicom():
    ours = {k: v for k, v in uid.UID_dictionary.items() if k not in NEWER_THAN_PYDICOM}
    assert len(uid.UID_dictionary) == 485
    assert len(ours) == len(PD_UIDS) == 482
    assert dict(ours) == dict(PD_UIDS)
    for value, (name, kind, info, retired, keyword) in PD_UIDS.items():
        u, p = UID(value), pd_uid.UID(value)
        assert (u.name, u.type, u.info, u.keyword, u.is_retired) == (name, kind, info, keyword, p.is_retired)
        assert u.is_transfer_syntax == p.is_transfer_syntax == (kind == "Transfer Syntax")
        assert u.is_private is p.is_private is False
        assert u.is_valid and p.is_valid
        assert str(u) == value


def test_every_transfer_syntax_encoding():
    assert len(TRANSFER_SYNTAXES) == 59
    for value in TRANSFER_SYNTAXES:
        u, p = UID(value), pd_uid.UID(value)
        if value in DIFFERS_FROM_PYDICOM:
            assert _encoding(u) == DIFFERS_FROM_PYDICOM[value][0], DIFFERS_FROM_PYDICOM[value][1]
        else:
            assert _encoding(u) == (p.is_implicit_VR, p.is_little_endian, p.is_deflated, p.is_compressed), value
        assert u.is_compressed == u.is_encapsulated


@pytest.mark.parametrize(
    "value, implicit, little, deflated, encapsulated",
    [
        ("1.2.840.10008.1.2", True, True, False, False),
        ("1.2.840.10008.1.2.1", False, True, False, False),
        ("1.2.840.10008.1.2.1.98", False, True, False, True),
        ("1.2.840.10008.1.2.1.99", False, True, True, False),
        ("1.2.840.10008.1.2.2", False, False, False, False),
        ("1.2.840.10008.1.2.4.50", False, True, False, True),
        ("1.2.840.10008.1.2.4.90", False, True, False, True),
        ("1.2.840.10008.1.2.4.94", False, True, False, False),
        ("1.2.840.10008.1.2.4.95", False, True, True, False),
        ("1.2.840.10008.1.2.4.102.1", False, True, False, True),
        ("1.2.840.10008.1.2.4.108", False, True, False, True),
        ("1.2.840.10008.1.2.4.201", False, True, False, True),
        ("1.2.840.10008.1.2.5", False, True, False, True),
    ],
)
def test_transfer_syntax_facts(value, implicit, little, deflated, encapsulated):
    assert _encoding(UID(value)) == (implicit, little, deflated, encapsulated)


def test_constants():
    assert uid.ImplicitVRLittleEndian == "1.2.840.10008.1.2"
    assert uid.ExplicitVRLittleEndian == "1.2.840.10008.1.2.1"
    assert uid.ExplicitVRBigEndian == "1.2.840.10008.1.2.2"
    assert uid.DeflatedExplicitVRLittleEndian == "1.2.840.10008.1.2.1.99"
    assert uid.RLELossless == "1.2.840.10008.1.2.5"
    assert uid.JPEGBaseline8Bit.name == "JPEG Baseline (Process 1)"
    assert isinstance(uid.ExplicitVRLittleEndian, UID)
    # every transfer syntax keyword is a constant, equal to pydicom's where pydicom has it
    for value in TRANSFER_SYNTAXES:
        keyword = PD_UIDS[value][4]
        assert getattr(uid, keyword) == value
        assert keyword in uid.__all__
        if hasattr(pd_uid, keyword):
            assert getattr(pd_uid, keyword) == value
    assert len(uid.AllTransferSyntaxes) == 59 + len(NEWER_THAN_PYDICOM)
    # other keywords load on first use
    assert uid.CTImageStorage == "1.2.840.10008.5.1.4.1.1.2"
    assert uid.CTImageStorage.name == "CT Image Storage"
    with pytest.raises(AttributeError):
        uid.NoSuchKeyword  # noqa: B018


def test_unknown_and_private_uids():
    u = UID("1.2.3.4")
    assert u.name == "1.2.3.4" and u.keyword == "" and u.type == "" and u.info == ""
    assert not u.is_retired and u.is_private and not u.is_transfer_syntax
    with pytest.raises(ValueError, match="not a transfer syntax"):
        u.is_implicit_VR  # noqa: B018
    with pytest.raises(ValueError, match="not a transfer syntax"):
        UID(uid.CTImageStorage).is_little_endian  # noqa: B018
    u.set_private_encoding(False, True)
    assert u.is_transfer_syntax and not u.is_implicit_VR and u.is_little_endian and not u.is_encapsulated
    # a UID made from one that carries an encoding keeps it
    assert UID(u).is_transfer_syntax


def test_register_transfer_syntax():
    registered = uid.register_transfer_syntax("1.2.3.4.5.6.777", implicit_vr=True, little_endian=True)
    try:
        assert UID("1.2.3.4.5.6.777").is_implicit_VR
        assert registered in uid.PrivateTransferSyntaxes
        with pytest.raises(ValueError, match="must be set"):
            uid.register_transfer_syntax("1.2.3.4.5.6.778")
    finally:
        uid._PRIVATE_TS.pop("1.2.3.4.5.6.777", None)
        uid.PrivateTransferSyntaxes.clear()


def test_str_and_validity():
    u = UID("1.2.840.10008.1.2.1 ")
    assert str(u) == "1.2.840.10008.1.2.1" and u == uid.ExplicitVRLittleEndian
    assert repr(u) == "'1.2.840.10008.1.2.1'"
    assert UID("1.2.840.10008.1.2\0") == uid.ImplicitVRLittleEndian
    assert not UID("1.02.3").is_valid
    assert not UID("1." + "1" * 70).is_valid
    with pytest.raises(TypeError):
        UID(1.2)


def test_generate_uid():
    u = uid.generate_uid()
    assert u.startswith("2.25.") and u.is_valid and u != uid.generate_uid()
    assert int(u[5:]) < 2**128
    p = uid.generate_uid(prefix="1.2.3.")
    assert p.startswith("1.2.3.") and p.is_valid and len(p) <= 64
    same = uid.generate_uid(prefix="1.2.3.", entropy_srcs=["a", "b"])
    assert same == uid.generate_uid(prefix="1.2.3.", entropy_srcs=["a", "b"])
    assert len(same) == 64 and same.is_valid
    with pytest.raises(ValueError, match="not valid"):
        uid.generate_uid(prefix="1.2.03.")
    with pytest.raises(ValueError, match="54"):
        uid.generate_uid(prefix="1." * 30)


def test_implementation_identity():
    assert uid.IMPLEMENTATION_CLASS_UID.is_valid
    assert uid.IMPLEMENTATION_CLASS_UID.startswith("2.25.")
    assert uid.IMPLEMENTATION_CLASS_UID == uid.ROOT_UID + "1"
    name = uid.IMPLEMENTATION_VERSION_NAME
    assert 0 < len(name) <= 16 and re.fullmatch(r"[ -~]+", name) and "\\" not in name

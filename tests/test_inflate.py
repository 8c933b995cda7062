"""Deflated data sets (PS3.5 A.5): inflated in linear time, deflate bombs stopped within the limit.

The bombs run in a subprocess under a 1 GiB address-space limit (``RLIMIT_AS``): running out of
memory there must still end in ``LimitExceededError``, never a ``MemoryError`` or a killed process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zlib

import pytest

from dicomconstruct import config
from dicomconstruct.codec import reader
from dicomconstruct.errors import LimitExceededError

from ._bytes import SOP, element, meta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFLATED = b"1.2.840.10008.1.2.1.99"


def zeros_stream(mebibytes: int) -> bytes:
    """A raw deflate stream of ``mebibytes`` MiB of zeros, made without compressing them all.

    One MiB of zeros is compressed and fully flushed (PS3.5 A.5 uses RFC 1951); a fully
    flushed block refers to nothing before it, so repeating it repeats its output.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * mebibytes + compressor.flush()


def test_output_is_the_stream_inflated():
    body = SOP + element(0x00100010, "PN", b"Doe^John")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = meta(DEFLATED) + compressor.compress(body) + compressor.flush()
    parsed = reader.read(data)
    assert parsed.inflated == body and bytes(parsed.dataset[0x00100010].value) == b"Doe^John"


def test_compressed_input_is_fed_in_pieces(monkeypatch):
    """What zlib leaves unconsumed is handed back each call: it must stay one small piece."""
    fed = []
    real = zlib.decompressobj

    class Recording:
        def __init__(self, wbits):
            self._inflater = real(wbits)

        def decompress(self, data, max_length=0):
            fed.append(len(data))
            return self._inflater.decompress(data, max_length)

        def __getattr__(self, name):
            return getattr(self._inflater, name)

    monkeypatch.setattr(zlib, "decompressobj", Recording)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    noise = os.urandom(1 << 20)
    stream = block * 64 + compressor.compress(noise) + compressor.flush()  # a bomb, then incompressible bytes
    with config.limits(max_inflated_size=1 << 30):
        inflated = reader._inflate(memoryview(stream), 0)
    assert len(inflated) == (65 << 20) and inflated[-len(noise):] == noise
    assert max(fed) <= reader._INFLATE_INPUT
    # each piece is fed, plus at most one piece again per output chunk
    assert sum(fed) <= len(stream) + len(fed) * reader._INFLATE_INPUT
    assert sum(fed) < 40 * len(stream)


def test_bomb_stops_at_the_limit():
    data = meta(DEFLATED) + zeros_stream(64)
    with config.limits(max_inflated_size=16 << 20), pytest.raises(LimitExceededError, match="max_inflated_size"):
        reader.read(data)


_BOMB_PROBE = textwrap.dedent(r"""
    import resource, sys
    sys.path.insert(0, sys.argv[1])
    sys.path.insert(0, sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from dicomconstruct import config, dcmread
    from dicomconstruct.errors import LimitExceededError
    from tests._bytes import meta
    from tests.test_inflate import zeros_stream, DEFLATED
    import io
    limit, mebibytes = int(sys.argv[3]), int(sys.argv[4])
    data = meta(DEFLATED) + zeros_stream(mebibytes)
    try:
        with config.limits(max_inflated_size=limit):
            dcmread(io.BytesIO(data))
    except LimitExceededError as error:
        print("LimitExceededError", error)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
@pytest.mark.parametrize("limit_mib, bomb_mib, says", [
    (256, 512, "max_inflated_size"),        # the limit is reached first
    (4096, 2048, "memory ran out"),         # the default limit is more than 1 GiB of memory can hold
])
def test_bomb_under_an_address_space_limit(limit_mib, bomb_mib, says):
    out = subprocess.run([sys.executable, "-c", _BOMB_PROBE, ROOT, ROOT, str(limit_mib << 20), str(bomb_mib)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("LimitExceededError") and says in out.stdout, out.stdout

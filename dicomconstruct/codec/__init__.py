"""Drivers that read and write DICOM bytes with the declarations of :mod:`dicomconstruct.format`.

:mod:`.raw` (the parser's output), :mod:`.source` (bytes, files, mmap),
:mod:`.reader`, :mod:`.writer`, :mod:`.values` (value bytes <-> Python
primitives), :mod:`.transfer` (transfer syntax facts used by the drivers),
:mod:`.known_tags` (tags whose values the drivers look at), :mod:`.recursion`
(nesting allowed by Python's recursion limit), :mod:`._layout` (header layouts,
VR dispatch and value formats compiled from the declarations by
``tools/gen_codec.py``: the drivers run on it, never on construct).
"""

"""The DICOM File Format declared with ``construct`` (PS3.5, PS3.10).

Modules: :mod:`.constants` (the fixed numbers: tags, lengths, prefix),
:mod:`.vr` (facts per VR), :mod:`.header` (preamble, prefix, File Meta),
:mod:`.element` (element, item and delimiter framing), :mod:`.framing` (rules
the grammar and the codec share: undefined-length layouts, encoding detection),
:mod:`.values` (value layouts), :mod:`.encapsulated` (encapsulated pixel data),
:mod:`.fast` (``struct`` formats derived from the declarations, which
``tools/gen_codec.py`` compiles into ``dicomconstruct/codec/_layout.py``),
:mod:`.study` (:func:`parse_file`).

To study a file: ``dicomconstruct.format.parse_file(path_or_bytes)`` returns a
:class:`~.study.FileTree` of :class:`~.study.Node` objects (see :mod:`.study`).
Importing this package does not import construct; the declarations load when used.
"""

__all__ = ["parse_file", "FileTree", "Node"]


def __getattr__(name: str):
    if name in __all__:
        from . import study

        return getattr(study, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The DICOM File Format declared with ``construct`` (PS3.5, PS3.10).

Modules: :mod:`.constants` (the fixed numbers: tags, lengths, prefix),
:mod:`.vr` (facts per VR), :mod:`.header` (preamble, prefix, File Meta),
:mod:`.element` (element, item and delimiter framing), :mod:`.values` (value
layouts), :mod:`.encapsulated` (encapsulated pixel data), :mod:`.fast`
(``struct`` formats derived from the declarations).
"""

"""Lookup tables generated from schema/*.yaml by tools/gen_dict.py (do not edit them).

``schema.py`` is the hand-written reader and checker of that YAML.  Nothing here
is imported until a lookup needs it (see dicomconstruct.datadict and .uid).
"""

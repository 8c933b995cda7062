"""Callbacks that turn a raw element into a :class:`~dicomconstruct.dataelem.DataElement` (pydicom 3's hooks).

:func:`dicomconstruct.dataelem.convert_raw_data_element` calls two hooks, in order:

* ``"raw_element_vr"`` (default :func:`raw_element_vr`) stores the VR to use in
  ``data["VR"]``: the VR read (explicit VR), else the dictionary's (PS3.6), the
  private dictionary's for a known private creator, ``LO`` for a private creator
  element (PS3.5 7.8.1), ``UL`` for a group length, else ``UN``;
* ``"raw_element_value"`` (default :func:`raw_element_value`) stores the decoded
  value in ``data["value"]``.

Each is called as ``func(raw, data, encoding=..., ds=..., **kwargs)`` with the
keyword arguments registered for ``"raw_element_kwargs"``.  Replace one with
:meth:`Hooks.register_callback`; :func:`raw_element_value_fix_separator` and
:func:`raw_element_value_retry` are ready-made alternatives.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

from . import config
from .datadict import dictionary_VR, private_dictionary_VR
from .errors import BytesLengthException, format_tag
from .format.constants import LUT_DESCRIPTOR_TAGS, MAX_SHORT_LENGTH
from .tag import Tag

__all__ = ["Hooks", "hooks", "raw_element_vr", "raw_element_value", "raw_element_value_fix_separator",
           "raw_element_value_retry"]

#: Largest value length for which a UN element of a known tag takes the dictionary's VR (PS3.5 6.2.2).
_UN_REPLACE_LIMIT = MAX_SHORT_LENGTH


class Hooks:
    """The callbacks in use (one instance, :data:`hooks`)."""

    def __init__(self) -> None:
        self.raw_element_vr: Callable[..., None]
        self.raw_element_value: Callable[..., None]
        self.raw_element_kwargs: dict[str, Any] = {}

    def register_callback(self, hook: str, func: Callable[..., None]) -> None:
        """Use ``func`` for ``hook`` (``"raw_element_vr"`` or ``"raw_element_value"``)."""
        if not callable(func):
            raise TypeError("'func' must be a callable function")
        if hook not in ("raw_element_vr", "raw_element_value"):
            raise ValueError(f"Unknown hook '{hook}'")
        setattr(self, hook, func)

    def register_kwargs(self, hook: str, kwargs: dict[str, Any]) -> None:
        """Pass ``kwargs`` to the callbacks (``hook`` is ``"raw_element_kwargs"``)."""
        if not isinstance(kwargs, dict):
            raise TypeError(f"'kwargs' must be a dict, not '{type(kwargs).__name__}'")
        if hook != "raw_element_kwargs":
            raise ValueError(f"Unknown hook '{hook}'")
        self.raw_element_kwargs = kwargs


def _private_vr(ds: Any, tag: Tag) -> str:
    """``LO`` for a private creator (PS3.5 7.8.1), the private dictionary's VR when known, else ``UN``."""
    if tag.is_private_creator:
        return "LO"
    if ds is not None and tag.element & 0xFF00:
        creator = ds.get(tag.group << 16 | tag.element >> 8, None)
        if creator is not None and creator.value:
            try:
                return private_dictionary_VR(tag, str(creator.value))
            except KeyError:
                pass
    return "UN"


def raw_element_vr(raw: Any, data: dict[str, Any], *, encoding: Any = None, ds: Any = None, **kwargs: Any) -> None:
    """Store in ``data["VR"]`` the VR to decode ``raw`` with (see the module docstring)."""
    vr = raw.VR
    tag = Tag(raw.tag)
    if vr is None:  # Implicit VR (PS3.5 7.1.3): the dictionary says
        try:
            vr = dictionary_VR(tag)
        except KeyError:
            if tag.is_private:
                vr = _private_vr(ds, tag)
            elif tag.element == 0:
                vr = "UL"  # group length (PS3.5 7.2)
            else:
                message = f"VR lookup failed for the raw element with tag {format_tag(tag)}"
                if config.settings.reading_validation_mode == config.RAISE:
                    raise KeyError(message)
                warnings.warn(f"{message} - setting VR to 'UN'", UserWarning, stacklevel=4)
                vr = "UN"
    elif vr == "UN" and config.replace_un_with_known_vr:
        if tag.is_private:
            vr = _private_vr(ds, tag)
        elif raw.value is None or len(raw.value) < _UN_REPLACE_LIMIT:
            try:
                vr = dictionary_VR(tag)
            except KeyError:
                pass
    data["VR"] = vr


def raw_element_value(raw: Any, data: dict[str, Any], *, encoding: Any = None, ds: Any = None, **kwargs: Any) -> None:
    """Store in ``data["value"]`` the value of ``raw`` decoded as ``data["VR"]``.

    A binary value of the wrong length raises :class:`BytesLengthException`, or with
    ``config.convert_wrong_length_to_UN`` becomes a UN element with a warning.
    The first value of an LUT Descriptor read as a negative SS is taken as US
    (PS3.3 C.11.1.1).
    """
    from .values import convert_value

    vr = data["VR"]
    try:
        value = convert_value(vr, raw, encoding)
    except NotImplementedError as exc:
        raise NotImplementedError(f"{exc} in tag {format_tag(raw.tag)}") from None
    except BytesLengthException as exc:
        message = f"{exc.reason} This occurred while trying to parse {format_tag(raw.tag)} according to VR '{raw.VR}'."
        if not config.convert_wrong_length_to_UN:
            raise BytesLengthException(
                f"{message} To replace this error with a warning set "
                "dicomconstruct.config.convert_wrong_length_to_UN = True."
            ) from None
        warnings.warn(f"{message} Setting VR to 'UN'.", UserWarning, stacklevel=4)
        data["VR"] = "UN"
        value = raw.value
    if raw.tag in LUT_DESCRIPTOR_TAGS and value and isinstance(value, list):
        if isinstance(value[0], int) and value[0] < 0:  # anything else is kept as it is
            value[0] += 65536
    data["value"] = value


def raw_element_value_fix_separator(
    raw: Any, data: dict[str, Any], *, encoding: Any = None, ds: Any = None,
    separator: str | bytes = b",", target_VRs: tuple[str, ...] | None = None, **kwargs: Any,
) -> None:
    """:func:`raw_element_value` after replacing ``separator`` by ``\\`` (PS3.5 6.4) in values of ``target_VRs``."""
    if target_VRs and data["VR"] in target_VRs and isinstance(raw.value, bytes):
        if isinstance(separator, str):
            separator = separator.encode("ascii")
        raw = raw._replace(value=raw.value.replace(separator, b"\\"))
    raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)


def raw_element_value_retry(
    raw: Any, data: dict[str, Any], *, encoding: Any = None, ds: Any = None,
    target_VRs: dict[str, tuple[str, ...]] | None = None, **kwargs: Any,
) -> None:
    """:func:`raw_element_value`; when it fails, the VRs ``target_VRs[VR]`` are tried in turn."""
    from .values import convert_value

    try:
        raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
    except Exception as exc:
        for candidate in (target_VRs or {}).get(data["VR"], ()):
            try:
                data["value"] = convert_value(candidate, raw)
                data["VR"] = candidate
                return
            except Exception:  # noqa: BLE001 - the next candidate is tried
                continue
        raise exc


#: The callbacks :func:`~dicomconstruct.dataelem.convert_raw_data_element` uses.
hooks = Hooks()
hooks.raw_element_vr = raw_element_vr
hooks.raw_element_value = raw_element_value

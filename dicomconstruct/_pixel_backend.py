"""``Dataset.pixel_array`` and its options: the :mod:`dicomconstruct.pixels` backend or pydicom 2's handlers.

pydicom 3's behaviour: :func:`pixel_array_options` stores the decoding options
(``index``, ``raw``, ``decoding_plugin``, ``use_v2_backend``); the array is computed
once and kept until an element that shapes it (:func:`~dicomconstruct.pixels.utils.get_image_pixel_ids`)
is given a new value.  With ``use_v2_backend=True`` the deprecated handlers of
``config.pixel_data_handlers`` are tried in order: those that support the transfer
syntax and whose dependencies are installed, the first that succeeds giving the
array (``handler.get_pixeldata``, reshaped, YCbCr converted to RGB where the handler
asks for it, PS3.3 C.7.6.3.1.2).
"""

from __future__ import annotations

import logging

from . import config
from ._deprecation import future

LOGGER = logging.getLogger("dicomconstruct")

#: short handler names accepted by ``convert_pixel_data(handler_name)`` -> attribute of config
_ALIASES = {"numpy_handler": "np_handler", "jpeg_ls_handler": "jpegls_handler"}


def pixel_array_options(ds, *, index: int | None = None, raw: bool = False, decoding_plugin: str = "",
                        use_v2_backend: bool = False, **kwargs) -> None:
    """Set the options ``ds.pixel_array`` decodes with (and forget the array decoded so far)."""
    if future() and kwargs.get("use_v2_backend", use_v2_backend):
        raise TypeError(f"{type(ds).__name__}.pixel_array_options() got an unexpected keyword argument "
                        "'use_v2_backend'")
    options = dict(kwargs, index=index, raw=raw)
    if decoding_plugin:
        options["decoding_plugin"] = decoding_plugin.lower()
    options["use_pdh"] = False if future() else bool(use_v2_backend)
    ds._pixel_array_opts = options
    ds._pixel_array = None
    ds._pixel_id = {}


def pixel_array(ds):
    """``ds.pixel_array``: the array kept from the last decoding, or a new one."""
    convert_pixel_data(ds)
    return ds._pixel_array


def convert_pixel_data(ds, handler_name: str = "") -> None:
    """Decode ``ds``'s pixel data into ``ds._pixel_array`` unless the kept array is still current."""
    from .pixels.utils import get_image_pixel_ids

    if ds._pixel_array is not None and ds._pixel_id == get_image_pixel_ids(ds):
        return
    options = dict(vars(ds).get("_pixel_array_opts") or {"use_pdh": False})
    name = handler_name.lower() if handler_name else options.get("decoding_plugin", "")
    if not options.pop("use_pdh", False):
        from .pixels import pixel_array as decode

        options["decoding_plugin"] = name
        arr = decode(ds, **options)
    elif name:
        arr = _with_handler(ds, _named_handler(name), name)
    else:
        arr = _first_handler(ds)
    ds._pixel_array = arr
    ds._pixel_id = get_image_pixel_ids(ds)


def _named_handler(name: str):
    attribute = name if name.endswith("_handler") else f"{name}_handler"
    attribute = _ALIASES.get(attribute, attribute)
    if attribute not in config._HANDLER_MODULES:
        raise ValueError(f"'{name}' is not a known handler name")
    return getattr(config, attribute)


def _syntax(ds):
    return ds.file_meta.TransferSyntaxUID


def _with_handler(ds, handler, name: str):
    syntax = _syntax(ds)
    if not handler.supports_transfer_syntax(syntax):
        raise NotImplementedError(
            f"Unable to decode pixel data with a transfer syntax UID of '{syntax}' ({syntax.name}) using the pixel "
            f"data handler '{name}'. Please see the dicomconstruct documentation for information on supported "
            "transfer syntaxes.")
    if not handler.is_available():
        raise RuntimeError(f"The pixel data handler '{name}' is not available on your system: its dependencies "
                           f"({', '.join(v[1] for v in handler.DEPENDENCIES.values())}) are not all installed.")
    return _convert(ds, handler)


def _missing_packages(handler) -> list[str]:
    from .pixel_data_handlers._common import have

    return [label for package, (_, label) in handler.DEPENDENCIES.items() if not have(package)]


def _first_handler(ds):
    syntax = _syntax(ds)
    possible = [h for h in config.pixel_data_handlers if h is not None and h.supports_transfer_syntax(syntax)]
    if not possible:
        raise NotImplementedError(
            f"Unable to decode pixel data with a transfer syntax UID of '{syntax}' ({syntax.name}) as there are "
            "no pixel data handlers available that support it. Please see the dicomconstruct documentation for "
            "information on supported transfer syntaxes ")
    available = [h for h in possible if h.is_available()]
    if not available:
        needs = ", ".join(f"{h.HANDLER_NAME} (req. {', '.join(_missing_packages(h))})" for h in possible)
        raise RuntimeError("The following handlers are available to decode the pixel data however they are "
                           f"missing required dependencies: {needs}")
    last = None
    for handler in available:
        try:
            return _convert(ds, handler)
        except Exception as exc:  # each handler raises its own errors; the last one is raised below
            LOGGER.debug("Exception raised by pixel data handler %s", handler.HANDLER_NAME, exc_info=exc)
            last = exc
    ds._pixel_array = None
    ds._pixel_id = {}
    raise last


def _convert(ds, handler):
    from .pixels import convert_color_space
    from .pixels.utils import reshape_pixel_array

    arr = reshape_pixel_array(ds, handler.get_pixeldata(ds))
    if handler.needs_to_convert_to_RGB(ds):
        arr = convert_color_space(arr, "YBR_FULL", "RGB")
    return arr

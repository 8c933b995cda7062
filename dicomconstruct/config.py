"""Settings shared by every layer: reading limits, strictness, value validation.

Each setting has a process-wide default, changed by assignment::

    dicomconstruct.config.settings.max_nesting_depth = 16

and can be changed for a block of code, in the current thread or asyncio
task only (the values live in a :mod:`contextvars` context)::

    with dicomconstruct.config.limits(strict=True):
        ds = dicomconstruct.dcmread(path)

A new thread starts with the process-wide values; an asyncio task starts with
the values in force where it was created, and its own ``limits`` blocks do
not change other tasks.  Assigning a setting inside a ``limits`` block that
changed it changes it for the rest of that block only.

``strict``
    False (default): recoverable oddities (odd lengths, wrong padding, a VR
    that disagrees with the dictionary, a missing delimiter at end of data)
    are reported as :class:`~dicomconstruct.errors.DicomWarning` and the data
    read so far is kept.  True: they raise the matching
    :class:`~dicomconstruct.errors.InvalidDicomError` subclass.
``max_nesting_depth``
    deepest sequence nesting accepted (items within sequences within items).
``max_inflated_size``
    largest size, in bytes, a deflated dataset may inflate to (deflate bombs).
``max_elements``
    largest number of data elements, at all levels, in one file.
``max_stream_size``
    most bytes read from a stream whose size is not known beforehand (a pipe, a character
    device, a ``gzip``/``bz2``/``lzma`` file object): ``/dev/zero``, compression bombs.
``reading_validation_mode``
    what a value read from a file that does not fit its VR (PS3.5 table
    6.2-1) does: :data:`IGNORE`, :data:`WARN` (default) or :data:`RAISE`
    (``strict=True`` implies :data:`RAISE`).  Also the default mode of a
    :class:`~dicomconstruct.dataelem.DataElement` made in code, as in pydicom.
``writing_validation_mode``
    the same for values given by the user (default :data:`WARN`, as pydicom 3.0).
``buffered_read_size``
    bytes read at a time from a buffered value (pydicom 3's name; default 8192).
"""

from __future__ import annotations

import contextlib
import contextvars
import warnings
from typing import Any, Iterator

from .errors import DicomWarning, InvalidDicomError

__all__ = [
    "Settings",
    "settings",
    "limits",
    "report",
    "report_value",
    "collect_reports",
    "emit",
    "IGNORE",
    "WARN",
    "RAISE",
    "disable_value_validation",
    "strict_reading",
]

#: Validation modes (pydicom's names and numbers): skip the check, warn, raise ``ValueError``.
IGNORE = 0
WARN = 1
RAISE = 2

#: pydicom 2's name: True makes ``settings.reading_validation_mode`` :data:`RAISE` (deprecated).
enforce_valid_values: bool = False

#: The process-wide values; :func:`limits` blocks override them in their context.
_DEFAULTS: dict[str, Any] = {
    "strict": False,
    "max_nesting_depth": 64,
    "max_inflated_size": 4 * 1024**3,
    "max_elements": 10_000_000,
    "max_stream_size": 4 * 1024**3,
    "reading_validation_mode": WARN,
    "writing_validation_mode": WARN,
    "buffered_read_size": 8192,
}
_process: dict[str, Any] = dict(_DEFAULTS)
#: The overrides of the current context (a dict never changed in place), or None.
_overrides: contextvars.ContextVar[dict | None] = contextvars.ContextVar("dicomconstruct_settings", default=None)
#: The list collecting the library's reports in the current context, or None: they are warned.
_collector: contextvars.ContextVar[list | None] = contextvars.ContextVar("dicomconstruct_reports", default=None)


def _check(name: str, value: Any) -> Any:
    if name.endswith("_validation_mode"):
        if value not in (IGNORE, WARN, RAISE):
            raise ValueError(f"{name} must be config.IGNORE, config.WARN or config.RAISE, not {value!r}")
    elif name == "strict":
        value = bool(value)
    elif name == "buffered_read_size":
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError("The read size must be greater than 0")
    elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, not {value!r}")
    return value


class _Setting:
    """One setting: the current context's override if any, else the process-wide value."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        if enforce_valid_values and self.name == "reading_validation_mode":
            return RAISE  # pydicom 2's switch, still honoured by pydicom 3
        overrides = _overrides.get()
        if overrides is not None and self.name in overrides:
            return overrides[self.name]
        return _process[self.name]

    def __set__(self, instance: Any, value: Any) -> None:
        value = _check(self.name, value)
        overrides = _overrides.get()
        if overrides is not None and self.name in overrides:
            _overrides.set({**overrides, self.name: value})
        else:
            _process[self.name] = value


class Settings:
    """The settings in force in the current context (see the module docstring); one instance, :data:`settings`."""

    __slots__ = ()

    strict = _Setting("strict")
    max_nesting_depth = _Setting("max_nesting_depth")
    max_inflated_size = _Setting("max_inflated_size")
    max_elements = _Setting("max_elements")
    max_stream_size = _Setting("max_stream_size")
    reading_validation_mode = _Setting("reading_validation_mode")
    writing_validation_mode = _Setting("writing_validation_mode")
    buffered_read_size = _Setting("buffered_read_size")

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in _DEFAULTS)
        return f"Settings({values})"


settings = Settings()


@contextlib.contextmanager
def limits(**changes: Any) -> Iterator[Settings]:
    """Change settings for the block, in the current thread or asyncio task only; restored on exit."""
    unknown = set(changes) - set(_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    checked = {name: _check(name, value) for name, value in changes.items()}
    token = _overrides.set({**(_overrides.get() or {}), **checked})
    try:
        yield settings
    finally:
        _overrides.reset(token)


def disable_value_validation() -> contextlib.AbstractContextManager:
    """No value validation, reading or writing, for the block (pydicom's name; context-local here)."""
    return limits(reading_validation_mode=IGNORE, writing_validation_mode=IGNORE)


def strict_reading() -> contextlib.AbstractContextManager:
    """Invalid values read raise ``ValueError`` for the block (pydicom's name; context-local here)."""
    return limits(reading_validation_mode=RAISE)


@contextlib.contextmanager
def collect_reports() -> Iterator[list]:
    """Collect the library's reports of the block in a list instead of warning them.

    Each entry is ``(message, category)``.  Only reports made through
    :func:`report` and :func:`report_value` in the current context are
    collected; the process-wide :mod:`warnings` state is not touched.
    """
    collected: list = []
    token = _collector.set(collected)
    try:
        yield collected
    finally:
        _collector.reset(token)


def emit(message: str, category: type[Warning] = DicomWarning, stacklevel: int = 2) -> None:
    """Collect ``(message, category)`` in the innermost :func:`collect_reports` of the current context,
    or warn it where there is none (e.g. a report an inner collector held back, passed on)."""
    collected = _collector.get()
    if collected is not None:
        collected.append((message, category))
    else:
        warnings.warn(message, category, stacklevel=stacklevel + 1)


def report(error: InvalidDicomError, stacklevel: int = 2) -> None:
    """Raise ``error`` in strict mode, otherwise emit it as a warning of its category
    (``error.warning``: :class:`DicomWarning`, or :class:`DamagedDataWarning` for broken framing)."""
    if settings.strict:
        raise error
    emit(str(error), error.warning, stacklevel + 1)


def report_value(error: InvalidDicomError, stacklevel: int = 2) -> None:
    """:func:`report` for a value read that does not fit its VR: as ``reading_validation_mode`` says.

    ``strict`` or :data:`RAISE` raise ``error``; :data:`WARN` warns;
    :data:`IGNORE` says nothing.
    """
    if settings.strict:
        raise error
    mode = settings.reading_validation_mode
    if mode == RAISE:
        raise error
    if mode == WARN:
        emit(str(error), DicomWarning, stacklevel + 1)


# -- pydicom's other module-level settings (names and meaning as in pydicom 3) -----------------

#: whether numpy can be imported (``pixel_array`` needs it)
have_numpy: bool = __import__("importlib.util").util.find_spec("numpy") is not None

#: pydicom 3's deprecated pixel data handlers, tried in this order by ``Dataset.pixel_array`` after
#: ``pixel_array_options(use_v2_backend=True)``: ``pixel_data_handlers`` (a list users may replace)
#: and one name per handler module of :mod:`dicomconstruct.pixel_data_handlers`, imported on first use.
_HANDLER_MODULES = {"np_handler": "numpy_handler", "gdcm_handler": "gdcm_handler", "pillow_handler": "pillow_handler",
                    "jpegls_handler": "jpeg_ls_handler", "pylibjpeg_handler": "pylibjpeg_handler",
                    "rle_handler": "rle_handler"}


def __getattr__(name: str) -> Any:
    if name in _HANDLER_MODULES:
        import importlib

        module = importlib.import_module(f"{__package__}.pixel_data_handlers.{_HANDLER_MODULES[name]}")
        globals()[name] = module
        return module
    if name == "pixel_data_handlers":
        globals()[name] = [__getattr__(handler) for handler in _HANDLER_MODULES]
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: True (default): an element read with VR UN whose tag the dictionary knows is decoded with the
#: dictionary's VR (PS3.5 6.2.2); False: it stays UN (bytes).
replace_un_with_known_vr: bool = True

#: False (default): an element of VR DS holds a :class:`~dicomconstruct.valuerep.DSfloat`;
#: True: a :class:`~dicomconstruct.valuerep.DSdecimal` (exact decimal).  Set with :func:`DS_decimal`.
use_DS_decimal: bool = False

#: True: multi-valued DS / IS elements are read as numpy arrays (pydicom's names; set with
#: :func:`DS_numpy`).  Not used by the reader yet: values stay :class:`MultiValue` lists.
use_DS_numpy: bool = False
use_IS_numpy: bool = False

#: False (default): ``DSdecimal(1.5)`` raises ``TypeError`` (a float's binary value is seldom
#: the decimal meant); True: a float is accepted.
allow_DS_float: bool = False

#: False (default): DA, DT and TM values are text (str subclasses with ``to_date()`` ...);
#: True: they are :class:`~dicomconstruct.valuerep.DA` / ``DT`` / ``TM``, subclasses of
#: :class:`datetime.date` / ``datetime`` / ``time`` remembering their text (PS3.5 6.2).
datetime_conversion: bool = False


def DS_decimal(use_Decimal_boolean: bool = True) -> None:
    """Make DS values :class:`~decimal.Decimal` based (True) or ``float`` based (False); pydicom's name.

    ``ValueError`` when both this and :data:`use_DS_numpy` would be on.
    """
    global use_DS_decimal
    use_DS_decimal = bool(use_Decimal_boolean)
    if use_DS_decimal and use_DS_numpy:
        raise ValueError("Cannot set use_DS_decimal True if use_DS_numpy is True")
    from . import valuerep

    valuerep.DSclass = valuerep.DSdecimal if use_DS_decimal else valuerep.DSfloat


def DS_numpy(use_numpy: bool = True) -> None:
    """Ask for multi-valued DS elements as numpy arrays (pydicom's name); ``ValueError`` with :data:`use_DS_decimal`."""
    global use_DS_numpy
    if use_DS_decimal and use_numpy:
        raise ValueError("Cannot use numpy arrays to read DS elements if `use_DS_decimal` is True")
    use_DS_numpy = bool(use_numpy)

#: False (default): a binary value whose length is not a multiple of its VR's size raises
#: :class:`~dicomconstruct.errors.BytesLengthException` in
#: :func:`~dicomconstruct.dataelem.convert_raw_data_element`; True: it becomes UN, with a warning.
convert_wrong_length_to_UN: bool = False

#: Called with each :class:`~dicomconstruct.dataelem.RawDataElement` (and
#: :data:`data_element_callback_kwargs`) by ``convert_raw_data_element``, which uses what it
#: returns (deprecated in pydicom 3 in favour of :mod:`dicomconstruct.hooks`).
data_element_callback = None
data_element_callback_kwargs: dict = {}


def reset_data_element_callback() -> None:
    """No :data:`data_element_callback` (pydicom's name)."""
    global data_element_callback, data_element_callback_kwargs
    data_element_callback = None
    data_element_callback_kwargs = {}


#: "WARN" (default) or "RAISE" (after :func:`future_behavior`): what setting an attribute whose
#: name looks like a keyword but is none does (pydicom's names).
INVALID_KEYWORD_BEHAVIOR = "WARN"
INVALID_KEY_BEHAVIOR = "WARN"

#: pydicom's "behave as the next major version" switch: the PYDICOM_FUTURE environment
#: variable ("true"/"false", "yes"/"no", "on"/"off", "1"/"0") or :func:`future_behavior`.
_use_future = False
_use_future_env = __import__("os").environ.get("PYDICOM_FUTURE")


def future_behavior(enable_future: bool = True) -> None:
    """Behave as pydicom's next major version: deprecated names raise, writing values is RAISE."""
    global _use_future, INVALID_KEYWORD_BEHAVIOR
    _use_future = bool(enable_future)
    INVALID_KEYWORD_BEHAVIOR = "RAISE" if enable_future else "WARN"
    settings.writing_validation_mode = RAISE if enable_future else WARN


if _use_future_env:
    if _use_future_env.lower() in ("true", "yes", "on", "1"):
        future_behavior(True)
    elif _use_future_env.lower() not in ("false", "no", "off", "0"):
        raise ValueError("Unknown setting for environment variable PYDICOM_FUTURE. Use True or False.")

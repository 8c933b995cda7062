"""The DICOM JSON Model (PS3.18 F.2): datasets and elements to and from JSON.

pydicom 3's names and output: :func:`dataset_to_json_dict` is what
``Dataset.to_json_dict`` returns, :func:`dataset_from_json` what
``Dataset.from_json`` builds.  Each attribute is ``{"vr": VR}`` plus, unless
it is empty, one of (PS3.18 F.2.3, F.2.5, F.2.7):

* ``"Value"``: a list of values; numbers as JSON numbers (IS as integers, DS
  as floats), PN as ``{"Alphabetic", "Ideographic", "Phonetic"}`` objects
  (F.2.2), AT as 8 hex digits, SQ as a list of item objects;
* ``"InlineBinary"``: base64 of the value bytes (OB OD OF OL OV OW UN);
* ``"BulkDataURI"``: a URI given by the caller's handler, for binary values
  longer than the threshold.

Keys are tags as 8 uppercase hex digits (F.2.1.1).  The Dataset layer holds
no bytes, so "InlineBinary" encodes the element's value as the API gives it.
"""

from __future__ import annotations

import base64
import inspect
import json
import logging
import warnings
from typing import Any, Callable

from . import config
from .format.vr import FLOAT_VRS, INTEGER_VRS
from .dataelem import AMBIGUOUS_VR, BYTES_VR, DataElement, empty_value_for_VR

__all__ = [
    "JSON_VALUE_KEYS",
    "convert_to_python_number",
    "element_to_json_dict",
    "element_from_json",
    "dataset_to_json_dict",
    "dataset_to_json",
    "dataset_from_json",
]

logger = logging.getLogger("dicomconstruct")

#: The keys of an attribute object that hold its value (PS3.18 Table F.2.2-1).
JSON_VALUE_KEYS = ("Value", "BulkDataURI", "InlineBinary")
#: VRs whose value is given as InlineBinary / BulkDataURI (PS3.18 F.2.7).
BINARY_VR = (BYTES_VR | AMBIGUOUS_VR) - {"US or SS"}
#: VRs whose JSON values are integers / floats (PS3.18 Table F.2.3-1).
INT_VR = INTEGER_VRS
FLOAT_VR = FLOAT_VRS
#: The PN component groups, in value order (PS3.18 F.2.2).
PN_GROUPS = ("Alphabetic", "Ideographic", "Phonetic")


def convert_to_python_number(value: Any, vr: str) -> Any:
    """``value`` (one value or a list) as ``int`` or ``float`` for the numeric VRs, else unchanged."""
    if value is None:
        return value
    number_type = int if vr in INT_VR else float if vr in FLOAT_VR else None
    if number_type is None:
        return value
    if isinstance(value, (list, tuple)):
        return [number_type(v) if v is not None else empty_value_for_VR(vr) for v in value]
    return number_type(value)


def _values(elem: DataElement) -> list:
    value = elem.value
    return list(value) if elem.VM > 1 else [value]


def element_to_json_dict(
    elem: DataElement,
    bulk_data_element_handler: Callable[[DataElement], str] | None,
    bulk_data_threshold: int,
) -> dict[str, Any]:
    """The attribute object of ``elem`` (PS3.18 F.2.2); see :meth:`DataElement.to_json_dict`."""
    VR = elem.VR
    json_element: dict[str, Any] = {"vr": VR}
    if VR in BINARY_VR:
        if not elem.is_empty:
            binary = elem.value
            if not isinstance(binary, bytes):
                binary = bytes(binary)
            # base64 makes the value 4/3 as long; the threshold is on the encoded length
            if bulk_data_element_handler is not None and len(binary) > (bulk_data_threshold // 4) * 3:
                json_element["BulkDataURI"] = bulk_data_element_handler(elem)
            else:  # no padding to even length in JSON (CP 1920)
                json_element["InlineBinary"] = base64.b64encode(binary).decode("ascii")
        return json_element
    if VR == "SQ":
        json_element["Value"] = [
            dataset_to_json_dict(item, bulk_data_threshold, bulk_data_element_handler) for item in elem.value
        ]
        return json_element
    if elem.is_empty:
        return json_element
    if VR == "PN":
        json_element["Value"] = [dict(zip(PN_GROUPS, name.components)) for name in _values(elem)]
    elif VR == "AT":
        json_element["Value"] = [format(tag, "08X") for tag in _values(elem)]
    else:
        json_element["Value"] = convert_to_python_number(_values(elem), VR)
    return json_element


def dataset_to_json_dict(
    dataset,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: Callable[[DataElement], str] | None = None,
    suppress_invalid_tags: bool = False,
) -> dict[str, Any]:
    """The DICOM JSON object of ``dataset`` (PS3.18 F.2.1); see :meth:`Dataset.to_json_dict`."""
    json_dataset = {}
    for tag in dataset.keys():
        key = f"{tag:08X}"
        try:
            json_dataset[key] = dataset[tag].to_json_dict(bulk_data_element_handler, bulk_data_threshold)
        except Exception as exc:
            if not suppress_invalid_tags:
                logger.error(f"Error while processing tag {key}")
                raise
            logger.warning(f"Error while processing tag {key}: {exc}")
    return json_dataset


def _sorted_dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True)


def dataset_to_json(
    dataset,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: Callable[[DataElement], str] | None = None,
    dump_handler: Callable[[dict[str, Any]], Any] | None = None,
    suppress_invalid_tags: bool = False,
) -> Any:
    """``dump_handler`` (default: ``json.dumps`` with sorted keys) of :func:`dataset_to_json_dict`."""
    dump = _sorted_dumps if dump_handler is None else dump_handler
    return dump(dataset_to_json_dict(dataset, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags))


def _bulk_handler(handler: Callable | None) -> Callable[[str, str, str], Any] | None:
    """The BulkDataURI handler as ``(tag, vr, uri) -> value``, whether it takes 1 or 3 arguments."""
    if handler is None:
        return None
    try:
        takes_uri_only = len(inspect.signature(handler).parameters) == 1
    except (TypeError, ValueError):
        takes_uri_only = False
    if takes_uri_only:
        return lambda tag, vr, uri: handler(uri)
    return handler


def _pn_text(tag: str, value: Any) -> Any:
    if not isinstance(value, dict):  # some DICOMweb servers send plain strings
        warnings.warn(f"Value of data element '{tag}' with VR Person Name (PN) is not formatted correctly")
        return value
    present = [i for i, group in enumerate(PN_GROUPS) if group in value]
    count = present[-1] + 1 if present else 1
    return "=".join(value.get(group, "") for group in PN_GROUPS[:count])


def _one_value(dataset_class, tag: str, vr: str, value: Any, handler) -> Any:
    if vr == "SQ":
        return _item(dataset_class, tag, {} if value is None else value, handler)
    if value is None:
        return empty_value_for_VR(vr)
    if vr == "PN":
        return _pn_text(tag, value)
    if vr == "AT":
        try:
            return int(value, 16)
        except (TypeError, ValueError):
            warnings.warn(f"Invalid value '{value}' for AT element - ignoring it")
            return None
    return value


def _element_value(dataset_class, tag: str, vr: str, value: Any, value_key: str | None, handler) -> Any:
    if value_key is None:
        return empty_value_for_VR(vr)
    if value_key == "Value":
        if not isinstance(value, list):
            raise TypeError(f"'{value_key}' of data element '{tag}' must be a list")
        if not value:
            return empty_value_for_VR(vr)
        values = [_one_value(dataset_class, tag, vr, v, handler) for v in value]
        if len(values) == 1 and vr != "SQ":
            values = values[0]
        try:
            return convert_to_python_number(values, vr)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Data element '{tag}' could not be loaded from JSON: {values}") from exc
    if value_key not in JSON_VALUE_KEYS:
        raise ValueError(f"Unknown attribute name '{value_key}' for tag {tag}")
    # PS3.18 F.3.1 gives a string, its example F.4 a list of one string: both are accepted
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        raise TypeError(
            f"Invalid attribute value for data element '{tag}' - the value for "
            f"'{value_key}' must be str, not {type(value).__name__}"
        )
    if value_key == "InlineBinary":
        return base64.b64decode(value)
    if handler is None:
        warnings.warn(f'No bulk data URI handler provided for retrieval of value of data element "{tag}"')
        return empty_value_for_VR(vr)
    return handler(tag, vr, value)


def _attribute(mapping: Any, tag: str) -> tuple[str, str | None, Any]:
    """The VR, value key and value of one attribute object."""
    if not isinstance(mapping, dict) or "vr" not in mapping:
        raise KeyError(f"Data element '{tag}' must have key 'vr'")
    keys = [key for key in JSON_VALUE_KEYS if key in mapping]
    if not keys:
        return mapping["vr"], None, [""]
    return mapping["vr"], keys[0], mapping[keys[0]]


def element_from_json(
    cls: type[DataElement],
    dataset_class: type,
    tag: str,
    vr: str,
    value: Any,
    value_key: str | None,
    bulk_data_uri_handler: Callable | None = None,
) -> DataElement:
    """A ``cls`` element from one attribute object; see :meth:`DataElement.from_json`."""
    handler = _bulk_handler(bulk_data_uri_handler)
    if isinstance(tag, int):
        tag = f"{tag:08X}"
    elem_value = _element_value(dataset_class, tag, vr, value, value_key, handler)
    if vr == "UN" and isinstance(elem_value, bytes) and elem_value and config.replace_un_with_known_vr:
        known = _un_as_known(int(tag, 16), elem_value)
        if known is not None:
            return known
    try:
        return cls(int(tag, 16), vr, elem_value)
    except Exception as exc:
        raise ValueError(f"Data element '{tag}' could not be loaded from JSON: {elem_value}") from exc


def _un_as_known(tag: int, data: bytes) -> DataElement | None:
    """A UN value of a tag the dictionary knows, decoded with the dictionary's VR (PS3.5 6.2.2).

    UN bytes are Implicit VR Little Endian; ``None`` when the tag is unknown or the
    bytes do not decode.
    """
    from .dataelem import RawDataElement, convert_raw_data_element
    from .tag import Tag

    try:
        elem = convert_raw_data_element(RawDataElement(Tag(tag), "UN", len(data), data, 0, True, True))
    except Exception:  # noqa: BLE001 - bytes that do not fit the dictionary VR stay UN
        return None
    return None if elem.VR == "UN" else elem


def _item(dataset_class, tag: str, mapping: dict, handler) -> Any:
    dataset = dataset_class()
    for key, attribute in mapping.items():
        vr, value_key, value = _attribute(attribute, tag)
        dataset.add(element_from_json(DataElement, dataset_class, key, vr, value, value_key, handler))
    return dataset


def dataset_from_json(
    dataset_class: type,
    json_dataset: dict[str, Any] | str | bytes | bytearray,
    bulk_data_uri_handler: Callable | None = None,
) -> Any:
    """A ``dataset_class`` dataset from a DICOM JSON object or its text; see :meth:`Dataset.from_json`."""
    if isinstance(json_dataset, (str, bytes, bytearray)):
        json_dataset = json.loads(json_dataset)
    if not isinstance(json_dataset, dict):
        raise TypeError(f"a DICOM JSON data set is an object, not {type(json_dataset).__name__}")
    return _item(dataset_class, "dataset", json_dataset, bulk_data_uri_handler)

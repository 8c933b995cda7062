"""Python code that rebuilds a dataset or a DICOM file, pydicom's ``codify``.

``code_file_from_dataset(ds)`` returns a script that creates ``ds`` element by
element (``ds.PatientName = 'Citizen^Jan'``, sequences as ``Sequence()`` of
``Dataset()`` items, non-dictionary tags with ``add_new``), sets its File Meta and
its original encoding; the command line (``python -m dicomconstruct.util.codify
FILE`` or ``dicomconstruct codify FILE``) adds a ``save_as`` line.  Values longer
than ``exclude_size`` bytes become a comment that makes the script fail until the
user fixes the line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import deque
from typing import Callable

from ..format.vr import AMBIGUOUS_VRS, BYTES_VRS

__all__ = [
    "camel_to_underscore",
    "code_dataelem",
    "code_dataset",
    "code_file",
    "code_file_from_dataset",
    "code_imports",
    "code_sequence",
    "default_name_filter",
    "main",
    "tag_repr",
]

line_term = "\n"
_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile("([a-z0-9])([A-Z])")
#: Values of these VRs are bytes, so ``exclude_size`` applies to them (not to US or SS numbers).
_SIZED_VRS = (BYTES_VRS | set(AMBIGUOUS_VRS)) - {"US or SS"}
#: The dataset variable's name in the script and the name of the library the script imports.
_LIBRARY = (__package__ or __name__).split(".")[0]


def camel_to_underscore(name: str) -> str:
    """``'TheNameToConvert'`` -> ``'the_name_to_convert'``."""
    return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()


def tag_repr(tag: int) -> str:
    """A tag as Python source: ``(0xGGGG, 0xEEEE)``."""
    return f"(0x{tag >> 16:04X}, 0x{tag & 0xFFFF:04X})"


def default_name_filter(name: str) -> str:
    """A short variable name for a sequence keyword (``ControlPointSet`` -> ``cp_set``)."""
    name = camel_to_underscore(name)
    for long, short in (("control_point", "cp"), ("reference", "ref"), ("fraction_group", "frxn_gp")):
        name = name.replace(long, short)
    return name


def code_imports() -> str:
    """The import lines the generated code needs."""
    return line_term.join(
        (
            f"import {_LIBRARY}",
            f"from {_LIBRARY}.dataset import Dataset, FileMetaDataset",
            f"from {_LIBRARY}.sequence import Sequence",
        )
    )


def _keyword(tag: int) -> str | None:
    from ..datadict import dictionary_keyword

    try:
        return dictionary_keyword(tag) or None
    except KeyError:
        return None


def _value_code(elem, exclude_size: int | None) -> str:
    value = elem.value
    if elem.VR == "AT":
        # each tag as one int: a (group, element) pair would read as two tags here
        if value is None:
            return "None"
        if not isinstance(value, int):  # several tags (a MultiValue, list or tuple)
            tags = [f"0x{int(tag):08X}" for tag in value]
            return tags[0] if len(tags) == 1 else "[" + ", ".join(tags) + "]"
        return f"0x{int(value):08X}"
    if (
        exclude_size
        and elem.VR in _SIZED_VRS
        and not isinstance(value, (int, float))
        and value is not None
        and len(value) > exclude_size
    ):
        return f"# XXX Array of {len(value)} bytes excluded"
    return repr(value)


def code_dataelem(
    dataelem,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    var_names: deque | None = None,
) -> str:
    """The code line(s) that set ``dataelem`` in the dataset variable ``dataset_name``."""
    if dataelem.VR == "SQ":
        return code_sequence(dataelem, dataset_name, exclude_size, include_private, var_names=var_names)
    value = _value_code(dataelem, exclude_size)
    keyword = _keyword(dataelem.tag)
    if keyword:
        return f"{dataset_name}.{keyword} = {value}"
    return f"{dataset_name}.add_new({tag_repr(dataelem.tag)}, '{dataelem.VR}', {value})"


def code_sequence(
    dataelem,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    name_filter: Callable[[str], str] = default_name_filter,
    var_names: deque | None = None,
) -> str:
    """The code lines that build the sequence ``dataelem`` and its items.

    Items are named from the sequence keyword and the item's ``...Index`` or
    ``...Number`` element (else its position); a name already used by an
    enclosing sequence gets a ``_1``, ``_2`` suffix.
    """
    names = deque() if var_names is None else var_names

    def unique(name: str) -> str:
        used = names.count(name) - 1
        return name if used == 0 else f"{name}_{used}"

    keyword = _keyword(dataelem.tag) or f"Tag{dataelem.tag:08x}"
    item_keyword = keyword.removesuffix("Sequence")
    seq_name = dataelem.name
    item_name = seq_name.removesuffix(" Sequence")
    base_var = name_filter(keyword)
    names.append(base_var)
    seq_var = unique(base_var)
    lines = ["", f"# {seq_name}", f"{seq_var} = Sequence()", f"{dataset_name}.{keyword} = {seq_var}"]
    for position, item in enumerate(dataelem.value, start=1):
        number = next(
            (str(getattr(item, kw)) for kw in (f"{item_keyword}Index", f"{item_keyword}Number") if kw in item),
            str(position),
        )
        lines += ["", f"# {seq_name}: {item_name} {number}"]
        item_var = base_var.replace("_sequence", "") + number
        names.append(item_var)
        item_var = unique(item_var)
        item_code = code_dataset(item, item_var, exclude_size, include_private, var_names=names).splitlines()
        names.pop()
        lines.append(item_code[0])
        lines.append(f"{seq_var}.append({item_var})")
        lines.extend(item_code[1:])
    names.pop()
    return line_term.join(lines)


def code_dataset(
    ds,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    is_file_meta: bool = False,
    var_names: deque | None = None,
) -> str:
    """The code that creates ``ds`` as the variable ``dataset_name`` (private elements only if asked)."""
    names = deque() if var_names is None else var_names
    lines = [f"{dataset_name} = {'FileMetaDataset' if is_file_meta else 'Dataset'}()"]
    for elem in ds:
        if not include_private and elem.tag.is_private:
            continue
        lines.append(code_dataelem(elem, dataset_name, exclude_size, include_private, var_names=names))
        if elem.VR == "SQ":
            lines.append("")
    if lines[-1] == "":
        lines.pop()
    return line_term.join(lines)


def code_file_from_dataset(ds, exclude_size: int | None = None, include_private: bool = False) -> str:
    """A script that rebuilds ``ds``: imports, File Meta, elements, original encoding."""
    filename = ds.get("filename") if hasattr(ds, "get") else None
    filename = getattr(ds, "filename", None) or filename
    identifier = f"DICOM file '{filename}'" if filename else "non-file dataset"
    lines = [
        "# -*- coding: utf-8 -*-",
        f"# Coded version of {identifier}",
        f"# Produced by {_LIBRARY} codify utility script",
        code_imports(),
        "",
    ]
    meta = getattr(ds, "file_meta", None)
    if meta is not None:
        lines += ["# File meta info data elements"]
        lines += [code_dataset(meta, "file_meta", exclude_size, include_private, is_file_meta=True), ""]
    lines += ["# Main data elements", code_dataset(ds, exclude_size=exclude_size, include_private=include_private), ""]
    if meta is not None:
        lines.append("ds.file_meta = file_meta")
    from ..dataset import Dataset

    implicit_vr, little_endian = getattr(ds, "original_encoding", (None, None))
    if implicit_vr is not None and little_endian is not None and hasattr(Dataset, "set_original_encoding"):
        lines.append(f"ds.set_original_encoding({implicit_vr}, {little_endian})")
    return line_term.join(lines)


def code_file(filename: str, exclude_size: int | None = None, include_private: bool = False) -> str:
    """:func:`code_file_from_dataset` of the file at ``filename``."""
    from ..filereader import dcmread

    return code_file_from_dataset(dcmread(filename, force=True), exclude_size, include_private)


def _filespec(text: str):
    """``file[::element.path]`` -> ``(dataset, element or None)``, as the ``show`` command reads it."""
    from ..cli import _resolve, eval_element, filespec_parts
    from ..filereader import dcmread

    prefix, path, element_path = filespec_parts(text)
    try:
        ds = dcmread(_resolve(prefix + path), force=True)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"Unable to read file '{path}': {exc}") from None
    except Exception as exc:
        raise argparse.ArgumentTypeError(f"'{path}' is not a DICOM file: {exc}") from None
    if not element_path:
        return ds, None
    try:
        return ds, eval_element(ds, element_path)
    except Exception as exc:
        raise argparse.ArgumentTypeError(f"'{element_path}': {exc}") from None


def set_parser_arguments(parser: argparse.ArgumentParser, default_exclude_size: int) -> None:
    """The arguments of the codify command."""
    parser.add_argument("filespec", type=_filespec, help="a DICOM file, optionally file::Sequence[0] for one item")
    parser.add_argument(
        "outfile",
        nargs="?",
        type=argparse.FileType("w", encoding="UTF-8"),
        default=sys.stdout,
        help="file to write the Python code to (default: standard output)",
    )
    parser.add_argument(
        "-e",
        "--exclude-size",
        type=int,
        default=default_exclude_size,
        help=f"leave out binary values longer than this (default: {default_exclude_size} bytes)",
    )
    parser.add_argument("-p", "--include-private", action="store_true", help="include private elements")
    parser.add_argument("-s", "--save-as", help="the file the code saves to (default: input name + '_from_codify')")


def do_codify(args: argparse.Namespace) -> None:
    """Write the code for ``args.filespec`` to ``args.outfile``, ending with a ``save_as`` line."""
    from ..dataset import Dataset

    ds, element = args.filespec
    if element is not None and not isinstance(element, Dataset):
        raise NotImplementedError(f"Codify can only code a Dataset, not a {type(element)}")
    code = code_file_from_dataset(element if element is not None else ds, args.exclude_size, args.include_private)
    target = args.save_as or f"{os.path.splitext(ds.filename)[0]}_from_codify.dcm"
    code += f"\nds.save_as(r'{target}', enforce_file_format=True)"
    if getattr(args.outfile, "name", "<stdout>") != "<stdout>":
        print(f"Writing code to file '{args.outfile.name}'")
    args.outfile.write(code)


def main(default_exclude_size: int = 100, args: list[str] | None = None) -> None:
    """The codify command line: ``args`` (default ``sys.argv[1:]``)."""
    parser = argparse.ArgumentParser(
        description=f"Produce Python/{_LIBRARY} code that rebuilds a DICOM file",
        epilog=(
            f"Binary values longer than --exclude-size (default {default_exclude_size} bytes) "
            "are replaced by a line with a syntax error; private elements are left out unless -p."
        ),
    )
    set_parser_arguments(parser, default_exclude_size)
    do_codify(parser.parse_args(args))


if __name__ == "__main__":  # pragma: no cover
    main(default_exclude_size=100)

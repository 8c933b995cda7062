"""File-sets and their DICOMDIR (PS3.10 8; PS3.3 F, the Basic Directory IOD), pydicom's ``fileset`` API.

A :class:`FileSet` reads a DICOMDIR into a tree of :class:`RecordNode` (one per
directory record, PS3.3 F.3.2.2), whose leaves hold a :class:`FileInstance` (the
SOP Instance a record references by its Referenced File ID).  Instances are
staged for addition or removal and :meth:`FileSet.write` writes the File-set:
the instances under File IDs of the form ``PT000000/ST000000/SE000000/IM000000``
(PS3.10 8.2, 8.5) and a DICOMDIR whose record offsets (PS3.3 F.3.2.1, F.3.2.2:
Offset of the First/Last Directory Record of the Root Directory Entity, Offset of
the Next Directory Record, Offset of Referenced Lower-Level Directory Entity) are
computed from where the encoder places each record.

The facts (File ID rules, the attributes of each record type, which SOP Classes
are which record type) are in :mod:`dicomconstruct.format.directory`.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Optional, Union

from . import uid as _uid
from .datadict import dictionary_description, tag_for_keyword
from .dataelem import DataElement
from .dataset import Dataset, FileMetaDataset
from .errors import BadDirectoryError, format_tag
from .filereader import dcmread
from .filewriter import dcmwrite
from .format import directory as _dir
from .format.constants import GROUP_LENGTH_ELEMENT, SOP_CLASS_TAG, SOP_INSTANCE_TAG, TRANSFER_SYNTAX_TAG
from .format.directory import FIRST_OFFSET, LAST_OFFSET, LOWER_OFFSET, NEXT_OFFSET
from .misc import warn_and_log
from .tag import BaseTag, Tag
from .uid import UID, ExplicitVRLittleEndian, ImplicitVRLittleEndian, MediaStorageDirectoryStorage, generate_uid

__all__ = [
    "DIRECTORY_RECORDERS",
    "FileInstance",
    "FileSet",
    "RecordNode",
    "RootNode",
    "generate_filename",
    "is_conformant_file_id",
]

#: pydicom's name for the File ID prefixes per record type.
_PREFIXES = _dir.RECORD_PREFIXES

DSPathType = Union[Dataset, str, os.PathLike]

#: An instance's UIDs and the record elements holding them (PS3.3 F.3.2.2).
_RECORD_UID_KEYWORDS = {
    SOP_INSTANCE_TAG: "ReferencedSOPInstanceUIDInFile",
    SOP_CLASS_TAG: "ReferencedSOPClassUIDInFile",
    TRANSFER_SYNTAX_TAG: "ReferencedTransferSyntaxUIDInFile",
}


def _suffix(index: int, width: int, alphanumeric: bool) -> str:
    """``index`` written with the File ID suffix digits, zero-padded to ``width``."""
    digits = _dir.FILE_ID_SUFFIX_CHARACTERS if alphanumeric else _dir.FILE_ID_SUFFIX_CHARACTERS[:10]
    base = len(digits)
    out = []
    while index:
        index, rest = divmod(index, base)
        out.append(digits[rest])
    return "".join(reversed(out)).rjust(width, "0")


def generate_filename(prefix: str = "", start: int = 0, alphanumeric: bool = False) -> Iterator[str]:
    """Yield File ID components of 8 characters: ``prefix`` and an increasing suffix (PS3.10 8.2).

    The suffix counts from ``start`` in digits 0-9, or with ``alphanumeric`` in
    0-9 and A-Z without J; the generator ends when the suffix would need more
    characters than ``8 - len(prefix)``.
    """
    width = _dir.MAX_FILE_ID_COMPONENT_LENGTH - len(prefix)
    if width < 1:
        raise ValueError("The 'prefix' must be less than 8 characters long")
    base = len(_dir.FILE_ID_SUFFIX_CHARACTERS) if alphanumeric else 10
    for index in range(start, base**width):
        yield f"{prefix}{_suffix(index, width, alphanumeric)}"


def is_conformant_file_id(path: Path) -> bool:
    """Whether ``path`` (relative to the File-set root) is a conformant File ID (PS3.10 8.2, 8.5).

    At most 8 components of at most 8 characters, each of 0-9, A-Z and ``_``.
    """
    parts = Path(path).parts
    if len(parts) > _dir.MAX_FILE_ID_COMPONENTS:
        return False
    if any(len(part) > _dir.MAX_FILE_ID_COMPONENT_LENGTH for part in parts):
        return False
    return all(char in _dir.FILE_ID_CHARACTERS for char in "".join(parts))


# ---------------------------------------------------------------------------------------------
# The record tree
# ---------------------------------------------------------------------------------------------


class RecordNode(Iterable["RecordNode"]):
    """One directory record of a DICOMDIR (PS3.3 F.3.2.2) in the File-set's record tree.

    ``children`` are the records of the lower-level directory entity; ``instance``
    is the :class:`FileInstance` of a record that references a file.
    """

    def __init__(self, record: Dataset | None = None) -> None:
        self.children: list[RecordNode] = []
        self.instance: FileInstance | None = None
        self._parent: RecordNode | None = None
        self._record: Dataset
        if record:
            self._set_record(record)
        # absolute offset of the record's Item tag, as last written or read
        self._offset = 0

    # -- tree structure ---------------------------------------------------------------------
    def add(self, leaf: "RecordNode") -> None:
        """Add the branch ending in ``leaf`` to the tree, joining nodes the tree already has."""
        node = leaf.root
        if node is self:
            node = node.children[0]
        current = self.root
        while node in current and node.children:
            current = current[node]
            node = node.children[0]
        node.parent = current

    @property
    def ancestors(self) -> list["RecordNode"]:
        """The node's ancestors below the root, nearest first."""
        return [node for node in self.reverse() if node is not self]

    def __contains__(self, key: Union[str, "RecordNode"]) -> bool:
        if isinstance(key, RecordNode):
            key = key.key
        return any(child.key == key for child in self.children)

    def __getitem__(self, key: Union[str, "RecordNode"]) -> "RecordNode":
        if isinstance(key, RecordNode):
            key = key.key
        for child in self.children:
            if child.key == key:
                return child
        raise KeyError(key)

    def __delitem__(self, key: Union[str, "RecordNode"]) -> None:
        """Remove a child; a node left without children is removed from its parent in turn."""
        if isinstance(key, RecordNode):
            key = key.key
        if key not in self:
            raise KeyError(key)
        self.children = [child for child in self.children if child.key != key]
        if not self.children and not self.is_root:
            del self.parent[self]

    @property
    def depth(self) -> int:
        """The number of levels between this node and the level below the root."""
        return len(list(self.reverse())) - 1

    @property
    def has_instance(self) -> bool:
        return self.instance is not None

    @property
    def index(self) -> int:
        """The node's position among its siblings."""
        if not self.parent:
            return 0
        return self.parent.children.index(self)

    @property
    def is_root(self) -> bool:
        return False

    def __iter__(self) -> Iterator["RecordNode"]:
        """This node (unless it is the root) and every node below it, depth first."""
        if not self.is_root:
            yield self
        for child in self.children:
            yield from child

    @property
    def next(self) -> Optional["RecordNode"]:
        """The next sibling, or ``None``."""
        if not self.parent:
            return None
        siblings = self.parent.children
        position = siblings.index(self) + 1
        return siblings[position] if position < len(siblings) else None

    @property
    def previous(self) -> Optional["RecordNode"]:
        """The previous sibling, or ``None``."""
        if not self.parent:
            return None
        position = self.parent.children.index(self)
        return self.parent.children[position - 1] if position else None

    @property
    def parent(self) -> "RecordNode":
        return self._parent  # type: ignore[return-value]

    @parent.setter
    def parent(self, node: "RecordNode") -> None:
        self._parent = node
        if node is not None and self not in node.children:
            node.children.append(self)

    def remove(self, node: "RecordNode") -> None:
        """Remove the leaf ``node`` (and ancestors left empty) from the tree."""
        if not node.has_instance:
            raise ValueError("Only leaf nodes can be removed")
        del node.parent[node]

    def reverse(self) -> Iterable["RecordNode"]:
        """This node and its ancestors up to the level below the root."""
        node = self
        while node.parent:
            yield node
            node = node.parent
        if not node.is_root:
            yield node

    @property
    def root(self) -> "RecordNode":
        node = self
        while node.parent:
            node = node.parent
        return node

    @property
    def file_set(self) -> "FileSet":
        return self.root.file_set

    # -- the record -------------------------------------------------------------------------
    def _set_record(self, ds: Dataset) -> None:
        """Take ``ds`` as the node's directory record (PS3.3 F.3.2.2), adding the offsets it lacks."""
        offset = getattr(ds, "seq_item_tell", None)
        rtype = ds.get("DirectoryRecordType", None)
        where = f"The {rtype + ' ' if rtype else ''}directory record"
        if offset:
            where += f" at offset {offset}"
        if "DirectoryRecordType" not in ds:
            raise ValueError(f"{where} is missing one or more required elements: DirectoryRecordType")
        for keyword in (NEXT_OFFSET, LOWER_OFFSET):
            if keyword not in ds:
                setattr(ds, keyword, 0)
        ds.RecordInUseFlag = _dir.RECORD_IN_USE
        self._record = ds
        try:
            self.key
        except (AttributeError, ValueError) as exc:
            raise ValueError(f"{where} is missing a required element") from exc

    @property
    def record_type(self) -> str:
        """The record's Directory Record Type (0004,1430)."""
        return self._record.DirectoryRecordType

    @property
    def key(self) -> str:
        """What identifies the record among its siblings (PS3.3 F.5)."""
        rtype = self.record_type
        record = self._record
        if rtype == "PATIENT":
            return record.PatientID  # F.5.1: unique within a File-set
        if rtype == "STUDY":
            if "StudyInstanceUID" in record:
                return record.StudyInstanceUID
            return record.ReferencedSOPInstanceUIDInFile
        if rtype == "SERIES":
            return record.SeriesInstanceUID
        if rtype == "PRIVATE":
            return record.PrivateRecordUID
        try:
            return record.ReferencedSOPInstanceUIDInFile
        except AttributeError as exc:
            raise AttributeError(
                f"Invalid '{rtype}' record - missing required element 'Referenced SOP Instance UID in File'"
            ) from exc

    @property
    def component(self) -> str:
        """The File ID component this node contributes: prefix and sibling index (8 characters)."""
        if self.is_root:
            raise ValueError("The root node doesn't contribute a File ID component")
        prefix = _PREFIXES[self.record_type]
        if self.record_type == "PRIVATE":
            prefix = f"{prefix}{self.depth}"
        width = _dir.MAX_FILE_ID_COMPONENT_LENGTH - len(prefix)
        return f"{prefix}{_suffix(self.index, width, self.file_set._use_alphanumeric)}"

    def file_id_path(self, root_path: Path) -> Path | None:
        """The record's Referenced File ID (0004,1500) as a path, ``None`` if it has no value.

        Raises ``PermissionError`` for a File ID leading outside ``root_path`` and
        ``AttributeError`` when the record has no Referenced File ID.
        """
        if "ReferencedFileID" not in self._record:
            raise AttributeError("No 'Referenced File ID' in the directory record")
        elem = self._record["ReferencedFileID"]
        if elem.VM < 1:
            return None
        value = elem.value
        path = Path(value) if elem.VM == 1 else Path(*value)
        root = Path(root_path)
        if path.anchor or not (root / path).resolve().is_relative_to(root.resolve()):
            raise PermissionError(f"ReferencedFileID ('{path}') must be inside the DICOMDIR root path")
        return path

    def _update_record_offsets(self) -> None:
        """Set the record's Next and Lower-Level offsets from the nodes' ``_offset``."""
        following = self.next
        self._record[NEXT_OFFSET].value = following._offset if following else 0
        self._record[LOWER_OFFSET].value = self.children[0]._offset if self.children else 0

    # -- display ----------------------------------------------------------------------------
    def __str__(self) -> str:
        if self.is_root:
            return "ROOT"
        ds = self._record
        rtype = self.record_type
        if rtype == "PATIENT":
            parts = [f"PatientID='{ds.PatientID}'", f"PatientName='{ds.PatientName}'"]
        elif rtype == "STUDY":
            parts = [f"StudyDate={ds.StudyDate}", f"StudyTime={ds.StudyTime}"]
            if getattr(ds, "StudyDescription", None):
                parts.append(f"StudyDescription='{ds.StudyDescription}'")
        elif rtype == "SERIES":
            parts = [f"Modality={ds.Modality}", f"SeriesNumber={ds.SeriesNumber}"]
            if getattr(ds, "SeriesDescription", None):
                parts.append(f"SeriesDescription='{ds.SeriesDescription}'")
        elif rtype == "IMAGE":
            parts = [f"InstanceNumber={ds.InstanceNumber}"]
        else:
            parts = [f"{self.key}"]
        return f"{rtype}: {', '.join(parts)}"

    def prettify(self, indent_char: str = "  ") -> list[str]:
        """The tree from this node as indented lines, leaves summarised per record type."""
        lines = []
        for node in self:
            indent = indent_char * node.depth
            if node.children:
                lines.append(f"{indent}{node}")
                leaf = next((child for child in node.children if child.has_instance), None)
                if leaf is not None and not leaf.children:
                    lines.extend(_leaf_summary(node, indent_char * leaf.depth))
            elif node.depth == 0 and node.has_instance:
                line = f"{indent}{node.record_type}: 1 SOP Instance"
                if node.instance.for_addition:
                    line += " (to be added)"
                elif node.instance.for_removal:
                    line += " (to be removed)"
                lines.append(line)
        return lines


def _leaf_summary(parent: RecordNode, indent: str) -> list[str]:
    """``IMAGE: 3 SOP Instances (1 initial, 2 additions)`` lines for the leaves of ``parent``."""
    leaves = [node for node in parent if node.has_instance]
    lines = []
    for rtype in sorted({node.record_type for node in leaves}):
        of_type = [node.instance for node in leaves if node.record_type == rtype]
        added = sum(1 for instance in of_type if instance.for_addition)
        removed = sum(1 for instance in of_type if instance.for_removal)
        initial = len(of_type) - added
        result = len(of_type) - removed
        changes = []
        if (added or removed) and initial > 0:
            changes.append(f"{initial} initial")
        if added:
            changes.append(f"{added} addition{'s' if added > 1 else ''}")
        if removed:
            changes.append(f"{removed} removal{'s' if removed > 1 else ''}")
        line = f"{indent}{rtype}: {result} SOP Instance{'' if result == 1 else 's'}"
        if changes:
            line += f" ({', '.join(changes)})"
        lines.append(line)
    return lines


class RootNode(RecordNode):
    """The root of a File-set's record tree: the Root Directory Entity (PS3.3 F.3.2.1)."""

    def __init__(self, fs: "FileSet") -> None:
        super().__init__()
        self._fs = fs

    @property
    def file_set(self) -> "FileSet":
        return self._fs

    @property
    def is_root(self) -> bool:
        return True


# ---------------------------------------------------------------------------------------------
# Instances
# ---------------------------------------------------------------------------------------------


class FileInstance:
    """A file of the File-set, seen through the directory records that lead to it.

    Element keywords read the records from the leaf up (``instance.PatientID``).
    """

    def __init__(self, node: RecordNode) -> None:
        self._uuid = uuid.uuid4()
        self._add = False
        self._remove = False
        self._stage_path: Path | None = None
        self.node = node

    def _apply_stage(self, flag: str) -> None:
        """Stage for addition (``'+'``), removal (``'-'``) or clear (``'x'``); + and - cancel."""
        if flag == "x":
            self._add = self._remove = False
            self._stage_path = None
        elif flag == "+":
            if self._remove:
                self._remove = False
                self._stage_path = None
            else:
                self._add = True
                self._stage_path = self.file_set._stage["path"] / f"{self._uuid}"
        elif flag == "-":
            if self._add:
                self._add = False
            else:
                self._remove = True
            self._stage_path = None

    def __getattribute__(self, name: str) -> Any:
        if name[:1].isupper():
            tag = tag_for_keyword(name)
            if tag is not None:
                for node in object.__getattribute__(self, "node").reverse():
                    if tag in node._record:
                        return node._record[tag].value
        return object.__getattribute__(self, name)

    def __getitem__(self, key: str | int) -> DataElement:
        tag = key if isinstance(key, BaseTag) else Tag(key)
        keyword = _RECORD_UID_KEYWORDS.get(int(tag))
        if keyword is not None:
            tag = Tag(tag_for_keyword(keyword))
        for node in self.node.reverse():
            if tag in node._record:
                return node._record[tag]
        raise KeyError(tag)

    def __contains__(self, name: str | int) -> bool:
        try:
            self[name]
        except KeyError:
            return False
        return True

    @property
    def FileID(self) -> str:
        """The File ID the instance has (or will have) in the File-set's structure."""
        components = [node.component for node in self.node.reverse()]
        return os.fspath(Path(*reversed(components)))

    @property
    def file_set(self) -> "FileSet":
        return self.node.file_set

    @property
    def for_addition(self) -> bool:
        return self._add

    @property
    def for_removal(self) -> bool:
        return self._remove

    @property
    def for_moving(self) -> bool:
        """Whether writing the File-set will move the file to a new File ID."""
        if self.for_addition:
            return False
        current = self.ReferencedFileID
        current = [current] if self["ReferencedFileID"].VM == 1 else list(current)
        return current != self.FileID.split(os.path.sep)

    @property
    def is_private(self) -> bool:
        return self.node.record_type == "PRIVATE"

    @property
    def is_staged(self) -> bool:
        return self.for_addition or self.for_moving or self.for_removal

    @property
    def path(self) -> str:
        """The absolute path of the file (of its staged copy while staged for addition)."""
        if self.for_addition:
            return os.fspath(self._stage_path)
        root = self.file_set.root_path
        return os.fspath(root / self.node.file_id_path(root))

    def load(self) -> Dataset:
        """The instance, read from its file."""
        return dcmread(self.path)

    @property
    def SOPClassUID(self) -> UID:
        return self.ReferencedSOPClassUIDInFile

    @property
    def SOPInstanceUID(self) -> UID:
        return self.ReferencedSOPInstanceUIDInFile

    @property
    def TransferSyntaxUID(self) -> UID:
        return self.ReferencedTransferSyntaxUIDInFile


# ---------------------------------------------------------------------------------------------
# The File-set
# ---------------------------------------------------------------------------------------------


class FileSet:
    """A DICOM File-set (PS3.10 8): its DICOMDIR's records and the instances they reference."""

    def __init__(self, ds: DSPathType | None = None) -> None:
        self._root_path: Path | None = None
        self._tree = RootNode(self)
        temp = TemporaryDirectory()
        # staged changes: additions, removals, moves, File-set Identification changes
        self._stage: dict[str, Any] = {"t": temp, "path": Path(temp.name), "+": {}, "-": {}, "~": False, "^": False}
        self._ds = Dataset()
        self._instances: list[FileInstance] = []
        self._use_alphanumeric = False
        self._id: str | None = None
        self._uid: UID | None = None
        self._descriptor: str | list | None = None
        self._charset: str | None = None
        if ds:
            self.load(ds)
        else:
            self.UID = generate_uid()

    # -- the File-set Identification module (PS3.3 F.3.2.1) --------------------------------
    @property
    def ID(self) -> str | None:
        """The File-set ID (0004,1130)."""
        return self._id

    @ID.setter
    def ID(self, val: str | None) -> None:
        if val == self._id:
            return
        if val is not None and len(val) > _dir.MAX_FILESET_ID_LENGTH:
            raise ValueError("The maximum length of the 'File-set ID' is 16 characters")
        self._id = val
        if self._ds:
            self._ds.FileSetID = val
        self._stage["^"] = True

    @property
    def UID(self) -> UID:
        """The File-set UID: the DICOMDIR's Media Storage SOP Instance UID."""
        return self._uid

    @UID.setter
    def UID(self, uid: str) -> None:
        if uid == self._uid:
            return
        uid = UID(uid)
        if not uid.is_valid:
            raise ValueError(f"The File-set UID '{uid}' is not a valid UID")
        self._uid = uid
        if self._ds:
            self._ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._stage["^"] = True

    @property
    def descriptor_file_id(self) -> str | list | None:
        """The File-set Descriptor File ID (0004,1141)."""
        return self._descriptor

    @descriptor_file_id.setter
    def descriptor_file_id(self, val: str | list | None) -> None:
        if val == self._descriptor:
            return
        if isinstance(val, list):
            if len(val) > _dir.MAX_DESCRIPTOR_COMPONENTS or not all(
                isinstance(part, str) and len(part) <= _dir.MAX_DESCRIPTOR_COMPONENT_LENGTH for part in val
            ):
                raise ValueError(
                    "The 'File-set Descriptor File ID' has a maximum of 8 "
                    "components, each between 0 and 16 characters long"
                )
            val = list(Path(*val).parts)
        elif isinstance(val, str):
            if len(val) > _dir.MAX_DESCRIPTOR_COMPONENT_LENGTH:
                raise ValueError(
                    "Each 'File-set Descriptor File ID' component has a maximum length of 16 characters"
                )
        elif val is not None:
            raise TypeError("The 'DescriptorFileID' must be a str, list of str, or None")
        self._descriptor = val
        if self._ds:
            self._ds.FileSetDescriptorFileID = val
        self._stage["^"] = True

    @property
    def descriptor_character_set(self) -> str | None:
        """The Specific Character Set of File-set Descriptor File (0004,1142)."""
        return self._charset

    @descriptor_character_set.setter
    def descriptor_character_set(self, val: str | None) -> None:
        if val == self._charset:
            return
        self._charset = val
        if self._ds:
            self._ds.SpecificCharacterSetOfFileSetDescriptorFile = val
        self._stage["^"] = True

    # -- paths and state --------------------------------------------------------------------
    @property
    def root_path(self) -> Path:
        """The File-set's root directory (the DICOMDIR's folder)."""
        if self._root_path is None:
            raise AttributeError("No root path set in the File-set")
        return self._root_path

    @property
    def path(self) -> str | None:
        return None if self._root_path is None else os.fspath(self._root_path)

    @property
    def is_staged(self) -> bool:
        """Whether the File-set is new or has changes to write."""
        return any(self._stage[flag] for flag in "+-^~")

    def __iter__(self) -> Iterator[FileInstance]:
        yield from list(self._instances)

    def __len__(self) -> int:
        return len(self._instances)

    def _file_id_path(self, node: RecordNode) -> Path | None:
        return node.file_id_path(self.root_path)

    def clear(self) -> None:
        """Forget every instance and record: an empty, new File-set."""
        self._tree.children = []
        self._instances = []
        self._root_path = None
        self._ds = Dataset()
        self._id = None
        self._uid = generate_uid()
        self._descriptor = None
        self._charset = None
        self._stage["t"].cleanup()
        temp = TemporaryDirectory()
        self._stage.update({"t": temp, "path": Path(temp.name), "+": {}, "-": {}, "~": False, "^": False})

    # -- adding and removing ----------------------------------------------------------------
    def _restage(self, key: UID) -> FileInstance | None:
        """Undo a staged removal of ``key``, or return the instance the File-set has."""
        if key in self._stage["-"]:
            instance = self._stage["-"].pop(key)
            self._instances.append(instance)
            instance._apply_stage("+")
            return instance
        return next((instance for instance in self if instance.SOPInstanceUID == key), None)

    def _stage_addition(self, ds: Dataset, leaf: RecordNode) -> FileInstance:
        instance = FileInstance(leaf)
        leaf.instance = instance
        self._tree.add(leaf)
        self._stage["+"][instance.SOPInstanceUID] = instance
        self._instances.append(instance)
        instance._apply_stage("+")
        ds.save_as(instance.path, enforce_file_format=True)
        return instance

    def add(self, ds_or_path: DSPathType) -> FileInstance:
        """Stage an instance (a dataset or a path) for addition, with records made by
        :data:`DIRECTORY_RECORDERS`; adding an instance staged for removal cancels the removal.
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        have = self._restage(ds.SOPInstanceUID)
        if have is not None:
            return have
        records = self._recordify(ds)
        parent = RecordNode(next(records))
        node = parent
        for record in records:
            node = RecordNode(record)
            node.parent = parent
            parent = node
        return self._stage_addition(ds, node)

    def add_custom(self, ds_or_path: DSPathType, leaf: RecordNode) -> FileInstance:
        """Stage an instance for addition under the records of ``leaf`` and its ancestors.

        The leaf's record receives the Referenced File ID and the Referenced SOP
        Class/Instance/Transfer Syntax UIDs in File (PS3.3 F.3.2.2).
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        if leaf.depth > _dir.MAX_FILE_ID_COMPONENTS - 1:
            raise ValueError(
                "The 'leaf' node must not have more than 7 ancestors as "
                "'FileSet' supports a maximum directory structure depth of 8"
            )
        key = ds.SOPInstanceUID
        have = self._restage(key)
        if have is not None:
            return have
        record = leaf._record
        record.ReferencedFileID = None
        record.ReferencedSOPClassUIDInFile = ds.SOPClassUID
        record.ReferencedSOPInstanceUIDInFile = key
        record.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID
        return self._stage_addition(ds, leaf)

    def remove(self, instance: FileInstance | list[FileInstance]) -> None:
        """Stage instance(s) for removal; removing a staged addition cancels it."""
        if isinstance(instance, list):
            for item in instance:
                self.remove(item)
            return
        if instance not in self._instances:
            raise ValueError("No such instance in the File-set")
        key = instance.SOPInstanceUID
        if key in self._stage["+"]:
            leaf = instance.node
            del leaf.parent[leaf]
            del self._stage["+"][key]
            instance._apply_stage("-")
            self._instances.remove(instance)
        elif key not in self._stage["-"]:
            instance._apply_stage("-")
            self._stage["-"][key] = instance
            self._instances.remove(instance)

    def _recordify(self, ds: Dataset) -> Iterator[Dataset]:
        """The directory records of an instance: one (PS3.3 F.4 single level) or four."""
        rtype = _single_level_record_type(ds)
        rtypes = [rtype] if rtype != "PATIENT" else ["PATIENT", "STUDY", "SERIES", _four_level_record_type(ds)]
        records = []
        for rtype in rtypes:
            try:
                record = DIRECTORY_RECORDERS[rtype](ds)
            except ValueError as exc:
                raise ValueError(
                    f"Unable to use the default '{rtype}' record creator: {exc}. See DICOM PS3.3 "
                    "Section F.5. Either update the instance, define your own record creation "
                    "function or use 'FileSet.add_custom()' instead"
                ) from exc
            record.OffsetOfTheNextDirectoryRecord = 0
            record.RecordInUseFlag = _dir.RECORD_IN_USE
            record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
            record.DirectoryRecordType = rtype
            if len(rtypes) > 1 and "SpecificCharacterSet" in ds:
                record.SpecificCharacterSet = ds.SpecificCharacterSet
            records.append(record)
        leaf = records[-1]
        leaf.ReferencedFileID = None
        leaf.ReferencedSOPClassUIDInFile = ds.SOPClassUID
        leaf.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
        leaf.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID
        yield from records

    # -- searching --------------------------------------------------------------------------
    def find(self, load: bool = False, **kwargs: Any) -> list[FileInstance]:
        """The instances whose records (or, with ``load``, files) have every ``keyword=value``."""
        if not kwargs:
            return list(self._instances)
        found_all = False
        matches = []
        for instance in self:
            ds = instance.load() if load else instance
            if all(keyword in ds for keyword in kwargs):
                found_all = True
            try:
                if all(ds[keyword].value == value for keyword, value in kwargs.items()):
                    matches.append(instance)
            except KeyError:
                continue
        if not load and not found_all:
            warn_and_log(
                "None of the records in the DICOMDIR dataset contain all the query elements, "
                "consider using the 'load' parameter to expand the search to the corresponding "
                "SOP instances"
            )
        return matches

    def find_values(
        self,
        elements: str | int | list[str | int],
        instances: list[FileInstance] | None = None,
        load: bool = False,
    ) -> list[Any] | dict[str | int, list[Any]]:
        """The distinct values of ``elements`` (one, or a list: a dict by element) among the instances."""
        wanted = elements if isinstance(elements, list) else [elements]
        seen = {element: False for element in wanted}
        values: dict[str | int, list[Any]] = {element: [] for element in wanted}
        for instance in instances or self:
            ds = instance.load() if load else instance
            for element in wanted:
                if element not in ds:
                    continue
                seen[element] = True
                value = ds[element].value
                if value not in values[element]:
                    values[element].append(value)
        missing = [element for element, found in seen.items() if not found]
        if not load and missing:
            warn_and_log(
                f"None of the records in the DICOMDIR dataset contain {missing}, consider using "
                "the 'load' parameter to expand the search to the corresponding SOP instances"
            )
        return values if isinstance(elements, list) else values[wanted[0]]

    # -- loading ----------------------------------------------------------------------------
    def load(self, ds_or_path: DSPathType, include_orphans: bool = True, raise_orphans: bool = False) -> None:
        """Load a File-set from its DICOMDIR (a dataset read from a file, or a path).

        Instances whose File IDs differ from this class's structure are staged to move.
        ``include_orphans``: add instances referenced by records outside the record
        hierarchy; ``raise_orphans``: refuse a DICOMDIR with such records.
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        meta = getattr(ds, "file_meta", None) or FileMetaDataset()
        if meta.get("MediaStorageSOPClassUID", None) != MediaStorageDirectoryStorage:
            raise ValueError(
                "Unable to load the File-set as the supplied dataset is not a 'Media Storage Directory' instance"
            )
        syntax = meta.get("TransferSyntaxUID", None)
        if syntax != ExplicitVRLittleEndian:
            name = UID(syntax).name if syntax else "(none)"
            warn_and_log(
                f"The DICOMDIR dataset uses an invalid transfer syntax '{name}' and will be "
                "updated to use 'Explicit VR Little Endian'"
            )
        filename = getattr(ds, "filename", None)
        if not isinstance(filename, (str, os.PathLike)):
            raise TypeError(
                "Unable to load the File-set as the DICOMDIR dataset must have a 'filename' "
                "attribute set to the path of the DICOMDIR file"
            )
        try:
            path = Path(filename).resolve(strict=True)
        except FileNotFoundError:
            raise FileNotFoundError(
                "Unable to load the File-set as the 'filename' attribute for the DICOMDIR dataset "
                f"is not a valid path: {filename}"
            ) from None
        self.clear()
        self._id = ds.get("FileSetID", None)
        uid = meta.get("MediaStorageSOPInstanceUID", None)
        if not uid:
            uid = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._uid = uid
        self._descriptor = ds.get("FileSetDescriptorFileID", None)
        self._charset = ds.get("SpecificCharacterSetOfFileSetDescriptorFile", None)
        self._root_path = path.parent
        self._ds = ds
        self._parse_records(ds, include_orphans, raise_orphans)
        missing_files = []
        for instance in self:
            file_id = self._file_id_path(instance.node)
            try:
                (self.root_path / file_id).resolve(strict=True)
            except FileNotFoundError:
                missing_files.append(instance)
                warn_and_log(
                    f"The referenced SOP Instance for the directory record at offset "
                    f"{instance.node._offset} does not exist: {self.root_path / file_id}"
                )
                continue
            if instance.for_moving:
                self._stage["~"] = True
        for instance in missing_files:
            self._instances.remove(instance)

    def _parse_records(self, ds: Dataset, include_orphans: bool, raise_orphans: bool = False) -> None:
        """Build the record tree by following the records' offsets (PS3.3 F.3.2.1, F.3.2.2)."""
        by_offset: dict[int, RecordNode] = {}
        if "DirectoryRecordSequence" not in ds:
            raise BadDirectoryError("the DICOMDIR has no Directory Record Sequence (0004,1220)")
        for record in ds.DirectoryRecordSequence:
            node = RecordNode(record)
            node._offset = record.seq_item_tell
            by_offset[node._offset] = node

        placed_offsets: set[int] = set()

        def chain(first: int | None, parent: RecordNode, keyword: str, where: int | None) -> None:
            """Attach the records from ``first`` along their Next offsets to ``parent``."""
            offset = first
            while offset:
                node = by_offset.get(offset)
                if node is None:
                    raise BadDirectoryError(
                        f"{keyword} is {offset}, which is not the offset of a directory record",
                        tag=tag_for_keyword(keyword),
                        offset=where,
                    )
                if offset in placed_offsets:
                    raise BadDirectoryError(
                        f"{keyword} leads again to the directory record at offset {offset} (a loop)",
                        tag=tag_for_keyword(keyword),
                        offset=where,
                    )
                placed_offsets.add(offset)
                node.parent = parent
                keyword, where = NEXT_OFFSET, offset
                offset = node._record.get(NEXT_OFFSET, None)

        if by_offset:
            chain(ds.get(FIRST_OFFSET, 0), self._tree, FIRST_OFFSET, None)  # none: all orphans

        # depth first, each record before the records of its lower-level entity (no recursion:
        # the depth is the DICOMDIR's to choose)
        pending = list(reversed(self._tree.children))
        while pending:
            node = pending.pop()
            lower = node._record.get(LOWER_OFFSET, None)
            if lower:
                chain(lower, node, LOWER_OFFSET, node._offset)
            elif "ReferencedFileID" not in node._record:
                del node.parent[node]  # a leaf must reference a file
            if "ReferencedFileID" in node._record and self._file_id_path(node) is not None:
                node.instance = FileInstance(node)
                self._instances.append(node.instance)
            pending.extend(reversed(node.children))

        placed = {node._offset for node in self._tree}
        if len(by_offset) == len(placed):
            return
        if raise_orphans:
            raise ValueError("The DICOMDIR contains orphaned directory records")
        orphans = [
            node for offset, node in by_offset.items() if offset not in placed and "ReferencedFileID" in node._record
        ]
        if orphans and not include_orphans:
            warn_and_log(
                f"The DICOMDIR has {len(orphans)} orphaned directory records that reference an "
                "instance that will not be included in the File-set"
            )
            return
        for node in orphans:
            original = node._record.ReferencedFileID
            file_id = self._file_id_path(node)
            if file_id is None:
                continue
            path = self.root_path / file_id
            instance = self.add_custom(path, node) if node.record_type == "PRIVATE" else self.add(path)
            instance.node._record.ReferencedFileID = original

    # -- writing ----------------------------------------------------------------------------
    def _check_size(self) -> None:
        if len(self) > 10**6:  # one folder may then hold more than 8 digits can number
            self._use_alphanumeric = True
        if len(self) > len(_dir.FILE_ID_SUFFIX_CHARACTERS) ** 6:
            raise NotImplementedError(
                "dicomconstruct doesn't support writing File-sets with more than 1838265625 managed instances"
            )

    def write(self, path: str | os.PathLike | None = None, use_existing: bool = False, force_implicit: bool = False) -> None:
        """Write the File-set: move, copy and delete files as staged, then the DICOMDIR.

        ``path`` is required for a new File-set and refused for a loaded one
        (use :meth:`copy`).  ``use_existing`` keeps the current File IDs (no
        additions allowed); ``force_implicit`` writes the DICOMDIR in Implicit VR
        Little Endian, which PS3.10 8.6 does not allow.
        """
        if not path and self._root_path is None:
            raise ValueError("The path to the root directory is required for a new File-set")
        if path and self.path:
            raise ValueError(
                "The path for an existing File-set cannot be changed, use "
                "'FileSet.copy()' to write the File-set to a new location"
            )
        if path:
            self._root_path = Path(path)
        if not self.is_staged:
            return
        root = self.root_path
        dicomdir = root / _dir.DICOMDIR_NAME
        major_change = bool(self._stage["+"])
        if use_existing and major_change:
            raise ValueError(
                "'Fileset.write()' called with 'use_existing' but additions to the "
                "File-set's managed instances are staged"
            )
        if not use_existing:
            major_change |= self._stage["~"]
        self._check_size()
        for instance in self._stage["-"].values():
            try:
                Path(instance.path).unlink()
            except FileNotFoundError:
                pass
            self._tree.remove(instance.node)
        if major_change or not use_existing:
            self._move_files(root)
        with open(dicomdir, "wb") as fp:
            self._write_dicomdir(fp, force_implicit=force_implicit)
        self.load(dicomdir, raise_orphans=True)

    def _move_files(self, root: Path) -> None:
        """Put every instance at its File ID: staged ones copied, the others moved."""
        targets = {Path(instance.FileID) for instance in self}
        sources = {
            self._file_id_path(instance.node) for instance in self if instance.SOPInstanceUID not in self._stage["+"]
        }
        # a file whose File ID another instance is about to take is first copied to the stage
        for instance in [ii for ii in self if self._file_id_path(ii.node) in targets & sources]:
            self._stage["+"][instance.SOPInstanceUID] = instance
            instance._apply_stage("+")
            shutil.copyfile(root / self._file_id_path(instance.node), instance.path)
        for instance in self:
            target = root / instance.FileID
            target.parent.mkdir(parents=True, exist_ok=True)
            if instance.SOPInstanceUID in self._stage["+"]:
                shutil.copyfile(instance.path, target)
            else:
                shutil.move(os.fspath(root / self._file_id_path(instance.node)), os.fspath(target))
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)

    def copy(self, path: str | os.PathLike, force_implicit: bool = False) -> "FileSet":
        """Write a copy of the File-set (its staged state) under ``path``; return it loaded.

        This File-set, its files and its staged changes are left as they are.
        """
        path = Path(path)
        if self.path and Path(self.path) == path:
            raise ValueError("Cannot copy the File-set as the 'path' is unchanged")
        self._check_size()
        detached = [instance.node for instance in self._stage["-"].values()]
        for node in detached:
            self._tree.remove(node)
        file_ids = []
        try:
            for instance in self:
                file_ids.append(instance.ReferencedFileID)
                target = path / Path(instance.FileID)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(instance.path, target)
                instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
            dicomdir = path / _dir.DICOMDIR_NAME
            with open(dicomdir, "wb") as fp:
                self._write_dicomdir(fp, copy_safe=True, force_implicit=force_implicit)
        finally:
            for instance, file_id in zip(self, file_ids):
                instance.node._record.ReferencedFileID = file_id
            for node in detached:
                self._tree.add(node)
        fs = FileSet()
        fs.load(dicomdir, raise_orphans=True)
        return fs

    def _create_dicomdir(self) -> Dataset:
        """A new DICOMDIR dataset: File Meta and the File-set Identification module (PS3.3 F.3.2.1)."""
        ds = Dataset()
        ds.filename = None
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPInstanceUID = self.UID
        ds.file_meta.MediaStorageSOPClassUID = MediaStorageDirectoryStorage
        ds.FileSetID = self.ID
        setattr(ds, FIRST_OFFSET, 0)
        setattr(ds, LAST_OFFSET, 0)
        ds.FileSetConsistencyFlag = 0
        ds.DirectoryRecordSequence = []
        if self.descriptor_file_id:
            ds.FileSetDescriptorFileID = self.descriptor_file_id
        if self.descriptor_character_set:
            ds.SpecificCharacterSetOfFileSetDescriptorFile = self.descriptor_character_set
        return ds

    def _write_dicomdir(self, fp: Any, copy_safe: bool = False, force_implicit: bool = False) -> None:
        """Write the DICOMDIR to the binary file ``fp`` with every record offset resolved.

        The records are those of the tree, depth first (PS3.3 F.3.2.2).  The DICOMDIR
        is encoded once with null offsets and read back to learn where the encoder put
        each record's Item tag; the offsets (all UL, fixed size) are then set and the
        DICOMDIR encoded again, byte for byte the same length.  ``copy_safe`` leaves
        this File-set's DICOMDIR dataset and records unchanged.
        """
        ds = self._ds
        if copy_safe or not ds:
            ds = self._create_dicomdir()
        syntax = ImplicitVRLittleEndian if force_implicit else ExplicitVRLittleEndian
        ds.file_meta.TransferSyntaxUID = syntax
        nodes = list(self._tree)
        records = [copy.deepcopy(node._record) if copy_safe else node._record for node in nodes]
        for record in records:
            # Group Length elements (PS3.5 7.2) are not written in records, as pydicom
            for tag in [tag for tag in record.keys() if tag & 0xFFFF == GROUP_LENGTH_ELEMENT]:
                del record[tag]
            record[NEXT_OFFSET].value = 0
            record[LOWER_OFFSET].value = 0
        ds[FIRST_OFFSET].value = 0
        ds[LAST_OFFSET].value = 0
        ds.DirectoryRecordSequence = records

        draft = _encode_dicomdir(ds)
        written = dcmread(io.BytesIO(draft), force=True)
        for node, item in zip(nodes, written.DirectoryRecordSequence):
            node._offset = item.seq_item_tell
        for node, record in zip(nodes, ds.DirectoryRecordSequence):
            following = node.next
            record[NEXT_OFFSET].value = following._offset if following else 0
            record[LOWER_OFFSET].value = node.children[0]._offset if node.children else 0
        if self._tree.children:
            ds[FIRST_OFFSET].value = self._tree.children[0]._offset
            ds[LAST_OFFSET].value = self._tree.children[-1]._offset
        final = _encode_dicomdir(ds)
        if len(final) != len(draft):  # pragma: no cover - the offsets are fixed-size UL values
            raise RuntimeError("The DICOMDIR changed length when its record offsets were set")
        if not copy_safe:
            for node, record in zip(nodes, ds.DirectoryRecordSequence):
                node._record = record
        fp.write(final)

    def __str__(self) -> str:
        lines = [
            "DICOM File-set",
            f"  Root directory: {self.path or '(no value available)'}",
            f"  File-set ID: {self.ID or '(no value available)'}",
            f"  File-set UID: {self.UID}",
            f"  Descriptor file ID: {self.descriptor_file_id or '(no value available)'}",
            f"  Descriptor file character set: {self.descriptor_character_set or '(no value available)'}",
        ]
        if self.is_staged:
            changes = ["DICOMDIR creation" if not self._ds else "DICOMDIR update"]
            if self._stage["~"]:
                changes.append("directory structure update")
            for flag, word in (("+", "addition"), ("-", "removal")):
                count = len(self._stage[flag])
                if count:
                    changes.append(f"{count} {word}{'s' if count > 1 else ''}")
            lines.append(f"  Changes staged for write(): {', '.join(changes)}")
        if not self._tree.children:
            return "\n".join(lines)
        lines.append("\n  Managed instances:")
        lines.extend(f"    {line}" for line in self._tree.prettify())
        return "\n".join(lines)


def _encode_dicomdir(ds: Dataset) -> bytes:
    """``ds`` in the DICOM File Format (PS3.10 7.1), as bytes."""
    out = io.BytesIO()
    dcmwrite(out, ds, enforce_file_format=True)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Directory records from instances (PS3.3 F.5)
# ---------------------------------------------------------------------------------------------


def _check_dataset(ds: Dataset, keywords: list[str]) -> None:
    """Raise ``ValueError`` unless ``ds`` has each keyword's element, with a value (Type 1)."""
    for keyword in keywords:
        tag = Tag(tag_for_keyword(keyword))
        name = dictionary_description(tag)
        tag = format_tag(tag)
        if keyword not in ds:
            raise ValueError(f"The instance's {tag} '{name}' element is missing")
        if ds[keyword].VM == 0:
            raise ValueError(f"The instance's {tag} '{name}' element cannot be empty")


def _define_record(rtype: str, ds: Dataset) -> Dataset:
    """The record of type ``rtype`` for instance ``ds``: its attributes of PS3.3 F.5."""
    attributes = _dir.RECORD_ATTRIBUTES[rtype]
    _check_dataset(ds, [keyword for keyword, kind in attributes if kind == _dir.REQUIRED])
    record = Dataset()
    for keyword, kind in attributes:
        if kind == _dir.OPTIONAL:
            setattr(record, keyword, ds.get(keyword))
        elif kind == _dir.REQUIRED:
            setattr(record, keyword, ds[keyword].value)
        elif keyword in ds:
            _check_dataset(ds, [keyword])
            setattr(record, keyword, ds[keyword].value)
    return record


def _recorder(rtype: str) -> Callable[[Dataset], Dataset]:
    def define(ds: Dataset) -> Dataset:
        return _define_record(rtype, ds)

    define.__name__ = f"_define_{rtype.lower().replace(' ', '_')}"
    define.__doc__ = f"The {rtype} directory record of an instance (PS3.3 F.5)."
    return define


_define_patient = _recorder("PATIENT")
_define_study = _recorder("STUDY")
_define_series = _recorder("SERIES")
_define_image = _recorder("IMAGE")

#: The function making the record of each (non-PRIVATE) record type from an instance;
#: replace one to customise the records :meth:`FileSet.add` makes.
DIRECTORY_RECORDERS: dict[str, Callable[[Dataset], Dataset]] = {
    "PATIENT": _define_patient,
    "STUDY": _define_study,
    "SERIES": _define_series,
    "IMAGE": _define_image,
    **{rtype: _recorder(rtype) for rtype in _dir.RECORD_ATTRIBUTES if rtype not in ("PATIENT", "STUDY", "SERIES", "IMAGE")},
}

_SINGLE_LEVEL_SOP_CLASSES = {getattr(_uid, name): rtype for name, rtype in _dir.SINGLE_LEVEL_SOP_CLASSES.items()}
_FOUR_LEVEL_SOP_CLASSES = {getattr(_uid, name): rtype for name, rtype in _dir.FOUR_LEVEL_SOP_CLASSES.items()}


def _single_level_record_type(ds: Dataset) -> str:
    """The record type of an instance recorded directly under the root, else ``'PATIENT'``."""
    return _SINGLE_LEVEL_SOP_CLASSES.get(getattr(ds, "SOPClassUID", None), "PATIENT")


def _four_level_record_type(ds: Dataset) -> str:
    """The leaf record type of an instance recorded below PATIENT/STUDY/SERIES (PS3.3 F.4)."""
    modality = getattr(ds, "Modality", None)
    if modality in _dir.RADIOTHERAPY_MODALITIES:
        return "RADIOTHERAPY"
    if modality == "PLAN":
        return "PLAN"
    if "EncapsulatedDocument" in ds:
        return "ENCAP DOC"
    if "RTPlanLabel" in ds:
        return "RT PLAN"
    return _FOUR_LEVEL_SOP_CLASSES.get(getattr(ds, "SOPClassUID", None), "IMAGE")

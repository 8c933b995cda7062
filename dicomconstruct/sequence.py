"""The value of a Sequence of Items element (VR SQ, PS3.5 7.5): a list of Datasets."""

from __future__ import annotations

from typing import Any, Iterable

from .multival import ConstrainedList

__all__ = ["Sequence"]


class Sequence(ConstrainedList):
    """A list of :class:`~dicomconstruct.dataset.Dataset` items; anything else is refused.

    ``is_undefined_length`` records how the sequence was framed when read, so
    that it can be written back the same way.
    """

    def __init__(self, iterable: Iterable[Any] | None = None) -> None:
        from .dataset import Dataset

        if isinstance(iterable, Dataset):
            raise TypeError("The Sequence constructor requires an iterable of Dataset, not a Dataset")
        self.is_undefined_length = False
        self._raw_items = None
        super().__init__(iterable)

    @classmethod
    def _read(cls, items: list, raw_items: list, is_undefined_length: bool) -> "Sequence":
        """The sequence of the datasets ``items`` made from ``raw_items`` as read (known good: not validated)."""
        new = cls.__new__(cls)
        new._list = items
        new.is_undefined_length = is_undefined_length
        new._raw_items = raw_items
        return new

    @staticmethod
    def _validate(item: Any):
        from .dataset import Dataset

        if isinstance(item, Dataset):
            return item
        raise TypeError("Sequence contents must be Dataset instances.")

    def extend(self, items: Iterable[Any]) -> None:
        from .dataset import Dataset

        if isinstance(items, Dataset):
            raise TypeError("An iterable of 'Dataset' is required")
        super().extend(items)

    def __setitem__(self, index, value) -> None:
        from .dataset import Dataset

        if isinstance(index, slice) and isinstance(value, Dataset):
            raise TypeError("Can only assign an iterable of 'Dataset'")
        super().__setitem__(index, value)

    def __str__(self) -> str:
        return f"[{''.join(str(item) for item in self._list)}]"

    def __repr__(self) -> str:
        return f"<{type(self).__name__}, length {len(self)}>"

    def __reduce__(self):
        return (_rebuild, (list(self._list), self.is_undefined_length))

    def __deepcopy__(self, memo):
        import copy

        new = Sequence(copy.deepcopy(self._list, memo))
        new.is_undefined_length = self.is_undefined_length
        new._raw_items = self._raw_items  # the items read: shared, they are never modified
        return new


def _rebuild(items, is_undefined_length):
    new = Sequence(items)
    new.is_undefined_length = is_undefined_length
    return new

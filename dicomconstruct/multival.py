"""Values of multiplicity greater than one (PS3.5 6.4): a list whose items all have the VR's type."""

from __future__ import annotations

from collections.abc import MutableSequence
from typing import Any, Callable, Iterable, Iterator

__all__ = ["ConstrainedList", "MultiValue"]


class ConstrainedList(MutableSequence):
    """A list that passes every item through :meth:`_validate` on the way in."""

    def __init__(self, iterable: Iterable[Any] | None = None) -> None:
        self._list: list = [] if iterable is None else [self._validate(item) for item in iterable]

    def _validate(self, item: Any) -> Any:
        raise NotImplementedError(f"'{type(self).__name__}._validate()' must be implemented")

    def __getitem__(self, index):
        return self._list[index]

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            self._list[index] = [self._validate(item) for item in value]
        else:
            self._list[index] = self._validate(value)

    def __delitem__(self, index) -> None:
        del self._list[index]

    def __len__(self) -> int:
        return len(self._list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._list)

    def insert(self, index: int, item: Any) -> None:
        self._list.insert(index, self._validate(item))

    def append(self, item: Any) -> None:
        self._list.append(self._validate(item))

    def extend(self, items: Iterable[Any]) -> None:
        if not hasattr(items, "__iter__"):
            raise TypeError("An iterable is required")
        self._list.extend(self._validate(item) for item in items)

    def __iadd__(self, items: Iterable[Any]):
        self.extend(items)
        return self

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, ConstrainedList):
            return self._list == other._list
        return self._list == other

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # mutable

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._list.sort(*args, **kwargs)


class MultiValue(ConstrainedList):
    """The values of a multi-valued element; each item is converted by ``type_constructor``.

    >>> MultiValue(str, ['ORIGINAL', 'PRIMARY'])
    ['ORIGINAL', 'PRIMARY']
    """

    def __init__(self, type_constructor: Callable[[Any], Any], iterable: Iterable[Any]) -> None:
        self._constructor = type_constructor
        super().__init__(iterable)

    def _validate(self, item: Any) -> Any:
        return self._constructor(item)

    def __str__(self) -> str:
        if not self._list:
            return ""
        shown = (repr(x) if isinstance(x, (str, bytes)) else str(x) for x in self._list)
        return f"[{', '.join(shown)}]"

    __repr__ = __str__

    def __reduce__(self):
        return (_rebuild, (self._constructor, list(self._list)))

    def __deepcopy__(self, memo):
        import copy

        return MultiValue(self._constructor, copy.deepcopy(self._list, memo))


def _rebuild(constructor, items):
    return MultiValue(constructor, items)

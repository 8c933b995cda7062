"""Sequence holds only Datasets; list behaviour; printing."""

import copy
import pickle

import pytest

from dicomconstruct import Dataset, Sequence


def item(value):
    ds = Dataset()
    ds.PatientID = value
    return ds


def test_list_behaviour():
    seq = Sequence([item("a")])
    seq.append(item("b"))
    seq.insert(0, item("z"))
    seq += [item("c")]
    seq.extend([item("d")])
    seq[0] = item("y")
    assert [ds.PatientID for ds in seq] == ["y", "a", "b", "c", "d"]
    del seq[1]
    assert len(seq) == 4 and seq[-1].PatientID == "d"


@pytest.mark.parametrize("action", [
    lambda s: s.append("Hello world?"),
    lambda s: s.insert(0, 1),
    lambda s: s.extend(["x"]),
    lambda s: s.__setitem__(0, "x"),
    lambda s: s.__iadd__([None]),
    lambda s: Sequence(["x"]),
])
def test_refuses_non_datasets(action):
    seq = Sequence([Dataset()])
    with pytest.raises(TypeError, match="^Sequence contents must be Dataset instances.$"):
        action(seq)


def test_refuses_a_bare_dataset_where_an_iterable_is_needed():
    with pytest.raises(TypeError):
        Sequence(Dataset())
    with pytest.raises(TypeError):
        Sequence().extend(Dataset())


def test_repr_and_str():
    seq = Sequence([item("a")])
    assert repr(seq) == "<Sequence, length 1>"
    assert str(seq) == "[(0010, 0020) Patient ID                          LO: 'a']"


def test_copies_and_pickle():
    seq = Sequence([item("a")])
    deep = copy.deepcopy(seq)
    deep[0].PatientID = "b"
    assert seq[0].PatientID == "a"
    assert pickle.loads(pickle.dumps(seq))[0].PatientID == "a"


def test_equality_with_lists():
    a = item("a")
    assert Sequence([a]) == [a]
    assert Sequence([a]) != []

"""config.settings are context-local under threads and asyncio; dcmread(force=True) never touches
the process-wide warnings state."""

from __future__ import annotations

import asyncio
import io
import threading
import warnings

import pytest

import dicomconstruct
from dicomconstruct import config
from dicomconstruct.codec import reader
from dicomconstruct.data import get_testdata_file
from dicomconstruct.errors import BadLengthError, DicomWarning, LimitExceededError

from ._bytes import SOP, element, meta
from ._settings import process_defaults  # noqa: F401 (autouse fixture)

CT_SMALL = open(get_testdata_file("CT_small.dcm"), "rb").read()
#: a file whose (0010,0020) has an odd value length: a warning by default, an error when strict
ODD_LENGTH = meta() + SOP + element(0x00100020, "LO", b"ABC")


def _read_odd(strict_expected: bool):
    ds = dicomconstruct.dcmread(io.BytesIO(ODD_LENGTH))
    if strict_expected:
        with pytest.raises(BadLengthError):
            ds.PatientID
    else:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert ds.PatientID == "ABC"
        assert any(issubclass(w.category, DicomWarning) for w in caught)


# -- threads -----------------------------------------------------------------------------------------

def test_limits_in_one_thread_do_not_change_another_threads_reads():
    inside = threading.Event()
    done = threading.Event()
    seen = {}

    def limited():
        with config.limits(max_elements=5):
            seen["limited"] = config.settings.max_elements
            with pytest.raises(LimitExceededError):
                dicomconstruct.dcmread(io.BytesIO(CT_SMALL))
            inside.set()
            done.wait(10)

    thread = threading.Thread(target=limited)
    thread.start()
    try:
        assert inside.wait(10)
        assert config.settings.max_elements == 10_000_000
        for _ in range(20):
            ds = dicomconstruct.dcmread(io.BytesIO(CT_SMALL))
            assert ds.Rows == 128
    finally:
        done.set()
        thread.join(10)
    assert seen["limited"] == 5


def test_strict_in_one_thread_is_not_strict_in_another():
    inside = threading.Event()
    done = threading.Event()
    errors = []

    def strict():
        try:
            with config.limits(strict=True):
                _read_odd(strict_expected=True)
                inside.set()
                done.wait(10)
        except BaseException as error:  # reported to the main thread
            errors.append(error)
            inside.set()

    thread = threading.Thread(target=strict)
    thread.start()
    try:
        assert inside.wait(10)
        assert config.settings.strict is False
        _read_odd(strict_expected=False)
    finally:
        done.set()
        thread.join(10)
    assert errors == []


def test_process_wide_assignment_reaches_every_thread():
    config.settings.strict = True
    found = []
    thread = threading.Thread(target=lambda: found.append(config.settings.strict))
    thread.start()
    thread.join(10)
    assert found == [True]
    _read_odd(strict_expected=True)


def test_assignment_inside_a_block_lasts_for_the_block():
    with config.limits(max_elements=7):
        config.settings.max_elements = 9
        assert config.settings.max_elements == 9
    assert config.settings.max_elements == 10_000_000
    with config.limits(strict=True):
        config.settings.max_elements = 11  # not changed by the block: the process-wide value
    assert config.settings.max_elements == 11


def test_limits_refuse_bad_values():
    with pytest.raises(ValueError, match="max_elements"):
        with config.limits(max_elements=-1):
            pass
    with pytest.raises(ValueError, match="reading_validation_mode"):
        config.settings.reading_validation_mode = 7
    assert config.settings.reading_validation_mode == config.WARN


# -- asyncio -------------------------------------------------------------------------------------------

def test_limits_in_one_task_do_not_change_another_task():
    async def limited(entered: asyncio.Event, leave: asyncio.Event):
        with config.limits(strict=True, max_elements=5):
            entered.set()
            await leave.wait()
            assert config.settings.strict and config.settings.max_elements == 5
            with pytest.raises(LimitExceededError):
                dicomconstruct.dcmread(io.BytesIO(CT_SMALL))

    async def lenient(entered: asyncio.Event, leave: asyncio.Event):
        await entered.wait()
        assert config.settings.strict is False
        _read_odd(strict_expected=False)
        assert dicomconstruct.dcmread(io.BytesIO(CT_SMALL)).Rows == 128
        leave.set()

    async def main():
        entered, leave = asyncio.Event(), asyncio.Event()
        await asyncio.wait_for(asyncio.gather(limited(entered, leave), lenient(entered, leave)), 10)

    asyncio.run(main())
    assert config.settings.strict is False


def test_a_task_starts_with_the_settings_where_it_was_created():
    async def child():
        return config.settings.max_nesting_depth

    async def main():
        with config.limits(max_nesting_depth=3):
            task = asyncio.create_task(child())
        return await task

    assert asyncio.run(main()) == 3


# -- dcmread(force=True) and the warnings module -----------------------------------------------------------

def test_force_read_leaves_the_warnings_state_alone(monkeypatch):
    filters = warnings.filters
    showwarning = warnings.showwarning
    during = []
    real_read = reader.read

    def watching_read(*args, **kwargs):
        during.append((warnings.filters is filters, warnings.showwarning is showwarning, list(filters)))
        return real_read(*args, **kwargs)

    monkeypatch.setattr(reader, "read", watching_read)
    before = list(filters)
    bare = SOP + element(0x00100020, "LO", b"ID")
    ds = dicomconstruct.dcmread(io.BytesIO(bare), force=True)
    assert ds.PatientID == "ID"
    assert during == [(True, True, before)]
    assert warnings.filters is filters and list(filters) == before
    assert warnings.showwarning is showwarning


def test_force_read_still_warns_the_reports_to_the_caller():
    truncated = SOP + element(0x00100020, "LO", b"IDENTIFIER")[:-4]
    with pytest.warns(DicomWarning, match="0010,0020") as caught:
        dicomconstruct.dcmread(io.BytesIO(truncated), force=True)
    assert caught[0].filename == __file__  # pointed at the caller of dcmread


def test_force_read_of_data_that_is_not_dicom_says_the_error_alone():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(dicomconstruct.errors.InvalidDicomError, match="not DICOM|no DICOM"):
            dicomconstruct.dcmread(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200), force=True)
    assert [w for w in caught if issubclass(w.category, DicomWarning)] == []


def test_other_threads_warnings_are_not_taken_by_a_force_read():
    received = []

    class Marker(UserWarning):
        pass

    def warner():
        for number in range(300):
            warnings.warn(f"marker {number}", Marker)

    truncated = SOP + element(0x00100020, "LO", b"IDENTIFIER")[:-4]
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        original = warnings.showwarning
        warnings.showwarning = lambda message, category, *rest, **kw: received.append(category)
        try:
            thread = threading.Thread(target=warner)
            thread.start()
            while thread.is_alive():
                dicomconstruct.dcmread(io.BytesIO(truncated), force=True)
            thread.join()
        finally:
            warnings.showwarning = original
    assert received.count(Marker) == 300


def test_collect_reports_is_local_to_its_context():
    with config.collect_reports() as outer:
        config.report(BadLengthError("outer", tag=0x00100020, offset=4))
        with config.collect_reports() as inner:
            config.report(BadLengthError("inner"))
        seen_by_thread = []

        def other():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                config.report(BadLengthError("thread"))
            seen_by_thread.extend(str(w.message) for w in caught)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(10)
    assert outer == [("(0010,0020) at offset 4: outer", DicomWarning)]
    assert inner == [("inner", DicomWarning)]
    assert seen_by_thread == ["thread"]


def test_broken_framing_is_reported_as_damage_and_other_oddities_as_plain_warnings():
    from dicomconstruct.errors import BadDelimiterError, DamagedDataWarning, TruncatedDataError

    with config.collect_reports() as reports:
        config.report(TruncatedDataError("cut", offset=8))
        config.report(BadDelimiterError("no delimiter"))
        config.report(BadLengthError("odd"))
        config.report_value(BadLengthError("not a number"))
    assert [category for _message, category in reports] == [DamagedDataWarning, DamagedDataWarning,
                                                            DicomWarning, DicomWarning]
    assert issubclass(DamagedDataWarning, DicomWarning)


def test_reports_held_back_by_force_reach_an_outer_collector():
    from dicomconstruct.errors import DamagedDataWarning

    with open(get_testdata_file("CT_small.dcm"), "rb") as f:
        truncated = f.read()[:-1001]
    with config.collect_reports() as reports:
        dicomconstruct.dcmread(io.BytesIO(truncated), force=True)
    assert len(reports) == 1 and reports[0][1] is DamagedDataWarning and "(7FE0,0010)" in reports[0][0]

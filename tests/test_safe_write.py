"""Writes keep the file a user had: its data until the new data is complete, its links, owner, group
and mode (dicomconstruct.safewrite, the rules of vim's backupcopy=auto)."""

from __future__ import annotations

import errno
import io
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import warnings

import pytest

import dicomconstruct
from dicomconstruct import safewrite
from dicomconstruct.data import get_testdata_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CT_SMALL = get_testdata_file("CT_small.dcm")


@pytest.fixture
def original(tmp_path):
    path = tmp_path / "study.dcm"
    path.write_bytes(open(CT_SMALL, "rb").read())
    return path


def _folder_listing(path):
    return sorted(os.listdir(path.parent))


def _changed(path) -> tuple:
    """A dataset read from ``path`` with a new Patient's Name, and the bytes a save of it gives."""
    ds = dicomconstruct.dcmread(path)
    ds.PatientName = "Changed^Name"
    out = io.BytesIO()
    ds.save_as(out)
    return ds, out.getvalue()


@pytest.fixture(params=["O_TMPFILE", "named temporary file"])
def temp_kind(request, monkeypatch):
    """Run a test with the unnamed temporary file (Linux) and with the portable named one."""
    if request.param == "named temporary file":
        monkeypatch.delattr(safewrite.os, "O_TMPFILE", raising=False)
    elif not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this platform")
    return request.param


# -- atomic replace --------------------------------------------------------------------------------

def test_replace_atomically_replaces_on_success(tmp_path, temp_kind):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    inode = os.stat(target).st_ino
    with safewrite.replace_atomically(target) as fp:
        fp.write(b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert os.stat(target).st_ino != inode  # a new file renamed over the old one
    assert _folder_listing(target) == ["a.bin"]


def test_new_file_gets_the_mode_open_would_give(tmp_path, temp_kind):
    target = tmp_path / "new.bin"
    safewrite.write_file_safely(target, [b"data"])
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask
    assert target.read_bytes() == b"data"


def test_failing_fsync_midway_keeps_original_and_names_the_target(original, monkeypatch, temp_kind):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    ds.PatientName = "Changed^Name"

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left") as caught:
        ds.save_as(original)
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(original)
    assert caught.value.filename2 is None
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_failing_rename_names_the_target_and_leaves_no_temporary_file(original, monkeypatch, temp_kind):
    before = original.read_bytes()
    ds = dicomconstruct.dcmread(original)
    ds.PatientName = "Changed^Name"

    def broken_replace(src, dst):
        raise OSError(errno.EIO, "Input/output error", src, None, dst)

    monkeypatch.setattr(safewrite.os, "replace", broken_replace)
    with pytest.raises(OSError) as caught:
        ds.save_as(original)
    assert caught.value.filename == str(original) and ".~" not in str(caught.value)
    assert original.read_bytes() == before
    assert _folder_listing(original) == ["study.dcm"]


def test_missing_folder_is_named(tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "x.dcm"
    ds = dicomconstruct.dcmread(CT_SMALL)
    with pytest.raises(FileNotFoundError) as caught:
        ds.save_as(target)
    assert caught.value.filename == str(target)


def test_folder_as_target_is_refused_by_name(tmp_path):
    ds = dicomconstruct.dcmread(CT_SMALL)
    with pytest.raises(IsADirectoryError) as caught:
        ds.save_as(tmp_path)
    assert caught.value.filename == str(tmp_path)


def test_value_that_fails_to_encode_late_keeps_original(original):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    # A text element near the end (before Pixel Data) holds a character ISO_IR 100 cannot encode.
    ds.CommentsOnThePerformedProcedureStep = "Иванов"
    with pytest.raises(ValueError, match=r"(?i)0040, ?0280"):
        ds.save_as(original)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_file_object_receives_nothing_when_a_check_fails(original):
    ds = dicomconstruct.dcmread(original)
    ds.CommentsOnThePerformedProcedureStep = "Иванов"

    class Recorder:
        written = 0

        def write(self, data):
            self.written += len(data)
            return len(data)

    sink = Recorder()
    with pytest.raises(ValueError):
        ds.save_as(sink)
    assert sink.written == 0


def test_file_object_that_raises_midway_propagates(original):
    ds = dicomconstruct.dcmread(original)

    class Exploding:
        def __init__(self):
            self.written = 0

        def write(self, data):
            self.written += len(data)
            if self.written > 1000:
                raise OSError("device unplugged")
            return len(data)

        def tell(self):
            return self.written

        def seek(self, *args):
            return 0

        def flush(self):
            pass

    with pytest.raises(OSError, match="unplugged"):
        ds.save_as(Exploding())


def test_save_as_goes_through_write_file_safely(original, monkeypatch):
    from dicomconstruct import filewriter

    used = []
    real = filewriter.write_file_safely

    def spy(path, chunks):
        used.append(os.fspath(path))
        return real(path, chunks)

    monkeypatch.setattr(filewriter, "write_file_safely", spy)
    ds = dicomconstruct.dcmread(original)
    ds.PatientName = "Spy^Ed"
    ds.save_as(original)
    assert used == [str(original)]
    assert dicomconstruct.dcmread(original).PatientName == "Spy^Ed"


def test_value_that_does_not_fit_its_vr_keeps_original(original):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # assignment may warn (validation); the write must refuse
        ds.Rows = "many"  # US
    with pytest.raises((ValueError, TypeError), match=r"(?i)0028, ?0010"):
        ds.save_as(original)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_incomplete_file_meta_keeps_original_and_writes_nothing(original):
    before = original.read_bytes()
    listing = _folder_listing(original)
    ds = dicomconstruct.dcmread(original)
    del ds.file_meta.TransferSyntaxUID
    with pytest.raises(ValueError, match="TransferSyntaxUID"):
        ds.save_as(original, enforce_file_format=True)
    assert original.read_bytes() == before
    assert _folder_listing(original) == listing


def test_failed_write_to_a_new_path_leaves_no_file(original):
    ds = dicomconstruct.dcmread(original)
    ds.CommentsOnThePerformedProcedureStep = "Иванов"  # not encodable in ISO_IR 100
    target = original.parent / "new.dcm"
    with pytest.raises(ValueError):
        ds.save_as(target)
    assert not target.exists()
    assert _folder_listing(original) == ["study.dcm"]


def test_failed_deflated_write_keeps_original(tmp_path):
    path = tmp_path / "deflated.dcm"
    path.write_bytes(open(get_testdata_file("CT_small_deflated.dcm"), "rb").read())
    before = path.read_bytes()
    ds = dicomconstruct.dcmread(path)
    ds.PatientName = "Иванов^Иван"  # the data set declares no character set able to hold it
    with pytest.raises(ValueError, match=r"(?i)0010, ?0010"):
        ds.save_as(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["deflated.dcm"]


# -- names -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a" * 251 + ".dcm", "é" * 123 + ".dcm", "患" * 80 + ".dc"])
def test_names_of_255_bytes_can_be_written(tmp_path, name, temp_kind):
    assert len(os.fsencode(name)) <= 255
    target = tmp_path / name
    target.write_bytes(b"old")
    safewrite.write_file_safely(target, [b"new"])
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == [name]


def test_temporary_names_fit_255_bytes_and_are_hidden():
    for name in ("a" * 255, "é" * 127, "患" * 85, "x"):
        temp = safewrite.temporary_name(name)
        assert len(os.fsencode(temp)) <= 255
        assert temp.startswith(".")


# -- symbolic links --------------------------------------------------------------------------------

def test_symlink_is_kept_and_the_real_file_replaced_in_its_own_folder(tmp_path, temp_kind):
    real_folder = tmp_path / "store"
    link_folder = tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    real = real_folder / "study.dcm"
    real.write_bytes(open(CT_SMALL, "rb").read())
    link = link_folder / "alias.dcm"
    link.symlink_to(os.path.relpath(real, link_folder))
    ds, expected = _changed(link)
    ds.save_as(link)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(real, link_folder)
    assert real.read_bytes() == expected
    assert sorted(os.listdir(real_folder)) == ["study.dcm"]
    assert sorted(os.listdir(link_folder)) == ["alias.dcm"]


def test_chain_of_symlinks_reaches_the_real_file(tmp_path):
    real = tmp_path / "real.dcm"
    real.write_bytes(open(CT_SMALL, "rb").read())
    (tmp_path / "one.dcm").symlink_to("real.dcm")
    (tmp_path / "two.dcm").symlink_to("one.dcm")
    ds, expected = _changed(tmp_path / "two.dcm")
    ds.save_as(tmp_path / "two.dcm")
    assert (tmp_path / "one.dcm").is_symlink() and (tmp_path / "two.dcm").is_symlink()
    assert real.read_bytes() == expected


def test_dangling_symlink_gets_its_target_created(tmp_path):
    link = tmp_path / "alias.dcm"
    link.symlink_to("missing.dcm")
    ds, expected = _changed(CT_SMALL)
    ds.save_as(link)
    assert link.is_symlink() and os.readlink(link) == "missing.dcm"
    assert (tmp_path / "missing.dcm").read_bytes() == expected


def test_symlink_loop_is_an_error_naming_the_link(tmp_path):
    (tmp_path / "a.dcm").symlink_to("b.dcm")
    (tmp_path / "b.dcm").symlink_to("a.dcm")
    ds = dicomconstruct.dcmread(CT_SMALL)
    with pytest.raises(OSError) as caught:
        ds.save_as(tmp_path / "a.dcm")
    assert caught.value.filename == str(tmp_path / "a.dcm")
    assert sorted(os.listdir(tmp_path)) == ["a.dcm", "b.dcm"]


# -- files a rename would lose: written in place ----------------------------------------------------

def test_hard_links_stay_one_file(original):
    other = original.parent / "other-name.dcm"
    os.link(original, other)
    inode = os.stat(original).st_ino
    ds, expected = _changed(original)
    ds.save_as(original)
    assert os.stat(original).st_ino == inode == os.stat(other).st_ino
    assert other.read_bytes() == expected == original.read_bytes()
    assert _folder_listing(original) == ["other-name.dcm", "study.dcm"]


def test_in_place_write_cuts_a_longer_old_file(tmp_path):
    target = tmp_path / "x.bin"
    target.write_bytes(b"0123456789")
    os.link(target, tmp_path / "y.bin")
    safewrite.write_file_safely(target, [b"ab", b"c"])
    assert target.read_bytes() == b"abc" == (tmp_path / "y.bin").read_bytes()


def test_device_node_stays_a_device(tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the device of /dev/null
    except (PermissionError, AttributeError, OSError) as error:
        pytest.skip(f"mknod not permitted here: {error}")
    ds = dicomconstruct.dcmread(CT_SMALL)
    try:
        ds.save_as(node)
    except PermissionError as error:  # a file system mounted nodev
        pytest.skip(f"device nodes cannot be opened here: {error}")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert os.stat(node).st_rdev == os.makedev(1, 3)
    assert sorted(os.listdir(tmp_path)) == ["null"]


def test_fifo_stays_a_fifo_and_its_reader_gets_the_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader_ready = threading.Event()

    def reader():
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        reader_ready.set()
        os.set_blocking(fd, True)
        chunks = []
        try:
            # wait for the writer, then read until it closes its end
            while True:
                chunk = os.read(fd, 65536)
                if not chunk and chunks:
                    break
                if not chunk:
                    threading.Event().wait(0.01)
                    continue
                chunks.append(chunk)
        finally:
            os.close(fd)
        received.append(b"".join(chunks))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    reader_ready.wait(5)
    ds, expected = _changed(CT_SMALL)
    ds.save_as(fifo)
    thread.join(10)
    assert received == [expected]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


def test_fifo_without_reader_fails_at_once_naming_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    ds = dicomconstruct.dcmread(CT_SMALL)
    with pytest.raises(OSError) as caught:
        ds.save_as(fifo)
    assert caught.value.errno == errno.ENXIO
    assert caught.value.filename == str(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


# -- owner, group and mode --------------------------------------------------------------------------

def _nobody():
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user")


def test_root_saving_a_file_of_nobody_keeps_its_owner_group_and_mode(original, temp_kind):
    if os.geteuid() != 0:
        pytest.skip("needs root (chown to another user)")
    nobody = _nobody()
    os.chown(original, nobody.pw_uid, nobody.pw_gid)
    os.chmod(original, 0o600)
    ds, expected = _changed(original)
    ds.save_as(original)
    info = os.stat(original)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (nobody.pw_uid, nobody.pw_gid, 0o600)
    assert original.read_bytes() == expected
    assert _folder_listing(original) == ["study.dcm"]


def test_setgid_and_sticky_bits_are_kept(tmp_path):
    target = tmp_path / "x.bin"
    target.write_bytes(b"old")
    os.chmod(target, 0o2751)
    safewrite.write_file_safely(target, [b"new"])
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o2751


def _run_as_nobody(script: str, folder: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a child that starts as root, loads the library, then becomes user nobody.

    (The interpreter lives where nobody may not run it, so the child drops its rights itself,
    after a first save into memory has imported every module a save needs.)
    """
    if os.geteuid() != 0:
        pytest.skip("needs root to run a child as 'nobody'")
    nobody = _nobody()
    prologue = textwrap.dedent(f"""
        import io, os, dicomconstruct
        dicomconstruct.dcmread({CT_SMALL!r}).save_as(io.BytesIO())
        os.setgroups([])
        os.setgid({nobody.pw_gid})
        os.setuid({nobody.pw_uid})
    """)
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-c", prologue + script], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def shared_folder():
    folder = tempfile.mkdtemp(prefix="dc-safewrite-")
    os.chmod(folder, 0o777)
    yield folder
    os.chmod(folder, 0o700)
    shutil.rmtree(folder, ignore_errors=True)


def _copy_study(folder: str) -> str:
    target = os.path.join(folder, "study.dcm")
    shutil.copyfile(CT_SMALL, target)
    return target


def _assert_saved_in_place(done: subprocess.CompletedProcess, target: str, inode: int) -> None:
    assert done.returncode == 0, done.stderr
    assert os.stat(target).st_ino == inode
    assert dicomconstruct.dcmread(target).PatientName == "Changed^Name"
    assert os.listdir(os.path.dirname(target)) == ["study.dcm"]


_SAVE_SCRIPT = textwrap.dedent("""
    import sys, dicomconstruct
    ds = dicomconstruct.dcmread(sys.argv[1] if len(sys.argv) > 1 else "study.dcm")
    ds.PatientName = "Changed^Name"
    ds.save_as("study.dcm")
    print("saved")
""")


def test_read_only_folder_with_a_writable_file_is_saved_in_place(shared_folder):
    nobody = _nobody()
    target = _copy_study(shared_folder)
    os.chown(target, nobody.pw_uid, nobody.pw_gid)
    os.chown(shared_folder, nobody.pw_uid, nobody.pw_gid)
    os.chmod(shared_folder, 0o555)  # nobody may not create files here
    inode = os.stat(target).st_ino
    _assert_saved_in_place(_run_as_nobody(_SAVE_SCRIPT, shared_folder), target, inode)


def test_file_whose_owner_cannot_be_kept_is_saved_in_place(shared_folder):
    # root's file, writable by all, in a folder nobody may write to: a new file would be nobody's
    target = _copy_study(shared_folder)
    os.chmod(target, 0o666)
    inode = os.stat(target).st_ino
    _assert_saved_in_place(_run_as_nobody(_SAVE_SCRIPT, shared_folder), target, inode)
    info = os.stat(target)
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (0, 0o666)


def test_read_only_file_is_refused_by_name(shared_folder):
    target = _copy_study(shared_folder)
    os.chmod(target, 0o644)  # root's, not writable by nobody
    os.chmod(shared_folder, 0o755)
    done = _run_as_nobody(_SAVE_SCRIPT.replace('print("saved")', ""), shared_folder)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("PermissionError") and "study.dcm" in last and ".~" not in last
    assert os.listdir(shared_folder) == ["study.dcm"]


# -- a kill mid-write ------------------------------------------------------------------------------

_KILLED_SCRIPT = textwrap.dedent("""
    import os, sys, time
    import dicomconstruct
    from dicomconstruct import safewrite
    if sys.argv[1] == "named":
        del os.O_TMPFILE
    real_write = safewrite._write_all
    def slow_write(fd, chunks):
        real_write(fd, chunks[:1])
        print("writing", flush=True)
        time.sleep(60)
    safewrite._write_all = slow_write
    ds = dicomconstruct.dcmread("study.dcm")
    ds.PatientName = "Changed^Name"
    ds.save_as("study.dcm")
""")


@pytest.mark.parametrize("kind", ["tmpfile", "named"])
def test_kill_mid_write_keeps_the_original(original, kind):
    if kind == "tmpfile" and not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this platform")
    before = original.read_bytes()
    env = dict(os.environ, PYTHONPATH=ROOT)
    child = subprocess.Popen([sys.executable, "-c", _KILLED_SCRIPT, kind], cwd=original.parent, env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        child.stdout.close()
    assert original.read_bytes() == before
    listing = _folder_listing(original)
    if kind == "tmpfile":
        assert listing == ["study.dcm"]  # the unnamed file vanished with the process
    else:
        # a kill cannot be caught: the hidden temporary file remains, readable by its owner only
        (leftover,) = [name for name in listing if name != "study.dcm"]
        assert leftover.startswith(".~study.dcm.")
        assert stat.S_IMODE(os.stat(original.parent / leftover).st_mode) == 0o600


# -- the encoding must agree with the Transfer Syntax UID --------------------------------------------

@pytest.mark.parametrize("enforce", [False, True])
@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"implicit_vr": True, "little_endian": True}, "'implicit_vr' value is not consistent"),
        ({"implicit_vr": True}, "'implicit_vr' value is not consistent"),
        ({"implicit_vr": False, "little_endian": False}, "'little_endian' value is not consistent"),
        ({"little_endian": False}, "'little_endian' value is not consistent"),
        # as pydicom 3: the disagreement with the Transfer Syntax UID is said first
        ({"implicit_vr": True, "little_endian": False}, "'implicit_vr' value is not consistent"),
    ],
)
def test_encoding_that_contradicts_the_transfer_syntax_is_refused(original, arguments, message, enforce):
    before = original.read_bytes()
    ds = dicomconstruct.dcmread(original)
    assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    with pytest.raises(ValueError, match=message) as caught:
        ds.save_as(original, enforce_file_format=enforce, **arguments)
    if "consistent" in message:
        assert "Explicit VR Little Endian" in str(caught.value)
    assert original.read_bytes() == before
    assert _folder_listing(original) == ["study.dcm"]


def test_encoding_that_agrees_with_the_transfer_syntax_is_written(original):
    ds = dicomconstruct.dcmread(original)
    ds.save_as(original.parent / "again.dcm", implicit_vr=False, little_endian=True)
    assert (original.parent / "again.dcm").read_bytes() == original.read_bytes()


def test_changed_transfer_syntax_with_matching_arguments_is_written(original):
    ds = dicomconstruct.dcmread(original)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2"
    ds.save_as(original, implicit_vr=True, little_endian=True)
    again = dicomconstruct.dcmread(original)
    assert again.is_implicit_VR and again.PatientName == ds.PatientName

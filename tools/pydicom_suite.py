#!/usr/bin/env python3
"""pydicom's own test suite run against dicomconstruct: how far "change the import" goes.

    python3 tools/pydicom_suite.py                       # every module, both scores, a table
    python3 tools/pydicom_suite.py -m test_misc -m test_filebase
    python3 tools/pydicom_suite.py --causes 30           # the most frequent causes of failure
    python3 tools/pydicom_suite.py --refresh-baseline    # run pydicom itself again

What it does:

1. ``pip download --no-binary :all: --no-deps pydicom==3.0.2`` into a cache folder outside the
   repository (``--cache``, default ``~/.cache/dicomconstruct/pydicom-suite``) and unpacks the
   sdist's ``tests/``.  Nothing of it is copied into the repository.
2. **Baseline**: the suite against the installed pydicom (only ``pydicom.data`` is replaced, by a
   module that lists the installed package's data folders and never downloads).  The tests that
   pass there are the ones that count; the result is cached per pydicom version.
3. **Strict**: the suite through an import shim that maps ``pydicom`` and ``pydicom.<sub>`` to
   ``dicomconstruct`` and ``dicomconstruct.<sub>`` (the same module objects), test data from the
   installed pydicom's data folder, nothing else of pydicom loaded.  A missing module or name
   fails the whole test module, as it would for a user.
4. **Per test**: the same shim, but a missing module or name becomes a placeholder that lets the
   test module import and fails only the tests that use it (with the missing name as the cause).

The score is the share of the baseline's passing tests that pass through the shim.  This tool is
a measurement, not part of the test suite or CI.  It also serves as its own pytest plugin
(``-p pydicom_suite``), configured by the ``DICOMCONSTRUCT_SUITE_*`` environment variables.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYDICOM_VERSION = "3.0.2"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "dicomconstruct" / "pydicom-suite"
#: test folders of the sdist outside this measurement, with the reason
EXCLUDED = {
    "tests/pixels": "pixel decoders and encoders (pydicom.pixels), the issue of the pixel codecs",
    "tests/test_data_manager.py": "pydicom's downloader of test files; the shim's pydicom.data never downloads",
}
MODULE_TIMEOUT = 900  # seconds for one test module

ENV_MODE = "DICOMCONSTRUCT_SUITE_MODE"  # baseline | strict | pertest
ENV_OUT = "DICOMCONSTRUCT_SUITE_OUT"  # JSON-lines file receiving the outcomes
ENV_DATA = "DICOMCONSTRUCT_SUITE_DATA"  # the installed pydicom's data folder


# --------------------------------------------------------------------------------------------
# The shim (runs inside the pytest subprocess)
# --------------------------------------------------------------------------------------------


class MissingName(Exception):
    """A name pydicom has and dicomconstruct lacks was used by a test."""


_IN_TEST = False  # placeholders are lenient while modules are collected, strict inside a test


class _Missing:
    """Stands for a missing module attribute: inert at collection, raising inside a test."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _fail(self, *args, **kwargs):
        if _IN_TEST:
            raise MissingName(object.__getattribute__(self, "_name"))
        return self

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        if _IN_TEST:
            raise MissingName(object.__getattribute__(self, "_name"))
        return _Missing(f"{object.__getattribute__(self, '_name')}.{attr}")

    def __setattr__(self, attr, value):
        self._fail()

    __call__ = __getitem__ = __setitem__ = __enter__ = _fail
    __add__ = __radd__ = __sub__ = __or__ = __ror__ = __lt__ = __gt__ = _fail

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        self._fail()
        return iter(())

    def __bool__(self):
        self._fail()
        return False

    def __len__(self):
        self._fail()
        return 0

    def __mro_entries__(self, bases):
        return (object,)

    def __repr__(self):
        return f"<missing {object.__getattribute__(self, '_name')}>"

    __hash__ = object.__hash__

    def __eq__(self, other):
        self._fail()
        return self is other


def _data_module(data_root: str) -> types.ModuleType:
    """``pydicom.data`` over the installed package's folders; no download, no other pydicom code."""
    import fnmatch

    module = types.ModuleType("pydicom.data")
    module.__path__ = []
    module.DATA_ROOT = data_root

    def listing(folder, pattern="**/*"):
        base = Path(data_root) / folder
        return sorted(os.fspath(p) for p in base.glob(pattern) if p.is_file() and not p.name.endswith(".py"))

    def get_testdata_file(name, read=False, download=True):
        if os.path.isabs(name):
            raise ValueError("'get_testdata_file' does not support absolute paths")
        matches = sorted((Path(data_root) / "test_files").rglob(name))
        path = os.fspath(matches[0]) if matches else None
        if read and path is not None:
            return importlib.import_module("pydicom.filereader").dcmread(path, force=True)
        return path

    def get_testdata_files(pattern="**/*"):
        if os.path.isabs(pattern):
            raise ValueError("'get_testdata_files' does not support absolute paths")
        return listing("test_files", pattern)

    module.get_testdata_file = get_testdata_file
    module.get_testdata_files = get_testdata_files
    module.get_charset_files = lambda pattern="**/*": listing("charset_files", pattern)
    module.get_palette_files = lambda pattern="**/*": listing("palettes", pattern)
    module.external_data_sources = lambda: {}
    module.fetch_data_files = lambda: None
    module.fnmatch = fnmatch
    module.data_manager = module
    return module


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, module: types.ModuleType) -> None:
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


#: dunder names pydicom's modules export (others are Python's protocol names: never placeholders)
_PUBLIC_DUNDERS = {"__version__", "__version_info__"}


def _lenient(module: types.ModuleType, prefix: str) -> None:
    """Make a missing attribute of ``module`` a placeholder (chained after its own ``__getattr__``)."""
    if getattr(module, "__dicomconstruct_suite_lenient__", False):
        return
    previous = module.__dict__.get("__getattr__")

    def __getattr__(name):
        if name.startswith("__") and name not in _PUBLIC_DUNDERS:
            raise AttributeError(name)
        ours = "dicomconstruct" + prefix[len("pydicom") :] + "." + name
        if name[:1].isalpha() and hasattr(module, "__path__"):
            try:  # a submodule that exists on our side: through the shim, so that it is lenient too
                if importlib.util.find_spec(ours) is not None:
                    return importlib.import_module(f"{prefix}.{name}")
            except ImportError:
                pass
        if previous is not None:
            try:
                return previous(name)
            except AttributeError:
                pass
        return _Missing(f"{prefix}.{name}")

    module.__getattr__ = __getattr__
    module.__dicomconstruct_suite_lenient__ = True


class _Finder(importlib.abc.MetaPathFinder):
    """Routes ``pydicom`` and ``pydicom.*`` imports (see the module docstring)."""

    def __init__(self, mode: str, data_root: str) -> None:
        self.mode = mode
        self.data_root = data_root

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "pydicom" and not fullname.startswith("pydicom."):
            return None
        if fullname in ("pydicom.data", "pydicom.data.data_manager"):
            module = sys.modules.get("pydicom.data") or _data_module(self.data_root)
        elif self.mode == "baseline":
            return None
        else:
            module = self._ours(fullname)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module), is_package=hasattr(module, "__path__"))

    def _ours(self, fullname: str) -> types.ModuleType:
        target = "dicomconstruct" + fullname[len("pydicom") :]
        try:
            module = importlib.import_module(target)
        except ModuleNotFoundError as error:
            if self.mode == "strict" or not (error.name and target.startswith(error.name)):
                raise ModuleNotFoundError(f"No module named {fullname!r} (no {target})", name=fullname) from None
            module = types.ModuleType(fullname)
            module.__path__ = []
            module.__dicomconstruct_suite_missing__ = True
        if self.mode == "pertest":
            if not hasattr(module, "__path__"):
                module.__path__ = []  # its missing submodules become placeholders too
            _lenient(module, fullname)
        return module


def install(mode: str, data_root: str) -> None:
    sys.meta_path.insert(0, _Finder(mode, data_root))


# pytest plugin hooks ------------------------------------------------------------------------

_RECORDS: dict[str, dict] = {}


def _write(record: dict) -> None:
    with open(os.environ[ENV_OUT], "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def _cause(report) -> str:
    longrepr = report.longrepr
    if longrepr is None:
        return ""
    crash = getattr(getattr(longrepr, "reprcrash", None), "message", None)
    text = crash if crash else str(longrepr)
    return text.strip().splitlines()[0][:300] if text.strip() else ""


def pytest_runtest_setup(item):
    global _IN_TEST
    _IN_TEST = True


def pytest_runtest_teardown(item, nextitem):
    global _IN_TEST
    _IN_TEST = False


def pytest_runtest_logreport(report):
    record = _RECORDS.setdefault(report.nodeid, {"id": report.nodeid, "outcome": "passed", "cause": ""})
    if report.when == "call" and hasattr(report, "wasxfail"):
        record["outcome"], record["cause"] = "xfail", "xfail"
    elif report.failed and record["outcome"] == "passed":
        record["outcome"], record["cause"] = ("failed" if report.when == "call" else "error"), _cause(report)
    elif report.skipped and record["outcome"] == "passed":
        record["outcome"], record["cause"] = "skipped", _cause(report)
    if report.when == "teardown":
        _write(_RECORDS.pop(report.nodeid))


def pytest_collectreport(report):
    if report.failed:
        _write({"id": report.nodeid, "outcome": "collect-error", "cause": _cause(report)})


def pytest_sessionfinish(session, exitstatus):
    loaded = sorted(
        name for name, mod in sys.modules.items()
        if (name == "pydicom" or name.startswith("pydicom."))
        and "site-packages" in str(getattr(mod, "__file__", "") or "")
    )
    _write({"id": "<session>", "outcome": "info", "cause": "", "pydicom_loaded": loaded})


if os.environ.get(ENV_MODE) and __name__ != "__main__":
    install(os.environ[ENV_MODE], os.environ[ENV_DATA])


# --------------------------------------------------------------------------------------------
# The driver
# --------------------------------------------------------------------------------------------


def _sdist(cache: Path) -> Path:
    unpacked = cache / f"pydicom-{PYDICOM_VERSION}"
    if (unpacked / "tests").is_dir():
        return unpacked
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / f"pydicom-{PYDICOM_VERSION}.tar.gz"
    if not archive.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             f"pydicom=={PYDICOM_VERSION}", "-d", os.fspath(cache)],
            check=True,
        )
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if "/tests/" in m.name or m.name.endswith("/pyproject.toml")]
        tar.extractall(cache, members=members, filter="data")
    return unpacked


def _data_root() -> str:
    spec = importlib.util.find_spec("pydicom")  # located, not imported
    if spec is None or not spec.submodule_search_locations:
        sys.exit("pydicom must be installed: its data folder holds the test files")
    return os.path.join(list(spec.submodule_search_locations)[0], "data")


def _modules(sdist: Path, wanted: list[str]) -> list[str]:
    found = sorted(
        os.fspath(p.relative_to(sdist)) for p in (sdist / "tests").rglob("test_*.py")
        if not any(os.fspath(p.relative_to(sdist)).startswith(ex) for ex in EXCLUDED)
    )
    if wanted:
        found = [m for m in found if any(Path(m).stem == w or m == w for w in wanted)]
    return found


def _run(mode: str, sdist: Path, module: str, out: Path) -> None:
    env = dict(os.environ)
    env.update({ENV_MODE: mode, ENV_OUT: os.fspath(out), ENV_DATA: _data_root()})
    env["PYTHONPATH"] = os.pathsep.join([os.fspath(ROOT / "tools"), os.fspath(ROOT)])
    env.pop("CI", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "pydicom_suite", "-p", "no:cacheprovider",
               "--rootdir", os.fspath(sdist), "-o", "addopts=", module]
    try:
        subprocess.run(command, cwd=sdist, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=MODULE_TIMEOUT)
    except subprocess.TimeoutExpired:
        _append(out, {"id": module, "outcome": "timeout", "cause": f"module timed out after {MODULE_TIMEOUT} s"})


def _append(path: Path, record: dict) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def _load(path: Path) -> dict[str, dict]:
    records = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["id"]] = record
    return records


def _results(mode: str, sdist: Path, modules: list[str], out: Path, fresh: bool) -> dict[str, dict]:
    if fresh and out.exists():
        out.unlink()
    done = {r["id"].split("::")[0] for r in _load(out).values()} if out.exists() else set()
    for module in modules:
        if module in done:
            continue
        started = time.monotonic()
        _run(mode, sdist, module, out)
        print(f"  {mode:8} {module} ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    return _load(out)


def _normalise(cause: str) -> str:
    cause = re.sub(r"0x[0-9a-f]+", "0x...", cause)
    cause = re.sub(r"'/[^']*'", "'PATH'", cause)
    return cause[:160]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="folder for the sdist and results")
    parser.add_argument("-m", "--module", action="append", default=[], help="a test module (e.g. test_misc)")
    parser.add_argument("--refresh-baseline", action="store_true", help="run the suite against pydicom again")
    parser.add_argument("--causes", type=int, default=25, help="list this many most frequent causes")
    parser.add_argument("--json", type=Path, help="also write the per-module figures to this file")
    args = parser.parse_args(argv)

    sdist = _sdist(args.cache)
    modules = _modules(sdist, args.module)
    results = args.cache / "results"
    results.mkdir(exist_ok=True)
    baseline = _results("baseline", sdist, modules, results / f"baseline-{PYDICOM_VERSION}.jsonl",
                        fresh=args.refresh_baseline)
    strict = _results("strict", sdist, modules, results / "strict.jsonl", fresh=True)
    pertest = _results("pertest", sdist, modules, results / "pertest.jsonl", fresh=True)
    for label, records in (("strict", strict), ("pertest", pertest)):
        leaked = records.get("<session>", {}).get("pydicom_loaded")
        if leaked:
            print(f"warning: the {label} run loaded pydicom's own modules: {leaked}", file=sys.stderr)

    rows, causes = [], collections.Counter()
    totals = [0, 0, 0]
    for module in modules:
        counted = sorted(k for k, r in baseline.items() if k.startswith(module + "::") and r["outcome"] == "passed")
        ok_strict = sum(strict.get(k, {}).get("outcome") == "passed" for k in counted)
        ok_pertest = sum(pertest.get(k, {}).get("outcome") == "passed" for k in counted)
        for k in counted:
            record = pertest.get(k)
            if record is None or record["outcome"] != "passed":
                causes[_normalise(record["cause"]) if record else "not run (module crashed or timed out)"] += 1
        rows.append((module, len(counted), ok_strict, ok_pertest))
        totals = [totals[0] + len(counted), totals[1] + ok_strict, totals[2] + ok_pertest]

    def pct(a, b):
        return f"{100 * a / b:5.1f}%" if b else "   - "

    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"\n{'module':{width}}  pydicom  strict          per test")
    for module, base, ok_s, ok_p in rows:
        print(f"{module:{width}}  {base:7}  {ok_s:5} {pct(ok_s, base)}  {ok_p:5} {pct(ok_p, base)}")
    print(f"{'total':{width}}  {totals[0]:7}  {totals[1]:5} {pct(totals[1], totals[0])}  "
          f"{totals[2]:5} {pct(totals[2], totals[0])}")
    imported = sum(1 for m in modules if not any(
        k.split("::")[0] == m and r["outcome"] == "collect-error" for k, r in strict.items()))
    print(f"test modules importing in strict mode: {imported} of {len(modules)}")
    for folder, reason in EXCLUDED.items():
        print(f"excluded: {folder} ({reason})")
    if args.causes:
        print(f"\nmost frequent causes (per-test run, of tests pydicom passes):")
        for cause, count in causes.most_common(args.causes):
            print(f"{count:6}  {cause}")
    if args.json:
        args.json.write_text(json.dumps({"modules": rows, "total": totals, "causes": causes.most_common()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Resolve dotted Airflow paths in this interpreter and report the facts as JSON.

Reads {"paths": [...]} on stdin; writes {"python", "airflow", "distributions", "results"} on stdout.
For every path it reports whether it resolves (module import plus attribute chain), the error if
not, every warning raised while resolving, and whether the object is a known deprecation shim.
It only reports facts: the test (test/sandbox/lintGroundTruth.test.ts) judges them.

Used by the lint ground-truth test, one process per Airflow venv, all paths in one run.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import importlib.util
import inspect
import json
import re
import sys
import warnings

DEPRECATION = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
# A warning raised on call/instantiation rather than on import/access: a warnings.warn with a
# deprecation category that is about the object itself (names it, or "this class is deprecated").
DEPRECATION_CATEGORY = re.compile(r"RemovedInAirflow3Warning|AirflowProviderDeprecationWarning|DeprecationWarning")
ABOUT_ITSELF = re.compile(r"\bthis (class|function|decorator|operator|sensor|hook|module) is deprecated", re.I)


# Warnings raised while each module ran its body, by module name. Recorded when the module is
# first imported (by whichever path or dependency imported it), so nothing is imported twice:
# re-running Airflow modules would re-declare ORM tables and break the interpreter's state.
MODULE_WARNINGS: dict[str, list] = {}


class RecordingLoader:
    """Delegates to the real loader; records the warnings of exec_module."""

    def __init__(self, loader, name: str):
        self._loader = loader
        self._name = name

    def __getattr__(self, attr):
        return getattr(self._loader, attr)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                self._loader.exec_module(module)
            finally:
                MODULE_WARNINGS[self._name] = list(caught)


class RecordingFinder:
    """First on sys.meta_path: asks the other finders, wraps the loader of airflow modules."""

    def find_spec(self, name, path, target=None):
        if not name.startswith("airflow"):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = RecordingLoader(spec.loader, name)
                return spec
        return None


def import_longest(parts: list[str]):
    """Import the longest module prefix of `parts`; returns (module, index of first attribute)."""
    last_error: BaseException | None = None
    for i in range(len(parts), 0, -1):
        name = ".".join(parts[:i])
        try:
            return importlib.import_module(name), i, None
        except ModuleNotFoundError as e:
            # Only "this very module does not exist" means: try the parent and getattr.
            if e.name is not None and (name == e.name or name.startswith(e.name + ".")):
                last_error = e
                continue
            return None, i, e
        except BaseException as e:  # noqa: BLE001 - any failure to import is a fact to report
            return None, i, e
    return None, 0, last_error


def deprecation_shim(obj) -> bool:
    """A module made by airflow.utils.deprecation_tools.add_deprecated_classes (warns on access)."""
    ga = getattr(obj, "__dict__", {}).get("__getattr__") if inspect.ismodule(obj) else None
    return isinstance(ga, functools.partial) and getattr(ga.func, "__name__", "") == "getattr_with_deprecation"


def source_deprecated(obj, name: str) -> bool:
    """The class or function warns about itself when called/instantiated (read from its source:
    a function's body, a class's own __init__/__new__, or a @deprecated decorator)."""
    if inspect.isclass(obj):
        targets = [obj.__dict__[m] for m in ("__init__", "__new__") if m in obj.__dict__]
        head = obj
    elif inspect.isfunction(obj) or inspect.ismethod(obj):
        targets = [obj]
        head = obj
    else:
        return False
    try:
        # getsource unwraps decorators but keeps their lines (`@deprecated(...)`).
        if re.match(r"\s*@deprecated\b", inspect.getsource(head)):
            return True
        sources = [inspect.getsource(t) for t in targets]
    except (OSError, TypeError):
        return False
    for src in sources:
        for m in re.finditer(r"warnings\.warn\(", src):
            call = src[m.end(): m.end() + 400]
            if DEPRECATION_CATEGORY.search(call) and (f"`{name}`" in call or name + " " in call or ABOUT_ITSELF.search(call)):
                return True
    return False


def resolve(parts: list[str]):
    """(object, module name, error, warnings) for a dotted path."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mod, i, err = import_longest(parts)
        obj = mod
        if err is None and mod is not None:
            try:
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
            except BaseException as e:  # noqa: BLE001
                err = e
        elif err is None:
            err = ImportError(f"no importable prefix of {'.'.join(parts)}")
    return obj, ".".join(parts[:i]) if mod is not None else None, err, list(caught)


MODULE_LEVEL_WARN = re.compile(r"^warnings\.warn\(", re.M)


def rerun_module_warnings(name: str) -> list:
    """Warnings of a module whose body warns at top level, run again in a throwaway module object
    (sys.modules untouched). Needed when Airflow first imported it under its own 'ignore' filter."""
    mod = sys.modules.get(name)
    file = getattr(mod, "__file__", None)
    if not file or not file.endswith(".py"):
        return []
    try:
        with open(file, encoding="utf-8") as fh:
            if not MODULE_LEVEL_WARN.search(fh.read()):
                return []
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return []
        loader = getattr(spec.loader, "_loader", spec.loader)  # not our recorder: it keeps them
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loader.exec_module(importlib.util.module_from_spec(spec))
        return list(caught)
    except Exception:  # noqa: BLE001 - a module that cannot run twice simply gives no evidence
        return []


def probe(path: str) -> dict:
    parts = path.split(".")
    obj, module, err, caught = resolve(parts)
    tagged = [(w, "resolve") for w in caught]
    # Module-level warnings of modules on this path, whenever they were first imported.
    prefixes = [".".join(parts[:i]) for i in range(len(parts), 1, -1)]
    for name in prefixes:
        tagged += [(w, "module") for w in MODULE_WARNINGS.get(name, [])]
    if not any(issubclass(w.category, DEPRECATION) for w, _ in tagged):
        for name in prefixes:
            tagged += [(w, "module") for w in rerun_module_warnings(name)]
    out: dict = {"path": path}
    if module is not None and err is None:
        out["module"] = module
    out["ok"] = err is None
    if err is not None:
        out["errorType"] = type(err).__name__
        out["error"] = str(err)[:300]
    else:
        out["shim"] = deprecation_shim(obj)
        out["sourceDeprecated"] = source_deprecated(obj, parts[-1])
        out["type"] = type(obj).__name__
    out["warnings"] = [
        {
            "category": w.category.__name__,
            "deprecation": issubclass(w.category, DEPRECATION),
            "message": str(w.message)[:300],
            "filename": w.filename,
            # "module": raised by the body of a module on this path; "resolve": while resolving it.
            "origin": origin,
        }
        for w, origin in tagged
    ]
    return out


def main() -> None:
    request = json.load(sys.stdin)
    warnings.simplefilter("ignore")
    sys.meta_path.insert(0, RecordingFinder())
    # What imported modules print (MWAA's image has the celery provider, which logs a warning to
    # stdout on import) goes to stderr: stdout carries only the JSON answer.
    answer = sys.stdout
    sys.stdout = sys.stderr
    import airflow  # noqa: F401

    results = [probe(p) for p in request["paths"]]
    dists = sorted({(d.metadata["Name"] or "").lower() for d in importlib.metadata.distributions()} - {""})
    json.dump({"python": sys.version.split()[0], "airflow": airflow.__version__, "distributions": dists, "results": results}, answer)


if __name__ == "__main__":
    main()

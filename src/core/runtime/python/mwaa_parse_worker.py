"""
The DAG parse worker of the MWAA Toolkit's local runtime (stdlib + Airflow 2.9-2.11 / 3.0-3.3).

Started as `python -u mwaa_parse_worker.py` with AIRFLOW_HOME (a scratch folder), the environment's
AIRFLOW__* configuration, AIRFLOW__CORE__DAGS_FOLDER and AIRFLOW__CORE__PLUGINS_FOLDER. It imports
Airflow once, prints one ready line, then answers one JSON line per request line on stdin:

  {"id": 1, "op": "parse", "file": "/abs/dags/x.py", "dagsFolder": "/abs/dags"}
  -> {"id": 1, "dags": [...], "errors": [...], "parseMs": 12.3, "timeoutSeconds": 30.0}
  {"id": 1, "op": "cancel"}   (while parse 1 runs: its child is killed)
  -> {"id": 1, "cancelled": true}

Each parsed DAG also carries its `structure` (tasks with downstream ids, task groups, operators,
task functions' lines) for the DAG view, bounded; a reply without room for it leaves it out.

On POSIX each parse runs in a child forked after Airflow is imported (as Airflow's own processor
does): a warm parse costs only the file, modules a previous DAG imported never go stale, and a hang
or crash of DAG code kills only the child. Elsewhere the parse runs in-process, with the modules of
the dags and plugins folders dropped from sys.modules first.

Errors carry Airflow's own text (`detail`) plus, when known here, the line of the innermost frame
in the file; the caller classifies the text (kind, message). Errors made here (the processor's
kill after dag_file_processor_timeout, a crash) carry `kind` and `message` themselves.
Nothing DAG code prints can reach the protocol: fd 1 is pointed at stderr before Airflow is
imported, and replies go to a private duplicate of the original stdout.
"""
import ast
import json
import os
import re
import select
import signal
import sys
import time
import traceback

MAX_DETAIL = 16 * 1024
MAX_MESSAGE = 1024
MAX_DAGS = 1000
MAX_ERRORS = 50
MAX_DAG_ID = 250
MAX_PATH = 4096
MAX_REQUEST = 64 * 1024
# The DAG view's structure of each DAG (tasks, downstream ids, groups) stays well inside the reply.
MAX_STRUCTURE_TASKS = 2000
MAX_STRUCTURE_GROUPS = 1000
MAX_STRUCTURE_BYTES = 384 * 1024
# Replies stay well under the reader's 1 MiB line bound.
MAX_REPLY_BUDGET = 768 * 1024
# Grace after Airflow's processor timeout before the child is killed here.
KILL_GRACE_SECONDS = 2.0
FORK = hasattr(os, "fork") and os.environ.get("MWAA_PARSE_WORKER_FORK", "1") != "0"


def clip(text, limit):
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 15] + "\n[truncated]"


class Worker:
    def __init__(self, reply_stream):
        self.reply_stream = reply_stream
        import airflow
        from airflow import settings
        from airflow.configuration import conf

        self.version = airflow.__version__
        self.major = int(self.version.split(".")[0])
        self.settings = settings
        self.conf = conf
        self.dagbag_class = self._find_dagbag()
        self.safe_mode = conf.getboolean("core", "dag_discovery_safe_mode", fallback=True)
        self.timeout = float(conf.getfloat("core", "dagbag_import_timeout", fallback=30.0))
        self.processor_timeout = self._processor_timeout()
        self._warm_up()

    def _find_dagbag(self):
        # Airflow 3.2+ keeps DagBag in airflow.dag_processing.dagbag; 2.x and 3.0-3.1 in airflow.models.dagbag.
        try:
            from airflow.dag_processing.dagbag import DagBag
        except ImportError:
            from airflow.models.dagbag import DagBag
        return DagBag

    def _processor_timeout(self):
        # Airflow 3 moved the option to [dag_processor] (reading the old [core] name as a fallback).
        for section in ("dag_processor", "core") if self.major >= 3 else ("core",):
            try:
                value = self.conf.get(section, "dag_file_processor_timeout", fallback=None)
            except Exception:
                value = None
            if value not in (None, ""):
                return float(value)
        return 50.0

    def _warm_up(self):
        # What nearly every DAG imports: loaded once here, shared by every forked child.
        names = [
            "airflow.models.dag", "airflow.models.baseoperator", "airflow.serialization.serialized_objects",
            "airflow.operators.python", "airflow.operators.bash", "airflow.operators.empty", "airflow.decorators",
            "airflow.sdk", "airflow.providers.standard.operators.python", "airflow.providers.standard.operators.bash",
            "airflow.providers.standard.operators.empty", "airflow.dag_processing.processor",
        ]
        import importlib

        for name in names:
            try:
                importlib.import_module(name)
            except Exception:
                pass

    def ready_line(self):
        return {
            "ready": True, "airflow": self.version, "python": sys.version.split()[0],
            "timeoutSeconds": self.timeout, "processorTimeoutSeconds": self.processor_timeout, "fork": FORK,
        }

    def send(self, obj):
        self.reply_stream.write(json.dumps(obj, ensure_ascii=True, default=str) + "\n")
        self.reply_stream.flush()

    # ---- one parse, in the process that runs it ----

    def file_timeout(self, path):
        try:
            value = self.settings.get_dagbag_import_timeout(path)
            return float(value)
        except Exception:
            return self.timeout

    def parse_here(self, path, dags_folder):
        """DagBag over one file, as Airflow's processor builds it; returns the reply body."""
        if self.major >= 3:
            os.environ["_AIRFLOW_PROCESS_CONTEXT"] = "client"
        if dags_folder not in sys.path:
            sys.path.append(dags_folder)
        exc_lines = []
        restore = self._record_exception_lines(path, exc_lines)
        started = time.perf_counter()
        try:
            early = self._stability_errors(path, dags_folder)
            if early is not None:
                return self._reply([], early, started, path)
            bag = self._make_bag(path, dags_folder)
            errors = dict(bag.import_errors)
            errors.update(self._serialization_errors(bag, dags_folder))
        finally:
            restore()
        ms = (time.perf_counter() - started) * 1000.0
        lines = _definition_lines(path)
        out_errors = []
        for key, text in errors.items():
            error_file = key if os.path.isabs(key) else os.path.join(dags_folder, key)
            item = {"file": clip(error_file, MAX_PATH), "detail": clip(text, MAX_DETAIL)}
            if os.path.abspath(error_file) == os.path.abspath(path):
                line = exc_lines[-1] if exc_lines else _line_of_named_dag(str(text), lines)
                if line is not None:
                    item["line"] = line
            out_errors.append(item)
        return self._reply(self._dags_of(bag, path, lines), out_errors, started, path, ms)

    def _reply(self, dags, errors, started, path, ms=None):
        ms = (time.perf_counter() - started) * 1000.0 if ms is None else ms
        budget = MAX_REPLY_BUDGET
        kept_errors = []
        for e in errors[:MAX_ERRORS]:
            budget -= len(e.get("detail", "")) + len(e.get("file", "")) + 200
            if budget < 0:
                break
            kept_errors.append(e)
        kept_dags = []
        for d in dags[:MAX_DAGS]:
            budget -= len(d["dagId"]) + len(d["file"]) + 80
            if budget < 0:
                break
            size = d.pop("_structureSize", 0)
            if "structure" in d:
                if budget - size < 0:
                    d.pop("structure")  # the DAG is kept; its structure (for the DAG view) does not fit
                else:
                    budget -= size
            kept_dags.append(d)
        truncated = len(kept_errors) < len(errors) or len(kept_dags) < len(dags)
        return {"dags": kept_dags, "errors": kept_errors, "parseMs": round(ms, 2),
                "timeoutSeconds": self.file_timeout(path), "truncated": truncated}

    def _make_bag(self, path, dags_folder):
        import inspect

        params = inspect.signature(self.dagbag_class.__init__).parameters
        kwargs = {"dag_folder": path}
        optional = {
            "include_examples": False, "safe_mode": self.safe_mode, "load_op_links": False,
            "bundle_path": _pathlib(dags_folder), "bundle_name": "dags-folder",
        }
        if self.major < 3:
            # Airflow 2's processor builds DagBag(file, include_examples=False) and keeps its op links default.
            optional = {"include_examples": False, "safe_mode": self.safe_mode}
        for name, value in optional.items():
            if name in params:
                kwargs[name] = value
        return self.dagbag_class(**kwargs)

    def _stability_errors(self, path, dags_folder):
        # Airflow 3.3's processor checks DAG-version inflation first and may stop there.
        if self.major < 3:
            return None
        try:
            from airflow.dag_processing.processor import check_dag_file_stability
        except ImportError:
            return None
        try:
            result = check_dag_file_stability(os.fspath(path))
            errors = result.get_error_format_dict(path, _pathlib(dags_folder))
        except Exception:  # another release's API: the parse itself still runs
            return None
        if not errors:
            return None
        out = []
        for key, text in errors.items():
            error_file = key if os.path.isabs(key) else os.path.join(dags_folder, key)
            out.append({"file": clip(error_file, MAX_PATH), "detail": clip(text, MAX_DETAIL)})
        return out

    def _serialization_errors(self, bag, dags_folder):
        """The scheduler records a DAG it cannot serialize as an import error of its file."""
        errors = {}
        if self.major >= 3:
            try:
                from airflow.dag_processing.processor import _serialize_dags
                import logging

                _, errs = _serialize_dags(bag, logging.getLogger("mwaa.parse"))
                return dict(errs)
            except Exception:  # not in this release (or another signature): serialize as below
                pass
        try:
            from airflow.serialization.serialized_objects import SerializedDAG as Ser
        except ImportError:
            from airflow.serialization.serialized_objects import DagSerialization as Ser
        depth = self.conf.getint("core", "dagbag_import_error_traceback_depth", fallback=2)
        for dag in list(bag.dags.values()):
            try:
                Ser.to_dict(dag)
            except Exception:
                errors[dag.fileloc] = traceback.format_exc(limit=-depth)
        return errors

    def _dags_of(self, bag, path, lines):
        out = []
        for dag in list(bag.dags.values())[:MAX_DAGS]:
            dag_id = clip(dag.dag_id, MAX_DAG_ID)
            item = {"dagId": dag_id, "file": clip(dag.fileloc or path, MAX_PATH), "taskCount": len(dag.task_dict)}
            if dag.dag_id in lines:
                item["line"] = lines[dag.dag_id]
            try:
                item["structure"], item["_structureSize"] = _structure_of(dag)
            except Exception:  # another release's internals: the parse result stands without it
                pass
            out.append(item)
        return out

    def _record_exception_lines(self, path, sink):
        """
        Airflow keeps only the last `dagbag_import_error_traceback_depth` frames in its text, which
        often drops the DAG file's own frame; the full traceback is seen here when Airflow formats
        it, and the innermost line in the file is kept (the text Airflow stores is unchanged).
        """
        original = traceback.format_exc
        target = os.path.abspath(path)

        def format_exc(*args, **kwargs):
            exc = sys.exc_info()[1]
            line = _innermost_line(exc, target)
            if line is not None:
                sink.append(line)
            return original(*args, **kwargs)

        traceback.format_exc = format_exc

        def restore():
            traceback.format_exc = original

        return restore

    # ---- serving requests ----

    def serve(self):
        stdin = LineReader(0)
        while True:
            line = stdin.readline()
            if line is None:
                return
            if line is TOO_LONG:
                self.send({"id": None, "error": "request line too long"})
                continue
            try:
                req = json.loads(line.decode("utf-8"))
            except ValueError:
                self.send({"id": None, "error": "request is not JSON"})
                continue
            if not isinstance(req, dict):
                self.send({"id": None, "error": "request is not an object"})
                continue
            self.handle(req, stdin)

    def handle(self, req, stdin):
        rid = req.get("id")
        if req.get("op") == "cancel":
            return  # nothing running: nothing to cancel
        if req.get("op") != "parse":
            self.send({"id": rid, "error": "unknown op"})
            return
        checked = _checked_paths(req.get("file"), req.get("dagsFolder"))
        if isinstance(checked, str):
            self.send({"id": rid, "error": checked})
            return
        path, dags_folder = checked
        if FORK:
            body = self.parse_in_child(rid, path, dags_folder, stdin)
        else:
            _purge_modules([dags_folder, os.environ.get("AIRFLOW__CORE__PLUGINS_FOLDER", "")])
            try:
                body = self.parse_here(path, dags_folder)
            except Exception:
                body = self._internal_error(path)
        if body is not None:
            body["id"] = rid
            self.send(body)

    def _internal_error(self, path):
        text = traceback.format_exc()
        return {"dags": [], "errors": [{"file": path, "kind": "other", "message": clip(text.strip().splitlines()[-1], MAX_MESSAGE),
                                        "detail": clip(text, MAX_DETAIL)}], "parseMs": 0, "timeoutSeconds": self.timeout}

    def parse_in_child(self, rid, path, dags_folder, stdin):
        read_fd, write_fd = os.pipe()
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: parse, write one JSON document, exit without cleanup
            os.close(read_fd)
            code = 0
            try:
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.close(self.reply_stream.fileno())
                try:
                    body = self.parse_here(path, dags_folder)
                except Exception:
                    body = self._internal_error(path)
                data = json.dumps(body, ensure_ascii=True, default=str).encode("utf-8")
                view = memoryview(data)
                while view:
                    view = view[os.write(write_fd, view):]
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(write_fd)
        return self._collect_child(rid, pid, read_fd, path, started, stdin)

    def _collect_child(self, rid, pid, read_fd, path, started, stdin):
        deadline = started + self._kill_after(path)
        chunks = []
        size = 0
        outcome = None
        while True:
            if stdin.take_cancel(rid):
                outcome = "cancelled"
                break
            left = deadline - time.perf_counter()
            if left <= 0:
                outcome = "timeout"
                break
            # After EOF on stdin (no more requests) the parse still finishes and is answered.
            ready = select.select([read_fd] if stdin.eof else [read_fd, stdin.fd], [], [], left)[0]
            if stdin.fd in ready:
                stdin.fill()  # requests that arrive meanwhile wait in the buffer
                continue
            if read_fd in ready:
                chunk = os.read(read_fd, 65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > 4 * MAX_REPLY_BUDGET:
                    outcome = "oversized"
                    break
                chunks.append(chunk)
        os.close(read_fd)
        if outcome is not None:
            _kill(pid)
        status = _reap(pid)
        elapsed = (time.perf_counter() - started) * 1000.0
        if outcome == "cancelled":
            return {"cancelled": True}
        if outcome == "timeout":
            option = "dag_processor.dag_file_processor_timeout" if self.major >= 3 else "core.dag_file_processor_timeout"
            return self._synthetic(path, "timeout", elapsed, _timeout_message(path, self._kill_after(path) - KILL_GRACE_SECONDS, option))
        if outcome is None:
            try:
                return json.loads(b"".join(chunks).decode("utf-8"))
            except ValueError:
                pass
        return self._synthetic(path, "other", elapsed, _crash_message(status))

    def _kill_after(self, path):
        # Airflow's manager kills a processor after dag_file_processor_timeout whatever the file does;
        # DagBag's own (SIGALRM) timeout normally fires first and is Airflow's own error.
        limit = self.processor_timeout if self.processor_timeout > 0 else max(self.file_timeout(path), 1.0) + 5.0
        return limit + KILL_GRACE_SECONDS

    def _synthetic(self, path, kind, ms, message):
        return {"dags": [], "errors": [{"file": path, "kind": kind, "message": clip(message, MAX_MESSAGE), "detail": clip(message, MAX_DETAIL)}],
                "parseMs": round(ms, 2), "timeoutSeconds": self.file_timeout(path)}


TOO_LONG = object()


class LineReader:
    """Lines of a file descriptor, read unbuffered so select() on it stays truthful."""

    def __init__(self, fd):
        self.fd = fd
        self.buf = b""
        self.eof = False

    def has_line(self):
        return b"\n" in self.buf or (self.eof and bool(self.buf))

    def take_cancel(self, rid):
        """Removes a buffered cancel of request `rid`; whether there was one (other lines stay)."""
        lines = self.buf.split(b"\n")
        for i, line in enumerate(lines[:-1]):
            if _is_cancel(line, rid):
                self.buf = b"\n".join(lines[:i] + lines[i + 1:])
                return True
        return False

    def fill(self):
        """One read (the fd is readable); whether a whole line (or EOF) is now buffered."""
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.eof = True
        self.buf += chunk
        if len(self.buf) > 2 * MAX_REQUEST and b"\n" not in self.buf:
            self.buf = b""  # a runaway line: dropped (its tail then fails as JSON)
        return self.has_line() or self.eof

    def readline(self):
        """The next line (bytes), TOO_LONG for a line past MAX_REQUEST (skipped), None at EOF."""
        skipping = False
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                line, self.buf = self.buf[: nl + 1], self.buf[nl + 1:]
                return TOO_LONG if skipping or len(line) > MAX_REQUEST else line
            if len(self.buf) > MAX_REQUEST:
                self.buf = b""
                skipping = True
            if self.eof:
                line, self.buf = self.buf, b""
                return (TOO_LONG if skipping else line) if line or skipping else None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.eof = True
            self.buf += chunk


def _pathlib(p):
    from pathlib import Path

    return Path(p)


def _timeout_message(path, seconds, option):
    return (f"{os.path.basename(path)} did not finish importing within {seconds:g}s "
            f"({option}): Airflow kills the DAG file processor and records no import "
            "error, so the file's DAGs never load. The top-level code ignored DagBag's import timeout.")


def _crash_message(status):
    if status is None:
        how = "ended without an answer"
    elif os.WIFSIGNALED(status):
        how = f"was killed by signal {os.WTERMSIG(status)}"
    else:
        how = f"exited with code {os.WEXITSTATUS(status)}"
    return (f"The DAG file processor {how} while importing this file: Airflow's processor dies the same way "
            "and records no import error, so the file's DAGs never load.")


def _is_cancel(line, rid):
    try:
        req = json.loads(line.decode("utf-8"))
    except ValueError:
        return False
    return isinstance(req, dict) and req.get("op") == "cancel" and req.get("id") == rid


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _reap(pid):
    try:
        return os.waitpid(pid, 0)[1]
    except OSError:
        return None


def _checked_paths(file, dags_folder):
    if not isinstance(file, str) or not isinstance(dags_folder, str) or len(file) > MAX_PATH or len(dags_folder) > MAX_PATH:
        return "file and dagsFolder must be paths"
    if not os.path.isabs(file) or not os.path.isabs(dags_folder):
        return "file and dagsFolder must be absolute"
    real_file = os.path.realpath(file)
    real_folder = os.path.realpath(dags_folder)
    if os.path.commonpath([real_file, real_folder]) != real_folder:
        return "file is outside the dags folder"
    if not os.path.isfile(real_file):
        return "file not found"
    if not file.lower().endswith((".py", ".zip")):
        return "not a .py or .zip file"
    return os.path.abspath(file), os.path.abspath(dags_folder)


def _purge_modules(folders):
    roots = [os.path.abspath(f) + os.sep for f in folders if f]
    for name, mod in list(sys.modules.items()):
        origin = getattr(mod, "__file__", None)
        if origin and any(os.path.abspath(origin).startswith(r) for r in roots):
            del sys.modules[name]


def _innermost_line(exc, target):
    if exc is None:
        return None
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == target:
        return exc.lineno
    line = None
    tb = exc.__traceback__
    steps = 0
    while tb is not None and steps < 10000:
        if os.path.abspath(tb.tb_frame.f_code.co_filename) == target:
            line = tb.tb_lineno
        tb = tb.tb_next
        steps += 1
    return line


def _line_of_named_dag(text, lines):
    """A bag-time error without a traceback (a cycle) names its DAG: the line that defines it."""
    head = text[:2000]
    for dag_id, line in lines.items():
        if re.search(r"(?<![\w.-])" + re.escape(dag_id) + r"(?![\w-])", head):
            return line
    return None


def _structure_of(dag):
    """
    What the DAG view draws of a DAG: each task's downstream ids, its task group, its operator and,
    for a task whose code is a Python function, that function's file and first line (a decorated
    function's first decorator). Bounded in tasks, groups and bytes; returns (structure, size).
    """
    tasks = []
    size = 0
    truncated = False
    for task in list(dag.task_dict.values()):
        if len(tasks) >= MAX_STRUCTURE_TASKS:
            truncated = True
            break
        item = {"id": clip(task.task_id, MAX_DAG_ID), "down": sorted(str(d) for d in getattr(task, "downstream_task_ids", ()))[:500]}
        group_id = getattr(getattr(task, "task_group", None), "group_id", None)
        if group_id:
            item["group"] = clip(group_id, MAX_DAG_ID)
        item["op"] = clip(getattr(task, "operator_name", None) or getattr(task, "task_type", None) or type(task).__name__, 100)
        # Airflow 3 says is_mapped; Airflow 2's mapped tasks are (Decorated)MappedOperator instances.
        if getattr(task, "is_mapped", False) is True or type(task).__name__.endswith("MappedOperator"):
            item["mapped"] = True
        where = _function_location(task)
        if where:
            item["file"], item["line"] = where
        cost = len(json.dumps(item, ensure_ascii=True)) + 2
        if size + cost > MAX_STRUCTURE_BYTES:
            truncated = True
            break
        size += cost
        tasks.append(item)
    groups = []
    pending = [(getattr(dag, "task_group", None), None)]
    while pending and len(groups) < MAX_STRUCTURE_GROUPS:
        group, parent = pending.pop()
        for child in list(getattr(group, "children", {}).values()):
            child_id = getattr(child, "group_id", None)
            if not child_id or not hasattr(child, "children") or len(groups) >= MAX_STRUCTURE_GROUPS:
                continue
            entry = {"id": clip(child_id, MAX_DAG_ID), "label": clip(getattr(child, "label", None) or child_id, MAX_DAG_ID)}
            if parent:
                entry["parent"] = parent
            size += len(json.dumps(entry, ensure_ascii=True)) + 2
            groups.append(entry)
            pending.append((child, entry["id"]))
    return {"tasks": tasks, "groups": groups, "truncated": truncated}, size + 64


def _function_location(task):
    """(file, line) of a task's Python function (PythonOperator, @task), when it has one."""
    import inspect

    fn = getattr(task, "python_callable", None)
    if fn is None:
        fn = (getattr(task, "partial_kwargs", None) or {}).get("python_callable")
    if fn is None or not callable(fn):
        return None
    try:
        code = getattr(inspect.unwrap(fn), "__code__", None)
    except Exception:
        return None
    if code is None or not code.co_filename or len(code.co_filename) > MAX_PATH:
        return None
    return code.co_filename, int(code.co_firstlineno)


def _definition_lines(path):
    """dag_id -> line of `DAG("id"...)`, `DAG(dag_id="id")` or a `@dag` function (best effort)."""
    found = {}
    try:
        if os.path.getsize(path) > 2 * 1024 * 1024:
            return found
        with open(path, "rb") as fh:
            tree = ast.parse(fh.read(), path)
    except (OSError, SyntaxError, ValueError):
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("DAG", "dag"):
                continue
            arg = node.args[0] if node.args else None
            for kw in node.keywords:
                if kw.arg == "dag_id":
                    arg = kw.value
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if (getattr(target, "id", None) or getattr(target, "attr", None)) == "dag":
                    dag_id = node.name
                    if isinstance(dec, ast.Call):
                        for kw in dec.keywords:
                            if kw.arg == "dag_id" and isinstance(kw.value, ast.Constant):
                                dag_id = str(kw.value.value)
                    found.setdefault(dag_id, node.lineno)
    return found


def main():
    # Replies go to a private copy of stdout; fd 1 itself (what print() and Airflow's console
    # logging write to) becomes stderr before anything else is imported.
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    reply_stream = os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)
    for folder in (os.environ.get("AIRFLOW__CORE__DAGS_FOLDER"), os.environ.get("AIRFLOW__CORE__PLUGINS_FOLDER")):
        # Airflow appends these (after site-packages), as its processor does.
        if folder and folder not in sys.path:
            sys.path.append(folder)
    try:
        worker = Worker(reply_stream)
    except BaseException:
        text = traceback.format_exc()
        reply_stream.write(json.dumps({"ready": False, "error": clip(text, MAX_DETAIL)}) + "\n")
        reply_stream.flush()
        sys.exit(3)
    worker.send(worker.ready_line())
    worker.serve()


if __name__ == "__main__":
    main()

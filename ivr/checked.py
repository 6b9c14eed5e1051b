"""The menus and catalogues read and checked, ready to serve; in a server worker, by a child process.

Reading the YAML and checking it (PyYAML, jsonschema and every checker of :mod:`ivr.inspect`),
compiling the catalogues (Babel's message tools) and formatting with Babel's whole locale data
cost about 10 MiB in every worker, and more with each language, for work done only at start
and after an edit. So a server worker (:mod:`ivr.server` turns this on with
:func:`use_child_process`) has a child process do that work and send back only its result, a
:class:`Checked`: the model, every problem, the compiled catalogues, and the part of Babel's
data the line reads (:mod:`ivr.cldr`). The checks are the same code either way, so a worker
refuses exactly what ``ivr check`` calls an error. A child that cannot start, dies, or takes
longer than :data:`CHILD_SECONDS` leaves the worker checking the files itself, with a warning:
the line never depends on the child. Every other process (commands, tests) checks in-process.

The result comes back pickled, over a pipe, from a child this process started to run this
module's own code: nothing else writes to that pipe.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import cldr
from .model import Menus
from .problems import Findings, Problem

log = logging.getLogger(__name__)

#: How long a worker waits for its child: a check takes about 0.3 s. At start this stays well
#: inside gunicorn's worker timeout (20 s), which would otherwise restart the worker again and
#: again; after an edit nobody waits for it (:class:`ivr.store.Store`).
CHILD_SECONDS = 10.0
#: What the child runs (the folders follow as its arguments; "" for no catalogues).
_CHILD = "from ivr.checked import child_main; child_main()"
#: At most this many lines of what a child wrote to stderr are logged.
_STDERR_LINES = 20
#: After a child fails, this process checks the files itself for this long before it asks a
#: child again: a worker starting on broken files checks twice (the files, then the last good
#: version), and must not wait for two stuck children inside gunicorn's worker timeout.
AFTER_FAILURE_SECONDS = 600.0

_use_child = False
#: When (time.monotonic) a child last failed, if one has.
_failed_at: float | None = None


@dataclass(frozen=True)
class Checked(Findings):
    """One reading of the menus and catalogues, checked: what a version is made of."""

    #: None when the menus have errors.
    menus: Menus | None
    problems: tuple[Problem, ...]
    #: The problems found in the catalogues (also in ``problems``).
    in_catalogues: tuple[Problem, ...] = ()
    #: The catalogues' fingerprint (:func:`ivr.snapshot.catalogues_fingerprint`).
    catalogues_id: str = ""
    #: Each language of the menus → its catalogue compiled; None where it has none that can be
    #: read (its callers hear English).
    compiled: Mapping[str, bytes | None] = field(default_factory=dict)
    #: What a server worker keeps of Babel's data (made only in the child process).
    cut: cldr.Cut | None = None

    @property
    def version_id(self) -> str:
        """The version these files are: the menus' fingerprint and the catalogues'."""
        return f"{self.menus.version if self.menus is not None else ''}+{self.catalogues_id}"


class CheckCrashed(Exception):
    """A checker failed on these files (in the child process): ``kind`` is the exception's type."""

    def __init__(self, kind: str, trace: str):
        super().__init__(kind)
        self.kind = kind
        self.trace = trace


def use_child_process(on: bool = True) -> None:
    """From now on, this process checks the menus in a child process (server workers do)."""
    global _use_child, _failed_at
    _use_child, _failed_at = on, None


def uses_child_process() -> bool:
    return _use_child


def check(menus_dir: Path, locales_dir: Path | None, *, cut: bool = False) -> Checked:
    """Read and check the files here, compile the menus' catalogues; with ``cut``, also cut
    Babel's data for the menus' languages (worth it only in a child process)."""
    from . import snapshot
    from .i18n import Catalogs, babel_locale
    from .inspect import inspect  # here: the checkers, PyYAML and jsonschema stay out of workers

    report = inspect(menus_dir, locales_dir)
    compiled: dict[str, bytes | None] = {}
    found = None
    if report.menus is not None:
        langs = list(report.menus.line.voices)
        catalogs = Catalogs(locales_dir)
        compiled = {lang: catalogs.compile(lang) for lang in langs}
        if cut:
            found = cldr.cut({lang: babel_locale(lang) for lang in langs})
    return Checked(
        report.menus,
        tuple(report.problems),
        tuple(report.in_catalogues),
        snapshot.catalogues_fingerprint(locales_dir),
        compiled,
        found,
    )


def read(menus_dir: Path, locales_dir: Path | None) -> Checked:
    """The files read and checked: by a child process where :func:`use_child_process` was
    called (falling back to this process if the child fails), else here.

    Raises what a checker raised, or :class:`CheckCrashed` for a checker that failed in the
    child (the files are not checked again here: they would fail the same way)."""
    global _failed_at
    if _use_child and (_failed_at is None or time.monotonic() - _failed_at >= AFTER_FAILURE_SECONDS):
        try:
            return in_child(menus_dir, locales_dir)
        except CheckCrashed:
            raise
        except Exception as exc:  # no interpreter, a timeout, a child killed: check them here
            _failed_at = time.monotonic()
            log.warning(
                "the menus could not be checked in a child process (%s); this worker checks them itself "
                "for the next %d minutes",
                type(exc).__name__,
                AFTER_FAILURE_SECONDS // 60,
            )
    return check(menus_dir, locales_dir)


def in_child(menus_dir: Path, locales_dir: Path | None, timeout: float | None = None) -> Checked:
    """:func:`check` (with Babel's data cut) in a child process, and its result (within
    ``timeout`` seconds, :data:`CHILD_SECONDS` unless said)."""
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(menus_dir), str(locales_dir) if locales_dir is not None else ""],
        capture_output=True,
        timeout=CHILD_SECONDS if timeout is None else timeout,
        env=env,
        check=False,
    )
    for line in done.stderr.decode("utf-8", "replace").splitlines()[:_STDERR_LINES]:
        log.warning("the check's child process: %s", line)
    if done.returncode != 0:
        raise ChildProcessError(f"the check's child process ended with {done.returncode}")
    answer = pickle.loads(done.stdout)
    if answer[0] == "crashed":
        raise CheckCrashed(answer[1], answer[2])
    checked = answer[1]
    if not isinstance(checked, Checked):
        raise TypeError(f"the check's child process answered {type(checked).__name__}")
    return checked


def child_main() -> None:
    """The child process: check the folders in ``sys.argv``, write the pickled result to stdout."""
    import traceback

    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a checker prints can spoil the answer
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s", stream=sys.stderr)
    menus_dir, locales_dir = Path(sys.argv[1]), (Path(sys.argv[2]) if sys.argv[2] else None)
    try:
        answer: tuple[object, ...] = ("ok", check(menus_dir, locales_dir, cut=True))
    except Exception as exc:
        answer = ("crashed", type(exc).__name__, traceback.format_exc())
    out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()

"""Game exercises: a policy graded by replay on hidden games, and the log of a played game.

A *game* (the strategy game of :mod:`course_lib.game`) is a world made from a seed; a
*policy* is a function ``policy(observation) -> {"action": name, **params}`` that plays it.
Two kinds of exercise are played on a game (:class:`GameSpec`):

- ``"policy"``: the learner writes ``def policy(observation): ...``. In their kernel,
  ``check`` plays it on a few visible games and compares it with the naive policy. A
  grading kernel records only its **source** (:func:`policy_source`) -- as data, never the
  function -- and the grader plays it on hidden games drawn from the course secret, the
  world in the grader's process and the policy in a sandboxed process of its own
  (:mod:`autograder.policy_runner`), which gets observations and nothing else;
- ``"game_log"``: the learner plays their own game (its seed comes from their learner id)
  and hands in ``game.log``. The log is replayed on that game, never trusted: only each
  entry's action and parameters are read (:func:`parse_log`).

Both are scored by the same rubric (:func:`game_credit`, :func:`overall_credit`): the points
against the naive and the diagnostic reference policies' points on the same games, where
:data:`FULL_SHARE` of the way from the naive to the diagnostic policy earns full credit.

A graded policy is self-contained: it uses its argument, modules it imports (the standard
library, ``numpy``, ``course_lib.strategy``), constants, and helper functions whose source
can be found; :func:`policy_source` records the imports, constants and helpers it needs,
and :func:`build_policy` makes the function again from that record.

Examples
--------
>>> game_credit(70.0, naive=40.0, diagnostic=70.0), game_credit(40.0, naive=40.0, diagnostic=70.0)
(100, 0)
>>> parse_decision({"action": "collect_target_data", "n": 5000})
('collect_target_data', {'n': 5000})
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import dis
import importlib
import inspect
import math
import textwrap
import time
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from course_lib.contract import POLICY_DECISION_SECONDS, POLICY_MAX_DECISIONS
from course_lib.exercises.time_limit import OutOfTime, time_limit

__all__ = ["FORBIDDEN_MODULES", "FULL_SHARE", "PASS_CREDIT", "GameFault", "GameResult", "GameSpec",
           "Played", "PolicyError", "build_policy", "check_record", "game_credit", "overall_credit",
           "parse_decision", "parse_log", "play_policy", "policy_source", "replay_log"]

#: the credit (of 100) at which the self-check of a policy passes: a bit more than half way
#: from the naive policy's points to the diagnostic policy's
PASS_CREDIT = 50
#: the share of the way from the naive policy's points to the diagnostic policy's that
#: earns full credit (:func:`game_credit`)
FULL_SHARE = 0.8
#: modules a graded policy cannot use: the game's own code (its reference policies are the
#: answer), the exercises, the answer key and the grader
FORBIDDEN_MODULES = ("course_lib.game", "course_lib.exercises", "answer_key", "autograder")
#: characters of source a policy (with its helpers) may have
MAX_SOURCE_CHARS = 100_000
_MAX_PARAMS = 16
_MAX_TEXT = 200


class PolicyError(TypeError):
    """The answer is not a policy whose source the grader can run (the message says why)."""


class GameFault(Exception):
    """A game could not be played to its end: the policy or the log failed (``reason``).

    ``hidden_reason`` says the same without anything the policy or the game's hidden world
    put in the message (an error's text, an action's name): what the feedback on a hidden
    game may show.

    Examples
    --------
    >>> GameFault("your policy raised KeyError: 'dev'", "your policy raised KeyError").hidden_reason
    'your policy raised KeyError'
    """

    def __init__(self, reason: str, hidden_reason: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hidden_reason = reason if hidden_reason is None else hidden_reason


@dataclass(frozen=True)
class Played:
    """The comparator of a game exercise: it is judged by playing, never by comparing values.

    Examples
    --------
    >>> Played()([], [])
    'a game exercise is judged by playing the game, not by comparing answers'
    """

    def __call__(self, answer: Any, expected: Any) -> str | None:
        """``None`` only for the very same object (nothing else can be told apart here)."""
        if answer is expected:
            return None
        return "a game exercise is judged by playing the game, not by comparing answers"


@dataclass(frozen=True)
class GameSpec:
    """The game a ``"policy"`` or ``"game_log"`` exercise is played on.

    Parameters
    ----------
    new : callable
        ``new(seed) -> project``: a fresh game (an object with ``observation()``,
        ``do(action, **params)``, ``over``, ``log`` and ``score().points``).
    replay : callable
        ``replay(log, seed) -> project``: the game after the log's decisions.
    references : mapping of str to callable
        The reference policies, ``{"naive": ..., "diagnostic": ...}``.
    visible_seeds : tuple of int
        The games the self-check plays (anyone may know them).
    hidden_games : int
        How many hidden games grading plays (drawn by :meth:`hidden_seeds`).
    learner_seed : callable, optional
        ``learner_seed(learner_id) -> int``: the seed of a learner's own game.
    """

    new: Callable[[int], Any]
    replay: Callable[[Sequence[Mapping[str, Any]], int], Any]
    references: Mapping[str, Callable[[dict], Any]]
    visible_seeds: tuple[int, ...] = (1, 2, 3)
    hidden_games: int = 5
    learner_seed: Callable[[str], int] | None = None

    def __post_init__(self) -> None:
        if set(self.references) != {"naive", "diagnostic"}:
            raise ValueError("a game needs exactly the references 'naive' and 'diagnostic', "
                             f"got {sorted(self.references)}")
        if not self.visible_seeds or self.hidden_games < 1:
            raise ValueError("a game needs at least one visible seed and one hidden game")

    def hidden_seeds(self, rng: Any) -> list[int]:
        """The seeds of the hidden games, drawn from ``rng`` (seeded by the course secret):
        large integers no policy can guess.

        Examples
        --------
        >>> import numpy as np
        >>> spec = GameSpec(new=int, replay=lambda log, seed: seed,
        ...                 references={"naive": dict, "diagnostic": dict}, hidden_games=2)
        >>> [s > 2**40 for s in spec.hidden_seeds(np.random.default_rng(0))]
        [True, True]
        """
        return [int(rng.integers(2**61, 2**63 - 1)) for _ in range(self.hidden_games)]


@dataclass(frozen=True)
class GameResult:
    """One game played: its label, the points, and why it stopped early (``""``: it did not).

    ``naive`` and ``diagnostic`` are the reference policies' points on the same game.
    """

    label: str
    points: float
    naive: float
    diagnostic: float
    reason: str = ""
    decisions: int = 0
    seconds: float = 0.0

    @property
    def credit(self) -> int:
        """The game's credit (of 100) by :func:`game_credit`; 0 for a game that failed."""
        return 0 if self.reason else game_credit(self.points, naive=self.naive,
                                                 diagnostic=self.diagnostic)


def game_credit(points: float, *, naive: float, diagnostic: float,
                full_share: float | None = None) -> int:
    """The credit (0 to 100) of a game's points, against the references' points on it.

    The rubric: the share of the way from the naive policy's points (0 credit) to the
    diagnostic policy's, where :data:`FULL_SHARE` of the way (or more) earns 100 -- the
    diagnostic policy is one good way to play, not the only one -- rounded down; no more than
    the naive policy's points earn 0. On a game where the two references score within one
    point of each other (or the naive policy scores higher), the credit is the points' share
    of :data:`FULL_SHARE` of the better reference's.

    Examples
    --------
    >>> game_credit(55.0, naive=40.0, diagnostic=70.0)  # half way: 0.5 / 0.8 of full credit
    62
    >>> game_credit(20.0, naive=40.0, diagnostic=70.0)
    0
    >>> game_credit(64.0, naive=40.0, diagnostic=70.0)  # 80 % of the way
    100
    >>> game_credit(55.0, naive=40.0, diagnostic=70.0, full_share=1.0)
    50
    >>> game_credit(60.0, naive=79.5, diagnostic=80.0)
    93
    """
    for name, value in (("points", points), ("naive", naive), ("diagnostic", diagnostic)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise TypeError(f"{name} must be a finite number, got {value!r}")
    full = FULL_SHARE if full_share is None else full_share
    if isinstance(full, bool) or not isinstance(full, int | float) or not 0 < full <= 1:
        raise ValueError(f"full_share must be a number in (0, 1], got {full!r}")
    top = max(naive, diagnostic)
    if points >= top:
        return 100
    if diagnostic - naive < 1.0:
        share = points / top if top > 0 else 1.0
    else:
        share = (points - naive) / (diagnostic - naive)
    return max(0, min(100, math.floor(100 * share / full + 1e-9)))


def overall_credit(results: Sequence[GameResult]) -> int:
    """The credit of a set of games as a whole: :func:`game_credit` of the mean points
    (a game that stopped early counts 0 points) against the references' mean points.

    Judging the games together keeps a good policy's unlucky game from costing it marks,
    while a game that stops early still costs all of its points.

    Examples
    --------
    >>> games = [GameResult("1", 70.0, 10.0, 80.0), GameResult("2", 50.0, 10.0, 60.0)]
    >>> [g.credit for g in games], overall_credit(games)
    ([100, 100], 100)
    >>> overall_credit([*games, GameResult("3", 0.0, 10.0, 70.0, reason="it raised")])
    62
    """
    if not results:
        return 0
    n = len(results)
    mine = sum(0.0 if r.reason else r.points for r in results) / n
    return game_credit(mine, naive=sum(r.naive for r in results) / n,
                       diagnostic=sum(r.diagnostic for r in results) / n)


# --- decisions and logs as data ------------------------------------------------------------

def _scalar(value: Any) -> Any:
    """A parameter value as a plain JSON scalar (numpy scalars become Python ones)."""
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()
    if value is None or type(value) in (bool, int, str):
        if type(value) is str and len(value) > _MAX_TEXT:
            raise GameFault(f"a text parameter longer than {_MAX_TEXT} characters")
        if type(value) is int and abs(value) > 2**53:
            raise GameFault("an integer parameter too large to be a count")
        return value
    if type(value) is float and math.isfinite(value):
        return value
    raise GameFault(f"a parameter of type {type(value).__name__} (parameters are numbers, "
                    "text, True/False or None)")


def parse_decision(decision: Any) -> tuple[str, dict[str, Any]]:
    """``(action, params)`` of a policy's decision ``{"action": name, **params}``.

    Raises
    ------
    GameFault
        If the decision is not a dict with a text ``"action"`` and plain parameters.

    Examples
    --------
    >>> parse_decision({"action": "train_longer"})
    ('train_longer', {})
    >>> parse_decision("train_longer")
    Traceback (most recent call last):
    ...
    course_lib.exercises.games.GameFault: a decision must be a dict like {"action": name, \
**params}, got str
    """
    if type(decision) is not dict:
        raise GameFault('a decision must be a dict like {"action": name, **params}, got '
                        f"{type(decision).__name__}")
    action = decision.get("action")
    if type(action) is not str or not action or len(action) > _MAX_TEXT:
        raise GameFault('a decision needs "action": the name of an action, as text')
    params = {k: v for k, v in decision.items() if k != "action"}
    if len(params) > _MAX_PARAMS or any(type(k) is not str or not k.isidentifier()
                                        for k in params):
        raise GameFault("a decision's parameters must be a few names (text) with values")
    return action, {k: _scalar(v) for k, v in params.items()}


def parse_log(log: Any) -> list[dict[str, Any]]:
    """The entries of a played game's log, as ``{"action", "params"}`` dicts and nothing else.

    Anything else an entry holds (a ``"score"``, a comment) is ignored: a log is replayed,
    never trusted.

    Raises
    ------
    GameFault
        If ``log`` is not a list of entries ``{"action": name, "params": {...}}``; the message
        names the first bad entry.

    Examples
    --------
    >>> parse_log([{"action": "train_longer", "params": {}, "score": 100}])
    [{'action': 'train_longer', 'params': {}}]
    >>> parse_log({"log": []})
    Traceback (most recent call last):
    ...
    course_lib.exercises.games.GameFault: a game's log is a list (game.log), got dict
    """
    if type(log) not in (list, tuple):
        raise GameFault(f"a game's log is a list (game.log), got {type(log).__name__}")
    if len(log) > POLICY_MAX_DECISIONS:
        raise GameFault(f"the log has {len(log)} entries; a game has at most "
                        f"{POLICY_MAX_DECISIONS}")
    entries = []
    for number, entry in enumerate(log, start=1):
        if type(entry) is not dict or type(entry.get("params", {})) is not dict:
            raise GameFault(f"entry {number} of the log is not a dict "
                            '{"action": name, "params": {...}}')
        try:
            action, params = parse_decision({**entry["params"], "action": entry.get("action")}
                                            if "params" in entry else
                                            {"action": entry.get("action")})
        except GameFault as fault:
            raise GameFault(f"entry {number} of the log: {fault.reason}") from None
        entries.append({"action": action, "params": params})
    return entries


def _describe_error(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def play_policy(decide: Callable[[dict], Any], project: Any, *,
                max_decisions: int = POLICY_MAX_DECISIONS) -> int:
    """Play ``project`` to its end with ``decide(observation) -> decision``; return the number
    of decisions made.

    ``decide`` may raise :class:`GameFault` (the grader's sandboxed policy does when the
    policy fails); any decision the game refuses stops the game too.

    Raises
    ------
    GameFault
        If a decision is malformed or refused, or the game is not over after
        ``max_decisions`` decisions (a policy that goes round in circles).
    """
    made = 0
    while not project.over:
        if made >= max_decisions:
            raise GameFault(f"the game was not over after {max_decisions} decisions (a policy "
                            "that never spends its budget?)")
        action, params = parse_decision(decide(project.observation()))
        try:
            project.do(action, **params)
        except Exception as exc:  # noqa: BLE001 - any refusal of the game ends it
            raise GameFault(f"decision {made + 1} was refused by the game "
                            f"({_describe_error(exc)})",
                            "a decision was refused by the game (an unknown action, a "
                            "parameter out of range, or one that does not fit in the weeks "
                            "left)") from None
        made += 1
    return made


def replay_log(spec: GameSpec, log: Any, seed: int) -> Any:
    """The game ``seed`` after the decisions of ``log`` (checked by :func:`parse_log`).

    Raises
    ------
    GameFault
        If the log is malformed, or the game refuses one of its entries (named).
    """
    entries = parse_log(log)
    try:
        return spec.replay(entries, seed)
    except Exception:  # noqa: BLE001 - find which entry the game refuses, to say so
        project = spec.new(seed)
        for number, entry in enumerate(entries, start=1):
            try:
                project.do(entry["action"], **entry["params"])
            except Exception as exc:  # noqa: BLE001
                raise GameFault(f"entry {number} of the log ({entry['action']!r}) was refused "
                                f"by the game: {_describe_error(exc)}") from None
        raise GameFault("the game could not replay this log") from None


# --- a policy's source, recorded as data, and the policy made again from it ----------------

def _global_names(code: types.CodeType) -> list[str]:
    """The global names ``code`` (and the functions and comprehensions in it) reads."""
    names: list[str] = []
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME") and \
                instruction.argval not in names:
            names.append(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names += [n for n in _global_names(const) if n not in names]
    return names


def _forbidden(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in FORBIDDEN_MODULES)


def _imported_modules(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return found


def _function_source(function: types.FunctionType) -> str:
    """The source of ``function``'s ``def`` (its decorators left out), dedented."""
    name = function.__code__.co_name
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        raise PolicyError(f"the source code of {name} cannot be found (was it made by exec, "
                          "or loaded from a file that changed?): define it with def in a "
                          "notebook cell and run that cell again") from None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef) or node.name != name:
        raise PolicyError(f"the source found for {name} does not define it: define it with "
                          "def in a notebook cell and run that cell again")
    for module in _imported_modules(node):
        if _forbidden(module):
            raise PolicyError(f"{name} imports {module}: a graded policy plays without the "
                              "game's own code and the course's answers (the standard "
                              "library, numpy and course_lib.strategy are fine)")
    return "\n".join(source.splitlines()[node.lineno - 1:node.end_lineno]) + "\n"


def _installed(module: str) -> bool:
    """Whether ``module`` is installed (with Python, in its environment, or in
    ``course_lib``), so that a graded policy can import it; a learner's own file is not."""
    import sys
    from pathlib import Path

    loaded = sys.modules.get(module)
    where = getattr(loaded, "__file__", None) if loaded is not None else None
    if loaded is None or where is None:
        return loaded is not None  # a module built into Python has no file
    roots = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(__file__).resolve().parent.parent]
    return any(Path(where).resolve().is_relative_to(root) for root in roots)


def _importable(value: Any) -> tuple[str, str] | None:
    """``(module, name)`` when ``value`` is what ``from module import name`` gives, in an
    installed module a graded policy may import."""
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", "")
    if not isinstance(module, str) or not isinstance(name, str) or "." in name \
            or module == "__main__" or _forbidden(module) or not _installed(module):
        return None
    try:
        found = getattr(importlib.import_module(module), name, None)
    except Exception:  # noqa: BLE001 - a module that does not import is not a module to use
        return None
    return (module, name) if found is value else None


def _plain_constant(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if value is None or type(value) in (bool, int, str):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) in (list, tuple, set, frozenset):
        return len(value) <= 1000 and all(_plain_constant(v, depth + 1) for v in value)
    if type(value) is dict:
        return len(value) <= 1000 and all(_plain_constant(k, depth + 1) and
                                          _plain_constant(v, depth + 1)
                                          for k, v in value.items())
    return False


@dataclass
class _Capture:
    sources: list[str] = field(default_factory=list)
    imports: list[list[Any]] = field(default_factory=list)
    constants: list[list[Any]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _capture(function: types.FunctionType, found: _Capture, root: str) -> None:
    """Add ``function``'s source to ``found``, after what it needs from its globals."""
    from course_lib.exercises.encoding import encode

    name = function.__code__.co_name
    found.seen.add(name)
    if function.__code__.co_freevars:
        raise PolicyError(f"{name} uses {', '.join(function.__code__.co_freevars)} of an "
                          "enclosing function: define it at the top level of a cell")
    own = _function_source(function)
    for global_name in _global_names(function.__code__):
        if global_name in found.seen or global_name not in function.__globals__:
            continue  # a builtin, a name defined later, or one already captured
        value = function.__globals__[global_name]
        found.seen.add(global_name)
        if isinstance(value, types.ModuleType):
            if _forbidden(value.__name__):
                raise PolicyError(f"{name} uses the module {value.__name__}: a graded policy "
                                  "plays without the game's own code and the course's "
                                  "answers")
            if not _installed(value.__name__):
                raise PolicyError(f"{name} uses the module {value.__name__}, a file of your "
                                  "own: a graded policy runs alone, without your files; put "
                                  "what it needs inside it")
            found.imports.append([global_name, value.__name__, None])
        elif isinstance(value, types.FunctionType) and _importable(value) is None:
            if value.__name__ == "<lambda>":
                raise PolicyError(f"{name} uses {global_name}, a lambda: write it with def")
            _capture(value, found, root)
        elif _importable(value) is not None:
            module, attribute = _importable(value)  # type: ignore[misc]
            found.imports.append([global_name, module, attribute])
        elif _plain_constant(value):
            found.constants.append([global_name, encode(value)])
        else:
            raise PolicyError(
                f"{name} uses {global_name}, a {type(value).__name__} defined outside "
                f"{root}: a graded policy may use only its argument, modules, constants "
                "(numbers, text, lists, dicts) and functions of its own; define it inside "
                "the policy")
    found.sources.append(own)


def policy_source(policy: Any) -> dict[str, Any]:
    """What a grading kernel records for a policy: its source and what it needs, as data.

    Returns
    -------
    dict
        ``{"name": function name, "source": the source of its def (after its helpers'),
        "imports": [[name, module, attribute or None], ...], "constants": [[name,
        encoded value], ...]}`` -- what :func:`build_policy` needs to make it again.

    Raises
    ------
    PolicyError
        If ``policy`` is not a function defined with ``def`` whose source can be found,
        or it uses something from outside that cannot be recorded (the message says what).

    Examples
    --------
    >>> from course_lib.strategy import diagnose
    >>> LIMIT = 0.02
    >>> def careful(observation):
    ...     return {"action": "ship" if observation["dev"] < LIMIT else "train_longer"}
    >>> record = policy_source(careful)
    >>> record["name"], record["constants"]
    ('careful', [['LIMIT', {'float': 0.02}]])
    >>> build_policy(record)({"dev": 0.01})
    {'action': 'ship'}
    >>> policy_source(lambda observation: {"action": "ship"})
    Traceback (most recent call last):
    ...
    course_lib.exercises.games.PolicyError: a lambda cannot be graded: write def \
policy(observation): ... in a cell
    """
    if isinstance(policy, types.BuiltinFunctionType | types.MethodType | type) or \
            not isinstance(policy, types.FunctionType):
        raise PolicyError(f"expected a function policy(observation), got "
                          f"{type(policy).__name__}: define it with def, then pass the "
                          "function itself, without calling it")
    if policy.__name__ == "<lambda>" or policy.__code__.co_name == "<lambda>":
        raise PolicyError("a lambda cannot be graded: write def policy(observation): ... in "
                          "a cell")
    code = policy.__code__
    if code.co_argcount + code.co_posonlyargcount < 1 and not code.co_flags & 0x04:
        raise PolicyError(f"{code.co_name} takes no argument: a policy is called as "
                          "policy(observation)")
    found = _Capture()
    _capture(policy, found, code.co_name)
    source = "\n".join(found.sources)
    if len(source) > MAX_SOURCE_CHARS:
        raise PolicyError(f"the policy's source is {len(source)} characters long; at most "
                          f"{MAX_SOURCE_CHARS}")
    return {"name": code.co_name, "source": source, "imports": found.imports,
            "constants": found.constants}


def check_record(record: Any) -> dict[str, Any]:
    """A recorded policy, checked to be what :func:`policy_source` makes (the grader's side).

    Raises
    ------
    PolicyError
        If it is not.

    Examples
    --------
    >>> check_record({"name": "p", "source": "def p(o):\\n    return o\\n", "imports": [],
    ...               "constants": []})["name"]
    'p'
    >>> check_record({"name": "os.system"})
    Traceback (most recent call last):
    ...
    course_lib.exercises.games.PolicyError: the recorded policy is malformed
    """
    bad = PolicyError("the recorded policy is malformed")
    if type(record) is not dict or set(record) != {"name", "source", "imports", "constants"}:
        raise bad
    name, source = record["name"], record["source"]
    if type(name) is not str or not name.isidentifier() or type(source) is not str \
            or len(source) > MAX_SOURCE_CHARS:
        raise bad
    imports, constants = record["imports"], record["constants"]
    if type(imports) is not list or type(constants) is not list:
        raise bad
    for item in imports:
        if type(item) is not list or len(item) != 3 or type(item[0]) is not str \
                or not item[0].isidentifier() or type(item[1]) is not str \
                or not all(part.isidentifier() for part in item[1].split(".")) \
                or not (item[2] is None or (type(item[2]) is str and item[2].isidentifier())):
            raise bad
    for item in constants:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str \
                or not item[0].isidentifier():
            raise bad
    return record


def build_policy(record: Mapping[str, Any]) -> Callable[[dict], Any]:
    """Make a recorded policy again: import its modules, set its constants, run its source.

    This runs the learner's code: the grader calls it only inside the policy's sandbox.

    Raises
    ------
    PolicyError
        If the record is malformed, a module it uses is not available, or its source does
        not define the function.
    """
    from course_lib.exercises.encoding import decode

    record = check_record(dict(record))
    namespace: dict[str, Any] = {"__name__": "graded_policy", "__builtins__": builtins}
    for name, module, attribute in record["imports"]:
        if _forbidden(module):
            raise PolicyError(f"the policy uses {module}, which a graded policy cannot use")
        try:
            value = importlib.import_module(module)
            namespace[name] = value if attribute is None else getattr(value, attribute)
        except (ImportError, AttributeError) as exc:
            raise PolicyError(f"the policy needs {module}, which is not available here "
                              f"({type(exc).__name__})") from None
    for name, value in record["constants"]:
        namespace[name] = decode(value)
    exec(compile(record["source"], "<policy>", "exec"), namespace)  # noqa: S102 - by design
    policy = namespace.get(record["name"])
    if not callable(policy):
        raise PolicyError(f"the recorded source does not define {record['name']}")
    return policy


# --- playing in the learner's kernel (the self-check) --------------------------------------

def _reference_points(spec: GameSpec, seed: int) -> tuple[float, float]:
    from course_lib.exercises.cases import silenced

    points = []
    with silenced():
        for name in ("naive", "diagnostic"):
            project = spec.new(seed)
            with contextlib.suppress(GameFault):  # a reference that stops is scored as is
                play_policy(spec.references[name], project)
            points.append(float(project.score().points))
    return points[0], points[1]


def play_in_kernel(spec: GameSpec, policy: Callable[[dict], Any],
                   games: Iterable[tuple[str, int]]) -> list[GameResult]:
    """Play ``policy`` on each ``(label, seed)`` here, in this process (the self-check).

    A policy that raises, returns something that is not a decision, or takes more than
    :data:`~course_lib.contract.POLICY_DECISION_SECONDS` (times 5) for one decision ends its
    game with a reason, as when it is graded.
    """
    results = []
    for label, seed in games:
        naive, diagnostic = _reference_points(spec, seed)
        project = spec.new(seed)
        start, made, reason = time.monotonic(), 0, ""

        def decide(observation: dict) -> Any:
            try:
                with time_limit(5 * POLICY_DECISION_SECONDS):
                    return policy(observation)
            except OutOfTime:
                raise GameFault(f"your policy took more than {5 * POLICY_DECISION_SECONDS:g} "
                                "s to choose a decision") from None
            except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
                raise GameFault(f"your policy raised {_describe_error(exc)}",
                                f"your policy raised {type(exc).__name__}") from None

        try:
            made = play_policy(decide, project)
        except GameFault as fault:
            reason = fault.reason
        results.append(GameResult(label, float(project.score().points) if not reason else 0.0,
                                  naive, diagnostic, reason, made, time.monotonic() - start))
    return results


def results_table(results: Sequence[GameResult], *, show_diagnostic: bool = True) -> str:
    """The games as plain lines: points, the references' points, the credit.

    Examples
    --------
    >>> print(results_table([GameResult("game 1", 55.0, 40.0, 70.0)]))
      game 1: 55.0 points (naive 40.0, diagnostic 70.0): credit 62 of 100
    """
    lines = []
    for r in results:
        refs = f"naive {r.naive:.1f}" + (f", diagnostic {r.diagnostic:.1f}"
                                         if show_diagnostic else "")
        if r.reason:
            lines.append(f"  {r.label}: stopped, 0 points ({refs}): {r.reason}")
        else:
            lines.append(f"  {r.label}: {r.points:.1f} points ({refs}): credit "
                         f"{r.credit} of 100")
    return "\n".join(lines)


@dataclass(frozen=True)
class GameOutcome:
    """A self-check of a game exercise: whether it passes, and what to show."""

    ok: bool
    title: str
    details: str
    hint: str = ""
    results: tuple[GameResult, ...] = ()
    #: the policy is still the released stub (it raises ``NotImplementedError``)
    unanswered: bool = False

    @property
    def credit(self) -> float:
        """The credit of the games played as a whole (of 100): :func:`overall_credit`."""
        return float(overall_credit(self.results))


def _policy_outcome(spec: GameSpec, policy: Any, games: list[tuple[str, int]],
                    hints: Sequence[str]) -> GameOutcome:
    try:
        made = build_policy(policy_source(policy))
    except PolicyError as error:
        return GameOutcome(False, "this policy cannot be graded", f"  {error}",
                           hints[0] if hints else "")
    results = tuple(play_in_kernel(spec, made, games))
    if any(r.reason.startswith("your policy raised NotImplementedError") for r in results):
        return GameOutcome(False, "not answered yet", "", "", results, unanswered=True)
    mine = sum(r.points for r in results) / len(results)
    naive = sum(r.naive for r in results) / len(results)
    outcome = GameOutcome(True, "", results_table(results), "", results)
    details = (f"{outcome.details}\n  on average: {mine:.1f} points, the naive policy "
               f"{naive:.1f}; credit {outcome.credit:.0f} of 100 (played from your policy's "
               "source, as the grader will)")
    failed = [r for r in results if r.reason]
    if failed:
        return GameOutcome(False, f"{len(failed)} of {len(results)} games stopped early",
                           details, "a graded policy must play every game to its end: "
                           "return a dict like {\"action\": name, **params} every time.",
                           results)
    if outcome.credit < PASS_CREDIT:
        title = ("your policy plays no better than the naive one" if mine <= naive else
                 "your policy is not yet half way from the naive policy to the diagnostic one")
        return GameOutcome(False, title, details, hints[-1] if hints else "", results)
    return GameOutcome(True, f"your policy played {len(results)} games", details, "", results)


def _log_outcome(spec: GameSpec, log: Any, learner: Any) -> GameOutcome:
    if spec.learner_seed is None:
        raise ValueError("this game has no per-learner games (learner_seed)")
    if not isinstance(learner, str):
        return GameOutcome(False, "which game?", "  pass learner=LEARNER_ID to the check: "
                           "your game is the one of your learner id")
    seed = spec.learner_seed(learner)
    try:
        project = replay_log(spec, log, seed)
    except GameFault as fault:
        return GameOutcome(False, "this log cannot be replayed", f"  {fault.reason}",
                           "hand in game.log of the game made with your own seed, "
                           "unchanged.")
    if not project.over:
        return GameOutcome(False, "your game is not over yet", "  keep playing until the "
                           "budget is spent (game.over is True), then hand in game.log", "")
    naive, diagnostic = _reference_points(spec, seed)
    result = GameResult("your game", float(project.score().points), naive, diagnostic,
                        decisions=len(log))
    details = results_table([result])
    if not learner.strip():
        details += ("\n  note: your learner id is empty, so this is the default game; the "
                    "grader replays your log on the game of your learner id: set it (in "
                    "00_start_here) before you play")
    return GameOutcome(True, f"your game replays to {result.points:.1f} points", details, "",
                       (result,))


def game_outcome(exercise: Any, answer: Any, context: Mapping[str, Any], *,
                 hidden: bool = False) -> GameOutcome:
    """The self-check of a game exercise in the learner's kernel.

    A policy is made again from its source (:func:`policy_source`, :func:`build_policy`)
    and played on the visible games -- or, with ``hidden``, on the self-study hidden games
    (from the exercise's public seed; graded courses draw theirs from the course secret);
    a log is replayed on the learner's own game.
    """
    import numpy as np

    spec: GameSpec = exercise.game
    if exercise.kind == "game_log":
        return _log_outcome(spec, answer, context.get("learner"))
    if hidden:
        seeds = spec.hidden_seeds(np.random.default_rng(exercise.seed))
        games = [(f"hidden game {k}", s) for k, s in enumerate(seeds, start=1)]
    else:
        games = [(f"game {s}", s) for s in spec.visible_seeds]
    return _policy_outcome(spec, answer, games, tuple(exercise.hints))

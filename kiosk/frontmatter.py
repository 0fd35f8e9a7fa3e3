"""A topic file's front matter: the YAML between its ``---`` lines, read and checked.

It owns the keys a topic may set (`FRONT_MATTER_KEYS`) and turns the block into typed
values with the file line of each key: text is cut to its limits, dates are dates, an
icon is a picture in the pack; an unknown key, a wrong value or YAML that cannot be read
is a problem located on its line, never an exception. Nothing here reads the topic's
Markdown.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk import limits, startmemo
from kiosk.dates import DATE_FORMS, DATE_KEYS, parse_moment
from kiosk.images import check_image
from kiosk.problem import Problem, error, warning

# Values quoted in messages stay short, however deeply YAML aliases nest them.
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxstring, _SHORT.maxother = 2, 4, 60, 60

FRONT_MATTER_KEYS = (
    "title",
    "summary",
    "icon",
    "order",
    "sources",
    "reviewed",
    "review_by",
    *DATE_KEYS,
)


@dataclass(frozen=True)
class Split:
    """A Markdown file cut at its front matter.

    Attributes:
        meta: The front matter's keys and values (empty when it has none).
        key_lines: The file line of each key.
        lines: The file's lines, as editors count them.
        body_start: The index in `lines` where the Markdown after the front matter starts.
    """

    meta: dict[str, Any]
    key_lines: dict[str, int]
    lines: list[str]
    body_start: int


def split_front_matter(text: str, rel: str, problems: list[Problem]) -> Split | None:
    """`text` cut into its front matter (between ``---`` lines at the top, if any) and
    the Markdown after it; None, with the problem added, when the front matter is
    never closed or cannot be read."""
    # Lines as editors count them: not split at a lone CR or a Unicode line separator.
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].strip() != "---":
        return Split({}, {}, lines, 0)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.append(
            error(
                rel,
                1,
                "front-matter-unclosed",
                "front matter opened with --- is never closed; add a --- line after it",
            )
        )
        return None
    parsed = parse_front_matter("\n".join(lines[1:end]), rel, problems)
    if parsed is None:
        return None
    meta, key_lines = parsed
    return Split(meta, key_lines, lines, end + 1)


def parse_front_matter(
    text: str, rel: str, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """YAML front matter as a mapping, with the file line of each key (from the start
    memo, `kiosk.startmemo`, when the last full check parsed exactly this text)."""
    memo = startmemo.current()
    if memo is not None and (known := memo.known_front_matter(text)) is not None:
        return known
    found = len(problems)
    try:
        parsed = _parse_yaml(text, rel, problems)
    except RecursionError:
        problems.append(
            error(
                rel,
                1,
                "nesting-too-deep",
                "front matter nests lists or mappings too deep; write one key per line",
            )
        )
        return None
    if memo is not None and parsed is not None and len(problems) == found:
        memo.parsed_front_matter(text, *parsed)
    return parsed


def _parse_yaml(
    text: str, rel: str, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    import yaml  # about 20 ms: not on the start-up path when the start memo has the text

    # libyaml's parser when PyYAML has it (it does on PyPI's wheels): several times faster.
    fast_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node, data = _compose(fast_loader, text)
    except (ValueError, TypeError) as exc:  # a well-formed value that cannot be (2024-13-45)
        problems.append(
            error(rel, 1, "front-matter-value", f"front matter has a value that cannot be: {exc}")
        )
        return None
    except yaml.YAMLError:
        # Python's own parser points at the line a person would fix (libyaml points at
        # the end of the block), so a broken block is parsed again to say where.
        try:
            node, data = _compose(yaml.SafeLoader, text)
        except (ValueError, TypeError) as exc:
            problems.append(
                error(
                    rel, 1, "front-matter-value", f"front matter has a value that cannot be: {exc}"
                )
            )
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            reason = getattr(exc, "problem", None) or str(exc)
            problems.append(
                error(rel, line, "front-matter-syntax", f"front matter is not valid: {reason}")
            )
            return None
    if not isinstance(data, dict):
        problems.append(
            error(
                rel,
                2,
                "front-matter-syntax",
                "front matter must be lines of 'key: value', like 'title: Sleep'",
            )
        )
        return None
    key_lines = {
        str(key.value): key.start_mark.line + 2
        for key, _ in (node.value if isinstance(node, yaml.MappingNode) else [])
    }
    return {str(k): v for k, v in data.items()}, key_lines


def _compose(loader_type: Any, text: str) -> tuple[Any, Any]:
    """The YAML node tree of `text` (for key lines) and its Python value."""
    loader = loader_type(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else {})
    finally:
        loader.dispose()


def check_front_matter(
    meta: dict[str, Any],
    key_lines: dict[str, int],
    root: Path,
    folder: str,
    rel: str,
    problems: list[Problem],
) -> dict[str, Any]:
    """Typed front-matter values; a problem for each unknown key or wrong value."""
    checked: dict[str, Any] = {}

    def bad(key: str, allowed: str) -> None:
        problems.append(
            error(
                rel,
                key_lines.get(key, 1),
                "front-matter-value",
                f"{key} must be {allowed}, not {_SHORT.repr(meta[key])}",
            )
        )

    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            import difflib

            close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else "known keys are " + ", ".join(FRONT_MATTER_KEYS)
            )
            problems.append(
                warning(
                    rel,
                    key_lines.get(key, 1),
                    "front-matter-unknown-key",
                    f"unknown front-matter key {key!r}; {hint}",
                )
            )
        elif key in ("title", "summary"):
            if value is None:
                continue
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                checked[key] = str(value).strip()
            else:
                bad(key, "one line of text")
        elif key == "icon":
            if not isinstance(value, str):
                bad(key, "the path of a picture in the pack, like images/sleep.png")
                continue
            icon = check_image(root, folder, value)
            if icon.ok:
                checked[key] = icon.path
            else:
                assert icon.problem is not None
                problems.append(warning(rel, key_lines.get(key, 1), icon.rule, icon.problem))
        elif key == "order":
            if isinstance(value, int) and not isinstance(value, bool):
                checked[key] = value
            else:
                bad(key, "a whole number")
        elif key == "sources":
            if isinstance(value, str):
                checked[key] = (value,)
            elif isinstance(value, list) and all(isinstance(s, str) for s in value):
                checked[key] = tuple(value)
            else:
                bad(key, "a list of sources, one per line starting with '- '")
        elif key in ("reviewed", "review_by"):
            if isinstance(value, datetime):  # a date with a time: the day is what counts
                checked[key] = value.date()
            elif isinstance(value, date):
                checked[key] = value
            else:
                bad(key, "a date written YYYY-MM-DD")
        elif key in DATE_KEYS:
            moment = parse_moment(value, key)
            if moment is None:
                bad(key, DATE_FORMS)
            else:
                checked[key] = moment
    _check_lengths(checked, key_lines, rel, problems)
    return checked


_LONGEST = {"title": limits.MAX_TITLE, "summary": limits.MAX_SUMMARY}


def _check_lengths(
    checked: dict[str, Any], key_lines: dict[str, int], rel: str, problems: list[Problem]
) -> None:
    """Errors for front-matter text too long or not text at all; the values are cut down
    so that even a preview of the broken pack stays quick."""

    def fit(key: str, value: str, limit: int, what: str) -> str:
        line = key_lines.get(key, 1)
        control = limits.control_character(value)
        if control is not None:
            problems.append(error(rel, line, control.rule, f"{what}: {control.message}"))
            value = limits.CONTROL.sub("", value)
        too_long = limits.too_long(value, limit, what)
        if too_long is not None:
            problems.append(error(rel, line, "text-too-long", f"{too_long}; shorten it"))
            value = value[:limit]
        return value

    for key, limit in _LONGEST.items():
        if key in checked:
            checked[key] = fit(key, checked[key], limit, f"the {key}")
    sources = checked.get("sources", ())
    if len(sources) > limits.MAX_SOURCES:
        problems.append(
            error(
                rel,
                key_lines.get("sources", 1),
                "text-too-long",
                f"{len(sources)} sources; list at most {limits.MAX_SOURCES}, the ones the "
                "topic relies on",
            )
        )
        sources = sources[: limits.MAX_SOURCES]
    if sources:
        checked["sources"] = tuple(
            fit("sources", source, limits.MAX_SOURCE, "a source") for source in sources
        )

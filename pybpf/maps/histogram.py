"""Text and JSON rendering of BPF histograms, identical to BCC's output.

BCC programs fill a map with ``dist.increment(bpf_log2l(delta))`` (a *log2* histogram, one slot
per power of two) or ``dist.increment(value)`` (a *linear* histogram, one slot per integer) and
then call ``table.print_log2_hist()`` / ``print_linear_hist()`` / ``print_json_hist()``.  Tools and
their users (and their test suites) depend on the exact text those calls produce, so this module
reproduces it character for character: column widths, the wide layout used once a log2 histogram
has a slot above 32, the star bar, the ``strip_leading_zero`` rule, and the section headers of
histograms keyed by a struct ``{bucket, slot}``.

Everything here is pure Python working on already-decoded values, so it can be tested without a
kernel.  There are two layers:

* :func:`format_log2_hist`, :func:`format_linear_hist` and :func:`log2_hist_json` render one
  dense list of slot counts (BCC's ``_print_log2_hist``, ``_print_linear_hist`` and
  ``_get_json_hist``).
* :func:`format_log2_hist_table`, :func:`format_linear_hist_table` and :func:`json_hist_table`
  take a map's ``(key, value)`` pairs and implement the table methods ``print_log2_hist``,
  ``print_linear_hist`` and ``print_json_hist``: building the dense slot lists, splitting
  struct keys into sections, ordering the sections.

Functions return the text BCC would print (each line ending in ``"\\n"``) instead of printing it.

A few BCC behaviours are kept on purpose because output compatibility is the point:

* Slot 0 of a log2 histogram is never printed (its range would be ``0 -> 0``; BCC's loop starts
  at 1), and nothing at all, not even the header, is printed if only slot 0 is non-zero.
* Sections appear in the order their buckets are first seen while iterating the map, not sorted;
  pass ``bucket_sort_fn`` (e.g. ``sorted``) to order them.
* When ``bucket_fn`` maps several keys to the same bucket and slot, the last value seen wins;
  counts are not added up.
* ``print_json_hist`` prints the Python ``repr`` of a dict (single quotes), not JSON text.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple

__all__ = [
    "STARS_MAX",
    "LOG2_INDEX_MAX",
    "LINEAR_INDEX_MAX",
    "stars",
    "format_log2_hist",
    "format_linear_hist",
    "log2_hist_json",
    "format_log2_hist_table",
    "format_linear_hist_table",
    "json_hist_tables",
    "json_hist_table",
]

#: Width of the distribution bar in the normal layouts (the wide log2 layout uses half of it).
STARS_MAX = 40
#: Number of slots of a log2 histogram: enough for ``bpf_log2l()`` of any 64-bit value.
LOG2_INDEX_MAX = 65
#: Number of slots of a linear histogram (slots 0..1024).
LINEAR_INDEX_MAX = 1025

# A log2 histogram whose highest non-empty slot is above this index uses the wide layout,
# since the bounds no longer fit in 10 digits.
_LOG2_NARROW_MAX_INDEX = 32

_LOG2_HEADER = "     %-19s : count     distribution"
_LOG2_BODY = "%10d -> %-10d : %-8d |%-*s|"
_LOG2_WIDE_HEADER = "               %-29s : count     distribution"
_LOG2_WIDE_BODY = "%20d -> %-20d : %-8d |%-*s|"
_LINEAR_HEADER = "     %-13s : count     distribution"
_LINEAR_BODY = "        %-10d : %-8d |%-*s|"
_SECTION_HEADER = "\n%s = %s"

_JSON_TS_FORMAT = "%Y-%m-%d %H:%M:%S"

Items = Iterable[Tuple[Any, Any]]


# --------------------------------------------------------------------------------------------
# One histogram: a dense list of slot counts
# --------------------------------------------------------------------------------------------

def stars(val, val_max, width: int) -> str:
    """The distribution bar of one row: ``val / val_max`` of ``width`` asterisks.

    The bar has ``min(width, floor(width * val / val_max))`` stars, computed with true (float)
    division as BCC does.  If ``val`` exceeds ``val_max`` the bar is capped at ``width``
    characters and its last character becomes ``"+"``.
    """
    # BCC adds a star while ``i <= width * val / val_max - 1`` (and ``i < width``); keep the
    # same float expression so rounding at the boundaries is identical.
    limit = width * val / val_max - 1
    count = 0
    while count <= width - 1 and not count > limit:
        count += 1
    bar = "*" * count
    if val > val_max:
        bar = bar[:-1] + "+"
    return bar


def _extent(vals: Sequence) -> Tuple[int, Any]:
    """Index of the last positive slot (-1 if none) and the largest count (at least 0)."""
    idx_max = -1
    val_max = 0
    for i, v in enumerate(vals):
        if v > 0:
            idx_max = i
        if v > val_max:
            val_max = v
    return idx_max, val_max


def _join(lines: Iterable[str]) -> str:
    return "".join(line + "\n" for line in lines)


def format_log2_hist(vals: Sequence[int], val_type: str = "value",
                     strip_leading_zero: Optional[bool] = None) -> str:
    """Render a log2 histogram as BCC's ``_print_log2_hist(vals, val_type, strip_leading_zero)``.

    ``vals[i]`` counts the values in ``[2**(i-1), 2**i - 1]`` (slot 1 is shown as ``0 -> 1``).
    Rows run from slot 1 up to the last slot with a positive count; slot 0 is never shown.  If
    that last slot is above 32 the wide layout (20-digit bounds, 20-character bar) is used.  With
    a true ``strip_leading_zero`` the rows before the first non-zero count are omitted (the
    header is still printed).  An empty histogram renders as ``""``.
    """
    idx_max, val_max = _extent(vals)
    if idx_max <= _LOG2_NARROW_MAX_INDEX:
        header, body, width = _LOG2_HEADER, _LOG2_BODY, STARS_MAX
    else:
        header, body, width = _LOG2_WIDE_HEADER, _LOG2_WIDE_BODY, int(STARS_MAX / 2)

    lines = []
    if idx_max > 0:
        lines.append(header % (val_type,))
    skipping = bool(strip_leading_zero)
    for i in range(1, idx_max + 1):
        low = (1 << i) >> 1
        high = (1 << i) - 1
        if low == high:  # slot 1 covers 0 and 1
            low -= 1
        val = vals[i]
        if skipping and not val:
            continue
        skipping = False
        lines.append(body % (low, high, val, width, stars(val, val_max, width)))
    return _join(lines)


def format_linear_hist(vals: Sequence[int], val_type: str = "value",
                       strip_leading_zero: Optional[bool] = None) -> str:
    """Render a linear histogram as BCC's
    ``_print_linear_hist(vals, val_type, strip_leading_zero)``.

    One row per slot from 0 up to the last slot with a positive count.  With a true
    ``strip_leading_zero`` the rows before the first non-zero count are omitted.  An empty
    histogram renders as ``""``.
    """
    idx_max, val_max = _extent(vals)
    lines = []
    if idx_max >= 0:
        lines.append(_LINEAR_HEADER % (val_type,))
    skipping = bool(strip_leading_zero)
    for i in range(idx_max + 1):
        val = vals[i]
        if skipping and not val:
            continue
        skipping = False
        lines.append(_LINEAR_BODY % (i, val, STARS_MAX, stars(val, val_max, STARS_MAX)))
    return _join(lines)


def log2_hist_json(vals: Sequence[int], val_type: str = "value",
                   section_bucket: Optional[Tuple[Any, Any]] = None, *,
                   ts: Optional[str] = None) -> dict:
    """The dict BCC's ``_get_json_hist(vals, val_type, section_bucket)`` builds for a log2
    histogram.

    Keys, in order: ``"ts"`` (local time as ``YYYY-mm-dd HH:MM:SS``; pass ``ts`` to fix it),
    ``"val_type"``, ``"data"`` (one ``{"interval-start", "interval-end", "count"}`` dict per slot
    from 1 to the last non-zero slot: ``[0, 1]``, ``[2, 3]``, ``[4, 7]``...), and, when
    ``section_bucket`` is a ``(header, bucket)`` pair, ``header: bucket``.

    Unlike the text form, the last slot considered is the last *non-zero* one (negative counts
    included) and an empty histogram still yields a dict, with empty ``"data"``.
    """
    last = 0
    for i, v in enumerate(vals):
        if v != 0:
            last = i
    data = []
    for i in range(1, last + 1):
        data.append({
            "interval-start": (1 << (i - 1)) if i > 1 else 0,
            "interval-end": (1 << i) - 1,
            "count": int(vals[i]),
        })
    histogram = {
        "ts": time.strftime(_JSON_TS_FORMAT) if ts is None else ts,
        "val_type": val_type,
        "data": data,
    }
    if section_bucket:
        header, bucket = section_bucket
        histogram[header] = bucket
    return histogram


# --------------------------------------------------------------------------------------------
# A whole table: (key, value) pairs, possibly sectioned by a struct key
# --------------------------------------------------------------------------------------------

def _scalar(obj):
    """An int from a decoded key/value: plain ints pass through, ctypes scalars give ``.value``."""
    if isinstance(obj, int):
        return obj
    return obj.value


def _field_names(key) -> Optional[Sequence[str]]:
    """Field names of a struct key, in declaration order, or None for a scalar key.

    Accepts ctypes ``Structure``/``Union`` instances (``_fields_``) and named tuples (``_fields``).
    """
    fields = getattr(type(key), "_fields_", None)
    if fields is not None:
        return [f[0] for f in fields]
    names = getattr(key, "_fields", None)
    if names is not None and not isinstance(key, int):
        return list(names)
    return None


def _is_struct_key(key) -> bool:
    return _field_names(key) is not None


def _bucket_and_slot_fields(key) -> Tuple[str, str]:
    """Which fields of a struct key hold the section bucket and the slot.

    Like BCC: the first field is the bucket and the second the slot, except that when the key
    has exactly three fields and the second is the padding member ``__pad_1`` the third one is
    the slot.
    """
    names = _field_names(key)
    if names is None or len(names) < 2:
        raise TypeError("a sectioned histogram key needs a bucket field and a slot field, "
                        "got %r" % (key,))
    bucket_field, slot_field = names[0], names[1]
    if slot_field == "__pad_1" and len(names) == 3:
        slot_field = names[2]
    return bucket_field, slot_field


def _store(vals: list, slot, value, what: str) -> None:
    try:
        vals[slot] = value
    except IndexError:
        raise IndexError("Index in %s() of %d exceeds max of %d."
                         % (what, slot, len(vals))) from None


def _dense(items: Items, index_max: int, what: str) -> list:
    """Slot counts of a scalar-keyed histogram: ``vals[key] = value``."""
    vals = [0] * index_max
    for key, value in items:
        _store(vals, _scalar(key), _scalar(value), what)
    return vals


def _sections(items: Items, index_max: int, what: str,
              bucket_fn: Optional[Callable], bucket_sort_fn: Optional[Callable]):
    """Split struct-keyed items into ``[(bucket, vals), ...]`` in BCC's section order."""
    by_bucket = {}
    fields_by_type = {}
    for key, value in items:
        key_type = type(key)
        if key_type not in fields_by_type:
            fields_by_type[key_type] = _bucket_and_slot_fields(key)
        bucket_field, slot_field = fields_by_type[key_type]
        bucket = getattr(key, bucket_field)
        if bucket_fn:
            bucket = bucket_fn(bucket)
        vals = by_bucket.get(bucket)
        if vals is None:
            vals = by_bucket[bucket] = [0] * index_max
        _store(vals, _scalar(getattr(key, slot_field)), _scalar(value), what)
    buckets = list(by_bucket)
    if bucket_sort_fn:
        buckets = bucket_sort_fn(buckets)
    return [(bucket, by_bucket[bucket]) for bucket in buckets]


def _is_sectioned(items: list, sectioned: Optional[bool]) -> bool:
    if sectioned is not None:
        return sectioned
    return bool(items) and _is_struct_key(items[0][0])


def _section_title(section_header, bucket, section_print_fn) -> str:
    if section_print_fn:
        return _SECTION_HEADER % (section_header, section_print_fn(bucket))
    return _SECTION_HEADER % (section_header, repr(bucket))


def _format_table(items: Items, index_max: int, what: str, render: Callable[[list], str], *,
                  section_header, section_print_fn, bucket_fn, bucket_sort_fn,
                  sectioned) -> str:
    items = list(items)
    if not _is_sectioned(items, sectioned):
        return render(_dense(items, index_max, what))
    out = []
    for bucket, vals in _sections(items, index_max, what, bucket_fn, bucket_sort_fn):
        out.append(_section_title(section_header, bucket, section_print_fn) + "\n")
        out.append(render(vals))
    return "".join(out)


def format_log2_hist_table(items: Items, *, val_type: str = "value",
                           section_header: str = "Bucket ptr",
                           section_print_fn: Optional[Callable] = None,
                           bucket_fn: Optional[Callable] = None,
                           strip_leading_zero: Optional[bool] = None,
                           bucket_sort_fn: Optional[Callable] = None,
                           sectioned: Optional[bool] = None) -> str:
    """The text of BCC's ``table.print_log2_hist(...)`` for a map holding ``items``.

    ``items`` are the map's ``(key, value)`` pairs in iteration order.  A key is either a slot
    index (an int, or a ctypes scalar) or a struct (ctypes ``Structure`` or named tuple) whose
    first field is the section bucket and whose second field (third if the second is
    ``__pad_1``) is the slot.  Values are ints or ctypes scalars.

    For struct keys one histogram is printed per bucket, each preceded by an empty line and
    ``"<section_header> = <bucket>"``, where ``<bucket>`` is ``section_print_fn(bucket)`` or else
    ``repr(bucket)`` (``b'bash'`` for a ``char[]`` field).  ``bucket_fn`` transforms each raw
    bucket first; ``bucket_sort_fn`` receives the list of buckets (in first-seen order) and
    returns them in the order to print.

    ``sectioned`` overrides the struct-key detection (which looks at the first key); it only
    matters for an empty map, which renders as ``""`` either way.

    Raises IndexError for a slot outside ``0..64``.
    """
    return _format_table(
        items, LOG2_INDEX_MAX, "print_log2_hist",
        lambda vals: format_log2_hist(vals, val_type, strip_leading_zero),
        section_header=section_header, section_print_fn=section_print_fn,
        bucket_fn=bucket_fn, bucket_sort_fn=bucket_sort_fn, sectioned=sectioned)


def format_linear_hist_table(items: Items, *, val_type: str = "value",
                             section_header: str = "Bucket ptr",
                             section_print_fn: Optional[Callable] = None,
                             bucket_fn: Optional[Callable] = None,
                             strip_leading_zero: Optional[bool] = None,
                             bucket_sort_fn: Optional[Callable] = None,
                             sectioned: Optional[bool] = None) -> str:
    """The text of BCC's ``table.print_linear_hist(...)`` for a map holding ``items``.

    Same key handling and sections as :func:`format_log2_hist_table`; slots range over
    ``0..1024`` and a slot outside that range raises IndexError
    (``"Index in print_linear_hist() of N exceeds max of 1025."``).
    """
    return _format_table(
        items, LINEAR_INDEX_MAX, "print_linear_hist",
        lambda vals: format_linear_hist(vals, val_type, strip_leading_zero),
        section_header=section_header, section_print_fn=section_print_fn,
        bucket_fn=bucket_fn, bucket_sort_fn=bucket_sort_fn, sectioned=sectioned)


def json_hist_tables(items: Items, *, val_type: str = "value",
                     section_header: str = "Bucket ptr",
                     section_print_fn: Optional[Callable] = None,
                     bucket_fn: Optional[Callable] = None,
                     bucket_sort_fn: Optional[Callable] = None,
                     sectioned: Optional[bool] = None,
                     ts: Optional[str] = None) -> list:
    """The dicts BCC's ``table.print_json_hist(...)`` prints, one per printed line.

    A scalar-keyed map gives exactly one dict (with empty ``"data"`` if the map is empty).  A
    struct-keyed map gives one dict per bucket, in the same order as the text sections, each
    carrying ``section_header: section_print_fn(bucket)`` (or the raw bucket).  ``ts`` fixes the
    timestamp; by default each dict gets the current local time when it is built.
    """
    items = list(items)
    if not _is_sectioned(items, sectioned):
        vals = _dense(items, LOG2_INDEX_MAX, "print_json_hist")
        return [log2_hist_json(vals, val_type, ts=ts)]
    hists = []
    for bucket, vals in _sections(items, LOG2_INDEX_MAX, "print_json_hist",
                                  bucket_fn, bucket_sort_fn):
        shown = section_print_fn(bucket) if section_print_fn else bucket
        hists.append(log2_hist_json(vals, val_type, (section_header, shown), ts=ts))
    return hists


def json_hist_table(items: Items, *, val_type: str = "value",
                    section_header: str = "Bucket ptr",
                    section_print_fn: Optional[Callable] = None,
                    bucket_fn: Optional[Callable] = None,
                    bucket_sort_fn: Optional[Callable] = None,
                    sectioned: Optional[bool] = None,
                    ts: Optional[str] = None) -> str:
    """The text of BCC's ``table.print_json_hist(...)``: ``print(dict)`` of each of
    :func:`json_hist_tables`, i.e. the Python ``repr`` of each dict on its own line."""
    return _join(str(h) for h in json_hist_tables(
        items, val_type=val_type, section_header=section_header,
        section_print_fn=section_print_fn, bucket_fn=bucket_fn,
        bucket_sort_fn=bucket_sort_fn, sectioned=sectioned, ts=ts))

"""BCC's table classes (``bcc.table``) over pybpf's native :class:`~pybpf.maps.Map`.

Keys and leaves are ctypes objects built from the object's BTF with BCC's rules; integer
keys are accepted where BCC accepts them. Differences from BCC are listed in
docs/bcc-differences.md (errors other than ENOENT are not reported as KeyError).
"""
from __future__ import annotations

import ctypes as ct
import functools
import sys

# the address-based element syscalls: the fast path for exact Key/Leaf objects (below)
from .._libbpf.syscalls import map_delete_addr, map_lookup_addr, map_update_addr
from ..gcpause import acyclic_objects
from ..maps import base as mb
from ..maps.codec import unpack_many

_addressof = ct.addressof

BPF_MAP_TYPE_HASH = mb.HASH
BPF_MAP_TYPE_ARRAY = mb.ARRAY
BPF_MAP_TYPE_PROG_ARRAY = mb.PROG_ARRAY
BPF_MAP_TYPE_PERF_EVENT_ARRAY = mb.PERF_EVENT_ARRAY
BPF_MAP_TYPE_PERCPU_HASH = mb.PERCPU_HASH
BPF_MAP_TYPE_PERCPU_ARRAY = mb.PERCPU_ARRAY
BPF_MAP_TYPE_STACK_TRACE = mb.STACK_TRACE
BPF_MAP_TYPE_LRU_HASH = mb.LRU_HASH
BPF_MAP_TYPE_LRU_PERCPU_HASH = mb.LRU_PERCPU_HASH
BPF_MAP_TYPE_LPM_TRIE = mb.LPM_TRIE
BPF_MAP_TYPE_QUEUE = mb.QUEUE
BPF_MAP_TYPE_STACK = mb.STACK
BPF_MAP_TYPE_RINGBUF = mb.RINGBUF


def _hist():
    from ..maps import histogram

    return histogram


def _raw_ctype(size: int):
    """A ctypes type for an element without BTF: an unsigned int of that size, else bytes."""
    if not size:
        return None
    return {1: ct.c_ubyte, 2: ct.c_ushort, 4: ct.c_uint, 8: ct.c_ulonglong}.get(
        size, ct.c_ubyte * size)


def _packed_of(array, element_type) -> bool:
    """``array`` is a ctypes array of exactly ``element_type``: its bytes are the elements
    back to back."""
    return isinstance(array, ct.Array) and getattr(array, "_type_", None) is element_type


class TableBase:
    """What every BCC table has: ``Key``/``Leaf``, item access, iteration, ``clear``."""

    def __init__(self, bpf, native: mb.Map, keytype=None, leaftype=None, name=None):
        self.bpf = bpf
        self.map = native
        self.map_fd = native.fd
        self.map_id = None
        self.name = (name or native.name).encode()
        self.ttype = native.type
        self.flags = 0
        k, v = native.ctypes_types()
        self.Key = keytype or k or _raw_ctype(native.key_size)
        self.Leaf = leaftype or v or _raw_ctype(native.value_size)
        self.max_entries = native.max_entries
        self._init_fast()

    def _init_fast(self):
        """The types whose instances go to the kernel by address: ``Key``/``Leaf`` when
        their sizes are the map's. Subclasses that change Key/Leaf call this again."""
        m, key, leaf = self.map, self.Key, self.Leaf
        self._fast_key = key if key is not None and ct.sizeof(key) == m.key_size else None
        self._fast_leaf = (leaf if leaf is not None and ct.sizeof(leaf) == m.stored_value_size
                           else None)

    # --- conversions -----------------------------------------------------------------------
    def _key(self, key):
        if isinstance(key, int) and self.Key is not None:
            key = self.Key(key)
        return key

    def _leaf(self, raw):
        return self.Leaf.from_buffer_copy(raw[:ct.sizeof(self.Leaf)])

    def _leaf_bytes(self, leaf):
        if isinstance(leaf, int):
            leaf = self.Leaf(leaf)
        return leaf

    # --- mapping protocol ------------------------------------------------------------------
    # The fast path: objects of exactly the Key/Leaf types (what BCC scripts build) go to
    # the kernel by address. Measured per ``t[c_uint(i)] = c_ulonglong(i)``, building the
    # two objects included: ~1.45 us against ~1.9 us through Map, of which the bpf(2) call
    # itself is ~0.8 us even from C. ``type(x) is`` rather than isinstance: a subclass may
    # have another size. Everything else (ints, bytes, shorter buffers, per-CPU leaves)
    # goes through Map, which converts and zero-pads.
    def __getitem__(self, key):
        leaf_type = self._fast_leaf
        if type(key) is self._fast_key and leaf_type is not None:
            leaf = leaf_type()
            if map_lookup_addr(self.map.fd, _addressof(key), _addressof(leaf)):
                return leaf
            raise KeyError(key)
        raw = self.map.lookup(self._key(key))
        if raw is None:
            raise KeyError(key)
        return self._leaf(raw)

    def __setitem__(self, key, leaf):
        if type(key) is self._fast_key and type(leaf) is self._fast_leaf:
            map_update_addr(self.map.fd, _addressof(key), _addressof(leaf))
            return
        if isinstance(key, int):
            key = self._key(key)
        if isinstance(leaf, int):
            leaf = self._leaf_bytes(leaf)
        self.map.update(key, leaf)

    def __delitem__(self, key):
        if type(key) is self._fast_key:
            found = map_delete_addr(self.map.fd, _addressof(key))
        else:
            found = self.map.delete(self._key(key))
        if not found:
            raise KeyError(key)

    def __contains__(self, key):
        return self.map.lookup(self._key(key)) is not None

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __len__(self):
        return len(self.map.keys())

    def __iter__(self):
        Key = self.Key
        return (Key.from_buffer_copy(k) for k in self.map.keys())

    def iter(self):
        return self.__iter__()

    def keys(self):
        return list(self.__iter__())

    def items(self):
        items = []
        with acyclic_objects():   # 3 objects per entry, none in a cycle: no GC passes
            # each piece is decoded while the kernel reads the next (large maps)
            for keys, values, count in self.map.items_chunks():
                if count:
                    items += zip(self._decode_keys(keys, count),
                                 self._decode_leaves(values, count))
        return items

    def _decode_keys(self, blob: bytes, count: int):
        Key = self.Key
        if ct.sizeof(Key) * count == len(blob):
            return unpack_many(Key, blob, count)
        size, n = len(blob) // count, ct.sizeof(Key)   # a keytype other than the key size
        return [Key.from_buffer_copy(blob[i * size:i * size + n]) for i in range(count)]

    def _decode_leaves(self, blob: bytes, count: int):
        if ct.sizeof(self.Leaf) * count == len(blob):
            return unpack_many(self.Leaf, blob, count)
        size = len(blob) // count
        return [self._leaf(blob[i * size:(i + 1) * size]) for i in range(count)]

    def values(self):
        return [v for _, v in self.items()]

    def itervalues(self):
        return iter(self.values())

    def iteritems(self):
        return iter(self.items())

    def clear(self):
        self.map.clear()

    def zero(self):
        """Set every existing entry's leaf to zero (BCC's ``zero()``)."""
        zero = bytes(self.map.stored_value_size)
        for k in self.map.keys():
            self.map.update(k, zero)

    # --- batches (kernel 5.6) -----------------------------------------------------------
    def items_lookup_batch(self):
        Key, leaf = self.Key.from_buffer_copy, self._leaf
        for k, v in self.map.items():
            yield Key(k), leaf(v)

    def items_lookup_and_delete_batch(self):
        Key, leaf = self.Key.from_buffer_copy, self._leaf
        for k, v in self.map.pop_items():
            yield Key(k), leaf(v)

    def items_delete_batch(self, ct_keys=None):
        if ct_keys is None:
            self.map.clear()
        else:
            # a ctypes array of simple types yields ints: take each key's bytes from the
            # array itself, or convert the key as an item access would
            size = self.map.key_size
            if self._fast_key is not None and _packed_of(ct_keys, self._fast_key):
                blob = bytes(ct_keys)
                keys = [blob[i:i + size] for i in range(0, len(blob), size)]
            else:
                keys = [bytes(mb.as_bytes(self._key(k), size)) for k in ct_keys]
            self.map.delete_keys(keys)

    def items_update_batch(self, ct_keys, ct_values):
        """Write ``ct_keys[i] -> ct_values[i]`` (ctypes arrays of ``Key`` and ``Leaf``, as in
        BCC) in one batch update (kernel 5.6; one update per entry without it)."""
        count = len(ct_keys)
        if len(ct_values) != count:
            raise ValueError("keys array length != values array length")
        if self._fast_key is not None and self._fast_leaf is not None and \
                _packed_of(ct_keys, self._fast_key) and _packed_of(ct_values, self._fast_leaf):
            self.map.update_many(ct_keys, ct_values, count)
            return
        for k, v in zip(ct_keys, ct_values):   # other element types: converted one by one
            self[k] = v

    # --- histograms ----------------------------------------------------------------------
    def _hist_items(self):
        out = []
        for k, v in self.items():
            key = k.value if isinstance(k, ct._SimpleCData) else k
            val = v.value if isinstance(v, ct._SimpleCData) else v
            out.append((key, val))
        return out

    def print_log2_hist(self, val_type="value", section_header="Bucket ptr",
                        section_print_fn=None, bucket_fn=None, strip_leading_zero=None,
                        bucket_sort_fn=None):
        sys.stdout.write(_hist().format_log2_hist_table(
            self._hist_items(), val_type=val_type, section_header=section_header,
            section_print_fn=section_print_fn, bucket_fn=bucket_fn,
            strip_leading_zero=strip_leading_zero, bucket_sort_fn=bucket_sort_fn))

    def print_linear_hist(self, val_type="value", section_header="Bucket ptr",
                          section_print_fn=None, bucket_fn=None, strip_leading_zero=None,
                          bucket_sort_fn=None):
        sys.stdout.write(_hist().format_linear_hist_table(
            self._hist_items(), val_type=val_type, section_header=section_header,
            section_print_fn=section_print_fn, bucket_fn=bucket_fn,
            strip_leading_zero=strip_leading_zero, bucket_sort_fn=bucket_sort_fn))

    def print_json_hist(self, val_type="value", section_header="Bucket ptr",
                        section_print_fn=None, bucket_fn=None, bucket_sort_fn=None):
        sys.stdout.write(_hist().json_hist_table(
            self._hist_items(), val_type=val_type, section_header=section_header,
            section_print_fn=section_print_fn, bucket_fn=bucket_fn,
            bucket_sort_fn=bucket_sort_fn))


class HashTable(TableBase):
    pass


class LruHash(HashTable):
    pass


class ArrayBase(TableBase):
    """Arrays: int keys (negative from the end); ``del`` zeroes; length is max_entries."""

    def _key(self, key):
        if isinstance(key, int):
            if key < 0:
                key += self.max_entries
            if not 0 <= key < self.max_entries:
                raise IndexError("Array index out of range")
            return self.Key(key)
        return key

    def __len__(self):
        return self.max_entries

    def __delitem__(self, key):
        self.map.update(self._key(key), bytes(self.map.stored_value_size))

    def clearitem(self, key):
        self.__delitem__(key)

    def __iter__(self):
        return (self.Key(i) for i in range(self.max_entries))


class Array(ArrayBase):
    pass


class ProgArray(ArrayBase):
    """Tail-call table: values are program fds (a ``load_func`` result or ``c_int(fd)``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.Key = ct.c_int
        self.Leaf = ct.c_int
        self._init_fast()

    def __setitem__(self, key, leaf):
        if hasattr(leaf, "fd"):
            leaf = ct.c_int(leaf.fd)
        super().__setitem__(key, leaf)

    def __delitem__(self, key):
        self.map.delete(self._key(key))


class _PerCpuMixin:
    """Leaves are one value per possible CPU; ``sum``/``max``/``average`` reduce them."""

    def _init_percpu(self, reducer):
        self.reducer = reducer
        self.total_cpu = self.map.ncpus
        self.sLeaf = self.Leaf
        self.Leaf = self.sLeaf * self.total_cpu
        # leaves keep the general path: reads apply the reducer, writes take lists and
        # values narrower than the kernel's 8-byte slots
        self._fast_leaf = None

    def _leaf(self, raw):
        vals = mb.percpu_values(bytes(raw), self.map.value_size, self.sLeaf)
        arr = self.Leaf(*vals)
        if self.reducer:
            return functools.reduce(self.reducer, arr)
        return arr

    def __setitem__(self, key, leaf):
        self.map.update(self._key(key), self._leaf_bytes(leaf))

    def _leaf_bytes(self, leaf):
        stride = (self.map.value_size + 7) & ~7
        if isinstance(leaf, int):
            leaf = [self.sLeaf(leaf)] * self.total_cpu
        out = bytearray(stride * self.total_cpu)
        for i, v in enumerate(leaf):
            if isinstance(v, (int, float, bytes)):   # the elements of a Leaf array
                v = self.sLeaf(v)
            out[i * stride:i * stride + ct.sizeof(self.sLeaf)] = bytes(v)
        return bytes(out)

    def _decode_leaves(self, blob: bytes, count: int):
        if ct.sizeof(self.Leaf) * count == len(blob):
            # values of 8-byte multiples: Leaf (sLeaf * ncpus) is the kernel's layout
            leaves = unpack_many(self.Leaf, blob, count)
            if self.reducer is None:
                return leaves
            return [functools.reduce(self.reducer, v) for v in leaves]
        size = len(blob) // count   # narrower values: decode (and reduce) one by one
        return [self._leaf(blob[i * size:(i + 1) * size]) for i in range(count)]

    def getvalue(self, key):
        raw = self.map.lookup(self._key(key))
        if raw is None:
            raise KeyError(key)
        return list(mb.percpu_values(bytes(raw), self.map.value_size, self.sLeaf))

    def sum(self, key):
        vals = self.getvalue(key)
        return self.sLeaf(sum(v.value for v in vals)) if hasattr(vals[0], "value") else vals

    def max(self, key):
        return self.sLeaf(max(v.value for v in self.getvalue(key)))

    def average(self, key):
        return self.sum(key).value / self.total_cpu


class PerCpuHash(_PerCpuMixin, HashTable):
    def __init__(self, *args, reducer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_percpu(reducer)


class LruPerCpuHash(PerCpuHash):
    pass


class PerCpuArray(_PerCpuMixin, ArrayBase):
    def __init__(self, *args, reducer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_percpu(reducer)


class LpmTrie(TableBase):
    def __len__(self):
        raise NotImplementedError


class QueueStack(TableBase):
    """BPF_QUEUE / BPF_STACK: ``push``, ``pop``, ``peek``; no keys."""

    BPF_EXIST = mb.EXIST

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.Key = None

    def push(self, leaf, flags=0):
        self.map.push(self._leaf_bytes(leaf), flags)

    def pop(self):
        raw = self.map.pop()
        if raw is None:
            raise KeyError("queue/stack is empty")
        return self._leaf(raw)

    def peek(self):
        raw = self.map.peek()
        if raw is None:
            raise KeyError("queue/stack is empty")
        return self._leaf(raw)

    def itervalues(self):
        while True:
            raw = self.map.pop()
            if raw is None:
                return
            yield self._leaf(raw)

    def values(self):
        return list(self.itervalues())

    def __len__(self):
        raise NotImplementedError("queues and stacks have no length")


class StackTrace(TableBase):
    """BPF_STACK_TRACE: ``walk(stack_id)`` yields the addresses of one stack."""

    MAX_DEPTH = 127

    def walk(self, stack_id, resolve=None):
        raw = self.map.lookup(ct.c_int(stack_id))
        if raw is None:
            raise KeyError(stack_id)
        addrs = (ct.c_ulonglong * (len(raw) // 8)).from_buffer_copy(raw)
        for addr in addrs:
            if not addr:
                break
            yield resolve(addr) if resolve else addr

    def clear(self):
        for k in self.map.keys():
            self.map.delete(k)


class _EventMixin:
    """``event(data)``: the C type passed to perf_submit/ringbuf_output, from BTF; and the
    reports of records the kernel refused because the buffer was full."""

    _event_class = None
    _reported_drops = 0
    _kernel_lost = 0        # perf buffers: what the kernel's PERF_RECORD_LOST reports said
    _lost_cb = None

    def drops(self) -> int:
        """Records refused so far because the buffer was full (pybpf extension).

        pybpf's rewriter makes the program count each failed perf_submit/ringbuf_output/
        ringbuf_reserve; perf buffers also hear the kernel's own lost-sample reports, which
        arrive late (ahead of the next sample) but cover submissions made without the
        table's methods. The higher of the two is the answer."""
        counter = self.map.name + "__pybpf_drops"
        globals_ = self.bpf.module.globals
        counted = globals_[counter] if counter in globals_ else 0
        return max(counted, self._kernel_lost)

    def report_drops(self) -> None:
        """Report drops since the last report: ``lost_cb(count)`` when one was given, else
        BCC's "Possibly lost N samples" on stderr."""
        dropped = self.drops()
        if dropped > self._reported_drops:
            count, self._reported_drops = dropped - self._reported_drops, dropped
            if self._lost_cb is not None:
                self._lost_cb(count)
            else:
                print(f"Possibly lost {count} samples", file=sys.stderr)

    @property
    def event_type(self):
        """The ctypes class of the records the program submits, from BTF (pybpf
        extension; e.g. for ``batch.array(table.event_type)``)."""
        cls = self._event_class
        if cls is None:
            cls = self._event_class = self.bpf._event_type(self.name.decode())
        return cls

    def event(self, data):
        """The record at ``data`` as the C type the program submits; like BCC's, a view
        of the record, valid during the callback."""
        cls = self.event_type
        from_address = cls.from_address

        # This runs once per event: from_address costs a quarter of cast().contents, and
        # the instance attribute spares later calls this method's frame.
        def event(data):
            try:
                return from_address(data)
            except TypeError:     # a ctypes pointer or c_void_p rather than an address
                return ct.cast(data, ct.POINTER(cls)).contents

        self.event = event
        return event(data)


class PerfEventArray(_EventMixin, ArrayBase):
    """BPF_PERF_OUTPUT: ``open_perf_buffer(callback, page_cnt, lost_cb)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.Key = ct.c_int
        self.Leaf = ct.c_int
        self._buffer = None

    def open_perf_buffer(self, callback, page_cnt=8, lost_cb=None, wakeup_events=None,
                         batch=False):
        """Deliver samples as ``callback(cpu, data, size)``; lost samples go to
        ``lost_cb(count)`` or, like BCC, "Possibly lost N samples" on stderr.

        pybpf extensions: ``batch=True`` calls ``callback(batch)`` with a
        :class:`pybpf.events.RecordBatch` per CPU's run of samples (the fast path), each
        record cut to the submitted struct's size so ``batch.array(table.event_type)`` views
        them all.
        ``wakeup_events`` left at None wakes the reader by a watermark rather than per
        sample, and ``perf_buffer_poll`` delivers a lone sample within 20 ms; pass
        ``wakeup_events=1`` for BCC's wakeup per sample."""
        from ..events.perfbuf import PerfBuffer

        def kernel_lost(cpu, count):
            self._kernel_lost += count

        self._lost_cb = lost_cb
        self._reported_drops = self.drops()
        record_size = 0
        if batch:       # batches of the submitted struct, without perf's padding
            try:
                record_size = ct.sizeof(self.event_type)
            except Exception:    # noqa: BLE001 - no BTF type: sizes stay as the kernel's
                record_size = 0
        self._buffer = PerfBuffer(self.map, callback, kernel_lost, page_cnt=page_cnt,
                                  raw=not batch,
                                  batch=batch, wakeup_events=wakeup_events or 0,
                                  record_size=record_size)
        self.bpf._open_perf_buffers[self.name] = self

    def close(self):
        if self._buffer is not None:
            self.bpf._open_perf_buffers.pop(self.name, None)
            self._buffer.close()
            self._buffer = None

    def __delitem__(self, key):
        self.close()


class RingBuf(_EventMixin, TableBase):
    """BPF_RINGBUF_OUTPUT: ``open_ring_buffer(callback, ctx=None)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.Key = None

    def open_ring_buffer(self, callback, ctx=None, batch=False):
        """Deliver records as ``callback(ctx, data, size)`` from ``ring_buffer_poll()``.

        Records the kernel refused because the buffer was full are counted by the
        program (pybpf's rewriter adds the counter) and reported after each poll like lost
        perf samples: "Possibly lost N samples" on stderr. BCC drops them silently.

        pybpf extension: ``batch=True`` calls ``callback(ctx, batch)`` with a
        :class:`pybpf.events.RecordBatch` of many records (the fast path)."""
        self._reported_drops = self.drops()
        self.bpf._add_ring_buffer(self.map, callback, ctx, self, batch)

    def __len__(self):
        raise NotImplementedError("ring buffers have no length")


class CgroupArray(ArrayBase):
    def __setitem__(self, key, leaf):
        import os

        if isinstance(leaf, str):
            fd = os.open(leaf, os.O_RDONLY)
            try:
                super().__setitem__(key, ct.c_int(fd))
            finally:
                os.close(fd)
        else:
            super().__setitem__(key, leaf)


class _FixedTypes:
    """Tables whose BCC declaration fixes Key and Leaf; the kernel keeps no BTF for these
    map types, so the types come from BCC's declarations, not from the object. ``None``
    keeps what the object says."""

    KEY, LEAF = ct.c_int, ct.c_int

    def __init__(self, bpf, native, keytype=None, leaftype=None, name=None):
        super().__init__(bpf, native, keytype, leaftype, name)
        if keytype is None and self.KEY is not None and \
                ct.sizeof(self.KEY) == native.key_size:
            self.Key = self.KEY
        if leaftype is None and ct.sizeof(self.LEAF) == native.value_size:
            self.Leaf = self.LEAF
        self._init_fast()


class DevMap(_FixedTypes, ArrayBase):
    """BPF_DEVMAP: interface indexes for XDP's ``redirect_map``."""


class CpuMap(_FixedTypes, ArrayBase):
    """BPF_CPUMAP: per-CPU queue sizes for XDP's ``redirect_map``."""

    LEAF = ct.c_uint


class XskMap(_FixedTypes, ArrayBase):
    """BPF_XSKMAP: AF_XDP sockets for XDP's ``redirect_map`` (values are socket fds)."""


class MapInMapArray(_FixedTypes, ArrayBase):
    """BPF_ARRAY_OF_MAPS: write an inner map's fd (``b["inner"].map_fd``); reading gives the
    inner map's id, as the kernel reports it."""


class MapInMapHash(_FixedTypes, HashTable):
    """BPF_HASH_OF_MAPS: like MapInMapArray, keyed by the declared key type."""

    KEY = None


_BY_TYPE = {
    mb.HASH: HashTable, mb.ARRAY: Array, mb.PROG_ARRAY: ProgArray,
    mb.PERF_EVENT_ARRAY: PerfEventArray, mb.PERCPU_HASH: PerCpuHash,
    mb.PERCPU_ARRAY: PerCpuArray, mb.STACK_TRACE: StackTrace, mb.LRU_HASH: LruHash,
    mb.LRU_PERCPU_HASH: LruPerCpuHash, mb.LPM_TRIE: LpmTrie, mb.QUEUE: QueueStack,
    mb.STACK: QueueStack, mb.RINGBUF: RingBuf, mb.CGROUP_ARRAY: CgroupArray,
    mb.DEVMAP: DevMap, mb.CPUMAP: CpuMap, mb.XSKMAP: XskMap,
    mb.ARRAY_OF_MAPS: MapInMapArray, mb.HASH_OF_MAPS: MapInMapHash,
}


def Table(bpf, native, keytype=None, leaftype=None, name=None, reducer=None):
    """The BCC table class for a native map."""
    cls = _BY_TYPE.get(native.type, TableBase)
    if cls in (PerCpuHash, LruPerCpuHash, PerCpuArray):
        return cls(bpf, native, keytype, leaftype, name, reducer=reducer)
    return cls(bpf, native, keytype, leaftype, name)

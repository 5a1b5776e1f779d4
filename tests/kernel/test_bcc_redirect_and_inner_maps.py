"""BCC's devmap/cpumap/xskmap and map-in-map tables: BCC's classes and Key/Leaf types,
writes from Python, and a program reaching an inner map through the outer one."""
import ctypes as ct
import os

import pytest

from pybpf import BPF
from pybpf.bcc import table
from pybpf.testing.netns import Netns

PROG = r"""
BPF_DEVMAP(devs, 4);
BPF_CPUMAP(cpus, 2);
BPF_XSKMAP(xsks, 4);
BPF_ARRAY(inner_a, u64, 4);
BPF_ARRAY(inner_b, u64, 4);
BPF_ARRAY_OF_MAPS(outer, "inner_a", 2);
BPF_HASH_OF_MAPS(outer_h, u32, "inner_a", 4);

int xdp_redirect(struct xdp_md *ctx) {
    if (ctx->ingress_ifindex == 1)
        return devs.redirect_map(0, 0);
    if (ctx->ingress_ifindex == 2)
        return cpus.redirect_map(0, 0);
    return xsks.redirect_map(0, 0);
}

TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    int k = 0;
    u32 hk = 7;
    void *inner = outer.lookup(&k);
    if (inner) {
        u64 *v = bpf_map_lookup_elem(inner, &k);
        if (v)
            __sync_fetch_and_add(v, 1);
    }
    inner = outer_h.lookup(&hk);
    if (inner) {
        u64 *v = bpf_map_lookup_elem(inner, &k);
        if (v)
            __sync_fetch_and_add(v, 10);
    }
    return 0;
}
"""


@pytest.fixture(scope="module")
def b():
    bpf = BPF(text=PROG)
    yield bpf
    bpf.cleanup()


def test_classes_and_types_are_bccs(b):
    expect = {"devs": (table.DevMap, ct.c_int, ct.c_int),
              "cpus": (table.CpuMap, ct.c_int, ct.c_uint),
              "xsks": (table.XskMap, ct.c_int, ct.c_int),
              "outer": (table.MapInMapArray, ct.c_int, ct.c_int),
              "outer_h": (table.MapInMapHash, ct.c_uint, ct.c_int)}
    for name, (cls, key, leaf) in expect.items():
        t = b[name]
        assert (type(t), t.Key, t.Leaf) == (cls, key, leaf), name


def test_inner_maps_are_reached_through_the_outer_ones(b):
    b["outer"][ct.c_int(0)] = ct.c_int(b["inner_b"].map_fd)
    b["outer_h"][ct.c_uint(7)] = ct.c_int(b["inner_b"].map_fd)
    inner_b_id = b["inner_b"].map.info()["id"]
    os.getppid()
    assert b["inner_b"][0].value == 11
    assert b["inner_a"][0].value == 0
    # reading an outer slot gives the inner map's id, as the kernel reports it
    assert b["outer"][ct.c_int(0)].value == inner_b_id
    assert [(k.value, v.value) for k, v in b["outer_h"].items()] == [(7, inner_b_id)]
    del b["outer_h"][ct.c_uint(7)]
    b["outer"].clear()
    os.getppid()
    assert b["inner_b"][0].value == 11      # no inner map any more: nothing counted
    with pytest.raises(KeyError):
        b["outer"][ct.c_int(0)]


def test_devmap_and_cpumap_entries(b):
    with Netns() as ns, ns.enter():
        lo = ns.ifindex("lo")
        b["devs"][ct.c_int(0)] = ct.c_int(lo)        # resolved in this thread's netns
        assert b["devs"][ct.c_int(0)].value == lo
        b["devs"].clear()
        with pytest.raises(KeyError):
            b["devs"][ct.c_int(0)]
    b["cpus"][ct.c_int(0)] = ct.c_uint(192)           # a queue of 192 frames for CPU 0
    assert b["cpus"][0].value == 192
    del b["cpus"][0]
    with pytest.raises(KeyError):
        b["cpus"][0]
    assert len(b["xsks"]) == 4

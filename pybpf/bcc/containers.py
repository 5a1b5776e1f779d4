"""``bcc.containers``: the container filters BCC's tools splice into their C text.

A tool with ``--cgroupmap PATH`` / ``--mntnsmap PATH`` calls ``filter_by_containers(args)``
and puts the returned C in front of its program; its probes then skip events when
``container_should_be_filtered()`` is true. Each option names a BPF hash map pinned by
someone else (BCC's contract: keys are cgroup ids, ``u64`` -> ``u64``; mount namespace
inode numbers, ``u64`` -> ``u32``): only the cgroups / mount namespaces present in the map
are traced. The tables are ``BPF_TABLE_PINNED`` declarations, so the pinned map is used
when it exists (and created and pinned there when it does not, as in BCC).

The mount namespace id is read with CO-RE from the kernel's own ``struct mnt_namespace``
(vmlinux.h has it; BCC declares a partial copy of it). ``MNT_NAMESPACE_DEFINED`` is
defined, as BCC does, so tools that guard their own copy skip it.
"""
from __future__ import annotations

import ctypes as ct
import os

# C for `u64 get_mntns_id(void)`: the inode number of the current task's mount namespace
get_mntns_id_text = """
#ifndef __GET_MTN_NS_ID
#define __GET_MTN_NS_ID
#define MNT_NAMESPACE_DEFINED
static inline u64 get_mntns_id() {
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    return (u64)BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
}
#endif
"""


def _cgroup_filter(path) -> str:
    if not path:
        return "static inline int _cgroup_filter() { return 0; }\n"
    return f"""
BPF_TABLE_PINNED("hash", u64, u64, cgroupset, 1024, {_c_string(path)});
static inline int _cgroup_filter() {{
    u64 cgroupid = bpf_get_current_cgroup_id();
    return cgroupset.lookup(&cgroupid) == NULL;
}}
"""


def _mntns_filter(path) -> str:
    if not path:
        return "static inline int _mntns_filter() { return 0; }\n"
    return get_mntns_id_text + f"""
BPF_TABLE_PINNED("hash", u64, u32, mount_ns_set, 1024, {_c_string(path)});
static inline int _mntns_filter() {{
    u64 ns_id = get_mntns_id();
    return mount_ns_set.lookup(&ns_id) == NULL;
}}
"""


def _c_string(value) -> str:
    from ..dialect.includes import c_string

    return c_string(value.decode() if isinstance(value, (bytes, bytearray)) else str(value))


def filter_by_containers(args) -> str:
    """C defining ``container_should_be_filtered()`` from ``args.cgroupmap`` and
    ``args.mntnsmap`` (either may be absent or None: no filtering on it)."""
    return (_cgroup_filter(getattr(args, "cgroupmap", None))
            + _mntns_filter(getattr(args, "mntnsmap", None))
            + "static inline int container_should_be_filtered() {\n"
              "    return _cgroup_filter() || _mntns_filter();\n}\n")


def print_container_info() -> str:
    """C for tools that print the container of each event: ``PRINT_CONTAINER_INFO`` and
    ``get_mntns_id()``."""
    return "#define PRINT_CONTAINER_INFO\n" + get_mntns_id_text


# --- the containers map Inspektor Gadget pins (newer BCC tools print from it) --------------
BUFFER_SIZE = 256
NODE_HEADER, NAMESPACE_HEADER, POD_HEADER, CONTAINER_HEADER = (
    "NODE", "NAMESPACE", "POD", "CONTAINER")
node_name = os.getenv("NODE_NAME", "<>")


def print_container_info_header():
    print("{:16} {:16} {:16} {:16}".format(NODE_HEADER, NAMESPACE_HEADER, POD_HEADER,
                                          CONTAINER_HEADER), end="")


class ContainerC(ct.Structure):
    _fields_ = [("ContainerID", ct.c_char * BUFFER_SIZE), ("Namespace", ct.c_char * BUFFER_SIZE),
                ("Pod", ct.c_char * BUFFER_SIZE), ("Container", ct.c_char * BUFFER_SIZE)]


class Container:
    def __init__(self):
        self.Namespace = self.PodName = self.ContainerName = "<>"
        self.NodeName = node_name


class ContainersMap:
    """A pinned map from mount namespace id to ``ContainerC`` (``get_container``)."""

    def __init__(self, map_path):
        from ..maps.base import Map

        path = map_path.decode() if isinstance(map_path, bytes) else map_path
        try:
            self._map = Map.from_pin(path)
        except OSError as exc:
            raise Exception(f"error opening map {path}: {exc}") from exc
        self.map_fd = self._map.fd

    def get_container(self, mntnsid) -> Container:
        container = Container()
        try:
            raw = self._map.lookup(ct.c_ulonglong(mntnsid))
        except (KeyError, OSError):
            return container
        if raw is None:
            return container
        c = ContainerC.from_buffer_copy(bytes(raw)[:ct.sizeof(ContainerC)].ljust(
            ct.sizeof(ContainerC), b"\0"))
        container.Namespace, container.PodName = c.Namespace, c.Pod
        container.ContainerName = c.Container
        return container

    def enrich_json_event(self, event, mntnsid):
        container = self.get_container(mntnsid)
        event["node"] = container.NodeName
        event["pod"] = container.PodName
        event["container"] = container.ContainerName
        event["namespace"] = container.Namespace


__all__ = ["filter_by_containers", "print_container_info", "get_mntns_id_text",
           "print_container_info_header", "ContainersMap", "Container", "ContainerC"]

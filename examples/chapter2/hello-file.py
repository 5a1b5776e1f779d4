#!/usr/bin/env python3
"""Chapter 2: a tracepoint program (auto-attached by TRACEPOINT_PROBE) that prints the file
each openat() names and the command that opened it."""
from pybpf import BPF

program = r"""
TRACEPOINT_PROBE(syscalls, sys_enter_openat) {
   char filename[64];
   char command[16];

   bpf_probe_read_user_str(filename, sizeof(filename), args->filename);
   bpf_get_current_comm(&command, sizeof(command));
   bpf_trace_printk("File %s", filename);
   bpf_trace_printk("opened by:%s", command);
   return 0;
}
"""

b = BPF(text=program)
try:
    b.trace_print()
except KeyboardInterrupt:
    pass

#!/usr/bin/env python3
"""Chapter 2: the openat() event of hello-file.py, delivered through a BPF ring buffer."""
from pybpf import BPF

program = r"""
BPF_RINGBUF_OUTPUT(output, 1);

struct data_t {
   int pid;
   char command[16];
   char filename[64];
};

TRACEPOINT_PROBE(syscalls, sys_enter_openat) {
   struct data_t data = {};

   data.pid = bpf_get_current_pid_tgid() >> 32;
   bpf_get_current_comm(&data.command, sizeof(data.command));
   bpf_probe_read_user_str(&data.filename, sizeof(data.filename), args->filename);
   output.ringbuf_output(&data, sizeof(data), 0);
   return 0;
}
"""

b = BPF(text=program)


def print_event(ctx, data, size):
    event = b["output"].event(data)
    print(f"{event.command.decode()} - {event.filename.decode()}", flush=True)


b["output"].open_ring_buffer(print_event)
try:
    while True:
        b.ring_buffer_poll()
except KeyboardInterrupt:
    pass

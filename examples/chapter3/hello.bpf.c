// Chapter 3: the anatomy of an XDP program. A global counter lives in the object's .bss map;
// every packet prints it to the trace log and increments it. XDP_PASS lets packets through.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int counter = 0;

SEC("xdp")
int hello(struct xdp_md *ctx)
{
    bpf_printk("Hello World %d", counter);
    counter++;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

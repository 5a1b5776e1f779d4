/* Batched ring buffer and perf buffer consumers.
 *
 * Calling into Python per record from C costs more than the record's own decoding.  Records
 * are copied into a batch instead (their space in the kernel's buffer is released as soon
 * as they are read, so they cannot be referenced in place), and Python then walks the whole
 * batch in one loop.  Perf buffers go through libbpf, whose per-record callback stores the
 * record; ring buffers are read directly (pybpf_ring_drain).  A batch stops filling at
 * max_count records, after storing the record that filled it, so nothing is lost and the
 * poll returns to Python. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#define PYBPF_BATCH_FULL (-ENOBUFS)

struct pybpf_batch {
    uint32_t count, max_count;
    uint64_t *addrs;        /* filled by pybpf_batch_finish: record addresses in data */
    uint32_t *offsets, *sizes, *tags;
    char *data;
    size_t used, cap;
    int full;
    uint64_t lost_nomem;    /* records dropped because the batch could not grow */
    uint64_t *lost_by_cpu;  /* perf buffers: PERF_RECORD_LOST counts since the last reset */
    uint32_t ncpu;
    uint32_t any_lost;
    uint32_t trim;          /* copy at most this many bytes of a record (0: all) */
};

static void pybpf_batch_release(struct pybpf_batch *b)
{
    free(b->addrs); free(b->offsets); free(b->sizes); free(b->tags);
    free(b->data); free(b->lost_by_cpu);
    memset(b, 0, sizeof(*b));
}

static int pybpf_batch_init(struct pybpf_batch *b, uint32_t max_count, uint32_t ncpu)
{
    memset(b, 0, sizeof(*b));
    b->max_count = max_count;
    b->ncpu = ncpu;
    b->cap = 256 * 1024;
    b->addrs = malloc(max_count * sizeof(*b->addrs));
    b->offsets = malloc(max_count * sizeof(*b->offsets));
    b->sizes = malloc(max_count * sizeof(*b->sizes));
    b->tags = malloc(max_count * sizeof(*b->tags));
    b->data = malloc(b->cap);
    b->lost_by_cpu = calloc(ncpu ? ncpu : 1, sizeof(*b->lost_by_cpu));
    if (!b->addrs || !b->offsets || !b->sizes || !b->tags || !b->data || !b->lost_by_cpu) {
        pybpf_batch_release(b);
        return -ENOMEM;
    }
    return 0;
}

/* Start a new batch: the previous one's records are no longer referenced. */
static void pybpf_batch_reset(struct pybpf_batch *b)
{
    b->count = 0;
    b->used = 0;
    b->full = 0;
}

/* Store a record; returns 1 when the batch is now full. */
static int pybpf_batch_push(struct pybpf_batch *b, uint32_t tag, const void *p, size_t n)
{
    if (b->used + n > b->cap) {
        size_t cap = b->cap;
        char *data;

        while (cap < b->used + n)
            cap *= 2;
        data = realloc(b->data, cap);
        if (!data) {
            b->lost_nomem++;
            return 0;
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->used, p, n);
    b->offsets[b->count] = b->used;
    b->sizes[b->count] = n;
    b->tags[b->count] = tag;
    b->used += n;
    if (++b->count >= b->max_count) {
        b->full = 1;
        return 1;
    }
    return 0;
}

/* Addresses are computed once the batch is complete: data may move while it grows. */
static void pybpf_batch_finish(struct pybpf_batch *b)
{
    uintptr_t base = (uintptr_t)b->data;
    uint32_t i;

    for (i = 0; i < b->count; i++)
        b->addrs[i] = base + b->offsets[i];
}

/* A BPF ring buffer read directly (the protocol libbpf's ringbuf.c follows): a read-write
 * page holding the consumer position, then read-only the producer position page and the
 * data pages, mapped twice in a row so a record that wraps around is contiguous. libbpf
 * publishes the consumer position after every record; the producer reads it on every
 * reserve, so that cache line crosses between the CPUs per record. Here it is published
 * once per drain. */
struct pybpf_ring {
    unsigned long *consumer_pos;
    unsigned long *producer_pos;
    char *data;
    unsigned long mask;
    size_t page_size, producer_size;
};

static void pybpf_ring_close(struct pybpf_ring *r)
{
    if (r->consumer_pos)
        munmap(r->consumer_pos, r->page_size);
    if (r->producer_pos)
        munmap(r->producer_pos, r->producer_size);
    r->consumer_pos = r->producer_pos = NULL;
    r->data = NULL;
}

static int pybpf_ring_open(struct pybpf_ring *r, int map_fd, uint32_t max_entries)
{
    void *p;

    memset(r, 0, sizeof(*r));
    r->page_size = sysconf(_SC_PAGESIZE);
    r->mask = max_entries - 1;
    p = mmap(NULL, r->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
    if (p == MAP_FAILED)
        return -errno;
    r->consumer_pos = p;
    r->producer_size = r->page_size + 2 * (size_t)max_entries;
    p = mmap(NULL, r->producer_size, PROT_READ, MAP_SHARED, map_fd, r->page_size);
    if (p == MAP_FAILED) {
        int err = -errno;

        pybpf_ring_close(r);
        return err;
    }
    r->producer_pos = p;
    r->data = (char *)p + r->page_size;
    return 0;
}

/* Copy the committed records into the batch, then release their space; returns the
 * number of records stored, or PYBPF_BATCH_FULL when the batch filled (more may wait).
 *
 * The kernel wakes the reader when it commits a record at the published consumer position
 * (the reader had caught up). A record committed after this reader last looked at the
 * producer position but before it published its own sees an old consumer position and
 * wakes nobody: so after publishing, look again (with a full barrier between the store and
 * the load, the other half of the kernel's xchg-then-load), and go on while there is more. */
static int pybpf_ring_drain(struct pybpf_ring *r, struct pybpf_batch *b, uint32_t tag)
{
    unsigned long cons = *r->consumer_pos;     /* only this reader writes it */
    unsigned long prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
    int stored = 0, full = 0, busy = 0;

    for (;;) {
        while (cons < prod && !full) {
            uint32_t *hdr = (uint32_t *)(r->data + (cons & r->mask));
            uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
            uint32_t size;

            if (len & BPF_RINGBUF_BUSY_BIT) {
                busy = 1;       /* reserved, not committed: its commit will wake us */
                break;
            }
            size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
            if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
                full = pybpf_batch_push(b, tag, (char *)hdr + BPF_RINGBUF_HDR_SZ, size);
                stored++;
            }
            cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7UL;
        }
        __atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
        if (full || busy)
            break;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
        if (cons >= prod)
            break;
    }
    return full ? PYBPF_BATCH_FULL : stored;
}

struct pybpf_perf_sample {
    struct perf_event_header header;
    uint32_t size;
    char data[];
};

struct pybpf_perf_lost {
    struct perf_event_header header;
    uint64_t id;
    uint64_t lost;
};

static enum bpf_perf_event_ret pybpf_perf_event(void *ctx, int cpu, struct perf_event_header *e)
{
    struct pybpf_batch *b = ctx;

    if (e->type == PERF_RECORD_SAMPLE) {
        struct pybpf_perf_sample *s = (struct pybpf_perf_sample *)e;

        /* perf pads samples to 8 bytes with their 4-byte size; trimming to the
         * submitted struct's size lets a batch be viewed as an array of it */
        if (pybpf_batch_push(b, cpu, s->data, b->trim && b->trim < s->size ? b->trim : s->size))
            return LIBBPF_PERF_EVENT_DONE;   /* the record is stored; the rest waits */
    } else if (e->type == PERF_RECORD_LOST) {
        struct pybpf_perf_lost *l = (struct pybpf_perf_lost *)e;

        if ((uint32_t)cpu < b->ncpu)
            b->lost_by_cpu[cpu] += l->lost;
        b->any_lost = 1;
    }
    return LIBBPF_PERF_EVENT_CONT;
}

/* A perf buffer waking its reader every wakeup_events samples, or, with wakeup_events == 0,
 * once watermark bytes are waiting: a wakeup per sample costs the producing CPU an
 * interrupt, which bounds the whole stream's rate. */
static struct perf_buffer *pybpf_perf_buffer_new(int map_fd, size_t page_cnt,
                                                 uint32_t wakeup_events, uint32_t watermark,
                                                 struct pybpf_batch *batch)
{
    struct perf_event_attr attr;

    memset(&attr, 0, sizeof(attr));
    attr.size = sizeof(attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_BPF_OUTPUT;
    attr.sample_type = PERF_SAMPLE_RAW;
    attr.sample_period = 1;
    if (wakeup_events) {
        attr.wakeup_events = wakeup_events;
    } else {
        attr.watermark = 1;
        attr.wakeup_watermark = watermark;
    }
    return perf_buffer__new_raw(map_fd, page_cnt, &attr, pybpf_perf_event, batch, NULL);
}

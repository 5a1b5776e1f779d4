/* Batched ring buffer and perf buffer consumers.
 *
 * libbpf calls a callback per record; calling into Python per record from C costs more than
 * the record's own decoding.  These callbacks copy each record into a batch instead (records
 * are consumed from the kernel's buffer as libbpf returns from the callback, so they cannot
 * be referenced in place), and Python then walks the whole batch in one loop.  A batch stops
 * filling at max_count records: the callback returns an error (ring buffers) or DONE (perf
 * buffers) after storing the record that filled it, so nothing is lost and poll() returns. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

struct pybpf_ring_ctx {
    struct pybpf_batch *batch;
    uint32_t tag;
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

static int pybpf_ringbuf_sample(void *ctx, void *data, size_t size)
{
    struct pybpf_ring_ctx *rc = ctx;

    return pybpf_batch_push(rc->batch, rc->tag, data, size) ? PYBPF_BATCH_FULL : 0;
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

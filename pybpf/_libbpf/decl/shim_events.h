/* shim_events.c: batched ring buffer and perf buffer consumers. */
#define PYBPF_BATCH_FULL ...
struct pybpf_batch {
    uint32_t count, max_count;
    uint64_t *addrs;
    uint32_t *offsets, *sizes, *tags;
    char *data;
    size_t used, cap;
    int full;
    uint64_t lost_nomem;
    uint64_t *lost_by_cpu;
    uint32_t ncpu;
    uint32_t any_lost;
    uint32_t trim;
};
struct pybpf_ring {
    unsigned long *consumer_pos;
    unsigned long *producer_pos;
    char *data;
    unsigned long mask;
    size_t page_size, producer_size;
};
int pybpf_batch_init(struct pybpf_batch *b, uint32_t max_count, uint32_t ncpu);
void pybpf_batch_release(struct pybpf_batch *b);
void pybpf_batch_reset(struct pybpf_batch *b);
void pybpf_batch_finish(struct pybpf_batch *b);
int pybpf_ring_open(struct pybpf_ring *r, int map_fd, uint32_t max_entries);
void pybpf_ring_close(struct pybpf_ring *r);
int pybpf_ring_drain(struct pybpf_ring *r, struct pybpf_batch *b, uint32_t tag);
struct perf_buffer *pybpf_perf_buffer_new(int map_fd, size_t page_cnt, uint32_t wakeup_events,
                                          uint32_t watermark, struct pybpf_batch *batch);

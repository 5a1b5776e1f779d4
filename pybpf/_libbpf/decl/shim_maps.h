/* shim_maps.c: single-element map syscalls on raw addresses; 0 or -errno. */
int pybpf_map_update_addr(int fd, uintptr_t key, uintptr_t value, uint64_t flags);
int pybpf_map_lookup_addr(int fd, uintptr_t key, uintptr_t value, uint64_t flags);
int pybpf_map_delete_addr(int fd, uintptr_t key);
/* shim_maps.c: a whole-map batch read on its own thread, decoded while it runs */
struct pybpf_map_dump {
    int fd;
    uint32_t key_size, value_size, capacity, chunk;
    char *keys, *values;
    uint32_t published;
    int finished;
    int first_error;
};
int pybpf_map_dump_run(struct pybpf_map_dump *d);
uint32_t pybpf_map_dump_wait(struct pybpf_map_dump *d, uint32_t have);

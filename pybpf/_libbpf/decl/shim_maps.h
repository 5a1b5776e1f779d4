/* shim_maps.c: single-element map syscalls on raw addresses; 0 or -errno. */
int pybpf_map_update_addr(int fd, uintptr_t key, uintptr_t value, uint64_t flags);
int pybpf_map_lookup_addr(int fd, uintptr_t key, uintptr_t value, uint64_t flags);
int pybpf_map_delete_addr(int fd, uintptr_t key);

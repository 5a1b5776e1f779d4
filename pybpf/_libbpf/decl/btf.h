/* BTF: parsing, type walking (for globals, Key/Leaf types, feature checks). */
struct btf_type { __u32 name_off; __u32 info; union { __u32 size; __u32 type; }; };
struct btf_member { __u32 name_off; __u32 type; __u32 offset; };
struct btf_array { __u32 type; __u32 index_type; __u32 nelems; };
struct btf_param { __u32 name_off; __u32 type; };
struct btf_enum { __u32 name_off; __s32 val; };
struct btf_var_secinfo { __u32 type; __u32 offset; __u32 size; };
struct btf_var { __u32 linkage; };

struct btf *btf__load_vmlinux_btf(void);
struct btf *btf__parse(const char *path, void *btf_ext);
struct btf *btf__parse_raw(const char *path);
struct btf *btf__load_from_kernel_by_id(__u32 id);
struct btf *btf__new(const void *data, __u32 size);
void btf__free(struct btf *btf);
__u32 btf__type_cnt(const struct btf *btf);
const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 id);
const char *btf__name_by_offset(const struct btf *btf, __u32 offset);
__s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name, __u32 kind);
__s64 btf__resolve_size(const struct btf *btf, __u32 type_id);
int btf__resolve_type(const struct btf *btf, __u32 type_id);
int btf__fd(const struct btf *btf);
const void *btf__raw_data(const struct btf *btf, __u32 *size);

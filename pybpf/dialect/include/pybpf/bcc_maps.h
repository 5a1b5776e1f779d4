/* pybpf: BCC table methods, as macros.
 *
 * The rewriter turns `table.method(args...)` into `__pybpf_method(table, args...)`, leaving
 * the arguments in place. `m` is the table's name: `&(m)` is the BTF-defined map, and for
 * maps declared with __type(key/value, T), `(m).key` / `(m).value` are `T *` members whose
 * types give the table's key and leaf types (what BCC's `typeof(table.leaf)` gave).
 */
#ifndef __PYBPF_BCC_MAPS_H
#define __PYBPF_BCC_MAPS_H

#define __pybpf_lookup(m, k) ((__typeof__((m).value))bpf_map_lookup_elem(&(m), (k)))
#define __pybpf_lookup_untyped(m, k) bpf_map_lookup_elem(&(m), (k))
#define __pybpf_update(m, k, v) bpf_map_update_elem(&(m), (k), (v), BPF_ANY)
#define __pybpf_insert(m, k, v) bpf_map_update_elem(&(m), (k), (v), BPF_NOEXIST)
#define __pybpf_delete(m, k) bpf_map_delete_elem(&(m), (k))

#define __pybpf_lookup_or_try_init(m, k, init) ({ \
	__typeof__((m).value) ___l = bpf_map_lookup_elem(&(m), (k)); \
	if (!___l) { \
		bpf_map_update_elem(&(m), (k), (init), BPF_NOEXIST); \
		___l = bpf_map_lookup_elem(&(m), (k)); \
	} \
	___l; })
/* deprecated in BCC: returns 0 from the calling function when the element cannot exist */
#define __pybpf_lookup_or_init(m, k, init) ({ \
	__typeof__((m).value) ___l = bpf_map_lookup_elem(&(m), (k)); \
	if (!___l) { \
		bpf_map_update_elem(&(m), (k), (init), BPF_NOEXIST); \
		___l = bpf_map_lookup_elem(&(m), (k)); \
		if (!___l) \
			return 0; \
	} \
	___l; })

/* increment(key[, n]): key by value, n defaults to 1. Hashes create the element when it is
 * missing (BCC did this for BPF_MAP_TYPE_HASH only; we do it for every hash flavour, and
 * retry the add when another CPU created it first). Shared maps add atomically. */
#define __pybpf_incr_pick(_1, _2, N, ...) N
#define __pybpf_add(p, n) (void)__sync_fetch_and_add((p), (n))
#define __pybpf_add_plain(p, n) (void)(*(p) += (n))
#define __pybpf_incr_hash(m, k, n, add) ({ \
	__typeof__(*(m).key) ___k = (k); \
	__typeof__((m).value) ___l = bpf_map_lookup_elem(&(m), &___k); \
	if (___l) { \
		add(___l, (n)); \
	} else { \
		__typeof__(*(m).value) ___z; \
		__builtin_memset(&___z, 0, sizeof(___z)); \
		___z += (n); \
		if (bpf_map_update_elem(&(m), &___k, &___z, BPF_NOEXIST) && \
		    (___l = bpf_map_lookup_elem(&(m), &___k))) \
			add(___l, (n)); \
	} })
#define __pybpf_incr_array(m, k, n, add) ({ \
	__typeof__(*(m).key) ___k = (k); \
	__typeof__((m).value) ___l = bpf_map_lookup_elem(&(m), &___k); \
	if (___l) \
		add(___l, (n)); })
#define __pybpf_ih_a1(m, k) __pybpf_incr_hash(m, k, 1, __pybpf_add)
#define __pybpf_ih_a2(m, k, n) __pybpf_incr_hash(m, k, n, __pybpf_add)
#define __pybpf_ih_p1(m, k) __pybpf_incr_hash(m, k, 1, __pybpf_add_plain)
#define __pybpf_ih_p2(m, k, n) __pybpf_incr_hash(m, k, n, __pybpf_add_plain)
#define __pybpf_ia_a1(m, k) __pybpf_incr_array(m, k, 1, __pybpf_add)
#define __pybpf_ia_a2(m, k, n) __pybpf_incr_array(m, k, n, __pybpf_add)
#define __pybpf_ia_p1(m, k) __pybpf_incr_array(m, k, 1, __pybpf_add_plain)
#define __pybpf_ia_p2(m, k, n) __pybpf_incr_array(m, k, n, __pybpf_add_plain)
#define __pybpf_increment_hash_atomic(m, ...) \
	__pybpf_incr_pick(__VA_ARGS__, __pybpf_ih_a2, __pybpf_ih_a1)(m, __VA_ARGS__)
#define __pybpf_increment_hash(m, ...) \
	__pybpf_incr_pick(__VA_ARGS__, __pybpf_ih_p2, __pybpf_ih_p1)(m, __VA_ARGS__)
#define __pybpf_increment_array_atomic(m, ...) \
	__pybpf_incr_pick(__VA_ARGS__, __pybpf_ia_a2, __pybpf_ia_a1)(m, __VA_ARGS__)
#define __pybpf_increment_array(m, ...) \
	__pybpf_incr_pick(__VA_ARGS__, __pybpf_ia_p2, __pybpf_ia_p1)(m, __VA_ARGS__)

/* A full perf or ring buffer refuses records: count each refusal in the table's drop
 * counter (<table>__pybpf_drops, a .bss global), which user space reports after each poll.
 * The kernel's own PERF_RECORD_LOST reports arrive only ahead of a later sample, so the
 * last losses of a burst would otherwise go unreported. */
#define __PYBPF_DROP(m) __sync_fetch_and_add(&m##__pybpf_drops, 1)

/* Records sent to user space: a static variable in section .pybpf.types pins the record's
 * type into BTF (local variables' types do not reach BTF), for the facade to decode
 * events with. It is never read or written. */
#define __PYBPF_EVENT(m, T) \
	static T __pybpf_event__##m __attribute__((section(".pybpf.types"), used))
#define __pybpf_perf_submit(m, ctx, data, size) ({ \
	__PYBPF_EVENT(m, __typeof__(data)); \
	long __pybpf_pe_ret = bpf_perf_event_output((ctx), &(m), BPF_F_CURRENT_CPU, (data), \
						    (size)); \
	if (__pybpf_pe_ret) \
		__PYBPF_DROP(m); \
	__pybpf_pe_ret; })
#define __pybpf_perf_submit_skb(m, ctx, skb_len, data, size) ({ \
	__PYBPF_EVENT(m, __typeof__(data)); \
	long __pybpf_pe_ret = bpf_perf_event_output((ctx), &(m), \
			((__u64)(skb_len) << 32) | BPF_F_CURRENT_CPU, (data), (size)); \
	if (__pybpf_pe_ret) \
		__PYBPF_DROP(m); \
	__pybpf_pe_ret; })
#define __pybpf_perf_read(m, idx) bpf_perf_event_read(&(m), (idx))
#define __pybpf_perf_counter_value(m, idx, buf, size) \
	bpf_perf_event_read_value(&(m), (idx), (buf), (size))

#define __pybpf_ringbuf_output(m, data, size, flags) ({ \
	__PYBPF_EVENT(m, __typeof__(data)); \
	long __pybpf_rb_ret = bpf_ringbuf_output(&(m), (data), (size), (flags)); \
	if (__pybpf_rb_ret) \
		__PYBPF_DROP(m); \
	__pybpf_rb_ret; })
#define __pybpf_ringbuf_reserve(m, size) ({ \
	void *__pybpf_rb_rec = bpf_ringbuf_reserve(&(m), (size), 0); \
	if (!__pybpf_rb_rec) \
		__PYBPF_DROP(m); \
	__pybpf_rb_rec; })
#define __pybpf_ringbuf_reserve_typed(m, T, size) ({ \
	__PYBPF_EVENT(m, T *); \
	__pybpf_ringbuf_reserve(m, size); })
#define __pybpf_ringbuf_submit(m, data, flags) ({ \
	__PYBPF_EVENT(m, __typeof__(data)); \
	bpf_ringbuf_submit((data), (flags)); })
#define __pybpf_ringbuf_discard(m, data, flags) bpf_ringbuf_discard((data), (flags))
#define __pybpf_ringbuf_query(m, flags) bpf_ringbuf_query(&(m), (flags))

#define __pybpf_call(m, ctx, idx) bpf_tail_call((ctx), &(m), (idx))
#define __pybpf_get_stackid(m, ctx, flags) bpf_get_stackid((ctx), &(m), (flags))
#define __pybpf_push(m, v, flags) bpf_map_push_elem(&(m), (v), (flags))
#define __pybpf_pop(m, v) bpf_map_pop_elem(&(m), (v))
#define __pybpf_peek(m, v) bpf_map_peek_elem(&(m), (v))
#define __pybpf_redirect_map(m, idx, flags) bpf_redirect_map(&(m), (idx), (flags))
#define __pybpf_check_current_task(m, idx) bpf_current_task_under_cgroup(&(m), (idx))

#define __pybpf_sk_storage_get(m, sk, v, flags) \
	((__typeof__((m).value))bpf_sk_storage_get(&(m), (sk), (v), (flags)))
#define __pybpf_sk_storage_delete(m, sk) bpf_sk_storage_delete(&(m), (sk))
#define __pybpf_inode_storage_get(m, inode, v, flags) \
	((__typeof__((m).value))bpf_inode_storage_get(&(m), (inode), (v), (flags)))
#define __pybpf_inode_storage_delete(m, inode) bpf_inode_storage_delete(&(m), (inode))
#define __pybpf_task_storage_get(m, task, v, flags) \
	((__typeof__((m).value))bpf_task_storage_get(&(m), (task), (v), (flags)))
#define __pybpf_task_storage_delete(m, task) bpf_task_storage_delete(&(m), (task))
#define __pybpf_get_local_storage(m, flags) \
	((__typeof__((m).value))bpf_get_local_storage(&(m), (flags)))

#define __pybpf_sock_map_update(m, ctx, key, flags) \
	bpf_sock_map_update((ctx), &(m), (key), (flags))
#define __pybpf_sock_hash_update(m, ctx, key, flags) \
	bpf_sock_hash_update((ctx), &(m), (key), (flags))
#define __pybpf_msg_redirect_hash(m, ctx, key, flags) \
	bpf_msg_redirect_hash((ctx), &(m), (key), (flags))
#define __pybpf_sk_redirect_hash(m, ctx, key, flags) \
	bpf_sk_redirect_hash((ctx), &(m), (key), (flags))
#define __pybpf_msg_redirect_map(m, ctx, key, flags) \
	bpf_msg_redirect_map((ctx), &(m), (key), (flags))
#define __pybpf_sk_redirect_map(m, ctx, key, flags) \
	bpf_sk_redirect_map((ctx), &(m), (key), (flags))

#endif /* __PYBPF_BCC_MAPS_H */

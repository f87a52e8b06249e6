/* Every BTF map kind the loader knows, global data in every section kind, subprograms and callbacks. */
#include "common.h"

struct pair { __u32 a; __u64 b; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, struct pair); __uint(max_entries, 64); } hash_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 8); } array_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 1); } percpu_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(key_size, 8); __uint(value_size, 8); __uint(max_entries, 16); } lru_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LPM_TRIE); __uint(key_size, 8); __uint(value_size, 8); __uint(max_entries, 16); __uint(map_flags, BPF_F_NO_PREALLOC); } lpm_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 64 * 1024); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(__u32)); __uint(value_size, sizeof(__u32)); } perf_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __uint(value_size, 4); __uint(max_entries, 8); } queue_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_BLOOM_FILTER); __uint(value_size, 4); __uint(max_entries, 8); __uint(map_extra, 3); } bloom_map SEC(".maps");

struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u32); __uint(max_entries, 2); } inner_a SEC(".maps"), inner_b SEC(".maps");
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, 2);
    __type(key, __u32);
    __array(values, struct inner);
} outer SEC(".maps") = { .values = { [0] = &inner_a, [1] = &inner_b } };

int tail_target(void *ctx);
struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __array(values, int (void *));
} jump_table SEC(".maps") = { .values = { [1] = (void *)&tail_target } };

const volatile __u32 multiplier = 3;        /* .rodata, set before load */
const volatile char greeting[8] = "hi";     /* .rodata */
__u64 counter = 5;                          /* .data */
__u64 result;                               /* .bss */
__u64 loops;                                /* .bss */
__u32 custom_data SEC(".data.custom") = 7;  /* custom data section */
const volatile __u32 custom_ro SEC(".rodata.custom") = 11;
static __u32 runs;                          /* .bss, static: the program's own */

static __noinline __u64 scale(__u64 x) { return x * multiplier; }
__noinline int global_add(int a, int b) { return a + b; }

static long loop_cb(__u32 index, void *ctx) { loops += index; return 0; }

SEC("syscall")
int run(void *ctx)
{
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&array_map, &k);
    if (v)
        *v = 42;
    struct pair p = { .a = 1, .b = 2 };
    bpf_map_update_elem(&hash_map, &k, &p, BPF_ANY);
    bpf_loop(4, loop_cb, NULL, 0);           /* loops = 0+1+2+3 = 6 */
    result = scale(counter) + global_add(custom_data, custom_ro) + greeting[0];
    counter++;
    runs++;
    return 0;
}

SEC("socket")
int tail_target(void *ctx) { return 7; }

char LICENSE[] SEC("license") = "GPL";

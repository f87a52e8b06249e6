/*
 * CO-RE: the program reads a struct whose layout the target BTF decides. Compiled against this
 * local definition; relocated at load against the kernel or a test-supplied target.
 */
#include "common.h"

struct ebee_core_t {
    int a;
    char pad[4];
    long long b;
    unsigned int flags_lo:4, flags_hi:12;
    int c;
} __attribute__((preserve_access_index));

enum ebee_core_e { EBEE_ONE = 1, EBEE_TWO = 2 };

/* a minimal local view of the kernel's task_struct */
struct task_struct { int pid; int tgid; } __attribute__((preserve_access_index));

struct out {
    long long a, b, c, hi;
    long long off_b, size_b, exists_c, exists_missing, type_size, enum_exists, enum_two, signed_a;
};
struct out out;
int tgid;

struct ebee_core_t___missing { int not_there; } __attribute__((preserve_access_index));

SEC("syscall")
int read_struct(struct ebee_core_t *ctx)
{
    out.a = BPF_CORE_READ(ctx, a);
    out.b = BPF_CORE_READ(ctx, b);
    out.c = BPF_CORE_READ(ctx, c);
    out.hi = BPF_CORE_READ_BITFIELD_PROBED(ctx, flags_hi);
    out.off_b = bpf_core_field_offset(struct ebee_core_t, b);
    out.size_b = bpf_core_field_size(struct ebee_core_t, b);
    out.exists_c = bpf_core_field_exists(struct ebee_core_t, c);
    out.exists_missing = bpf_core_field_exists(struct ebee_core_t___missing, not_there);
    out.type_size = bpf_core_type_size(struct ebee_core_t);
    out.enum_exists = bpf_core_enum_value_exists(enum ebee_core_e, EBEE_TWO);
    out.enum_two = bpf_core_enum_value(enum ebee_core_e, EBEE_TWO);
    out.signed_a = __builtin_preserve_field_info(((struct ebee_core_t *)0)->a, 3 /* BPF_FIELD_SIGNED */);
    return 0;
}

SEC("syscall")
int read_task(void *ctx)
{
    struct task_struct *t = (void *)bpf_get_current_task();
    tgid = BPF_CORE_READ(t, tgid);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

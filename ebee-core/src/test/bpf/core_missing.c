/* A CO-RE relocation the running kernel cannot resolve (ObjectFileTest): the loader poisons the
 * instruction, as libbpf does, and the verifier's refusal must name the relocation. */
#include "common.h"

struct ebee_relocated_missing {
    int a;
    int b;
} __attribute__((preserve_access_index));

__u64 out;

SEC("syscall")
int read_missing_field(struct ebee_relocated_missing *ctx)
{
    out = bpf_core_field_offset(ctx->b);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* Global functions that libbpf hands to the verifier as static ones (ObjectFileTest):
 * __hidden (and internal) global or weak functions are checked in their caller's context. */
#include "common.h"
#include <stdbool.h>
#include <asm/ptrace.h>
#include <bpf/usdt.bpf.h>

__u64 result;

/* Valid only in the caller's context: a global function's pointer argument may be NULL, so the
 * verifier refuses the unchecked dereference when it checks this function on its own. */
__hidden int read_through(int *p)
{
    return *p + 1;
}

SEC("syscall")
int call_hidden(void *ctx)
{
    int v = 41;
    result = read_through(&v);
    return 0;
}

/* bpf_usdt_arg is a weak hidden global in libbpf's usdt.bpf.h */
SEC("usdt")
int read_usdt_arg(struct pt_regs *ctx)
{
    long v = 0;
    bpf_usdt_arg(ctx, 0, &v);
    result = v;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* A program its section attaches (a tracepoint) beside one that needs an interface (AttachAllTest). */
#include "common.h"

SEC("tp/syscalls/sys_enter_getpid") int on_getpid(void *ctx) { return 0; }
SEC("xdp") int pass(struct xdp_md *ctx) { return XDP_PASS; }
SEC("syscall") int run_only(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";

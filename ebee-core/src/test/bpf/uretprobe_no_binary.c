/* A uretprobe section that names a function but no binary, beside a tracepoint (AttachAllTest):
 * attachAll() must refuse it, never attach nothing silently. */
#include "common.h"

SEC("tp/syscalls/sys_enter_getpid") int on_getpid(void *ctx) { return 0; }
SEC("uretprobe/readline") int on_readline(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";

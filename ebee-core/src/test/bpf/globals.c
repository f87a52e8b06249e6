/* Globals that Java reads and writes while the program stays loaded (VariableTest). */
#include "common.h"

__u64 input;                             /* .bss: set from Java */
__u64 output;                            /* .bss: written by copy */
__u32 runs;                              /* .bss: counted atomically by copy and by Java */
__s64 widened;                           /* .bss: small + flag, written by copy */
__s16 small = -2;                        /* .data */
__u8 flag = 1;                           /* .data */
const volatile __u64 offset_by = 100;    /* .rodata */
char lead SEC(".data.odd") = 'x';        /* puts word at offset 1 */
char word[4] SEC(".data.odd") = "abc";

SEC("syscall")
int copy(void *ctx)
{
    output = input + offset_by;
    widened = small + flag;
    __sync_fetch_and_add(&runs, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* .kconfig externs and a .ksyms typed extern. */
#include "common.h"

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern _Bool CONFIG_EBEE_NOT_A_REAL_OPTION __kconfig __weak;

__u32 version;
__u32 bpf_syscall;
__u32 fake;

SEC("syscall")
int read_kconfig(void *ctx)
{
    version = LINUX_KERNEL_VERSION;
    bpf_syscall = CONFIG_BPF_SYSCALL;
    fake = CONFIG_EBEE_NOT_A_REAL_OPTION;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

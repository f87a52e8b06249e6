/* Kernel functions and kernel symbols resolved at load (ObjectFileTest): a kfunc call, taking a
 * kfunc's address (bpf_ksym_exists), a weak kfunc and a weak variable the kernel lacks, and a
 * typeless ksym (an address from /proc/kallsyms). */
#include "common.h"

/* a complete type, as in vmlinux.h: libbpf checks the kfunc prototype against the kernel's */
struct task_struct {
    int pid;
};
/* __weak: otherwise clang folds bpf_ksym_exists to 1 (libbpf's bpf_ksym_exists asserts that it cannot) */
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void ebee_no_such_kfunc(void) __ksym __weak;
extern const int ebee_no_such_variable __ksym __weak;
extern const void schedule __ksym;

/* as libbpf 1.2's bpf_helpers.h defines it (Debian 12 has libbpf 1.1) */
#ifndef bpf_ksym_exists
#define bpf_ksym_exists(sym) (!!(sym))
#endif

__s32 pid;
__u32 found, have_task_from_pid, have_missing_kfunc, have_missing_variable;
__u64 schedule_address;

SEC("syscall")
int use_kfuncs(void *ctx)
{
    struct task_struct *t = bpf_task_from_pid(pid);
    if (t) {
        found = 1;
        bpf_task_release(t);
    }
    have_task_from_pid = bpf_ksym_exists(bpf_task_from_pid);
    if (bpf_ksym_exists(ebee_no_such_kfunc)) {
        have_missing_kfunc = 1;
        ebee_no_such_kfunc(); /* dead code once the kernel says it lacks the kfunc */
    }
    have_missing_variable = &ebee_no_such_variable != 0;
    schedule_address = (__u64)&schedule;
    return 0;
}

/* calls the weak kfunc without testing it: refused, and the error must name the kfunc */
SEC("syscall")
int call_missing_kfunc(void *ctx)
{
    ebee_no_such_kfunc();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* One program per attach kind that traces a kernel function, each counting only the calls made by
 * the process the test starts (target_tgid) and keeping its BPF cookie (AttachKindsKernelTest).
 * Traced: do_nanosleep (sleep(1)), security_file_open and the file_open LSM hook (every open, and
 * every exec's open of the binary), and a module's function the test picks. */
#include "common.h"

int target_tgid;
__u64 kprobe_hits, kprobe_cookie, kretprobe_hits, kretprobe_cookie, offset_hits, module_hits;
__u64 fentry_hits, fentry_cookie, fexit_hits, fmod_ret_hits, lsm_hits, lsm_cookie;

static __always_inline int mine(void)
{
	return target_tgid && (bpf_get_current_pid_tgid() >> 32) == (__u32)target_tgid;
}

SEC("kprobe/do_nanosleep")
int kprobe_nanosleep(void *ctx)
{
	if (mine()) {
		__sync_fetch_and_add(&kprobe_hits, 1);
		kprobe_cookie = bpf_get_attach_cookie(ctx);
	}
	return 0;
}

SEC("kretprobe/do_nanosleep")
int kretprobe_nanosleep(void *ctx)
{
	if (mine()) {
		__sync_fetch_and_add(&kretprobe_hits, 1);
		kretprobe_cookie = bpf_get_attach_cookie(ctx);
	}
	return 0;
}

/* attached by the test at an instruction inside the function */
SEC("kprobe")
int kprobe_at_offset(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&offset_hits, 1);
	return 0;
}

/* attached by the test to a module's function */
SEC("kprobe")
int kprobe_module(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&module_hits, 1);
	return 0;
}

SEC("fentry/do_nanosleep")
int fentry_nanosleep(__u64 *ctx)
{
	if (mine()) {
		__sync_fetch_and_add(&fentry_hits, 1);
		fentry_cookie = bpf_get_attach_cookie(ctx);
	}
	return 0;
}

SEC("fexit/do_nanosleep")
int fexit_nanosleep(__u64 *ctx)
{
	if (mine())
		__sync_fetch_and_add(&fexit_hits, 1);
	return 0;
}

/* fmod_ret is allowed on security_* functions even without CONFIG_FUNCTION_ERROR_INJECTION:
 * a non-zero return skips the function and is its result */
SEC("fmod_ret/security_file_open")
int fmod_ret_deny_open(__u64 *ctx)
{
	if (mine()) {
		__sync_fetch_and_add(&fmod_ret_hits, 1);
		return -1; /* -EPERM */
	}
	return 0;
}

SEC("lsm/file_open")
int lsm_deny_open(__u64 *ctx)
{
	if (mine()) {
		__sync_fetch_and_add(&lsm_hits, 1);
		lsm_cookie = bpf_get_attach_cookie(ctx);
		return -1; /* -EPERM */
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

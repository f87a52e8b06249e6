// CO-RE relocations against the running kernel, with local "flavoured" type definitions.
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct___mine {
	int pid;
	int tgid;
	int nonexistent_field;
	struct task_struct___mine *real_parent;
} __attribute__((preserve_access_index));

enum pid_type___mine {
	PIDTYPE_TGID___mine = 1,
	PIDTYPE_NOPE___mine = 77,
};

volatile int counter = 1;
const volatile int config = 7;
int zeroed;
__u64 results[8];

SEC("raw_tp/sys_enter")
int probe(void *ctx)
{
	struct task_struct___mine *t = (void *)bpf_get_current_task();
	results[0] = BPF_CORE_READ(t, pid);
	results[1] = bpf_core_field_exists(t->nonexistent_field);
	results[2] = bpf_core_enum_value(enum pid_type___mine, PIDTYPE_TGID___mine);
	results[3] = bpf_core_enum_value_exists(enum pid_type___mine, PIDTYPE_NOPE___mine);
	results[4] = bpf_core_type_size(struct task_struct___mine);
	results[5] = BPF_CORE_READ(t, real_parent, tgid);
	results[6] = bpf_core_field_offset(struct task_struct___mine, tgid);
	counter += config + zeroed;
	return 0;
}

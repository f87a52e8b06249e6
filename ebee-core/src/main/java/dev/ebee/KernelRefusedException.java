package dev.ebee;


/**
 * EPERM/EACCES while the process already holds every capability BPF asks for: the running kernel
 * refuses the operation to everyone (lockdown, an LSM, or a missing kernel facility such as the
 * BPF trampoline behind fentry/fexit/lsm programs). Running as root does not help.
 */
public class KernelRefusedException extends PermissionException {
    public KernelRefusedException(String operation, int errno, String what) {
        super(operation, errno,
                "this process already has CAP_SYS_ADMIN/CAP_BPF, so privileges are not the problem: check for kernel "
                        + "lockdown (/sys/kernel/security/lockdown), an LSM policy, or a kernel built without the facility; "
                        + "use a tracepoint, raw_tp or tp_btf program instead where possible",
                "the kernel refuses " + what + " (even to root): it may be locked down or lack BPF trampoline support");
    }
}

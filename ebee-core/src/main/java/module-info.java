/**
 * ebee-core: a pure-Java eBPF library over the kernel's syscalls. Only API packages are exported;
 * the syscall layer and the ELF reader live under {@code dev.ebee.internal}, which is not.
 */
module dev.ebee.core {
    // sun.misc.Signal: StopSignals catches SIGINT and SIGTERM, which no supported API can
    requires jdk.unsupported;

    exports dev.ebee;
    exports dev.ebee.asm;
    exports dev.ebee.btf;
    exports dev.ebee.link;
    exports dev.ebee.fs;
    exports dev.ebee.features;
    exports dev.ebee.ringbuf;
    exports dev.ebee.perf;
}

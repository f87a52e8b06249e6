/** ebee-core: a pure-Java eBPF library over the kernel's syscalls. */
module dev.ebee.core {
    exports dev.ebee;
    exports dev.ebee.sys;
    exports dev.ebee.asm;
    exports dev.ebee.elf;
    exports dev.ebee.btf;
    exports dev.ebee.link;
    exports dev.ebee.fs;
    exports dev.ebee.features;
    exports dev.ebee.ringbuf;
    exports dev.ebee.perf;
}

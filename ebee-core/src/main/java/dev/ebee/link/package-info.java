/**
 * Attachments: one class per attach kind, each a kind of the sealed {@link dev.ebee.link.Link},
 * each with a static {@code attach(Program, target)} and, for what is optional (a cookie, an
 * offset, a tc priority), {@code attach(Program, target, options)} with an options record
 * ({@link dev.ebee.link.KprobeOptions}, {@link dev.ebee.link.TracepointOptions},
 * {@link dev.ebee.link.UprobeTarget}, {@link dev.ebee.link.TcFilterOptions}).
 *
 * <p>Every kind that the kernel can express as a {@code bpf_link} is attached that way, so closing
 * the link, or the death of the process, detaches the program: {@link dev.ebee.link.Tracepoint},
 * {@link dev.ebee.link.Kprobe} and {@link dev.ebee.link.Uprobe} (perf-event links),
 * {@link dev.ebee.link.RawTracepoint}, {@link dev.ebee.link.Tracing} (tp_btf, fentry, fexit, lsm),
 * {@link dev.ebee.link.Xdp}, {@link dev.ebee.link.Tcx} and {@link dev.ebee.link.Cgroup}.
 * {@link dev.ebee.link.SocketFilter} and the legacy {@link dev.ebee.link.TcFilter} have no link
 * and are removed by {@code close()}. {@link dev.ebee.link.AutoAttach} attaches by libbpf section
 * name; {@link dev.ebee.link.Links} opens pinned links and lists the kernel's.
 *
 * <pre>{@code
 * try (Program prog = Program.load(spec);
 *      Link link = Tracepoint.attach(prog, "sched", "sched_process_exec")) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Errors name the attach point: {@link dev.ebee.AttachTargetNotFoundException} for an
 * unknown interface, raw tracepoint, symbol or cgroup; {@link dev.ebee.TracepointNotFoundException}
 * for a tracepoint; {@link dev.ebee.UnsupportedFeatureException} for a kernel that lacks the
 * facility (kprobes without CONFIG_KPROBES); {@link dev.ebee.KernelRefusedException}
 * when a privileged process is refused anyway.
 */
package dev.ebee.link;

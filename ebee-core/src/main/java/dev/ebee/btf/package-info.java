/**
 * BTF: model, parser, kernel BTF, CO-RE relocation, C header writer.
 * <ul>
 * <li>{@link dev.ebee.btf.BtfType}: a sealed interface with a record per kind;</li>
 * <li>{@link dev.ebee.btf.Btf}: a type graph parsed lazily from raw bytes (or built in code),
 * split BTF on a base, name lookups, layout ({@code resolve}, {@code sizeOf}, {@code alignOf}),
 * DATASEC fix-ups;</li>
 * <li>{@link dev.ebee.btf.KernelBtf}: the running kernel's BTF (vmlinux, cached per process, and
 * modules);</li>
 * <li>{@link dev.ebee.btf.BtfWriter} encodes, {@link dev.ebee.btf.BtfHandle} loads into the kernel,
 * {@link dev.ebee.btf.BtfSanitizer} rewrites kinds older kernels refuse;</li>
 * <li>{@link dev.ebee.btf.BtfExt}: func_info, line_info and CO-RE records of {@code .BTF.ext};</li>
 * <li>{@link dev.ebee.btf.CoreRelocator}: CO-RE relocation values and instruction patching;</li>
 * <li>{@link dev.ebee.btf.BtfCWriter} writes {@code vmlinux.h}; {@link dev.ebee.btf.BtfText} the
 * raw text format of bpftool.</li>
 * </ul>
 * Malformed input gives {@link dev.ebee.BtfException}, never another exception or a hang.
 */
package dev.ebee.btf;

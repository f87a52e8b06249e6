package dev.ebee.link;

import java.nio.file.Path;
import java.util.List;

/**
 * One USDT probe site: one {@code stapsdt} note of an executable or shared library. A probe name
 * may have several sites (the compiler inlined or duplicated the code around it); attaching to a
 * probe attaches to all of them.
 *
 * @param binary           the file the note was read from
 * @param provider         the provider, such as {@code hotspot}
 * @param name             the probe's name, such as {@code gc__begin}
 * @param address          the probe's address as linked, already adjusted for prelinking
 *                         (by {@code .stapsdt.base})
 * @param base             the {@code .stapsdt.base} address the note recorded
 * @param semaphoreAddress the semaphore's address as linked (adjusted likewise), 0 without one
 * @param arguments        the argument string as written, such as {@code -4@%eax 8@-24(%rbp)}
 * @param fileOffset       the file offset of the probe's instruction: where the uprobe goes
 * @param semaphoreOffset  the file offset of the semaphore (the uprobe's reference counter), 0 without one
 */
public record UsdtProbe(Path binary, String provider, String name, long address, long base, long semaphoreAddress,
                        String arguments, long fileOffset, long semaphoreOffset) {
    /** {@code provider:name}. */
    public String fullName() {
        return provider + ":" + name;
    }

    /** Whether the probe has a semaphore, which tracers increment while attached. */
    public boolean hasSemaphore() {
        return semaphoreAddress != 0;
    }

    /**
     * The parsed arguments.
     *
     * @throws dev.ebee.EbeeException for an operand a BPF program cannot evaluate
     */
    public List<UsdtArgument> parsedArguments() {
        return UsdtArgument.parseAll(arguments);
    }

    @Override
    public String toString() {
        return "usdt " + binary + ":" + fullName() + " @0x" + Long.toHexString(address);
    }
}

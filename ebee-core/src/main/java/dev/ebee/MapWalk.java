package dev.ebee;

import dev.ebee.features.Features;
import dev.ebee.internal.sys.Bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Walks every entry of a map for {@link BpfMap#forEach} and its list forms: with
 * BPF_MAP_LOOKUP_BATCH when the kernel and the map type have it, else key by key with
 * BPF_MAP_GET_NEXT_KEY and a lookup. Either way the walk ends even while programs change the map.
 */
final class MapWalk {
    /** Entries asked for per batch call: large enough that a hash bucket rarely overflows it. */
    private static final int CHUNK = 256;

    private MapWalk() {
    }

    /**
     * Calls {@code action} with each entry's key and value, or with a null value when
     * {@code withValues} is false and the map must be walked key by key (no lookup is spent).
     */
    static void walk(BpfMap map, BiConsumer<MemorySegment, MemorySegment> action, boolean withValues) {
        if (!Features.kernel().mapLookupBatch().supported() || !batch(map, Bpf.MAP_LOOKUP_BATCH, CHUNK, action)) {
            byKey(map, action, withValues);
        }
    }

    /**
     * Reads the map with the batch command {@code cmd} (lookup, or lookup-and-delete), handing out
     * each entry; false when the map type has no batch operations and nothing was read. The kernel
     * walks a hash map bucket by bucket, the token naming the next bucket, so deleted entries cannot
     * restart it.
     */
    static boolean batch(BpfMap map, int cmd, int chunk, BiConsumer<MemorySegment, MemorySegment> action) {
        int keySize = map.keySize();
        long valueSize = map.valueBufferSize();
        try (Arena a = Arena.ofConfined()) {
            int tokenSize = Math.max(keySize, 8); // a bucket index for hash maps, a key for arrays
            MemorySegment in = a.allocate(tokenSize, 8);
            MemorySegment out = a.allocate(tokenSize, 8);
            MemorySegment keys = a.allocate((long) keySize * chunk, 8);
            MemorySegment values = a.allocate(valueSize * chunk, 8);
            // each entry is copied into one key and one value buffer, handed out as the same two
            // read-only views: a slice per entry would cost two objects per key on every walk
            MemorySegment keyBuf = a.allocate(Math.max(keySize, 1), 8);
            MemorySegment valueBuf = a.allocate(Math.max(valueSize, 1), 8);
            MemorySegment keyView = keyBuf.asSlice(0, keySize).asReadOnly();
            MemorySegment valueView = valueBuf.asSlice(0, valueSize).asReadOnly();
            int[] count = new int[1];
            boolean first = true;
            while (true) {
                int r = Bpf.batch(cmd, map.fd(), first ? null : in, out, keys, values, chunk, 0, count);
                if (r == -Errno.ENOSPC && count[0] == 0) {
                    // one bucket holds more entries than fit: ask again from the same place with room for them
                    chunk *= 2;
                    keys = a.allocate((long) keySize * chunk, 8);
                    values = a.allocate(valueSize * chunk, 8);
                    continue;
                }
                if (first && r < 0 && r != -Errno.ENOENT && refused(-r)) {
                    return false;
                }
                for (int i = 0; i < count[0]; i++) {
                    MemorySegment.copy(keys, (long) i * keySize, keyBuf, 0, keySize);
                    MemorySegment.copy(values, i * valueSize, valueBuf, 0, valueSize);
                    action.accept(keyView, valueView);
                }
                if (r == -Errno.ENOENT) {
                    return true;
                }
                if (r < 0) {
                    throw map.batchError(Bpf.commandName(cmd), -r);
                }
                MemorySegment.copy(out, 0, in, 0, tokenSize);
                first = false;
            }
        }
    }

    /** The errnos of a map type without batch operations. */
    static boolean refused(int errno) {
        return errno == Errno.EINVAL || errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP;
    }

    /**
     * The walk without batches. When the key it stands on is deleted, the kernel's next key is the
     * map's first one again: keys already handed out are skipped (a caller sees each key at most
     * once). A walk that keeps being sent back, or that keeps finding keys added behind it, stops
     * after four passes' worth of steps (a map never holds more than max_entries keys at once)
     * rather than loop forever. A key that vanishes between its name and its lookup is skipped.
     */
    static void byKey(BpfMap map, BiConsumer<MemorySegment, MemorySegment> action, boolean withValues) {
        int keySize = map.keySize();
        long stepsLeft = 4L * map.maxEntries() + 64;
        Set<ByteBuffer> seen = new HashSet<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment key = a.allocate(Math.max(1, keySize), 8);
            MemorySegment next = a.allocate(Math.max(1, keySize), 8);
            MemorySegment value = a.allocate(Math.max(1, map.valueBufferSize()), 8);
            MemorySegment keyView = next.asSlice(0, keySize).asReadOnly();
            MemorySegment valueView = value.asSlice(0, map.valueBufferSize()).asReadOnly();
            boolean more = map.nextKey(null, next);
            while (more) {
                if (seen.add(ByteBuffer.wrap(keyView.toArray(ValueLayout.JAVA_BYTE)))) {
                    if (!withValues) {
                        action.accept(keyView, null);
                    } else if (map.lookup(next, value)) {
                        action.accept(keyView, valueView);
                    }
                }
                if (--stepsLeft == 0) {
                    return;
                }
                MemorySegment.copy(next, 0, key, 0, keySize);
                more = map.nextKey(key, next);
            }
        }
    }
}

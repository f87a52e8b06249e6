package dev.ebee;

import dev.ebee.internal.sys.Bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A map seen through a key codec and a value codec. Not thread-safe; create one per thread. */
public final class TypedMap<K, V> {
    private final BpfMap map;
    private final Codec<K> keys;
    private final Codec<V> values;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment keyBuf;
    private final MemorySegment valueBuf;

    TypedMap(BpfMap map, Codec<K> keys, Codec<V> values) {
        this.map = map;
        this.keys = keys;
        this.values = values;
        this.keyBuf = arena.allocate(Math.max(1, keys.size()), 8);
        this.valueBuf = arena.allocate(Math.max(1, map.valueBufferSize()), 8);
    }

    /** The value under {@code key}, decoded, or empty. */
    public Optional<V> get(K key) {
        keys.encode(key, keyBuf);
        return map.lookup(keyBuf, valueBuf) ? Optional.of(values.decode(valueBuf)) : Optional.empty();
    }

    /** Stores {@code value} under {@code key}, creating or replacing the entry. */
    public void put(K key, V value) {
        put(key, value, Bpf.ANY);
    }

    /** Stores with BPF_ANY, BPF_NOEXIST or BPF_EXIST ({@code dev.ebee.Bpf}) as {@code flags}. */
    public void put(K key, V value, long flags) {
        keys.encode(key, keyBuf);
        values.encode(value, valueBuf);
        map.update(keyBuf, valueBuf, flags);
    }

    /** Deletes the entry for {@code key}; false when there was none. */
    public boolean remove(K key) {
        keys.encode(key, keyBuf);
        return map.delete(keyBuf);
    }

    /** Every key, decoded, as {@link BpfMap#forEach} walks them (and with its guarantees under change). */
    public List<K> keys() {
        List<K> out = new ArrayList<>();
        map.forEachKey(k -> out.add(keys.decode(k)));
        return out;
    }

    /** Every entry, decoded, as {@link BpfMap#forEach} walks them: immutable pairs, in the kernel's order. */
    public List<Map.Entry<K, V>> entries() {
        List<Map.Entry<K, V>> out = new ArrayList<>();
        forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }

    /** Calls {@code action} with every entry, decoded, as {@link BpfMap#forEach} walks them. */
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach((k, v) -> action.accept(keys.decode(k), values.decode(v)));
    }

    /** The untyped map underneath. */
    public BpfMap map() {
        return map;
    }
}

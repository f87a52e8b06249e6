package dev.ebee;

import dev.ebee.internal.sys.Bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

    public Optional<V> get(K key) {
        keys.encode(key, keyBuf);
        return map.lookup(keyBuf, valueBuf) ? Optional.of(values.decode(valueBuf)) : Optional.empty();
    }

    public void put(K key, V value) {
        put(key, value, Bpf.ANY);
    }

    public void put(K key, V value, long flags) {
        keys.encode(key, keyBuf);
        values.encode(value, valueBuf);
        map.update(keyBuf, valueBuf, flags);
    }

    public boolean remove(K key) {
        keys.encode(key, keyBuf);
        return map.delete(keyBuf);
    }

    public Stream<Map.Entry<K, V>> entries() {
        return map.entries().map(e -> Map.entry(keys.decode(MemorySegment.ofArray(e.getKey())),
                values.decode(MemorySegment.ofArray(e.getValue()))));
    }

    public BpfMap map() {
        return map;
    }
}

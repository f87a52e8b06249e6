package dev.ebee.cli.common;

import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.EbeeException;
import dev.ebee.ObjectFile;
import dev.ebee.Program;
import dev.ebee.BpfMap;
import dev.ebee.link.AutoAttach;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A tool's BPF object, loaded: the collection and the links attaching its programs. Closing it
 * detaches (links first) and frees everything; since every attachment is a bpf_link owned by a
 * file descriptor, nothing stays attached after the process ends, however it ends.
 */
public final class LoadedObject implements AutoCloseable {
    private final Collection collection;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private LoadedObject(Collection collection) {
        this.collection = collection;
    }

    /**
     * Parses {@code /bpf/<tool>.bpf.o} from the class path, lets {@code configure} set its
     * {@code const volatile} settings, and loads it.
     */
    public static LoadedObject load(String tool, Consumer<CollectionSpec> configure) {
        CollectionSpec spec = ObjectFile.fromResource(LoadedObject.class, "/bpf/" + tool + ".bpf.o");
        configure.accept(spec);
        return new LoadedObject(spec.load());
    }

    /** Attaches every program whose section names its hook (tracepoints and the like). */
    public LoadedObject attachAll() {
        try {
            for (Program p : collection.programs().values()) {
                owned.add(AutoAttach.attach(p));
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Takes ownership of {@code link} (or any resource): closed before the collection. */
    public <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    public Program program(String name) {
        return collection.program(name);
    }

    public BpfMap map(String name) {
        return collection.map(name);
    }

    /** The only program of the object. */
    public Program onlyProgram() {
        if (collection.programs().size() != 1) {
            throw new EbeeException(collection.name() + " has " + collection.programs().size() + " programs, not one");
        }
        return collection.programs().values().iterator().next();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new EbeeException("close: " + e.getMessage(), null, e);
                }
            }
        }
        owned.clear();
        collection.close();
        if (first != null) {
            throw first;
        }
    }
}

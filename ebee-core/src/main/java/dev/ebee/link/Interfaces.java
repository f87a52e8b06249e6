package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.internal.sys.Native;

import java.util.OptionalInt;

/** Network interface names to indexes, with the error the links share. */
public final class Interfaces {
    private Interfaces() {
    }

    /** The index of interface {@code name} in this process's network namespace, if it has one by that name. */
    public static OptionalInt lookup(String name) {
        if (!plausible(name)) {
            return OptionalInt.empty();
        }
        int idx = Native.ifNameToIndex(name);
        return idx > 0 ? OptionalInt.of(idx) : OptionalInt.empty();
    }

    /** The index of interface {@code name} in this process's network namespace; throws when there is none. */
    public static int index(String name) {
        if (!plausible(name)) {
            throw new AttachTargetNotFoundException("no such interface: " + name,
                    "interface names are 1 to 15 characters; list them with `ip link`");
        }
        return lookup(name).orElseThrow(() -> new AttachTargetNotFoundException("no such interface: " + name,
                "list the interfaces of this network namespace with `ip link`"));
    }

    /** What the kernel could know as an interface name (IFNAMSIZ, no '/'), checked before asking it. */
    private static boolean plausible(String name) {
        return name != null && !name.isEmpty() && name.length() < 16 && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
    }
}

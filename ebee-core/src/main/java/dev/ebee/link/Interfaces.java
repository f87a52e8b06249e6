package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.internal.sys.Native;

/** Network interface names to indexes, with the error the links share. */
public final class Interfaces {
    private Interfaces() {
    }

    /** The index of interface {@code name} in this process's network namespace; throws when there is none. */
    public static int index(String name) {
        if (name == null || name.isEmpty() || name.length() >= 16 || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new AttachTargetNotFoundException("no such interface: " + name,
                    "interface names are 1 to 15 characters; list them with `ip link`");
        }
        int idx = Native.ifNameToIndex(name);
        if (idx <= 0) {
            throw new AttachTargetNotFoundException("no such interface: " + name,
                    "list the interfaces of this network namespace with `ip link`");
        }
        return idx;
    }
}

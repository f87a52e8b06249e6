package dev.ebee.link;

import dev.ebee.fs.BpfFs;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.internal.sys.Fd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Links found rather than created: pinned in a bpffs, or by id. */
public final class Links {
    private Links() {
    }

    /** Opens the link pinned at {@code path}. Closing the result does not detach it; {@link BpfFs#unpin} then close does. */
    public static Link openPinned(Path path) {
        int fd = BpfFs.open(path);
        Fd owned = Fd.own(fd, "pinned link " + path);
        try {
            BaseLink.infoOf(fd); // checks it is a link
        } catch (RuntimeException e) {
            owned.close();
            throw new dev.ebee.EbeeException(path + " does not hold a BPF link: " + e.getMessage(),
                    "pinned maps and programs are opened by BpfMap/Program", e);
        }
        return new OpenedLink(owned, "pinned link " + path);
    }

    /** Opens a link by its id (as listed by {@link #ids()} or {@code bpftool link}). */
    public static Link openById(int id) {
        int fd = Bpf.fdById(Bpf.LINK_GET_FD_BY_ID, id);
        return new OpenedLink(Fd.own(fd, "link id " + id), "link id " + id);
    }

    /** The ids of every link in the kernel, in increasing order. */
    public static List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        for (int id = Bpf.nextId(Bpf.LINK_GET_NEXT_ID, 0); id != 0; id = Bpf.nextId(Bpf.LINK_GET_NEXT_ID, id)) {
            ids.add(id);
        }
        return ids;
    }
}

package dev.ebee;

import dev.ebee.link.Link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Links made together (by {@link Collection#attachAll()}); closing detaches them all, last first. */
public final class Attachments implements AutoCloseable {
    private final List<Link> links;

    Attachments(List<Link> links) {
        this.links = new ArrayList<>(links);
    }

    public List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    public int size() {
        return links.size();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = links.size() - 1; i >= 0; i--) {
            try {
                links.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

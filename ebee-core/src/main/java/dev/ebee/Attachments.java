package dev.ebee;

import dev.ebee.link.Link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Links made together (by {@link Collection#attachAll()} or {@link Collection#attachAllAvailable()}),
 * and the programs left unattached; closing detaches the links, last first.
 */
public final class Attachments implements AutoCloseable {
    /**
     * A loaded program not attached by its section name.
     *
     * @param program the program's name
     * @param section its ELF section
     * @param reason  what the section lacks, and the method that attaches it
     */
    public record Skipped(String program, String section, String reason) {
        @Override
        public String toString() {
            return program + " (SEC " + section + "): " + reason;
        }
    }

    private final List<Link> links;
    private final List<Skipped> skipped;

    Attachments(List<Link> links, List<Skipped> skipped) {
        this.links = new ArrayList<>(links);
        this.skipped = List.copyOf(skipped);
    }

    /** The links made, in load order; closed by {@link #close()}. */
    public List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    /** The programs not attached, in load order; always empty from {@link Collection#attachAll()}. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** How many programs were attached. */
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

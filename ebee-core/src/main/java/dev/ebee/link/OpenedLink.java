package dev.ebee.link;

import dev.ebee.internal.sys.Fd;

/**
 * A link found rather than made here: opened from its pin in a bpffs or by its id
 * ({@link Links}). Its kind is what {@link #info()} says.
 */
public final class OpenedLink extends BaseLink implements Link {
    OpenedLink(Fd link, String description) {
        super(link, null, description);
    }
}

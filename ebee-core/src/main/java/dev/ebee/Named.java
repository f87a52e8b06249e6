package dev.ebee;

import java.util.Map;

/** Lookups by name in what an object holds, with the error that lists what it does hold. */
final class Named {
    private Named() {
    }

    /**
     * {@code items.get(name)}, or an exception "{@code owner} has no {@code kind} {@code name}"
     * whose hint lists the names there are.
     *
     * @param kind singular, as in the message ("map", "loaded program"); the hint uses {@code kinds}
     */
    static <T> T require(Map<String, T> items, String owner, String kind, String kinds, String name) {
        T item = items.get(name);
        if (item == null) {
            throw new EbeeException(owner + " has no " + kind + " " + name,
                    items.isEmpty() ? "it has no " + kinds : kinds + ": " + String.join(", ", items.keySet()));
        }
        return item;
    }
}
